package main

import (
	"reflect"
	"strings"
	"testing"

	"github.com/alecthomas/kong"
)

// TestPlainMatchesKong: the fast path that skips Kong must give exactly what
// Kong gives for the command lines it takes.
func TestPlainMatchesKong(t *testing.T) {
	for _, args := range [][]string{
		{"true"},
		{"python", "app.py", "--help"},
		{"sh", "-c", "echo $x", "--", "-f"},
		{"env"},
	} {
		t.Run(args[0], func(t *testing.T) {
			if !plain(args, nil) {
				t.Fatalf("plain(%q) = false", args)
			}
			var fast, slow cli
			fast.JSONVar, fast.PTY, fast.Command = "SECRETS_JSON", "auto", args
			if err := parseKong(&slow, args); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(fast, slow) {
				t.Errorf("fast path %+v, Kong %+v", fast, slow)
			}
		})
	}
	for _, c := range []struct {
		args, env []string
	}{
		{[]string{"--mask", "x"}, nil},
		{[]string{"-f", "x", "y"}, nil},
		{nil, nil},
		{[]string{"x"}, []string{"WITHSECRETS_MASK=1"}},
	} {
		if plain(c.args, c.env) {
			t.Errorf("plain(%q, %q) = true, want Kong to parse it", c.args, c.env)
		}
	}
}

// TestHelpUsageLine: --help shows the command line in the order it is read.
func TestHelpUsageLine(t *testing.T) {
	var c cli
	var out strings.Builder
	parser, err := kong.New(&c, kong.Name("withsecrets"), kong.Help(help), kong.Writers(&out, &out), kong.Exit(func(int) {}))
	if err != nil {
		t.Fatal(err)
	}
	_, _ = parser.Parse([]string{"--help"})
	if !strings.HasPrefix(out.String(), "Usage: withsecrets [flags] COMMAND [ARG...]\n") {
		t.Errorf("help starts %q", strings.SplitN(out.String(), "\n", 2)[0])
	}
}
