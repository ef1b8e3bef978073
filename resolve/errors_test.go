package resolve

import (
	"fmt"
	"strings"
	"testing"
)

// TestParseErrors: each error points at the place to look, names the key
// when it is surely a key, and never shows a value (every value here holds
// the canary).
func TestParseErrors(t *testing.T) {
	C := canary
	tests := []struct {
		name, doc string
		line, col int
		key       string
		msg       string // a part of the message
	}{
		{"unterminated basic string points at its quote", "a = 1\npw = \"" + C + "\nb = 2", 2, 6, "pw", "unterminated string"},
		{"unterminated multi-line string points at its quotes", "pw = \"\"\"\n" + C + "\n\nmore", 1, 6, "pw", `no closing """`},
		{"unterminated multi-line literal", "[db]\npw = '''" + C, 2, 6, "db.pw", `no closing '''`},
		{"bad escape on a later line of a multi-line string", "pw = \"\"\"" + C + "\nxx\\qyy\"\"\"", 2, 3, "pw", "invalid escape"},
		{"surrogate escape", "pw = \"" + C + "\\uDC00\"", 1, 19, "pw", "not a Unicode scalar value"},
		{"short unicode escape", "pw = \"" + C + "\\u12\"", 1, 19, "pw", `invalid \u escape`},
		{"control character", "pw = \"" + C + "\x02\"", 1, 19, "pw", "control character"},
		{"invalid UTF-8", "pw = \"" + C + "\xc3\x28\"", 1, 19, "pw", "invalid UTF-8"},
		{"column counts characters", "pw = \"éé" + C + "\x02\"", 1, 21, "pw", "control character"},
		{"column inside a multi-byte key character", "clé = 1", 1, 3, "", "expected '='"},
		{"CRLF lines", "a = 1\r\nb = 2\r\npw = \"" + C + "\r\n", 3, 6, "pw", "unterminated string"},
		{"BOM not counted", "\xef\xbb\xbfpw = \"" + C + "\\q\"", 1, 19, "pw", "invalid escape"},
		{"duplicate key names the key", "pw = \"" + C + "\"\npw = \"" + C + "\"", 2, 1, "pw", "key pw defined twice"},
		{"duplicate table", "[db]\npw = \"" + C + "\"\n[db]", 3, 2, "db", "key db defined twice"},
		{"[[t]] then [t]", "[[t]]\npw = \"" + C + "\"\n[t]", 3, 2, "t", "key t defined twice"},
		{"value redefined as table", "db = \"" + C + "\"\n[db.x]", 2, 2, "db", "key db is already a value"},
		// The library accepts these and drops the value: withsecrets refuses.
		{"dotted table then value", "db.user = \"u\"\ndb = \"" + C + "\"\n", 2, 1, "db", "key db defined twice"},
		{"nested dotted table then value", "x.k.y = \"S\"\nx.k = \"" + C + "\"\n", 2, 1, "x.k", "key x.k defined twice"},
		{"inside an inline table", "a = { x.y = \"S\", x = \"" + C + "\" }\n", 1, 1, "a.x", "key a.x defined twice"},
		{"dotted table then array", "db.user = \"" + C + "\"\ndb = [\"x\"]\n", 2, 1, "db", "key db defined twice"},
		{"below a header, before another", "[t]\ndb.user = \"u\"\ndb = \"" + C + "\"\n[t.other]\nx = 1\n", 1, 2, "t.db", "key t.db defined twice"},
		{"below a header", "[t]\na.b = 1\na = \"" + C + "\"\n", 1, 2, "t.a", "key t.a defined twice"},
		{"unquoted value: no key named", "pw = " + C, 1, 6, "", "a string must be in quotes"},
		{"value misread as key: not named", "k = \"\"\"x\"\"\"\n" + C + "==\n", 2, 14, "", "invalid value"},
		{"bare line: not named", C + "\n", 1, 13, "", "expected '=' after the key"},
		{"missing value", "pw =\nx = \"" + C + "\"", 1, 5, "", "missing value"},
		{"unclosed array points at its bracket", "a = 1\nl = [\n  \"" + C + "\",\n", 2, 5, "", "unclosed array"},
		{"unclosed inline table", "t = {pw = \"" + C + "\"", 1, 5, "t.pw", "unclosed inline table"},
		{"garbage after a value", "pw = \"" + C + "\" x", 1, 21, "", "unexpected text after the value"},
		{"UTF-16", "\xff\xfep\x00w\x00", 1, 1, "", "UTF-16"},
		{"integer overflow", "pw = \"" + C + "\"\nn = 9223372036854775808", 2, 5, "n", "out of range"},
		{"bad date", "d = 2024-02-30", 1, 5, "d", "invalid date"},
		// Quotes in a secret close a multi-line string too early: its next
		// lines parse as TOML, and a "key" there is a piece of the secret.
		{"value line misread as key, bad escape", "sh = \"\"\"\necho \"\"\"\n" + C + " = \"ab\\c\"\n\"\"\"\n", 3, 19, "", "invalid escape"},
		{"value line misread as key, bad date", "sh = '''\necho '''\n" + C + " = 1979-99-99\n'''\n", 3, 16, "", "invalid date"},
		{"value line misread as key, unterminated", "sh = '''\necho '''\n" + C + " = 'x\n", 3, 16, "", "unterminated string"},
		{"value line misread as key, defined twice", "sh = '''\necho '''\n" + C + " = 1\n" + C + " = 2\n'''\n", 4, 1, "", "defined twice"},
		{"value line misread as key, value over table", "sh = '''\necho '''\n" + C + ".x = 1\n" + C + " = 2\n", 4, 1, "", "defined twice"},
		{"value over a dotted table in an array of tables", "[[arr]]\na.b = 1\na = \"" + C + "\"\n", 1, 3, "arr.a", "key arr.a defined twice"},
		{"value over a dotted table in an inline table of an array", "x = [{a.b = 1, a = \"" + C + "\"}]\n", 1, 1, "x.a", "key x.a defined twice"},
		// The top-level key's line comes before the string, the nested
		// key misread from the secret after it, in the same statement.
		{"value line misread as key, in an array", "x = [\n\"\"\"echo \"\"\",\n{" + C + ".b = 1, " + C + " = 2}]\n", 1, 1, "", "a key defined twice"},
		{"value line misread as key, in an inline table over lines", "x = {s = \"\"\"echo \"\"\",\n" + C + ".b = 1, " + C + " = 2}\n", 1, 1, "", "a key defined twice"},
		{"value line misread as key, in an unclosed inline table", "t = {s = \"\"\"echo \"\"\",\n" + C + " = 1", 1, 5, "", "unclosed inline table"},
		{"value line misread as key, in an unclosed inline table's table", "t = {s = \"\"\"echo \"\"\",\n" + C + " = {b = 1}", 1, 5, "", "unclosed inline table"},
		{"string after the statement: key named", "x = [{a.b = 1, a = 2}]\ns = \"\"\"\n" + C + "\"\"\"\n", 1, 1, "x.a", "key x.a defined twice"},
		{"value line misread as key, below a header", "[deploy]\nscript = \"\"\"\necho \"\"\"\n" + C + ".x = 1\n" + C + " = \"\"\"\n\"\"\"\n", 1, 2, "", "a key defined twice"},
		// The library takes a sixth quote after an escaped backslash.
		{"six quotes closing a multi-line string", "pw = \"\"\"" + C + "\\\\\"\"\"\"\"\"\n", 1, 28, "", "too many quotes closing a multi-line string"},
		{"a header's error names no earlier key", "[[srv]]\nk = \"x\"\n[[Xs]\nk=1\n", 3, 6, "", "expected ']]'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("f.toml", []byte(tt.doc))
			e, ok := err.(*Error)
			if !ok {
				t.Fatalf("got %v (%T), want *Error", err, err)
			}
			if e.Line != tt.line || e.Col != tt.col {
				t.Errorf("position %d:%d, want %d:%d (%v)", e.Line, e.Col, tt.line, tt.col, err)
			}
			if e.Key != tt.key {
				t.Errorf("key %q, want %q (%v)", e.Key, tt.key, err)
			}
			if !strings.Contains(e.Msg, tt.msg) {
				t.Errorf("message %q does not contain %q", e.Msg, tt.msg)
			}
			if strings.Contains(err.Error(), "CANARY") {
				t.Errorf("a value leaked: %v", err)
			}
		})
	}
}

// TestClassify: every message shape of BurntSushi/toml v1.6 maps to its own
// fixed text, whatever the quoted source text in it says; an unknown shape
// says only "invalid TOML".
func TestClassify(t *testing.T) {
	tests := []struct{ msg, want string }{
		{"invalid UTF-8 byte: 0xff", "invalid UTF-8"},
		{"TOML files cannot contain control characters: '0x01'", "control character"},
		{`unexpected EOF; expected '"'`, `no closing " before`},
		{`unexpected EOF; expected '"""'`, `no closing """`},
		{`unexpected EOF; expected "'"`, `no closing ' before`},
		{`unexpected EOF; expected "'''"`, `no closing '''`},
		{"strings cannot contain newlines", "before the end of the line"},
		{`unexpected '""""""'`, "too many quotes closing a multi-line string"},
		{`unexpected "''''''"`, "too many quotes closing a multi-line literal"},
		{`invalid escape in string '\q'`, "invalid escape sequence"},
		{`invalid escape: '\ '`, "invalid escape sequence"},
		{`expected two hexadecimal digits after '\x', but got "\\xZ" instead`, `invalid \x escape`},
		{`expected four hexadecimal digits after '\u', but got "\\u1" instead`, `invalid \u escape`},
		{`expected eight hexadecimal digits after '\U', but got "\\U1" instead`, `invalid \U escape`},
		{`Escaped character '\uD800' is not valid UTF-8.`, "not a Unicode scalar value"},
		{"unexpected EOF; expected value", "missing value at the end"},
		{`expected value but found '\n' instead`, "missing value after '='"},
		{`expected value but found '\r' instead`, "missing value after '='"},
		{`expected value but found "secret" instead`, "must be in quotes"},
		{"unexpected '='", "unexpected '=' in key"},
		{"unexpected '.'", "unexpected '.' in key"},
		{`expected value but found '@' instead`, "invalid value"},
		{"unexpected EOF; expected key separator '='", "expected '=' after the key"},
		{`expected '.' or '=', but got 'x' instead`, "expected '=' after the key"},
		{"unexpected '=': key name appears blank", "missing key"},
		{"unexpected '.': keys cannot start with a '.'", "cannot start with '.'"},
		{"unexpected EOF", "unexpected end of file"},
		{"expected a top-level item to end with a newline, comment, or EOF, but got 'x' instead", "unexpected text after"},
		{"expected end of table array name delimiter ']', but got 'x' instead", "']]'"},
		{"unexpected end of table name (table names cannot be empty)", "empty table name"},
		{"unexpected table separator (table names cannot be empty)", "empty part"},
		{"expected '.' or ']' to end table name, but got ' ' instead", "close the table header"},
		{"unexpected comma", "unexpected ','"},
		{"expected a comma (',') or array terminator (']'), but got end of file", "unclosed array"},
		{"expected a comma (',') or array terminator (']'), but got 'x'", "after an array element"},
		{"expected a comma or an inline table terminator '}', but got end of file instead", "unclosed inline table"},
		{"expected a comma or an inline table terminator '}', but got 'x' instead", "in an inline table"},
		{"newlines not allowed within inline tables", "newline in an inline table"},
		{"floats must start with a digit, not '.'", "must start with a digit"},
		{"invalid float: '-i'", "invalid float"},
		{"cannot use sign with non-decimal numbers: '-0x'", "cannot have a sign"},
		{`expected a digit but got 'x'`, "expected a digit after the sign"},
		{"not a binary number: '0b2'", "invalid binary"},
		{"not an octal number: '0o9'", "invalid octal"},
		{"not a hexadecimal number: '0xg'", "invalid hexadecimal"},
		{`Invalid integer "1__2": underscores must be surrounded by digits`, "invalid integer: an underscore"},
		{`Invalid integer "01": cannot have leading zeroes`, "invalid integer: leading zeros"},
		{`Invalid float "1__2.0": underscores must be surrounded by digits`, "invalid float: an underscore"},
		{`Invalid float "01.0": cannot have leading zeroes`, "invalid float: leading zeros"},
		{`Invalid float "1.": '.' must be followed by one or more digits`, "followed by a digit"},
		{`Invalid float value: "1e"`, "invalid float"},
		{"99999999999999999999 is out of range for int64", "integer out of range"},
		{"1e999 is out of range for float64", "float out of range"},
		{`invalid datetime: "1979-13-01"`, "invalid date or time"},
		{"Key 'a.b' has already been defined.", "defined twice"},
		{"Key 'a' was already created as a hash.", "cannot also be a table"},
		{"Key 'a' was already created and cannot be used as an array.", "array of tables"},
		{`"a" is not a table`, "not a table"},
		{"files cannot contain NULL bytes; probably using UTF-16; TOML files must be UTF-8", "UTF-16"},
		// Source text that looks like another shape does not fool it.
		{`invalid datetime: "x is out of range for int64"`, "invalid date or time"},
		{`expected value but found "Key" instead`, "must be in quotes"},
	}
	seen := map[*kind]bool{}
	for _, tt := range tests {
		k := classify(tt.msg)
		if k == nil {
			t.Errorf("%q: no kind", tt.msg)
			continue
		}
		seen[k] = true
		if !strings.Contains(k.text, tt.want) {
			t.Errorf("%q: %q, want it to contain %q", tt.msg, k.text, tt.want)
		}
	}
	for i := range kinds {
		if !seen[&kinds[i]] {
			t.Errorf("kind %q (prefix %q) has no test message", kinds[i].text, kinds[i].prefix)
		}
	}
	if k := classify("something new " + canary); k != nil {
		t.Errorf("an unknown message matched %q", k.text)
	}
}

// TestDeepNesting: documents nested past MaxDepth fail cleanly and fast,
// never by exhausting the stack.
func TestDeepNesting(t *testing.T) {
	for _, n := range []int{MaxDepth + 1, 10000, 1000000} {
		for _, doc := range []string{
			"a = " + strings.Repeat("[", n) + strings.Repeat("]", n),
			"a = " + strings.Repeat("{b=", n) + "1" + strings.Repeat("}", n),
			"a = " + strings.Repeat("[", n), // and never closed
			strings.Repeat("a.", n) + "a = 1",
			"[" + strings.Repeat("a.", n) + "a]",
		} {
			_, err := Parse("f.toml", []byte(doc))
			if err == nil || !strings.Contains(err.Error(), "more than 128") {
				t.Errorf("%d levels (%.20q...): %v", n, doc, err)
			}
		}
	}
	ok := "a = " + strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth)
	if _, err := Parse("f.toml", []byte(ok)); err != nil {
		t.Errorf("%d levels: %v", MaxDepth, err)
	}
}

// TestLongKeyPaths: a key's path through the inline tables it is nested in
// is bounded too. Each of MaxDepth and MaxKeyParts alone let 100 levels of
// 100-part keys through, a 40 KB file the TOML library took 5 s and 1.5 GB
// to read.
func TestLongKeyPaths(t *testing.T) {
	key := func(n int) string {
		parts := make([]string, n)
		for i := range parts {
			parts[i] = fmt.Sprintf("k%d", i)
		}
		return strings.Join(parts, ".")
	}
	const msg = "a key whose path through nested inline tables has more than 128 parts"
	for _, tt := range []struct {
		name, doc string
		at        string // where the error is, "" for none
	}{
		{"128 parts", "a = {" + key(63) + " = {" + key(64) + " = 1}}\n", ""},
		{"129 parts", "a = {" + key(63) + " = {" + key(65) + " = 1}}\n", "1:" + fmt.Sprint(len("a = {"+key(63)+" = {"+key(65)+" ="))},
		{"through arrays", "a = [[{" + key(100) + " = [{" + key(28) + " = 1}]}]]\n", "1:" + fmt.Sprint(len("a = [[{"+key(100)+" = [{"+key(28)+" ="))},
		{"dotted key outside", key(64) + " = {" + key(65) + " = 1}\n", "1:" + fmt.Sprint(len(key(64)+" = {"+key(65)+" ="))},
		{"siblings each under", "a = {" + key(100) + " = 1, " + key(100) + "x = 2, b = {" + key(100) + " = 3}}\n", ""},
		{"after a header", "[" + key(100) + "]\nx = {" + key(100) + " = 1}\n", ""},
		{"100 levels of 100 parts", "a = " + strings.Repeat("{"+key(100)+" = ", 100) + "1" + strings.Repeat("}", 100) + "\n", "1:" + fmt.Sprint(len("a = {"+key(100)+" = {"+key(100)+" ="))},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("f.toml", []byte(tt.doc))
			if tt.at == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if want := "f.toml:" + tt.at + ": " + msg; err == nil || err.Error() != want {
				t.Fatalf("got %v, want %s", err, want)
			}
		})
	}
}
