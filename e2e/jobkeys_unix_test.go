//go:build unix

package e2e

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestKeySignalsReachJob: ^C and ^\ typed at a terminal signal its whole
// foreground process group, so a command run by a script without job
// control (sh -c 'cmd; next', make, a loop) takes the script down with it.
// Under withsecrets the terminal is raw and the key reaches the command's
// own pty; the shell around withsecrets must still get the signal, or it
// would go on to the next command (echo after), and the command must
// still get it once, not once more passed on by withsecrets. A key typed
// literally (^V^C) signals nobody, run directly or not.
func TestKeySignalsReachJob(t *testing.T) {
	for _, tc := range []struct{ name, prefix string }{
		{"direct", ""},
		{"pty", "withsecrets "},
		{"pty masked", "withsecrets --mask "},
	} {
		t.Run(tc.name+"/ctrl-c", func(t *testing.T) {
			p := newProject(t, ptySecrets)
			log := filepath.Join(t.TempDir(), "signals")
			sh := startTTY(t, p, "sh", "-c", tc.prefix+"child siglog "+log+" nohup; echo after $?")
			sh.expect(`ready\r\n`)
			sh.send("\x03")
			siglogAwait(t, log, "SIGINT", "the command")
			// The command, which survives SIGINT, ends at the end of its
			// input; then the shell, which had the SIGINT too, dies of it.
			sh.send("\x04")
			if ws := waitExit(t, sh.cmd, ttyPatience); ws.Signal() != syscall.SIGINT {
				t.Errorf("the shell ended with %v, want killed by SIGINT", ws)
			}
			b := siglogRead(t, log)
			if n := strings.Count(b, "SIGINT\n"); n != 1 {
				t.Errorf("the command got SIGINT %d times, want once; it got:\n%s", n, b)
			}
			if strings.Contains(sh.all(), "after") {
				t.Errorf("the shell went on after ^C")
			}
		})
		for _, k := range []struct {
			name, keys string
			sig        syscall.Signal // the shell's death, 0 for an exit
		}{
			{"ctrl-backslash", "\x1c", syscall.SIGQUIT},
			{"ctrl-v ctrl-c", "\x16\x03\n\x04", 0},
		} {
			t.Run(tc.name+"/"+k.name, func(t *testing.T) {
				p := newProject(t, ptySecrets)
				sh := startTTY(t, p, "sh", "-c", tc.prefix+`sh -c "echo ready; exec child cat"; echo after $?`)
				sh.expect(`ready\r\n`)
				sh.send(k.keys)
				ws := waitExit(t, sh.cmd, ttyPatience)
				if k.sig != 0 {
					if ws.Signal() != k.sig || strings.Contains(sh.all(), "after") {
						t.Errorf("the shell ended with %v, want killed by %v before echo after", ws, k.sig)
					}
					return
				}
				sh.expect(`after 0\r\n`)
				if !ws.Exited() || ws.ExitStatus() != 0 {
					t.Errorf("the shell ended with %v, want exit 0", ws)
				}
			})
		}
	}
}
