package launch

import (
	"io"
	"strings"

	"github.com/withsecrets/withsecrets/envmap"
)

// newOutput wraps w, where the child's output goes, with the masking stream
// when there are values to hide. Close flushes what masking held back; it
// must be called once the child's output has ended. Without values it is
// w itself, at no cost.
func newOutput(w io.Writer, mask []string) io.WriteCloser {
	if len(mask) == 0 {
		return nopCloser{w}
	}
	return newMasker(w, maskVariants(mask))
}

// maskVariants adds the other forms a value takes in the output: escaped
// as in the JSON variable (a child printing its environment shows it so),
// and, for a value with line breaks, the form a terminal shows: on a pty
// the line discipline turns each "\n" the child writes into "\r\n", so a
// multi-line value (a PEM key) would otherwise pass unmasked.
func maskVariants(mask []string) []string {
	out := make([]string, 0, len(mask))
	out = append(out, mask...)
	for _, s := range mask {
		if j := envmap.JSONText(s); j != s {
			out = append(out, j)
		}
		if !strings.Contains(s, "\n") {
			continue
		}
		crlf := strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\n", "\r\n")
		if crlf != s {
			out = append(out, crlf)
		}
	}
	return out
}

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }
