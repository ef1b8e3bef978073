package envmap

import (
	"strings"
	"testing"

	"github.com/withsecrets/withsecrets/resolve"
)

const canary = "CANARY-7f3a9"

func secrets(t *testing.T, doc string) *resolve.Secrets {
	t.Helper()
	tree, err := resolve.Parse("f.toml", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	s := &resolve.Secrets{Tree: tree, Origin: map[string]string{}}
	for _, k := range tree.Keys {
		s.Origin[k] = "/p/secrets.toml"
	}
	return s
}

// TestVarsRefuses: what execve cannot take is an error naming the file,
// the key and the rule or limit, never the value.
func TestVarsRefuses(t *testing.T) {
	big := strings.Repeat("x", MaxEnvString) + canary
	tests := []struct {
		name, doc, jsonVar, want string
	}{
		{"empty key", `"" = "` + canary + `"`, "", `/p/secrets.toml: key "": an empty key cannot be an environment variable`},
		{"= in key", `"A=B" = "` + canary + `"`, "", `/p/secrets.toml: key "A=B": a key containing '=' cannot be an environment variable`},
		{"NUL in key", `"A\u0000" = "` + canary + `"`, "", `/p/secrets.toml: key "A\x00": a key containing a NUL byte cannot be an environment variable`},
		{"NUL in value", `A = "` + canary + `\u0000"`, "", `/p/secrets.toml: key "A": the value contains a NUL byte, which an environment variable cannot hold`},
		{"JSON variable's name", `SECRETS_JSON = "` + canary + `"`, "SECRETS_JSON", `/p/secrets.toml: key "SECRETS_JSON": a root key may not be named like the JSON variable`},
		{"too long", `A = "` + big + `"`, "", `/p/secrets.toml: key "A": the variable would be 131087 bytes, more than the 131072 bytes Linux allows for one environment variable (MAX_ARG_STRLEN)`},
		{"JSON too long", "a = 1\n[t]\nb = \"" + big + "\"", "J", `J would be 131107 bytes, more than the 131072 bytes Linux allows for one environment variable (MAX_ARG_STRLEN); the largest top-level key is "t" (131092 bytes from /p/secrets.toml); turn it off with --json-var=`},
		{"bad --json-var", `A = "` + canary + `"`, "X=Y", `--json-var "X=Y": a key containing '=' cannot be an environment variable`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Vars(secrets(t, tt.doc), tt.jsonVar)
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("got  %q\nwant %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "CANARY") {
				t.Errorf("the value leaked: %v", err)
			}
		})
	}
}

// TestVarsAtTheLimit: a variable exactly at MAX_ARG_STRLEN passes; tables
// and arrays are not variables, whatever their keys.
func TestVarsAtTheLimit(t *testing.T) {
	val := strings.Repeat("v", MaxEnvString-len("A=")-1)
	vars, err := Vars(secrets(t, `A = "`+val+`"`+"\n[\"=bad\"]\nx = 1\n"), "")
	if err != nil || len(vars) != 1 || vars[0].Name != "A" {
		t.Fatalf("got %v %v", vars, err)
	}
}

// TestCheckExecSize: argv plus the environment over ARG_MAX is refused with
// the secrets' share named; an ordinary run passes.
func TestCheckExecSize(t *testing.T) {
	if argMax() == 0 {
		t.Skip("no total limit on this system")
	}
	if err := CheckExecSize([]string{"python", "app.py"}, []string{"A=1", "HOME=/root"}, nil); err != nil {
		t.Errorf("a small run: %v", err)
	}
	chunk := strings.Repeat("v", 100<<10)
	var env []string
	var vars []Var
	for i := 0; len(env)*len(chunk) <= argMax(); i++ {
		env = append(env, "K"+strings.Repeat("X", i)+"="+chunk)
		vars = append(vars, Var{Name: "K" + strings.Repeat("X", i), Value: chunk})
	}
	err := CheckExecSize([]string{"python"}, env, vars)
	if err == nil || !strings.Contains(err.Error(), "ARG_MAX") || !strings.Contains(err.Error(), "the secrets add") {
		t.Errorf("over ARG_MAX: %v", err)
	}
}
