package resolve

import (
	"bytes"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
)

// A small scan of TOML's lexical skeleton: comments, the four kinds of
// string, brackets and dots. It is not a parser. It serves two ends the
// library cannot: refusing documents nested so deeply that parsing them
// would exhaust the stack or take quadratic time (checked before parsing),
// and pointing an error at the place a person must look (the opening quote
// of an unterminated string, the backslash of a bad escape), which the
// library's positions do not give inside multi-line strings.

// MaxDepth bounds the nesting of arrays and inline tables, and MaxKeyParts
// the parts of one dotted key or table name, and also of a key's path
// through the inline tables it is nested in (a.b = {c.d = {e = 1}} is 5).
// BurntSushi/toml recurses once per level and copies key paths per level
// and part: a million nested arrays exhaust the stack, and its time grows
// with the square of the depth (1000 nested inline tables take it 0.2 s,
// 10000 take 23 s); each bound alone still lets 128 levels of 128-part
// keys make paths of 16384 parts, over which it takes seconds and
// gigabytes for a file of 40 KB. No secrets file nests a hundred levels;
// Python, hence Streamlit, itself stops near 1000.
const (
	MaxDepth    = 128
	MaxKeyParts = 128
)

// scan is what scanTOML found; offsets are -1 when not found.
type scan struct {
	unterminated int // opening quote of the first string not closed
	badEscape    int // backslash of the first invalid escape
	tooDeep      int // the bracket that went past MaxDepth
	tooManyParts int // the dot that went past MaxKeyParts
	pathTooLong  int // the = of a key whose path through inline tables went past MaxKeyParts
	unclosed     int // the innermost '[' or '{' still open at the end
	multiEnd     int // the end of the first multi-line string
	extraQuote   int // a sixth quote closing a multi-line string
}

func scanTOML(data []byte) scan {
	s := scan{unterminated: -1, badEscape: -1, tooDeep: -1, tooManyParts: -1, pathTooLong: -1, unclosed: -1, multiEnd: -1, extraQuote: -1}
	depth, dots := 0, 0
	var open []int // offsets of the open brackets, up to MaxDepth of them
	// The parts of the key each open bracket is the value of (0 for a
	// header, an array's element), their sum, and those of the key whose
	// = was seen last, until its value begins.
	var parts []int
	path, keyParts := 0, 0
	n := len(data)
	for i := 0; i < n; {
		c := data[i]
		switch c {
		case '#':
			for i < n && data[i] != '\n' {
				i++
			}
			continue
		case '"', '\'':
			multi := i+2 < n && data[i+1] == c && data[i+2] == c
			var end int
			if multi {
				end = s.multiString(data, i, c)
				if s.multiEnd < 0 {
					s.multiEnd = end
				}
			} else {
				end = s.string(data, i, c)
			}
			i = end
			continue
		case '[', '{':
			depth++
			dots = 0
			if len(open) < MaxDepth {
				open = append(open, i)
				parts = append(parts, keyParts)
				path += keyParts
			}
			keyParts = 0
			if depth > MaxDepth && s.tooDeep < 0 {
				s.tooDeep = i
			}
		case ']', '}':
			if depth > 0 {
				if len(open) == depth {
					open = open[:depth-1]
					path -= parts[depth-1]
					parts = parts[:depth-1]
				}
				depth--
			}
			dots, keyParts = 0, 0
		case '.':
			dots++
			if dots >= MaxKeyParts && s.tooManyParts < 0 {
				s.tooManyParts = i
			}
		case '=':
			keyParts, dots = dots+1, 0
			if path+keyParts > MaxKeyParts && s.pathTooLong < 0 {
				s.pathTooLong = i
			}
		case ',', '\n':
			dots, keyParts = 0, 0
		}
		i++
	}
	if len(open) > 0 {
		s.unclosed = open[len(open)-1]
	}
	return s
}

// string scans a one-line string opening at i and returns the offset after
// it. An unclosed one ends at the newline, as if closed there.
func (s *scan) string(data []byte, i int, q byte) int {
	open := i
	i++
	for i < len(data) {
		c := data[i]
		switch {
		case c == q:
			return i + 1
		case c == '\n' || (c == '\r' && i+1 < len(data) && data[i+1] == '\n'):
			s.noteUnterminated(open)
			return i
		case c == '\\' && q == '"':
			i = s.escape(data, i, false)
			continue
		}
		i++
	}
	s.noteUnterminated(open)
	return i
}

// multiString scans a multi-line string whose three quotes open at i. Up to
// two more quotes before the closing three belong to the string.
func (s *scan) multiString(data []byte, i int, q byte) int {
	open := i
	i += 3
	for i < len(data) {
		c := data[i]
		if c == q && i+2 < len(data) && data[i+1] == q && data[i+2] == q {
			i += 3
			for k := 0; k < 2 && i < len(data) && data[i] == q; k++ {
				i++
			}
			// Three quotes close the string and two more may belong to
			// it: a sixth is invalid TOML, which the library takes after
			// an escaped backslash ("""x\\"""""" gives x\""").
			if i < len(data) && data[i] == q && s.extraQuote < 0 {
				s.extraQuote = i
			}
			return i
		}
		if c == '\\' && q == '"' {
			i = s.escape(data, i, true)
			continue
		}
		i++
	}
	s.noteUnterminated(open)
	return i
}

func (s *scan) noteUnterminated(off int) {
	if s.unterminated < 0 {
		s.unterminated = off
	}
}

// escape checks the escape whose backslash is at i, as TOML 1.1 and the
// library define it, and returns the offset after it.
func (s *scan) escape(data []byte, i int, multi bool) int {
	bad := func(next int) int {
		if s.badEscape < 0 {
			s.badEscape = i
		}
		return next
	}
	if i+1 >= len(data) {
		return bad(i + 1)
	}
	switch data[i+1] {
	case 'b', 't', 'n', 'f', 'r', 'e', '"', '\\':
		return i + 2
	case 'x':
		return s.hexEscape(data, i, 2, bad)
	case 'u':
		return s.hexEscape(data, i, 4, bad)
	case 'U':
		return s.hexEscape(data, i, 8, bad)
	case ' ', '\t', '\r', '\n':
		if !multi {
			return bad(i + 1)
		}
		// A line-ending backslash: only whitespace up to the newline.
		j := i + 1
		for j < len(data) && (data[j] == ' ' || data[j] == '\t' || data[j] == '\r') {
			j++
		}
		if j < len(data) && data[j] == '\n' {
			return j + 1
		}
		return bad(i + 1)
	}
	return bad(i + 1)
}

func (s *scan) hexEscape(data []byte, i, digits int, bad func(int) int) int {
	var v uint64
	j := i + 2
	for k := 0; k < digits; k++ {
		if j >= len(data) {
			return bad(j)
		}
		d := unhex(data[j])
		if d < 0 {
			return bad(j)
		}
		v = v<<4 | uint64(d)
		j++
	}
	if v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF) {
		return bad(j)
	}
	return j
}

func unhex(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'f':
		return int(c-'a') + 10
	case 'A' <= c && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// Pos is a 1-based line and column.
type Pos struct {
	Line, Col int
	// Hidden: the key comes after a multi-line string ended on an earlier
	// line, so it may be a piece of a secret whose quotes closed the
	// string too early (see keyTrusted): a message gives its position,
	// not its name.
	Hidden bool
	// Below: some definition of the key or of what is below it (a
	// [key.sub] header, a key.sub = dotted key, a line of its [key]
	// section or of its value written over lines) comes after a
	// multi-line string ended on an earlier line, so the names below it
	// may be pieces of a secret too.
	Below bool
}

// rootKeyPositions finds where each top-level key of a valid document is
// first defined: a key = value line before any table header, a dotted key
// whose first part it is, or a [table] / [[array]] header naming it. The
// library keeps key positions to itself; this is for naming a line in an
// error about a key that cannot be an environment variable.
func rootKeyPositions(data []byte) map[string]Pos {
	pos := map[string]Pos{}
	// Where lines start, found in one pass on first use: counting lines
	// from the top for every key would make a file of many keys quadratic.
	var starts []int
	rootKeys(data, func(name string, at int, _, afterMulti bool) {
		if p, seen := pos[name]; seen {
			if afterMulti && !p.Below {
				p.Below = true
				pos[name] = p
			}
			return
		}
		if starts == nil {
			starts = lineStarts(data)
		}
		line := sort.SearchInts(starts, at+1) // lines starting at or before at
		pos[name] = Pos{line, utf8.RuneCount(data[starts[line-1]:at]) + 1, afterMulti, afterMulti}
	}, func(name string) {
		if p := pos[name]; !p.Below {
			p.Below = true
			pos[name] = p
		}
	})
	return pos
}

// rootKeys calls found with the first part of every key written at the top
// level (before the first table header) and of every table header, its
// offset, whether it is a header's, and whether a multi-line string ended
// on an earlier line (see keyTrusted), in document order. below, if not
// nil, is called with the first part of the key or header whose definition
// goes on over a line that starts after a multi-line string ended: a key
// in a [table]'s section, or in an array or inline table written over
// lines, is as much a possible piece of a secret as a header is.
func rootKeys(data []byte, found func(name string, at int, header, afterMulti bool), below func(name string)) {
	var skip scan // string scanning only; its findings are not used
	inRoot, lineStart, depth := true, true, 0
	afterMulti := false
	owner, hasOwner := "", false // the key whose definition the line is part of
	note := func(at int, header bool) {
		owner, hasOwner = firstKeyPart(data, at)
		if hasOwner {
			found(owner, at, header, afterMulti)
		}
	}
	// belowLine reports a line starting at j that is part of owner's
	// definition, unless it is blank or a comment.
	belowLine := func(j int) {
		for j < len(data) && (data[j] == ' ' || data[j] == '\t') {
			j++
		}
		if below != nil && afterMulti && hasOwner && j < len(data) && data[j] != '\n' && data[j] != '#' {
			below(owner)
		}
	}
	for i := 0; i < len(data); {
		if lineStart && depth > 0 {
			lineStart = false
			belowLine(i)
		}
		if lineStart && depth == 0 {
			lineStart = false
			j := i
			for j < len(data) && (data[j] == ' ' || data[j] == '\t') {
				j++
			}
			if j < len(data) && data[j] == '[' {
				k := j + 1
				if k < len(data) && data[k] == '[' {
					k++
				}
				for k < len(data) && (data[k] == ' ' || data[k] == '\t') {
					k++
				}
				note(k, true)
				inRoot = false
			} else if inRoot {
				note(j, false)
			} else {
				belowLine(j)
			}
		}
		switch c := data[i]; c {
		case '#':
			for i < len(data) && data[i] != '\n' {
				i++
			}
			continue
		case '"', '\'':
			if i+2 < len(data) && data[i+1] == c && data[i+2] == c {
				i = skip.multiString(data, i, c)
				afterMulti = true // for keys on later lines: notes come at line starts
			} else {
				i = skip.string(data, i, c)
			}
			continue
		case '[', '{':
			depth++
		case ']', '}':
			if depth > 0 {
				depth--
			}
		case '\n':
			lineStart = true
		}
		i++
	}
}

// lineStarts lists the offsets at which the lines of data start.
func lineStarts(data []byte) []int {
	starts := []int{0}
	for i, c := range data {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// firstKeyPart reads the bare or quoted key part at data[i:].
func firstKeyPart(data []byte, i int) (string, bool) {
	if i >= len(data) {
		return "", false
	}
	switch q := data[i]; {
	case q == '"' || q == '\'':
		var skip scan
		end := skip.string(data, i, q)
		if end > len(data) || end < i+2 || data[end-1] != q {
			return "", false
		}
		raw := data[i+1 : end-1]
		if q == '\'' || bytes.IndexByte(raw, '\\') < 0 {
			return string(raw), true
		}
		// Escapes: let the library decode the quoted key alone.
		var m map[string]any
		if _, err := toml.Decode(string(data[i:end])+" = 0", &m); err != nil || len(m) != 1 {
			return "", false
		}
		for k := range m {
			return k, true
		}
	default:
		j := i
		for j < len(data) && isBare(data[j]) {
			j++
		}
		if j > i {
			return string(data[i:j]), true
		}
	}
	return "", false
}

func isBare(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// overflowFloats finds the float literals of a document whose value is past
// the largest double (1e309), in value position only (never a key or a
// table name that looks like one), so that Parse can read them all as inf
// in one more parse. Each span is an offset and a length.
func overflowFloats(data []byte) [][2]int {
	var spans [][2]int
	var skip scan // string scanning only
	depth := 0
	lineStart := true
	var prev byte // the last significant character: '=', '[', ',', ...
	n := len(data)
	for i := 0; i < n; {
		c := data[i]
		switch {
		case c == '\n':
			lineStart = true
			i++
			continue
		case c == ' ' || c == '\t' || c == '\r':
			i++
			continue
		case c == '#':
			for i < n && data[i] != '\n' {
				i++
			}
			continue
		case c == '"' || c == '\'':
			if i+2 < n && data[i+1] == c && data[i+2] == c {
				i = skip.multiString(data, i, c)
			} else {
				i = skip.string(data, i, c)
			}
			prev, lineStart = '"', false
			continue
		case c == '[' && lineStart && depth == 0:
			// A table header: names, not values, up to the line's end.
			for i < n && data[i] != '\n' {
				if data[i] == '"' || data[i] == '\'' {
					i = skip.string(data, i, data[i])
					continue
				}
				i++
			}
			prev = ']'
			continue
		}
		lineStart = false
		if isBareValue(c) {
			j := i
			for j < n && isBareValue(data[j]) {
				j++
			}
			if prev == '=' || prev == '[' || prev == ',' {
				k := j
				for k < n && (data[k] == ' ' || data[k] == '\t') {
					k++
				}
				if k == n || strings.IndexByte("\n\r#,]}", data[k]) >= 0 {
					if tok := string(data[i:j]); tomlFloat(tok) {
						if f, err := strconv.ParseFloat(strings.ReplaceAll(tok, "_", ""), 64); err != nil && math.IsInf(f, 0) {
							spans = append(spans, [2]int{i, j - i})
						}
					}
				}
			}
			prev, i = 'a', j
			continue
		}
		switch c {
		case '[', '{':
			depth++
		case ']', '}':
			if depth > 0 {
				depth--
			}
		}
		prev = c
		i++
	}
	return spans
}

// isBareValue tells the characters of an unquoted value: numbers, dates,
// true, inf.
func isBareValue(c byte) bool {
	return isBare(c) || c == '+' || c == '.' || c == ':'
}

// tomlFloat tells whether s is a TOML float written with a fraction or an
// exponent: [+-] int (frac [exp] | exp), digits single-underscored.
func tomlFloat(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	if i < len(s) && s[i] == '0' {
		i++
	} else if i = digitRun(s, i); i < 0 {
		return false
	}
	frac := false
	if i < len(s) && s[i] == '.' {
		if i = digitRun(s, i+1); i < 0 {
			return false
		}
		frac = true
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if i = digitRun(s, i); i < 0 {
			return false
		}
		frac = true
	}
	return frac && i == len(s)
}

// digitRun reads digits with single underscores between them from i, and
// returns where they end, or -1 when there are none or an underscore is
// misplaced.
func digitRun(s string, i int) int {
	start := i
	for i < len(s) {
		switch {
		case s[i] >= '0' && s[i] <= '9':
			i++
		case s[i] == '_' && i > start && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9':
			i++
		default:
			if i == start {
				return -1
			}
			return i
		}
	}
	if i == start {
		return -1
	}
	return i
}
