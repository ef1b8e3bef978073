//go:build darwin || dragonfly || freebsd || netbsd || openbsd

package launch

import "os"

// growPipe: pipe capacity is fixed outside Linux.
func growPipe(f *os.File) {}

// unreadRequest is the ioctl that says how many bytes a pipe holds unread
// (see pipeHeld): FIONREAD, _IOR('f', 127, int) on every BSD and on macOS,
// which golang.org/x/sys/unix does not name there.
const unreadRequest = 0x4004667f
