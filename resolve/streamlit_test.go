package resolve

import (
	"path/filepath"
	"strings"
	"testing"
)

// checkDoc runs --check's report on one file holding doc and returns the
// findings about Streamlit and the whole report.
func checkDoc(t *testing.T, doc string) ([]Finding, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "secrets.toml")
	writeSecrets(t, path, doc, 0o600)
	s, err := Load(Options{Files: []string{path}})
	if err != nil {
		t.Fatal(err)
	}
	r := Check(s, CheckOptions{Git: "/nonexistent/git"})
	var fs []Finding
	for _, f := range r.Findings {
		if f.Kind == StreamlitDiffers {
			fs = append(fs, f)
		}
	}
	return fs, strings.ReplaceAll(r.Format(), path, "FILE")
}

// TestCheckStreamlitDiffers: each kind of place where toml 0.10.2 reads a
// valid file otherwise than the specification gets one finding, at the
// place, naming the key; near misses that it reads right get none. The
// values hold a canary that the report must never show.
func TestCheckStreamlitDiffers(t *testing.T) {
	const c = "CANARY"
	for _, tt := range []struct {
		name, doc string
		want      string // the finding, after the path; "" for none
	}{
		// Arrays of inline tables.
		{"an apostrophe in an inline table in an array", "x = 1\nusers = [{name = \"O'Brien" + c + "\"}]\n", `:2:10: key "users": Streamlit (toml 0.10.2) drops this array's inline tables from the one at 2:10 on: a string in it holds an odd number of ' quotes`},
		{"a lone double quote in the second table", "[db]\nusers = [\n  {n = 'a'},\n  {n = 'a\"b" + c + "'},\n]\n", `:4:3: key "db.users": Streamlit (toml 0.10.2) drops this array's inline tables from the one at 4:3 on: a string in it holds an odd number of " quotes`},
		{"two tables merged", "a = [{n = \"O'B" + c + "\"}, {n = \"x'y\"}]\n", `:1:6: key "a": Streamlit (toml 0.10.2) misreads this array's inline tables from the one at 1:6 on, or refuses the file: a string in it holds an odd number of ' quotes`},
		{"a literal ending in a backslash in a table in an array", "a = [{p = 'C:\\'}]\n", `:1:6: key "a": Streamlit (toml 0.10.2) drops this array's inline tables from the one at 1:6 on: a literal string in it ends in a backslash`},
		{"elements after the tables", "a = [{}, 1, {b = 2}, false]\n", `:1:10: key "a": Streamlit (toml 0.10.2) drops the elements of this array that are not inline tables, from this one on`},
		{"an even number of quotes", "a = [{n = \"it's '" + c + "\"}, {m = 'say \"hi\"'}]\n", ""},
		{"arrays of tables", "[[arrays.of.tables]]\nn = \"O'Brien\"\n[[arrays.of.tables]]\nn = 'a\"b'\n", ""},
		{"an inline table alone", "a = {n = \"O'Brien\"}\n", ""},
		{"an array of strings with a quote", "a = [\"O'Brien\"]\n", ""},

		// '#' in multi-line strings.
		{"# after a quote, closing quotes on the line", "a = \"\"\"{\"k\": \"x#y" + c + "\"}\"\"\"\nb = 1\n", `:1:16: key "a": Streamlit (toml 0.10.2) takes this # in a multi-line string for a comment, after an odd number of " quotes: it blanks out the rest of the line, closing quotes included, so this key and those after it are lost or misread`},
		{"# after an apostrophe, on a later line", "a = '''\ndon't\n# " + c + "\n'''\n", `:3:1: key "a": Streamlit (toml 0.10.2) takes this # in a multi-line string for a comment, after an odd number of ' quotes: it blanks out the rest of the line`},
		{"# after two quotes", "a = \"\"\"x\"\"y # " + c + "\"\"\"\n", ""},
		{"# after an escaped quote", "a = \"\"\"x\\\"y # " + c + "\"\"\"\n", ""},
		{"# in a single-line string", "a = \"x'y#" + c + "\"\nb = 'p\"#q'\n", ""},
		{"# in a multi-line string without quotes", "a = \"\"\"\n# " + c + "\n\"\"\"\n", ""},
		{"a bracket after an apostrophe", "a = '''don't [" + c + "'''\nb = 1\n", `:1:14: key "a": Streamlit (toml 0.10.2) counts this bracket in a multi-line string, after an odd number of ' quotes, as opening or closing an array: the lines after the string run together, and keys are lost or misread`},

		// Multi-line strings read line by line.
		{"a comment after the closing quotes", "a = \"\"\"\n" + c + "\n\"\"\" # c\nb = 1\n", `:3:1: key "a": Streamlit (toml 0.10.2) misses these closing quotes, followed on their line by a comment or white space: it loses this key and the keys after it, or refuses the file`},
		{"a comment after closing quotes on the first line", "a = \"\"\"" + c + "\"\"\" # c\nb = \"\"\"\n" + c + "\"\"\"\n", ""},
		{"a multi-line string under a dotted key", "[t]\nk.a = '''\n" + c + "\nx'''\n", `:2:7: key "t.k.a": Streamlit (toml 0.10.2) sets this multi-line string at the last part of the dotted key alone, in the table of the line's header or at the top level, leaving the tables before it empty`},
		{"a one-line multi-line string under a dotted key", "k.a = '''\n" + c + "'''\n", ""},

		{"a bracket after an apostrophe, nothing after", "a = '''don't [" + c + "'''\n", ""},

		// The rest of README.md's list.
		{"minus zero", "a = -0.0\nc = -0\nd = 0.0\n", `:1:5: key "a": Streamlit (toml 0.10.2) drops the minus sign of this zero`},
		{"local time fraction", "a = 07:32:00.123\nc = 07:32:00.123456\nd = 07:32:00.000\ne = 07:32:00\n", `:1:5: key "a": Streamlit (toml 0.10.2) reads this time's fraction of a second as microseconds`},
		{"local time short fraction", "b = 07:32:00.5\n", `:1:5: key "b": Streamlit (toml 0.10.2) ignores this time's fraction of a second (it reads 3 to 6 digits)`},
		{"lower-case z", "a = 1979-05-27 07:32:00z\nb = 1979-05-27T07:32:00.5z\nc = 1979-05-27T07:32:00Z\n", `:1:5: key "a": Streamlit (toml 0.10.2) ignores this date-time's lower-case z offset: it is a local date-time there`},
		{"one escaped quote", "a = \"\\\"\"\nb = \"\\\"x\"\n", `:1:5: key "a": Streamlit (toml 0.10.2) cuts the quotes this string starts with and its last two characters`},
		{"two escaped quotes", "a = [\"\\\"\\\"" + c + "\"]\n", `:1:6: key "a": Streamlit (toml 0.10.2) cuts the quotes this string starts with and its last two characters`},
		{"blank line after the opening quotes", "a = '''\n\n" + c + "'''\n", `:1:5: key "a": Streamlit (toml 0.10.2) drops the blank lines just after this multi-line string's opening quotes`},
		{"spaces ending the first line", "a = \"\"\"" + c + "  \ny\"\"\"\n", `:1:15: key "a": Streamlit (toml 0.10.2) drops the white space ending this line of a multi-line string`},
		{"spaces ending the last line", "a = \"\"\"\n" + c + "  \"\"\"\n", ""},
		{"backslash ending a line of a literal", "a = '''" + c + "\\\ny'''\n", `:1:14: key "a": Streamlit (toml 0.10.2) takes the backslash ending this line of a ''' string for a line continuation, joining the lines`},
		{"backslash ending a line of a basic string", "a = \"\"\"" + c + "\\\n  y\"\"\"\n", ""},
		{"a comma string in an array", "a = [\"a\", \", " + c + "\"]\n", `:1:11: key "a": Streamlit (toml 0.10.2) splits this string in an array at the comma it starts with: it reads other strings there, or refuses the file`},
		{"a comma inside a string in an array", "a = [\"a, " + c + "\"]\n", ""},
		{"a literal ending in a backslash in an array", "a = ['C:\\', '']\n", `:1:6: key "a": Streamlit (toml 0.10.2) takes the backslash ending this literal string in an array for escaping its closing quote: it joins it to the next element, or refuses the file`},
		{"the last literal ending in a backslash", "a = ['', 'C:\\']\n", ""},
		{"unicode escape in a quoted key", "\"a\\u0041\" = 1\n", `:1:1: key "aA": Streamlit (toml 0.10.2) keeps the escapes of this quoted key as written`},
		{"tab escape in a quoted key", "\"a\\tb\" = 1\n", ""},
		{"escape in a dotted key", "\"a\\tb\".c = 1\n", `:1:1: key "\"a\\tb\".c": Streamlit (toml 0.10.2) keeps the escapes of this quoted key as written`},
		{"escape in a table header", "[\"a\\\\b\"]\nx = 1\n", `:1:2: key "\"a\\\\b\"": Streamlit (toml 0.10.2) keeps the escapes of this quoted key as written`},
		{"space before a dot", "a . b = 1\n", `:1:2: key "a.b": Streamlit (toml 0.10.2) keeps the white space before a dot in this key as part of the name`},
		{"space around dots in a header", "[a . b]\nx = 1\n", ""},

		// An inline table cut at its commas.
		{"a comma in a literal string in an inline table", "a = {k = '," + c + "='}\n", `:1:5: key "a": Streamlit (toml 0.10.2) cuts this inline table into keys and values at a comma inside one of its values: it reads other keys and values there, or refuses the file`},
		{"a comma after an escaped quote in a nested inline table", "[t]\na = {b = {k = \"" + c + "\\\",\"}}\n", `:2:10: key "t.a": Streamlit (toml 0.10.2) cuts this inline table into keys and values at a comma inside one of its values: it reads other keys and values there, or refuses the file`},
		{"a comma in an inline table in an array", "a = [{k = '," + c + "='}]\n", `:1:6: key "a": Streamlit (toml 0.10.2) cuts this inline table into keys and values at a comma inside one of its values: it reads other keys and values there, or refuses the file`},
		{"commas inside values it joins back", "a = {k = 'x, " + c + "', m = {n = \"y, z\"}, p = [1, 2], q = -1}\n", ""},

		// One quote of its own kind ending a multi-line string.
		{"a quote ending a multi-line literal", "a = '''" + c + "''''\nb = '#'\n", `:1:17: key "a": Streamlit (toml 0.10.2) takes the last three ' quotes closing this multi-line string, up to this one, for opening another string: it misreads the lines after, or refuses the file`},
		{"a quote ending a multi-line basic string", "a = \"\"\"\n" + c + "\"\"\"\"\n", `:2:10: key "a": Streamlit (toml 0.10.2) takes the last three " quotes closing this multi-line string, up to this one, for opening another string: it misreads the lines after, or refuses the file`},
		{"a quote at both ends", "a = ''''" + c + "''''\n", ""},
		{"a quote ending a multi-line string, then a comment", "a = '''" + c + "'''' # c\nb = 1\n", `:1:17: key "a": Streamlit (toml 0.10.2) takes the last three ' quotes closing this multi-line string, up to this one, for opening another string: it misreads the lines after, or refuses the file`},
		{"a quote ending a multi-line string, then white space", "a = \"\"\"" + c + "\"\"\"\"  \nb = '''\"'''\n", ""},
		{"a quote ending a multi-line string in an inline table, then another", "a = {k = '''''''}\nb = '''" + c + "''''\n", ""},
		{"brackets in a multi-line string in an array that its count closes early", "k0 = [\n''''a[b['''' ,\n  'a' ,\n  '''\n" + c + "]'''\n]\n", ""},
		{"blank lines after the opening quotes, two quotes before the closing ones", "a = '''\n\n'''''\nb = \"" + c + "\"\n", `:1:5: key "a": Streamlit (toml 0.10.2) drops the blank lines just after this multi-line string's opening quotes`},

		// A dotted key's array over lines.
		{"a multi-line string over lines in a dotted key's array", "[t]\nk.a = ['x', '''\n" + c + "\nx''']\n", `:2:13: key "t.k.a": Streamlit (toml 0.10.2) reads this dotted key's array only up to a line end inside this multi-line string: it sets what it reads there at the last part of the key alone, outside its tables, or cuts the array short, and misreads the lines after`},
		{"a one-line multi-line string in a dotted key's array", "k.a = ['''" + c + "''', \"x\"]\n", ""},
		// {k = {}, a = [...]} for toml 0.10.2 even when it reads the value right.
		{"a dotted key's array over a line-ending backslash", "k.a = [\"\"\"" + c + "\\\n  x\"\"\"]\n", `:1:8: key "k.a": Streamlit (toml 0.10.2) reads this dotted key's array only up to a line end inside this multi-line string: it sets what it reads there at the last part of the key alone, outside its tables, or cuts the array short, and misreads the lines after`},
		{"a dotted key's array over a line ending in an escaped backslash", "k.a = [\"\"\"" + c + "\\\\\nx\"\"\"]\n", `:1:8: key "k.a": Streamlit (toml 0.10.2) reads this dotted key's array only up to a line end inside this multi-line string: it sets what it reads there at the last part of the key alone, outside its tables, or cuts the array short, and misreads the lines after`},
		{"a dotted key's array over a line ending in a quote", "k.a = ['''" + c + "'\nx''']\n", `:1:8: key "k.a": Streamlit (toml 0.10.2) reads this dotted key's array only up to a line end inside this multi-line string: it sets what it reads there at the last part of the key alone, outside its tables, or cuts the array short, and misreads the lines after`},

		// A backslash written as a unicode escape.
		{"an escaped backslash before n", "a = \"" + c + "\\u005cn\"\n", `:1:12: key "a": Streamlit (toml 0.10.2) decodes this escape to a backslash before the string's other escapes, and then takes that backslash for escaping the character after it`},
		{"an escaped backslash ending a string in an array", "a = [\"" + c + "\\U0000005C\", \"x\"]\n", `:1:13: key "a": Streamlit (toml 0.10.2) decodes this escape to a backslash before the string's other escapes, and then takes that backslash for escaping the character after it`},
		{"an escaped backslash in a multi-line string", "a = \"\"\"\n" + c + "\\u005c\\\\\"\"\"\n", `:2:7: key "a": Streamlit (toml 0.10.2) decodes this escape to a backslash before the string's other escapes, and then takes that backslash for escaping the character after it`},
		{"an escaped backslash before u or an escaped quote", "a = \"\\u005cu0041" + c + "\"\nb = \"\\u005c\\\"" + c + "\"\nc = \"\\\\u005cn\"\n", ""},
		{"an escaped backslash before u in a multi-line string after a line end", "a = \"\"\"\n\\U0000005cu0022\\u0041" + c + "\\n\"\"\"\n", ""},
		{"an escaped quote inside a string in an array", "a = [\"x\\u0022" + c + "\"]\n", ""},

		// An escaped backslash and u after a \u escape.
		{"an escaped backslash and u after a unicode escape", "a = \"" + c + "\\u0041\\\\ux\"\n", `:1:18: key "a": Streamlit (toml 0.10.2) takes this escaped backslash and the u after it for a \u escape, as after an earlier \u escape in the string it no longer counts backslashes: it refuses the file`},
		{"an escaped backslash and u0074 after a unicode escape", "a = \"" + c + "\\u0041\\\\u0074\"\n", `:1:18: key "a": Streamlit (toml 0.10.2) takes this escaped backslash and the u after it for a \u escape, as after an earlier \u escape in the string it no longer counts backslashes: it reads another value`},
		{"an escaped backslash and U after a long unicode escape", "[t]\nb = 1\na = [\"" + c + "\\U00000041\\\\Ux\"]\n", `:3:23: key "t.a": Streamlit (toml 0.10.2) takes this escaped backslash and the U after it for a \U escape, as after an earlier \U escape in the string it no longer counts backslashes: it refuses the file`},
		{"an escaped backslash and u after a unicode escape in an inline table", "a = {k = \"\\u0041\\\\u0041" + c + "\"}\n", `:1:17: key "a": Streamlit (toml 0.10.2) takes this escaped backslash and the u after it for a \u escape, as after an earlier \u escape in the string it no longer counts backslashes: it refuses the file`},
		{"an escaped backslash and u after a unicode escape over a line-ending backslash", "a = \"\"\"\n" + c + "\\u0041 \\\n  \\\\u0074\"\"\"\n", `:3:3: key "a": Streamlit (toml 0.10.2) takes this escaped backslash and the u after it for a \u escape, as after an earlier \u escape in the string it no longer counts backslashes: it reads another value`},
		{"an escaped backslash and u after an escaped backslash written as an escape", "a = \"\\u005c\\\\ux" + c + "\"\n", `:1:12: key "a": Streamlit (toml 0.10.2) takes this escaped backslash and the u after it for a \u escape, as after an earlier \u escape in the string it no longer counts backslashes: it refuses the file`},
		{"escaped backslashes and u read right", "a = \"\\\\u0041" + c + "\"\nb = \"\\\\u0041\\\\u0042\"\nc = \"\\\\u0041\\u0042\"\nd = \"\\u0041\\u0042\\\\x\\\\\\\\\"\ne = \"\\U00000041\\\\ux\"\n", ""},
		{"an escaped backslash and u after a unicode escape on the next line", "a = \"\"\"\n" + c + "\\u0041\\\\\nu0074\"\"\"\n", ""},

		// A line cut at an = in the value after an escaped quote in the key.
		{"an escaped quote in a key, an = in the value", "\"k\\\"x\" = ['\\\"=" + c + "a=']\n", `:1:3: key "\"k\\\"x\"": Streamlit (toml 0.10.2) cuts this line into key and value at an = in the value, as it takes the escaped quotes of the key for quotes: it reads another key there, or refuses the file`},
		{"an escaped quote in a key in a table, an = in the value", "[t]\n\"k\\\"x\" = \"a=" + c + "\"\n", `:2:3: key "t.\"k\\\"x\"": Streamlit (toml 0.10.2) cuts this line into key and value at an = in the value, as it takes the escaped quotes of the key for quotes: it reads another key there, or refuses the file`},
		{"an escaped quote in a key, an = in an array over lines", "\"k\\\"x\" = [\n'=" + c + "',\n]\n", `:1:3: key "\"k\\\"x\"": Streamlit (toml 0.10.2) cuts this line into key and value at an = in the value, as it takes the escaped quotes of the key for quotes: it reads another key there, or refuses the file`},
		{"an escaped quote in a key, an = after a line end opening a multi-line string", "\"k\\\"x\" = '''\n=" + c + "\n'''\n", `:1:3: key "\"k\\\"x\"": Streamlit (toml 0.10.2) cuts this line into key and value at an = in the value, as it takes the escaped quotes of the key for quotes: it reads another key there, or refuses the file`},
		{"an escaped quote in a key, no = in the value", "\"k\\\"x\" = '" + c + "'\nb = \"\"\"a\n=" + c + "\"\"\"\n\"k\\\"y\" = \"\"\"a\n=" + c + "\"\"\"\n", ""},
		{"an escaped quote in a key, an = in a comment", "\"k\\\"x\" = 1 # a=" + c + "\n", ""},
		{"two escaped quotes in a key, an = in the value", "\"k\\\"\\\"x\" = \"a=" + c + "\"\n\"k\\\\\" = \"a=" + c + "\"\n'l\"l' = \"a=" + c + "\"\n", ""},

		// A plain key's array over the lines of a multi-line string.
		{"a multi-line string over lines after a comma and a space in an array", "a = ['x', '''" + c + "\ny''']\nb = 1\n", `:1:11: key "a": Streamlit (toml 0.10.2) reads this key's array only up to a line end inside this multi-line string, as it does not see the string open there: it drops the rest of the array, or refuses the file`},
		{"a multi-line string over lines in an array over lines", "[t]\na = [\n  'x', '''a\n" + c + "''',\n]\nb = 1\n", `:3:8: key "t.a": Streamlit (toml 0.10.2) reads this key's array only up to a line end inside this multi-line string, as it does not see the string open there: it drops the rest of the array, or refuses the file`},
		{"a line ending in a bracket inside a multi-line string in an array", "a = ['''a\n" + c + "]\nc''']\n", `:1:6: key "a": Streamlit (toml 0.10.2) reads this key's array only up to a line ending in a bracket inside a multi-line string: it drops the rest of the array, or refuses the file`},
		{"a comment after an array over the lines of a multi-line string", "a = ['''" + c + "\nb'''] # c\nb = 1\n", `:1:6: key "a": Streamlit (toml 0.10.2) reads on past the end of this key's array, which a comment or white space follows on its line: it loses this key, and the keys after it, or refuses the file`},
		{"multi-line strings over lines that it sees open in an array", "a = ['''a\n" + c + "''',\n 'c'\n]\nb = ['x','''a\n" + c + "''']\nd = [\"\"\"\n" + c + "\\\n  y\"\"\"]\n", ""},

		// A key that may be a piece of a secret is not named.
		{"key after a multi-line string", "s = \"\"\"echo \"\"\"\nk" + c + " = -0.0\n", `:2:11: Streamlit (toml 0.10.2) drops the minus sign of this zero`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fs, report := checkDoc(t, tt.doc)
			if strings.Contains(report, c) {
				t.Errorf("the report shows a value:\n%s", report)
			}
			if tt.want == "" {
				if len(fs) > 0 {
					t.Errorf("want no finding, got:\n%s", report)
				}
				return
			}
			if len(fs) != 1 {
				t.Fatalf("want one finding, got:\n%s", report)
			}
			if got := strings.TrimPrefix(fs[0].String(), fs[0].Path); got != tt.want {
				t.Errorf("finding\n  %s\nwant\n  %s", got, tt.want)
			}
		})
	}
}
