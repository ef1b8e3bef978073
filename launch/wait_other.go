//go:build unix && !linux

package launch

import (
	"sync"

	"golang.org/x/sys/unix"
)

// reap waits for the next change of the command pid (stop, resume or end). Without
// waitid's WNOWAIT, a signal passed on just after the reaping could reach a
// new process that got the same number; the window is a few instructions.
func reap(pid int, mu *sync.Mutex, reaped *bool) (unix.WaitStatus, error) {
	var ws unix.WaitStatus
	for {
		_, err := unix.Wait4(pid, &ws, unix.WUNTRACED|unix.WCONTINUED, nil)
		if err == unix.EINTR {
			continue
		}
		if err == nil && (ws.Exited() || ws.Signaled()) {
			mu.Lock()
			*reaped = true
			mu.Unlock()
		}
		return ws, err
	}
}
