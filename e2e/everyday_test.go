package e2e

// Everyday use: #! lines, --export, --check. The README's recipes are in
// recipes_test.go.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// observed is what e2e/child's argsenv mode reports.
type observed struct {
	Args []string          `json:"args"`
	Env  map[string]string `json:"env"`
	PID  int               `json:"pid"`
}

func parseObserved(t *testing.T, out string) observed {
	t.Helper()
	var o observed
	if err := json.Unmarshal([]byte(out), &o); err != nil {
		t.Fatalf("child output %q: %v", out, err)
	}
	return o
}

func skipOnWindows(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("needs a POSIX shell and #! lines")
	}
}

// execIn runs name with args in dir and env, and returns what it gave. It
// is killed after two minutes: a #! line that is not split would make the
// script start itself forever.
//
// A script written just before it runs can fail to start with "text file
// busy" when another test forks while the file is still open for writing
// (golang.org/issue/22315); only that failure is retried.
func execIn(t *testing.T, dir string, env []string, name string, args ...string) result {
	t.Helper()
	for attempt := 1; ; attempt++ {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		cmd := exec.CommandContext(ctx, name, args...)
		cmd.Dir, cmd.Env = dir, env
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run()
		timedOut := ctx.Err() != nil
		cancel()
		if timedOut {
			t.Fatalf("%s %q still running after 2 minutes", name, args)
		}
		busy := errors.Is(err, syscall.ETXTBSY) || strings.Contains(errb.String(), "text file busy")
		if busy && attempt < 20 {
			time.Sleep(time.Duration(attempt) * 10 * time.Millisecond)
			continue
		}
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatalf("running %s: %v", name, err)
		}
		return result{Stdout: out.String(), Stderr: errb.String(), Code: code}
	}
}

// argsenvOnPath puts a program named argsenv on PATH, standing for python3
// or node: one word that a #! line can name.
func argsenvOnPath(t *testing.T, env []string) []string {
	t.Helper()
	bin := t.TempDir()
	writeExecutable(t, filepath.Join(bin, "argsenv"), fmt.Sprintf("#!/bin/sh\nexec '%s' argsenv \"$@\"\n", childBin))
	for i, kv := range env {
		if strings.HasPrefix(kv, "PATH=") {
			env[i] = "PATH=" + bin + string(os.PathListSeparator) + kv[len("PATH="):]
		}
	}
	return env
}

func writeExecutable(t *testing.T, path, content string) {
	t.Helper()
	writeFile(t, path, content)
	if err := os.Chmod(path, 0o700); err != nil {
		t.Fatal(err)
	}
}

// envSplitWorks reports whether /usr/bin/env understands -S.
func envSplitWorks() bool {
	return exec.Command("/usr/bin/env", "-S", "true").Run() == nil
}

// TestShebang runs a script through each form of #! line from a working
// directory that is not the script's, and checks the secrets of all three
// layers (global, project, script folder: later wins) and that the script's
// own arguments arrive untouched.
func TestShebang(t *testing.T) {
	skipOnWindows(t)
	p := newProject(t, "shared = \"project\"\nproject_only = \"p\"\n")
	writeFile(t, filepath.Join(p.Home, ".streamlit", "secrets.toml"), "shared = \"global\"\nglobal_only = \"g\"\n")
	scripts := t.TempDir()
	writeFile(t, filepath.Join(scripts, ".streamlit", "secrets.toml"), "shared = \"script\"\nscript_only = \"s\"\n")
	other := filepath.Join(t.TempDir(), "my secrets.toml")
	writeFile(t, other, "from_flag = \"f\"\n")
	scriptArgs := []string{"a b", "--help", "-x", "", "$HOME", "it's", "--json-var=X y"}

	cases := []struct {
		name, line string
		jsonVar    string
		want       map[string]string // variables that must be set
		absent     []string
		needEnvS   bool
		lead       []string // arguments from the #! line before the script's path
	}{
		{name: "plain", line: wsBin + " argsenv", jsonVar: "SECRETS_JSON",
			want: map[string]string{"shared": "script", "global_only": "g", "project_only": "p", "script_only": "s"}},
		{name: "the command's own option", line: wsBin + " argsenv -u", jsonVar: "SECRETS_JSON", lead: []string{"-u"},
			want: map[string]string{"shared": "script", "global_only": "g", "project_only": "p", "script_only": "s"}},
		{name: "with an option", line: wsBin + " --json-var=CFG argsenv", jsonVar: "CFG",
			want:   map[string]string{"shared": "script", "global_only": "g", "project_only": "p", "script_only": "s"},
			absent: []string{"SECRETS_JSON"}},
		{name: "quoted option", line: wsBin + ` --file "` + other + `" --json-var='CFG' argsenv`, jsonVar: "CFG",
			want:   map[string]string{"from_flag": "f"},
			absent: []string{"shared", "SECRETS_JSON"}},
		{name: "env -S", line: "/usr/bin/env -S withsecrets --json-var=CFG argsenv", jsonVar: "CFG", needEnvS: true,
			want:   map[string]string{"shared": "script", "global_only": "g", "project_only": "p", "script_only": "s"},
			absent: []string{"SECRETS_JSON"}},
	}
	// Exec mode, and a pty, where withsecrets starts itself again as the
	// command's monitor: the arguments must come through that start too.
	for _, mode := range []string{"exec", "pty"} {
		env := p.env()
		if mode == "pty" {
			env = p.env("WITHSECRETS_PTY=always")
		}
		env = argsenvOnPath(t, env)
		for _, c := range cases {
			c.want, c.absent = maps.Clone(c.want), slices.Clone(c.absent)
			t.Run(mode+"/"+c.name, func(t *testing.T) {
				if c.needEnvS && !envSplitWorks() {
					t.Skip("/usr/bin/env has no -S")
				}
				script := filepath.Join(scripts, mode+"_"+strings.ReplaceAll(c.name, " ", "_")+".py")
				writeExecutable(t, script, "#!"+c.line+"\nprint('hello')\n")
				// From the project folder, by absolute path, and from the
				// script's parent folder by a relative path.
				for _, run := range []struct{ dir, path string }{
					{p.Dir, script},
					{filepath.Dir(scripts), "./" + filepath.Join(filepath.Base(scripts), filepath.Base(script))},
				} {
					r := execIn(t, run.dir, env, run.path, scriptArgs...)
					if r.Code != 0 {
						t.Fatalf("exit %d: %s", r.Code, r.Stderr)
					}
					o := parseObserved(t, r.Stdout)
					wantArgs := append(append(append([]string{}, c.lead...), run.path), scriptArgs...)
					if !reflect.DeepEqual(o.Args, wantArgs) {
						t.Fatalf("arguments %q, want %q", o.Args, wantArgs)
					}
					if run.dir != p.Dir {
						// Not in the project: its file is not read.
						delete(c.want, "project_only")
						c.absent = append(c.absent, "project_only")
					}
					for k, v := range c.want {
						if o.Env[k] != v {
							t.Errorf("from %s: %s = %q, want %q", run.dir, k, o.Env[k], v)
						}
					}
					for _, k := range c.absent {
						if _, ok := o.Env[k]; ok {
							t.Errorf("from %s: %s is set", run.dir, k)
						}
					}
					var tree map[string]any
					if err := json.Unmarshal([]byte(o.Env[c.jsonVar]), &tree); err != nil {
						t.Errorf("%s = %q: %v", c.jsonVar, o.Env[c.jsonVar], err)
					}
				}
			})
		}
	}
}

// TestShebangBadQuote: an unclosed quote on a #! line is withsecrets' own
// error, 125, naming the script.
func TestShebangBadQuote(t *testing.T) {
	skipOnWindows(t)
	p := newProject(t, "a = 1\n")
	script := filepath.Join(p.Dir, "bad.py")
	writeExecutable(t, script, "#!"+wsBin+" --json-var=\"CFG argsenv\n")
	r := execIn(t, p.Dir, argsenvOnPath(t, p.env()), script)
	if r.Code != 125 || !strings.Contains(r.Stderr, "withsecrets: error: "+script) || !strings.Contains(r.Stderr, "quote") {
		t.Fatalf("exit %d, stderr %q", r.Code, r.Stderr)
	}
}

// TestShebangWithoutCommand: a #! line that names withsecrets but no
// command would exec the script again and again; it fails with 126 instead.
func TestShebangWithoutCommand(t *testing.T) {
	skipOnWindows(t)
	p := newProject(t, "a = 1\n")
	file := filepath.Join(p.Dir, ".streamlit", "secrets.toml")
	for _, line := range []string{
		wsBin,
		wsBin + " --json-var=CFG --pty=never",
		// Options with their values as separate words: which words are
		// values only the flag parser knows.
		wsBin + " -f " + file,
		wsBin + " --mask -f " + file,
		wsBin + " --pty never",
		// env given the script runs it again: the portable form's words
		// the other way round.
		wsBin + " env",
		wsBin + " --mask env",
		// So does any wrapper that runs its argument.
		wsBin + " nohup",
		wsBin + " nice",
		wsBin + " nice -n 5",
		wsBin + " --mask setsid -w",
		// The portable form: env finds withsecrets on PATH.
		"/usr/bin/env withsecrets",
		"/usr/bin/env -S withsecrets --mask -f " + file,
		"/usr/bin/env -S LOG_LEVEL=debug withsecrets --mask",
		"/usr/bin/env -vS withsecrets --pty never",
	} {
		t.Run(line, func(t *testing.T) {
			if strings.HasPrefix(line, "/usr/bin/env -S") && !envSplitWorks() {
				t.Skip("/usr/bin/env has no -S")
			}
			script := filepath.Join(p.Dir, "loop.sh")
			writeExecutable(t, script, "#!"+line+"\necho hi\n")
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, script, "arg")
			cmd.Dir, cmd.Env = p.Dir, p.env()
			// A loop under --mask is a growing chain of processes.
			cancelKillsGroup(cmd)
			out, err := cmd.CombinedOutput()
			if ctx.Err() != nil {
				t.Fatal("still running after a minute: it loops")
			}
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != 126 || !strings.Contains(string(out), "without a command") {
				t.Fatalf("%v: %s", err, out)
			}
		})
	}
}

// tomlString writes s as a TOML basic string.
func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// hostileValues are values that break naive shell quoting.
var hostileValues = []string{
	"plain",
	"",
	"it's",
	"'",
	`'\''`,
	`"double" and 'single'`,
	"$HOME ${HOME} $(echo pwned) `echo pwned` $((1+1))",
	`back\slash \\ \n \t \' \" \`,
	"line one\nline two\n",
	"\n",
	"cr\r\nlf\r",
	"tab\there",
	"héllo wörld ✓ 日本語 🎉",
	"!event !! ^caret ~ * ? [a-z] {a,b} ; & && || | < > >> # % =",
	"-n",
	"-e \\c",
	"  spaces around  ",
	"\x01\x02\x1b[31mred\x1b[0m\x7f",
	strings.Repeat("long'$\"\\", 2000),
}

func hostileProject(t *testing.T) project {
	var toml strings.Builder
	for i, v := range hostileValues {
		fmt.Fprintf(&toml, "V%d = %s\n", i, tomlString(v))
	}
	toml.WriteString("\"not-a-shell-name\" = \"x\"\nnumber = 3.0\n[table]\nk = \"it's\"\n")
	return newProject(t, toml.String())
}

// TestExportShellEval: eval "$(withsecrets --export=shell)" in bash and in
// dash (Debian's /bin/sh) gives every value back byte for byte, and the JSON
// variable too.
func TestExportShellEval(t *testing.T) {
	skipOnWindows(t)
	p := hostileProject(t)
	direct := execIn(t, p.Dir, p.env(), wsBin, childBin, "argsenv")
	if direct.Code != 0 {
		t.Fatalf("running the child directly: %d %s", direct.Code, direct.Stderr)
	}
	want := parseObserved(t, direct.Stdout).Env
	names := []string{"number", "SECRETS_JSON"}
	for i := range hostileValues {
		names = append(names, fmt.Sprintf("V%d", i))
	}
	var script strings.Builder
	script.WriteString(`eval "$(withsecrets --export=shell)" || exit 9` + "\n")
	for _, n := range names {
		fmt.Fprintf(&script, "printf '%%s\\0' \"$%s\"\n", n)
	}
	shells := 0
	for _, sh := range []string{"bash", "dash", "sh"} {
		path, err := exec.LookPath(sh)
		if err != nil {
			continue
		}
		shells++
		t.Run(sh, func(t *testing.T) {
			r := execIn(t, p.Dir, p.env(), path, "-c", script.String())
			if r.Code != 0 {
				t.Fatalf("exit %d: %s", r.Code, r.Stderr)
			}
			if !strings.Contains(r.Stderr, `key "not-a-shell-name"`) || strings.Contains(r.Stderr, "pwned") {
				t.Errorf("stderr %q: want a warning naming the skipped key and no value", r.Stderr)
			}
			got := strings.Split(strings.TrimSuffix(r.Stdout, "\x00"), "\x00")
			if len(got) != len(names) {
				t.Fatalf("read back %d values, want %d", len(got), len(names))
			}
			for i, n := range names {
				if got[i] != want[n] {
					t.Errorf("%s: eval gives %q, the command gets %q", n, got[i], want[n])
				}
			}
			if want["V2"] != "it's" || want["number"] != "3.0" {
				t.Fatalf("the command itself got V2=%q number=%q", want["V2"], want["number"])
			}
		})
	}
	if shells == 0 {
		t.Skip("none of bash, dash, sh found")
	}
}

func TestExportFormats(t *testing.T) {
	skipOnWindows(t)
	p := newProject(t, "a = \"it's\"\nb = \"line\\none\"\nn = 1\n[t]\nx = [1, 2.0]\n")
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"--export=shell"}, "export a='it'\\''s'\nexport b='line\none'\nexport n='1'\nexport SECRETS_JSON='{\"a\":\"it'\\''s\",\"b\":\"line\\none\",\"n\":1,\"t\":{\"x\":[1,2.0]}}'\n"},
		{[]string{"--export=dotenv"}, "a=\"it's\"\nb='line\none'\nn='1'\nSECRETS_JSON='{\"a\":\"it'\\''s\"}'\n"},
		{[]string{"--export=json"}, `{"a":"it's","b":"line\none","n":1,"t":{"x":[1,2.0]}}` + "\n"},
		{[]string{"--export=json", "--json-var="}, `{"a":"it's","b":"line\none","n":1,"t":{"x":[1,2.0]}}` + "\n"},
		{[]string{"--export=shell", "--json-var="}, "export a='it'\\''s'\nexport b='line\none'\nexport n='1'\n"},
		{[]string{"--export", "shell", "--json-var=CFG", "--", childBin, "exit", "3"}, "export a='it'\\''s'\nexport b='line\none'\nexport n='1'\nexport CFG='{\"a\":\"it'\\''s\",\"b\":\"line\\none\",\"n\":1,\"t\":{\"x\":[1,2.0]}}'\n"},
	}
	for _, c := range cases {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			r := p.run(t, nil, nil, c.args...)
			if r.Code != 0 {
				t.Fatalf("exit %d: %s", r.Code, r.Stderr)
			}
			if c.args[0] == "--export=dotenv" {
				// The JSON line is checked by the unit tests; here its
				// quoting: JSON with a ' must be double-quoted.
				if !strings.HasPrefix(r.Stdout, "a=\"it's\"\nb='line\none'\nn='1'\nSECRETS_JSON=\"{\\\"a\\\":") {
					t.Fatalf("got %q", r.Stdout)
				}
				return
			}
			if r.Stdout != c.want {
				t.Fatalf("got  %q\nwant %q", r.Stdout, c.want)
			}
		})
	}
	// The command is not run (here it does not even exist), but its
	// script's folder is read, as a run would read it.
	t.Run("a command selects the script folder", func(t *testing.T) {
		writeFile(t, filepath.Join(p.Dir, "scripts", "app.py"), "print('app')\n")
		writeFile(t, filepath.Join(p.Dir, "scripts", ".streamlit", "secrets.toml"), "n = 2\ns = \"script\"\n")
		r := p.run(t, nil, nil, "--export=json", "no-such-python", "scripts/app.py")
		if want := `{"a":"it's","b":"line\none","n":2,"t":{"x":[1,2.0]},"s":"script"}` + "\n"; r.Code != 0 || r.Stdout != want {
			t.Fatalf("exit %d, stdout %q, stderr %q; want %q", r.Code, r.Stdout, r.Stderr, want)
		}
	})
	t.Run("unknown format", func(t *testing.T) {
		r := p.run(t, nil, nil, "--export=xml")
		if r.Code != 125 || !strings.Contains(r.Stderr, "xml") {
			t.Fatalf("exit %d, stderr %q", r.Code, r.Stderr)
		}
	})
	t.Run("no file", func(t *testing.T) {
		empty := newProject(t, "")
		if r := empty.run(t, nil, nil, "--export=shell"); r.Code != 125 {
			t.Fatalf("exit %d, want 125", r.Code)
		}
		if r := empty.run(t, nil, nil, "--export=shell", "--allow-missing"); r.Code != 0 || r.Stdout != "export SECRETS_JSON='{}'\n" {
			t.Fatalf("--allow-missing: exit %d, %q", r.Code, r.Stdout)
		}
	})
}

// TestCheck: --check is 0 on a clean project, 1 with findings, 125 when a
// file cannot be read, and never prints a value.
func TestCheck(t *testing.T) {
	skipOnWindows(t)
	_, gitErr := exec.LookPath("git")
	const secret = "hunter2-SECRET-value"
	content := "password = \"" + secret + "\"\n[db]\nuser = \"" + secret + "-user\"\n"
	git := func(t *testing.T, dir string, args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.com"}, args...)...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v %s", args, err, out)
		}
	}
	cases := []struct {
		name  string
		setup func(t *testing.T, p project)
		args  []string
		code  int
		want  []string // in stdout or stderr
		git   bool
	}{
		{name: "clean", code: 0, want: []string{"no problems found", `"password"`, `"db"`}},
		{name: "clean, git ignores it", git: true, code: 0, want: []string{"no problems found"},
			setup: func(t *testing.T, p project) {
				git(t, p.Dir, "init", "-q")
				writeFile(t, filepath.Join(p.Dir, ".gitignore"), ".streamlit/secrets.toml\n")
			}},
		{name: "mode 0644", code: 1, want: []string{"readable by group or others (mode 0644)"},
			setup: func(t *testing.T, p project) { setMode(t, filepath.Join(p.Dir, ".streamlit", "secrets.toml"), 0o644) }},
		{name: "tracked by git", git: true, code: 1, want: []string{"git tracks this file"},
			setup: func(t *testing.T, p project) {
				git(t, p.Dir, "init", "-q")
				git(t, p.Dir, "add", "-f", ".streamlit/secrets.toml")
				git(t, p.Dir, "commit", "-q", "-m", "oops")
				writeFile(t, filepath.Join(p.Dir, ".gitignore"), ".streamlit/secrets.toml\n")
			}},
		{name: "not ignored by git", git: true, code: 1, want: []string{"not ignored"},
			setup: func(t *testing.T, p project) { git(t, p.Dir, "init", "-q") }},
		{name: "table replaced", code: 1, want: []string{`key "db"`, "so db.user no longer exists (the merge is top level only: repeat it here)"},
			setup: func(t *testing.T, p project) {
				writeFile(t, filepath.Join(p.Home, ".streamlit", "secrets.toml"), "[db]\nuser = \""+secret+"\"\nhost = \"h\"\n")
				writeFile(t, filepath.Join(p.Dir, ".streamlit", "secrets.toml"), "[db]\nhost = \""+secret+"\"\n")
			}},
		{name: "not a shell name", code: 1, want: []string{`key "api-key"`},
			setup: func(t *testing.T, p project) {
				writeFile(t, filepath.Join(p.Dir, ".streamlit", "secrets.toml"), "\"api-key\" = \""+secret+"\"\n")
			}},
		{name: "a name shells keep", code: 1, want: []string{`key "UID"`, "is read-only in bash", `key "RANDOM"`, "shells set themselves"},
			setup: func(t *testing.T, p project) {
				writeFile(t, filepath.Join(p.Dir, ".streamlit", "secrets.toml"), "UID = \""+secret+"\"\nRANDOM = \""+secret+"\"\n")
			}},
		{name: "dangling link", code: 1, want: []string{"secrets.toml (a symbolic link to a missing target)\n", "a symbolic link to a missing target: skipped"},
			setup: func(t *testing.T, p project) {
				dir := filepath.Join(p.Home, ".streamlit")
				if err := os.MkdirAll(dir, 0o700); err != nil {
					t.Fatal(err)
				}
				if err := os.Symlink(filepath.Join(p.Home, "not-mounted"), filepath.Join(dir, "secrets.toml")); err != nil {
					t.Skip(err)
				}
			}},
		{name: "a loop of links", code: 125, want: []string{"secrets.toml: cannot open: too many levels of symbolic links\n"},
			setup: func(t *testing.T, p project) {
				global := filepath.Join(p.Home, ".streamlit", "secrets.toml")
				if err := os.MkdirAll(filepath.Dir(global), 0o700); err != nil {
					t.Fatal(err)
				}
				if err := os.Symlink(global, global); err != nil {
					t.Skip(err)
				}
			}},
		{name: "no file", code: 1, want: []string{"missing", "no secrets file exists"},
			setup: func(t *testing.T, p project) { os.RemoveAll(filepath.Join(p.Dir, ".streamlit")) }},
		{name: "no file, allowed", code: 0, args: []string{"--allow-missing"}, want: []string{"no problems found"},
			setup: func(t *testing.T, p project) { os.RemoveAll(filepath.Join(p.Dir, ".streamlit")) }},
		{name: "invalid TOML", code: 125, want: []string{"withsecrets: error: "},
			setup: func(t *testing.T, p project) {
				writeFile(t, filepath.Join(p.Dir, ".streamlit", "secrets.toml"), "password = \""+secret+"\nx = 1\n")
			}},
		{name: "a key the command cannot get", code: 125, want: []string{"withsecrets: error: ", `"SECRETS_JSON"`},
			setup: func(t *testing.T, p project) {
				writeFile(t, filepath.Join(p.Dir, ".streamlit", "secrets.toml"), "SECRETS_JSON = \""+secret+"\"\n")
			}},
		{name: "Streamlit drops inline tables", code: 1, want: []string{`secrets.toml:2:10: key "users": Streamlit (toml 0.10.2) drops this array's inline tables from the one at 2:10 on: a string in it holds an odd number of ' quotes`},
			setup: func(t *testing.T, p project) {
				writeFile(t, filepath.Join(p.Dir, ".streamlit", "secrets.toml"), "x = 1\nusers = [{name = \"O'"+secret+"\"}]\n")
			}},
		{name: "Streamlit takes # for a comment", code: 1, want: []string{`secrets.toml:1:17: key "cfg": Streamlit (toml 0.10.2) takes this # in a multi-line string for a comment`},
			setup: func(t *testing.T, p project) {
				writeFile(t, filepath.Join(p.Dir, ".streamlit", "secrets.toml"), "cfg = \"\"\"{\"k\": \"#"+secret+"\"}\"\"\"\nb = 1\n")
			}},
		{name: "the script's folder", code: 1, args: []string{"--", "sh", "scripts/run.sh"}, want: []string{"script   ", "scripts/.streamlit/secrets.toml (found, mode 0640)"},
			setup: func(t *testing.T, p project) {
				writeFile(t, filepath.Join(p.Dir, "scripts", "run.sh"), "true\n")
				writeFile(t, filepath.Join(p.Dir, "scripts", ".streamlit", "secrets.toml"), "password = \""+secret+"\"\n")
				setMode(t, filepath.Join(p.Dir, "scripts", ".streamlit", "secrets.toml"), 0o640)
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.git && gitErr != nil {
				t.Skip("no git")
			}
			p := newProject(t, content)
			if c.setup != nil {
				c.setup(t, p)
			}
			r := p.run(t, nil, nil, append([]string{"--check"}, c.args...)...)
			if r.Code != c.code {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", r.Code, c.code, r.Stdout, r.Stderr)
			}
			if c.code == 125 && r.Stdout != "" {
				t.Errorf("a report was printed before the error:\n%s", r.Stdout)
			}
			all := r.Stdout + r.Stderr
			if strings.Contains(all, secret) {
				t.Fatalf("a value was printed:\n%s", all)
			}
			for _, w := range c.want {
				if !strings.Contains(all, w) {
					t.Errorf("output lacks %q:\n%s", w, all)
				}
			}
		})
	}
	t.Run("report not written", func(t *testing.T) {
		full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
		if err != nil {
			t.Skip(err)
		}
		defer full.Close()
		cmd := newProject(t, content).command(nil, "--check")
		var errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = full, &errb
		err = cmd.Run()
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 125 {
			t.Fatalf("got %v, want exit 125; stderr: %s", err, errb.String())
		}
	})
}

func setMode(t *testing.T, path string, mode os.FileMode) {
	t.Helper()
	if err := os.Chmod(path, mode); err != nil {
		t.Fatal(err)
	}
}
