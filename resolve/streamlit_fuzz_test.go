package resolve

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"
)

// FuzzStreamlitFindings runs --check's reading of a file as toml 0.10.2
// would read it over any document that parses, with the canary in a
// value: it must not panic or hang, and no finding may show the canary
// (a finding names a position and a key, never a value or a piece of one).
func FuzzStreamlitFindings(f *testing.F) {
	for i, s := range []string{
		"", "a = 1", "a = '''x''''\nb = '#'", "a = \"x\\u005cn\"", "0 = {a = ',{='}",
		"a = ['', '''x\n''']", "0.z = [\"\"\"a\n\"\"\"]", "a = \"\"\"{\"k\": \"x#y\"}\"\"\"", "a = [\",x\"]",
		"a.b = \"\"\"\nx\n\"\"\"", "[t]\nk = 'it''s'", "a = {k = \"x\\\",\"}", "\"\\\"\" = '='",
		"a = \"\\u0041\\\\ux\"", "\"k\\\"x\" = ['=',\n'=']", "a = ['x', '''y\nz'''] # c",
	} {
		f.Add([]byte(s), []byte("\nz = 1\n"), uint8(i))
	}
	f.Fuzz(func(t *testing.T, prefix, suffix []byte, which uint8) {
		if bytes.Contains(prefix, []byte("CANARY")) || bytes.Contains(suffix, []byte("CANARY")) {
			t.Skip()
		}
		for _, doc := range [][]byte{
			prefix,
			append(append(append(append([]byte{}, prefix...), '\n'), canaryLines[int(which)%len(canaryLines)]...), append([]byte{'\n'}, suffix...)...),
		} {
			// As readPath gives it to --check.
			doc = textMode(doc)
			if _, err := Parse("f.toml", doc); err != nil {
				continue // --check reports the parse error instead
			}
			doc = bytes.TrimPrefix(doc, bom)
			timer := time.AfterFunc(10*time.Second, func() { panic(fmt.Sprintf("streamlitFindings hangs on %q", doc)) })
			fs := streamlitFindings(Source{Path: "f.toml", text: doc})
			timer.Stop()
			for _, fd := range fs {
				if s := fd.String(); strings.Contains(s, canary) {
					t.Fatalf("a finding shows a value: %s\ndocument: %q", s, doc)
				}
			}
		}
	})
}
