package envmap

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/withsecrets/withsecrets/resolve"
)

// DefaultJSONVar is the variable that holds the whole tree.
const DefaultJSONVar = "SECRETS_JSON"

// MaxEnvString is Linux's MAX_ARG_STRLEN: one "NAME=value" string, with its
// terminating NUL, may not be longer, or execve fails with E2BIG.
const MaxEnvString = 128 << 10

// Var is one variable the child gets.
type Var struct {
	Name, Value string
	Origin      string      // the file it came from
	Where       resolve.Pos // where in it; Hidden: never name the key
}

// Error names a key, its file and where known its line, never the value.
type Error struct {
	Path      string
	Line, Col int
	Key       string
	Hidden    bool // the key may be a piece of a secret: not named (resolve.Pos)
	Msg       string
}

func (e *Error) Error() string {
	where := e.Path
	if where != "" && e.Line > 0 {
		where += fmt.Sprintf(":%d:%d", e.Line, e.Col)
	}
	if e.Hidden && where != "" {
		// The position alone says which key; every Msg reads on its own.
		return fmt.Sprintf("%s: %s", where, e.Msg)
	}
	key := fmt.Sprintf("key %q", e.Key)
	if e.Hidden {
		key = "a key"
	}
	if where == "" {
		return fmt.Sprintf("%s: %s", key, e.Msg)
	}
	return fmt.Sprintf("%s: %s: %s", where, key, e.Msg)
}

// at fills in the file and position of top-level key k.
func (e *Error) at(s *resolve.Secrets, k string) *Error {
	e.Path = s.Origin[k]
	if p, ok := s.Where[k]; ok {
		e.Line, e.Col, e.Hidden = p.Line, p.Col, p.Hidden
	}
	return e
}

// Vars returns the root-level scalars as variables, in tree order, and the
// JSON variable last when jsonVar is not empty. Every variable is checked
// against what execve accepts.
func Vars(s *resolve.Secrets, jsonVar string) ([]Var, error) {
	var out []Var
	t := s.Tree
	for _, k := range t.Keys {
		v := t.Values[k]
		if k == jsonVar && jsonVar != "" {
			return nil, (&Error{Key: k, Msg: "a root key may not be named like the JSON variable (rename the key, or choose another name with --json-var)"}).at(s, k)
		}
		text, ok := Scalar(v)
		if !ok {
			continue
		}
		if err := checkVar(k, text); err != nil {
			return nil, err.at(s, k)
		}
		out = append(out, Var{Name: k, Value: text, Origin: s.Origin[k], Where: s.Where[k]})
	}
	if jsonVar != "" {
		if err := checkName(jsonVar); err != nil {
			return nil, fmt.Errorf("--json-var %q: %s", jsonVar, err.Msg)
		}
		js := string(JSON(t))
		if n := len(jsonVar) + 1 + len(js) + 1; n > MaxEnvString {
			msg := fmt.Sprintf("%s would be %d bytes, more than the %d bytes Linux allows for one environment variable (MAX_ARG_STRLEN)", jsonVar, n, MaxEnvString)
			if k, size := largestKey(t); k != "" && !s.Where[k].Hidden {
				msg += fmt.Sprintf("; the largest top-level key is %q (%d bytes", k, size)
				if p := s.Origin[k]; p != "" {
					msg += " from " + p
				}
				msg += ")"
			}
			return nil, errors.New(msg + "; turn it off with --json-var=")
		}
		out = append(out, Var{Name: jsonVar, Value: js})
	}
	return out, nil
}

// largestKey names the top-level key whose JSON is the longest, so a user
// told the JSON is too big knows where to look.
func largestKey(t *resolve.Table) (string, int) {
	best, size := "", 0
	for _, k := range t.Keys {
		if n := len(appendValue(nil, t.Values[k])); n > size {
			best, size = k, n
		}
	}
	return best, size
}

func checkName(k string) *Error {
	switch {
	case k == "":
		return &Error{Key: k, Msg: "an empty key cannot be an environment variable"}
	case strings.IndexByte(k, '=') >= 0:
		return &Error{Key: k, Msg: "a key containing '=' cannot be an environment variable"}
	case strings.IndexByte(k, 0) >= 0:
		return &Error{Key: k, Msg: "a key containing a NUL byte cannot be an environment variable"}
	}
	return nil
}

func checkVar(k, text string) *Error {
	if err := checkName(k); err != nil {
		return err
	}
	if strings.IndexByte(text, 0) >= 0 {
		return &Error{Key: k, Msg: "the value contains a NUL byte, which an environment variable cannot hold"}
	}
	if n := len(k) + 1 + len(text) + 1; n > MaxEnvString {
		return &Error{Key: k, Msg: fmt.Sprintf("the variable would be %d bytes, more than the %d bytes Linux allows for one environment variable (MAX_ARG_STRLEN)", n, MaxEnvString)}
	}
	return nil
}

// Environ applies vars to base, a list of NAME=value strings: a variable
// already set is replaced where it stands (duplicates of it dropped), new
// ones are appended, everything else is left exactly as it was.
func Environ(base []string, vars []Var) []string {
	idx := make(map[string]int, len(vars))
	for i, v := range vars {
		idx[v.Name] = i
	}
	done := make([]bool, len(vars))
	out := make([]string, 0, len(base)+len(vars))
	for _, kv := range base {
		name := kv
		if i := strings.IndexByte(kv, '='); i >= 0 {
			name = kv[:i]
		}
		i, ok := idx[name]
		if !ok {
			out = append(out, kv)
			continue
		}
		if !done[i] {
			out = append(out, name+"="+vars[i].Value)
			done[i] = true
		}
	}
	for i, v := range vars {
		if !done[i] {
			out = append(out, v.Name+"="+v.Value)
		}
	}
	return out
}

// JSON encodes the tree as json.loads would need to give back
// st.secrets.to_dict(): key order kept, integers exact, floats written as
// Python writes them (1.0 stays a float), non-finite floats as the strings
// "inf", "-inf" and "nan", dates as RFC 3339 text.
func JSON(t *resolve.Table) []byte {
	return appendTable(make([]byte, 0, 256), t)
}

func appendTable(b []byte, t *resolve.Table) []byte {
	b = append(b, '{')
	for i, k := range t.Keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, k)
		b = append(b, ':')
		b = appendValue(b, t.Values[k])
	}
	return append(b, '}')
}

func appendValue(b []byte, v any) []byte {
	switch v := v.(type) {
	case string:
		return appendString(b, v)
	case int64:
		return strconv.AppendInt(b, v, 10)
	case float64:
		f := FormatFloat(v)
		if f == "inf" || f == "-inf" || f == "nan" {
			return appendString(b, f)
		}
		return append(b, f...)
	case bool:
		return strconv.AppendBool(b, v)
	case resolve.Datetime:
		return appendString(b, FormatDatetime(v))
	case *resolve.Table:
		return appendTable(b, v)
	case []any:
		b = append(b, '[')
		for i, e := range v {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendValue(b, e)
		}
		return append(b, ']')
	}
	return append(b, "null"...)
}

const hex = "0123456789abcdef"

// JSONText is s as it stands inside the JSON variable, without the quotes:
// --mask hides that form too, since a child that prints its environment
// or its parsed config shows it.
func JSONText(s string) string {
	b := appendString(make([]byte, 0, len(s)+2), s)
	return string(b[1 : len(b)-1])
}

// appendString writes a JSON string. Invalid UTF-8 cannot come from TOML,
// but a Kubernetes folder file can hold anything: such bytes become U+FFFD,
// as Python's strict decode would have refused them anyway.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c == '\n':
				b = append(b, '\\', 'n')
			case c == '\r':
				b = append(b, '\\', 'r')
			case c == '\t':
				b = append(b, '\\', 't')
			case c < 0x20 || c == 0x7f:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, `\ufffd`...)
		} else {
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}
