package resolve

import (
	"bytes"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
)

// TestReadScalesLinearly guards against a quadratic step in reading a file
// of many keys (one crept in once: counting lines from the top for every
// key). Ten times the keys may cost at most 40 times as long: reading is
// about 17 times (the library's maps and garbage grow), a quadratic step
// about 80 times, so the test does not depend on the machine's speed.
func TestReadScalesLinearly(t *testing.T) {
	if testing.Short() {
		t.Skip("timing test")
	}
	doc := func(n int) []byte {
		var b strings.Builder
		for i := 0; i < n; i++ {
			fmt.Fprintf(&b, "key_%06d = \"v%d\"\n", i, i)
		}
		b.WriteString("[t]\nx = 1\n")
		return []byte(b.String())
	}
	cost := func(data []byte) time.Duration {
		start := time.Now()
		if _, err := Parse("many.toml", data); err != nil {
			t.Fatal(err)
		}
		rootKeyPositions(data)
		return time.Since(start)
	}
	// Interleaved, best of five each: other tests running at the same time
	// slow both sizes alike. A quadratic reading costs 100x here, every
	// time; a linear one can still miss 40x on a machine loaded to many
	// times its cores (55x seen once), so a miss is measured again, twice
	// at most, before it counts.
	smallDoc, largeDoc := doc(2000), doc(20000)
	var small, large time.Duration
	for try := 0; try < 3; try++ {
		small, large = time.Duration(1<<62), time.Duration(1<<62)
		for range 5 {
			small = min(small, cost(smallDoc))
			large = min(large, cost(largeDoc))
		}
		t.Logf("2k keys %v, 20k keys %v: %.1fx", small, large, float64(large)/float64(small))
		if large <= 40*small {
			return
		}
	}
	t.Errorf("20k keys took %v, %.1fx the %v of 2k keys, three times over: reading is not linear", large, float64(large)/float64(small), small)
}

// TestDeepKeyPathsScaleLinearly guards valueOverTable against a step that
// grows with the square of a key path's length. Dotted keys in nested
// inline tables make paths far longer than MaxKeyParts (each level adds a
// key's parts): a 25 KB file of 80 levels of 80-part keys took 9 s and
// 600 MB. Four times the path length may cost at most eight times the
// memory (a quadratic step costs sixteen); bytes allocated, unlike time,
// do not depend on the machine or its load.
func TestDeepKeyPathsScaleLinearly(t *testing.T) {
	doc := func(n int) []byte {
		parts := make([]string, n)
		for i := range parts {
			parts[i] = fmt.Sprintf("k%d", i)
		}
		key := strings.Join(parts, ".")
		return []byte("a = " + strings.Repeat("{"+key+" = ", n) + "1" + strings.Repeat("}", n) + "\n")
	}
	alloc := func(data []byte) uint64 {
		var v any
		md, err := toml.NewDecoder(bytes.NewReader(data)).Decode(&v)
		if err != nil {
			t.Fatal(err)
		}
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		if k := valueOverTable(md, v.(map[string]any)); k != nil {
			t.Fatalf("valueOverTable found %v", k)
		}
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc
	}
	small, large := alloc(doc(20)), alloc(doc(40))
	t.Logf("paths of 400 parts: %d bytes, of 1600: %d bytes (%.1fx)", small, large, float64(large)/float64(small))
	if large > 8*small {
		t.Errorf("4x the path length allocated %.1fx the memory: valueOverTable is not linear in key path length", float64(large)/float64(small))
	}
}
