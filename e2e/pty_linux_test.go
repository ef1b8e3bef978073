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

// The command's stops reach withsecrets in order, but maybe late: once its
// job has stopped for one, another may wait in line (the command resumed
// and stopped again behind withsecrets' back here; under load, the relay's
// own resume doubled, the command stopping again for the terminal it reads
// from the background). One fg must resume the command, as run directly,
// not stop withsecrets again for a stop that fg undid. TestPTYJobControl's
// "bg then fg" saw it once under load: withsecrets, stopping its job a
// second time, did so right after fg.
func TestPTYStoppedAgainWhileStopped(t *testing.T) {
	sh := startTTYBash(t, newProject(t, ptySecrets))
	sh.send("withsecrets child tty-report\r")
	_, m := sh.expect(`ids pid=(\d+) `)
	pid := mustAtoi(t, m[1])
	sh.expect(`ready\r\n`)
	sh.send("\x1a")
	sh.expect(`Stopped.*\r\n\$ $`)
	for range 3 {
		for _, s := range []syscall.Signal{syscall.SIGCONT, syscall.SIGTSTP} {
			if err := syscall.Kill(pid, s); err != nil {
				t.Fatal(err)
			}
			awaitState(t, pid, s == syscall.SIGTSTP)
		}
	}
	sh.send("fg\r")
	sh.expect(`withsecrets child tty-report\r\n`)
	sh.send("fg-ping\r")
	sh.expect(`got: fg-ping\r\n`)
	sh.send("\x04")
	sh.expect(`eof\r\n(signal SIGCONT\r\n)*\$ $`)
}

// awaitState waits until process pid is stopped, or runs (or sleeps).
func awaitState(t *testing.T, pid int, stopped bool) {
	t.Helper()
	for deadline := time.Now().Add(ttyPatience); ; time.Sleep(5 * time.Millisecond) {
		st, err := procState(pid)
		if err != nil {
			t.Fatal(err)
		}
		if (st == 'T') == stopped {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("process %d: stopped=%v not seen within %v: state %c", pid, stopped, ttyPatience, st)
		}
	}
}
