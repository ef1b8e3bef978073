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

// freebsdWaitChange reads a FreeBSD wait status w as a stop, by the signal
// stop, or a resumption (cont), as FreeBSD's sys/wait.h does: a stop is
// W_STOPCODE(sig), whatever sig (WIFSTOPPED), and a resumption is the
// status 0x13 alone (WIFCONTINUED), which Go's BSD WaitStatus reads as a
// death by signal 19.
func freebsdWaitChange(w uint32) (stop syscall.Signal, cont bool) {
	switch {
	case w == 0x13:
		return 0, true
	case w&0177 == 0177:
		return syscall.Signal(w >> 8 & 0xff), false
	}
	return 0, false
}

// freebsdWaitEnded tells whether a FreeBSD wait status w is an exit or a
// death by a signal (WIFEXITED, WIFSIGNALED): neither a stop nor 0x13.
func freebsdWaitEnded(w uint32) bool { return w&0177 != 0177 && w != 0x13 }
