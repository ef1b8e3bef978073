//go:build unix

package e2e

import (
	"os/exec"
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

// TestMaskPrintedForms: the ways programs commonly print the environment
// or a value, each escaping it once more: Python's repr of os.environ and
// json.dumps of it (which also writes non-ASCII as \uXXXX), json.dumps of
// the value itself. A PEM key's line breaks or a quote, backslash or
// non-ASCII letter in a password must not let it through in any of them.
func TestMaskPrintedForms(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 is not installed")
	}
	p := newProject(t, "pw = \"q\\\"uo\\\\te-p\u00e4ss\"\ntom = \"Tom's-pass-2024\"\nbell = \"bell\\u0007x-val\"\n[gcp]\nkey = \"\"\"-----BEGIN KEY-----\nMIIEvQIBADAN\n-----END KEY-----\n\"\"\"\n")
	script := `import json, os
env = {k: os.environ[k] for k in ("pw", "tom", "bell", "SECRETS_JSON")}
print(env)
print(os.environ)
print(json.dumps(env))
for k in ("pw", "tom", "bell"):
    print(json.dumps(os.environ[k]), repr(os.environ[k]))
print("done")`
	r := p.run(t, nil, nil, "--mask", "--pty=never", "python3", "-c", script)
	if r.Code != 0 || !strings.HasSuffix(r.Stdout, "done\n") {
		t.Fatalf("exit %d: %q %s", r.Code, r.Stdout, r.Stderr)
	}
	for _, leak := range []string{"MIIEvQIBADAN", "uo", "te-p", "pass-2024", "x-val"} {
		if strings.Contains(r.Stdout, leak) {
			t.Errorf("output shows %q:\n%s", leak, r.Stdout)
		}
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
