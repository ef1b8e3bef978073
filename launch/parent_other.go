//go:build unix && !linux

package launch

// parentOf cannot tell pid's parent here: no /proc (and a pty's master
// does not tell its foreground group on macOS anyway).
func parentOf(int) (ppid int, ok bool) { return 0, false }
