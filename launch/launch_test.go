package launch

import (
	"errors"
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
