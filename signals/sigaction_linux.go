package signals

import (
	"runtime"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Once os/signal has caught a signal, the Go runtime keeps its own handler
// for it even after signal.Reset: a SIGTSTP is then ignored, not a stop, and
// a SIGUSR1 or SIGQUIT cannot end the process as the default would (SIGQUIT
// would print a goroutine dump). To stop or die by the very signal the child
// got, the disposition is set to SIG_DFL with the system call itself, and put
// back afterwards exactly as it was.

// kernelSigaction holds the kernel's struct sigaction, opaque: handler,
// flags, restorer and a 64-bit mask on every Linux port Go supports, padded.
// All zero is SIG_DFL with no flags.
type kernelSigaction [8]uint64

func rtSigaction(sig syscall.Signal, act, old *kernelSigaction) error {
	_, _, e := unix.RawSyscall6(unix.SYS_RT_SIGACTION, uintptr(sig),
		uintptr(unsafe.Pointer(act)), uintptr(unsafe.Pointer(old)), 8, 0, 0)
	if e != 0 {
		return e
	}
	return nil
}

// setDefault gives sig its default action and returns how to put the Go
// runtime's handler back.
func setDefault(sig syscall.Signal) (restore func(), ok bool) {
	var dfl, old kernelSigaction
	if rtSigaction(sig, &dfl, &old) != nil {
		return func() {}, false
	}
	return func() { _ = rtSigaction(sig, &old, nil) }, true
}

// ignoredNow reports whether sig's disposition is SIG_IGN right now. The Go
// runtime leaves SIGTSTP, SIGTTIN, SIGTTOU and SIGCONT alone until they are
// caught, so this sees how withsecrets was started for them, which
// signal.Ignored cannot.
func ignoredNow(sig syscall.Signal) bool {
	var old kernelSigaction
	return rtSigaction(sig, nil, &old) == nil && old[0] == 1 // SIG_IGN
}

// raiseHere sends sig to the calling thread, which acts on it before the
// system call returns: for a stop, it returns only once the process is
// continued. kill(getpid(), sig) may pick another thread, and return before
// the stop.
func raiseHere(sig syscall.Signal) error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	return unix.Tgkill(unix.Getpid(), unix.Gettid(), sig)
}
