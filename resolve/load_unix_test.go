//go:build unix

package resolve

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestDefaultPathUnreadable: a default path that exists but cannot be
// opened is an error, as in Streamlit, which opens each path and catches
// FileNotFoundError alone: NotADirectoryError (~/.streamlit a file),
// PermissionError (the file, or a folder on the way) and a loop of links
// stop it. Only a missing file is skipped, a dangling link included. Each
// case is tried at every default path, with a good file at the others.
func TestDefaultPathUnreadable(t *testing.T) {
	cases := []struct {
		name string
		// setup makes root/.streamlit/secrets.toml what the case says.
		setup  func(t *testing.T, root string)
		errno  syscall.Errno // 0: skipped, no error
		reason string        // in the error, or the warning when skipped
		asRoot bool          // root is let through: the case means nothing then
	}{
		{name: ".streamlit is a file", errno: syscall.ENOTDIR, reason: "not a directory",
			setup: func(t *testing.T, root string) { write(t, filepath.Join(root, ".streamlit"), "not a folder\n") }},
		{name: "secrets.toml mode 000", errno: syscall.EACCES, reason: "permission denied", asRoot: true,
			setup: func(t *testing.T, root string) {
				p := filepath.Join(root, ".streamlit", "secrets.toml")
				write(t, p, "a = 1\n")
				if err := os.Chmod(p, 0); err != nil {
					t.Fatal(err)
				}
			}},
		{name: ".streamlit mode 000", errno: syscall.EACCES, reason: "permission denied", asRoot: true,
			setup: func(t *testing.T, root string) {
				dir := filepath.Join(root, ".streamlit")
				write(t, filepath.Join(dir, "secrets.toml"), "a = 1\n")
				if err := os.Chmod(dir, 0); err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { os.Chmod(dir, 0o700) }) // or TempDir cannot remove it
			}},
		{name: "secrets.toml a loop of links", errno: syscall.ELOOP, reason: "too many levels of symbolic links",
			setup: func(t *testing.T, root string) {
				p := filepath.Join(root, ".streamlit", "secrets.toml")
				if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
					t.Fatal(err)
				}
				if err := os.Symlink(p, p); err != nil {
					t.Fatal(err)
				}
			}},
		{name: ".streamlit a loop of links", errno: syscall.ELOOP, reason: "too many levels of symbolic links",
			setup: func(t *testing.T, root string) {
				dir := filepath.Join(root, ".streamlit")
				if err := os.Symlink(dir, dir); err != nil {
					t.Fatal(err)
				}
			}},
		{name: "missing", setup: func(t *testing.T, root string) {}},
		{name: ".streamlit without secrets.toml",
			setup: func(t *testing.T, root string) {
				if err := os.Mkdir(filepath.Join(root, ".streamlit"), 0o700); err != nil {
					t.Fatal(err)
				}
			}},
		{name: "dangling link", reason: "a symbolic link to a missing target; skipped",
			setup: func(t *testing.T, root string) {
				p := filepath.Join(root, ".streamlit", "secrets.toml")
				if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
					t.Fatal(err)
				}
				if err := os.Symlink(filepath.Join(root, "not-mounted"), p); err != nil {
					t.Fatal(err)
				}
			}},
	}
	for _, c := range cases {
		for _, layer := range []Layer{Global, Project, Script} {
			t.Run(c.name+"/"+string(layer), func(t *testing.T) {
				if c.asRoot && os.Geteuid() == 0 {
					t.Skip("running as root: permissions do not stop it")
				}
				home, cwd, scriptDir := t.TempDir(), t.TempDir(), t.TempDir()
				o := Options{Home: home, Cwd: cwd, Script: filepath.Join(scriptDir, "app.py")}
				roots := map[Layer]string{Global: home, Project: cwd, Script: scriptDir}
				for l, root := range roots {
					if l != layer {
						write(t, filepath.Join(root, ".streamlit", "secrets.toml"), "ok_"+string(l)+" = 1\n")
					}
				}
				c.setup(t, roots[layer])
				bad := filepath.Join(roots[layer], ".streamlit", "secrets.toml")
				for _, allowMissing := range []bool{false, true} { // true: as --check loads
					o.AllowMissing = allowMissing
					s, err := Load(o)
					if c.errno == 0 {
						if err != nil {
							t.Fatalf("allowMissing %v: %v", allowMissing, err)
						}
						if s.Tree.Len() != 2 {
							t.Errorf("allowMissing %v: the other files were not read: %s", allowMissing, show(s.Tree))
						}
						w := strings.Join(s.Warnings(), "\n")
						if c.reason == "" && w != "" || c.reason != "" && w != bad+": "+c.reason {
							t.Errorf("allowMissing %v: warnings %q", allowMissing, w)
						}
						continue
					}
					want := bad + ": cannot open: " + c.reason
					if err == nil || err.Error() != want {
						t.Fatalf("allowMissing %v: got %v, want %s", allowMissing, err, want)
					}
					if !errors.Is(err, c.errno) || errors.Is(err, ErrNoSecrets) {
						t.Errorf("allowMissing %v: %v is not %v alone", allowMissing, err, c.errno)
					}
				}
				// Given with --file, the same path reads the same.
				_, err := Load(Options{Files: []string{bad}})
				if c.errno != 0 && (err == nil || err.Error() != bad+": cannot open: "+c.reason) {
					t.Errorf("--file: %v", err)
				}
			})
		}
	}
}
