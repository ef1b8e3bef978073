package launch

import "golang.org/x/sys/unix"

const (
	ioctlGetTermios = unix.TCGETS
	ioctlSetTermios = unix.TCSETS
)

// vdisable is _POSIX_VDISABLE: a special character so set is disabled.
const vdisable = 0
