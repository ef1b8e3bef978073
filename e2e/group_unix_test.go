//go:build unix

package e2e

import (
	"os/exec"
	"syscall"
)

// cancelKillsGroup starts cmd in a process group of its own and makes its
// context's end kill the whole group, not only cmd's process.
func cancelKillsGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
}
