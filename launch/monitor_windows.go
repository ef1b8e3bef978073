package launch

// Monitor reports that this process is never a pty monitor: Windows has no
// pty mode.
func Monitor() (code int, ok bool) { return 0, false }
