package envmap

import (
	"fmt"
	"strings"
	"testing"

	"github.com/withsecrets/withsecrets/resolve"
)

func benchDoc(n int) []byte {
	var b strings.Builder
	for i := 0; i < n; i++ {
		switch i % 4 {
		case 0:
			fmt.Fprintf(&b, "key_%d = \"value number %d with some text\"\n", i, i)
		case 1:
			fmt.Fprintf(&b, "key_%d = %d\n", i, i*7919)
		case 2:
			fmt.Fprintf(&b, "key_%d = %d.%d\n", i, i, i%97)
		default:
			fmt.Fprintf(&b, "key_%d = true\n", i)
		}
	}
	b.WriteString("[db]\nuser = \"u\"\npassword = \"p\"\nports = [5432, 5433]\n")
	return []byte(b.String())
}

// BenchmarkTOMLToVars is the whole start-up path after the file is read:
// parse, order, variables and the JSON variable.
func BenchmarkTOMLToVars(b *testing.B) {
	for _, n := range []int{10, 1000, 10000} {
		doc := benchDoc(n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.SetBytes(int64(len(doc)))
			for b.Loop() {
				t, err := resolve.Parse("bench.toml", doc)
				if err != nil {
					b.Fatal(err)
				}
				s := &resolve.Secrets{Tree: t, Origin: map[string]string{}}
				if _, err := Vars(s, ""); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkFormatFloat(b *testing.B) {
	in := []float64{3.0, 1e16, 1.5e-07, 0.1, 123456.789, 6.02e23}
	buf := make([]byte, 0, 32)
	for b.Loop() {
		for _, f := range in {
			buf = AppendFloat(buf[:0], f)
		}
	}
}

func BenchmarkJSON(b *testing.B) {
	t, err := resolve.Parse("bench.toml", benchDoc(1000))
	if err != nil {
		b.Fatal(err)
	}
	n := len(JSON(t))
	b.SetBytes(int64(n))
	for b.Loop() {
		JSON(t)
	}
}
