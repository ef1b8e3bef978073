package launch

import (
	"syscall"

	"golang.org/x/sys/unix"
)

// waitChange tells whether a status that reap reported is a stop, and by
// which signal, or a resumption. macOS's encoding is not the one Go's
// WaitStatus methods read (see xnuWaitChange): with them, kill -STOP of
// the command read as a resumption, and a resumption as a stop by SIGCONT,
// which made withsecrets stop its own job again after fg.
func waitChange(ws unix.WaitStatus) (stop syscall.Signal, cont bool) {
	return xnuWaitChange(uint32(ws))
}

// waitEnded tells whether a status that reap reported is an exit or a
// death by a signal; Go reads those right on macOS.
func waitEnded(ws unix.WaitStatus) bool { return ws.Exited() || ws.Signaled() }
