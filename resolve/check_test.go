package resolve

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

const secretValue = "s3cr3t-VALUE-never-printed"

func writeSecrets(t *testing.T, path, content string, mode os.FileMode) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil { // umask may have narrowed it
		t.Fatal(err)
	}
}

func gitIn(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-C", dir, "-c", "user.name=t", "-c", "user.email=t@example.com"}, args...)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

func findingKinds(r *Report) []FindingKind {
	var k []FindingKind
	for _, f := range r.Findings {
		k = append(k, f.Kind)
	}
	return k
}

func TestCheck(t *testing.T) {
	_, gitErr := exec.LookPath("git")
	cases := []struct {
		name    string
		global  string // content of the global file, "" for none
		project string
		mode    os.FileMode
		git     string // "", "ignored", "untracked", "tracked"
		allow   bool
		want    []FindingKind
	}{
		{name: "clean", project: "a = \"" + secretValue + "\"\n", mode: 0o600},
		{name: "group readable", project: "a = \"" + secretValue + "\"\n", mode: 0o640, want: []FindingKind{Readable}},
		{name: "world readable", project: "a = 1\n", mode: 0o604, want: []FindingKind{Readable}},
		{name: "ignored by git", project: "a = 1\n", mode: 0o600, git: "ignored"},
		{name: "not ignored by git", project: "a = 1\n", mode: 0o600, git: "untracked", want: []FindingKind{NotIgnored}},
		{name: "tracked by git", project: "a = \"" + secretValue + "\"\n", mode: 0o600, git: "tracked", want: []FindingKind{Tracked}},
		{name: "table replaced", global: "[db]\nuser = \"" + secretValue + "\"\npassword = \"x\"\n", project: "[db]\npassword = \"y\"\n", mode: 0o600, want: []FindingKind{TableReplaced}},
		{name: "nested table replaced", global: "[db]\nhost = \"h\"\n[db.replica]\nhost = \"r\"\npassword = \"" + secretValue + "\"\n", project: "[db]\nhost = \"h2\"\n[db.replica]\nhost = \"r2\"\n", mode: 0o600, want: []FindingKind{TableReplaced}},
		{name: "nested table extended is fine", global: "[db.replica]\nhost = \"r\"\n", project: "[db.replica]\nhost = \"r2\"\nport = 1\n", mode: 0o600},
		{name: "table extended is fine", global: "[db]\nuser = \"u\"\n", project: "[db]\nuser = \"v\"\nport = 1\n", mode: 0o600},
		{name: "not a shell name", project: "\"db-url\" = \"" + secretValue + "\"\n[t]\n\"not-a-var\" = 1\n", mode: 0o600, want: []FindingKind{NotShellName}},
		{name: "a name shells keep for themselves", project: "UID = \"" + secretValue + "\"\nRANDOM = 1\n[t]\nUID = 1\n", mode: 0o600, want: []FindingKind{ShellOwn, ShellOwn}},
		{name: "no file at all", want: []FindingKind{NoFiles}},
		{name: "no file, allowed", allow: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.git != "" && gitErr != nil {
				t.Skip("no git")
			}
			if runtime.GOOS == "windows" && c.mode&0o044 != 0 {
				t.Skip("no permission bits on Windows")
			}
			home, cwd := t.TempDir(), t.TempDir()
			if c.global != "" {
				writeSecrets(t, filepath.Join(home, ".streamlit", "secrets.toml"), c.global, 0o600)
			}
			if c.project != "" {
				writeSecrets(t, filepath.Join(cwd, ".streamlit", "secrets.toml"), c.project, c.mode)
			}
			switch c.git {
			case "ignored":
				gitIn(t, cwd, "init", "-q")
				writeSecrets(t, filepath.Join(cwd, ".gitignore"), ".streamlit/secrets.toml\n", 0o644)
			case "untracked":
				gitIn(t, cwd, "init", "-q")
			case "tracked":
				gitIn(t, cwd, "init", "-q")
				gitIn(t, cwd, "add", ".streamlit/secrets.toml")
				gitIn(t, cwd, "commit", "-q", "-m", "oops")
				// Ignoring it afterwards does not untrack it.
				writeSecrets(t, filepath.Join(cwd, ".gitignore"), ".streamlit/secrets.toml\n", 0o644)
			}
			s, err := Load(Options{Home: home, Cwd: cwd, AllowMissing: true})
			if err != nil {
				t.Fatal(err)
			}
			r := Check(s, CheckOptions{AllowMissing: c.allow})
			got := findingKinds(r)
			if strings.Join(kindStrings(got), ",") != strings.Join(kindStrings(c.want), ",") {
				t.Fatalf("findings %v, want %v\n%s", got, c.want, r.Format())
			}
			text := r.Format()
			if strings.Contains(text, secretValue) {
				t.Fatalf("the report shows a value:\n%s", text)
			}
			if !strings.Contains(text, filepath.Join(cwd, ".streamlit", "secrets.toml")) {
				t.Fatalf("the report does not list the project path:\n%s", text)
			}
			if (len(c.want) == 0) != strings.Contains(text, "no problems found") {
				t.Fatalf("report:\n%s", text)
			}
		})
	}
}

func kindStrings(k []FindingKind) []string {
	s := make([]string, len(k))
	for i, x := range k {
		s[i] = string(x)
	}
	return s
}

func TestCheckWithoutGit(t *testing.T) {
	cwd := t.TempDir()
	writeSecrets(t, filepath.Join(cwd, ".streamlit", "secrets.toml"), "a = 1\n", 0o600)
	s, err := Load(Options{Home: t.TempDir(), Cwd: cwd})
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", t.TempDir())
	r := Check(s, CheckOptions{})
	if len(r.Findings) != 0 || len(r.Notes) != 1 || !strings.Contains(r.Notes[0], "git not found") {
		t.Fatalf("findings %v, notes %q", r.Findings, r.Notes)
	}
}

// TestCheckNoHome: with no home folder to be found (HOME unset, a user the
// password database does not know: a container's arbitrary uid), the
// default list has no global file, and --check says why, rather than
// leave the line out in silence; not so with --file, which has none anyway.
func TestCheckNoHome(t *testing.T) {
	cwd := t.TempDir()
	file := filepath.Join(cwd, ".streamlit", "secrets.toml")
	writeSecrets(t, file, "a = 1\n", 0o600)
	for _, c := range []struct {
		name string
		o    Options
		note bool
	}{
		{"no home", Options{Cwd: cwd}, true},
		{"a home", Options{Home: t.TempDir(), Cwd: cwd}, false},
		{"--file", Options{Files: []string{file}}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, err := Load(c.o)
			if err != nil {
				t.Fatal(err)
			}
			r := Check(s, CheckOptions{})
			noted := slices.ContainsFunc(r.Notes, func(n string) bool { return strings.HasPrefix(n, "no home folder") })
			if noted != c.note {
				t.Errorf("notes %q, want the no-home note: %v", r.Notes, c.note)
			}
		})
	}
}

func TestCheckKeys(t *testing.T) {
	home, cwd := t.TempDir(), t.TempDir()
	g := filepath.Join(home, ".streamlit", "secrets.toml")
	p := filepath.Join(cwd, ".streamlit", "secrets.toml")
	writeSecrets(t, g, "a = 1\nb = [1]\n", 0o600)
	writeSecrets(t, p, "a = 2\n[c]\nx = 1\n", 0o600)
	s, err := Load(Options{Home: home, Cwd: cwd})
	if err != nil {
		t.Fatal(err)
	}
	r := Check(s, CheckOptions{})
	want := []KeyInfo{{Key: "a", Kind: "variable", Origin: p}, {Key: "b", Kind: "array", Origin: g}, {Key: "c", Kind: "table", Origin: p}}
	if len(r.Keys) != len(want) {
		t.Fatalf("keys %v, want %v", r.Keys, want)
	}
	for i := range want {
		got := r.Keys[i]
		got.Where = Pos{}
		if got != want[i] {
			t.Errorf("key %d: %v, want %v", i, r.Keys[i], want[i])
		}
	}
}

func TestIsShellName(t *testing.T) {
	for name, want := range map[string]bool{
		"a": true, "_": true, "A_1": true, "db_password": true,
		"": false, "1a": false, "db-url": false, "a.b": false, "a b": false, "é": false,
	} {
		if IsShellName(name) != want {
			t.Errorf("IsShellName(%q) = %v", name, !want)
		}
	}
}

// TestCheckReplacedPaths: the table-replaced finding names every key the
// shallow merge drops, at any depth below the replaced table, quoted as
// TOML quotes a key, and never a value.
func TestCheckReplacedPaths(t *testing.T) {
	cases := []struct {
		name, global, project, want string
	}{
		{"top level", "[db]\nuser = \"u\"\npassword = \"p\"\n", "[db]\npassword = \"q\"\n", "so db.user no longer exists"},
		{"below a sub-table", "[db]\nhost = \"h\"\n[db.replica]\nhost = \"r\"\npassword = \"p\"\n", "[db]\nhost = \"h\"\n[db.replica]\nhost = \"r\"\n", "so db.replica.password no longer exists"},
		{"two levels down", "[a.b.c]\nx = 1\ny = 2\n", "[a.b.c]\nx = 1\n", "so a.b.c.y no longer exists"},
		{"sub-table now a value", "[db.replica]\nhost = \"r\"\n", "[db]\nreplica = \"r\"\n", "so db.replica.host no longer exists"},
		{"quoted parts", "[db.\"the replica\"]\n\"pass word\" = \"p\"\nk = 1\n", "[db.\"the replica\"]\nk = 1\n", `so db."the replica"."pass word" no longer exists`},
		{"table now a value", "[db]\nuser = \"u\"\n[db.replica]\nhost = \"r\"\n", "db = \"x\"\n", "so db.user, db.replica no longer exist"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			home, cwd := t.TempDir(), t.TempDir()
			writeSecrets(t, filepath.Join(home, ".streamlit", "secrets.toml"), c.global, 0o600)
			writeSecrets(t, filepath.Join(cwd, ".streamlit", "secrets.toml"), c.project, 0o600)
			s, err := Load(Options{Home: home, Cwd: cwd})
			if err != nil {
				t.Fatal(err)
			}
			r := Check(s, CheckOptions{})
			if got := findingKinds(r); len(got) != 1 || got[0] != TableReplaced {
				t.Fatalf("findings %v, want one %s\n%s", got, TableReplaced, r.Format())
			}
			if !strings.Contains(r.Findings[0].Msg, c.want) {
				t.Errorf("finding %q, want it to say %q", r.Findings[0].Msg, c.want)
			}
		})
	}
}

// TestCheckHiddenKey: quotes in a secret can close a multi-line string
// early (a script holding echo """), and the secret's next line then
// parses as a key of its own. Errors name such a key by position only
// (Pos.Hidden); so does the report, keys list and findings alike.
func TestCheckHiddenKey(t *testing.T) {
	const piece = "CANARY-7f3a9"
	for _, tt := range []struct {
		name, doc, want string
	}{
		{"not a shell name", "s = \"\"\"echo \"\"\"\n" + piece + " = \"a\"\n", "(a key at 2:1)"},
		{"a shell's own name", "s = \"\"\"echo \"\"\"\nRANDOM = \"" + piece + "\"\n", "(a key at 2:1)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "s.toml")
			writeSecrets(t, path, tt.doc, 0o600)
			s, err := Load(Options{Files: []string{path}})
			if err != nil {
				t.Fatal(err)
			}
			r := Check(s, CheckOptions{Git: "/nonexistent/git"})
			if len(r.Findings) == 0 {
				t.Fatal("no finding about the key")
			}
			out := r.Format()
			if strings.Contains(out, piece) || strings.Contains(out, "RANDOM") {
				t.Errorf("the report names a key that may be a piece of a value:\n%s", out)
			}
			if !strings.Contains(out, ":2:1: the key there is ") {
				t.Errorf("the finding does not point at the key:\n%s", out)
			}
			if !strings.Contains(out, tt.want) {
				t.Errorf("the report does not give the key's position %s:\n%s", tt.want, out)
			}
		})
	}
}

// TestCheckHiddenReplacedKey: the table-replaced finding names the keys a
// later file drops; a name that may be a piece of a secret (a [t.sub]
// header or t.sub key after a multi-line string closed early, in the
// earlier file, or the replacing key itself after one in the later file)
// is counted or placed instead. The subkey's name was quoted.
func TestCheckHiddenReplacedKey(t *testing.T) {
	const piece = "CANARY7f3a9"
	for _, tt := range []struct {
		name, earlier, later, want string
	}{
		{"header below a table", "t.a = 1\ns = \"\"\"echo \"\"\"\n[t." + piece + "]\nx = 1\n", "t = \"v\"\n", `key "t": replaces the whole table from`},
		{"dotted key below a table", "t.a = 1\ns = \"\"\"echo \"\"\"\nt." + piece + " = 1\n", "t = \"v\"\n", "2 keys below it"},
		{"hidden in both files", "s = \"\"\"echo \"\"\"\n[" + piece + "]\nx = 1\n", "s = \"\"\"echo \"\"\"\n" + piece + " = \"v\"\n", ":2:1: the key there replaces"},
		// A plain key line in the table's own section, or in an inline
		// table written over lines, is as much a piece as a header is.
		{"key in the table's section", "[t]\na = 1\ns = \"\"\"echo \"\"\"\n" + piece + " = 1\n", "t = \"v\"\n", "3 keys below it"},
		{"key in a later section of the table", "[t.u]\nv = 1\n[t]\ns = \"\"\"echo \"\"\"\n" + piece + " = 1\n", "[t]\nu = 2\n", "3 keys below it"},
		{"key in an inline table over lines", "t = {a = 1, s = \"\"\"echo \"\"\",\n" + piece + " = 1}\n", "t = \"v\"\n", "3 keys below it"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			a, b := filepath.Join(dir, "a.toml"), filepath.Join(dir, "b.toml")
			writeSecrets(t, a, tt.earlier, 0o600)
			writeSecrets(t, b, tt.later, 0o600)
			s, err := Load(Options{Files: []string{a, b}})
			if err != nil {
				t.Fatal(err)
			}
			r := Check(s, CheckOptions{Git: "/nonexistent/git"})
			if got := findingKinds(r); len(got) != 1 || got[0] != TableReplaced {
				t.Fatalf("findings %v, want one %s\n%s", got, TableReplaced, r.Format())
			}
			out := r.Format()
			if strings.Contains(out, piece) {
				t.Errorf("the report names a key that may be a piece of a value:\n%s", out)
			}
			if !strings.Contains(out, tt.want) {
				t.Errorf("the report does not say %q:\n%s", tt.want, out)
			}
		})
	}
}
