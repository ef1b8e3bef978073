package resolve

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

var bom = []byte("\xef\xbb\xbf")

// Parse decodes one TOML document into an ordered Table. path only labels
// errors. The error never quotes the document: BurntSushi/toml's messages do,
// so they are rebuilt from the position and key alone (see errors.go).
func Parse(path string, data []byte) (t *Table, err error) {
	data = bytes.TrimPrefix(data, bom)
	s := scanTOML(data)
	if s.tooDeep >= 0 || s.tooManyParts >= 0 || s.pathTooLong >= 0 {
		e := &Error{Path: path}
		off := s.tooDeep
		e.Msg = fmt.Sprintf("arrays and inline tables nested more than %d levels deep", MaxDepth)
		switch {
		case off >= 0:
		case s.tooManyParts >= 0:
			off = s.tooManyParts
			e.Msg = fmt.Sprintf("a key or table name with more than %d dotted parts", MaxKeyParts)
		default:
			off = s.pathTooLong
			e.Msg = fmt.Sprintf("a key whose path through nested inline tables has more than %d parts", MaxKeyParts)
		}
		e.Line, e.Col = lineCol(data, off)
		return nil, e
	}
	// The library recovers its own panics but re-panics what it does not
	// expect ("BUG: ..." messages, which quote tokens). A panic must never
	// crash withsecrets with a stack trace, nor print its value.
	defer func() {
		if r := recover(); r != nil {
			t, err = nil, &Error{Path: path, Msg: "internal error in the TOML parser (please report it; the file may be invalid)"}
		}
	}()
	// Decoding into an interface hands back the parser's own map; a map
	// target would be copied value by value through reflection.
	var v any
	md, err := toml.NewDecoder(bytes.NewReader(data)).Decode(&v)
	if _, _, ok := floatOverflow(data, err); ok {
		// All such literals at once, found by a scan; then one by one, as
		// the library reports them, should the scan have missed one.
		data = bytes.Clone(data)
		for _, sp := range overflowFloats(data) {
			rewriteInf(data[sp[0] : sp[0]+sp[1]])
		}
		v = nil
		md, err = toml.NewDecoder(bytes.NewReader(data)).Decode(&v)
	}
	for tries := 0; err != nil && tries < maxInfRewrites; tries++ {
		at, n, ok := floatOverflow(data, err)
		if !ok {
			break
		}
		rewriteInf(data[at : at+n])
		v = nil
		md, err = toml.NewDecoder(bytes.NewReader(data)).Decode(&v)
	}
	if err != nil {
		return nil, parseError(path, data, err)
	}
	if s.extraQuote >= 0 {
		// Only once the library took the document: an earlier error in
		// it is the one to show.
		e := &Error{Path: path, Msg: "too many quotes closing a multi-line string"}
		e.Line, e.Col = lineCol(data, s.extraQuote)
		return nil, e
	}
	m, _ := v.(map[string]any)
	if k := valueOverTable(md, m); k != nil {
		return nil, redefined(path, data, k)
	}
	root := &orderNode{val: m}
	for _, k := range md.Keys() {
		if root.record(md, k) {
			return nil, redefined(path, data, k)
		}
	}
	return toTable(m, root), nil
}

// maxInfRewrites bounds the float literals rewritten as inf one by one,
// each costing a parse of the whole file, when overflowFloats missed them.
const maxInfRewrites = 64

// floatOverflow finds the literal of a float too large for a double (1e309)
// that the library refused: Python reads it as infinity (float('1e309')),
// so Streamlit's parser does. It returns where the literal is.
func floatOverflow(data []byte, err error) (at, n int, ok bool) {
	var pe toml.ParseError
	if !errors.As(err, &pe) || !strings.HasSuffix(pe.Message, " is out of range for float64") {
		return 0, 0, false
	}
	at, n = pe.Position.Start, pe.Position.Len
	if at < 0 || n < len("1e309") || at+n > len(data) {
		return 0, 0, false
	}
	for _, c := range data[at : at+n] {
		if !strings.ContainsRune("0123456789_.eE+-", rune(c)) {
			return 0, 0, false
		}
	}
	return at, n, true
}

// rewriteInf turns a float literal into inf with its sign, padded with
// spaces to the same length, so that positions in the file still hold.
func rewriteInf(lit []byte) {
	s := "inf"
	if lit[0] == '-' || lit[0] == '+' {
		s = string(lit[0]) + s
	}
	copy(lit, s)
	for i := len(s); i < len(lit); i++ {
		lit[i] = ' '
	}
}

// valueOverTable finds a key given a value after dotted keys made it a
// table (db.user = "u", then db = "x"): TOML forbids it, Python's tomllib
// refuses it, and the library keeps one of the two without a word. Such a
// key is listed by MetaData.Keys after a longer key it begins, with a
// type other than a table's; a [table] header after its sub-tables is
// allowed and is a table, as is a repeated [[table]]. Keys below an array
// are left alone: their metadata is shared by all the array's elements,
// which may differ.
func valueOverTable(md toml.MetaData, root map[string]any) toml.Key {
	// Key paths that began a longer key already listed, as a tree of their
	// parts: a path held as one joined string per prefix costs the square
	// of its length, and dotted keys in nested inline tables make paths of
	// thousands of parts.
	var seen prefixes
	for _, k := range md.Keys() {
		if seen.began(k) && !belowArray(root, k) {
			if t := md.Type(k...); t != "Hash" && t != "ArrayHash" {
				return k
			}
		}
		seen.add(k[:len(k)-1])
	}
	return nil
}

// prefixes is a tree of key paths, one node per part.
type prefixes struct {
	kids  map[string]*prefixes
	begun bool // a longer key begins with the path to this node
}

// began tells whether a longer key added before begins with k.
func (p *prefixes) began(k toml.Key) bool {
	for _, part := range k {
		if p = p.kids[part]; p == nil {
			return false
		}
	}
	return p.begun
}

// add notes that every path from the first part of k to the whole of it
// begins a longer key.
func (p *prefixes) add(k toml.Key) {
	for _, part := range k {
		c := p.kids[part]
		if c == nil {
			if p.kids == nil {
				p.kids = map[string]*prefixes{}
			}
			c = &prefixes{}
			p.kids[part] = c
		}
		c.begun = true
		p = c
	}
}

// belowArray tells whether the key path k goes through an array in the
// decoded document (an array of tables, or an array value).
func belowArray(root map[string]any, k toml.Key) bool {
	cur := root
	for _, part := range k[:len(k)-1] {
		switch v := cur[part].(type) {
		case map[string]any:
			cur = v
		default:
			return true
		}
	}
	return false
}

// redefined is the error for a key that was a table (made by dotted keys)
// and then given a value: TOML forbids it, and the library drops the value
// without a word. It points at the last top-level line that starts with
// the key's first part, the later of the two definitions, when the key is
// written above every table header; else at the first header of that
// table, where the two definitions are below.
func redefined(path string, data []byte, k toml.Key) error {
	e := &Error{Path: path, Line: 1, Col: 1, Key: safeKey(k.String())}
	top, header := -1, -1
	rootKeys(data, func(name string, at int, isHeader, _ bool) {
		switch {
		case name != k[0]:
		case !isHeader:
			top = at
		case header < 0:
			header = at
		}
	}, nil)
	at := top
	if at < 0 {
		at = header
	}
	if at >= 0 {
		e.Line, e.Col = lineCol(data, at)
	}
	// Pointing at the table's header, the key itself may be below a
	// multi-line string anywhere in that table; at a top-level line, its
	// later parts may be on any line of that statement (x = [ over lines).
	multiEnd := scanTOML(data).multiEnd
	if multiEnd >= 0 && (top < 0 || !keyTrustedAfter(data, multiEnd, statementEnd(data, top))) {
		e.Key = ""
		e.Msg = "a key defined twice"
		return e
	}
	e.Msg = "key " + e.Key + " defined twice"
	return e
}

// statementEnd is where the statement starting at at ends: the first line
// end outside strings, comments, arrays and inline tables, or the end of
// data.
func statementEnd(data []byte, at int) int {
	var skip scan // string scanning only
	depth := 0
	for i := at; i < len(data); {
		switch c := data[i]; c {
		case '"', '\'':
			if i+2 < len(data) && data[i+1] == c && data[i+2] == c {
				i = skip.multiString(data, i, c)
			} else {
				i = skip.string(data, i, c)
			}
			continue
		case '#':
			for i < len(data) && data[i] != '\n' {
				i++
			}
			continue
		case '[', '{':
			depth++
		case ']', '}':
			depth = max(depth-1, 0)
		case '\n':
			if depth == 0 {
				return i
			}
		}
		i++
	}
	return len(data)
}

// orderNode remembers the order in which keys were first seen below one
// table. The library hands back plain maps, so order is rebuilt from
// MetaData.Keys, which lists keys as they appear in the source but without
// saying which array element a key belongs to: [[t]] elements are told
// apart by their headers, and the inline tables of an array value by the
// decoded data (see route).
type orderNode struct {
	names    []string
	kids     map[string]*orderNode
	val      map[string]any  // the decoded table this node orders; nil if unknown
	recorded map[string]bool // keys defined here (last part of a key path)
	elems    []*orderNode    // [[t]] elements, or an array value's inline tables in source order
	aot      bool            // elems are [[t]] elements
	next     int             // array value: the element being filled
	raw      any             // the decoded value of this key, for [[t]] elements
}

func (n *orderNode) child(name string) *orderNode {
	if c, ok := n.kids[name]; ok {
		return c
	}
	if n.kids == nil {
		n.kids = make(map[string]*orderNode, len(n.val))
	}
	c := &orderNode{}
	if n.val != nil {
		c.raw = n.val[name]
		switch v := c.raw.(type) {
		case map[string]any:
			c.val = v
		case []any:
			for _, m := range inlineTables(v, nil) {
				c.elems = append(c.elems, &orderNode{val: m})
			}
		}
	}
	n.kids[name] = c
	n.names = append(n.names, name)
	return c
}

// holdsTables tells whether a key path can go on below a value: a table,
// or an array with tables in it.
func holdsTables(v any) bool {
	switch v := v.(type) {
	case map[string]any, []map[string]any:
		return true
	case []any:
		return len(inlineTables(v, nil)) > 0
	}
	return false
}

// inlineTables lists the tables of an array value, nested arrays included,
// in source order.
func inlineTables(v []any, into []map[string]any) []map[string]any {
	for _, e := range v {
		switch e := e.(type) {
		case map[string]any:
			into = append(into, e)
		case []any:
			into = inlineTables(e, into)
		}
	}
	return into
}

// record notes the key path k, as MetaData.Keys lists it. It reports a
// value given to a key that dotted keys already made a table in the same
// element of an array ([[t]] a.b = 1, a = 2): invalid TOML that the library
// takes, dropping one of the two, and that valueOverTable, which cannot
// tell elements apart, leaves to this walk.
func (n *orderNode) record(md toml.MetaData, k toml.Key) (redefined bool) {
	cur := n
	viaArray := false
	for i, part := range k {
		_, existed := cur.kids[part]
		c := cur.child(part)
		if i == len(k)-1 {
			if viaArray && existed && !cur.recorded[part] {
				if t := md.Type(k...); t != "Hash" && t != "ArrayHash" {
					return true
				}
			}
			// Only an array of tables can be a [[header]]: asking the
			// metadata about every key costs a quarter of the parse.
			if _, known := c.raw.([]map[string]any); (known || c.raw == nil) && md.Type(k...) == "ArrayHash" {
				// A [[header]]: every occurrence opens a new element.
				if !c.aot {
					c.aot, c.elems = true, nil
				}
				e := &orderNode{}
				if aot, ok := c.raw.([]map[string]any); ok && len(c.elems) < len(aot) {
					e.val = aot[len(c.elems)]
				}
				c.elems = append(c.elems, e)
			}
			if cur.recorded == nil {
				cur.recorded = make(map[string]bool, len(cur.val))
			}
			cur.recorded[part] = true
			return false
		}
		viaArray = viaArray || len(c.elems) > 0
		cur = c.route(k[i+1:])
	}
	return false
}

// route is the node that the key path rest, below n, goes to: the last
// element of an array of tables, as TOML defines; for an array value, the
// first element from the one being filled that has rest and has not
// defined it yet (elements come in source order, each defines a key once);
// or n itself.
func (n *orderNode) route(rest []string) *orderNode {
	if len(n.elems) == 0 {
		return n
	}
	if n.aot {
		return n.elems[len(n.elems)-1]
	}
	for i := n.next; i < len(n.elems); i++ {
		if n.elems[i].accepts(rest) {
			n.next = i
			return n.elems[i]
		}
	}
	return n.elems[min(n.next, len(n.elems)-1)]
}

// accepts tells whether the key path rest can still be defined below n.
func (n *orderNode) accepts(rest []string) bool {
	if len(n.elems) > 0 && !n.aot {
		for i := n.next; i < len(n.elems); i++ {
			if n.elems[i].accepts(rest) {
				return true
			}
		}
		return false
	}
	if n.aot && len(n.elems) > 0 {
		return n.elems[len(n.elems)-1].accepts(rest)
	}
	if n.val != nil {
		v, ok := n.val[rest[0]]
		if !ok {
			return false
		}
		if len(rest) > 1 && !holdsTables(v) {
			return false // a key path goes only through tables
		}
	}
	if len(rest) == 1 {
		// Seen as a table of dotted keys (a.b = 1) counts too: a later
		// a = 2 belongs to another element, TOML defining a key once.
		_, seen := n.kids[rest[0]]
		return !n.recorded[rest[0]] && !seen
	}
	if c, ok := n.kids[rest[0]]; ok {
		return c.accepts(rest[1:])
	}
	return true
}

func toTable(m map[string]any, n *orderNode) *Table {
	t := &Table{Keys: make([]string, 0, len(m)), Values: make(map[string]any, len(m))}
	if n != nil {
		for _, name := range n.names {
			if v, ok := m[name]; ok {
				if _, dup := t.Values[name]; !dup {
					t.Keys = append(t.Keys, name)
					t.Values[name] = convert(v, n.kids[name])
				}
			}
		}
	}
	if len(t.Keys) < len(m) {
		// Keys the metadata did not list (none are known): keep them, sorted,
		// rather than lose a value.
		var rest []string
		for k := range m {
			if _, ok := t.Values[k]; !ok {
				rest = append(rest, k)
			}
		}
		sort.Strings(rest)
		for _, k := range rest {
			t.Keys = append(t.Keys, k)
			t.Values[k] = convert(m[k], nil)
		}
	}
	return t
}

// convertArray converts an array value whose inline tables, nested arrays
// included, are ordered by elems in source order; next counts them.
func convertArray(v []any, elems []*orderNode, next *int) []any {
	out := make([]any, len(v))
	for i, e := range v {
		switch e := e.(type) {
		case map[string]any:
			var en *orderNode
			if *next < len(elems) {
				en = elems[*next]
			}
			*next++
			out[i] = toTable(e, en)
		case []any:
			out[i] = convertArray(e, elems, next)
		default:
			out[i] = convert(e, nil)
		}
	}
	return out
}

func convert(v any, n *orderNode) any {
	switch v := v.(type) {
	case map[string]any:
		return toTable(v, n)
	case []map[string]any:
		out := make([]any, len(v))
		for i, e := range v {
			en := n
			if n != nil && i < len(n.elems) {
				en = n.elems[i]
			}
			out[i] = toTable(e, en)
		}
		return out
	case []any:
		if n != nil && !n.aot && len(n.elems) > 0 {
			next := 0
			return convertArray(v, n.elems, &next)
		}
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = convert(e, n)
		}
		return out
	case time.Time:
		kind := OffsetDatetime
		switch v.Location().String() {
		case "datetime-local":
			kind = LocalDatetime
		case "date-local":
			kind = LocalDate
		case "time-local":
			kind = LocalTime
		}
		// Python's datetime holds microseconds, and both toml 0.10.2 and
		// tomllib cut finer fractions off (.1234567 is .123456): so does
		// st.secrets, so the tree does too.
		v = v.Add(-time.Duration(v.Nanosecond() % 1000))
		return Datetime{Time: v, Kind: kind}
	default:
		return v
	}
}
