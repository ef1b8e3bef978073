package launch

import (
	"os"
	"strconv"
	"strings"
	"syscall"
)

// ignores tells that pid ignores every one of sigs (SIG_IGN), from the
// SigIgn mask /proc shows; false when that cannot be told (a process gone,
// no /proc), which a caller takes as no.
func ignores(pid int, sigs ...syscall.Signal) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return false
	}
	for _, line := range strings.Split(string(b), "\n") {
		hex, ok := strings.CutPrefix(line, "SigIgn:")
		if !ok {
			continue
		}
		mask, err := strconv.ParseUint(strings.TrimSpace(hex), 16, 64)
		if err != nil {
			return false
		}
		for _, s := range sigs {
			if s < 1 || s > 64 || mask&(1<<(s-1)) == 0 {
				return false
			}
		}
		return true
	}
	return false
}
