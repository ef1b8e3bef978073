package resolve

import (
	"bytes"
	"fmt"
	"sort"
	"time"

	"github.com/BurntSushi/toml"
)

var bom = []byte("\xef\xbb\xbf")

// Parse decodes one TOML document into an ordered Table. path only labels
// errors. The error never quotes the document: BurntSushi/toml's messages do,
// so they are rebuilt from the position and key alone (see errors.go).
func Parse(path string, data []byte) (t *Table, err error) {
	data = bytes.TrimPrefix(data, bom)
	if s := scanTOML(data); s.tooDeep >= 0 || s.tooManyParts >= 0 {
		e := &Error{Path: path}
		off := s.tooDeep
		e.Msg = fmt.Sprintf("arrays and inline tables nested more than %d levels deep", MaxDepth)
		if off < 0 {
			off = s.tooManyParts
			e.Msg = fmt.Sprintf("a key or table name with more than %d dotted parts", MaxKeyParts)
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
	var m map[string]any
	md, err := toml.NewDecoder(bytes.NewReader(data)).Decode(&m)
	if err != nil {
		return nil, parseError(path, data, err)
	}
	root := &orderNode{}
	for _, k := range md.Keys() {
		root.record(md, k)
	}
	return toTable(m, root), nil
}

// orderNode remembers the order in which keys were first seen below one
// table. The library hands back plain maps, so order is rebuilt from
// MetaData.Keys, which lists keys as they appear in the source.
type orderNode struct {
	names []string
	kids  map[string]*orderNode
	elems []*orderNode // one per [[array.of.tables]] element
}

func (n *orderNode) child(name string) *orderNode {
	if c, ok := n.kids[name]; ok {
		return c
	}
	if n.kids == nil {
		n.kids = map[string]*orderNode{}
	}
	c := &orderNode{}
	n.kids[name] = c
	n.names = append(n.names, name)
	return c
}

// current is the node that keys below n go to: the last element of an array
// of tables, as TOML defines, or n itself.
func (n *orderNode) current() *orderNode {
	if len(n.elems) > 0 {
		return n.elems[len(n.elems)-1]
	}
	return n
}

func (n *orderNode) record(md toml.MetaData, k toml.Key) {
	cur := n
	for i, part := range k {
		c := cur.child(part)
		if i == len(k)-1 && md.Type(k...) == "ArrayHash" {
			// A [[header]]: every occurrence opens a new element.
			c.elems = append(c.elems, &orderNode{})
		}
		cur = c.current()
	}
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
		return Datetime{Time: v, Kind: kind}
	default:
		return v
	}
}
