//go:build unix && !linux

package launch

import (
	"sync"

	"golang.org/x/sys/unix"
)

// reap waits for the next change of the command pid (stop, resume or end). Without
// waitid's WNOWAIT, a signal passed on just after the reaping could reach a
// new process that got the same number; the window is a few instructions.
// The change is reported holding mu, as on Linux, but taken before: a
// SIGCONT sent in between can be told done before the stop it undid.
func reap(pid int, mu *sync.Mutex, reaped *bool, report func(unix.WaitStatus)) (unix.WaitStatus, error) {
	var ws unix.WaitStatus
	for {
		_, err := unix.Wait4(pid, &ws, unix.WUNTRACED|unix.WCONTINUED, nil)
		if err == unix.EINTR {
			continue
		}
		if err == nil {
			mu.Lock()
			if waitEnded(ws) {
				*reaped = true
			}
			report(ws)
			mu.Unlock()
		}
		return ws, err
	}
}
