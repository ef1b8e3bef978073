package resolve

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"syscall"
	"unicode"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
)

// Error is a failure tied to a secrets file, and where known to a position
// and a key. Its text is safe to print: it never holds a value.
type Error struct {
	Path      string
	Line, Col int
	Key       string // a TOML key path as written in TOML (quoted where needed)
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

// Where an error points, since BurntSushi/toml's Position means different
// things for different errors (the start of a token, the character before
// the bad one, the end of a line...).
type locator int

const (
	atToken       locator = iota // a parser error: Start is the token
	atLexer                      // a lexer error: the last character read
	atOpenQuote                  // an unterminated string: where it began
	atEscape                     // a bad escape: the backslash
	atBadByte                    // a control character or invalid UTF-8
	atOpenBracket                // an unclosed array or inline table: its opening
	atFileStart                  // the file as a whole (UTF-16)
	atNoPosition                 // nothing trustworthy
)

// Which key to name. The library's LastKey is the key being parsed; but
// when the value that follows it is missing or unreadable, the "key" may be
// a fragment of a value misread as one (a base64 line "dGVzdA==" inside a
// string closed too early lexes as key "dGVzdA"), so it is not named then.
type keySource int

const (
	keyLast keySource = iota // pe.LastKey
	keyNone                  // never name a key
	keyMsg                   // the key quoted in the message ("Key 'a.b' ...")
)

// kind is one shape of message of BurntSushi/toml v1.6 (lex.go, parse.go,
// error.go), and the fixed text that replaces it. Messages are matched by
// their fixed prefix, or when the variable part comes first by their fixed
// suffix; the variable parts (which may be source text, thus a secret) are
// never used, except keyMsg's key, which the library builds from keys only.
type kind struct {
	prefix, suffix string
	loc            locator
	key            keySource
	text           string
}

var kinds = []kind{
	// lex.go: bytes the lexer refuses anywhere in the file.
	{prefix: "invalid UTF-8 byte: ", loc: atBadByte, text: "invalid UTF-8 (TOML files must be UTF-8)"},
	{prefix: "TOML files cannot contain control characters: ", loc: atBadByte, text: "control character not allowed (in a string, write it as an escape such as \\u0007)"},
	{prefix: "files cannot contain NULL bytes", loc: atFileStart, key: keyNone, text: "NUL byte near the start of the file: is it UTF-16? TOML files must be UTF-8"},

	// lex.go: strings.
	{prefix: `unexpected EOF; expected '"""'`, loc: atOpenQuote, text: `unterminated multi-line string: no closing """ before the end of the file`},
	{prefix: `unexpected EOF; expected "'''"`, loc: atOpenQuote, text: `unterminated multi-line literal string: no closing ''' before the end of the file`},
	{prefix: `unexpected EOF; expected '"'`, loc: atOpenQuote, text: `unterminated string: no closing " before the end of the file`},
	{prefix: `unexpected EOF; expected "'"`, loc: atOpenQuote, text: `unterminated literal string: no closing ' before the end of the file`},
	{prefix: "strings cannot contain newlines", loc: atOpenQuote, text: `unterminated string: no closing quote before the end of the line (use """ or ''' for a multi-line string)`},
	{prefix: `unexpected '""""""'`, loc: atLexer, text: `too many quotes closing a multi-line string`},
	{prefix: `unexpected "''''''"`, loc: atLexer, text: `too many quotes closing a multi-line literal string`},
	{prefix: "invalid escape in string ", loc: atEscape, text: `invalid escape sequence in string (valid: \b \t \n \f \r \e \" \\ \xHH \uHHHH \UHHHHHHHH)`},
	{prefix: "invalid escape: ", loc: atEscape, text: `invalid escape sequence in string (valid: \b \t \n \f \r \e \" \\ \xHH \uHHHH \UHHHHHHHH)`},
	{prefix: `expected two hexadecimal digits after '\x'`, loc: atEscape, text: `invalid \x escape: expected two hexadecimal digits`},
	{prefix: `expected four hexadecimal digits after '\u'`, loc: atEscape, text: `invalid \u escape: expected four hexadecimal digits`},
	{prefix: `expected eight hexadecimal digits after '\U'`, loc: atEscape, text: `invalid \U escape: expected eight hexadecimal digits`},
	{prefix: `Escaped character '\u`, loc: atEscape, text: `invalid unicode escape: not a Unicode scalar value (a surrogate or above U+10FFFF)`},

	// lex.go: structure.
	{prefix: "unexpected EOF; expected value", loc: atLexer, key: keyNone, text: "missing value at the end of the file"}, // or an unclosed array: see parseError
	{prefix: `expected value but found '\n'`, loc: atLexer, key: keyNone, text: "missing value after '='"},
	{prefix: `expected value but found '\r'`, loc: atLexer, key: keyNone, text: "missing value after '='"},
	{prefix: `expected value but found "`, loc: atToken, key: keyNone, text: "invalid value: a string must be in quotes, a boolean is true or false"},
	{prefix: "expected value but found ", loc: atLexer, key: keyNone, text: "invalid value"},
	{prefix: "unexpected EOF; expected key separator '='", loc: atLexer, key: keyNone, text: "expected '=' after the key"},
	{prefix: "expected '.' or '=', but got ", loc: atLexer, key: keyNone, text: "expected '=' after the key (a bare key is made of A-Z a-z 0-9 _ -; quote other keys)"},
	{prefix: "unexpected '=': key name appears blank", loc: atLexer, text: "missing key before '='"},
	{prefix: "unexpected '.': keys cannot start with a '.'", loc: atLexer, text: "a key cannot start with '.'"},
	{prefix: "unexpected '='", loc: atLexer, text: "unexpected '=' in key"},
	{prefix: "unexpected '.'", loc: atLexer, text: "unexpected '.' in key"},
	{prefix: "unexpected EOF", loc: atLexer, text: "unexpected end of file"},
	{prefix: "expected a top-level item to end with a newline, comment, or EOF", loc: atLexer, text: "unexpected text after the value or table header (expected a newline or a # comment)"},
	{prefix: "expected end of table array name delimiter ']'", loc: atLexer, key: keyNone, text: "expected ']]' to close the array of tables header"},
	{prefix: "unexpected end of table name (table names cannot be empty)", loc: atLexer, key: keyNone, text: "empty table name"},
	{prefix: "unexpected table separator (table names cannot be empty)", loc: atLexer, key: keyNone, text: "empty part in a table name"},
	{prefix: "expected '.' or ']' to end table name", loc: atLexer, key: keyNone, text: "expected ']' to close the table header (a bare name is made of A-Z a-z 0-9 _ -; quote other names)"},
	{prefix: "unexpected comma", loc: atLexer, text: "unexpected ','"},
	{prefix: "expected a comma (',') or array terminator (']'), but got end of file", loc: atOpenBracket, text: "unclosed array: no ']' before the end of the file"},
	{prefix: "expected a comma (',') or array terminator (']')", loc: atLexer, text: "expected ',' or ']' after an array element"},
	{prefix: "expected a comma or an inline table terminator '}', but got end of file", loc: atOpenBracket, text: "unclosed inline table: no '}' before the end of the file"},
	{prefix: "expected a comma or an inline table terminator '}'", loc: atLexer, text: "expected ',' or '}' after a value in an inline table"},
	{prefix: "newlines not allowed within inline tables", loc: atLexer, text: "newline in an inline table"},

	// lex.go: numbers.
	{prefix: "floats must start with a digit", loc: atLexer, text: "invalid float: it must start with a digit"},
	{prefix: "invalid float: ", loc: atLexer, text: "invalid float"},
	{prefix: "cannot use sign with non-decimal numbers", loc: atLexer, text: "invalid number: a hexadecimal, octal or binary number cannot have a sign"},
	{prefix: "expected a digit but got ", loc: atLexer, text: "invalid number: expected a digit after the sign"},
	{prefix: "not a binary number: ", loc: atToken, text: "invalid binary number"},
	{prefix: "not an octal number: ", loc: atToken, text: "invalid octal number"},
	{prefix: "not a hexadecimal number: ", loc: atToken, text: "invalid hexadecimal number"},

	// parse.go: values.
	{prefix: "Invalid integer ", suffix: ": underscores must be surrounded by digits", loc: atToken, text: "invalid integer: an underscore must be between two digits"},
	{prefix: "Invalid integer ", suffix: ": cannot have leading zeroes", loc: atToken, text: "invalid integer: leading zeros are not allowed"},
	{prefix: "Invalid float ", suffix: ": underscores must be surrounded by digits", loc: atToken, text: "invalid float: an underscore must be between two digits"},
	{prefix: "Invalid float ", suffix: ": cannot have leading zeroes", loc: atToken, text: "invalid float: leading zeros are not allowed"},
	{prefix: "Invalid float ", suffix: ": '.' must be followed by one or more digits", loc: atToken, text: "invalid float: '.' must be followed by a digit"},
	{prefix: "Invalid float value: ", loc: atToken, text: "invalid float"},
	{suffix: " is out of range for int64", loc: atToken, text: "integer out of range (it must fit in 64 bits)"},
	{suffix: " is out of range for float64", loc: atToken, text: "float out of range"},
	{prefix: "invalid datetime: ", loc: atToken, text: "invalid date or time (RFC 3339: 1979-05-27T07:32:00Z, 1979-05-27, 07:32:00)"},

	// parse.go: keys and tables.
	{prefix: "Key '", suffix: "' has already been defined.", loc: atToken, key: keyMsg, text: "defined twice"},
	{prefix: "Key '", suffix: "' was already created as a hash.", loc: atToken, key: keyMsg, text: "is already a value and cannot also be a table"},
	{prefix: "Key '", suffix: "' was already created and cannot be used as an array.", loc: atToken, key: keyMsg, text: "is already defined and cannot become an array of tables"},
	{suffix: " is not a table", loc: atToken, text: "a dotted key in an inline table goes through a key that is not a table"},
}

const unclosedText = "unclosed array or inline table: no closing bracket before the end of the file"

// classify finds the kind of a library message; nil when none matches.
func classify(m string) *kind {
	for i := range kinds {
		k := &kinds[i]
		if strings.HasPrefix(m, k.prefix) && strings.HasSuffix(m, k.suffix) && len(m) >= len(k.prefix)+len(k.suffix) {
			return k
		}
	}
	return nil
}

// parseError turns a library error into one that names the position and key
// but none of the source text: the library's message and ErrorWithPosition
// quote the document, so only the kind of message is used.
func parseError(path string, data []byte, err error) *Error {
	var pe toml.ParseError
	if !errors.As(err, &pe) {
		return &Error{Path: path, Msg: "invalid TOML"}
	}
	k := classify(pe.Message)
	e := &Error{Path: path, Msg: "invalid TOML"}
	loc := atLexer
	if k != nil {
		e.Msg, loc = k.text, k.loc
		if k.prefix == "unexpected EOF; expected value" {
			// At the end of the file inside [ ... , the value missing is
			// the end of an array left open.
			if s := scanTOML(data); s.unclosed >= 0 {
				e.Msg, loc = unclosedText, atOpenBracket
			}
		}
		switch k.key {
		case keyLast:
			e.Key = pe.LastKey
		case keyMsg:
			e.Key = strings.TrimSuffix(strings.TrimPrefix(pe.Message, k.prefix), k.suffix)
		}
	}
	off := locate(data, loc, pe.Position)
	if off >= 0 {
		e.Line, e.Col = lineCol(data, off)
	}
	// An unclosed bracket is pointed at where it opens, but the key being
	// parsed may be written anywhere after it, up to where the parser
	// stopped.
	keyOff := off
	if loc == atOpenBracket {
		keyOff = max(off, locate(data, atLexer, pe.Position))
	}
	if !keyTrusted(data, keyOff) {
		e.Key = ""
	}
	e.Key = safeKey(e.Key)
	switch {
	case k != nil && k.key == keyMsg && e.Key != "":
		e.Msg = "key " + e.Key + " " + e.Msg
	case k != nil && k.key == keyMsg:
		e.Msg = "a key " + e.Msg
	case e.Key != "":
		e.Msg += " (key " + e.Key + ")"
	}
	return e
}

// locate picks the byte offset an error is about, or -1.
func locate(data []byte, loc locator, p toml.Position) int {
	start, n := p.Start, p.Len
	if n < 1 {
		n = 1
	}
	clamp := func(off int) int {
		if off < 0 || len(data) == 0 {
			return 0
		}
		if off >= len(data) {
			return len(data) - 1
		}
		return off
	}
	switch loc {
	case atNoPosition:
		return -1
	case atFileStart:
		return 0
	case atBadByte:
		if off := firstBadByte(data); off >= 0 {
			return off
		}
	case atOpenQuote:
		if s := scanTOML(data); s.unterminated >= 0 && s.unterminated <= start+n {
			return s.unterminated
		}
	case atEscape:
		if s := scanTOML(data); s.badEscape >= 0 && s.badEscape >= start-3 {
			return s.badEscape
		}
	case atOpenBracket:
		if s := scanTOML(data); s.unclosed >= 0 {
			return s.unclosed
		}
		return clamp(start + n - 1)
	case atLexer:
		return clamp(start + n - 1)
	}
	return clamp(start)
}

// lineCol gives the 1-based line and column of byte offset off; columns
// count characters, as an editor shows them, each invalid byte as one.
func lineCol(data []byte, off int) (line, col int) {
	if off > len(data) {
		off = len(data)
	}
	// The library's offsets may land inside a multi-byte character (the
	// last byte read): point at the character's first byte.
	for st := off - 1; st >= 0 && st > off-utf8.UTFMax && off < len(data) && !utf8.RuneStart(data[off]); st-- {
		if r, n := utf8.DecodeRune(data[st:]); r != utf8.RuneError && st+n > off {
			off = st
			break
		}
	}
	line, lineStart := 1, 0
	for i := 0; i < off; i++ {
		if data[i] == '\n' {
			line++
			lineStart = i + 1
		}
	}
	return line, utf8.RuneCount(data[lineStart:off]) + 1
}

// firstBadByte is the offset of the first byte the TOML lexer refuses
// anywhere, comments included: invalid UTF-8, or a control character other
// than tab, newline and a CR that starts a CRLF.
func firstBadByte(data []byte) int {
	for i := 0; i < len(data); {
		r, w := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && w == 1 {
			return i
		}
		if (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || r == 0x7f {
			return i
		}
		if r == '\r' && (i+1 == len(data) || data[i+1] != '\n') {
			return i
		}
		i += w
	}
	return -1
}

// keyTrusted tells whether a key the parser reports for an error at offset
// off may be named. Quotes inside a secret can close a multi-line string
// too early (a script with echo """), and the secret's next lines then
// parse as TOML: a "key" on a later line may be a piece of the value. So
// once a multi-line string has ended on an earlier line, no key is named;
// the position still says where to look.
func keyTrusted(data []byte, off int) bool {
	return keyTrustedAfter(data, scanTOML(data).multiEnd, off)
}

// keyTrustedAfter is keyTrusted given where the first multi-line string of
// data ends (scan.multiEnd), for a caller naming many keys of one file.
func keyTrustedAfter(data []byte, end, off int) bool {
	if end < 0 {
		return true
	}
	if off < 0 {
		return false
	}
	return end > bytes.LastIndexByte(data[:off], '\n')
}

// safeKey makes a key path printable on one line. The library already
// quotes key parts that need it, control characters escaped; this is a
// second guard, since an error message is the last line of defence.
func safeKey(k string) string {
	if k == "" {
		return ""
	}
	if !utf8.ValidString(k) || strings.IndexFunc(k, func(r rune) bool { return !unicode.IsPrint(r) && r != ' ' }) >= 0 {
		return fmt.Sprintf("%+q", k)
	}
	return k
}
