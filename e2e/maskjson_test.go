//go:build unix

package e2e

import (
	"strings"
	"testing"
)

// TestMaskJSONForm: a value with a quote or a line break is written
// escaped inside SECRETS_JSON; a child that prints the variable must not
// show it in that form either.
func TestMaskJSONForm(t *testing.T) {
	p := newProject(t, "token = \"tok\\\"en-9f2c\"\n[pem]\nkey = \"\"\"-----BEGIN-----\nMIIBzz9\n-----END-----\"\"\"\n")
	r := p.run(t, nil, nil, "--mask", "--pty=never", "sh", "-c", `printf '%s\n' "$SECRETS_JSON"; printf '%s\n' "$token"`)
	if r.Code != 0 {
		t.Fatalf("exit %d: %s", r.Code, r.Stderr)
	}
	for _, leak := range []string{`tok\"en-9f2c`, `tok"en-9f2c`, `MIIBzz9`} {
		if strings.Contains(r.Stdout, leak) {
			t.Errorf("output shows %q:\n%s", leak, r.Stdout)
		}
	}
	want := "{\"token\":\"******\",\"pem\":{\"key\":\"******\"}}\n******\n"
	if r.Stdout != want {
		t.Errorf("output %q, want %q", r.Stdout, want)
	}
}

// TestMaskPTYSeparateStderr: with a pty, a stderr that is not the same file
// as stdout (2>err.log) stays off the pty, and must be masked all the same.
func TestMaskPTYSeparateStderr(t *testing.T) {
	p := newProject(t, "API_KEY = \"supersecretvalue\"\n")
	r := p.run(t, nil, nil, "--mask", "--pty=always", "sh", "-c", `echo "out $API_KEY"; echo "err $API_KEY" >&2; exit 3`)
	if r.Code != 3 {
		t.Fatalf("exit %d, want 3: %s", r.Code, r.Stderr)
	}
	if r.Stdout != "out ******\n" || r.Stderr != "err ******\n" {
		t.Errorf("stdout %q, stderr %q: want both masked and apart", r.Stdout, r.Stderr)
	}
}
