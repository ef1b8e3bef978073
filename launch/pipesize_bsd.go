//go:build darwin || dragonfly || freebsd || netbsd || openbsd

package launch

import (
	"os"

	"golang.org/x/sys/unix"
)

// growPipe: pipe capacity is fixed outside Linux.
func growPipe(f *os.File) {}

// fionread is FIONREAD, _IOR('f', 127, int) on every BSD and on macOS, which
// golang.org/x/sys/unix does not name there.
const fionread = 0x4004667f

// pipeHeld is how many bytes the pipe f holds unread, or -1 if unknown.
func pipeHeld(f *os.File) int {
	n := -1
	if rc, err := f.SyscallConn(); err == nil {
		rc.Control(func(fd uintptr) {
			if v, err := unix.IoctlGetInt(int(fd), fionread); err == nil && v >= 0 {
				n = v
			}
		})
	}
	return n
}
