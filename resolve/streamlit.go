package resolve

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
)

// Streamlit reads secrets.toml with the Python toml library 0.10.2, a
// parser of splits and quote counting that reads some valid files
// otherwise than the specification (README.md lists how; the differential
// tests in envmap class them "differs"). withsecrets follows the
// specification, so for such a file a worker sees other values than the
// Streamlit app, and in the worst cases Streamlit loses keys without an
// error. --check names these places. The walk below follows TOML's
// skeleton as tomlscan does; where the difference lies in how toml 0.10.2
// counts quotes (its first pass, which finds comments, and its splitting
// of arrays of inline tables), that counting is followed too, on the
// string or array concerned only, since nothing simpler tells exactly when
// it goes astray.

// tomlDiff is one place where toml 0.10.2 reads a document otherwise.
type tomlDiff struct {
	at    Pos      // where the difference is
	keyAt int      // where the key it belongs to is written
	key   []string // that key's path: table header, then the key itself
	msg   string
}

const st = "Streamlit (toml 0.10.2) "

// streamlitDiffs lists where toml 0.10.2 reads data, a document withsecrets
// parsed (BOM removed, line ends as Python's text mode gives them),
// otherwise than withsecrets, in document order.
func streamlitDiffs(data []byte) []tomlDiff {
	w := &diffWalk{data: data}
	w.walk()
	return w.diffs
}

// pos is the line and column of off. Lines are found once, on first use:
// a file may hold many findings.
func (w *diffWalk) pos(off int) Pos {
	if w.starts == nil {
		w.starts = lineStarts(w.data)
	}
	line := sort.SearchInts(w.starts, off+1)
	return Pos{Line: line, Col: utf8.RuneCount(w.data[w.starts[line-1]:off]) + 1}
}

type elem struct {
	start, end int
	kind       byte // '{', '[', a quote, or 'a' for a bare value
	multi      bool // a multi-line string
}

type container struct {
	open   int
	table  bool
	elems  []elem
	commas []int // an inline table's own commas, those between its pairs
}

type diffWalk struct {
	data   []byte
	diffs  []tomlDiff
	header []string // the current table header's path
	key    []string // header and the current line's key
	keyAt  int
	dotted bool // the current line's key is a dotted one
	stack  []*container
	starts []int // where lines start, for pos
	lost   bool  // toml 0.10.2's count of quotes is out of step from a string on
}

func (w *diffWalk) add(at int, msg string) {
	w.diffs = append(w.diffs, tomlDiff{at: w.pos(at), keyAt: w.keyAt, key: w.key, msg: msg})
}

func (w *diffWalk) walk() {
	data, n := w.data, len(w.data)
	var skip scan // string scanning only
	lineStart, expectKey := true, false
	for i := 0; i < n; {
		if lineStart && len(w.stack) == 0 {
			lineStart = false
			j := i
			for j < n && (data[j] == ' ' || data[j] == '\t') {
				j++
			}
			switch {
			case j < n && data[j] == '[':
				k := j + 1
				if k < n && data[k] == '[' {
					k++
				}
				for k < n && (data[k] == ' ' || data[k] == '\t') {
					k++
				}
				parts, end := w.dottedKey(k, true, nil)
				w.header, w.key, w.keyAt = parts, parts, k
				i = end
				continue
			case j < n && data[j] != '#' && data[j] != '\n':
				w.keyAt = j
				w.key, i = w.dottedKey(j, false, w.header)
				w.dotted = len(w.key)-len(w.header) > 1
				if (bytes.IndexByte(data[j:i], '"') < 0 || !w.splitAtEquals(j, i)) && !w.dotted {
					w.arrayOverLines(i)
				}
				continue
			}
		}
		c := data[i]
		var top *container
		if len(w.stack) > 0 {
			top = w.stack[len(w.stack)-1]
		}
		switch {
		case c == '\n':
			lineStart = true
			i++
		case c == '#':
			for i < n && data[i] != '\n' {
				i++
			}
		case top != nil && top.table && expectKey && (c == '"' || c == '\'' || isBare(c)):
			_, i = w.dottedKey(i, false, w.key)
			expectKey = false
		case c == '"' || c == '\'':
			multi := i+2 < n && data[i+1] == c && data[i+2] == c
			var end int
			if multi {
				end = skip.multiString(data, i, c)
				w.multiString(i, end, top == nil)
			} else {
				end = skip.string(data, i, c)
				if c == '"' {
					w.basicString(i, end)
				}
			}
			if c == '"' {
				w.escapedBackslash(i, end, multi)
			}
			if top != nil && !top.table {
				top.elems = append(top.elems, elem{i, end, c, multi})
			}
			i = end
		case c == '[' || c == '{':
			w.stack = append(w.stack, &container{open: i, table: c == '{'})
			expectKey = c == '{'
			i++
		case c == ']' || c == '}':
			i++
			if top == nil {
				continue
			}
			w.stack = w.stack[:len(w.stack)-1]
			if top.table {
				w.inlineTable(top, i)
			} else {
				w.array(top, i)
			}
			if len(w.stack) > 0 && !w.stack[len(w.stack)-1].table {
				p := w.stack[len(w.stack)-1]
				p.elems = append(p.elems, elem{start: top.open, end: i, kind: data[top.open]})
			}
		case c == ',':
			expectKey = top != nil && top.table
			if expectKey {
				top.commas = append(top.commas, i)
			}
			i++
		case isBareValue(c):
			j := i
			for j < n && isBareValue(data[j]) {
				j++
			}
			// A date, a space and a time are one value.
			if j-i == 10 && j+3 < n && data[j] == ' ' && isDigit(data[j+1]) && data[j+3] == ':' {
				for j++; j < n && isBareValue(data[j]); j++ {
				}
			}
			w.bare(i, string(data[i:j]))
			if top != nil && !top.table {
				top.elems = append(top.elems, elem{start: i, end: j, kind: 'a'})
			}
			i = j
		default:
			i++
		}
	}
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// splitAtEquals: toml 0.10.2 cuts a line into key and value at the first =
// that it takes for being outside quotes, splitting the line at every "
// (and at the ' of the pieces it takes for outside) with no regard for
// escapes: an escaped quote in a quoted key (\") puts the = after the key
// inside quotes for it, and an = in the value then ends the key. The key
// is written at start and ends at end, where its = is. It tells whether
// it named the key.
func (w *diffWalk) splitAtEquals(start, end int) bool {
	data := w.data
	if end >= len(data) || data[end] != '=' {
		return false
	}
	lines, _ := pyLines(data, end)
	text := lines[0]
	k := bytes.Count(data[start:end], []byte("=")) + 1
	split, found := pySplitAtEquals(append(bytes.Clone(data[start:end]), text...))
	if !found {
		split = min(split, k+bytes.Count(text, []byte("="))-1)
	}
	if split > k {
		q := bytes.Index(data[start:end], []byte(`\"`))
		if q < 0 {
			q = 0
		}
		w.add(start+q, st+"cuts this line into key and value at an = in the value, as it takes the escaped quotes of the key for quotes: it reads another key there, or refuses the file")
		return true
	}
	return false
}

// arrayOverLines: toml 0.10.2 reads a line that ends inside a multi-line
// string as the start of a multi-line value only when it sees that string
// open at its end: for an array, when the last of its pieces cut at commas
// (joined again while one does not start with a quote) starts with three
// quotes. Otherwise it reads the array cut short at that line end, and
// skips the lines after (they hold no =) or misreads them: a = ['x',
// ”'y<line end>z”'] is ['x', ”] there, as the piece after the comma
// starts with a space. When it does, it adds the lines after up to one
// that ends with a bracket, which may be one inside a string, or none at
// the array's end (a comment or a space after it). The key's = is at eq.
func (w *diffWalk) arrayOverLines(eq int) {
	data := w.data
	if eq >= len(data) || data[eq] != '=' {
		return
	}
	if v := bytes.TrimLeft(data[eq+1:], " \t"); len(v) == 0 || v[0] != '[' {
		return
	}
	lines, cut := pyLines(data, eq+1)
	p := bytes.TrimFunc(lines[0], pythonSpace)
	if cut < 0 || len(p) == 0 || p[0] != '[' {
		return
	}
	if !pyMultilineStart(p) {
		w.add(cut, st+"reads this key's array only up to a line end inside this multi-line string, as it does not see the string open there: it drops the rest of the array, or refuses the file")
		return
	}
	// The second pass, from the line after.
	backslash := oddBackslashes(p)
	newline := !backslash
	for k, l := range lines[1:] {
		if backslash || !newline {
			l = bytes.TrimFunc(l, pythonSpace)
		}
		if len(l) == 0 {
			if backslash {
				continue
			}
			return // it fails there: a known refusal
		}
		if l[len(l)-1] == ']' {
			if k < len(lines)-2 {
				w.add(cut, st+"reads this key's array only up to a line ending in a bracket inside a multi-line string: it drops the rest of the array, or refuses the file")
			}
			return
		}
		backslash = oddBackslashes(l)
		newline = newline || !backslash
	}
	w.add(cut, st+"reads on past the end of this key's array, which a comment or white space follows on its line: it loses this key, and the keys after it, or refuses the file")
}

// pyMultilineStart is toml 0.10.2's _load_line_multiline_str: whether it
// takes the value p, stripped, for the start of a multi-line value; false
// also where it fails (an index out of range).
func pyMultilineStart(p []byte) bool {
	if len(p) < 3 {
		return false
	}
	if inner := bytes.TrimFunc(p[1:len(p)-1], pythonSpace); p[0] == '[' && p[len(p)-1] != ']' &&
		len(inner) > 0 && (inner[0] == '"' || inner[0] == '\'') {
		newp := bytes.Split(bytes.TrimFunc(p[1:], pythonSpace), []byte(","))
		for len(newp) > 1 {
			last := newp[len(newp)-1]
			if len(last) == 0 {
				return false
			}
			if last[0] == '"' || last[0] == '\'' {
				break
			}
			joined := append(append(bytes.Clone(newp[len(newp)-2]), ','), last...)
			newp = append(newp[:len(newp)-2], joined)
		}
		p = newp[len(newp)-1]
	}
	if len(p) < 3 || p[0] != '"' && p[0] != '\'' || p[1] != p[0] || p[2] != p[0] {
		return false
	}
	q := p[0]
	return !(len(p) > 5 && p[len(p)-1] == q && p[len(p)-2] == q && p[len(p)-3] == q)
}

// pyLines are the lines from i to the end of the value there, as toml
// 0.10.2's first pass leaves them for its second: comments blanked out;
// the line ends of an array joined with a space, but those inside a
// multi-line string, which end its lines; and a line end after two quotes
// inside a string turned into a quote, blanking a third before them (so
// the one just after the opening quotes joins the next line). cut is
// where the multi-line string opens that the first line ends in, -1 if
// the first line ends outside strings.
func pyLines(data []byte, i int) (lines [][]byte, cut int) {
	var skip scan
	var text []byte
	depth := 0
	cut = -1
	for i < len(data) {
		switch c := data[i]; c {
		case '\n':
			if depth <= 0 {
				return append(lines, text), cut
			}
			text = append(text, ' ')
			i++
		case '#':
			for ; i < len(data) && data[i] != '\n'; i++ {
				text = append(text, ' ')
			}
		case '"', '\'':
			if i+2 >= len(data) || data[i+1] != c || data[i+2] != c {
				e := skip.string(data, i, c)
				text = append(text, data[i:e]...)
				i = e
				continue
			}
			e := skip.multiString(data, i, c)
			for k := i; k < e; k++ {
				b := data[k]
				if b != '\n' {
					text = append(text, b)
					continue
				}
				if n := len(text); n >= 2 && (text[n-1] == '"' || text[n-1] == '\'') && text[n-2] == text[n-1] {
					if n >= 3 && text[n-3] == text[n-1] {
						text[n-3] = ' '
					}
					text = append(text, text[n-1])
					continue
				}
				if cut < 0 && len(lines) == 0 {
					cut = i
				}
				lines = append(lines, text)
				text = nil
			}
			i = e
		case '[':
			depth++
			text = append(text, c)
			i++
		case ']':
			depth--
			text = append(text, c)
			i++
		default:
			text = append(text, c)
			i++
		}
	}
	return append(lines, text), cut
}

// pySplitAtEquals is which = of line toml 0.10.2's load_line cuts it at
// (1 for the first), and whether it found one outside quotes; if not, 1
// and the number of = it counted inside.
func pySplitAtEquals(line []byte) (int, bool) {
	// _get_split_on_quotes.
	dq := bytes.Split(line, []byte(`"`))
	var pieces [][]byte
	if len(dq) > 1 && bytes.IndexByte(dq[0], '\'') >= 0 {
		sq := bytes.Split(dq[0], []byte("'"))
		dq = dq[1:]
		for len(sq)%2 == 0 && len(dq) > 0 {
			last := append(append(bytes.Clone(sq[len(sq)-1]), '"'), dq[0]...)
			dq = dq[1:]
			sq[len(sq)-1] = last
			if bytes.IndexByte(last, '\'') >= 0 {
				sq = append(sq[:len(sq)-1], bytes.Split(last, []byte("'"))...)
			}
		}
		pieces = append(pieces, sq...)
	}
	// It splits the first piece left at ' only, and takes the others
	// whole.
	for k, d := range dq {
		if k == 0 {
			pieces = append(pieces, bytes.Split(d, []byte("'"))...)
		} else {
			pieces = append(pieces, d)
		}
	}
	// load_line.
	n := 1
	quoted := false
	for _, p := range pieces {
		if !quoted && bytes.IndexByte(p, '=') >= 0 {
			return n, true
		}
		n += bytes.Count(p, []byte("="))
		quoted = !quoted
	}
	return n, false
}

// dottedKey reads the key at i, a table header's when header, and returns
// prefix and its parts, and where it ends. It notes what toml 0.10.2 reads otherwise
// in a key: it decodes no escape of a quoted part in a header or a dotted
// key, and only some in a plain quoted key; and without quotes it splits a
// dotted key at its dots as written, spaces included.
func (w *diffWalk) dottedKey(i int, header bool, prefix []string) ([]string, int) {
	data, n := w.data, len(w.data)
	var skip scan
	parts := append([]string(nil), prefix...)
	start, dots, quoted := i, false, false
	spaceDot, escape := -1, -1
	for i < n {
		name, ok := firstKeyPart(data, i)
		if !ok {
			break
		}
		parts = append(parts, name)
		if q := data[i]; q == '"' || q == '\'' {
			end := skip.string(data, i, q)
			quoted = true
			if b := bytes.IndexByte(data[i:end], '\\'); q == '"' && b >= 0 && escape < 0 {
				escape = i
			}
			i = end
		} else {
			for i < n && isBare(data[i]) {
				i++
			}
		}
		j := i
		for j < n && (data[j] == ' ' || data[j] == '\t') {
			j++
		}
		if j >= n || data[j] != '.' {
			i = j
			break
		}
		if j > i && spaceDot < 0 {
			spaceDot = i
		}
		dots = true
		for i = j + 1; i < n && (data[i] == ' ' || data[i] == '\t'); i++ {
		}
	}
	// A plain quoted key loses only its \u and \U escapes.
	if escape >= 0 && !header && !dots && !hasUnicodeEscape(data[escape:i]) {
		escape = -1
	}
	switch {
	case escape >= 0:
		w.diffs = append(w.diffs, tomlDiff{at: w.pos(escape), keyAt: start, key: parts, msg: st + "keeps the escapes of this quoted key as written"})
	case !header && !quoted && spaceDot >= 0:
		w.diffs = append(w.diffs, tomlDiff{at: w.pos(spaceDot), keyAt: start, key: parts, msg: st + "keeps the white space before a dot in this key as part of the name"})
	}
	return parts, i
}

// hasUnicodeEscape tells whether a quoted key holds a \u or \U escape.
func hasUnicodeEscape(b []byte) bool {
	for i := 0; i+1 < len(b); i++ {
		if b[i] == '\\' {
			if b[i+1] == 'u' || b[i+1] == 'U' {
				return true
			}
			i++
		}
	}
	return false
}

// basicString: toml 0.10.2 cuts a string that starts with two quotes, or
// is one, as if it were a multi-line string's.
func (w *diffWalk) basicString(open, end int) {
	tok := w.data[open:end]
	if !bytes.HasPrefix(tok, []byte(`"\`)) {
		return
	}
	var m map[string]string
	if _, err := toml.Decode("x = "+string(tok), &m); err != nil {
		return
	}
	if v := m["x"]; v == `"` || strings.HasPrefix(v, `""`) {
		w.add(open, st+"cuts the quotes this string starts with and its last two characters")
	}
}

// escapedBackslash follows toml 0.10.2's decoding of a basic string's
// escapes, on this string only, and names where it goes astray. It decodes
// the \u escapes first, then the \U ones, then the others, each pass over
// the text the last one left, with two faults:
//   - a backslash written as an escape (\u005c) escapes the character
//     after it in the later passes: n turns into a line end, a backslash
//     pairs with the next one, and so on;
//   - it tells an escape from an escaped backslash followed by the letter
//     (\\u) by counting the backslashes before it, but after an escape it
//     decoded it does not count them: the next \u (\U in the second pass)
//     is an escape whatever precedes it, so "\u0041\\ux" is refused.
//
// Whether the value comes out other than the specification's is worked
// out by doing as toml 0.10.2 does: some come out the same (a u after a
// \u005c stays).
func (w *diffWalk) escapedBackslash(open, end int, multi bool) {
	tok := w.data[open:end]
	q := 1
	if multi {
		q = 3
	}
	if len(tok) < 2*q || !bytes.Contains(tok, []byte(`\u`)) && !bytes.Contains(tok, []byte(`\U`)) {
		return
	}
	body, at0 := tok[q:len(tok)-q], open+q
	// The text as its passes get it: line-ending backslashes taken away,
	// escapes as written, and a line end just after the opening quotes
	// too, which the first pass takes away as the specification does.
	if multi && len(body) > 0 && body[0] == '\n' {
		body, at0 = body[1:], at0+1
	}
	v := make([]pyc, 0, len(tok))
	for k := 0; k < q; k++ {
		v = append(v, pyc{c: '"', off: open + k})
	}
	for i := 0; i < len(body); {
		if body[i] != '\\' || i+1 >= len(body) {
			v = append(v, pyc{c: body[i], off: at0 + i})
			i++
			continue
		}
		if c := body[i+1]; multi && (c == ' ' || c == '\t' || c == '\n') {
			j := i + 1
			for j < len(body) && (body[j] == ' ' || body[j] == '\t') {
				j++
			}
			if j < len(body) && body[j] == '\n' {
				for j < len(body) && (body[j] == ' ' || body[j] == '\t' || body[j] == '\n') {
					j++
				}
				i = j
				continue
			}
		}
		v = append(v, pyc{c: body[i], off: at0 + i}, pyc{c: body[i+1], off: at0 + i + 1})
		i += 2
	}
	for k := 0; k < q; k++ {
		v = append(v, pyc{c: '"', off: end - q + k})
	}
	at, wrong, letter, ok := -1, -1, byte(0), true
	for _, l := range []byte{'u', 'U'} {
		var a, wr int
		v, a, wr, ok = pyUnicodeEscapes(v, l)
		if at < 0 {
			at = a
		}
		if wrong < 0 && wr >= 0 {
			wrong, letter = wr, l
		}
		if !ok {
			break
		}
	}
	if at < 0 && wrong < 0 {
		return
	}
	var got string
	if ok {
		s := make([]byte, len(v))
		for i, c := range v {
			s[i] = c.c
		}
		got, ok = pyUnescape(string(s))
	}
	if ok {
		if len(got) > 1 && got[1] == '"' && (len(got) < 3 || got[1] == got[2]) {
			got = pyTrim(got, 2)
		}
		got = pyTrim(got, 1)
		var m map[string]string
		if _, err := toml.Decode("x = "+string(tok), &m); err != nil || m["x"] == got {
			return
		}
	}
	switch {
	case wrong >= 0:
		what := "refuses the file"
		if ok {
			what = "reads another value"
		}
		w.add(wrong, st+fmt.Sprintf(`takes this escaped backslash and the %c after it for a \%c escape, as after an earlier \%c escape in the string it no longer counts backslashes: it %s`, letter, letter, letter, what))
	default:
		w.add(at, st+"decodes this escape to a backslash before the string's other escapes, and then takes that backslash for escaping the character after it")
	}
}

// pyc is a byte of a basic string as toml 0.10.2's passes leave it.
type pyc struct {
	c   byte
	off int  // where it comes from in the file: an escape's backslash for what it decodes to
	dec bool // decoded from an escape
}

// pyUnicodeEscapes is one pass of toml 0.10.2's _load_unicode_escapes: v
// split at every backslash and letter (u or U), each piece after one
// decoded unless the backslashes before it tell it is not an escape.
// at is where the first escape it decodes to a backslash is written;
// wrong where the first escaped backslash is that it takes, with the
// letter after it, for an escape as it does not count backslashes after
// a piece it decoded; -1 when none. false where it refuses the string.
func pyUnicodeEscapes(v []pyc, letter byte) (out []pyc, at, wrong int, ok bool) {
	at, wrong = -1, -1
	var pieces [][]pyc
	var prefix []int // where each piece but the first starts its backslash
	start := 0
	for i := 0; i+1 < len(v); i++ {
		if v[i].c == '\\' && v[i+1].c == letter {
			pieces = append(pieces, v[start:i])
			prefix = append(prefix, i)
			start = i + 2
			i++
		}
	}
	if len(pieces) == 0 {
		return v, at, wrong, true
	}
	pieces = append(pieces, v[start:])
	odd := func(p []pyc) bool {
		n := 0
		for k := len(p) - 1; k >= 0 && p[k].c == '\\'; k-- {
			n++
		}
		return n%2 == 1
	}
	n := 4
	if letter == 'U' {
		n = 8
	}
	out = append(out, pieces[0]...)
	skip, astray := odd(pieces[0]), false
	for k, hx := range pieces[1:] {
		pre := v[prefix[k] : prefix[k]+2]
		if skip {
			skip = odd(hx)
			out = append(append(out, pre...), hx...)
			continue
		}
		if astray && wrong < 0 && !pre[0].dec && !v[prefix[k]-1].dec {
			wrong = v[prefix[k]-1].off
		}
		hxb := hx[:min(n, len(hx))]
		var digits [8]byte
		for i, c := range hxb {
			d := c.c | 0x20
			if !isDigit(c.c) && (d < 'a' || d > 'f') {
				return nil, at, wrong, false
			}
			digits[i] = d
		}
		if len(hxb) == 0 || digits[0] == 'd' && (len(hxb) < 2 || digits[1] < '0' || digits[1] > '7') {
			return nil, at, wrong, false
		}
		r, err := strconv.ParseUint(string(digits[:len(hxb)]), 16, 32)
		if err != nil || r > utf8.MaxRune {
			return nil, at, wrong, false
		}
		if r == '\\' && at < 0 {
			at = pre[0].off
		}
		for _, b := range utf8.AppendRune(nil, rune(r)) {
			out = append(out, pyc{c: b, off: pre[0].off, dec: true})
		}
		out = append(out, hx[len(hxb):]...)
		// What toml 0.10.2 does not see: an odd number of backslashes
		// ending the piece escapes the backslash of the next prefix.
		astray = odd(hx)
	}
	return out, at, wrong, true
}

// pyTrim is Python's s[n:-n].
func pyTrim(s string, n int) string {
	if len(s) <= 2*n {
		return ""
	}
	return s[n : len(s)-n]
}

// pyUnescape does what toml 0.10.2's _unescape does to a basic string,
// quotes included; false where it refuses an escape.
func pyUnescape(s string) (string, bool) {
	v := []byte(s)
	backslash := false
	for i := 0; i < len(v); {
		if backslash {
			backslash = false
			if k := strings.IndexByte("0bfnrt\"", v[i]); k >= 0 {
				v = append(v[:i-1], append([]byte{"\x00\b\f\n\r\t\""[k]}, v[i+1:]...)...)
				continue
			}
			switch v[i] {
			case '\\':
				v = append(v[:i-1], v[i:]...)
			case 'u', 'U':
				i++
			default:
				return "", false
			}
			continue
		}
		if v[i] == '\\' {
			backslash = true
		}
		i++
	}
	return string(v), true
}

// bare checks a number, date or time.
func (w *diffWalk) bare(at int, tok string) {
	switch {
	case tomlFloat(tok) && tok[0] == '-':
		if f, err := strconv.ParseFloat(strings.ReplaceAll(tok, "_", ""), 64); err == nil && f == 0 {
			w.add(at, st+"drops the minus sign of this zero")
		}
	case len(tok) >= 8 && tok[2] == ':' && tok[5] == ':' && !strings.Contains(tok, "-"):
		// A local time: toml 0.10.2 reads 3 to 6 digits of a fraction
		// as microseconds, and fewer as none.
		frac, ok := strings.CutPrefix(tok[8:], ".")
		if !ok || len(frac) >= 6 || strings.Trim(frac, "0") == "" {
			return
		}
		if len(frac) < 3 {
			w.add(at, st+"ignores this time's fraction of a second (it reads 3 to 6 digits)")
		} else {
			w.add(at, st+"reads this time's fraction of a second as microseconds")
		}
	case len(tok) > 19 && tok[4] == '-' && tok[len(tok)-1] == 'z' && tok[19] != '.':
		w.add(at, st+"ignores this date-time's lower-case z offset: it is a local date-time there")
	}
}

// inlineTable follows how toml 0.10.2 cuts an inline table into its
// pairs: at every comma, joining a piece to the next while its value does
// not look whole (a quote at both ends, a bracket or brace at both ends, a
// digit or minus sign first, true or false). A comma in a value whose text
// before it looks whole cuts the pair there: it reads {k = ',b='} as keys
// k and b, both empty, and refuses {k = "x\",y"}.
func (w *diffWalk) inlineTable(t *container, end int) {
	inner := w.data[t.open+1 : end-1]
	if bytes.IndexByte(inner, ',') < 0 {
		return
	}
	base := t.open + 1
	var pieces []int // where each piece ends: at a comma, or the closing brace
	for k, c := range inner {
		if c == ',' {
			pieces = append(pieces, base+k)
		}
	}
	pieces = append(pieces, end-1)
	start, real := base, t.commas
	for k, stop := range pieces {
		cand := w.data[start:stop]
		eq := bytes.IndexByte(cand, '=')
		whole := false
		if eq >= 0 {
			v := bytes.TrimFunc(cand[eq+1:], pythonSpace)
			whole = len(v) > 0 && (v[0] == v[len(v)-1] && (v[0] == '"' || v[0] == '\'') ||
				bytes.IndexByte([]byte("-0123456789"), v[0]) >= 0 ||
				string(v) == "true" || string(v) == "false" ||
				v[0] == '[' && v[len(v)-1] == ']' || v[0] == '{' && v[len(v)-1] == '}')
		}
		switch {
		case eq < 0 || !whole && k == len(pieces)-1:
			// It refuses a piece with no '=', or a last one not whole.
		case !whole:
			continue
		case k == len(pieces)-1:
			if len(real) == 0 {
				return
			}
		case len(real) > 0 && real[0] == stop:
			real, start = real[1:], stop+1
			continue
		}
		w.add(t.open, st+"cuts this inline table into keys and values at a comma inside one of its values: it reads other keys and values there, or refuses the file")
		return
	}
}

// multiString checks a multi-line string, quotes included; direct when it
// is the value of the key its line starts with.
func (w *diffWalk) multiString(open, end int, direct bool) {
	data := w.data
	q := data[open]
	if w.lost {
		return
	}
	p := firstPass(data, open, end)
	if p.stray >= 0 {
		// From here toml 0.10.2 counts quotes out of step, and the
		// next string's may bring it back: the first pass is not
		// followed past this string.
		w.lost = true
	}
	switch {
	case p.hash >= 0:
		if bytes.IndexByte(data[p.hash:end], '\n') < 0 {
			w.add(p.hash, st+fmt.Sprintf("takes this # in a multi-line string for a comment, after an odd number of %c quotes: it blanks out the rest of the line, closing quotes included, so this key and those after it are lost or misread", q))
		} else {
			w.add(p.hash, st+fmt.Sprintf("takes this # in a multi-line string for a comment, after an odd number of %c quotes: it blanks out the rest of the line", q))
		}
		return
	case p.stray >= 0:
		// It reads on in a string to some later quote. A line end
		// right after the closing quotes it turns into a quote,
		// joining the lines; a comment it keeps for its second pass,
		// which takes it for part of the value. After white space
		// alone, or in an array or inline table, the quotes of what
		// follows may bring it back in step, the value read right:
		// not named.
		rest := data[end:]
		if nl := bytes.IndexByte(rest, '\n'); nl >= 0 {
			rest = rest[:nl]
		}
		if direct && (len(rest) == 0 || len(bytes.Trim(rest, " \t")) > 0) {
			w.add(p.stray, st+fmt.Sprintf("takes the last three %c quotes closing this multi-line string, up to this one, for opening another string: it misreads the lines after, or refuses the file", q))
		}
		return
	case p.bracket >= 0 && linesAfter(data, end):
		w.add(p.bracket, st+fmt.Sprintf("counts this bracket in a multi-line string, after an odd number of %c quotes, as opening or closing an array: the lines after the string run together, and keys are lost or misread", q))
		return
	case p.eaten >= 0:
		if len(bytes.Trim(data[open+3:p.eaten], "\n")) == 0 {
			w.add(open, st+"drops the blank lines just after this multi-line string's opening quotes")
		} else {
			w.add(p.eaten-2, st+"turns the line end after these two quotes in a multi-line string into a third quote")
		}
		return
	}
	// The first pass takes a line end just after the opening quotes
	// away, as the specification does: the next line is the first.
	body, at := data[open+3:end-3], open+3
	if len(body) > 0 && body[0] == '\n' {
		body, at = body[1:], at+1
	}
	lines := bytes.Split(body, []byte("\n"))
	cont := false
	for k, ln := range lines[:len(lines)-1] {
		t := ln
		if k == 0 || cont {
			t = bytes.TrimFunc(ln, pythonSpace)
		}
		if cont && len(t) == 0 {
			// Blank after a line-ending backslash: skipped by both.
			at += len(ln) + 1
			continue
		}
		odd := oddBackslashes(t)
		switch {
		case q == '\'' && odd:
			w.add(at+len(ln)-1, st+"takes the backslash ending this line of a ''' string for a line continuation, joining the lines")
			return
		case (k == 0 || cont) && len(ln) > 0 && !odd:
			if r, size := utf8.DecodeLastRune(ln); pythonSpace(r) {
				w.add(at+len(ln)-size, st+"drops the white space ending this line of a multi-line string")
				return
			}
		}
		cont = odd
		at += len(ln) + 1
	}
	if !direct && w.dotted && !p.astray && w.inArrays() {
		// toml 0.10.2 reads the line the array starts on alone: it
		// either takes it for the start of a multi-line value, which
		// it sets at the dotted key's last part, or reads the array cut
		// short there. Any line end of this string but one just after
		// its opening quotes does so, one that a quote, a blank or a
		// line-ending backslash ends as well: the pieces of the array
		// are joined again, but at the wrong key.
		if len(lines) > 1 {
			w.add(open, st+"reads this dotted key's array only up to a line end inside this multi-line string: it sets what it reads there at the last part of the key alone, outside its tables, or cuts the array short, and misreads the lines after")
		}
	}
	if !direct || len(lines) == 1 {
		return
	}
	// toml 0.10.2 reads a multi-line string line by line, and takes the
	// line that ends with three quotes for the last one.
	if rest := data[end:]; !cont && len(rest) > 0 && rest[0] != '\n' {
		w.add(end-3, st+"misses these closing quotes, followed on their line by a comment or white space: it loses this key and the keys after it, or refuses the file")
		return
	}
	if w.dotted {
		w.add(open, st+"sets this multi-line string at the last part of the dotted key alone, in the table of the line's header or at the top level, leaving the tables before it empty")
	}
}

// inArrays tells whether the walk is inside arrays only: a string there
// is part of the array the line's key is set to.
func (w *diffWalk) inArrays() bool {
	for _, c := range w.stack {
		if c.table {
			return false
		}
	}
	return len(w.stack) > 0
}

// linesAfter tells whether a line after the one holding off has anything
// on it, which a stray bracket would run into it.
func linesAfter(data []byte, off int) bool {
	nl := bytes.IndexByte(data[off:], '\n')
	return nl >= 0 && len(bytes.TrimSpace(data[off+nl:])) > 0
}

func oddBackslashes(b []byte) bool {
	n := len(b) - len(bytes.TrimRight(b, `\`))
	return n%2 == 1
}

// pass1 is where toml 0.10.2's first pass goes astray in a multi-line
// string: offsets, -1 when not.
type pass1 struct {
	hash    int  // a '#' it takes for a comment, blanking the rest of the line
	bracket int  // a bracket it counts, when they do not balance
	eaten   int  // a line end it turns into a quote, other than the one the specification trims
	stray   int  // where its count opens another string at the string's end
	astray  bool // it took the string for closed before one of its line ends
	// early: it took the string for closed before its closing quotes, and
	// open again. Its bracket count from there is not followed: an array
	// reads some such strings right.
	early bool
}

// firstPass follows toml 0.10.2's first pass through the multi-line string
// data[open:end], quotes included. That pass decides what is a comment by
// counting quotes one by one: a lone quote of the string's own kind makes
// it think the string closed, and from there a '#' starts a comment, a
// quote of the other kind opens a string, a bracket opens an array. It
// also turns a line end after two quotes into a third one, which trims the
// line end after the opening quotes, and more.
func firstPass(data []byte, open, end int) pass1 {
	p := pass1{-1, -1, -1, -1, false, false}
	sl := bytes.Clone(data[open:end])
	at := func(i int) byte {
		if i < 0 {
			return 0
		}
		return sl[i]
	}
	in, multi, own := true, true, sl[0]
	brackets := 0
	last := 0 // where it last took a string for opened
	for i := 3; i < len(sl); i++ {
		switch c := sl[i]; {
		case c == '\'' && own != '"' || c == '"' && own != '\'':
			k := 1
			for k < 3 && at(i-k) == c {
				k++
			}
			odd := false
			if c == '"' && (k == 1 || k == 3) {
				for j := i - k; at(j) == '\\'; j-- {
					odd = !odd
				}
			}
			if !odd {
				was := multi || in
				if k == 3 {
					multi = !multi
					in = multi
				} else {
					in = !in
				}
				if !was && (multi || in) {
					last = i
				}
				if was && !multi && !in && len(sl)-1-i != 0 && len(sl)-1-i != 2 {
					// Two more quotes after closing it, the string's
					// own last two, open and close it again in step.
					p.early = true
				}
			}
			own = 0
			if in {
				own = c
			}
		case c == '#' && !in:
			p.hash = open + i
			return p
		case (c == '[' || c == ']') && !in:
			if p.bracket < 0 {
				p.bracket = open + i
			}
			if c == '[' {
				brackets++
			} else {
				brackets--
			}
		case c == '\n' && !multi && !in:
			// It took the string for closed before this line end,
			// and reads the lines after as TOML: out of step with the
			// specification, and not followed here (its second pass,
			// line by line, often reads the string right all the same).
			return pass1{-1, -1, -1, -1, true, true}
		case c == '\n':
			if q := at(i - 1); (q == '\'' || q == '"') && at(i-2) == q {
				sl[i] = q
				if at(i-3) == q {
					sl[i-3] = ' '
				}
				if i > 3 && p.eaten < 0 {
					p.eaten = open + i
				}
			}
		}
	}
	if multi || in {
		// Not closed where the string ends, as when one quote of its
		// own kind ends its text: the last three quotes open another
		// string for it, which runs on into the lines after.
		p.stray = open + last
	}
	if brackets == 0 || p.early {
		p.bracket = -1
	}
	return p
}

// array checks an array value whose closing bracket ends before end.
func (w *diffWalk) array(a *container, end int) {
	if len(a.elems) == 0 {
		return
	}
	switch first := a.elems[0]; first.kind {
	case '{':
		w.tableArray(a, end)
	case '"', '\'':
		// toml 0.10.2 splits an array of strings at every comma, then
		// joins the pieces that do not look like whole strings.
		for k, e := range a.elems {
			if e.kind != '"' && e.kind != '\'' || e.multi {
				continue
			}
			body := w.data[e.start+1 : e.end-1]
			if t := bytes.TrimLeftFunc(body, pythonSpace); len(t) > 0 && t[0] == ',' {
				w.add(e.start, st+"splits this string in an array at the comma it starts with: it reads other strings there, or refuses the file")
				return
			}
			if e.kind == '\'' && k < len(a.elems)-1 && oddBackslashes(body) {
				w.add(e.start, st+"takes the backslash ending this literal string in an array for escaping its closing quote: it joins it to the next element, or refuses the file")
				return
			}
		}
	}
}

// tableArray follows how toml 0.10.2 cuts an array whose first element is
// an inline table into its tables: counting braces outside strings, where
// any quote, of either kind, opens or closes a string. A string holding an
// odd number of the other kind of quote (or a literal string ending in a
// backslash) leaves it inside a string to the end of the array, and the
// tables from there are dropped; what is not a table is skipped.
func (w *diffWalk) tableArray(arr *container, end int) {
	a := blankComments(w.data[arr.open:end])
	var groups [][2]int
	start, e, braces, in := 1, 2, 0, false
	if a[1] == '{' {
		braces = 1
	}
	for e < len(a)-1 {
		c := a[e]
		if c == '"' || c == '\'' {
			if in {
				for b := e - 1; b > -1 && a[b] == '\\'; b-- {
					in = !in
				}
			}
			in = !in
		}
		if !in && c == '{' {
			braces++
		}
		if in || c != '}' {
			e++
			continue
		}
		if braces > 1 {
			braces--
			e++
			continue
		}
		e++
		s := start
		for s < e && (a[s] == ' ' || a[s] == '\t' || a[s] == '\n') {
			s++
		}
		groups = append(groups, [2]int{arr.open + s, arr.open + e})
		start = e + 1
		for start < len(a)-1 && a[start] != '{' {
			start++
		}
		e = start + 1
	}
	var tables []elem
	other := -1
	for _, el := range arr.elems {
		if el.kind == '{' {
			tables = append(tables, el)
		} else if other < 0 {
			other = el.start
		}
	}
	m := 0
	for m < len(groups) && m < len(tables) && groups[m] == [2]int{tables[m].start, tables[m].end} {
		m++
	}
	if m < len(tables) {
		t := tables[m]
		p := w.pos(t.start)
		what := fmt.Sprintf("drops this array's inline tables from the one at %d:%d on", p.Line, p.Col)
		if len(groups) > m {
			what = fmt.Sprintf("misreads this array's inline tables from the one at %d:%d on, or refuses the file", p.Line, p.Col)
		}
		w.add(t.start, st+what+": "+w.quoteTrouble(t.start, t.end))
		return
	}
	if other >= 0 {
		w.add(other, st+"drops the elements of this array that are not inline tables, from this one on")
	}
}

// quoteTrouble says which string of data[start:end] misleads toml 0.10.2's
// count of quotes.
func (w *diffWalk) quoteTrouble(start, end int) string {
	var skip scan
	for i := start; i < end; {
		c := w.data[i]
		if c != '"' && c != '\'' {
			i++
			continue
		}
		var e int
		if i+2 < end && w.data[i+1] == c && w.data[i+2] == c {
			e = skip.multiString(w.data, i, c)
		} else {
			e = skip.string(w.data, i, c)
		}
		other := byte('"')
		if c == '"' {
			other = '\''
		}
		body := w.data[min(i+1, e):max(e-1, i+1)]
		if bytes.Count(body, []byte{other})%2 == 1 {
			return fmt.Sprintf("a string in it holds an odd number of %c quotes", other)
		}
		if c == '\'' && oddBackslashes(body) {
			return "a literal string in it ends in a backslash"
		}
		i = e
	}
	return "toml 0.10.2 miscounts the quotes in it"
}

// blankComments is a copy of b with its comments blanked out, as toml
// 0.10.2's first pass leaves an array for the second.
func blankComments(b []byte) []byte {
	b = bytes.Clone(b)
	var skip scan
	for i := 0; i < len(b); {
		switch c := b[i]; c {
		case '"', '\'':
			if i+2 < len(b) && b[i+1] == c && b[i+2] == c {
				i = skip.multiString(b, i, c)
			} else {
				i = skip.string(b, i, c)
			}
		case '#':
			for ; i < len(b) && b[i] != '\n'; i++ {
				b[i] = ' '
			}
		default:
			i++
		}
	}
	return b
}
