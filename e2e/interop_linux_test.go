package e2e

import (
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestTimeoutKillAfter runs withsecrets under coreutils' timeout -k, as a
// user bounding a job does: once told to end (its SIGTERM, here sent to
// timeout so the test need not wait out a duration), timeout passes the
// SIGTERM on and, the command ignoring it, SIGKILLs withsecrets' group a
// second later. Run directly the command would get that SIGKILL; under
// withsecrets it must not be left running with the secrets, also in pty
// mode, where the command, on a pty of its own, is outside that group and
// only the pty's hangup reaches it (a server that ignores SIGHUP, or takes
// it for a reload, survived that).
func TestTimeoutKillAfter(t *testing.T) {
	timeout, err := exec.LookPath("timeout")
	if err != nil {
		t.Skip("no timeout(1)")
	}
	for _, tc := range []struct{ name, flags string }{
		{"pipes", "--mask"},
		{"pty", "--pty=always"},
		{"pty masked", "--pty=always --mask"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := newProject(t, maskTOML)
			args := append([]string{"-k", "1", "300", wsBin}, strings.Fields(tc.flags)...)
			args = append(args, "sh", "-c", `trap "" HUP TERM; echo $$; exec sleep 300`)
			cmd := exec.Command(timeout, args...)
			cmd.Dir, cmd.Env = p.Dir, p.env()
			cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
			lines := startReading(t, cmd)
			pid, err := strconv.Atoi(strings.TrimSpace(nextLine(t, lines)))
			if err != nil {
				t.Fatal(err)
			}
			defer syscall.Kill(pid, syscall.SIGKILL)
			if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
				t.Fatal(err)
			}
			if ws := waitExit(t, cmd, 30*time.Second); ws.ExitStatus() != 124 && ws.Signal() != syscall.SIGKILL {
				t.Errorf("timeout ended with %v, want killed by SIGKILL or 124", ws)
			}
			deadline := time.Now().Add(10 * time.Second)
			for alive(pid) {
				if time.Now().After(deadline) {
					t.Fatalf("the command (pid %d) still runs after timeout -k killed withsecrets", pid)
				}
				time.Sleep(10 * time.Millisecond)
			}
		})
	}
}

// TestWindowClosedOneHUP: the terminal window closes (its side of the
// terminal goes, as when tmux kills a pane) under a command that survives
// SIGHUP and reads the terminal, started by a shell without job control
// (sh -c, ssh -t host 'cmd; ...'). Run directly, it gets the kernel's one
// SIGHUP to the terminal's foreground group as the shell ends, then EOF;
// under withsecrets it must get it once too, not once passed on and once
// more from the hangup of its own pty.
func TestWindowClosedOneHUP(t *testing.T) {
	for _, tc := range []struct{ name, prefix string }{
		{"direct", ""},
		{"pty", "withsecrets "},
		{"pty masked", "withsecrets --mask "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := newProject(t, ptySecrets)
			log := filepath.Join(t.TempDir(), "signals")
			sh := startTTY(t, p, "sh", "-c", tc.prefix+"child siglog "+log+"; echo after")
			sh.expect(`ready\r\n`)
			pid := siglogPid(t, log)
			_ = sh.pty.Close()
			awaitGone(t, pid, "the command, after its terminal closed")
			b := siglogRead(t, log)
			if n := strings.Count(string(b), "SIGHUP\n"); n != 1 {
				t.Errorf("the command got SIGHUP %d times, want once; it got:\n%s", n, b)
			}
		})
	}
}

// TestWindowClosedHUPsJob: the terminal's hangup signals whole process
// groups, so run directly every process of the command's job gets its
// SIGHUP: the server under sh -c 'server; ...', make's recipes, npm's
// node. Under withsecrets the command's children must get it too, not
// only the command it is passed on to; here the command, a shell that
// survives SIGHUP, waits for its child, which must get one SIGHUP and
// end, not run on with the secrets after the window closed.
func TestWindowClosedHUPsJob(t *testing.T) {
	for _, tc := range []struct{ name, prefix string }{
		{"direct", ""},
		{"pty", "withsecrets "},
		{"pty masked", "withsecrets --mask "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := newProject(t, ptySecrets)
			log := filepath.Join(t.TempDir(), "signals")
			// ; true: sh must not exec the child.
			sh := startTTY(t, p, "sh", "-c", tc.prefix+`sh -c "trap : HUP; child siglog `+log+`; true"; echo after`)
			sh.expect(`ready\r\n`)
			pid := siglogPid(t, log)
			_ = sh.pty.Close()
			awaitGone(t, pid, "the command's child, after its terminal closed")
			b := siglogRead(t, log)
			if n := strings.Count(string(b), "SIGHUP\n"); n != 1 {
				t.Errorf("the command's child got SIGHUP %d times, want once; it got:\n%s", n, b)
			}
		})
	}
}
