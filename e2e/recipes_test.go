package e2e

// The README's recipes, each run the way its host runs it: a Procfile line
// through sh -c as foreman and honcho do, an .envrc sourced by bash as direnv
// does, a systemd ExecStart, a Dockerfile's exec-form ENTRYPOINT and CMD as
// one argv, process substitution in bash. The #! forms are in
// everyday_test.go (TestShebang). TestReadmeRecipes keeps the README's text
// and these constants the same.

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

const (
	recipePrefix = `withsecrets python worker.py --once`

	recipeProcfile = `web: withsecrets gunicorn app:app --bind 0.0.0.0:$PORT
worker: withsecrets python worker.py`

	recipeShebang = `#!/usr/local/bin/withsecrets python3
#!/usr/local/bin/withsecrets --json-var=CONFIG python3 -u
#!/usr/bin/env -S withsecrets --json-var=CONFIG python3 -u`

	recipeEnvrc = `watch_file .streamlit/secrets.toml ~/.streamlit/secrets.toml
eval "$(withsecrets --export=shell)"`

	recipeSystemd = `[Unit]
Description=report worker

[Service]
User=app
WorkingDirectory=/srv/app
ExecStart=/usr/local/bin/withsecrets .venv/bin/python worker.py
Restart=on-failure

[Install]
WantedBy=multi-user.target`

	recipeDockerfile = `FROM python:3.12-slim
COPY withsecrets /usr/local/bin/withsecrets
WORKDIR /app
COPY . .
ENTRYPOINT ["withsecrets"]
CMD ["python", "app.py"]`

	recipeProcessSubstitution = `withsecrets --file <(sops -d secrets.enc.toml) python app.py`
)

// TestReadmeRecipes: every recipe above is in README.md, as an indented
// code block, word for word.
func TestReadmeRecipes(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for name, r := range map[string]string{
		"prefix": recipePrefix, "Procfile": recipeProcfile, "shebang": recipeShebang,
		".envrc": recipeEnvrc, "systemd": recipeSystemd, "Dockerfile": recipeDockerfile,
		"process substitution": recipeProcessSubstitution,
	} {
		lines := strings.Split(r, "\n")
		for i, l := range lines {
			if l != "" {
				lines[i] = "    " + l
			}
		}
		if !strings.Contains(string(readme), "\n"+strings.Join(lines, "\n")+"\n") {
			t.Errorf("README.md lacks the %s recipe:\n%s", name, strings.Join(lines, "\n"))
		}
	}
}

// recipeProject is a project with a secrets file, and on PATH stand-ins for
// python, python3 and gunicorn that report what they got (e2e/child's
// argsenv mode), so the recipes run word for word.
func recipeProject(t *testing.T) (project, []string) {
	t.Helper()
	skipOnWindows(t)
	p := newProject(t, "db_password = \"it's a $ecret\"\n[db]\nuser = \"jane\"\n")
	bin := t.TempDir()
	for _, name := range []string{"python", "python3", "gunicorn"} {
		writeExecutable(t, filepath.Join(bin, name), fmt.Sprintf("#!/bin/sh\nexec '%s' argsenv \"$@\"\n", childBin))
	}
	env := p.env()
	for i, kv := range env {
		if strings.HasPrefix(kv, "PATH=") {
			env[i] = "PATH=" + bin + string(os.PathListSeparator) + kv[len("PATH="):]
		}
	}
	writeFile(t, filepath.Join(p.Dir, "app.py"), "print('app')\n")
	writeFile(t, filepath.Join(p.Dir, "worker.py"), "print('worker')\n")
	return p, env
}

// wantRecipeRan asserts a recipe ran the command, with the secrets and
// with args.
func wantRecipeRan(t *testing.T, r result, args []string) {
	t.Helper()
	if r.Code != 0 {
		t.Fatalf("exit %d: %s", r.Code, r.Stderr)
	}
	o := parseObserved(t, r.Stdout)
	wantSecrets(t, o)
	if !reflect.DeepEqual(o.Args, args) {
		t.Fatalf("args %q, want %q", o.Args, args)
	}
}

func wantSecrets(t *testing.T, o observed) {
	t.Helper()
	if o.Env["db_password"] != "it's a $ecret" {
		t.Errorf("db_password = %q", o.Env["db_password"])
	}
	var tree map[string]any
	if err := json.Unmarshal([]byte(o.Env["SECRETS_JSON"]), &tree); err != nil || tree["db"] == nil {
		t.Errorf("SECRETS_JSON = %q (%v)", o.Env["SECRETS_JSON"], err)
	}
}

func TestRecipePrefix(t *testing.T) {
	p, env := recipeProject(t)
	r := execIn(t, p.Dir, env, "sh", "-c", recipePrefix)
	wantRecipeRan(t, r, []string{"worker.py", "--once"})
}

// TestRecipeProcfile runs each Procfile line as honcho does (sh -c LINE)
// and as foreman does (sh -c "exec LINE"), with PORT set by the runner.
func TestRecipeProcfile(t *testing.T) {
	p, env := recipeProject(t)
	env = append(env, "PORT=5000")
	want := map[string][]string{
		"web":    {"app:app", "--bind", "0.0.0.0:5000"},
		"worker": {"worker.py"},
	}
	for _, line := range strings.Split(recipeProcfile, "\n") {
		name, cmdline, _ := strings.Cut(line, ": ")
		for _, runner := range []struct{ name, script string }{
			{"honcho", cmdline},
			{"foreman", "exec " + cmdline},
		} {
			t.Run(name+"/"+runner.name, func(t *testing.T) {
				r := execIn(t, p.Dir, env, "/bin/sh", "-c", runner.script)
				wantRecipeRan(t, r, want[name])
			})
		}
	}
}

// TestRecipeShebang runs a script with each of the README's #! lines, from
// a working directory that is not the script's; the script's own folder
// secrets win over the project's.
func TestRecipeShebang(t *testing.T) {
	p, env := recipeProject(t)
	if !envSplitWorks() {
		t.Skip("/usr/bin/env has no -S")
	}
	scripts := t.TempDir()
	writeFile(t, filepath.Join(scripts, ".streamlit", "secrets.toml"), "script_only = \"s\"\ndb_password = \"it's a $ecret\"\n")
	writeFile(t, filepath.Join(p.Dir, ".streamlit", "secrets.toml"), "db_password = \"from the project\"\n[db]\nuser = \"jane\"\n")
	for i, line := range strings.Split(recipeShebang, "\n") {
		t.Run(line, func(t *testing.T) {
			script := filepath.Join(scripts, fmt.Sprintf("tool%d.py", i))
			writeExecutable(t, script, strings.Replace(line, "/usr/local/bin/withsecrets", wsBin, 1)+"\nprint('hi')\n")
			r := execIn(t, p.Dir, env, script, "two words", "--help", "")
			if r.Code != 0 {
				t.Fatalf("exit %d: %s", r.Code, r.Stderr)
			}
			o := parseObserved(t, r.Stdout)
			jsonVar, args := "SECRETS_JSON", []string{script, "two words", "--help", ""}
			if strings.Contains(line, "CONFIG") {
				jsonVar, args = "CONFIG", append([]string{"-u"}, args...)
			}
			if !reflect.DeepEqual(o.Args, args) {
				t.Fatalf("args %q, want %q", o.Args, args)
			}
			if o.Env["db_password"] != "it's a $ecret" || o.Env["script_only"] != "s" {
				t.Fatalf("db_password %q, script_only %q", o.Env["db_password"], o.Env["script_only"])
			}
			if !strings.Contains(o.Env[jsonVar], `"db":{"user":"jane"}`) {
				t.Fatalf("%s = %q", jsonVar, o.Env[jsonVar])
			}
		})
	}
}

// TestRecipeEnvrc sources the .envrc in bash, as direnv does, with
// watch_file (a direnv function) stubbed.
func TestRecipeEnvrc(t *testing.T) {
	p, env := recipeProject(t)
	writeFile(t, filepath.Join(p.Dir, ".envrc"), recipeEnvrc+"\n")
	r := execIn(t, p.Dir, env, "bash", "-c", `watch_file() { :; }; source ./.envrc && printf '%s\0' "$db_password" "$SECRETS_JSON"`)
	if r.Code != 0 {
		t.Fatalf("exit %d: %s", r.Code, r.Stderr)
	}
	got := strings.Split(r.Stdout, "\x00")
	if got[0] != "it's a $ecret" || got[1] != `{"db_password":"it's a $ecret","db":{"user":"jane"}}` {
		t.Fatalf("got %q", got)
	}
}

// TestRecipeSystemd runs the unit's ExecStart command line in its
// WorkingDirectory. systemd splits ExecStart itself, without a shell; this
// line has no quotes or variables, so sh -c splits it the same way.
func TestRecipeSystemd(t *testing.T) {
	p, env := recipeProject(t)
	var execStart string
	for _, l := range strings.Split(recipeSystemd, "\n") {
		if v, ok := strings.CutPrefix(l, "ExecStart="); ok {
			execStart = strings.Replace(v, "/usr/local/bin/withsecrets", wsBin, 1)
		}
	}
	writeExecutable(t, filepath.Join(p.Dir, ".venv", "bin", "python"), fmt.Sprintf("#!/bin/sh\nexec '%s' argsenv \"$@\"\n", childBin))
	r := execIn(t, p.Dir, env, "/bin/sh", "-c", execStart)
	wantRecipeRan(t, r, []string{"worker.py"})
}

// TestRecipeDockerfile runs ENTRYPOINT + CMD as the one argv Docker execs
// (no shell), and checks that withsecrets handed its PID on to the command,
// as an exec-form entrypoint must for signals to reach the app.
func TestRecipeDockerfile(t *testing.T) {
	p, env := recipeProject(t)
	var argv []string
	for _, l := range strings.Split(recipeDockerfile, "\n") {
		for _, kw := range []string{"ENTRYPOINT ", "CMD "} {
			if v, ok := strings.CutPrefix(l, kw); ok {
				var part []string
				if err := json.Unmarshal([]byte(v), &part); err != nil {
					t.Fatalf("%s is not exec form: %v", l, err)
				}
				argv = append(argv, part...)
			}
		}
	}
	if !reflect.DeepEqual(argv, []string{"withsecrets", "python", "app.py"}) {
		t.Fatalf("argv %q", argv)
	}
	// As docker run IMAGE does, and as docker run IMAGE python worker.py
	// does, replacing CMD.
	for _, args := range [][]string{argv[1:], {"python", "worker.py", "--flag", "two words"}} {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, wsBin, args...)
		cmd.Dir, cmd.Env = p.Dir, env
		var out strings.Builder
		cmd.Stdout = &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		pid := cmd.Process.Pid
		if err := cmd.Wait(); err != nil {
			t.Fatalf("%q: %v", args, err)
		}
		o := parseObserved(t, out.String())
		wantSecrets(t, o)
		if !reflect.DeepEqual(o.Args, args[1:]) {
			t.Fatalf("args %q, want %q", o.Args, args[1:])
		}
		if o.PID != pid {
			// The stand-in python is a sh script that execs the child,
			// so the PID is kept all the way down.
			t.Fatalf("the command runs as PID %d, withsecrets was %d: not exec'd", o.PID, pid)
		}
	}
}

// TestRecipeProcessSubstitution: --file <(...) reads the pipe bash gives
// (/dev/fd/63), with sops standing in as printf.
func TestRecipeProcessSubstitution(t *testing.T) {
	p, env := recipeProject(t)
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	// No secrets file in the project, so only the pipe can provide them.
	os.RemoveAll(filepath.Join(p.Dir, ".streamlit"))
	line := strings.Replace(recipeProcessSubstitution, "sops -d secrets.enc.toml", `printf '%s\n' "$DECRYPTED"`, 1)
	env = append(env, `DECRYPTED=db_password = "it's a $ecret"
[db]
user = "jane"`)
	r := execIn(t, p.Dir, env, "bash", "-c", line)
	wantRecipeRan(t, r, []string{"app.py"})
}
