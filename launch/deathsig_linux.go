package launch

import "syscall"

// dieWithParent has the kernel kill the command when withsecrets dies
// without passing a signal on: a SIGKILL to withsecrets' process group
// (timeout -k, supervisord's killasgroup, systemd's final SIGKILL) reaches
// withsecrets only, the command being in a group of its own, and must not
// leave it running with the secrets in its environment. (In pty mode the
// monitor does the same, seeing withsecrets' end of the control socket
// close while the command runs.)
func dieWithParent(a *syscall.SysProcAttr) { a.Pdeathsig = syscall.SIGKILL }
