package e2e

import (
	"strconv"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// With no job-control shell above, kill -STOP stops the command (only a
// SIGSTOP stops an orphaned process), and a kill -CONT sent to the command
// itself gives it its keystrokes back, as run directly.
func TestPTYOrphanedStopCont(t *testing.T) {
	sh := startTTY(t, newProject(t, ptySecrets), wsBin, "child", "tty-report")
	_, m := sh.expect(`ids pid=(\d+) `)
	pid, _ := strconv.Atoi(m[1])
	sh.expect(`ready\r\n`)
	if err := syscall.Kill(pid, syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	// withsecrets gives the terminal its modes back (canonical input)
	// once it knows; then resume the command behind its back.
	for deadline := time.Now().Add(ttyPatience); ; time.Sleep(10 * time.Millisecond) {
		var tio *unix.Termios
		err := sh.control(func(fd int) (err error) {
			tio, err = unix.IoctlGetTermios(fd, unix.TCGETS)
			return err
		})
		if err == nil && tio.Lflag&unix.ICANON != 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("withsecrets never gave the terminal back")
		}
	}
	if err := syscall.Kill(pid, syscall.SIGCONT); err != nil {
		t.Fatal(err)
	}
	// Its first words may come while the terminal is still cooked,
	// which adds a \r of its own.
	sh.expect(`signal SIGCONT\r+\n`)
	sh.send("after cont\r")
	sh.expect(`got: after cont\r\n`)
	sh.send("exit 0\r")
}
