package resolve

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const canary = "CANARY-7f3a9"

// canaryLines put the canary in a value, on a line of its own, in the
// ways a value can be written well and badly. After a newline the lexer is
// at a key, in an array or inline table, or inside a multi-line string, so
// whatever the fuzzed prefix is, the canary is never part of a key: any
// error text holding it is a leak.
var canaryLines = []string{
	`secret = "` + canary + `"`,
	`secret = '` + canary + `'`,
	`secret = """` + canary + `"""`,
	`secret = '''` + canary + `'''`,
	`secret = ["x", "` + canary + `"]`,
	`secret = {inner = "` + canary + `"}`,
	`secret = "` + canary,
	`secret = '` + canary,
	"secret = \"\"\"\n" + canary,
	"secret = '''\n" + canary,
	`secret = "` + canary + `\q"`,
	`secret = "` + canary + `\uD800"`,
	`secret = "` + canary + "\x01\"",
	`secret = "` + canary + "\xff\"",
	`secret = ` + canary,
	`secret = "` + canary + `" trailing`,
	`secret = ["` + canary + `" "y"]`,
	`secret = {a = "` + canary + `" b = 1}`,
	`secret = """` + canary + `""""""`,
	canary + `==`,
}

func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("..", "e2e", "testdata", "malformed", "*.toml"))
	for i, p := range seeds {
		if b, err := os.ReadFile(p); err == nil {
			b = bytes.ReplaceAll(b, []byte(canary), []byte("v"))
			f.Add(b, []byte("\nz = 1\n"), uint8(i))
		}
	}
	for _, s := range []string{
		"", "a = 1", "[t]\nk = 'v'", "[[t]]\nx = 1\n[[t]]\nx = 2", "a = [", "a = {", "x = \"\"\"",
		"x = '''", "a.b.c = 1", "# comment", "k = \"v\"\nk = 1", "[a]\n[a]", "\xef\xbb\xbfa = 1",
		"a = 1\r\n", "a = 1979-05-27T07:32:00Z", "a = {b = 1, b.c = 2}", "\"quoted key\" = 1",
	} {
		f.Add([]byte(s), []byte(""), uint8(len(s)))
	}
	f.Fuzz(func(t *testing.T, prefix, suffix []byte, which uint8) {
		if bytes.Contains(prefix, []byte("CANARY")) || bytes.Contains(suffix, []byte("CANARY")) {
			t.Skip()
		}
		// The fuzzed text alone: any input, checked for the shape of its
		// error.
		checkShape(t, prefix)
		// The same with a canary in a value.
		doc := append(append(append(append([]byte{}, prefix...), '\n'), canaryLines[int(which)%len(canaryLines)]...), '\n')
		doc = append(doc, suffix...)
		_, err := checkShape(t, doc)
		if err != nil && strings.Contains(err.Error(), "CANARY") {
			t.Fatalf("the error shows a value: %v\ndocument: %q", err, doc)
		}
	})
}

// checkShape parses doc and checks that an error is made of the path, a
// position inside the document, and one fixed text with at most a key: so
// no source text but a key can ever appear.
func checkShape(t *testing.T, doc []byte) (*Table, error) {
	t.Helper()
	// A hang is a bug too, and the fuzzer reports a crash, not a hang.
	timer := time.AfterFunc(10*time.Second, func() { panic(fmt.Sprintf("Parse hangs on %q", doc)) })
	tree, err := Parse("f.toml", doc)
	timer.Stop()
	if err == nil {
		if tree == nil {
			t.Fatal("no error and no tree")
		}
		return tree, nil
	}
	e, ok := err.(*Error)
	if !ok {
		t.Fatalf("error of type %T: %v", err, err)
	}
	if strings.HasPrefix(e.Msg, "internal error") {
		t.Fatalf("the TOML parser panicked on %q", doc)
	}
	if !knownMessage(e) {
		t.Fatalf("message not made of a fixed text and a key: %q (key %q)\ndocument: %q", e.Msg, e.Key, doc)
	}
	lines := bytes.Count(bytes.TrimPrefix(doc, bom), []byte("\n")) + 1
	if e.Line < 1 || e.Line > lines || e.Col < 1 {
		t.Fatalf("position %d:%d outside a document of %d lines: %q", e.Line, e.Col, lines, doc)
	}
	if want := fmt.Sprintf("f.toml:%d:%d: %s", e.Line, e.Col, e.Msg); e.Error() != want {
		t.Fatalf("Error() = %q, want %q", e.Error(), want)
	}
	return nil, err
}

func knownMessage(e *Error) bool {
	var texts []string
	for _, k := range kinds {
		texts = append(texts, k.text)
	}
	texts = append(texts, "invalid TOML", unclosedText)
	for _, txt := range texts {
		switch {
		case e.Key == "" && (e.Msg == txt || e.Msg == "a key "+txt),
			e.Key != "" && e.Msg == txt+" (key "+e.Key+")",
			e.Key != "" && e.Msg == "key "+e.Key+" "+txt:
			return true
		}
	}
	return e.Key == "" && (strings.HasPrefix(e.Msg, "arrays and inline tables nested more than") || strings.HasPrefix(e.Msg, "a key or table name with more than") || strings.HasPrefix(e.Msg, "a key whose path through nested inline tables has more than"))
}

// keyPieceLines put the canary in a key written after a multi-line string
// ended on an earlier line: where quotes inside a secret close a string
// too early, such a key is a piece of the secret, so no error may name it
// (keyTrusted), whatever the statement it is in and however it is wrong.
var keyPieceLines = []string{
	"s = \"\"\"echo \"\"\"\n" + canary + " = 1",
	"s = \"\"\"echo \"\"\"\n" + canary + ".x = 1\n" + canary + " = 2",
	"s = '''echo '''\n" + canary + " = [1,",
	"s = [\"\"\"echo \"\"\",\n{" + canary + " = 1",
	"s = [\"\"\"echo \"\"\",\n{" + canary + ".b = 1, " + canary + " = 2}]",
	"s = {a = \"\"\"echo \"\"\",\n" + canary + " = 1",
	"s = {a = \"\"\"echo \"\"\",\n" + canary + ".b = 1, " + canary + " = 2}",
	"[t]\ns = \"\"\"echo \"\"\"\n" + canary + " = {x = 1, x = 2}",
	"[t]\ns = \"\"\"echo \"\"\"\n[t." + canary + "]\n[t." + canary + "]",
	"s = \"\"\"echo \"\"\"\n" + canary + " = 1979-13-01",
	"s = \"\"\"echo \"\"\"\n" + canary + " = \"\\q\"",
}

func FuzzParseKeyPieces(f *testing.F) {
	for i, s := range []string{"", "a = 1", "[t]\nk = 'v'", "[[t]]\nx = 1", "x = [", "t = {", "a.b = 1", "\xef\xbb\xbf"} {
		f.Add([]byte(s), []byte(""), uint8(i))
		f.Add([]byte(s), []byte("\nz = 1\n"), uint8(i+len(keyPieceLines)/2))
	}
	f.Fuzz(func(t *testing.T, prefix, suffix []byte, which uint8) {
		if bytes.Contains(prefix, []byte("CANARY")) || bytes.Contains(suffix, []byte("CANARY")) {
			t.Skip()
		}
		doc := append(append(append(append([]byte{}, prefix...), '\n'), keyPieceLines[int(which)%len(keyPieceLines)]...), '\n')
		doc = append(doc, suffix...)
		_, err := checkShape(t, doc)
		if err != nil && strings.Contains(err.Error(), "CANARY") {
			t.Fatalf("the error names a key that may be a piece of a value: %v\ndocument: %q", err, doc)
		}
	})
}
