package envmap

import (
	"bufio"
	"fmt"
	"math"
	"math/rand"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/withsecrets/withsecrets/resolve"
)

// Expected texts are Python 3's str(float), copied from the interpreter.
var floatCases = []struct {
	in   float64
	want string
}{
	{3.0, "3.0"},
	{1e6, "1000000.0"},
	{1e15, "1000000000000000.0"},
	{9999999999999998.0, "9999999999999998.0"},
	{1e16, "1e+16"},
	{1.2345e16, "1.2345e+16"},
	{123456789012345678.0, "1.2345678901234568e+17"},
	{6.02e23, "6.02e+23"},
	{1e100, "1e+100"},
	{1.7976931348623157e308, "1.7976931348623157e+308"},
	{0.1, "0.1"},
	{1.0 / 3, "0.3333333333333333"},
	{0.001, "0.001"},
	{0.0001, "0.0001"},
	{1e-5, "1e-05"},
	{2.5e-5, "2.5e-05"},
	{1.5e-07, "1.5e-07"},
	{-2e-10, "-2e-10"},
	{5e-324, "5e-324"},
	{12345.678, "12345.678"},
	{100.0, "100.0"},
	{-1.5, "-1.5"},
	{0.0, "0.0"},
	{math.Copysign(0, -1), "-0.0"},
	{math.Inf(1), "inf"},
	{math.Inf(-1), "-inf"},
	{math.NaN(), "nan"},
}

func TestFormatFloat(t *testing.T) {
	for _, c := range floatCases {
		t.Run(c.want, func(t *testing.T) {
			if got := FormatFloat(c.in); got != c.want {
				t.Errorf("FormatFloat(%v) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

// TestFormatFloatAgainstPython compares many random floats with the real
// interpreter, when one is installed.
func TestFormatFloatAgainstPython(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not installed")
	}
	r := rand.New(rand.NewSource(1))
	var in []float64
	for i := 0; i < 5000; i++ {
		switch i % 3 {
		case 0:
			in = append(in, math.Float64frombits(r.Uint64()))
		case 1:
			in = append(in, r.NormFloat64()*math.Pow(10, float64(r.Intn(40)-20)))
		default:
			in = append(in, float64(r.Int63n(1<<53))/math.Pow(10, float64(r.Intn(25))))
		}
	}
	var src strings.Builder
	src.WriteString("import struct,sys\nfor h in sys.stdin.read().split():\n print(str(struct.unpack('<d', bytes.fromhex(h))[0]))\n")
	cmd := exec.Command(py, "-c", src.String())
	var hexes strings.Builder
	for _, f := range in {
		b := math.Float64bits(f)
		for i := 0; i < 8; i++ {
			fmt.Fprintf(&hexes, "%02x", byte(b>>(8*i)))
		}
		hexes.WriteByte('\n')
	}
	cmd.Stdin = strings.NewReader(hexes.String())
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	for i := 0; sc.Scan(); i++ {
		if got := FormatFloat(in[i]); got != sc.Text() {
			t.Errorf("FormatFloat(%b) = %q, python says %q", in[i], got, sc.Text())
		}
	}
}

func TestScalar(t *testing.T) {
	utc := time.Date(1979, 5, 27, 7, 32, 0, 0, time.UTC)
	pdt := time.Date(1979, 5, 27, 0, 32, 0, 999999000, time.FixedZone("", -7*3600))
	cases := []struct {
		name string
		in   any
		want string
		ok   bool
	}{
		{"string", "a b\n\"c\"", "a b\n\"c\"", true},
		{"int", int64(255), "255", true},
		{"int min", int64(math.MinInt64), "-9223372036854775808", true},
		{"float", 3.0, "3.0", true},
		{"true", true, "true", true},
		{"false", false, "false", true},
		{"offset datetime utc", resolve.Datetime{Time: utc, Kind: resolve.OffsetDatetime}, "1979-05-27T07:32:00Z", true},
		{"offset datetime fraction", resolve.Datetime{Time: pdt, Kind: resolve.OffsetDatetime}, "1979-05-27T00:32:00.999999-07:00", true},
		{"local datetime", resolve.Datetime{Time: utc, Kind: resolve.LocalDatetime}, "1979-05-27T07:32:00", true},
		{"local date", resolve.Datetime{Time: utc, Kind: resolve.LocalDate}, "1979-05-27", true},
		{"local time", resolve.Datetime{Time: utc.Add(500 * time.Millisecond), Kind: resolve.LocalTime}, "07:32:00.5", true},
		{"array", []any{int64(1)}, "", false},
		{"table", resolve.NewTable(), "", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok := Scalar(c.in)
			if got != c.want || ok != c.ok {
				t.Errorf("Scalar = %q, %v; want %q, %v", got, ok, c.want, c.ok)
			}
		})
	}
}

func TestEnviron(t *testing.T) {
	cases := []struct {
		name string
		base []string
		vars []Var
		want []string
	}{
		{"append", []string{"A=1"}, []Var{{Name: "B", Value: "2"}}, []string{"A=1", "B=2"}},
		{"replace in place", []string{"A=1", "B=old", "C=3"}, []Var{{Name: "B", Value: "new"}}, []string{"A=1", "B=new", "C=3"}},
		{"duplicates dropped", []string{"B=1", "A=x", "B=2"}, []Var{{Name: "B", Value: "3"}}, []string{"B=3", "A=x"}},
		{"case kept", []string{"path=x"}, []Var{{Name: "PATH", Value: "y"}}, []string{"path=x", "PATH=y"}},
		{"value with equals", nil, []Var{{Name: "U", Value: "a=b"}}, []string{"U=a=b"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := Environ(c.base, c.vars)
			if strings.Join(got, "\x00") != strings.Join(c.want, "\x00") {
				t.Errorf("Environ = %q, want %q", got, c.want)
			}
		})
	}
}
