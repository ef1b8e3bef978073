//go:build unix && !linux && !darwin && !dragonfly && !freebsd && !netbsd && !openbsd

package launch

import "os"

// growPipe: pipe capacity is fixed outside Linux.
func growPipe(f *os.File) {}

// pipeHeld is how many bytes the pipe f holds unread: unknown (-1) here.
func pipeHeld(f *os.File) int { return -1 }
