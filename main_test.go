package main

import (
	"reflect"
	"testing"
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
