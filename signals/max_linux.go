package signals

import "syscall"

// Linux has real-time signals up to 64; they can be caught and passed on.
const maxSignal = 64

// reserved: 32 and 33 belong to the C library's threads (glibc's SIGCANCEL
// and SIGSETXID), 34 to musl's (SIGSYNCCALL), and the Go runtime does not
// let them be caught: signal.Notify never hears of them, and one sent to
// withsecrets ends it by its default action.
func reserved(s syscall.Signal) bool { return s >= 32 && s <= 34 }
