package resolve

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"syscall"

	"github.com/BurntSushi/toml"
)

// Error is a failure tied to a secrets file, and where known to a position
// and a key. Its text is safe to print: it never holds a value.
type Error struct {
	Path      string
	Line, Col int
	Key       string
	Msg       string
	Err       error // an os-level cause, never a parser message
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Path)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d:%d", e.Line, e.Col)
	}
	b.WriteString(": ")
	b.WriteString(e.Msg)
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// ioError describes an os error without repeating the path, which Error
// already carries.
func ioError(path, what string, err error) *Error {
	msg := err.Error()
	var pe *fs.PathError
	if errors.As(err, &pe) {
		msg = pe.Err.Error()
	}
	var errno syscall.Errno
	if errors.As(err, &errno) {
		msg = errno.Error()
	}
	return &Error{Path: path, Msg: what + ": " + msg, Err: err}
}

// describe gives a fixed description of a TOML syntax error. The library's
// own message may quote the offending text, which may be a secret, so only
// its shape is used to pick one of these.
func describe(pe toml.ParseError) string {
	m := pe.Message
	for _, d := range descriptions {
		if strings.Contains(m, d.match) {
			return d.text
		}
	}
	return "invalid TOML"
}

var descriptions = []struct{ match, text string }{
	{"unexpected EOF", "unexpected end of file"},
	{"unterminated", "unterminated string"},
	{"Key '", "key defined twice"},
	{"has already been defined", "key defined twice"},
	{"duplicate", "key defined twice"},
	{"invalid escape", "invalid escape sequence in string"},
	{"escape", "invalid escape sequence in string"},
	{"control character", "control character in string"},
	{"invalid UTF-8", "invalid UTF-8"},
	{"invalid integer", "invalid integer"},
	{"out of range", "number out of range"},
	{"invalid float", "invalid float"},
	{"datetime", "invalid date or time"},
	{"newline", "unexpected newline"},
	{"bare key", "invalid key"},
	{"expected a top-level item", "expected a key, a table header or a comment"},
	{"after array", "invalid array"},
	{"array", "invalid array"},
	{"inline table", "invalid inline table"},
}
