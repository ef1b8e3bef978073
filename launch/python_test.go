package launch

import (
	"os/exec"
	"strings"
	"testing"
)

// TestPythonForms: the forms --mask hides a value in are the ones Python
// prints, byte for byte: json.dumps and repr, in repr's two quotings.
func TestPythonForms(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 is not installed")
	}
	values := []string{"pa\"ss\\wörd\nline2\b\f\x01\x7f😀", "plain", "<a&b>\u2028\u00a0\U000e0001", `Tom's-pass`, `it's "quoted"`, `{"password":"Tom's"}`}
	for _, c := range []struct {
		name, expr string
		ours       func(string) string
	}{
		{"json.dumps", "json.dumps(v)", pythonJSON},
		{"repr", "repr(v)", func(v string) string {
			return pythonRepr(v, strings.Contains(v, `'`) && strings.Contains(v, `"`))
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			for _, v := range values {
				out, err := exec.Command("python3", "-c", "import json, sys; v = sys.argv[1]; sys.stdout.write("+c.expr+"[1:-1])", v).Output()
				if err != nil {
					t.Fatal(err)
				}
				if got := c.ours(v); got != string(out) {
					t.Errorf("%q: got %q, Python %q", v, got, out)
				}
			}
		})
	}
}
