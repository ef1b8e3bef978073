//go:build unix && !darwin

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
