package e2e

// Bad and hostile input: every failure exits 125 before the command runs,
// names the file, the line and the key, and never prints a value. Each
// secret in these tests holds the canary, and no output may contain it.

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

const canary = "CANARY-7f3a9"

// ran is what the command prints when it runs at all.
const ran = "COMMAND-RAN"

// canaryUTF16 is the canary as a UTF-16 file (malformed/utf16-file.toml)
// holds it: a message quoting those bytes would leak it too.
var canaryUTF16 = func() string {
	var b strings.Builder
	for _, c := range canary {
		b.WriteByte(byte(c))
		b.WriteByte(0)
	}
	return b.String()
}()

func (r result) noCanary(t *testing.T) {
	t.Helper()
	leaked := func(s string) bool {
		return strings.Contains(s, canary) || strings.Contains(s, canaryUTF16) || strings.Contains(s, canaryUTF16[1:])
	}
	if leaked(r.Stdout) || leaked(r.Stderr) {
		t.Errorf("a secret value leaked into the output:\nstdout: %q\nstderr: %q", r.Stdout, r.Stderr)
	}
}

// wantStderr asserts withsecrets' whole stderr.
func (r result) wantStderr(t *testing.T, want string) {
	t.Helper()
	if r.Stderr != want {
		t.Errorf("stderr:\n got %q\nwant %q", r.Stderr, want)
	}
}

// failedBeforeRunning asserts exit 125, an error on stderr and the command
// not run.
func (r result) failedBeforeRunning(t *testing.T) {
	t.Helper()
	if r.Code != 125 {
		t.Errorf("exit %d, want 125; stderr: %q", r.Code, r.Stderr)
	}
	if strings.Contains(r.Stdout, ran) {
		t.Errorf("the command ran; stdout: %q", r.Stdout)
	}
	if !strings.HasPrefix(r.Stderr, "withsecrets: error: ") {
		t.Errorf("stderr %q does not start with the error prefix", r.Stderr)
	}
	r.noCanary(t)
}

// TestMalformedCorpus runs every file of testdata/malformed, which
// want.txt lists with the position and message expected.
func TestMalformedCorpus(t *testing.T) {
	dir, err := filepath.Abs(filepath.Join("testdata", "malformed"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][2]string{}
	f, err := os.Open(filepath.Join(dir, "want.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		parts := strings.SplitN(line, "\t", 3)
		if len(parts) != 3 {
			t.Fatalf("want.txt: bad line %q", line)
		}
		want[parts[0]] = [2]string{parts[1], parts[2]}
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 40 {
		t.Fatalf("only %d malformed files, want at least 40", len(files))
	}
	if len(files) != len(want) {
		t.Errorf("%d .toml files but %d lines in want.txt", len(files), len(want))
	}
	p := newProject(t, "")
	for _, path := range files {
		name := filepath.Base(path)
		t.Run(strings.TrimSuffix(name, ".toml"), func(t *testing.T) {
			w, ok := want[name]
			if !ok {
				t.Fatalf("%s is not in want.txt", name)
			}
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(data), canary) && !strings.Contains(string(data), "C\x00A\x00N\x00A\x00R\x00Y\x00") {
				t.Fatalf("%s holds no canary", name)
			}
			r := p.run(t, nil, nil, "--file", path, "child", "args", ran)
			r.failedBeforeRunning(t)
			exp := "withsecrets: error: " + path + ":" + w[0] + ": " + w[1] + "\n"
			if r.Stderr != exp {
				t.Errorf("stderr:\n got %q\nwant %q", r.Stderr, exp)
			}
		})
	}
}

// TestUnrepresentable covers keys and values that cannot be environment
// variables, and sizes execve would refuse with E2BIG.
func TestUnrepresentable(t *testing.T) {
	big := strings.Repeat("x", 128<<10) + canary
	tests := []struct {
		name, toml string
		args       []string
		want       string // the whole message after "withsecrets: error: FILE"
	}{
		{"empty key", "A = 1\n\"\" = \"" + canary + "\"\n", nil,
			`:2:1: key "": an empty key cannot be an environment variable`},
		{"equals in key", "# c\n  \"A=B\" = \"" + canary + "\"\n", nil,
			`:2:3: key "A=B": a key containing '=' cannot be an environment variable`},
		{"NUL in key", `"A\u0000B" = "` + canary + `"` + "\n", nil,
			`:1:1: key "A\x00B": a key containing a NUL byte cannot be an environment variable`},
		{"NUL in value", `TOKEN = "` + canary + `\u0000tail"` + "\n", nil,
			`:1:1: key "TOKEN": the value contains a NUL byte, which an environment variable cannot hold`},
		// Quotes in a secret closed its multi-line string too early: the
		// lines after may be pieces of it, so the key is not named.
		{"NUL in value, after a multi-line string", "s = \"\"\"echo \"\"\"\n" + canary + " = \"a\\u0000\"\n", nil,
			`:2:1: the value contains a NUL byte, which an environment variable cannot hold`},
		{"key named like the JSON variable", "[SECRETS_JSON]\nx = \"" + canary + "\"\n", nil,
			`:1:2: key "SECRETS_JSON": a root key may not be named like the JSON variable (rename the key, or choose another name with --json-var)`},
		{"key named like a renamed JSON variable", `ALL = "` + canary + `"` + "\n", []string{"--json-var", "ALL"},
			`:1:1: key "ALL": a root key may not be named like the JSON variable (rename the key, or choose another name with --json-var)`},
		{"variable over MAX_ARG_STRLEN", `BIG = "` + big + `"` + "\n", []string{"--json-var="},
			`:1:1: key "BIG": the variable would be 131089 bytes, more than the 131072 bytes Linux allows for one environment variable (MAX_ARG_STRLEN)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newProject(t, tt.toml)
			args := append(append([]string{}, tt.args...), "child", "args", ran)
			r := p.run(t, nil, nil, args...)
			r.failedBeforeRunning(t)
			file := filepath.Join(p.Dir, ".streamlit", "secrets.toml")
			r.wantStderr(t, "withsecrets: error: "+file+tt.want+"\n")
		})
	}
	t.Run("JSON over MAX_ARG_STRLEN", func(t *testing.T) {
		p := newProject(t, "[t]\nBIG = \""+big+"\"\n")
		r := p.run(t, nil, nil, "child", "args", ran)
		r.failedBeforeRunning(t)
		file := filepath.Join(p.Dir, ".streamlit", "secrets.toml")
		r.wantStderr(t, "withsecrets: error: SECRETS_JSON would be 131114 bytes, more than the 131072 bytes Linux allows for one environment variable (MAX_ARG_STRLEN); the largest top-level key is \"t\" (131094 bytes from "+file+"); turn it off with --json-var=\n")
	})
}

// TestPermissionWarning: a secrets file others can read warns as ssh does
// and still runs; a private one is silent.
func TestPermissionWarning(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no permission bits on Windows")
	}
	for _, tt := range []struct {
		mode os.FileMode
		warn bool
	}{{0o644, true}, {0o640, true}, {0o604, true}, {0o600, false}, {0o400, false}} {
		t.Run(tt.mode.String(), func(t *testing.T) {
			p := newProject(t, `TOKEN = "`+canary+`"`+"\n")
			file := filepath.Join(p.Dir, ".streamlit", "secrets.toml")
			if err := os.Chmod(file, tt.mode); err != nil {
				t.Fatal(err)
			}
			r := p.run(t, nil, nil, "child", "args", ran)
			if r.Code != 0 || strings.TrimSpace(r.Stdout) != `["`+ran+`"]` {
				t.Fatalf("exit %d, stdout %q, stderr %q", r.Code, r.Stdout, r.Stderr)
			}
			r.noCanary(t)
			if !tt.warn {
				if r.Stderr != "" {
					t.Errorf("a %04o file gave output on stderr: %q", tt.mode, r.Stderr)
				}
				return
			}
			exp := "withsecrets: warning: " + file + ": readable by group or others (mode " + fmt.Sprintf("%04o", uint32(tt.mode)) + "); run chmod 600 on it\n"
			if r.Stderr != exp {
				t.Errorf("stderr:\n got %q\nwant %q", r.Stderr, exp)
			}
		})
	}
}

// TestFileKinds: folders, pipes, unreadable and oversized files.
func TestFileKinds(t *testing.T) {
	t.Run("folder named secrets.toml", func(t *testing.T) {
		p := newProject(t, "")
		dir := filepath.Join(p.Dir, ".streamlit", "secrets.toml")
		if err := os.MkdirAll(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		r := p.run(t, nil, nil, "child", "args", ran)
		r.failedBeforeRunning(t)
		r.wantStderr(t, "withsecrets: error: "+dir+": is a directory, expected a TOML file\n")
	})
	t.Run("missing --file", func(t *testing.T) {
		p := newProject(t, "")
		path := filepath.Join(p.Dir, "nope.toml")
		r := p.run(t, nil, nil, "--file", path, "child", "args", ran)
		r.failedBeforeRunning(t)
		r.wantStderr(t, "withsecrets: error: "+path+": no such file\n")
	})
	t.Run("dangling symlink as --file", func(t *testing.T) {
		p := newProject(t, "")
		link := filepath.Join(p.Dir, "link.toml")
		if err := os.Symlink(filepath.Join(p.Dir, "gone.toml"), link); err != nil {
			t.Skip(err)
		}
		r := p.run(t, nil, nil, "--file", link, "child", "args", ran)
		r.failedBeforeRunning(t)
		r.wantStderr(t, "withsecrets: error: "+link+": no such file (a symbolic link to a missing target)\n")
	})
	t.Run("dangling symlink as a default file", func(t *testing.T) {
		// Streamlit skips it (open() raises FileNotFoundError); so do we, but say so.
		p := newProject(t, "")
		writeFile(t, filepath.Join(p.Home, ".streamlit", "secrets.toml"), `TOKEN = "`+canary+`"`+"\n")
		link := filepath.Join(p.Dir, ".streamlit", "secrets.toml")
		os.MkdirAll(filepath.Dir(link), 0o700)
		if err := os.Symlink(filepath.Join(p.Dir, "gone.toml"), link); err != nil {
			t.Skip(err)
		}
		r := p.run(t, nil, nil, "child", "args", ran)
		if r.Code != 0 || !strings.Contains(r.Stdout, ran) {
			t.Fatalf("exit %d, stdout %q, stderr %q", r.Code, r.Stdout, r.Stderr)
		}
		r.wantStderr(t, "withsecrets: warning: "+link+": a symbolic link to a missing target; skipped\n")
		r.noCanary(t)
	})
	t.Run("unreadable file", func(t *testing.T) {
		if runtime.GOOS == "windows" {
			t.Skip("no permission bits on Windows")
		}
		p := newProject(t, `TOKEN = "`+canary+`"`+"\n")
		file := filepath.Join(p.Dir, ".streamlit", "secrets.toml")
		if err := os.Chmod(file, 0); err != nil {
			t.Fatal(err)
		}
		if f, err := os.Open(file); err == nil {
			f.Close()
			t.Skip("running as root: a mode 000 file is still readable")
		}
		r := p.run(t, nil, nil, "child", "args", ran)
		r.failedBeforeRunning(t)
		r.wantStderr(t, "withsecrets: error: "+file+": cannot open: permission denied\n")
	})
	t.Run("100 MB file", func(t *testing.T) {
		p := newProject(t, "")
		path := filepath.Join(p.Dir, "huge.toml")
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		f.WriteString(`TOKEN = "` + canary + `"` + "\n")
		if err := f.Truncate(100 << 20); err != nil { // sparse: cheap to make
			t.Fatal(err)
		}
		f.Close()
		os.Chmod(path, 0o600)
		r := p.run(t, nil, nil, "--file", path, "child", "args", ran)
		r.failedBeforeRunning(t)
		r.wantStderr(t, "withsecrets: error: "+path+": file is larger than the 16 MiB limit for a secrets file\n")
	})
	t.Run("100 MB through a pipe", func(t *testing.T) {
		if runtime.GOOS == "windows" {
			t.Skip("no /dev/fd on Windows")
		}
		p := newProject(t, "")
		pr, pw, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		go func() {
			defer pw.Close()
			pw.WriteString(`TOKEN = "` + canary + `"` + "\n")
			chunk := make([]byte, 1<<20)
			for i := 0; i < 100; i++ {
				if _, err := pw.Write(chunk); err != nil {
					return // withsecrets stopped reading: what we want
				}
			}
		}()
		r := runWithFiles(t, p, []*os.File{pr}, "--file", "/dev/fd/3", "child", "args", ran)
		pr.Close()
		r.failedBeforeRunning(t)
		r.wantStderr(t, "withsecrets: error: /dev/fd/3: file is larger than the 16 MiB limit for a secrets file\n")
	})
}

// TestDefaultPathUnreadable: a default path that exists but cannot be
// opened stops withsecrets as it stops Streamlit, whose open() is let off
// only for FileNotFoundError: ~/.streamlit a file, a file or folder that
// may not be read, a loop of links. The run and --check both fail with the
// error a --file gets, before the command runs and without a report, even
// with a good file at the other default path.
func TestDefaultPathUnreadable(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no such paths on Windows: a path through a file is a missing one there, for Python too")
	}
	cases := []struct {
		name   string
		setup  func(t *testing.T, root string) // makes root/.streamlit/secrets.toml unreadable
		reason string
		asRoot bool // root is let through: the case means nothing then
	}{
		{name: ".streamlit is a file", reason: "not a directory",
			setup: func(t *testing.T, root string) { writeFile(t, filepath.Join(root, ".streamlit"), "not a folder\n") }},
		{name: "a loop of links", reason: "too many levels of symbolic links",
			setup: func(t *testing.T, root string) {
				p := filepath.Join(root, ".streamlit", "secrets.toml")
				if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
					t.Fatal(err)
				}
				if err := os.Symlink(p, p); err != nil {
					t.Fatal(err)
				}
			}},
		{name: "secrets.toml mode 000", reason: "permission denied", asRoot: true,
			setup: func(t *testing.T, root string) {
				p := filepath.Join(root, ".streamlit", "secrets.toml")
				writeFile(t, p, `TOKEN = "`+canary+`"`+"\n")
				setMode(t, p, 0)
			}},
		{name: ".streamlit mode 000", reason: "permission denied", asRoot: true,
			setup: func(t *testing.T, root string) {
				dir := filepath.Join(root, ".streamlit")
				writeFile(t, filepath.Join(dir, "secrets.toml"), `TOKEN = "`+canary+`"`+"\n")
				setMode(t, dir, 0)
				t.Cleanup(func() { os.Chmod(dir, 0o700) }) // or TempDir cannot remove it
			}},
	}
	for _, c := range cases {
		for _, global := range []bool{true, false} {
			where := "project"
			if global {
				where = "global"
			}
			t.Run(c.name+"/"+where, func(t *testing.T) {
				if c.asRoot && os.Geteuid() == 0 {
					t.Skip("running as root: permissions do not stop it")
				}
				p := newProject(t, "")
				bad, good := p.Dir, p.Home
				if global {
					bad, good = p.Home, p.Dir
				}
				writeFile(t, filepath.Join(good, ".streamlit", "secrets.toml"), `TOKEN = "`+canary+`"`+"\n")
				c.setup(t, bad)
				want := "withsecrets: error: " + filepath.Join(bad, ".streamlit", "secrets.toml") + ": cannot open: " + c.reason + "\n"
				r := p.run(t, nil, nil, "child", "args", ran)
				r.failedBeforeRunning(t)
				r.wantStderr(t, want)
				r = p.run(t, nil, nil, "--check")
				if r.Code != 125 || r.Stdout != "" {
					t.Errorf("--check: exit %d, want 125 and no report; stdout:\n%s", r.Code, r.Stdout)
				}
				r.wantStderr(t, want)
				r.noCanary(t)
			})
		}
	}
}

// runWithFiles is project.run with extra descriptors from 3 on.
func runWithFiles(t *testing.T, p project, files []*os.File, args ...string) result {
	t.Helper()
	cmd := p.command(nil, args...)
	cmd.ExtraFiles = files
	return runCmd(t, cmd)
}

// TestFileFromPipe: --file /dev/fd/N (process substitution) is read, never
// stat-and-seek.
func TestFileFromPipe(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no /dev/fd on Windows")
	}
	check := func(t *testing.T, r result) {
		t.Helper()
		if r.Code != 0 {
			t.Fatalf("exit %d, stderr %q", r.Code, r.Stderr)
		}
		var env map[string]any
		if err := json.Unmarshal([]byte(r.Stdout), &env); err != nil {
			t.Fatalf("child output %q: %v", r.Stdout, err)
		}
		if env["TOKEN"] != canary {
			t.Errorf("TOKEN = %q, want the value from the pipe", env["TOKEN"])
		}
		if r.Stderr != "" {
			t.Errorf("a pipe gave output on stderr: %q", r.Stderr)
		}
	}
	t.Run("os.Pipe as /dev/fd/3", func(t *testing.T) {
		p := newProject(t, "")
		pr, pw, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		go func() {
			pw.WriteString(`TOKEN = "` + canary + `"` + "\n")
			pw.Close()
		}()
		r := runWithFiles(t, p, []*os.File{pr}, "--file", "/dev/fd/3", "child", "env")
		pr.Close()
		check(t, r)
	})
	t.Run("bash process substitution", func(t *testing.T) {
		bash, err := exec.LookPath("bash")
		if err != nil {
			t.Skip("no bash")
		}
		p := newProject(t, "")
		cmd := exec.Command(bash, "-c", `exec "$WS" --file <(printf 'TOKEN = "%s"\n' "$CANARY") child env`)
		cmd.Dir = p.Dir
		cmd.Env = p.env("WS="+wsBin, "CANARY="+canary)
		var out, errb strings.Builder
		cmd.Stdout, cmd.Stderr = &out, &errb
		code := 0
		if err := cmd.Run(); err != nil {
			ee, ok := err.(*exec.ExitError)
			if !ok {
				t.Fatal(err)
			}
			code = ee.ExitCode()
		}
		check(t, result{Stdout: out.String(), Stderr: errb.String(), Code: code})
	})
}

// TestExecSizeLimit: many variables each under MAX_ARG_STRLEN but together
// over ARG_MAX fail before exec, not with E2BIG from it.
func TestExecSizeLimit(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the total limit is checked on Linux only")
	}
	var b strings.Builder
	val := strings.Repeat("v", 100<<10) + canary
	for i := 0; i < 100; i++ { // 10 MB: over any default ARG_MAX (6 MiB at most)
		b.WriteString("K" + string(rune('A'+i/26)) + string(rune('A'+i%26)) + ` = "` + val + `"` + "\n")
	}
	p := newProject(t, b.String())
	r := p.run(t, nil, nil, "--json-var=", "child", "args", ran)
	r.failedBeforeRunning(t)
	for _, w := range []string{"ARG_MAX", "the secrets add"} {
		if !strings.Contains(r.Stderr, w) {
			t.Errorf("stderr %q does not contain %q", r.Stderr, w)
		}
	}
	if strings.Contains(r.Stderr, "argument list too long") {
		t.Errorf("E2BIG reached exec: %q", r.Stderr)
	}
}
