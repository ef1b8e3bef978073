//go:build unix

package e2e

// Adversarial hunts for a secret value reaching a place it must not: each
// secret holds the canary, and no output may contain it.

import (
	"bytes"
	"io"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
	"golang.org/x/term"
)

// onTerminal runs withsecrets with args on a terminal of its own, as at an
// interactive shell, types typed once it has taken the terminal, and
// returns what the terminal shows.
func onTerminal(t *testing.T, p project, typed string, args ...string) string {
	t.Helper()
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer ptmx.Close()
	if err := pty.Setsize(ptmx, &pty.Winsize{Rows: 24, Cols: 200}); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(wsBin, args...)
	cmd.Dir, cmd.Env = p.Dir, p.env()
	cmd.Stdin, cmd.Stdout, cmd.Stderr = tty, tty, tty
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true}
	before, err := term.GetState(int(tty.Fd()))
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if typed != "" {
		// Typed earlier, the terminal itself would echo it, before
		// withsecrets takes it.
		waitRaw(t, tty, before)
	}
	tty.Close()
	if _, err := io.WriteString(ptmx, typed); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	read := make(chan struct{})
	go func() {
		io.Copy(&out, ptmx) // ends with EIO once the terminal side is closed
		close(read)
	}()
	waited := make(chan error, 1)
	go func() { waited <- cmd.Wait() }()
	select {
	case <-waited:
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		<-waited
		t.Fatalf("withsecrets did not exit; output so far %q", out.String())
	}
	select {
	case <-read:
	case <-time.After(30 * time.Second):
		t.Fatal("the terminal's output did not end")
	}
	return out.String()
}

// shellTOML holds passwords with the characters shells quote when they
// print a value: $ and ` (bash's declare -p and printf %q escape them), '
// (bash and zsh write it '\” inside single quotes, dash and Python's
// shlex '"'"'), and the blanks and punctuation printf %q escapes.
const shellTOML = `
DOLLAR = "p@$$w0rd-` + canary + `"
QUOTE = "it's-` + canary + `"
BACKTICK = "bq` + "`" + `-` + canary + `"
MIXED = "a b&c;d!e(f)` + "`" + `$'\"` + `-` + canary + `"
SCRIPT = "echo 'one'\necho \"$two\"-` + canary + `"
`

// TestMaskShellQuotedForms: a shell that prints the environment or traces
// a command (export -p, declare -p, set, set -x, printf %q, a script's
// shlex.quote) writes each value quoted, escaping some of its characters.
// --mask must hide those forms too, and the JSON variable's form in them;
// on a pty, with each line break of a multi-line one made "\r\n".
func TestMaskShellQuotedForms(t *testing.T) {
	scripts := []struct{ shell, script string }{
		{"bash", `export -p; declare -p DOLLAR QUOTE BACKTICK MIXED SECRETS_JSON; set; if [ "${BASH_VERSINFO[0]}" -ge 5 ]; then printf '%q\n' "$DOLLAR" "$QUOTE" "$BACKTICK" "$MIXED"; eval 'echo "${QUOTE@Q}"'; fi; set -x; : "$DOLLAR" "$QUOTE" "$BACKTICK" "$MIXED" "$SECRETS_JSON"`},
		{"dash", `export -p; set; printf '%s\n' "$SECRETS_JSON"; set -x; : "$DOLLAR" "$QUOTE" "$BACKTICK" "$MIXED" "$SECRETS_JSON"`},
		{"zsh", `typeset -p DOLLAR QUOTE BACKTICK MIXED; printf '%q\n' "$DOLLAR" "$QUOTE" "$BACKTICK" "$MIXED"; print -r -- ${(q)MIXED} ${(qq)MIXED}; set -x; : "$DOLLAR" "$QUOTE" "$MIXED" "$SECRETS_JSON"`},
		{"python3", `import os, shlex; print(*(shlex.quote(os.environ[k]) for k in ("DOLLAR", "QUOTE", "BACKTICK", "MIXED", "SECRETS_JSON")))`},
	}
	p := newProject(t, shellTOML)
	for _, sc := range scripts {
		t.Run(sc.shell, func(t *testing.T) {
			if _, err := exec.LookPath(sc.shell); err != nil {
				t.Skip(sc.shell + " is not installed")
			}
			// Unmasked first: the script does print the values, so the
			// masked runs below test something.
			plain := p.run(t, nil, nil, "--pty=never", sc.shell, "-c", sc.script)
			if plain.Code != 0 || !strings.Contains(plain.Stdout+plain.Stderr, canary) {
				t.Fatalf("unmasked: exit %d, stdout %q, stderr %q", plain.Code, plain.Stdout, plain.Stderr)
			}
			for _, mode := range []string{"--pty=never", "--pty=always", "terminal"} {
				var out string
				if mode == "terminal" {
					out = onTerminal(t, p, "", "--mask", sc.shell, "-c", sc.script)
				} else {
					r := p.run(t, nil, nil, "--mask", mode, sc.shell, "-c", sc.script)
					if r.Code != 0 {
						t.Fatalf("%s: exit %d, stderr %q", mode, r.Code, r.Stderr)
					}
					out = r.Stdout + r.Stderr
				}
				for _, line := range strings.Split(out, "\n") {
					if strings.Contains(line, canary) {
						t.Errorf("%s: a value shows: %q", mode, line)
					}
				}
			}
		})
	}
}

// TestMaskTypedSecret: a secret typed at a prompt that echoes (read in a
// script) comes back as the terminal's echo, through the pty, and is
// masked like the command's output; so is a multi-line one pasted.
func TestMaskTypedSecret(t *testing.T) {
	p := newProject(t, "PW = \"typed-"+canary+"\"\nKEY = \"\"\"line-one\nline-two-"+canary+"\"\"\"\n")
	out := onTerminal(t, p, "typed-"+canary+"\rline-one\rline-two-"+canary+"\r", "--mask", "sh", "-c", `read a; read b; read c; echo "got [$a]"`)
	if strings.Contains(out, canary) {
		t.Errorf("the typed secret shows: %q", out)
	}
	if !strings.Contains(out, "got [******]") {
		t.Errorf("terminal shows %q, want the script's line masked", out)
	}
}

// TestMaskRubyInspect: Ruby's p and inspect write a string as JSON nearly
// does, but with a backslash before a # that starts #{, #$ or #@ (which
// would interpolate), and keep other characters: a password holding #$
// showed in full in p ENV.
func TestMaskRubyInspect(t *testing.T) {
	if _, err := exec.LookPath("ruby"); err != nil {
		t.Skip("ruby is not installed")
	}
	p := newProject(t, `RB = "Pa#$w0rd-#{x}-#@y-\"q\"-\u001b-`+canary+`"`+"\n")
	script := `p ENV["RB"]; p ENV.to_h.select { |k, _| k == "RB" }; puts ENV["RB"].inspect; p ENV["SECRETS_JSON"]`
	plain := p.run(t, nil, nil, "--pty=never", "ruby", "-e", script)
	if plain.Code != 0 || !strings.Contains(plain.Stdout, `\#$w0rd`) {
		t.Fatalf("unmasked: exit %d, stdout %q, stderr %q", plain.Code, plain.Stdout, plain.Stderr)
	}
	r := p.run(t, nil, nil, "--mask", "--pty=never", "ruby", "-e", script)
	if r.Code != 0 {
		t.Fatalf("exit %d, stderr %q", r.Code, r.Stderr)
	}
	if strings.Contains(r.Stdout+r.Stderr, canary) {
		t.Errorf("a value shows:\n%s%s", r.Stdout, r.Stderr)
	}
}

// TestMaskURLEncoded: a password goes into a connection URL percent-encoded
// (Python's quote and quote_plus, JavaScript's encodeURIComponent, jq's
// @uri, Go's url.UserPassword), and a program logging the URL it connects
// to showed it so.
func TestMaskURLEncoded(t *testing.T) {
	p := newProject(t, `DB_PASSWORD = "p@ss/w0rd+$x y!é-`+canary+`"`+"\n"+`B64 = "q9/Zr+Tk=`+canary+`"`+"\n")
	scripts := []struct{ prog, arg string }{
		{"python3", `import os, urllib.parse as u
for k in ("DB_PASSWORD", "B64"):
    v = os.environ[k]
    print(u.quote(v), u.quote(v, safe=""), u.quote_plus(v), u.urlencode({"p": v}))`},
		{"node", `for (const k of ["DB_PASSWORD", "B64"]) console.log(encodeURIComponent(process.env[k]))`},
		{"jq", `env.DB_PASSWORD, env.B64 | @uri`},
	}
	for _, sc := range scripts {
		t.Run(sc.prog, func(t *testing.T) {
			if _, err := exec.LookPath(sc.prog); err != nil {
				t.Skip(sc.prog + " is not installed")
			}
			flag := "-c"
			switch sc.prog {
			case "node":
				flag = "-e"
			case "jq":
				flag = "-rn"
			}
			plain := p.run(t, nil, nil, "--pty=never", sc.prog, flag, sc.arg)
			if plain.Code != 0 || !strings.Contains(plain.Stdout, canary) {
				t.Fatalf("unmasked: exit %d, stdout %q, stderr %q", plain.Code, plain.Stdout, plain.Stderr)
			}
			r := p.run(t, nil, nil, "--mask", "--pty=never", sc.prog, flag, sc.arg)
			if r.Code != 0 {
				t.Fatalf("exit %d, stderr %q", r.Code, r.Stderr)
			}
			if strings.Contains(r.Stdout+r.Stderr, canary) {
				t.Errorf("a value shows:\n%s%s", r.Stdout, r.Stderr)
			}
		})
	}
}
