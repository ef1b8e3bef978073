//go:build unix && !darwin && !freebsd

package launch

import (
	"syscall"

	"golang.org/x/sys/unix"
)

// waitChange tells whether a status that reap reported is a stop, and by
// which signal, or a resumption.
func waitChange(ws unix.WaitStatus) (stop syscall.Signal, cont bool) {
	if ws.Stopped() {
		return ws.StopSignal(), false
	}
	return 0, ws.Continued()
}

// waitEnded tells whether a status that reap reported is an exit or a
// death by a signal.
func waitEnded(ws unix.WaitStatus) bool { return ws.Exited() || ws.Signaled() }
