package launch

import (
	"syscall"

	"golang.org/x/sys/unix"
)

// waitChange tells whether a status that reap reported is a stop, and by
// which signal, or a resumption. FreeBSD's encoding is not the one Go's
// WaitStatus methods read (see freebsdWaitChange): with them, kill -STOP
// of the command read as a resumption, and a resumption as its death.
func waitChange(ws unix.WaitStatus) (stop syscall.Signal, cont bool) {
	return freebsdWaitChange(uint32(ws))
}

// waitEnded tells whether a status that reap reported is an exit or a
// death by a signal: not a resumption, which Go reads as a death.
func waitEnded(ws unix.WaitStatus) bool { return freebsdWaitEnded(uint32(ws)) }
