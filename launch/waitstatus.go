package launch

import "syscall"

// xnuWaitChange reads a macOS wait status w as a stop, by the signal stop,
// or a resumption (cont), as macOS's sys/wait.h does: a stop is
// W_STOPCODE(sig), 0177 in the low seven bits and the signal above them,
// and a resumption reported for WCONTINUED is W_STOPCODE(SIGCONT), SIGCONT
// being 0x13 (WIFCONTINUED; WIFSTOPPED is every other stop code; xnu
// bsd/kern/kern_exit.c writes both). Go's BSD WaitStatus reads these as if
// a stop by SIGSTOP were the resumption (x/sys/unix syscall_bsd.go,
// Stopped and Continued), which is not macOS's encoding.
func xnuWaitChange(w uint32) (stop syscall.Signal, cont bool) {
	if w&0177 != 0177 {
		return 0, false // an exit or a death
	}
	sig := syscall.Signal(w >> 8 & 0xff)
	if sig == 0x13 {
		return 0, true
	}
	return sig, false
}
