//go:build unix

package signals

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
)

// TestMain undoes a SIGHUP or SIGINT ignored by whoever started go test
// (nohup, a script's &), as e2e's does: TestCatchable would find them not
// catchable, and TestReraiseIgnoredAtStart's child would start with both
// ignored where it means one. Not in that child itself, which is started
// with its one ignored on purpose.
func TestMain(m *testing.M) {
	if os.Getenv("SIGNALS_TEST_RERAISE_IGN") == "" {
		for _, s := range []os.Signal{syscall.SIGHUP, syscall.SIGINT} {
			if signal.Ignored(s) {
				// Caught, it is back to its default in every program
				// started.
				signal.Notify(make(chan os.Signal, 1), s)
			}
		}
	}
	os.Exit(m.Run())
}

func TestCatchable(t *testing.T) {
	got := map[os.Signal]bool{}
	for _, s := range Catchable() {
		got[s] = true
	}
	for _, c := range []struct {
		sig  syscall.Signal
		want bool
	}{
		{syscall.SIGTERM, true}, {syscall.SIGHUP, true}, {syscall.SIGINT, true},
		{syscall.SIGQUIT, true}, {syscall.SIGUSR1, true}, {syscall.SIGUSR2, true},
		{syscall.SIGWINCH, true}, {syscall.SIGTSTP, true}, {syscall.SIGPIPE, true},
		{syscall.SIGURG, false}, {syscall.SIGCHLD, false}, {syscall.SIGKILL, false},
		{syscall.SIGSTOP, false}, {syscall.SIGCONT, false},
	} {
		t.Run(c.sig.String(), func(t *testing.T) {
			if got[c.sig] != c.want {
				t.Errorf("caught: %v, want %v", got[c.sig], c.want)
			}
		})
	}
}

// TestCatchableDelivered: every signal Catchable lists does reach
// signal.Notify when sent to the process. One the Go runtime keeps for
// itself would instead end withsecrets (34, musl's, killed it with status
// 162 when it was listed), so it runs in a process of its own.
func TestCatchableDelivered(t *testing.T) {
	if os.Getenv("SIGNALS_TEST_DELIVERED") != "" {
		c := Catch()
		defer c.Stop()
		for _, s := range Catchable() {
			if err := syscall.Kill(os.Getpid(), s.(syscall.Signal)); err != nil {
				fmt.Printf("kill %d: %v\n", s, err)
				os.Exit(1)
			}
			select {
			case got := <-c.C:
				if got != s {
					fmt.Printf("sent %d, got %d\n", s, got)
					os.Exit(1)
				}
			case <-time.After(10 * time.Second):
				fmt.Printf("sent %d, got nothing\n", s)
				os.Exit(1)
			}
		}
		fmt.Println("all delivered")
		os.Exit(0)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestCatchableDelivered$")
	cmd.Env = append(os.Environ(), "SIGNALS_TEST_DELIVERED=1")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "all delivered") {
		t.Errorf("%v: %s", cmd.ProcessState, out)
	}
}

// Reraise ends the process by the signal itself, also for the signals the
// Go runtime would otherwise swallow (SIGUSR1) or turn into a dump
// (SIGQUIT), and without a core file.
func TestReraise(t *testing.T) {
	if sig := os.Getenv("SIGNALS_TEST_RERAISE"); sig != "" {
		n, _ := strconv.Atoi(sig)
		c := Catch() // as the relay leaves things: every signal caught
		c.Stop()
		Reraise(syscall.Signal(n))
		os.Exit(100)
	}
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT, syscall.SIGUSR1, syscall.SIGPIPE, syscall.SIGABRT} {
		t.Run(sig.String(), func(t *testing.T) {
			if runtime.GOOS != "linux" && sig != syscall.SIGINT && sig != syscall.SIGTERM && sig != syscall.SIGHUP {
				t.Skip("only Linux can restore SIG_DFL under the Go runtime (raw sigaction)")
			}
			cmd := exec.Command(os.Args[0], "-test.run=^TestReraise$")
			cmd.Env = append(os.Environ(), "SIGNALS_TEST_RERAISE="+strconv.Itoa(int(sig)))
			out, _ := cmd.CombinedOutput()
			ws := cmd.ProcessState.Sys().(syscall.WaitStatus)
			if !ws.Signaled() || ws.Signal() != sig || ws.CoreDump() {
				t.Errorf("ended %v (core %v), want by %v; output %q", cmd.ProcessState, ws.CoreDump(), sig, out)
			}
		})
	}
}

// TestReraiseIgnoredAtStart: started with SIGHUP or SIGINT ignored (nohup,
// a script's &), as withsecrets leaves them after catching them late and
// handing a pipe to a relay (which ignores them again), Reraise still ends
// the process by the signal, at once. The runtime restored SIG_IGN, so the
// kill was ignored: withsecrets slept 2 s and exited 128+sig.
func TestReraiseIgnoredAtStart(t *testing.T) {
	if sig := os.Getenv("SIGNALS_TEST_RERAISE_IGN"); sig != "" {
		n, _ := strconv.Atoi(sig)
		late := IgnoredAtStart()
		if len(late) != 1 {
			fmt.Println("not started with it ignored:", late)
			os.Exit(101)
		}
		c := Catch()
		CatchLate(c.C, late)
		c.Stop()
		signal.Ignore(late...) // as handOver does
		fmt.Println("reraising")
		Reraise(syscall.Signal(n))
		os.Exit(100)
	}
	if runtime.GOOS != "linux" {
		t.Skip("only Linux can restore SIG_DFL under the Go runtime (raw sigaction)")
	}
	for _, tt := range []struct {
		sig  syscall.Signal
		trap string
	}{{syscall.SIGHUP, "HUP"}, {syscall.SIGINT, "INT"}} {
		t.Run(tt.sig.String(), func(t *testing.T) {
			// sh's trap '' sets SIG_IGN, which exec keeps.
			cmd := exec.Command("sh", "-c", `trap '' `+tt.trap+`; exec "$0" -test.run='^TestReraiseIgnoredAtStart$'`, os.Args[0])
			cmd.Env = append(os.Environ(), "SIGNALS_TEST_RERAISE_IGN="+strconv.Itoa(int(tt.sig)))
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			stdout, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			// Timed from the child's word that it calls Reraise, not from
			// its start: starting a race-built test binary can take most
			// of a second on a loaded machine.
			br := bufio.NewReader(stdout)
			first, _ := br.ReadString('\n')
			start := time.Now()
			rest, _ := io.ReadAll(br)
			cmd.Wait()
			took := time.Since(start)
			out := first + string(rest) + stderr.String()
			ws := cmd.ProcessState.Sys().(syscall.WaitStatus)
			if !ws.Signaled() || ws.Signal() != tt.sig {
				t.Errorf("ended %v after %v, want by %v; output %q", cmd.ProcessState, took, tt.sig, out)
			}
			if first != "reraising\n" {
				t.Errorf("the child said %q before ending, want reraising", out)
			} else if took > time.Second {
				t.Errorf("took %v to end", took)
			}
		})
	}
}

// Foreground: a terminal that is not withsecrets' controlling terminal has
// no foreground to wait for, while what is no terminal is never in front.
func TestForegroundNotControllingTerminal(t *testing.T) {
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer ptmx.Close()
	defer tty.Close()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	for _, tc := range []struct {
		name string
		fd   int
		ctty bool // withsecrets has a controlling terminal (another one)
		want bool
	}{
		{"terminal, no controlling terminal", int(tty.Fd()), false, true},
		// As a controlling terminal looks once the session lost it.
		{"terminal, another controlling", int(tty.Fd()), true, false},
		{"pipe", int(r.Fd()), false, false},
		{"closed descriptor", 1 << 20, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := foreground(tc.fd, tc.ctty); got != tc.want {
				t.Errorf("foreground = %v, want %v", got, tc.want)
			}
		})
	}
}
