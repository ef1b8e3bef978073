package launch

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// TestMaskDenseAgainstReference: many secrets sharing prefixes and
// branching wide after them (so nodes get tables of children, and failure
// links are computed through them), over bytes such as 0x00 and 0xff,
// masked in random writes and handed over to a restored masker at a random
// point, against refMask.
func TestMaskDenseAgainstReference(t *testing.T) {
	alpha := []byte{0x00, 0xff, 'A', '=', 0x01, 0xfe}
	for _, tt := range []struct {
		name          string
		prefix, tail  int // most bytes before and after the branching byte
		width, rounds int
	}{
		{"short secrets, wide", 4, 4, 50, 400},
		{"long shared prefixes", 80, 50, 40, 250},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(1, uint64(tt.prefix)))
			for round := 0; round < tt.rounds; round++ {
				base := make([]byte, tt.prefix)
				for i := range base {
					base[i] = alpha[rng.IntN(len(alpha))]
				}
				var secrets []string
				for w := 10 + rng.IntN(tt.width); w > 0; w-- {
					s := append([]byte(nil), base[:rng.IntN(len(base)+1)]...)
					s = append(s, byte(rng.IntN(256)))
					for k := rng.IntN(tt.tail + 1); k > 0; k-- {
						s = append(s, alpha[rng.IntN(len(alpha))])
					}
					secrets = append(secrets, string(s))
				}
				var in []byte
				for len(in) < 600 {
					switch s := secrets[rng.IntN(len(secrets))]; rng.IntN(4) {
					case 0:
						in = append(in, s[:rng.IntN(len(s)+1)]...)
					case 1:
						in = append(in, s...)
					case 2:
						in = append(in, base[:rng.IntN(len(base)+1)]...)
					default:
						in = append(in, alpha[rng.IntN(len(alpha))])
					}
				}
				want := refMask(in, secrets)
				var out bytes.Buffer
				k := newMasker(&out, secrets)
				at := rng.IntN(len(in) + 1)
				for i := 0; i < len(in); {
					n := min(1+rng.IntN(70), len(in)-i)
					if i < at && i+n > at {
						n = at - i
					}
					k.Write(in[i : i+n])
					if i += n; i == at {
						r, err := restoreMasker(&out, k.snapshot())
						if err != nil {
							t.Fatal(err)
						}
						k = r
					}
				}
				if at == len(in) {
					r, err := restoreMasker(&out, k.snapshot())
					if err != nil {
						t.Fatal(err)
					}
					k = r
				}
				k.Close()
				if !bytes.Equal(out.Bytes(), want) {
					t.Fatalf("round %d (handed over at %d): secrets %q\nin   %q\ngot  %q\nwant %q", round, at, secrets, in, out.Bytes(), want)
				}
			}
		})
	}
}

// TestMaskDenseTablesRunOut: past 65535 tables of children, nodes keep
// their lists of children, and secrets below them are still found.
func TestMaskDenseTablesRunOut(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 64 MiB of tables")
	}
	var secrets []string
	for i := range 70000 {
		p := []byte{byte(i % 250), byte(i / 250 % 250), byte(i / 62500)}
		for c := range 16 {
			secrets = append(secrets, string(append(p, byte(c))))
		}
	}
	m := newMatcher(secrets)
	if len(m.dense) != 1<<16-1 {
		t.Fatalf("%d tables, want the most there can be", len(m.dense))
	}
	var out bytes.Buffer
	k := &masker{w: &out, ms: &masks{variants: secrets, m: m}}
	var in, want []byte
	for i := 0; i < len(secrets); i += 997 { // nodes with and without tables
		in = append(append(in, 0xff), secrets[i]...)
		want = append(append(want, 0xff), maskText...)
	}
	k.Write(in)
	k.Close()
	if !bytes.Equal(out.Bytes(), want) {
		t.Fatal("a secret below a node without a table was missed")
	}
}
