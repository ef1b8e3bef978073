package e2e

import (
	"errors"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"
)

// With no job-control shell above, kill -STOP stops the command (only a
// SIGSTOP stops an orphaned process), and a kill -CONT sent to the command
// itself gives it its keystrokes back, as run directly.
func TestPTYOrphanedStopCont(t *testing.T) {
	// withsecrets gives the terminal its modes back (canonical input)
	// once it knows; then resume the command behind its back.
	sh, pid := stoppedTTYReport(t)
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

// stoppedTTYReport runs withsecrets child tty-report on a terminal with no
// job-control shell above, stops the command with kill -STOP and waits
// until withsecrets has given the terminal back; it returns the command's
// pid.
func stoppedTTYReport(t *testing.T) (*ttyShell, int) {
	t.Helper()
	sh := startTTY(t, newProject(t, ptySecrets), wsBin, "child", "tty-report")
	_, m := sh.expect(`ids pid=(\d+) `)
	pid, _ := strconv.Atoi(m[1])
	sh.expect(`ready\r\n`)
	if err := syscall.Kill(pid, syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	awaitCooked(t, sh)
	return sh, pid
}

// awaitCooked waits until withsecrets has given the terminal back its
// modes (canonical input).
func awaitCooked(t *testing.T, sh *ttyShell) {
	t.Helper()
	for deadline := time.Now().Add(ttyPatience); ; time.Sleep(10 * time.Millisecond) {
		var tio *unix.Termios
		err := sh.control(func(fd int) (err error) {
			tio, err = unix.IoctlGetTermios(fd, unix.TCGETS)
			return err
		})
		if err == nil && tio.Lflag&unix.ICANON != 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("withsecrets never gave the terminal back")
		}
	}
}

// TestPTYEndOfInputTypedAheadWhileStopped: a line and an end of input
// (^D) typed while the command was stopped, withsecrets having given the
// terminal back cooked, reach the command as typed once it runs again,
// the ^D as the end of its input, as they do typed before it started
// (TestPTYEndOfInputTypedAhead). Read raw, the ^D would be a NUL byte,
// and the command would wait for ever.
func TestPTYEndOfInputTypedAheadWhileStopped(t *testing.T) {
	sh, pid := stoppedTTYReport(t)
	sh.send("typed ahead\r\x04")
	if err := syscall.Kill(pid, syscall.SIGCONT); err != nil {
		t.Fatal(err)
	}
	sh.expect(`got: typed ahead\r\n(?s:.*)eof\r\n`)
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
	fgTTYReport(sh)
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

// TestPTYTypedAheadShownOnce: keys typed while withsecrets starts, the
// terminal still cooked, are shown once, by the terminal as they are
// typed, as when the command runs directly: the pty must not echo them
// a second time when they are passed on. The same keys go to a command
// run directly and under withsecrets, on a fresh terminal each; the rest
// of a line begun ahead is typed once withsecrets has the terminal raw.
func TestPTYTypedAheadShownOnce(t *testing.T) {
	p := newProject(t, ptySecrets)
	for _, c := range []struct{ name, ahead, later, script string }{
		{"a line", "hi\r", "", `read x; echo "got $x"`},
		{"lines, then ^D, to cat", "one\rtwo\r\x04", "", "exec cat"},
		{"half a line, then the rest", "ha", "lf\r", `read x; echo "got $x"`},
		{"a line and half of the next", "one\rtw", "o\r", `read x; read y; echo "got $x $y"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			direct := typedAheadScreen(t, p, false, nil, c.ahead, c.later, c.script)
			ws := typedAheadScreen(t, p, true, nil, c.ahead, c.later, c.script)
			if direct != ws {
				t.Errorf("the screen showed\n  direct:      %q\n  withsecrets: %q", direct, ws)
			}
		})
	}
}

// typedAheadScreen types ahead on a fresh terminal, its modes changed by
// modes (stty) unless nil, then runs sh -c script on it, under withsecrets
// when ws, types later once the terminal is raw (at once when direct), and
// returns all the terminal showed.
func typedAheadScreen(t *testing.T, p project, ws bool, modes func(*unix.Termios), ahead, later, script string) string {
	t.Helper()
	master, slave, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer master.Close()
	defer slave.Close()
	if modes != nil {
		tio, err := unix.IoctlGetTermios(int(slave.Fd()), unix.TCGETS)
		if err != nil {
			t.Fatal(err)
		}
		modes(tio)
		if err := unix.IoctlSetTermios(int(slave.Fd()), unix.TCSETS, tio); err != nil {
			t.Fatal(err)
		}
	}
	var mu sync.Mutex
	var screen []byte
	readDone := make(chan struct{})
	go func() {
		defer close(readDone)
		b := make([]byte, 4096)
		for {
			n, err := readSoon(master, b)
			if errors.Is(err, os.ErrDeadlineExceeded) {
				continue
			}
			mu.Lock()
			screen = append(screen, b[:max(n, 0)]...)
			mu.Unlock()
			if err != nil || n == 0 {
				return
			}
		}
	}()
	if _, err := master.Write([]byte(ahead)); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("sh", "-c", script)
	if ws {
		cmd = p.command(nil, "sh", "-c", script)
	}
	cmd.Dir, cmd.Env = p.Dir, p.env()
	cmd.Stdin, cmd.Stdout, cmd.Stderr = slave, slave, slave
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if later != "" {
		for deadline := time.Now().Add(ttyPatience); ws; time.Sleep(5 * time.Millisecond) {
			// Raw: not canonical, and not echoing. (While it starts,
			// withsecrets reads the line begun with the terminal not
			// canonical, still echoing.)
			tio, err := unix.IoctlGetTermios(int(slave.Fd()), unix.TCGETS)
			if err == nil && tio.Lflag&(unix.ICANON|unix.ECHO) == 0 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("withsecrets never took the terminal raw")
			}
		}
		if _, err := master.Write([]byte(later)); err != nil {
			t.Fatal(err)
		}
	}
	if st := waitExit(t, cmd, ttyPatience); st.ExitStatus() != 0 {
		t.Errorf("ended %v, want 0", st)
	}
	slave.Close()
	select {
	case <-readDone:
	case <-time.After(ttyPatience):
		t.Fatal("the terminal did not end")
	}
	mu.Lock()
	defer mu.Unlock()
	return string(screen)
}

// TestPTYTypedAheadAsDirect: keys typed while withsecrets starts reach the
// command, and show on the screen, as they do run directly, whatever the
// terminal's modes (stty) and whatever the keys: a terminal without flow
// control (stty -ixon, in many a .bashrc, to free ^S) shows the keys once
// too, and a ^S, ^C, erase or ^M typed literally (^V) is data, not the
// pty's to act on again (a stop, a flush, an erase, a line end); a
// terminal not cooked that reads nothing (stty -icanon min 0) has no end
// of input typed (the command read ^D twice).
func TestPTYTypedAheadAsDirect(t *testing.T) {
	p := newProject(t, ptySecrets)
	const show = `IFS= read -r x; printf '%s' "$x" | od -An -c`
	for _, c := range []struct {
		name, ahead, script string
		modes               func(*unix.Termios)
	}{
		{"stty -ixon", "hi\r", `read x; echo "got $x"`, func(tio *unix.Termios) { tio.Iflag &^= unix.IXON }},
		{"stty stop undef", "hi\r", `read x; echo "got $x"`, func(tio *unix.Termios) { tio.Cc[unix.VSTOP] = 0 }},
		{"stop and start one key", "hi\r", `read x; echo "got $x"`, func(tio *unix.Termios) { tio.Cc[unix.VSTOP] = tio.Cc[unix.VSTART] }},
		{"a literal ^S", "a\x16\x13b\r", show, nil},
		{"a literal ^C", "a\x16\x03b\r", show, nil},
		{"a literal erase", "ab\x16\x7fc\r", show, nil},
		{"a literal ^M", "a\x16\rb\r", show, nil},
		{"stty -icanon min 0", "x", `cat | od -An -c`, func(tio *unix.Termios) {
			tio.Lflag &^= unix.ICANON
			tio.Cc[unix.VMIN], tio.Cc[unix.VTIME] = 0, 0
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			direct := typedAheadScreen(t, p, false, c.modes, c.ahead, "", c.script)
			ws := typedAheadScreen(t, p, true, c.modes, c.ahead, "", c.script)
			if direct != ws {
				t.Errorf("the screen showed\n  direct:      %q\n  withsecrets: %q", direct, ws)
			}
		})
	}
}
