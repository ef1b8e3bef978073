package resolve

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// TestScriptOf: the main script is the command itself when it is a path to
// a #! script, or else its first argument naming a regular file; an
// interpreter given by its path is no script.
func TestScriptOf(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	writeSecrets(t, filepath.Join(dir, "app.py"), "", 0o600)
	writeSecrets(t, filepath.Join(dir, "bin", "tool"), "#!/bin/sh\n", 0o700)
	writeSecrets(t, filepath.Join(dir, "venv", "python"), "\x7fELF", 0o700)
	if err := os.Mkdir(filepath.Join(dir, "folder"), 0o700); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		argv []string
		want string
	}{
		{[]string{"python", "app.py"}, "app.py"},
		{[]string{"python3", "-u", "app.py", "other.py"}, "app.py"},
		{[]string{"./bin/tool", "app.py"}, "./bin/tool"},
		{[]string{"bin/tool"}, "bin/tool"},
		{[]string{"venv/python", "app.py"}, "app.py"},
		{[]string{"./venv/python"}, ""},
		{[]string{"python", "folder", "app.py"}, "app.py"},
		{[]string{"python", "-c", "print(1)"}, ""},
		{[]string{"app.py"}, ""}, // a bare name is looked up on PATH, not here
		{nil, ""},
	} {
		if got := ScriptOf(c.argv); got != c.want {
			t.Errorf("ScriptOf(%q) = %q, want %q", c.argv, got, c.want)
		}
	}
}

// TestDefaults: global, project, then the script's folder, each listed
// once even when two of them are the same folder.
func TestDefaults(t *testing.T) {
	home, cwd, other := t.TempDir(), t.TempDir(), t.TempDir()
	f := func(d string) string { return filepath.Join(d, ".streamlit", "secrets.toml") }
	layers := func(list []Source) []string {
		var out []string
		for _, s := range list {
			out = append(out, string(s.Layer)+" "+s.Path)
		}
		return out
	}
	for _, c := range []struct {
		name, home, script string
		want               []string
	}{
		{"no script", home, "", []string{"global " + f(home), "project " + f(cwd)}},
		{"script elsewhere", home, filepath.Join(other, "tool.py"), []string{"global " + f(home), "project " + f(cwd), "script " + f(other)}},
		{"script in the project", home, filepath.Join(cwd, "app.py"), []string{"global " + f(home), "project " + f(cwd)}},
		{"project is home", cwd, filepath.Join(other, "x"), []string{"global " + f(cwd), "script " + f(other)}},
		{"no home", "", "", []string{"project " + f(cwd)}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := layers(Defaults(c.home, cwd, c.script)); !reflect.DeepEqual(got, c.want) {
				t.Fatalf("got %q, want %q", got, c.want)
			}
		})
	}
}
