// Package resolve owns everything between the command line and a merged secrets
// tree: which files are read and in what order, reading them (files, folders,
// pipes), parsing TOML, Streamlit's shallow merge, and where each key came from.
//
// It never prints; errors carry a file, a position and a key, never a value.
package resolve

import (
	"time"
	"unicode/utf8"
)

// Table is a TOML table whose keys keep the order in which they were first
// defined, because Streamlit's st.secrets is a Python dict and callers compare
// json.loads(SECRETS_JSON) with st.secrets.to_dict() including order.
type Table struct {
	Keys   []string
	Values map[string]any
}

// NewTable returns an empty table.
func NewTable() *Table { return &Table{Values: map[string]any{}} }

// Set stores v under k; a key that exists keeps its position, as dict.update does.
func (t *Table) Set(k string, v any) {
	if _, ok := t.Values[k]; !ok {
		t.Keys = append(t.Keys, k)
	}
	t.Values[k] = v
}

// Get returns the value stored under k.
func (t *Table) Get(k string) (any, bool) {
	v, ok := t.Values[k]
	return v, ok
}

// Len is the number of keys.
func (t *Table) Len() int { return len(t.Keys) }

// DateKind tells which of TOML's four date-time types a Datetime holds; they
// print differently and Go's time.Time alone cannot tell them apart.
type DateKind int

const (
	OffsetDatetime DateKind = iota
	LocalDatetime
	LocalDate
	LocalTime
)

// Datetime is a TOML date, time or date-time.
type Datetime struct {
	Time time.Time
	Kind DateKind
}

// Values held in a Table are one of: string, int64, float64, bool, Datetime,
// []any (arrays, including arrays of tables) and *Table.

// Walk calls fn for every string value anywhere in the tree, tables and arrays
// included; masking needs them all.
func Walk(t *Table, fn func(s string)) {
	for _, k := range t.Keys {
		walkValue(t.Values[k], fn)
	}
}

func walkValue(v any, fn func(s string)) {
	switch v := v.(type) {
	case string:
		fn(v)
	case *Table:
		Walk(v, fn)
	case []any:
		for _, e := range v {
			walkValue(e, fn)
		}
	}
}

// MinMaskLen is the shortest string value that --mask hides: shorter ones
// ("on", "dev") would blank out ordinary output. It counts characters (code
// points), not bytes, as the contract says and as a user counts: "日本語" is
// 9 bytes but a 3-character word, as common in output as "dev"; a byte that
// is not valid UTF-8 (a Kubernetes secret file may hold any bytes) counts as
// one character.
const MinMaskLen = 4

// MaskValues lists the distinct string values of the tree that --mask hides:
// every string at the root, in tables, in arrays and in arrays of tables
// (Kubernetes folder values are strings too). Numbers, booleans and dates are
// not secrets and stay visible.
func MaskValues(t *Table) []string {
	seen := map[string]bool{}
	out := []string{}
	Walk(t, func(s string) {
		if utf8.RuneCountInString(s) >= MinMaskLen && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	})
	return out
}
