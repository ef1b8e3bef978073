//go:build unix && !linux && !darwin && !dragonfly && !freebsd && !netbsd && !openbsd

package launch

import "os"

// growPipe: pipe capacity is fixed outside Linux.
func growPipe(f *os.File) {}

// unreadRequest: none known here, so pipeHeld says unknown.
const unreadRequest = 0
