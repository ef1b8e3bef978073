//go:build unix

package signals

import (
	"os/signal"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// Reraise ends the process with sig, as the child ended, so the shell sees
// the same status (130 for SIGINT) and bash abandons a command list as it
// would have. No core file is written. It returns only if the process
// survived (the signal cannot kill, or its default action could not be
// restored), and the caller then exits 128+sig.
func Reraise(sig syscall.Signal) {
	// The first process of a PID namespace (a container's entry point) is
	// spared its own signals by the kernel, and the Go runtime, finding
	// itself alive after raising one, would exit 2: 128+sig is the honest
	// status there.
	if unix.Getpid() == 1 {
		return
	}
	_ = unix.Setrlimit(unix.RLIMIT_CORE, &unix.Rlimit{})
	signal.Reset(sig)
	// The Go runtime dies by SIGHUP, SIGINT and SIGTERM itself once nobody
	// catches them, and SIGKILL has no handler to replace; for the others
	// (SIGQUIT, SIGUSR1, SIGPIPE, ...) its handler stays and must be
	// replaced by the default action.
	switch sig {
	case syscall.SIGHUP, syscall.SIGINT:
		// Started with it ignored (nohup; a script's & for SIGINT), the
		// runtime goes back to SIG_IGN rather than to the default, and the
		// kill below would be ignored: the command, which reset it for
		// itself, died of it, and so must withsecrets, at once.
		if ignoredNow(sig) {
			if _, ok := setDefault(sig); !ok {
				return
			}
		}
	case syscall.SIGTERM, syscall.SIGKILL:
	default:
		if _, ok := setDefault(sig); !ok {
			return
		}
	}
	if unix.Kill(unix.Getpid(), sig) != nil {
		return
	}
	// Delivery is asynchronous: give it time to arrive before falling back.
	deadline := time.Now().Add(2 * time.Second)
	for time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
}
