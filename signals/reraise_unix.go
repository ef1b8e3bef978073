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
// survived (the signal is ignored or cannot kill), and the caller then exits
// 128+sig.
func Reraise(sig syscall.Signal) {
	_ = unix.Setrlimit(unix.RLIMIT_CORE, &unix.Rlimit{})
	signal.Reset(sig)
	_ = unix.Kill(unix.Getpid(), sig)
	// Delivery is asynchronous: give it time to arrive before falling back.
	deadline := time.Now().Add(time.Second)
	for time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
}
