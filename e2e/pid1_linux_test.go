package e2e

import (
	"os/exec"
	"strings"
	"testing"
)

// pidNamespace is a command prefix that runs a program as PID 1 of a new PID
// namespace with its own /proc, as a container's entry point runs.
func pidNamespace(t *testing.T) []string {
	t.Helper()
	for _, p := range [][]string{
		{"unshare", "--pid", "--fork", "--mount-proc"},
		{"unshare", "--user", "--map-root-user", "--pid", "--fork", "--mount-proc"},
	} {
		if exec.Command(p[0], append(p[1:], "true")...).Run() == nil {
			return p
		}
	}
	t.Skip("no PID namespace can be made here (it needs root or user namespaces)")
	return nil
}

// TestPID1: as a container's entry point (docker run without --init),
// withsecrets, where it stays the parent (--mask without a pty, a pty),
// waits for the orphans it inherits, as tini does, and a command killed by
// a signal gives 128+N at once: the kernel spares PID 1 its own signals, so
// re-raising would leave the Go runtime to exit 2.
func TestPID1(t *testing.T) {
	ns := pidNamespace(t)
	p := newProject(t, "token = \"abcdefgh\"\n")
	for _, mode := range [][]string{{"--mask", "--pty=never"}, {"--pty=always"}} {
		t.Run(strings.Join(mode, " "), func(t *testing.T) {
			run := func(args ...string) result {
				argv := append(append(append(ns[1:], wsBin), mode...), args...)
				cmd := exec.Command(ns[0], argv...)
				cmd.Dir, cmd.Env = p.Dir, p.env()
				return runCmd(t, cmd)
			}
			if r := run(childBin, "zombies", "3"); r.Code != 0 || strings.TrimSpace(r.Stdout) != "zombies=0" {
				t.Errorf("orphans: exit %d, %q %q; want zombies=0", r.Code, r.Stdout, r.Stderr)
			}
			for sig, want := range map[string]int{"TERM": 143, "USR1": 138} {
				if r := run(childBin, "killself", sig); r.Code != want {
					t.Errorf("command killed by SIG%s: exit %d (%q), want %d", sig, r.Code, r.Stderr, want)
				}
			}
		})
	}
}
