package launch

import (
	"errors"
	"io/fs"
	"os"
	"strconv"
	"strings"
)

// parentOf is pid's parent, from /proc, 0 for a process gone (reaped: a
// pipeline's first process that ended before the rest of its job); ok is
// false when it cannot be told (no /proc).
func parentOf(pid int) (ppid int, ok bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if errors.Is(err, fs.ErrNotExist) {
		_, err := os.Stat("/proc/self/stat")
		return 0, err == nil
	}
	if err != nil {
		return 0, false
	}
	// pid (comm) state ppid ...; comm may hold spaces and parentheses.
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0, false
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 2 {
		return 0, false
	}
	ppid, err = strconv.Atoi(f[1])
	return ppid, err == nil
}
