package launch

import (
	"os"

	"golang.org/x/sys/unix"
)

// growPipe raises a pipe's capacity from Linux's 64 KiB so a child writing
// fast blocks, and withsecrets wakes, less often. Failure (the per-user
// limit of /proc/sys/fs/pipe-user-pages-soft) leaves it as it was.
func growPipe(f *os.File) {
	if rc, err := f.SyscallConn(); err == nil {
		rc.Control(func(fd uintptr) {
			unix.FcntlInt(fd, unix.F_SETPIPE_SZ, 1<<20)
		})
	}
}

// pipeHeld is how many bytes the pipe f holds unread, or -1 if unknown.
func pipeHeld(f *os.File) int {
	n := -1
	if rc, err := f.SyscallConn(); err == nil {
		rc.Control(func(fd uintptr) {
			if v, err := unix.IoctlGetInt(int(fd), unix.TIOCINQ); err == nil {
				n = v
			}
		})
	}
	return n
}
