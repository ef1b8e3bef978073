// Package envmap turns a merged secrets tree into what a child process sees:
// root-level scalars as variables with the exact text Streamlit's str(v)
// gives, the whole tree as one JSON variable, the limits an environment
// string must respect, and the --export formats.
package envmap

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/withsecrets/withsecrets/resolve"
)

// FormatFloat gives Python's str(float) / repr(float): the shortest digits
// that round-trip, fixed notation for decimal exponents in [-4, 16),
// scientific with a signed two-digit exponent otherwise, and always a
// decimal point or exponent so a float never looks like an integer.
func FormatFloat(f float64) string {
	return string(AppendFloat(nil, f))
}

// AppendFloat is FormatFloat appending to b.
func AppendFloat(b []byte, f float64) []byte {
	switch {
	case math.IsInf(f, 1):
		return append(b, "inf"...)
	case math.IsInf(f, -1):
		return append(b, "-inf"...)
	case math.IsNaN(f):
		return append(b, "nan"...)
	}
	// 'e' with precision -1 gives the shortest round-trip digits d.ddddde±XX.
	var buf [32]byte
	e := strconv.AppendFloat(buf[:0], f, 'e', -1, 64)
	neg := e[0] == '-'
	if neg {
		e = e[1:]
		b = append(b, '-')
	}
	ei := strings.IndexByte(string(e), 'e')
	mant, exp := e[:ei], e[ei+1:]
	x, _ := strconv.Atoi(string(exp))
	digits := make([]byte, 0, len(mant))
	for _, c := range mant {
		if c != '.' {
			digits = append(digits, c)
		}
	}
	// Python's decpt: value = 0.DIGITS * 10^decpt.
	decpt := x + 1
	if decpt > -4 && decpt <= 16 {
		switch {
		case decpt <= 0:
			b = append(b, "0."...)
			for i := 0; i < -decpt; i++ {
				b = append(b, '0')
			}
			b = append(b, digits...)
		case decpt >= len(digits):
			b = append(b, digits...)
			for i := len(digits); i < decpt; i++ {
				b = append(b, '0')
			}
			b = append(b, ".0"...)
		default:
			b = append(b, digits[:decpt]...)
			b = append(b, '.')
			b = append(b, digits[decpt:]...)
		}
		return b
	}
	b = append(b, digits[0])
	if len(digits) > 1 {
		b = append(b, '.')
		b = append(b, digits[1:]...)
	}
	b = append(b, 'e')
	if x < 0 {
		b = append(b, '-')
		x = -x
	} else {
		b = append(b, '+')
	}
	if x < 10 {
		b = append(b, '0')
	}
	return strconv.AppendInt(b, int64(x), 10)
}

// FormatDatetime gives RFC 3339 text for each TOML date-time kind, with
// fractional seconds only as long as they need to be.
func FormatDatetime(d resolve.Datetime) string {
	switch d.Kind {
	case resolve.LocalDate:
		return d.Time.Format("2006-01-02")
	case resolve.LocalTime:
		return d.Time.Format("15:04:05.999999999")
	case resolve.LocalDatetime:
		return d.Time.Format("2006-01-02T15:04:05.999999999")
	default:
		return d.Time.Format(time.RFC3339Nano)
	}
}

// Scalar returns the variable text of a root-level value, and false for
// arrays and tables, which are not variables.
func Scalar(v any) (string, bool) {
	switch v := v.(type) {
	case string:
		return v, true
	case int64:
		return strconv.FormatInt(v, 10), true
	case float64:
		return FormatFloat(v), true
	case bool:
		return strconv.FormatBool(v), true
	case resolve.Datetime:
		return FormatDatetime(v), true
	}
	return "", false
}
