package envmap

import (
	"encoding/json"
	"sort"
	"strings"
	"testing"

	"github.com/withsecrets/withsecrets/resolve"
)

// FuzzEnv runs the whole path from bytes to what the child gets: parse,
// variables, JSON. Whenever the file parses, the JSON must be valid and
// hold every top-level key, every variable must be one execve accepts, and
// an error must not show any string value of the tree.
func FuzzEnv(f *testing.F) {
	for _, s := range []string{
		"A = 1\nB = \"two\"\nC = 3.0\nD = true\nE = 1979-05-27T07:32:00Z\n",
		"[db]\nuser = \"u\"\npassword = \"p\"\n",
		"\"\" = \"empty key\"\n",
		"\"A=B\" = \"x\"\n",
		"\"A\\u0000B\" = \"x\"\n",
		"A = \"x\\u0000y\"\n",
		"SECRETS_JSON = \"x\"\n",
		"f = [1.5, -0.0, inf, nan, 1e300, 5e-324]\n",
		"t = {a = [{b = 'c'}], d = 07:32:00}\n[[arr]]\nx = 1\n[[arr]]\ny = 2\n",
		"s = \"\\u007f\\u001f\\\"\\\\ \\U0001F600 \\ud7ff\"\n",
	} {
		f.Add([]byte(s), "SECRETS_JSON")
	}
	f.Fuzz(func(t *testing.T, doc []byte, jsonVar string) {
		tree, err := resolve.Parse("f.toml", doc)
		if err != nil {
			return // resolve's FuzzParse checks its errors
		}
		s := &resolve.Secrets{Tree: tree, Origin: map[string]string{}}
		for _, k := range tree.Keys {
			s.Origin[k] = "f.toml"
		}

		js := JSON(tree)
		if !json.Valid(js) {
			t.Fatalf("invalid JSON %q from %q", js, doc)
		}
		var back map[string]any
		if err := json.Unmarshal(js, &back); err != nil {
			t.Fatalf("JSON %q: %v", js, err)
		}
		if len(back) != tree.Len() {
			t.Fatalf("JSON has %d keys, the tree %d: %q", len(back), tree.Len(), js)
		}

		vars, err := Vars(s, jsonVar)
		if err != nil {
			msg := withoutFixedText(err.Error())
			keys := map[string]bool{jsonVar: true}
			collectKeys(tree, keys)
			resolve.Walk(tree, func(v string) {
				if len(v) < 6 || strings.Contains(jsonVar, v) {
					return // too short to tell from the message's own words
				}
				for k := range keys {
					if strings.Contains(k, v) || strings.Contains(strings.ToLower(k), strings.ToLower(v)) {
						return // the value is also (part of) a key, which is named
					}
				}
				if strings.Contains(msg, v) {
					t.Fatalf("error %q shows the value %q", msg, v)
				}
			})
			return
		}
		for _, v := range vars {
			if v.Name == "" || strings.ContainsAny(v.Name, "=\x00") || strings.Contains(v.Value, "\x00") {
				t.Fatalf("variable %q=%q cannot be in an environment", v.Name, v.Value)
			}
			if len(v.Name)+len(v.Value)+2 > MaxEnvString {
				t.Fatalf("variable %q is %d bytes, over MAX_ARG_STRLEN", v.Name, len(v.Value))
			}
		}
	})
}

// fixedText is every fixed part of envmap's messages.
var fixedText = []string{
	"f.toml", "key ", ": ", "--json-var ",
	"an empty key cannot be an environment variable",
	"a key containing '=' cannot be an environment variable",
	"a key containing a NUL byte cannot be an environment variable",
	"the value contains a NUL byte, which an environment variable cannot hold",
	"the variable would be ", " bytes, more than the ", " bytes Linux allows for one environment variable (MAX_ARG_STRLEN)",
	"a root key may not be named like the JSON variable (rename the key, or choose another name with --json-var)",
	" would be ", "; the largest top-level key is ", " bytes from ", "; turn it off with --json-var=",
}

// withoutFixedText leaves what a message says beyond its fixed words:
// keys, numbers, and (a bug) values.
func withoutFixedText(msg string) string {
	fixed := append([]string{}, fixedText...)
	sort.Slice(fixed, func(i, j int) bool { return len(fixed[i]) > len(fixed[j]) })
	for _, f := range fixed {
		msg = strings.ReplaceAll(msg, f, "\x00")
	}
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return '\x00'
		}
		return r
	}, msg)
}

func collectKeys(t *resolve.Table, into map[string]bool) {
	for _, k := range t.Keys {
		into[k] = true
		collect(t.Values[k], into)
	}
}

func collect(v any, into map[string]bool) {
	switch v := v.(type) {
	case *resolve.Table:
		collectKeys(v, into)
	case []any:
		for _, e := range v {
			collect(e, into)
		}
	}
}
