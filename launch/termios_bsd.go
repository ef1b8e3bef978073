//go:build darwin || freebsd || netbsd || openbsd || dragonfly

package launch

import "golang.org/x/sys/unix"

const (
	ioctlGetTermios = unix.TIOCGETA
	ioctlSetTermios = unix.TIOCSETA
)

// vdisable is _POSIX_VDISABLE: a special character so set is disabled.
const vdisable = 0xff
