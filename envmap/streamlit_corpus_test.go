package envmap

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/withsecrets/withsecrets/resolve"
)

// streamlitCorpus aims at where toml 0.10.2, a hand-written parser of
// splits and regular expressions, is fragile. want is the class each
// document must keep: a change of class (toml 0.10.2 replaced, withsecrets
// changed) is a finding to look at, and the divergences listed in
// README.md's TOML paragraph are the documents classed differs here.
var streamlitCorpus = []struct {
	name, doc string
	want      class
}{
	// Basic strings and their escapes.
	{"escapes", `a = "tab\there\nnl \\ back \" quote \b\f\r end"` + "\n", agree},
	{"backslash pairs", `a = "x\\\\y\\"` + "\n", agree},
	{"escaped quote at end", `a = "ends with \""` + "\n", agree},
	{"backslash before quote at end", `a = "dir\\"` + "\n", agree},
	{"unicode escapes", `a = "\u00e9\u4e2d\U0001F600\u0000x"` + "\n", refused},
	{"unicode escapes printable", `a = "\u00e9\u4e2d\U0001F600\u0041"` + "\n", agree},
	{"escaped backslash then u", `a = "\\u0041 and \\U00000041"` + "\n", agree},
	{"unicode escape then text", `a = "\u0041BC\u00e9"` + "\n", agree},
	{"hash inside", `a = "p#ss # not a comment" # a comment` + "\n", agree},
	{"equals and brackets inside", `a = "x = [1, {b = 2}]"` + "\n", agree},
	{"single quote inside basic", `a = "it's"` + "\n", agree},
	{"empty strings", "a = \"\"\nb = ''\nc = \"\"\"\"\"\"\nd = ''''''\n", agree},
	{"unicode value", "a = \"héllo wörld ✓ 日本\"\n", agree},
	{"unicode quoted key", "\"clé\" = 1\n\"日本\" = \"x\"\n", agree},

	// Literal strings.
	{"literal backslashes", `a = 'C:\Users\new\table'` + "\n", agree},
	{"literal ends with backslash", `a = 'x\'` + "\n", agree},
	{"literal with double quotes", `a = 'say "hi"'` + "\n", agree},
	{"literal with hash", `a = 'a#b' # c` + "\n", agree},

	// Multi-line basic strings.
	{"multi-line basic", "a = \"\"\"\nfirst\nsecond\n\"\"\"\n", agree},
	{"line-ending backslash", "a = \"\"\"\\\n    one \\\n    two\"\"\"\n", agree},
	{"line-ending backslash then blank lines", "a = \"\"\"x\\\n\n\n   y\"\"\"\n", agree},
	{"line-ending backslash then spaces", "a = \"\"\"x\\   \n  y\"\"\"\n", agree},
	{"quotes at both ends", `a = """"a""""` + "\n", agree},
	{"two quotes at the end", `a = """a"""""` + "\n", agree},
	{"six quotes after an escaped backslash", `a = """x\\""""""` + "\n", allRefuse},
	{"quotes inside multi-line", "a = \"\"\"say \"\"hi\"\" and \"bye\"\n\"\"\"\n", agree},
	{"escapes in multi-line", "a = \"\"\"tab\\t\\u00e9 \\\\ \\\"\"\"\"\n", agree},
	{"multi-line with hash", "a = \"\"\"\n# not a comment\nx = 1\n\"\"\"\n", agree},
	{"multi-line with brackets", "a = \"\"\"\n[table]\n[[aot]]\n\"\"\"\n", agree},
	{"multi-line one line", "a = \"\"\"one line\"\"\"\n", agree},
	{"multi-line indented lines", "a = \"\"\"\n  two spaces\n\tand a tab\n\"\"\"\n", agree},
	{"multi-line PEM", "key = \"\"\"-----BEGIN KEY-----\nMIIB\nAAAA\n-----END KEY-----\n\"\"\"\nb = 1\n", agree},

	// Multi-line literal strings.
	{"multi-line literal", "a = '''\nC:\\path\\n\n  'quoted'\n'''\n", agree},
	{"multi-line literal quotes inside", "a = '''it's ''two'' '''\n", agree},
	{"multi-line literal quote at end", "a = ''''x''''\n", agree},
	{"multi-line literal backslash at line end", "a = '''x\\\ny'''\n", differs},

	// Integers.
	{"underscore after 0x", "a = 0x_ff\n", tomlAccepts},
	{"integers valid", "a = +1\nb = -0\nd = 0xDEAD_beef\ne = 0o755\nf = 0b1101\ng = 1_000_000\nh = 9223372036854775807\ni = -9223372036854775808\n", agree},
	{"integer past 64 bits", "a = 9223372036854775808\n", refused},

	// Floats.
	{"floats", "a = 1.5\nb = 1e1000\nc = -1e1000\nd = 6.626e-34\ne = 1_000.5\nf = 1e+05\ng = -1E-2\nh = 3.0\ni = 1e16\nj = 0.0001\nk = 1.5e-7\n", agree},
	{"minus zero", "a = -0.0\n", differs},
	{"non-finite", "a = inf\nb = +inf\nc = -inf\nd = nan\ne = +nan\nf = -nan\n", agree},
	{"float with underscores in exponent", "a = 1e1_0\n", agree},

	// Booleans.
	{"booleans", "a = true\nb = false\nc = [true, false]\n", agree},

	// Dates and times.
	{"offset date-times", "a = 1979-05-27T07:32:00Z\nb = 1979-05-27T00:32:00-07:00\nc = 1979-05-27T00:32:00.999999+05:30\nd = 1979-05-27 07:32:00Z\ne = 1979-05-27T07:32:00.5Z\n", agree},
	{"local date-times", "a = 1979-05-27T07:32:00\nb = 1979-05-27T07:32:00.123\n", agree},
	{"local date", "a = 1979-05-27\n", agree},
	{"fractions past microseconds", "a = 1979-05-27T07:32:00.1234567Z\nb = 1979-05-27T07:32:00.999999999\nc = [1979-05-27 07:32:00.12345678+01:00]\n", agree},
	{"time past microseconds", "a = 07:32:00.1234567\n", agree},
	{"local times", "a = 07:32:00\nb = 00:32:00.999999\n", agree},
	{"local time milliseconds", "a = 07:32:00.123\n", differs},
	{"local time short fraction", "a = 07:32:00.5\n", differs},

	// Arrays.
	{"arrays", "a = [1, 2, 3]\nb = [\"x\", 'y', \"\"\"z\"\"\"]\nc = [[1, 2], [\"a\"]]\nd = []\n", agree},
	{"array trailing comma and lines", "a = [\n  1, # one\n  2,\n  # nothing\n]\n", agree},
	{"array of strings with commas", "a = [\"x, y\", 'z, w']\n", agree},
	{"array of inline tables", "a = [{x = 1}, {x = 2, y = \"s\"}]\n", agree},
	{"mixed array", "a = [1, \"x\"]\n", tomlRefuses},
	{"mixed numbers", "a = [1, 2.0]\n", tomlRefuses},

	// Tables.
	{"inline tables", "a = {x = 1, y = {z = \"w\"}}\nb = {}\n", agree},
	{"dotted keys", "a.b.c = 1\na.d = \"x\"\n", agree},
	{"quoted keys", "\"a b\" = 1\n'c.d' = 2\n\"e\".f = 3\n", agree},
	{"tables", "top = 1\n[db]\nuser = \"u\"\npassword = \"p\"\n[db.replica]\nhost = \"h\"\n", agree},
	{"sub-table before parent", "[a.b]\nx = 1\n[a]\ny = 2\n", agree},
	{"arrays of tables", "[[arrays.of.tables]]\nx = 1\n[[arrays.of.tables]]\nx = 2\n[arrays]\nk = 'v'\n", agree},
	{"key order", "z = 1\na = 2\nm = 3\n[t]\nb = 1\na = 2\n", agree},

	// White space and line ends.
	{"tabs", "a\t=\t\"x\"\t# c\n\t[t]\n\tb = 1\n", agree},
	{"CRLF", "a = \"x\"\r\nb = \"\"\"l1\r\nl2\"\"\"\r\n[t]\r\nc = 1\r\n", agree},
	{"lone CR", "a = \"\"\"l1\rl2\"\"\"\n", agree},
	{"no final newline", "a = \"x\"", agree},
	{"BOM", "\xef\xbb\xbfa = 1\n", tomlAccepts},
	{"comments only", "# just a comment\n\n", agree},

	// Where toml 0.10.2 reads a valid document otherwise than TOML: the
	// list in README.md.
	{"minus zero in an array", "a = [-0.0]\n", differs},
	{"unicode escape in a quoted key", `"a\u0041" = 1` + "\n", differs},
	{"escape in a quoted part of a dotted key", `"a\tb".c = 1` + "\n", differs},
	{"space before a dot in a key", "a . b = 1\n", differs},
	{"a comma string in an array", "a = [\"a\", \",\"]\n", differs},
	{"a spaced comma string in an array", "a = [' , ']\n", differs},
	{"a literal ending in a backslash in an array", `a = ['C:\', '']` + "\n", differs},
	{"a literal ending in a backslash, then another", `a = ['x\', 'y']` + "\n", tomlRefuses},
	{"an apostrophe in an inline table in an array", "a = [{name = \"O'Brien\"}]\nb = 1\n", differs},
	{"a lone double quote in an inline table in an array", "a = [{b = 'a\"b'}, {b = 'c'}]\n", differs},
	{"an inline table, then other values in an array", "a = [{}, 1, false]\n", differs},
	{"lower-case z offset", "a = 1979-05-27T07:32:00z\n", differs},
	{"only an escaped quote", `a = "\""` + "\n", differs},
	{"starting with two escaped quotes", `a = "\"\"x"` + "\n", differs},
	{"blank line after the opening quotes", "a = \"\"\"\n\nx\"\"\"\n", differs},
	{"blank line after the opening literal quotes", "a = '''\n\nx'''\n", differs},
	{"spaces ending the first line of a multi-line string", "a = \"\"\"x  \ny\"\"\"\n", differs},
	{"# after an apostrophe in a multi-line literal", "a = '''\ndon't # x\n'''\nb = 1\n", differs},
	{"# after a quote in a multi-line string", "a = \"\"\"\nx\"y\n#z\n\"\"\"\nb = 1\n", differs},
	{"# after a quote on the closing line: the rest is lost", `a = """{"k": "x#y"}"""` + "\nb = 1\n", differs},
	{"a comment after closing quotes on a later line: the rest is lost", "a = \"\"\"\nx\n\"\"\" # c\nb = 1\n", differs},
	{"white space after closing quotes on a later line", "a = '''x\ny'''  \nb = 1\n", differs},
	{"a comment after closing quotes on the first line", "a = '''x''' # c\nb = 1\n", agree},
	{"a multi-line string under a dotted key", "a.b = \"\"\"x\ny\"\"\"\n", differs},
	{"a one-line multi-line string under a dotted key", "a.b = \"\"\"x\"\"\"\n", agree},
	{"a multi-line string over lines in a dotted key's array", "k.a = ['x', '''\ny\nz''']\n", differs},
	{"a multi-line string over lines after a comma and a space in an array", "k = ['x', '''\ny\nz''']\nb = 1\n", differs},
	{"a multi-line string over lines first in an array", "k = ['''y\nz''',\n 'x'\n]\nb = 1\n", agree},
	{"a comment after an array over the lines of a multi-line string", "k = ['''y\nz'''] # c\nb = 1\n", tomlRefuses},
	{"one quote ending a multi-line string, then white space", "a = \"\"\"x\"\"\"\"  \nb = '''\"'''\n", agree},
	{"a comma in a string in an inline table", "a = {k = ',b='}\n", differs},
	{"one quote ending a multi-line string, then a # in a string", "a = '''x''''\nb = '#'\n", differs},
	{"blank lines after the opening quotes, then two quotes before the closing ones", "a = '''\n\n'''''\n", differs},
	{"a backslash as a unicode escape", `a = "x\u005cn"` + "\n", differs},
	{"a backslash as a unicode escape in an array", `a = ["x\U0000005c", "y"]` + "\n", differs},
	{"a backslash as a unicode escape before u", `a = "\u005cu0041"` + "\n", agree},
	{"unicode escape and escaped backslash before u and hex digits", `a = "\u0041\\u0074"` + "\n", differs},
	{"a backslash as a unicode escape before u, after a line end opening a multi-line string", "a = \"\"\"\n\\U0000005cu0022\\u0041\\n\"\"\"\n", agree},
	{"escaped backslashes before u and a unicode escape", `a = "\\u0041\\u0042\u0043\\x"` + "\n", agree},
	{"an escaped quote in a key, an = in the value", `"k\"x" = ['\"=a=']` + "\n", differs},
	{"an escaped quote in a key, an = in a comment", `"k\"x" = 1 # a=b` + "\n", agree},
	{"commas inside values of an inline table", "a = {k = 'x, y', m = {n = \"y, z\"}, p = [1, 2], q = -1}\n", agree},

	// Valid documents toml 0.10.2 refuses.
	{"hex right after =", "a=0x1f\n", tomlRefuses},
	{"plus sign in an inline table", "a = {b = +1}\n", tomlRefuses},
	{"comma string in an inline table", "a = {b = ','}\n", tomlRefuses},
	{"comma-led string then a trailing comma", "a = [\",x\" ,]\n", tomlRefuses},
	{"comma-led string in an array", "a = [\"x\", \",y\"]\n", tomlRefuses},
	{"unicode escape and escaped backslash before u", `a = "\u0041\\u0041"` + "\n", tomlRefuses},
	{"unicode escape and escaped backslash before u and not hex", `a = "\u0041\\ux"` + "\n", tomlRefuses},
	{"one quote inside the opening quotes", "a = \"\"\"\"x\"\"\"\n", tomlRefuses},
	{"one quote inside the closing literal quotes", "a = '''x''''\n", tomlRefuses},
	{"array and integer in an array", "a = [1, []]\n", tomlRefuses},
	{"inf in an inline table", "a = {b = inf}\n", tomlRefuses},
	{"space after a dot in a key", "a. b = 1\n", tomlRefuses},
	{"blank line in a multi-line string in an array", "a = [\"\"\"x\n\ny\"\"\"]\n", tomlRefuses},
	{"escaped quote in a key, then an inline table", `"k\"q" = {b = true}` + "\n", tomlRefuses},
	{"two quotes just inside the opening literal quotes", "a = '''''\nx'''\n", tomlRefuses},
	{"one quote ending a multi-line string", "a = \"\"\"x\"\"\"\"\n", tomlRefuses},
	{"a comma after an escaped quote in an inline table", `a = {b = "x\",y"}` + "\n", tomlRefuses},

	// Invalid documents toml 0.10.2 takes.
	{"seven quotes closing a literal", "a = '''x'''''''\n", tomlAccepts},
}

func TestStreamlitCorpus(t *testing.T) {
	docs := make([][]byte, len(streamlitCorpus))
	for i, c := range streamlitCorpus {
		docs[i] = []byte(c.doc)
	}
	vs := judge(t, docs)
	for i, c := range streamlitCorpus {
		t.Run(c.name, func(t *testing.T) {
			if v := vs[i]; v.Class != c.want {
				t.Errorf("want %s, got %s", c.want, v)
			}
		})
	}
}

// streamlitFindings is what --check says about doc as a secrets file: the
// places where Streamlit reads it otherwise.
func streamlitFindings(t *testing.T, doc []byte) []resolve.Finding {
	t.Helper()
	p := filepath.Join(t.TempDir(), "secrets.toml")
	if err := os.WriteFile(p, doc, 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := resolve.Load(resolve.Options{Files: []string{p}})
	if err != nil {
		return nil
	}
	var fs []resolve.Finding
	for _, f := range resolve.Check(s, resolve.CheckOptions{Git: "/nonexistent/git"}).Findings {
		if f.Kind == resolve.StreamlitDiffers {
			fs = append(fs, f)
		}
	}
	return fs
}

// TestStreamlitCorpusCheck: --check names a place in every corpus document
// that toml 0.10.2 reads otherwise than the specification, and none in a
// document it reads alike (no false alarm).
func TestStreamlitCorpusCheck(t *testing.T) {
	for _, c := range streamlitCorpus {
		if c.want != differs && c.want != agree {
			continue
		}
		t.Run(c.name, func(t *testing.T) {
			fs := streamlitFindings(t, []byte(c.doc))
			switch {
			case c.want == agree && len(fs) > 0:
				t.Errorf("a false alarm on %q: %v", c.doc, fs)
			case c.want == differs && len(fs) == 0:
				t.Errorf("no finding on %q", c.doc)
			}
		})
	}
}
