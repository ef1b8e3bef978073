//go:build unix

package e2e

import (
	"bytes"
	"crypto/rand"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"
	"golang.org/x/term"
)

// Interactive mode, as a person at a terminal meets it (DESIGN.md section 3).

const ptySecrets = "API_KEY = \"k-123\"\n"

// Under a real terminal the child has a terminal on 0, 1 and 2, the
// window's size and every resize, keystrokes and ^D, and a session of its
// own in which it is the foreground group.
func TestPTYRealTerminal(t *testing.T) {
	p := newProject(t, ptySecrets)
	sh := startTTYBash(t, p)
	sh.send("withsecrets child tty-report\r")
	_, m := sh.expect(`isatty (.*)\r\n`)
	if m[1] != "0=true 1=true 2=true" {
		t.Errorf("isatty: got %s, want 0=true 1=true 2=true", m[1])
	}
	_, m = sh.expect(`size (\S+)\r\n`)
	if m[1] != "24x80" {
		t.Errorf("initial size: got %s, want 24x80", m[1])
	}
	_, m = sh.expect(`ids pid=(\d+) pgid=(\d+) sid=(\d+) ppid=(\d+) fg=(\w+)\r\n`)
	pid, pgid, sid, ppid := m[1], m[2], m[3], m[4]
	if sid == strconv.Itoa(sh.cmd.Process.Pid) {
		t.Errorf("the child is in the shell's session %s", sid)
	}
	if sid != ppid {
		t.Errorf("session %s is not led by the child's parent (the monitor) %s", sid, ppid)
	}
	if pgid != pid || m[5] != "true" {
		t.Errorf("the child (pid %s) is in group %s, foreground %s: want its own group, in the foreground", pid, pgid, m[5])
	}
	sh.expect(`ready\r\n`)

	for _, size := range [][2]uint16{{30, 100}, {50, 132}, {24, 80}} {
		sh.resize(size[0], size[1])
		want := fmt.Sprintf("signal SIGWINCH size %dx%d\r\n", size[0], size[1])
		got, _ := sh.expect(`signal SIGWINCH size \d+x\d+\r\n`)
		if !strings.HasSuffix(got, want) {
			t.Errorf("after a resize to %dx%d the child saw %q", size[0], size[1], got)
		}
	}
	sh.send("hello there\r")
	sh.expect(`got: hello there\r\n`)
	sh.send("\x04") // ^D at the start of a line: end of input
	sh.expect(`eof\r\n`)
	sh.expect(`\$ $`)
	if st := sh.status(); st != 0 {
		t.Errorf("status after ^D: %d", st)
	}
}

// Ctrl-C and Ctrl-\ give the child one SIGINT / SIGQUIT; every signal sent to
// withsecrets reaches the child exactly once.
func TestPTYSignals(t *testing.T) {
	p := newProject(t, ptySecrets)
	sh := startTTYBash(t, p)
	sh.send("withsecrets child tty-report\r")
	sh.expect(`ready\r\n`)
	ws := sh.foreground()

	// Each step waits for the child's report, then a ping the child
	// echoes; at the end, every report is counted over the whole session.
	ping := 0
	step := func(line string, do func()) {
		t.Helper()
		do()
		ping++
		sh.send(fmt.Sprintf("ping%d\r", ping))
		sh.expectAll(line, fmt.Sprintf("got: ping%d\r\n", ping))
	}
	typed := func(keys string) func() { return func() { sh.send(keys) } }
	step("signal SIGINT\r\n", typed("\x03"))
	step("signal SIGQUIT\r\n", typed("\x1c"))
	sigs := []struct {
		sig  syscall.Signal
		name string
	}{
		{syscall.SIGUSR1, "SIGUSR1"}, {syscall.SIGUSR2, "SIGUSR2"}, {syscall.SIGHUP, "SIGHUP"},
		{syscall.SIGTERM, "SIGTERM"}, {syscall.SIGINT, "SIGINT"}, {syscall.SIGALRM, "SIGALRM"},
	}
	for _, c := range sigs {
		step("signal "+c.name+"\r\n", func() {
			if err := syscall.Kill(ws, c.sig); err != nil {
				t.Fatal(err)
			}
		})
	}
	sh.send("exit 3\r")
	sh.expect(`\$ $`)
	if st := sh.status(); st != 3 {
		t.Errorf("status: got %d, want 3", st)
	}
	// Ctrl-C and kill -INT: two SIGINTs; one of each other signal.
	want := map[string]int{"SIGINT": 2, "SIGQUIT": 1}
	for _, c := range sigs {
		if c.sig != syscall.SIGINT {
			want[c.name] = 1
		}
	}
	all := sh.all()
	for name, n := range want {
		if got := strings.Count(all, "signal "+name+"\r\n"); got != n {
			t.Errorf("the child got %s %d times, want %d", name, got, n)
		}
	}
}

// withsecrets killed by a signal: the child dies of it, withsecrets dies of
// the same signal (the shell sees 128+N, no core), and the terminal has its
// modes back.
func TestPTYKilled(t *testing.T) {
	p := newProject(t, ptySecrets)
	sh := startTTYBash(t, p)
	before := sh.stty()
	for _, c := range []struct {
		sig  syscall.Signal
		want int
	}{{syscall.SIGTERM, 143}, {syscall.SIGHUP, 129}, {syscall.SIGINT, 130}, {syscall.SIGQUIT, 131}, {syscall.SIGUSR1, 138}} {
		sh.send("withsecrets sh -c 'echo re\"\"ady; exec sleep 300'\r")
		sh.expect(`\nready\r\n`)
		if err := syscall.Kill(sh.foreground(), c.sig); err != nil {
			t.Fatal(err)
		}
		sh.expect(`\n\$ $`)
		if st := sh.status(); st != c.want {
			t.Errorf("%v: status %d, want %d", c.sig, st, c.want)
		}
		if got := sh.stty(); got != before {
			t.Errorf("%v: stty -g after:\n got %s\nwant %s", c.sig, got, before)
		}
	}
	if strings.Contains(sh.all(), "core dumped") {
		t.Errorf("a core was dumped")
	}
}

// waitRaw waits until withsecrets has taken the terminal tty: raw mode
// shows as a change from the modes before.
func waitRaw(t *testing.T, tty *os.File, before *term.State) {
	t.Helper()
	for deadline := time.Now().Add(ttyPatience); ; time.Sleep(10 * time.Millisecond) {
		if now, err := term.GetState(int(tty.Fd())); err == nil && !reflect.DeepEqual(now, before) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("withsecrets never put the terminal in raw mode")
		}
	}
}

// The same without a shell in between, which would put its own modes back:
// withsecrets leads the session of a terminal, takes raw mode, is killed,
// and the terminal's modes must be as before.
func TestPTYKilledRestoresTerminal(t *testing.T) {
	p := newProject(t, ptySecrets)
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGHUP, syscall.SIGINT, syscall.SIGQUIT} {
		t.Run(sig.String(), func(t *testing.T) {
			master, slave, err := pty.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer master.Close()
			defer slave.Close()
			before, err := term.GetState(int(slave.Fd()))
			if err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(wsBin, "sh", "-c", "exec sleep 300")
			cmd.Dir, cmd.Env = p.Dir, p.env()
			cmd.Stdin, cmd.Stdout, cmd.Stderr = slave, slave, slave
			cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
			go io.Copy(io.Discard, master)
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer cmd.Process.Kill()
			// The sleep's session is another one, on withsecrets' own pty.
			waitRaw(t, slave, before)
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			ws := waitExit(t, cmd, 30*time.Second)
			if !ws.Signaled() || ws.Signal() != sig {
				t.Errorf("withsecrets ended %v, want by %v", cmd.ProcessState, sig)
			}
			after, err := term.GetState(int(slave.Fd()))
			if err != nil || !reflect.DeepEqual(after, before) {
				t.Errorf("the terminal's modes changed: %+v, then %+v (%v)", before, after, err)
			}
		})
	}
}

// A job-control script (sh -c 'set -m; ...') restores no terminal modes of
// its own, unlike an interactive bash: the modes it sees while the job is
// stopped and after it ends are withsecrets' doing alone.
func TestPTYStopRestoresTerminal(t *testing.T) {
	p := newProject(t, ptySecrets)
	sh := startTTY(t, p, "sh", "-c", `set -m
stty -g; echo "b""efore"
withsecrets child rawstop
stty -g; echo "st""opped $?"
fg >/dev/null
stty -g; echo "a""fter $?"
sleep 300`)
	_, m := sh.expect(`([0-9a-f:]+)\r\nbefore\r\n`)
	before := m[1]
	sh.expect(`raw-ready\r\n`)
	sh.send("z")
	// (dash gives $? 0 for a stopped job; bash's 148 is checked in
	// TestPTYJobControl.)
	_, m = sh.expect(`([0-9a-f:]+)\r\nstopped (\d+)\r\n`)
	if m[1] != before {
		t.Errorf("while stopped: stty -g %s, want %s", m[1], before)
	}
	sh.expect(`resumed size=24x80\r\n`)
	sh.send("x")
	sh.expect(`key 'x'\r\n`)
	sh.send("q")
	_, m = sh.expect(`([0-9a-f:]+)\r\nafter (\d+)\r\n`)
	if m[1] != before || m[2] != "0" {
		t.Errorf("after: stty -g %s, status %s; want %s, 0", m[1], m[2], before)
	}
}

// With no job-control shell above it, withsecrets' group is orphaned and
// nothing could resume a stopped job. Run directly there, the command would
// not stop on ^Z at all (the kernel discards SIGTSTP for an orphaned
// group): under withsecrets it must go on as well, keystrokes included.
// Two ways to be there: withsecrets leads its terminal's session (docker
// run -it, a tmux window running it alone), or a shell without job control
// leads it and runs withsecrets as one command of several (ssh -t host
// 'app; echo done'), which withsecrets cannot tell from its parent.
func TestPTYOrphanedCtrlZ(t *testing.T) {
	for _, c := range []struct {
		name string
		argv []string
	}{
		{"session leader", []string{wsBin, "child", "tty-report"}},
		{"below a shell", []string{"sh", "-c", "withsecrets child tty-report; echo \"after $?\"; sleep 300"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			sh := startTTY(t, newProject(t, ptySecrets), c.argv...)
			sh.expect(`ready\r\n`)
			sh.send("\x1a")
			sh.expect(`signal SIGCONT\r\n`)
			sh.send("still here\r")
			sh.expect(`got: still here\r\n`)
			sh.send("exit 3\r")
			if c.argv[0] == wsBin {
				if err := sh.cmd.Wait(); err == nil || sh.cmd.ProcessState.ExitCode() != 3 {
					t.Errorf("withsecrets ended %v, want exit 3", sh.cmd.ProcessState)
				}
			} else {
				sh.expect(`after 3\r\n`)
			}
		})
	}
}

// Ctrl-Z suspends the whole job: the shell reports it stopped (148) and has
// its own terminal modes back; fg resumes the child with the current size
// and raw mode again, for a plain program and for one that takes raw mode
// and stops itself as vim does.
func TestPTYJobControl(t *testing.T) {
	p := newProject(t, ptySecrets)
	sh := startTTYBash(t, p)
	before := sh.stty()
	check := func(when string) {
		t.Helper()
		if got := sh.stty(); got != before {
			t.Errorf("stty -g %s:\n got %s\nwant %s", when, got, before)
		}
	}

	t.Run("cooked", func(t *testing.T) {
		sh.t = t
		sh.send("withsecrets child tty-report\r")
		sh.expect(`ready\r\n`)
		sh.send("\x1a")
		sh.expect(`Stopped.*withsecrets child tty-report\r\n\$ $`)
		if st := sh.status(); st != 148 {
			t.Errorf("status of the stopped job: got %d, want 148", st)
		}
		check("while stopped")
		sh.resize(40, 120)
		sh.send("fg\r")
		sh.send("ping\r")
		sh.expectAll("got: ping\r\n", "signal SIGCONT\r\n", "signal SIGWINCH size 40x120\r\n")
		// A second round: stop and resume work again.
		sh.send("\x1a")
		sh.expect(`Stopped.*\r\n\$ $`)
		check("while stopped again")
		sh.send("fg\r")
		sh.send("pong\r")
		// The child reports the line and the SIGCONT in either order.
		sh.expectAll("got: pong\r\n", "signal SIGCONT\r\n")
		sh.send("\x04")
		sh.expect(`eof\r\n\$ $`)
		check("after")
	})
	t.Run("kill -TSTP withsecrets", func(t *testing.T) {
		sh.t = t
		sh.send("withsecrets child tty-report\r")
		sh.expect(`ready\r\n`)
		if err := syscall.Kill(sh.foreground(), syscall.SIGTSTP); err != nil {
			t.Fatal(err)
		}
		sh.expect(`Stopped.*withsecrets child tty-report\r\n\$ $`)
		if st := sh.status(); st != 148 {
			t.Errorf("status of the stopped job: got %d, want 148", st)
		}
		check("while stopped")
		sh.send("fg\r")
		sh.send("ping\r")
		sh.expectAll("got: ping\r\n", "signal SIGCONT\r\n")
		sh.send("\x04")
		sh.expect(`eof\r\n\$ $`)
	})
	t.Run("bg then fg", func(t *testing.T) {
		sh.t = t
		sh.send("withsecrets child tty-report\r")
		sh.expect(`ready\r\n`)
		sh.send("\x1a")
		sh.expect(`Stopped.*\r\n\$ $`)
		sh.send("bg\r")
		// Reading its terminal in the background, the command stops
		// again, as run directly ("Stopped (tty input)").
		sh.waitJobStopped()
		// In the background withsecrets neither takes raw mode nor reads:
		// the shell gets what is typed.
		check("in the background")
		if out := sh.run("echo b\"\"g-shell-reads"); !strings.Contains(out, "\nbg-shell-reads\r\n") {
			t.Errorf("the shell did not get its input: %q", out)
		}
		fgTTYReport(sh)
		check("after")
	})
	t.Run("started in the background", func(t *testing.T) {
		sh.t = t
		// bash's line editor holds the terminal in its own modes (no
		// echo, no line editing) while withsecrets starts: the command's
		// terminal must still read lines once it is brought to the front.
		sh.send("withsecrets child tty-report &\r")
		sh.expect(`ready\r+\n`)
		// It reads its terminal from the background: stopped, as run
		// directly, rather than read keys meant for the shell.
		sh.waitJobStopped()
		sh.send("fg\r")
		sh.expect(`withsecrets child tty-report\r\n`)
		sh.send("late-line\r")
		sh.expect(`got: late-line\r\n`)
		sh.send("\x04")
		sh.expect(`eof\r\n(signal SIGCONT\r\n)*\$ $`)
		check("after")
	})
	t.Run("stopped for output (stty tostop), one fg", func(t *testing.T) {
		sh.t = t
		sh.run("stty tostop")
		defer sh.run("stty -tostop")
		// A command that writes and exits at once leaves the job stopped
		// with its output, as the command itself would stop, until fg.
		sh.send("withsecrets child printexit early-out &\r")
		sh.waitJobStopped()
		sh.send("fg\r")
		// (the terminal, cooked, adds a \r of its own to the pty's)
		sh.expect(`\nearly-out\r+\n\$ $`)
		// In the background the terminal stops a job that writes, and one
		// fg resumes it for good. The command lives on until after fg
		// (go-on): ended first, its output would wait for fg in
		// withsecrets alone, and go to the shell's cooked terminal (\r\r\n)
		// as above; running, it is shown on the terminal withsecrets has
		// made raw again, as all output after fg.
		sh.send("withsecrets sh -c 'echo o1; sleep 0.05; echo o2; sleep 0.05; echo o3; until [ -e go-on ]; do sleep 0.05; done' &\r")
		sh.waitJobStopped()
		sh.run("touch go-on")
		sh.send("fg\r")
		if _, m := sh.expect(`(\no3\r\n|Stopped)`); m[1] != "\no3\r\n" {
			t.Fatal("stopped again after fg")
		}
		sh.expect(`\$ $`)
		if st := sh.status(); st != 0 {
			t.Errorf("status: got %d, want 0", st)
		}
	})
	t.Run("raw, stops itself", func(t *testing.T) {
		sh.t = t
		sh.resize(24, 80)
		sh.send("withsecrets child rawstop\r")
		sh.expect(`raw-ready\r\n`)
		sh.send("a")
		sh.expect(`key 'a'\r\n`) // a key without Enter: raw end to end
		sh.send("z")
		sh.expect(`suspending\r\n`)
		sh.expect(`Stopped.*withsecrets child rawstop\r\n\$ $`)
		if st := sh.status(); st != 148 {
			t.Errorf("status of the stopped job: got %d, want 148", st)
		}
		check("while stopped")
		sh.resize(33, 91)
		sh.send("fg\r")
		sh.expect(`resumed size=33x91\r\n`)
		sh.send("b")
		sh.expect(`key 'b'\r\n`)
		sh.send("q")
		sh.expect(`bye\r\n\$ $`)
		check("after")
		if st := sh.status(); st != 0 {
			t.Errorf("status: got %d, want 0", st)
		}
	})
}

// TestPTYTerminalClosed: the terminal window closes under a job. Run
// directly, a command that survives SIGHUP reads EOF from the hung-up
// terminal and ends; one stopped in the background is in an orphaned group
// then, where stops for the terminal are discarded. withsecrets must end
// too, not wait forever on a pty nobody closes, nor stop the command for
// the pty again and again (a spin, when it sets the terminal's modes on
// SIGHUP as vim does).
func TestPTYTerminalClosed(t *testing.T) {
	for _, tt := range []struct{ name, line, ready string }{
		{"a command that survives SIGHUP and reads", "withsecrets child tty-report", `ready\r\n`},
		{"a job stopped in the background", "withsecrets child hupmodes &", `\[\d+\] \d+\r\n`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			sh := startTTYBash(t, newProject(t, ptySecrets))
			sh.send(tt.line + "\r")
			sh.expect(tt.ready)
			var pid int
			if strings.HasSuffix(tt.line, "&") {
				sh.waitJobStopped()
				sh.send("echo \"p\"\"id=$!\"\r")
				_, m := sh.expect(`pid=(\d+)\r\n`)
				pid = mustAtoi(t, m[1])
			} else {
				pid = sh.foreground()
			}
			_ = sh.cmd.Process.Kill()
			_ = sh.pty.Close()
			deadline := time.Now().Add(ttyPatience)
			for {
				st, err := procState(pid)
				if os.IsNotExist(err) {
					return // gone
				}
				if err != nil {
					t.Skip("no /proc")
				}
				if st == 'Z' {
					return // ended, not yet reaped by its new parent
				}
				if time.Now().After(deadline) {
					_ = syscall.Kill(pid, syscall.SIGKILL)
					t.Fatalf("withsecrets still runs %v after its terminal closed: state %c", ttyPatience, st)
				}
				time.Sleep(20 * time.Millisecond)
			}
		})
	}
}

func mustAtoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestPTYTerminalOpenedAgain: stdin a separate open of the same terminal
// (cmd </dev/tty) is still the terminal stdout is: its output processing
// is left to the pty, lines end in \r\n once, as run directly.
func TestPTYTerminalOpenedAgain(t *testing.T) {
	sh := startTTYBash(t, newProject(t, ptySecrets))
	sh.send("withsecrets child mask-emit $'out=A1\\nB1\\n' </dev/tty\r")
	if _, m := sh.expect(`\n(A1\r+\nB1\r+\n)\$ $`); m[1] != "A1\r\nB1\r\n" {
		t.Errorf("lines ended %q, want A1\\r\\nB1\\r\\n", m[1])
	}
}

// A child that prints and exits at once never loses its output: 30 in a
// row under a terminal, and 30 through --pty=always to a pipe.
func TestPTYShortLived(t *testing.T) {
	p := newProject(t, ptySecrets)
	t.Run("terminal", func(t *testing.T) {
		sh := startTTYBash(t, p)
		out := sh.run("for i in $(seq 30); do withsecrets child printexit line-$i-end; done")
		for i := 1; i <= 30; i++ {
			if want := fmt.Sprintf("\nline-%d-end\r\n", i); !strings.Contains(out, want) {
				t.Errorf("run %d: its line is missing", i)
			}
		}
		if t.Failed() {
			t.Logf("the terminal showed (exactly): %q", out)
		}
	})
	t.Run("pipe", func(t *testing.T) {
		for i := 1; i <= 30; i++ {
			line := fmt.Sprintf("line-%d", i)
			r := p.run(t, nil, nil, "--pty=always", "child", "printexit", line)
			if r.Stdout != line+"\n" || r.Code != 0 {
				t.Errorf("run %d: stdout %q, status %d, stderr %q", i, r.Stdout, r.Code, r.Stderr)
			}
		}
	})
}

// startKeyboardToFile runs withsecrets --pty=always args with stdin and
// stderr on a terminal the test holds and stdout to out, and returns once
// withsecrets has taken the terminal (raw mode), with the terminal's
// master side and what the terminal shows, complete once the run ended
// and slave was closed.
func startKeyboardToFile(t *testing.T, out io.Writer, args ...string) (cmd *exec.Cmd, master, slave *os.File, screen <-chan string) {
	t.Helper()
	p := newProject(t, ptySecrets)
	master, slave, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { master.Close(); slave.Close() })
	shown := make(chan string, 1)
	go func() {
		b, _ := io.ReadAll(master)
		shown <- string(b)
	}()
	cmd = p.command(nil, append([]string{"--pty=always"}, args...)...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = slave, out, slave
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	before, err := term.GetState(int(slave.Fd()))
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waitRaw(t, slave, before) // type once withsecrets has the terminal
	return cmd, master, slave, shown
}

// TestPTYAlwaysTypedToFile: --pty=always with keystrokes from a terminal
// and the output going to a file: the file gets the command's output, not
// the pty's echo of what was typed as well.
func TestPTYAlwaysTypedToFile(t *testing.T) {
	var out bytes.Buffer
	cmd, master, _, _ := startKeyboardToFile(t, &out, "child", "cat")
	master.Write([]byte("typed line\r"))
	master.Write([]byte("\x04"))
	ws := waitExit(t, cmd, 30*time.Second)
	if ws.ExitStatus() != 0 || out.String() != "typed line\n" {
		t.Errorf("exit %v, output %q; want 0, %q", ws, out.String(), "typed line\n")
	}
}

// TestPTYAlwaysStderrOnTerminal: the same with the command's stderr left
// on the terminal: its lines must not staircase on the raw terminal.
func TestPTYAlwaysStderrOnTerminal(t *testing.T) {
	cmd, master, slave, screen := startKeyboardToFile(t, io.Discard, "sh", "-c", "read x; echo err1 >&2; echo err2 >&2")
	master.Write([]byte("go\r"))
	waitExit(t, cmd, 30*time.Second)
	slave.Close()
	if got := <-screen; !strings.Contains(got, "err1\r\nerr2\r\n") {
		t.Errorf("the terminal showed %q, want err1\\r\\nerr2\\r\\n", got)
	}
}

// TestPTYAlwaysOutputClosed: --pty=always | head. When withsecrets' output
// is closed, the writer must end, as it would writing to the pipe itself:
// also one that ignores SIGPIPE (which run directly gets EPIPE) and one
// below a shell (which run directly gets the SIGPIPE, not the shell). The
// pty is hung up: the group gets SIGHUP and writes fail, so the writer ends
// by the hangup (withsecrets then ends by SIGPIPE, as script does) or by
// its write error (exit 1), whichever comes first; a command that survives
// passes its own status on.
func TestPTYAlwaysOutputClosed(t *testing.T) {
	p := newProject(t, ptySecrets)
	for _, c := range []struct {
		name, script string
		code         int // 0: killed by SIGPIPE, 141, or 1 (yes' write error)
	}{
		{"writer below a shell", "yes", 0},
		{"SIGPIPE ignored", "trap '' PIPE; yes", 0},
		{"writer ends, shell goes on", "trap '' PIPE HUP; yes; exit 5", 5},
	} {
		t.Run(c.name, func(t *testing.T) {
			cmd := p.command(nil, "--pty=always", "sh", "-c", c.script)
			out, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			if _, err := io.ReadFull(out, make([]byte, 2)); err != nil {
				t.Fatal(err)
			}
			out.Close()
			ws := waitExit(t, cmd, 30*time.Second)
			switch {
			case c.code != 0 && ws.ExitStatus() != c.code:
				t.Errorf("withsecrets ended %v, want exit %d", ws, c.code)
			case c.code == 0 && !(ws.Signaled() && ws.Signal() == syscall.SIGPIPE) && ws.ExitStatus() != 141 && ws.ExitStatus() != 1:
				t.Errorf("withsecrets ended %v, want killed by SIGPIPE, 141 or 1", ws)
			}
		})
	}
}

// --pty=always without a terminal: 2 MB of every byte value arrive unchanged
// (no \n turned into \r\n), stdin is passed as it is with its EOF.
func TestPTYAlwaysBytes(t *testing.T) {
	p := newProject(t, ptySecrets)
	data := make([]byte, 2<<20)
	rand.Read(data)
	start := time.Now()
	r := p.run(t, data, nil, "--pty=always", "child", "cat")
	if r.Code != 0 {
		t.Fatalf("status %d, stderr %q", r.Code, r.Stderr)
	}
	if !bytes.Equal([]byte(r.Stdout), data) {
		t.Fatalf("%d bytes out for %d in: not the same", len(r.Stdout), len(data))
	}
	t.Logf("2 MB through --pty=always in %v", time.Since(start))
}

// Which descriptors go on the pty without a terminal: stdout always; stderr
// only when it is the same file as stdout; stdin never (it is a pipe).
func TestPTYAlwaysDescriptors(t *testing.T) {
	p := newProject(t, ptySecrets)
	t.Run("stderr apart", func(t *testing.T) {
		r := p.run(t, nil, nil, "--pty=always", "child", "isatty")
		if r.Stdout != "0=false 1=true 2=false\n" {
			t.Errorf("got %q", r.Stdout)
		}
	})
	t.Run("2>&1", func(t *testing.T) {
		cmd := exec.Command(wsBin, "--pty=always", "child", "isatty")
		cmd.Dir, cmd.Env = p.Dir, p.env()
		out, err := cmd.CombinedOutput() // one pipe for both
		if err != nil || string(out) != "0=false 1=true 2=true\n" {
			t.Errorf("got %q, %v", out, err)
		}
	})
}

// A background grandchild that keeps the pty open does not keep withsecrets
// waiting once the child has exited.
func TestPTYGrandchildHoldsPTY(t *testing.T) {
	p := newProject(t, ptySecrets)
	start := time.Now()
	r := p.run(t, nil, nil, "--pty=always", "sh", "-c", "sleep 20 & echo started")
	if r.Stdout != "started\n" || r.Code != 0 {
		t.Errorf("stdout %q, status %d, stderr %q", r.Stdout, r.Code, r.Stderr)
	}
	if d := time.Since(start); d > 15*time.Second {
		t.Errorf("withsecrets waited %v for the grandchild", d)
	}
}

// The shell sees the child's status: 7 for exit 7, 143 and 130 for a child
// killed by TERM and INT, and a bash loop stops when its command dies of
// SIGINT.
func TestPTYExitStatus(t *testing.T) {
	p := newProject(t, ptySecrets)
	t.Run("terminal", func(t *testing.T) {
		sh := startTTYBash(t, p)
		for _, c := range []struct {
			cmd  string
			want int
		}{{"exit 7", 7}, {"exit 0", 0}, {"killself TERM", 143}, {"killself INT", 130}, {"killself USR1", 138}, {"killself QUIT", 131}} {
			sh.send("withsecrets child " + c.cmd + "\r")
			sh.expect(`\n\$ $`)
			if st := sh.status(); st != c.want {
				t.Errorf("%s: status %d, want %d", c.cmd, st, c.want)
			}
		}
		// Nothing may be typed ahead while withsecrets runs: it would go to
		// the child, as it would without withsecrets.
		sh.send("for i in 1 2; do withsecrets child killself INT; echo af''ter-$i; done\r")
		out, _ := sh.expect(`\n\$ $`)
		out += sh.run("true")
		if strings.Contains(out, "after-") {
			t.Errorf("the loop went on after its command died of SIGINT: %q", out)
		}
	})
	t.Run("pipe", func(t *testing.T) {
		for _, c := range []struct {
			cmd string
			sig syscall.Signal
		}{{"TERM", syscall.SIGTERM}, {"INT", syscall.SIGINT}, {"USR1", syscall.SIGUSR1}, {"QUIT", syscall.SIGQUIT}} {
			cmd := exec.Command(wsBin, "--pty=always", "child", "killself", c.cmd)
			cmd.Dir, cmd.Env = p.Dir, p.env()
			var errb bytes.Buffer
			cmd.Stderr = &errb
			cmd.Run()
			ws, _ := cmd.ProcessState.Sys().(syscall.WaitStatus)
			if !ws.Signaled() || ws.Signal() != c.sig || ws.CoreDump() {
				t.Errorf("killself %s: withsecrets ended %v (core %v), want by %v; stderr %q", c.cmd, cmd.ProcessState, ws.CoreDump(), c.sig, errb.String())
			}
		}
		if r := p.run(t, nil, nil, "--pty=always", "child", "exit", "7"); r.Code != 7 {
			t.Errorf("exit 7: status %d", r.Code)
		}
	})
}

// Signals ignored when withsecrets starts (nohup) stay ignored in the child.
func TestPTYIgnoredSignals(t *testing.T) {
	p := newProject(t, ptySecrets)
	cmd := exec.Command("sh", "-c", `trap "" HUP INT; exec "$0" --pty=always child ignored`, wsBin)
	cmd.Dir, cmd.Env = p.Dir, p.env()
	out, err := cmd.Output()
	if err != nil || string(out) != "HUP=true INT=true\n" {
		t.Errorf("got %q, %v; want HUP=true INT=true", out, err)
	}
	r := p.run(t, nil, nil, "--pty=always", "child", "ignored")
	if r.Stdout != "HUP=false INT=false\n" {
		t.Errorf("without nohup: got %q", r.Stdout)
	}
}

// Exec mode stays exec mode: without terminals withsecrets becomes the
// command, same PID.
func TestPTYExecModeSamePID(t *testing.T) {
	p := newProject(t, ptySecrets)
	cmd := exec.Command(wsBin, "child", "pid")
	cmd.Dir, cmd.Env = p.Dir, p.env()
	var out bytes.Buffer
	cmd.Stdout = &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	pid := cmd.Process.Pid
	if err := cmd.Wait(); err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(out.String()); got != strconv.Itoa(pid) {
		t.Errorf("the command's pid is %s, withsecrets' %d", got, pid)
	}
}

// A command that exec refuses gives the same statuses and messages under a
// pty as in exec mode: the monitor reports the errno.
func TestPTYCannotRun(t *testing.T) {
	p := newProject(t, ptySecrets)
	writeFile(t, p.Dir+"/badinterp", "#!/nonexistent/interpreter\n")
	for _, f := range []string{"badinterp"} {
		if err := os.Chmod(p.Dir+"/"+f, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		name, cmd, msg string
		code           int
	}{
		{"bad interpreter", "./badinterp", "withsecrets: error: ./badinterp: no such file or directory (is the #! interpreter installed?)\n", 127},
	} {
		t.Run(c.name, func(t *testing.T) {
			for _, mode := range []string{"--pty=always", "--pty=never"} {
				r := p.run(t, nil, nil, mode, c.cmd)
				if r.Code != c.code || r.Stderr != c.msg {
					t.Errorf("%s: status %d, stderr %q; want %d, %q", mode, r.Code, r.Stderr, c.code, c.msg)
				}
			}
		})
	}
}

// TestNoShebangRunsWithSh: an executable file the kernel cannot run (no #!
// line, no known format) is run by /bin/sh, as env(1)'s execvp does, in
// every mode.
func TestNoShebangRunsWithSh(t *testing.T) {
	p := newProject(t, ptySecrets)
	writeFile(t, p.Dir+"/noshebang", "echo \"from sh: $1 $#\"\n")
	if err := os.Chmod(p.Dir+"/noshebang", 0o755); err != nil {
		t.Fatal(err)
	}
	for _, mode := range [][]string{{"--pty=never"}, {"--pty=always"}, {"--pty=never", "--mask"}, {"--pty=always", "--mask"}} {
		r := p.run(t, nil, nil, append(mode, "./noshebang", "a b", "--x")...)
		if r.Code != 0 || r.Stdout != "from sh: a b 2\n" {
			t.Errorf("%v: status %d, stdout %q, stderr %q", mode, r.Code, r.Stdout, r.Stderr)
		}
	}
}

// TestPTYEndOfInputTypedAhead: input typed before withsecrets takes its
// terminal waits in the terminal's line buffer, an end of input (^D) as a
// mark. Run directly, the command reads it as typed: the lines, then the
// end of its input. Taken raw, the terminal gives the mark as a NUL byte,
// and a command reading to the end waited for ever: script -qec 'cmd'
// </dev/null, which CI jobs use for a terminal, types ^D at once.
func TestPTYEndOfInputTypedAhead(t *testing.T) {
	for _, c := range []struct{ name, typed, want string }{
		{"end of input", "\x04", ""},
		{"a line, then the end", "typed ahead\n\x04", "typed ahead\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := newProject(t, ptySecrets)
			master, slave, err := pty.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer master.Close()
			defer slave.Close()
			go io.Copy(io.Discard, master)
			if _, err := master.Write([]byte(c.typed)); err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(t.TempDir(), "read")
			cmd := p.command(nil, "sh", "-c", `cat > "$0"`, out)
			cmd.Stdin, cmd.Stdout, cmd.Stderr = slave, slave, slave
			cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			if ws := waitExit(t, cmd, 30*time.Second); ws.ExitStatus() != 0 {
				t.Errorf("withsecrets ended %v, want 0", ws)
			}
			if got, err := os.ReadFile(out); err != nil || string(got) != c.want {
				t.Errorf("the command read %q (%v), want %q", got, err, c.want)
			}
		})
	}
}

// TestPTYMonitorSignaled: a signal that reaches the monitor itself (a
// service manager stopping every process of its cgroup, pkill -f
// withsecrets, which its command line matches) must not end it. It ended
// the monitor: withsecrets then exited at once by that signal, as if the
// command had died of it, while the command, hung up, ran on unwaited for,
// its status and its last words lost. withsecrets passes on what it gets
// itself; the monitor keeps relaying, and the command's status is
// withsecrets' status.
func TestPTYMonitorSignaled(t *testing.T) {
	p := newProject(t, ptySecrets)
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT, syscall.SIGQUIT, syscall.SIGABRT, syscall.SIGUSR1} {
		t.Run(unix.SignalName(sig), func(t *testing.T) {
			cmd := p.command(nil, "--pty=always", "child", "tty-report")
			// No controlling terminal, as a service manager runs it.
			cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
			// A file, read while withsecrets may still write to it.
			errf, err := os.Create(filepath.Join(t.TempDir(), "stderr"))
			if err != nil {
				t.Fatal(err)
			}
			defer errf.Close()
			cmd.Stderr = errf
			stderr := func() string {
				b, _ := os.ReadFile(errf.Name())
				return string(b[:min(len(b), 300)])
			}
			in, err := cmd.StdinPipe()
			if err != nil {
				t.Fatal(err)
			}
			defer in.Close()
			lines := startReading(t, cmd)
			defer func() {
				if cmd.ProcessState == nil {
					_ = cmd.Process.Kill()
					_ = cmd.Wait()
				}
			}()
			monitor := 0
			for {
				l := nextLine(t, lines)
				if _, ppid, ok := strings.Cut(l, " ppid="); ok {
					monitor = mustAtoi(t, strings.Fields(ppid)[0])
				}
				if l == "ready\n" {
					break
				}
			}
			if monitor <= 1 || monitor == cmd.Process.Pid {
				t.Fatalf("the command's parent is %d, not a monitor", monitor)
			}
			if err := syscall.Kill(monitor, sig); err != nil {
				t.Fatal(err)
			}
			// withsecrets still relays: a signal sent to it arrives.
			if err := cmd.Process.Signal(syscall.SIGUSR2); err != nil {
				t.Fatal(err)
			}
			var got []string
			for l := ""; l != "signal SIGUSR2\n"; {
				var ok bool
				select {
				case l, ok = <-lines:
					if !ok {
						t.Fatalf("withsecrets ended before the command did; it said %q; stderr %q", got, stderr())
					}
					got = append(got, l)
				case <-time.After(ttyPatience):
					t.Fatalf("SIGUSR2 sent to withsecrets never reached the command; it said %q", got)
				}
			}
			if _, err := io.WriteString(in, "exit 7\n"); err != nil {
				t.Fatal(err)
			}
			for done := false; !done; {
				select {
				case l, ok := <-lines:
					got, done = append(got, l), !ok
				case <-time.After(ttyPatience):
					t.Fatalf("the command's output never ended; it said %q", got)
				}
			}
			ws := waitExit(t, cmd, ttyPatience)
			if ws.Signaled() || ws.ExitStatus() != 7 {
				t.Errorf("withsecrets ended %v, want exit status 7 (the command's); stderr %q", cmd.ProcessState, stderr())
			}
			for _, l := range got {
				if strings.HasPrefix(l, "signal ") && l != "signal SIGUSR2\n" {
					t.Errorf("the command got %q: only what withsecrets is sent is passed on", l)
				}
			}
		})
	}
}

// fgTTYReport types fg to a stopped withsecrets child tty-report, checks
// that it reads its keystrokes again, and ends its input with ^D, back at
// the shell's prompt. The SIGCONTs of bg and fg are reported when the
// child's signal reader gets to them, maybe last.
func fgTTYReport(sh *ttyShell) {
	sh.t.Helper()
	sh.send("fg\r")
	sh.expect(`withsecrets child tty-report\r\n`)
	sh.send("fg-ping\r")
	sh.expect(`got: fg-ping\r\n`)
	sh.send("\x04")
	sh.expect(`eof\r\n(signal SIGCONT\r\n)*\$ $`)
}
