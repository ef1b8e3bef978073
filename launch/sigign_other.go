//go:build unix && !linux

package launch

import "syscall"

// ignores cannot tell what pid ignores here: no /proc.
func ignores(int, ...syscall.Signal) bool { return false }
