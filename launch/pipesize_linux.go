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

// unreadRequest is the ioctl that says how many bytes a pipe holds unread
// (see pipeHeld).
const unreadRequest = unix.TIOCINQ
