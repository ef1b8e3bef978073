//go:build unix

package launch

import (
	"testing"

	"github.com/creack/pty"
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
