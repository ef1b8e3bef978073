//go:build unix && !linux

package signals

import "syscall"

// The BSDs and macOS have 31 signals and no real-time ones.
const maxSignal = 31

func reserved(s syscall.Signal) bool { return false }
