package e2e

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// childEnv runs `withsecrets child env` and returns the child's environment.
func childEnv(t *testing.T, p project, env []string, flags ...string) (map[string]any, result) {
	t.Helper()
	r := p.run(t, nil, env, append(flags, "child", "env")...)
	if r.Code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", r.Code, r.Stderr)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(r.Stdout), &m); err != nil {
		t.Fatalf("child output %q: %v", r.Stdout, err)
	}
	return m, r
}

// TestVariableText holds, for every TOML value type, the variable text
// Streamlit's os.environ[k] = str(v) gives (str, int, float) and the
// product's text for booleans and dates, literally.
func TestVariableText(t *testing.T) {
	cases := []struct {
		name, toml, want string
	}{
		{"basic string", `v = "hello world"`, "hello world"},
		{"escapes", `v = "tab\there \"q\" back\\slash \u00e9 \U0001F600"`, "tab\there \"q\" back\\slash é 😀"},
		{"literal string", `v = 'C:\Users\nope'`, `C:\Users\nope`},
		{"multi-line basic", "v = \"\"\"\nline1\nline2 \\\n   joined\"\"\"", "line1\nline2 joined"},
		{"multi-line literal", "v = '''\nraw\\n\n  two'''", "raw\\n\n  two"},
		{"empty string", `v = ""`, ""},
		{"unicode", `v = "日本語 ünïcödé"`, "日本語 ünïcödé"},
		{"integer", `v = 42`, "42"},
		{"negative integer", `v = -17`, "-17"},
		{"underscores", `v = 1_000_000`, "1000000"},
		{"hex", `v = 0xff`, "255"},
		{"octal", `v = 0o755`, "493"},
		{"binary", `v = 0b1101`, "13"},
		{"int64 max", `v = 9223372036854775807`, "9223372036854775807"},
		{"int64 min", `v = -9223372036854775808`, "-9223372036854775808"},
		{"float whole", `v = 3.0`, "3.0"},
		{"float million", `v = 1000000.0`, "1000000.0"},
		{"float exp", `v = 1e16`, "1e+16"},
		{"float small", `v = 1.5e-7`, "1.5e-07"},
		{"float 1e-4", `v = 0.0001`, "0.0001"},
		{"float 1e-5", `v = 0.00001`, "1e-05"},
		{"float pi", `v = 3.14159`, "3.14159"},
		{"float neg zero", `v = -0.0`, "-0.0"},
		{"float plus", `v = +1.5`, "1.5"},
		{"float underscore", `v = 9_224_617.445_991`, "9224617.445991"},
		{"inf", `v = inf`, "inf"},
		{"plus inf", `v = +inf`, "inf"},
		{"minus inf", `v = -inf`, "-inf"},
		{"nan", `v = nan`, "nan"},
		{"true", `v = true`, "true"},
		{"false", `v = false`, "false"},
		{"offset datetime", `v = 1979-05-27T07:32:00Z`, "1979-05-27T07:32:00Z"},
		{"offset datetime -07", `v = 1979-05-27T00:32:00-07:00`, "1979-05-27T00:32:00-07:00"},
		{"offset datetime fraction", `v = 1979-05-27T00:32:00.999999-07:00`, "1979-05-27T00:32:00.999999-07:00"},
		{"local datetime", `v = 1979-05-27T07:32:00`, "1979-05-27T07:32:00"},
		{"local datetime space", `v = 1979-05-27 07:32:00`, "1979-05-27T07:32:00"},
		{"local date", `v = 1979-05-27`, "1979-05-27"},
		{"local time", `v = 07:32:00`, "07:32:00"},
		{"local time fraction", `v = 00:32:00.500`, "00:32:00.5"},
		{"quoted key", `"v" = "q"`, "q"},
		{"literal key", `'v' = "lq"`, "lq"},
		{"crlf", "v = \"crlf\"\r\nw = 1\r\n", "crlf"},
		{"bom", "\ufeffv = \"bom\"", "bom"},
		{"comment after", `v = "x" # not part`, "x"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := newProject(t, c.toml)
			m, _ := childEnv(t, p, nil)
			got, ok := m["v"]
			if !ok {
				t.Fatalf("variable v not set")
			}
			if got != c.want {
				t.Errorf("v = %q, want %q", got, c.want)
			}
		})
	}
}

// TestNotVariables: arrays and tables are not variables, and neither are
// keys inside tables.
func TestNotVariables(t *testing.T) {
	p := newProject(t, "arr = [1, 2]\n[tab]\ninner = \"x\"\n[[aot]]\nk = 1\n")
	m, _ := childEnv(t, p, nil)
	for _, k := range []string{"arr", "tab", "inner", "aot", "k"} {
		if _, ok := m[k]; ok {
			t.Errorf("%s is a variable; only root scalars should be", k)
		}
	}
}

func TestSecretsJSON(t *testing.T) {
	cases := []struct {
		name           string
		global, projct string
		want           string
	}{
		{
			name:   "types and order",
			projct: "z = 1\na = 1.0\nm = 9223372036854775807\nb = true\nf = inf\nn = nan\nd = 1979-05-27\ns = \"\\u0001\\\"\"\n",
			want:   `{"z":1,"a":1.0,"m":9223372036854775807,"b":true,"f":"inf","n":"nan","d":"1979-05-27","s":"\u0001\""}`,
		},
		{
			name:   "shallow merge keeps first position, replaces tables whole",
			global: "a = \"g\"\nb = \"g\"\n[db]\nuser = \"u\"\npassword = \"p\"\n",
			projct: "c = \"p\"\nb = \"p\"\n[db]\npassword = \"q\"\n",
			want:   `{"a":"g","b":"p","db":{"password":"q"},"c":"p"}`,
		},
		{
			name:   "dotted keys and nested tables in source order",
			projct: "x.y = 1\nx.a = 2\n[t.b]\nk = 1\n[t]\nj = 2\n",
			want:   `{"x":{"y":1,"a":2},"t":{"b":{"k":1},"j":2}}`,
		},
		{
			name:   "arrays of tables keep each element's order",
			projct: "[[s]]\nb = 1\na = 2\n[[s]]\na = 3\nb = 4\n[s.sub]\nz = 0\n",
			want:   `{"s":[{"b":1,"a":2},{"a":3,"b":4,"sub":{"z":0}}]}`,
		},
		{
			name:   "inline tables and mixed arrays",
			projct: "it = { z = 1, a = { q = 'x' } }\narr = [1, \"two\", 3.5, [true], { k = 'v' }]\n",
			want:   `{"it":{"z":1,"a":{"q":"x"}},"arr":[1,"two",3.5,[true],{"k":"v"}]}`,
		},
		{
			name:   "unicode keys",
			projct: "\"ключ\" = \"значение\"\n\"é\" = 1\n",
			want:   `{"ключ":"значение","é":1}`,
		},
		{
			name:   "empty file",
			projct: "",
			want:   `{}`,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := newProject(t, "")
			writeFile(t, filepath.Join(p.Dir, ".streamlit", "secrets.toml"), c.projct)
			if c.global != "" {
				writeFile(t, filepath.Join(p.Home, ".streamlit", "secrets.toml"), c.global)
			}
			m, _ := childEnv(t, p, nil)
			if got := m["SECRETS_JSON"]; got != c.want {
				t.Errorf("SECRETS_JSON =\n %s\nwant\n %s", got, c.want)
			}
			var v any
			if err := json.Unmarshal([]byte(c.want), &v); err != nil {
				t.Fatalf("expected text is not JSON: %v", err)
			}
		})
	}
}

func TestJSONVarFlag(t *testing.T) {
	p := newProject(t, "a = 1\n")
	m, _ := childEnv(t, p, nil, "--json-var", "CFG")
	if m["CFG"] != `{"a":1}` {
		t.Errorf("CFG = %v", m["CFG"])
	}
	if _, ok := m["SECRETS_JSON"]; ok {
		t.Errorf("SECRETS_JSON set although renamed")
	}
	m, _ = childEnv(t, p, nil, "--json-var=")
	if _, ok := m["SECRETS_JSON"]; ok {
		t.Errorf("SECRETS_JSON set although turned off")
	}
	if m["a"] != "1" {
		t.Errorf("a = %v", m["a"])
	}
}

// TestOverwriteAndUntouched: a pre-set variable is overwritten, as Streamlit
// does, and every other variable is passed on as it was.
func TestOverwriteAndUntouched(t *testing.T) {
	p := newProject(t, "TOKEN = \"from-file\"\n")
	env := p.env("TOKEN=from-env", "OTHER=keep me = as is", "EMPTY=")
	m, _ := childEnv(t, p, env)
	if m["TOKEN"] != "from-file" {
		t.Errorf("TOKEN = %v, want from-file", m["TOKEN"])
	}
	if m["OTHER"] != "keep me = as is" || m["EMPTY"] != "" {
		t.Errorf("other variables changed: OTHER=%q EMPTY=%q", m["OTHER"], m["EMPTY"])
	}
	list := m["__list"].([]any)
	want := len(env) + 1 // + SECRETS_JSON; TOKEN replaced, not added
	if len(list) != want {
		t.Errorf("child has %d variables, want %d: %v", len(list), want, list)
	}
}

// TestNoHOME: started without HOME (a systemd service with no User=,
// env -i), the global file is the account's, from the password database,
// as Python's expanduser("~") finds it for Streamlit; it was skipped.
func TestNoHOME(t *testing.T) {
	skipOnWindows(t)
	u, err := user.Current()
	if err != nil || u.HomeDir == "" {
		t.Skip("no home in the password database")
	}
	p := newProject(t, "a = 1\n")
	r := p.run(t, nil, []string{"PATH=" + os.Getenv("PATH")}, "--check")
	want := "global   " + filepath.Join(u.HomeDir, ".streamlit", "secrets.toml")
	if !strings.Contains(r.Stdout, want) {
		t.Errorf("--check without HOME does not list %q:\n%s", want, r.Stdout)
	}
}

func TestExitCodes(t *testing.T) {
	p := newProject(t, "a = 1\n")
	notExec := filepath.Join(p.Dir, "notexec")
	writeFile(t, notExec, "#!/bin/sh\necho hi\n")
	cases := []struct {
		name string
		args []string
		want int
	}{
		{"0", []string{"child", "exit", "0"}, 0},
		{"1", []string{"child", "exit", "1"}, 1},
		{"7", []string{"child", "exit", "7"}, 7},
		{"255", []string{"child", "exit", "255"}, 255},
		{"not found", []string{"no-such-command-xyz"}, 127},
		{"not found path", []string{"./no-such-file"}, 127},
		{"not executable", []string{notExec}, 126},
		{"directory", []string{p.Dir}, 126},
		{"unknown flag", []string{"--no-such-flag", "child", "exit", "0"}, 125},
		{"bad pty value", []string{"--pty=sometimes", "child", "exit", "0"}, 125},
		{"no command", nil, 125},
		{"missing --file", []string{"--file", "nope.toml", "child", "exit", "0"}, 125},
		{"missing --file, --allow-missing", []string{"--allow-missing", "--file", "nope.toml", "child", "exit", "0"}, 125},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := p.run(t, nil, nil, c.args...)
			if r.Code != c.want {
				t.Errorf("exit %d, want %d; stderr: %s", r.Code, c.want, r.Stderr)
			}
			if (len(c.args) == 0 || c.args[0] != "child") && !strings.HasPrefix(r.Stderr, "withsecrets: error: ") {
				t.Errorf("stderr %q does not start with withsecrets: error:", r.Stderr)
			}
		})
	}
}

// TestPATHLookup: the command is found on the command's PATH as env(1)'s
// execvp finds it: an empty entry, or an empty PATH, is the current
// folder; with no PATH at all, the default list; a file that cannot be
// run is passed over for a later one, and is 126 when there is none.
func TestPATHLookup(t *testing.T) {
	skipOnWindows(t)
	p := newProject(t, "a = 1\n")
	writeExecutable(t, filepath.Join(p.Dir, "here"), "#!/bin/sh\necho here\n")
	denied, later := t.TempDir(), t.TempDir()
	writeFile(t, filepath.Join(denied, "tool"), "#!/bin/sh\necho denied\n")
	writeExecutable(t, filepath.Join(later, "tool"), "#!/bin/sh\necho later\n")
	home := "HOME=" + p.Home
	for _, c := range []struct {
		name string
		env  []string
		cmd  string
		out  string
		code int
	}{
		{"empty PATH is the current folder", []string{home, "PATH="}, "here", "here\n", 0},
		{"empty entry is the current folder", []string{home, "PATH=/nonexistent::/nonexistent"}, "here", "here\n", 0},
		{"no PATH: the default list", []string{home}, "sh", "", 0},
		{"not executable, then executable", []string{home, "PATH=" + denied + ":" + later}, "tool", "later\n", 0},
		{"only not executable", []string{home, "PATH=" + denied}, "tool", "", 126},
		{"not on PATH", []string{home, "PATH=" + later}, "here", "", 127},
	} {
		t.Run(c.name, func(t *testing.T) {
			args := []string{c.cmd}
			if c.cmd == "sh" {
				args = append(args, "-c", "true")
			}
			r := p.run(t, nil, c.env, args...)
			if r.Code != c.code || r.Stdout != c.out {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit %d, stdout %q", r.Code, r.Stdout, r.Stderr, c.code, c.out)
			}
		})
	}
}

// TestFlagsAfterCommandBelongToIt: everything from the command on is the
// command's, --help included.
func TestFlagsAfterCommandBelongToIt(t *testing.T) {
	p := newProject(t, "a = 1\n")
	for _, args := range [][]string{
		{"child", "args", "--help", "-f", "x", "--", "--mask"},
		{"--", "child", "args", "--help", "-f", "x", "--", "--mask"},
	} {
		r := p.run(t, nil, nil, args...)
		if r.Code != 0 {
			t.Fatalf("exit %d: %s", r.Code, r.Stderr)
		}
		if strings.TrimSpace(r.Stdout) != `["--help","-f","x","--","--mask"]` {
			t.Errorf("args %v: child got %s", args, r.Stdout)
		}
	}
}

func TestBinaryStdio(t *testing.T) {
	p := newProject(t, "a = 1\n")
	data := make([]byte, 1<<20)
	rand.Read(data)
	r := p.run(t, data, nil, "child", "cat")
	if r.Code != 0 {
		t.Fatalf("exit %d: %s", r.Code, r.Stderr)
	}
	if !bytes.Equal([]byte(r.Stdout), data) {
		t.Errorf("1 MiB of random bytes through withsecrets child cat: %d bytes came back, not identical", len(r.Stdout))
	}
}

func TestFileFlag(t *testing.T) {
	p := newProject(t, "from_default = 1\n")
	a := filepath.Join(p.Dir, "a.toml")
	b := filepath.Join(p.Dir, "b.toml")
	writeFile(t, a, "x = \"a\"\nonly_a = 1\n")
	writeFile(t, b, "x = \"b\"\nonly_b = 2\n")
	m, _ := childEnv(t, p, nil, "--file", a, "-f", b)
	if m["x"] != "b" || m["only_a"] != "1" || m["only_b"] != "2" {
		t.Errorf("x=%v only_a=%v only_b=%v", m["x"], m["only_a"], m["only_b"])
	}
	if _, ok := m["from_default"]; ok {
		t.Errorf("--file should replace the default list")
	}
	if m["SECRETS_JSON"] != `{"x":"b","only_a":1,"only_b":2}` {
		t.Errorf("SECRETS_JSON = %v", m["SECRETS_JSON"])
	}
	// The environment variable form of the flag.
	m, _ = childEnv(t, p, p.env("WITHSECRETS_FILE="+a))
	if m["x"] != "a" {
		t.Errorf("WITHSECRETS_FILE: x = %v", m["x"])
	}
}

// TestFlagVariables: each flag's variable in the README's table does what
// the flag does, and a flag given on the command line wins over it.
func TestFlagVariables(t *testing.T) {
	p := newProject(t, "TOKEN = \"tok-secret\"\n")
	empty := newProject(t, "")
	for _, c := range []struct {
		name string
		p    project
		vars []string
		args []string
		want string
	}{
		{"WITHSECRETS_MASK=1", p, []string{"WITHSECRETS_MASK=1"}, []string{"child", "mask-tty-secret", "TOKEN"}, "stdout-tty=false value=****** end\n"},
		{"WITHSECRETS_MASK=false", p, []string{"WITHSECRETS_MASK=false"}, []string{"child", "mask-tty-secret", "TOKEN"}, "stdout-tty=false value=tok-secret end\n"},
		{"WITHSECRETS_PTY=always", p, []string{"WITHSECRETS_PTY=always"}, []string{"child", "mask-tty-secret", "TOKEN"}, "stdout-tty=true value=tok-secret end\n"},
		{"--pty=never over WITHSECRETS_PTY=always", p, []string{"WITHSECRETS_PTY=always"}, []string{"--pty=never", "child", "mask-tty-secret", "TOKEN"}, "stdout-tty=false value=tok-secret end\n"},
		{"WITHSECRETS_JSON_VAR=CFG", p, []string{"WITHSECRETS_JSON_VAR=CFG"}, []string{"child", "mask-tty-secret", "CFG"}, "stdout-tty=false value={\"TOKEN\":\"tok-secret\"} end\n"},
		{"WITHSECRETS_JSON_VAR= turns it off", p, []string{"WITHSECRETS_JSON_VAR="}, []string{"child", "mask-tty-secret", "SECRETS_JSON"}, "stdout-tty=false value= end\n"},
		{"--json-var over WITHSECRETS_JSON_VAR", p, []string{"WITHSECRETS_JSON_VAR=CFG"}, []string{"--json-var=OTHER", "child", "mask-tty-secret", "OTHER"}, "stdout-tty=false value={\"TOKEN\":\"tok-secret\"} end\n"},
		{"WITHSECRETS_ALLOW_MISSING=1", empty, []string{"WITHSECRETS_ALLOW_MISSING=1"}, []string{"child", "mask-tty-secret", "SECRETS_JSON"}, "stdout-tty=false value={} end\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := c.p.run(t, nil, c.p.env(c.vars...), c.args...)
			if r.Code != 0 || r.Stdout != c.want {
				t.Errorf("exit %d, stdout %q, stderr %q; want stdout %q", r.Code, r.Stdout, r.Stderr, c.want)
			}
		})
	}
}

// TestHelpAndVersion: --help, -h and --version print on stdout and exit 0,
// whatever else is on the command line before the command.
func TestHelpAndVersion(t *testing.T) {
	p := newProject(t, "")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--help"}, "Usage: withsecrets [flags] COMMAND [ARG...]\n"},
		{[]string{"-h"}, "Usage: withsecrets [flags] COMMAND [ARG...]\n"},
		{[]string{"--mask", "--help", "child", "exit", "3"}, "Usage: withsecrets [flags] COMMAND [ARG...]\n"},
		{[]string{"--version"}, ""}, // devel, or the version go install stamps
	} {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			r := p.run(t, nil, nil, c.args...)
			if c.want == "" && strings.Count(r.Stdout, "\n") != 1 {
				t.Errorf("--version printed %q, want one line", r.Stdout)
			}
			if r.Code != 0 || !strings.HasPrefix(r.Stdout, c.want) || r.Stderr != "" {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit 0 and stdout starting %q", r.Code, r.Stdout, r.Stderr, c.want)
			}
		})
	}
	// What the README's flag table says and --help alone would not.
	help := p.run(t, nil, nil, "--help").Stdout
	for _, want := range []string{"(default SECRETS_JSON)", "125 on errors", "no default secrets file"} {
		if !strings.Contains(strings.Join(strings.Fields(help), " "), want) {
			t.Errorf("--help does not say %q:\n%s", want, help)
		}
	}
	// Not written is a failure, as for env --help >/dev/full.
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skip(err)
	}
	defer full.Close()
	for _, flag := range []string{"--help", "--version"} {
		t.Run(flag+" >/dev/full", func(t *testing.T) {
			cmd := p.command(nil, flag)
			var errb strings.Builder
			cmd.Stdout, cmd.Stderr = full, &errb
			err := cmd.Run()
			if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 125 || !strings.HasPrefix(errb.String(), "withsecrets: error: ") {
				t.Errorf("got %v, stderr %q; want exit 125 and an error", err, errb.String())
			}
		})
	}
}

// TestEmptyVariablesReadAsUnset: WITHSECRETS_MASK= or WITHSECRETS_FILE=
// (a systemd Environment= or a compose file clearing a setting) mean the
// default, and the command still sees them as they were; an empty --file
// or --export is an error that says so.
func TestEmptyVariablesReadAsUnset(t *testing.T) {
	p := newProject(t, "x = \"from-project\"\n")
	for _, name := range []string{"WITHSECRETS_FILE", "WITHSECRETS_ALLOW_MISSING", "WITHSECRETS_PTY", "WITHSECRETS_MASK"} {
		m, _ := childEnv(t, p, p.env(name+"="))
		if m["x"] != "from-project" {
			t.Errorf("%s=: x = %v, want the project's value", name, m["x"])
		}
		if v, ok := m[name]; !ok || v != "" {
			t.Errorf("%s=: the command sees %v (set %v), want it set and empty", name, v, ok)
		}
	}
	for _, tt := range []struct{ flag, want string }{
		{"--file=", "withsecrets: error: --file: an empty path names no file\n"},
		// --export=$FMT with FMT unset must not run the command instead.
		{"--export=", "withsecrets: error: --export: an empty format names none (want shell, dotenv or json)\n"},
		{"--export=xml", "withsecrets: error: --export: unknown export format \"xml\" (want shell, dotenv or json)\n"},
	} {
		r := p.run(t, nil, nil, tt.flag, "child", "args", ran)
		r.failedBeforeRunning(t)
		r.wantStderr(t, tt.want)
	}
	// A flag last with no value: said plainly, not in Kong's tokens.
	for _, tt := range []struct{ flag, want string }{
		{"--json-var", "withsecrets: error: --json-var: its value is missing\n"},
		{"-f", "withsecrets: error: --file: its value is missing\n"},
		{"--export", "withsecrets: error: --export: its value is missing\n"},
	} {
		r := p.run(t, nil, nil, tt.flag)
		r.failedBeforeRunning(t)
		r.wantStderr(t, tt.want)
	}
}

// TestEmptyVariablesKeepTheirPlace: an empty WITHSECRETS_ variable, hidden
// from the flag parser while it reads the others, reaches the command
// where it stood in the environment, as every variable withsecrets does
// not set does (DESIGN.md section 2: nothing else in the environment
// changes), in exec mode and in pipes mode.
func TestEmptyVariablesKeepTheirPlace(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("os/exec adds SYSTEMROOT to an environment without it")
	}
	// Too short a value to be masked: the output shows it as it is.
	p := newProject(t, "x = \"abc\"\n")
	for _, name := range []string{"WITHSECRETS_FILE", "WITHSECRETS_ALLOW_MISSING", "WITHSECRETS_PTY", "WITHSECRETS_MASK"} {
		for _, flags := range [][]string{{"--pty=never"}, {"--pty=never", "--mask"}} {
			t.Run(name+" "+strings.Join(flags, " "), func(t *testing.T) {
				env := p.env("BEFORE=1", name+"=", "AFTER=2")
				r := p.run(t, nil, env, append(flags, "child", "envlist")...)
				if r.Code != 0 {
					t.Fatalf("exit %d, stderr:\n%s", r.Code, r.Stderr)
				}
				var got []string
				if err := json.Unmarshal([]byte(r.Stdout), &got); err != nil {
					t.Fatalf("child output %q: %v", r.Stdout, err)
				}
				want := append(env, "x=abc")
				if len(got) > 0 && strings.HasPrefix(got[len(got)-1], "SECRETS_JSON=") {
					got = got[:len(got)-1]
				}
				if strings.Join(got, "\n") != strings.Join(want, "\n") {
					t.Errorf("the command's environment:\n%q\nwant:\n%q", got, want)
				}
			})
		}
	}
}

// TestRemovedWorkingFolder: started in a folder that was removed, as env
// is, withsecrets runs with --file (the only need for the current folder is
// the project file), and with the default list it leaves the project file
// out with a warning: there is no path to look at.
func TestRemovedWorkingFolder(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("a folder in use cannot be removed on Windows")
	}
	p := newProject(t, "")
	secrets := filepath.Join(p.Dir, "s.toml")
	writeFile(t, secrets, "x = \"from-file\"\n")
	inRemoved := func(args ...string) result {
		gone := filepath.Join(p.Dir, "gone")
		if err := os.Mkdir(gone, 0o700); err != nil {
			t.Fatal(err)
		}
		script := `cd "$1" && rmdir "$1" && shift && exec "$@"`
		cmd := exec.Command("sh", append([]string{"-c", script, "sh", gone, wsBin}, args...)...)
		cmd.Env = p.env()
		return runCmd(t, cmd)
	}
	if r := inRemoved("-f", secrets, "child", "printexit", "ran"); r.Code != 0 || r.Stdout != "ran\n" {
		t.Errorf("--file in a removed folder: exit %d, %q %q", r.Code, r.Stdout, r.Stderr)
	}
	warning := "withsecrets: warning: cannot find the current folder (getwd: no such file or directory): its .streamlit/secrets.toml is not read\n"
	global := filepath.Join(p.Home, ".streamlit", "secrets.toml")
	r := inRemoved("child", "printexit", "ran")
	if want := warning + "withsecrets: error: no secrets found: valid paths for a secrets.toml file or secret directories are: " + global + "\n"; r.Code != 125 || r.Stderr != want {
		t.Errorf("default list in a removed folder, no global file: exit %d, stderr %q, want %q", r.Code, r.Stderr, want)
	}
	writeFile(t, global, "x = \"global\"\n")
	r = inRemoved("child", "env")
	if r.Code != 0 || r.Stderr != warning || !strings.Contains(r.Stdout, `"x":"global"`) {
		t.Errorf("default list in a removed folder, a global file: exit %d, stderr %q, stdout %q", r.Code, r.Stderr, r.Stdout)
	}
}

// TestKubernetesFolder: a folder is read as Streamlit's _parse_directory
// reads mounted secrets.
func TestKubernetesFolder(t *testing.T) {
	p := newProject(t, "")
	dir := filepath.Join(p.Dir, "k8s")
	writeFile(t, filepath.Join(dir, "api", "token"), "  tok-123\n\n")
	writeFile(t, filepath.Join(dir, "db", "user"), "admin\n")
	writeFile(t, filepath.Join(dir, "db", "password"), "s3cret\n")
	m, _ := childEnv(t, p, nil, "--file", dir)
	if m["api"] != "tok-123" {
		t.Errorf("api = %q, want the single file's value collapsed", m["api"])
	}
	// The order is the file system's (resolve's TestKubernetesFolder).
	var tree map[string]any
	if err := json.Unmarshal([]byte(m["SECRETS_JSON"].(string)), &tree); err != nil {
		t.Fatal(err)
	}
	if got, _ := json.Marshal(tree); string(got) != `{"api":"tok-123","db":{"password":"s3cret","user":"admin"}}` {
		t.Errorf("SECRETS_JSON = %v", m["SECRETS_JSON"])
	}
	// A file directly inside the folder is an error, as in Streamlit.
	writeFile(t, filepath.Join(dir, "stray"), "x")
	r := p.run(t, nil, nil, "--file", dir, "child", "exit", "0")
	if r.Code != 125 || !strings.Contains(r.Stderr, "stray") {
		t.Errorf("stray file: exit %d, stderr %q", r.Code, r.Stderr)
	}
}

func TestNoSecretsFound(t *testing.T) {
	p := newProject(t, "")
	r := p.run(t, nil, nil, "child", "exit", "0")
	if r.Code != 125 {
		t.Fatalf("exit %d, want 125", r.Code)
	}
	for _, path := range []string{
		filepath.Join(p.Home, ".streamlit", "secrets.toml"),
		filepath.Join(p.Dir, ".streamlit", "secrets.toml"),
	} {
		if !strings.Contains(r.Stderr, path) {
			t.Errorf("message does not name %s: %s", path, r.Stderr)
		}
	}
	r = p.run(t, nil, nil, "--allow-missing", "child", "exit", "3")
	if r.Code != 3 || r.Stderr != "" {
		t.Errorf("--allow-missing: exit %d, stderr %q", r.Code, r.Stderr)
	}
}

// TestQuickstart runs the README's first command's example with the built
// binary. It runs from an empty folder rather than the clone's root: a
// developer's own .streamlit/secrets.toml there is the project file, merged
// in as it should be, and the exact SECRETS_JSON below would not hold.
func TestQuickstart(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the example is a shell script")
	}
	script, err := filepath.Abs(filepath.Join("..", "examples", "quickstart", "show.sh"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(wsBin, script)
	cmd.Dir = t.TempDir()
	cmd.Env = []string{"HOME=" + t.TempDir(), "PATH=" + os.Getenv("PATH")}
	r := runCmd(t, cmd)
	if r.Code != 0 {
		t.Fatalf("exit %d: %s", r.Code, r.Stderr)
	}
	want := "db_username=Jane\ndb_password=mypassword\napi_timeout=2.5\nmax_workers=16\n" +
		`SECRETS_JSON={"db_username":"Jane","db_password":"mypassword","api_timeout":2.5,"max_workers":16,"my_other_secrets":{"things_i_like":["Streamlit","Python"]}}` + "\n"
	if r.Stdout != want {
		t.Errorf("output:\n%s\nwant:\n%s", r.Stdout, want)
	}
	// The README: checked out readable by others, the file draws the
	// mode warning, and chmod 600 ends it.
	file := filepath.Join(filepath.Dir(script), ".streamlit", "secrets.toml")
	fi, err := os.Stat(file)
	if err != nil {
		t.Fatal(err)
	}
	warning := ""
	if mode := fi.Mode().Perm(); mode&0o044 != 0 {
		warning = fmt.Sprintf("withsecrets: warning: %s: readable by group or others (mode %04o); run chmod 600 on it\n", file, uint32(mode))
	}
	if r.Stderr != warning {
		t.Errorf("stderr %q, want %q", r.Stderr, warning)
	}
}
