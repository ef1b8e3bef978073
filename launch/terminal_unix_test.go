//go:build unix

package launch

import (
	"fmt"
	"testing"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"
)

// TestTerminalGone: a terminal whose other side closed (its window) tells
// so; withsecrets then takes a SIGHUP as the hangup the whole job got, and
// does not pass it on a second time (--mask without a pty, runPipes).
func TestTerminalGone(t *testing.T) {
	master, tty, err := pty.Open()
	if err != nil {
		t.Skip(err)
	}
	defer tty.Close()
	if terminalGone(int(tty.Fd())) {
		t.Fatal("an open terminal reads as gone")
	}
	master.Close()
	if !terminalGone(int(tty.Fd())) {
		t.Error("a terminal whose master closed does not read as gone")
	}
}

// TestHungUp: the errors that tell a hung-up terminal are the platform's
// (macOS: EBADF too, for a revoked one), here both lists on this system.
func TestHungUp(t *testing.T) {
	for _, tc := range []struct {
		name   string
		errnos []unix.Errno
		err    error
		want   bool
	}{
		{"ok", []unix.Errno{unix.EIO}, nil, false},
		{"EIO", []unix.Errno{unix.EIO}, unix.EIO, true},
		{"EBADF, not the platform's", []unix.Errno{unix.EIO}, unix.EBADF, false},
		{"EBADF, the platform's", []unix.Errno{unix.EIO, unix.EBADF}, unix.EBADF, true},
		{"ENOTTY", []unix.Errno{unix.EIO, unix.EBADF}, unix.ENOTTY, false},
		{"wrapped", []unix.Errno{unix.EIO}, fmt.Errorf("ioctl: %w", unix.EIO), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer func(old []unix.Errno) { hangupErrnos = old }(hangupErrnos)
			hangupErrnos = tc.errnos
			if got := hungUp(tc.err); got != tc.want {
				t.Errorf("hungUp(%v) = %v, want %v", tc.err, got, tc.want)
			}
		})
	}
}
