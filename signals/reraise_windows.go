//go:build windows

package signals

import "syscall"

// Reraise cannot end a Windows process by a signal; the caller exits 128+sig.
func Reraise(sig syscall.Signal) {}
