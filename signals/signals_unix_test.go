//go:build unix

package signals

import (
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"syscall"
	"testing"
)

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
