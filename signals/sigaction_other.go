//go:build unix && !linux

package signals

import "syscall"

// Without a raw sigaction (macOS makes system calls through libc), the Go
// runtime's handler cannot be swapped for SIG_DFL: callers fall back to
// SIGSTOP to stop, and to exit status 128+N to end.
func setDefault(sig syscall.Signal) (restore func(), ok bool) { return func() {}, false }

func ignoredNow(sig syscall.Signal) bool { return false }

// raiseHere sends sig to the process. Only SIGSTOP comes here (see
// setDefault), which no handler can catch, so that the stop may take effect
// just after the call returns does not matter.
func raiseHere(sig syscall.Signal) error { return syscall.Kill(syscall.Getpid(), sig) }
