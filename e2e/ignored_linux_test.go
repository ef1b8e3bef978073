package e2e

import (
	"os/exec"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

// TestIgnoredSignalsInherited: SIGHUP and SIGINT ignored when withsecrets
// starts (nohup, a script's &) stay ignored in the command, in every mode:
// DESIGN.md section 8. The kernel's SigIgn mask of the command says so.
func TestIgnoredSignalsInherited(t *testing.T) {
	p := newProject(t, "token = \"abcdefgh\"\n")
	for _, mode := range [][]string{
		{"--pty=never"},
		{"--pty=always"},
		{"--pty=never", "--mask"},
		{"--pty=always", "--mask"},
	} {
		t.Run(strings.Join(mode, " "), func(t *testing.T) {
			script := "trap '' HUP INT; exec \"$0\" \"$@\""
			args := append([]string{"-c", script, wsBin}, mode...)
			args = append(args, "grep", "SigIgn", "/proc/self/status")
			cmd := exec.Command("sh", args...)
			cmd.Dir, cmd.Env = p.Dir, p.env()
			r := runCmd(t, cmd)
			if r.Code != 0 {
				t.Fatalf("exit %d: %s", r.Code, r.Stderr)
			}
			// Bits 0 and 1 of the mask are SIGHUP (1) and SIGINT (2).
			if !strings.Contains(r.Stdout, "0000000000000003") {
				t.Errorf("command's SigIgn: %q, want SIGHUP and SIGINT ignored (...03)", strings.TrimSpace(r.Stdout))
			}
		})
	}
}

// TestIgnoredSignalsPassedOn: started with SIGHUP and SIGINT ignored
// (nohup, a script's &), withsecrets still passes a kill -HUP or kill -INT
// aimed at it to a command that set its own handlers (HUP to reload a
// server), as the command would get it run directly; the command inherited
// them ignored all the same (TestIgnoredSignalsInherited).
func TestIgnoredSignalsPassedOn(t *testing.T) {
	p := newProject(t, "token = \"abcdefgh\"\n")
	for _, mode := range [][]string{
		{"--pty=never", "--mask"},
		{"--pty=always"},
	} {
		t.Run(strings.Join(mode, " "), func(t *testing.T) {
			script := "trap '' HUP INT; exec \"$0\" \"$@\""
			args := append([]string{"-c", script, wsBin}, mode...)
			args = append(args, "child", "mask-signals")
			cmd := exec.Command("sh", args...)
			cmd.Dir, cmd.Env = p.Dir, p.env()
			lines := startReading(t, cmd)
			defer cmd.Process.Kill()
			next := func() string { return strings.TrimSpace(nextLine(t, lines)) }
			if l := next(); l != "ready" {
				t.Fatalf("first line %q, want ready", l)
			}
			for _, sig := range []syscall.Signal{syscall.SIGHUP, syscall.SIGINT, syscall.SIGTERM} {
				if err := cmd.Process.Signal(sig); err != nil {
					t.Fatal(err)
				}
				if l, want := next(), unix.SignalName(sig); l != want {
					t.Errorf("after kill -%s the command reported %q, want %q", want, l, want)
				}
			}
			cmd.Wait()
		})
	}
}
