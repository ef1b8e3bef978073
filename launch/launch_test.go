package launch

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestErrorNamesTheCommand: the message names the command so that it reads
// as a name even when empty or holding spaces or control characters.
func TestErrorNamesTheCommand(t *testing.T) {
	tests := []struct {
		name string
		err  *Error
		want string
	}{
		{"plain", &Error{Name: "psql", Kind: ErrNotFound}, "psql: command not found"},
		{"path", &Error{Name: "/opt/app/run", Kind: ErrCannotRun, Cause: errors.New("permission denied")}, "/opt/app/run: permission denied"},
		{"empty", &Error{Name: "", Kind: ErrNotFound}, `"": command not found`},
		{"space", &Error{Name: "-f x.toml", Kind: ErrNotFound}, `"-f x.toml": command not found`},
		{"escape sequence", &Error{Name: "a\x1b[2Jb", Kind: ErrNotFound}, `"a\x1b[2Jb": command not found`},
		{"not UTF-8", &Error{Name: "\xff", Kind: ErrNotFound}, `"\xff": command not found`},
		{"a quote", &Error{Name: `"`, Kind: ErrNotFound}, `"\"": command not found`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.err.Error(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestLookPathWindowsUsesTheCommandsPath: on Windows the command is looked
// up on its own PATH, as env(1) does, whatever case the name has there (Path).
// The folder logic is the same everywhere, so it is tested here with a
// program every test machine has.
func TestLookPathWindowsUsesTheCommandsPath(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Skip(err)
	}
	dir, name := filepath.Split(self)
	elsewhere := t.TempDir()
	for _, tt := range []struct {
		name  string
		env   []string
		found bool
	}{
		{"on the command's PATH", []string{"PATH=" + elsewhere + string(filepath.ListSeparator) + dir}, true},
		{"not on the command's PATH", []string{"PATH=" + elsewhere}, false},
		{"Path spelt otherwise", []string{"PATH=" + elsewhere, "Path=" + dir}, true},
		{"no PATH at all", nil, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p, err := lookPathWindows(name, tt.env)
			if tt.found && (err != nil || p != filepath.Join(dir, name)) {
				t.Errorf("got %q, %v; want %q", p, err, filepath.Join(dir, name))
			}
			if !tt.found && err == nil {
				t.Errorf("found %q, want it not found", p)
			}
		})
	}
}
