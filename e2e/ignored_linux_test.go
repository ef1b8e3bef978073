package e2e

import (
	"os/exec"
	"strings"
	"testing"
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
