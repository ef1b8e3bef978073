//go:build unix

package e2e

import (
	"errors"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"
)

// A person at a terminal: the test holds the master side of a pty with an
// interactive bash on it, types, resizes, and reads what the screen shows.

// ttyPatience bounds every wait: the machine is shared and slow at times; a
// wait only lasts this long when something is broken.
const ttyPatience = 60 * time.Second

type ttyShell struct {
	t    *testing.T
	pty  *os.File
	cmd  *exec.Cmd
	mu   sync.Mutex
	buf  []byte
	pos  int           // what expect has consumed
	more chan struct{} // a token whenever output arrives
	done chan struct{} // closed when the pty reaches its end
}

func startTTYBash(t *testing.T, p project) *ttyShell {
	t.Helper()
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash is not installed")
	}
	sh := startTTY(t, p, "bash", "--norc", "--noprofile", "-i")
	sh.expect(`\$ $`)
	return sh
}

// startTTY runs argv as the session leader of a new terminal, 24x80.
func startTTY(t *testing.T, p project, argv ...string) *ttyShell {
	t.Helper()
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = p.Dir
	// TERM=dumb: readline then draws no escapes (bracketed paste and the
	// like) around what it echoes.
	cmd.Env = p.env("PS1=$ ", "TERM=dumb", "HISTFILE=/dev/null", "LC_ALL=C")
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 24, Cols: 80})
	if err != nil {
		t.Fatal(err)
	}
	sh := &ttyShell{t: t, pty: f, cmd: cmd, more: make(chan struct{}, 1), done: make(chan struct{})}
	go func() {
		defer close(sh.done)
		b := make([]byte, 4096)
		for {
			n, err := readSoon(f, b)
			if errors.Is(err, os.ErrDeadlineExceeded) {
				continue
			}
			sh.mu.Lock()
			sh.buf = append(sh.buf, b[:max(n, 0)]...)
			sh.mu.Unlock()
			select {
			case sh.more <- struct{}{}:
			default:
			}
			if err != nil || n == 0 {
				return
			}
		}
	}()
	t.Cleanup(func() {
		// A job still in the terminal's foreground (the test failed while
		// it ran) goes with the shell, not on holding the terminal.
		if pg, err := sh.ioctlInt(unix.TIOCGPGRP); err == nil && pg > 1 && pg != cmd.Process.Pid {
			_ = syscall.Kill(-pg, syscall.SIGKILL)
		}
		cmd.Process.Kill()
		cmd.Wait()
		f.Close()
		select {
		case <-sh.done:
		case <-time.After(ttyPatience):
			t.Errorf("the terminal's reader still runs %v after the terminal was closed", ttyPatience)
		}
		if t.Failed() {
			t.Logf("the terminal showed:\n%s", sh.all())
		}
	})
	return sh
}

// readSoon reads f, a terminal's master side, once poll(2) says it is
// readable, waiting at most 100 ms (os.ErrDeadlineExceeded). creack/pty
// leaves the master blocking, and a blocking read holds the descriptor
// open past Close until the read returns: closing it would not hang the
// terminal up until output happened to come, which a test that closes the
// terminal to see what its programs do cannot wait for. Here Close takes
// effect within 100 ms. A non-blocking master read through Go's poller
// would do as much, but reads through it are reported to stall now and
// then on Linux (creack/pty#177); poll(2) is level-triggered. (The 60 s
// wait once blamed on it, TestMaskJobCtrlZ's, was withsecrets': its
// command read the line typed at the shell's prompt.)
func readSoon(f *os.File, b []byte) (n int, err error) {
	rc, err := f.SyscallConn()
	if err != nil {
		return 0, err
	}
	err = os.ErrDeadlineExceeded
	cerr := rc.Control(func(fd uintptr) {
		fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
		if k, perr := unix.Poll(fds, 100); k <= 0 || perr != nil {
			return
		}
		n, err = unix.Read(int(fd), b)
		if err == unix.EINTR || err == unix.EAGAIN {
			n, err = 0, os.ErrDeadlineExceeded
		}
	})
	if cerr != nil {
		return 0, cerr // closed
	}
	return n, err
}

// control runs fn on the master's descriptor.
func (sh *ttyShell) control(fn func(fd int) error) error {
	rc, err := sh.pty.SyscallConn()
	if err != nil {
		return err
	}
	if cerr := rc.Control(func(fd uintptr) { err = fn(int(fd)) }); cerr != nil {
		return cerr
	}
	return err
}

func (sh *ttyShell) ioctlInt(req uint) (v int, err error) {
	err = sh.control(func(fd int) (err error) {
		v, err = unix.IoctlGetInt(fd, req)
		return err
	})
	return v, err
}

func (sh *ttyShell) all() string {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	return string(sh.buf)
}

// send types s.
func (sh *ttyShell) send(s string) {
	sh.t.Helper()
	if _, err := sh.pty.Write([]byte(s)); err != nil {
		sh.t.Fatalf("typing %q: %v", s, err)
	}
}

// expect waits until the screen shows a match of re after what was already
// consumed, consumes up to the match's end and returns the consumed text
// and the submatches.
func (sh *ttyShell) expect(re string) (consumed string, sub []string) {
	sh.t.Helper()
	rx := regexp.MustCompile(re)
	deadline := time.After(ttyPatience)
	ended := false
	for {
		sh.mu.Lock()
		rest := string(sh.buf[sh.pos:])
		if loc := rx.FindStringSubmatchIndex(rest); loc != nil {
			sh.pos += loc[1]
			sh.mu.Unlock()
			for i := 0; i < len(loc); i += 2 {
				if loc[i] >= 0 {
					sub = append(sub, rest[loc[i]:loc[i+1]])
				} else {
					sub = append(sub, "")
				}
			}
			return rest[:loc[1]], sub
		}
		sh.mu.Unlock()
		if ended {
			sh.t.Fatalf("the terminal ended before showing %q; after the last match it showed %q", re, rest)
		}
		select {
		case <-sh.more:
		case <-sh.done:
			ended = true // look once more at all that arrived
		case <-deadline:
			sh.t.Fatalf("waited %v for %q; after the last match the terminal showed %q", ttyPatience, re, rest)
		}
	}
}

// expectAll waits until the screen shows every one of subs, in any order
// (a program's signal lines and input lines race each other), and consumes
// up to the last of them.
func (sh *ttyShell) expectAll(subs ...string) {
	sh.t.Helper()
	deadline := time.After(ttyPatience)
	for {
		sh.mu.Lock()
		rest := string(sh.buf[sh.pos:])
		end, missing := 0, ""
		for _, s := range subs {
			i := strings.Index(rest, s)
			if i < 0 {
				missing = s
				break
			}
			end = max(end, i+len(s))
		}
		if missing == "" {
			sh.pos += end
			sh.mu.Unlock()
			return
		}
		sh.mu.Unlock()
		select {
		case <-sh.more:
		case <-sh.done:
			sh.t.Fatalf("the terminal ended before showing %q", missing)
		case <-deadline:
			sh.t.Fatalf("waited %v for %q; after the last match the terminal showed %q", ttyPatience, missing, rest)
		}
	}
}

// run types a command line and waits for its prompt. A marker echo that
// the typed text cannot match (M""K) tells its output from its echo.
func (sh *ttyShell) run(line string) string {
	sh.t.Helper()
	sh.send(line + "; echo M\"\"K-END\r")
	out, _ := sh.expect(`\nMK-END\r\n\$ $`)
	return out
}

// stty is the terminal's modes as `stty -g` prints them.
func (sh *ttyShell) stty() string {
	sh.t.Helper()
	sh.send("stty -g; echo S\"\"TTY-END\r")
	_, m := sh.expect(`\n([0-9a-f:]+)\r\nSTTY-END\r\n\$ $`)
	return m[1]
}

// status is $? of the last command.
func (sh *ttyShell) status() int {
	sh.t.Helper()
	sh.send("echo \"st\"\"atus=$?\"\r")
	_, m := sh.expect(`status=(\d+)\r\n\$ $`)
	n, _ := strconv.Atoi(m[1])
	return n
}

func (sh *ttyShell) resize(rows, cols uint16) {
	sh.t.Helper()
	err := sh.control(func(fd int) error {
		return unix.IoctlSetWinsize(fd, unix.TIOCSWINSZ, &unix.Winsize{Row: rows, Col: cols})
	})
	if err != nil {
		sh.t.Fatal(err)
	}
}

// foreground is the process group that owns the terminal: withsecrets,
// while it runs as the shell's foreground job.
func (sh *ttyShell) foreground() int {
	sh.t.Helper()
	pg, err := sh.ioctlInt(unix.TIOCGPGRP)
	if err != nil {
		sh.t.Fatal(err)
	}
	return pg
}

// waitJobStopped asks the shell for its jobs until one is stopped: a job
// that stops in the background is reported only at the next prompt.
func (sh *ttyShell) waitJobStopped() {
	sh.t.Helper()
	deadline := time.Now().Add(ttyPatience)
	for {
		sh.send("jobs; echo J\"\"OBS-END\r")
		// The job's own output may come after the prompt: await the
		// marker only.
		if out, _ := sh.expect(`\nJOBS-END\r\n`); strings.Contains(out, "Stopped") {
			return
		}
		if time.Now().After(deadline) {
			sh.t.Fatalf("no job stopped within %v", ttyPatience)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
