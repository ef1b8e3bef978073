package resolve

import (
	"fmt"
	"strings"
	"testing"
)

// show writes a tree compactly with its key order, so a test can compare
// order and values in one string.
func show(v any) string {
	switch v := v.(type) {
	case *Table:
		parts := make([]string, len(v.Keys))
		for i, k := range v.Keys {
			parts[i] = k + ":" + show(v.Values[k])
		}
		return "{" + strings.Join(parts, ",") + "}"
	case []any:
		parts := make([]string, len(v))
		for i, e := range v {
			parts[i] = show(e)
		}
		return "[" + strings.Join(parts, ",") + "]"
	case string:
		return fmt.Sprintf("%q", v)
	}
	return fmt.Sprint(v)
}

// TestKeyOrder: keys come out in Python's dict order, the order in which
// each was first defined, as st.secrets.to_dict() gives them.
func TestKeyOrder(t *testing.T) {
	tests := []struct{ name, doc, want string }{
		{"source order, not sorted", "b = 1\na = 2\nc = 3", "{b:1,a:2,c:3}"},
		{"dotted keys", "x.b = 1\nx.a = 2\ny = 3\nx.c = 4", "{x:{b:1,a:2,c:4},y:3}"},
		{"dotted keys in a table", "[s]\nq.z = 1\nq.y = 2\np = 3", "{s:{q:{z:1,y:2},p:3}}"},
		{"[a.b] before [a]", "[a.b]\nc = 1\n[a]\nd = 2", "{a:{b:{c:1},d:2}}"},
		{"tables after root keys", "z = 1\n[m]\nk = 2\n[b]\nk = 3", "{z:1,m:{k:2},b:{k:3}}"},
		{"array of tables, each element its own order", "[[t]]\nx = 1\ny = 2\n[[t]]\ny = 3\nx = 4\n[[t]]\nz = 5", "{t:[{x:1,y:2},{y:3,x:4},{z:5}]}"},
		{"sub-tables of array elements", "[[t]]\n[t.u]\nb = 1\na = 2\n[[t]]\n[t.u]\na = 1\nb = 2", "{t:[{u:{b:1,a:2}},{u:{a:1,b:2}}]}"},
		{"inline table", "t = {z = 1, a = 2, m = {y = 1, b = 2}}", "{t:{z:1,a:2,m:{y:1,b:2}}}"},
		{"dotted keys in an inline table", "a = {x.z = 1, x.y = 2, w = 3}", "{a:{x:{z:1,y:2},w:3}}"},
		{"array of inline tables, each element its own order", "arr = [{b = 1, a = 2}, {a = 3, b = 4}]", "{arr:[{b:1,a:2},{a:3,b:4}]}"},
		{"same keys, same order", "arr = [{a = 1, b = 2}, {a = 1, b = 2}]", "{arr:[{a:1,b:2},{a:1,b:2}]}"},
		{"an element with a key the first lacks", "arr = [{a = 1}, {b = 2, a = 1}]", "{arr:[{a:1},{b:2,a:1}]}"},
		{"nested inline tables in array elements", "arr = [{t = {q = 1, p = 2}, a = 2}, {a = 3, t = {p = 1, q = 2}}]", "{arr:[{t:{q:1,p:2},a:2},{a:3,t:{p:1,q:2}}]}"},
		{"arrays of arrays of inline tables", "arr = [[{b = 1, a = 2}], [{a = 3, b = 4}]]", "{arr:[[{b:1,a:2}],[{a:3,b:4}]]}"},
		{"dotted keys in array elements", "arr = [{x.z = 1, x.y = 2}, {x.y = 3, x.z = 4}]", "{arr:[{x:{z:1,y:2}},{x:{y:3,z:4}}]}"},
		{"a dotted key, then the same key as a value in the next element", "x = [{a.b = 1}, {a = 2, z = 1}]", "{x:[{a:{b:1}},{a:2,z:1}]}"},
		{"the same, the value first in its element", "x = [{c.a = 2}, {c = 5, a = 4}]", "{x:[{c:{a:2}},{c:5,a:4}]}"},
		{"a value, then the same key as a dotted table in the next element", "x = [{a = 1}, {a.y = 2, c = 3}]", "{x:[{a:1},{a:{y:2},c:3}]}"},
		{"a key path through an empty array goes to the next element", "b = [[{z.b = [], a = 1}, {z.b.z = true, y = 2}]]", "{b:[[{z:{b:[]},a:1},{z:{b:{z:true}},y:2}]]}"},
		{"a key path through an array of tables in an element", "a = [{m.b = [{c = 1}, {b = 2, a = 3}]}, {y = 1, m = 2}]", "{a:[{m:{b:[{c:1},{b:2,a:3}]}},{y:1,m:2}]}"},
		{"the same, deeper", "[[t]]\nx = [{p.q.r = 1}, {p.q = 2, o = 1}]", "{t:[{x:[{p:{q:{r:1}}},{p:{q:2},o:1}]}]}"},
		{"arrays in array elements", "arr = [{s = [{b = 1, a = 2}, {a = 3, b = 4}], k = 1}, {k = 2, s = [{a = 5}]}]", "{arr:[{s:[{b:1,a:2},{a:3,b:4}],k:1},{k:2,s:[{a:5}]}]}"},
		{"empty tables and scalars among elements", "arr = [{}, {b = 1, a = 2}, 3, {a = 1, b = 2}]", "{arr:[{},{b:1,a:2},3,{a:1,b:2}]}"},
		{"inline tables in arrays of tables", "[[t]]\ns = [{b = 1, a = 2}, {a = 1, b = 2}]\n[[t]]\ns = [{a = 1, b = 2}]", "{t:[{s:[{b:1,a:2},{a:1,b:2}]},{s:[{a:1,b:2}]}]}"},
		{"nested arrays of tables", "[[a.b]]\nz = 1\ny = 2\n[[a.b]]\ny = 1\nz = 2\n[a.c]\nq = 1", "{a:{b:[{z:1,y:2},{y:1,z:2}],c:{q:1}}}"},
		{"arrays of tables inside arrays of tables", "[[t]]\nv = [{b = 1, a = 2}]\n[[t.sub]]\nz = 1\ny = 2\n[[t]]\nv = [{a = 1, b = 2}]\n[[t.sub]]\ny = 1\nz = 2", "{t:[{v:[{b:1,a:2}],sub:[{z:1,y:2}]},{v:[{a:1,b:2}],sub:[{y:1,z:2}]}]}"},
		{"quoted keys", "\"z z\" = 1\n'a.b' = 2", "{z z:1,a.b:2}"},
		{"empty tables kept", "[e]\n[f]\nk = 1", "{e:{},f:{k:1}}"},
	}
	checkParsed(t, tests)
}

// TestEncodings: a UTF-8 BOM is skipped, CRLF line ends are line ends, and
// positions in errors count from after the BOM and per CRLF line.
func TestEncodings(t *testing.T) {
	tests := []struct{ name, doc, want string }{
		{"BOM", "\xef\xbb\xbfa = \"x\"\nb = 1", `{a:"x",b:1}`},
		{"CRLF", "a = \"x\"\r\nb = '''l1\r\nl2'''\r\n[t]\r\nc = 2\r\n", `{a:"x",b:"l1\r\nl2",t:{c:2}}`},
		{"BOM and CRLF", "\xef\xbb\xbfa = 1\r\n", `{a:1}`},
		{"multi-line string first newline trimmed", "a = \"\"\"\nx\"\"\"", `{a:"x"}`},
		{"line-ending backslash", "a = \"\"\"x \\\n   y\"\"\"", `{a:"x y"}`},
		{"non-ASCII", "\"clé\" = \"café ☕\"", `{clé:"café ☕"}`},
	}
	checkParsed(t, tests)
}

// checkParsed parses each document and compares the tree, key order
// included, with want.
func checkParsed(t *testing.T, tests []struct{ name, doc, want string }) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tree, err := Parse("f.toml", []byte(tt.doc))
			if err != nil {
				t.Fatal(err)
			}
			if got := show(tree); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

// TestElementsDiffer: the elements of an array may give one key a table in
// one and a value in another, and a [table] may come after its sub-tables:
// valid TOML that the check for a value over a dotted-key table (which
// looks at the library's per-path metadata) must not refuse.
func TestElementsDiffer(t *testing.T) {
	for _, doc := range []string{
		"[[users]]\nname = \"a\"\nrole = {admin = true}\n[[users]]\nname = \"b\"\nrole = \"guest\"\n",
		"a = [{f = {}}, {f = []}]\n",
		"a = [{f = {x = 1}}, {f = 2}]\n",
		"x = [[{f = {}}], [{f = 2}]]\n",
		"[[f]]\n[f.d]\n[[f]]\nd = \"s7\"\n",
		"[[a]]\nf = {}\n[[a]]\n[[a.f]]\n",
		"[[e]]\nh = {x = 1}\n[[e]]\nh = true\n",
		"[x]\n\"\" = 1\ny = 2\n",
		"[a.b]\nx = 1\n[a]\ny = 2\n",
	} {
		if _, err := Parse("f.toml", []byte(doc)); err != nil {
			t.Errorf("%q: %v", doc, err)
		}
	}
}

// TestRootKeyPositions: where each top-level key is first defined, for
// errors about keys that cannot be variables.
func TestRootKeyPositions(t *testing.T) {
	doc := "# c\n" + // 1
		"A = 1\n" + // 2
		"  \"B=C\" = \"x\" # q\n" + // 3
		"'lit' = \"\"\"\n" + // 4
		"NOT = 1\n" + // 5: inside a string
		"\"\"\"\n" + // 6
		"arr = [\n" + // 7
		"  1,\n" + // 8
		"]\n" + // 9
		"d.e = 1\n" + // 10
		"\"esc\\u0041\" = 2\n" + // 11
		"[tbl]\n" + // 12
		"inner = 1\n" + // 13
		"[[ aot ]]\n" + // 14
		"[\"q t\".sub]\n" + // 15
		"[tbl2]\n" // 16
	if _, err := Parse("f.toml", []byte(doc)); err != nil {
		t.Fatal(err)
	}
	got := rootKeyPositions([]byte(doc))
	// Keys after the multi-line string's end are hidden: they may be
	// pieces of a secret that closed it too early.
	want := map[string]Pos{
		"A": {2, 1, false, false}, "B=C": {3, 3, false, false}, "lit": {4, 1, false, false}, "arr": {7, 1, true, true}, "d": {10, 1, true, true}, "escA": {11, 1, true, true},
		"tbl": {12, 2, true, true}, "aot": {14, 4, true, true}, "q t": {15, 2, true, true}, "tbl2": {16, 2, true, true},
	}
	for k, p := range want {
		if got[k] != p {
			t.Errorf("%q at %v, want %v", k, got[k], p)
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("%q found at %v: not a top-level key", k, got[k])
		}
	}
}

// TestFloatOverflow: a float literal past the largest double is infinity,
// as Python, so Streamlit, reads it; the rewriting keeps later positions.
func TestFloatOverflow(t *testing.T) {
	checkParsed(t, []struct{ name, doc, want string }{
		{"root", "a = 1e309\nb = 2", "{a:+Inf,b:2}"},
		{"signs, underscores, arrays", "a = [1.8e308, -1_0e400, +2e999]", "{a:[+Inf,-Inf,+Inf]}"},
		{"inline table and comment", "t = {x = -1e999, y = 1} # c", "{t:{x:-Inf,y:1}}"},
		{"underflow is zero", "a = 1e-400\nb = -1e-400", "{a:0,b:-0}"},
	})
	_, err := Parse("f.toml", []byte("a = 1e309\nb = \""+canary+"\\q\""))
	if e, ok := err.(*Error); !ok || e.Line != 2 || e.Col != 18 {
		t.Errorf("a later error: %v, want it at 2:18", err)
	}
	many := strings.Repeat("1e999, ", 1000)
	tree, err := Parse("f.toml", []byte("a = ["+many+"]"))
	if err != nil || show(tree) != "{a:["+strings.TrimSuffix(strings.Repeat("+Inf,", 1000), ",")+"]}" {
		t.Errorf("1000 such floats: %v", err)
	}
}

// TestOverflowFloats: the scan finds float literals in value position only,
// never a key, a table name or text in a string or comment.
func TestOverflowFloats(t *testing.T) {
	tests := []struct{ doc, want string }{
		{"a = 1e309", "1e309"},
		{"a = [1.5e999, 2, -1_0e400]  # 1e309", "1.5e999 -1_0e400"},
		{"t = {x = +1e309, y = 1e309}\n", "+1e309 1e309"},
		{"a = [\n  # c\n  1e309,\n]", "1e309"},
		{"1e309 = 1\na.1e309 = 2\n1e309 . b = 3", ""},
		{"[1e309]\n[[x.1e309]]\n", ""},
		{"s = \"1e309\"\nl = '''\n1e309\n'''", ""},
		{"a = 1e308\nb = 1e-400\nc = 0x1e309\nd = 1e309x\ne = 1__0e309", ""},
	}
	for _, tt := range tests {
		var got []string
		for _, sp := range overflowFloats([]byte(tt.doc)) {
			got = append(got, tt.doc[sp[0]:sp[0]+sp[1]])
		}
		if g := strings.Join(got, " "); g != tt.want {
			t.Errorf("%q: found %q, want %q", tt.doc, g, tt.want)
		}
	}
}

// TestFractionalSeconds: st.secrets holds Python datetimes, whose finest
// unit is the microsecond; both of Python's TOML readers cut the rest off,
// never rounding up.
func TestFractionalSeconds(t *testing.T) {
	tests := []struct {
		name, doc string
		want      int // nanoseconds
	}{
		{"offset date-time, 7 digits", "a = 1979-05-27T07:32:00.9999999Z", 999999000},
		{"offset date-time, 9 digits", "a = 1979-05-27T07:32:00.123456789-07:00", 123456000},
		{"local date-time, 8 digits", "a = 1979-05-27T07:32:00.12345678", 123456000},
		{"local time, 7 digits", "a = 07:32:00.1941905", 194190000},
		{"6 digits kept", "a = 07:32:00.999999", 999999000},
		{"3 digits kept", "a = 1979-05-27T07:32:00.123Z", 123000000},
		{"in an array", "a = [07:32:00.0000009]", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tree, err := Parse("f.toml", []byte(tt.doc))
			if err != nil {
				t.Fatal(err)
			}
			v := tree.Values["a"]
			if a, ok := v.([]any); ok {
				v = a[0]
			}
			if got := v.(Datetime).Time.Nanosecond(); got != tt.want {
				t.Errorf("got %d ns, want %d", got, tt.want)
			}
		})
	}
}

// TestClosingQuotes: up to two quotes just inside the closing three belong
// to a multi-line string, whatever comes before them; a sixth is invalid,
// as tomllib and toml 0.10.2 say, also after an escaped backslash, where
// BurntSushi/toml takes it.
func TestClosingQuotes(t *testing.T) {
	tests := []struct{ name, doc, want string }{
		{"five quotes", `a = """x"""""`, `{a:"x\"\""}`},
		{"escaped backslash, five quotes", `a = """x\\"""""`, `{a:"x\\\"\""}`},
		{"escaped quote, five quotes", `a = """x\""""""`, `{a:"x\"\"\""}`},
		{"escaped backslash, six quotes", `a = """x\\""""""`, "error"},
		{"escaped backslashes, six quotes", `a = """\\\\""""""` + "\nb = 1", "error"},
		{"literal, six quotes", `a = '''x\\''''''`, "error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tree, err := Parse("f.toml", []byte(tt.doc))
			got := "error"
			if err == nil {
				got = show(tree)
			}
			if got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}
