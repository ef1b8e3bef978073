package launch

import "testing"

// TestPtsName: macOS device numbers keep the major in the top 8 bits and
// the minor in the low 24 (sys/types.h; x/sys/unix Mkdev for darwin).
func TestPtsName(t *testing.T) {
	mkdev := func(major, minor uint64) uint64 { return major<<24 | minor }
	for _, tc := range []struct {
		rdev uint64
		want string
	}{
		{mkdev(16, 0), "/dev/ttys000"},
		{mkdev(16, 7), "/dev/ttys007"},
		{mkdev(16, 42), "/dev/ttys042"},
		{mkdev(16, 999), "/dev/ttys999"},
		{mkdev(15, 3), "/dev/ttys003"},
	} {
		t.Run(tc.want, func(t *testing.T) {
			if got := ptsName(tc.rdev); got != tc.want {
				t.Errorf("ptsName(%#x) = %q, want %q", tc.rdev, got, tc.want)
			}
		})
	}
}
