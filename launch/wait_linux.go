package launch

import (
	"sync"

	"golang.org/x/sys/unix"
)

// reap waits for the next change of the command pid (stop, resume or end). It sees
// the change first without taking it (WNOWAIT), then takes it holding mu, so
// that no signal can be sent to pid between its reaping and reaped being
// set, when the number may already belong to another process; and reports
// it, still holding mu, so that no SIGCONT sent under mu can be told done
// before a stop it undid is reported.
func reap(pid int, mu *sync.Mutex, reaped *bool, report func(unix.WaitStatus)) (unix.WaitStatus, error) {
	var ws unix.WaitStatus
	for {
		var info unix.Siginfo
		err := unix.Waitid(unix.P_PID, pid, &info, unix.WEXITED|unix.WSTOPPED|unix.WCONTINUED|unix.WNOWAIT, nil)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return ws, err
		}
		mu.Lock()
		got, err := unix.Wait4(pid, &ws, unix.WUNTRACED|unix.WCONTINUED|unix.WNOHANG, nil)
		if err == nil && got == pid {
			if ws.Exited() || ws.Signaled() {
				*reaped = true
			}
			report(ws)
		}
		mu.Unlock()
		if err == unix.EINTR || (err == nil && got == 0) {
			continue
		}
		return ws, err
	}
}
