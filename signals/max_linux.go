package signals

import "syscall"

// Linux has real-time signals up to 64; they can be caught and passed on.
const maxSignal = 64

// reserved: 32 and 33 belong to the C library's threads (glibc's SIGCANCEL
// and SIGSETXID) and the Go runtime does not let them be caught.
func reserved(s syscall.Signal) bool { return s == 32 || s == 33 }
