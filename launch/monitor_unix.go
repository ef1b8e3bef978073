//go:build unix

package launch

import (
	"errors"
	"io"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"

	"golang.org/x/sys/unix"

	"github.com/withsecrets/withsecrets/signals"
)

// The monitor is sudo's answer to the orphaned-process-group rule. A child
// that leads its own session on the pty is in an orphaned process group, so
// the kernel discards the SIGTSTP of a ^Z or of vim's kill(0, SIGTSTP). So
// withsecrets re-executes itself as a small monitor that leads the session
// on the pty, starts the command in a process group of its own, makes that
// group the pty's foreground group, and tells withsecrets when the command
// stops or ends. withsecrets in turn tells it which signals to pass on and
// when to resume the command.
//
//	withsecrets (the user's job, on the real terminal)
//	  └─ monitor (session leader on the pty; fd 3 the pty, fd 4 the control socket)
//	       └─ command (own process group, the pty's foreground group)

const (
	monitorArg0  = "withsecrets-monitor"
	monitorEnv   = "WITHSECRETS_INTERNAL_MONITOR=1"
	monitorEnvBg = "WITHSECRETS_INTERNAL_MONITOR=bg" // withsecrets started in the background
	monitorTTY   = 3                                 // the pty, the monitor's controlling terminal
	monitorCtl   = 4                                 // the control socket to withsecrets
)

// Messages on the control socket are two bytes: a kind and a value.
const (
	msgStopped    = 'S' // monitor -> withsecrets: the command stopped by signal value
	msgResumed    = 'R' // the command was resumed (by whoever sent the SIGCONT)
	msgExited     = 'E' // the command exited with status value
	msgKilled     = 'K' // the command was killed by signal value
	msgFailed     = 'F' // the command could not start: errno value
	msgSignal     = 'G' // withsecrets -> monitor: pass signal value on to the command
	msgSignalJob  = 'J' // pass signal value on to the command's process group, as a terminal's hangup signals whole groups
	msgResume     = 'C' // resume the command (SIGCONT to its process group)
	msgResumeDone = 'c' // monitor -> withsecrets: a msgResume was carried out; a stop reported before it is undone
	msgPipe       = 'P' // withsecrets' output is a closed pipe: SIGPIPE to the command's group
	msgFront      = 'f' // value 1: make the command the pty's foreground group; 0: the monitor's
	msgHangUp     = 'H' // withsecrets' output is gone (its terminal hung up): pass no SIGHUP for the pty's hangup that follows
	msgHangUpDone = 'h' // monitor -> withsecrets: msgHangUp taken; the pty may hang up
)

// Monitor runs the monitor, or a relay (relay_unix.go), when this process is
// one, and then reports the exit status main must exit with.
func Monitor() (code int, ok bool) {
	if len(os.Args) == 1 && os.Args[0] == relayArg0 && os.Getenv(strings.Split(relayEnv, "=")[0]) == "1" {
		return runRelay(), true
	}
	if len(os.Args) < 3 || os.Args[0] != monitorArg0 {
		return 0, false
	}
	switch os.Getenv(strings.Split(monitorEnv, "=")[0]) {
	case "1":
		return monitor(os.Args[1], os.Args[2:], true), true
	case "bg":
		return monitor(os.Args[1], os.Args[2:], false), true
	}
	return 0, false
}

// monitor runs the command, in the pty's foreground when front is true. A
// command started in the background (withsecrets CMD &) is not: there it
// stops when it reads the terminal or changes its modes, as it would run
// directly, rather than draw under the shell's prompt; withsecrets brings
// it to the front when it comes there itself (msgFront), as sudo does.
func monitor(path string, argv []string, front bool) int {
	// Neither descriptor must leak into the command.
	unix.CloseOnExec(monitorTTY)
	unix.CloseOnExec(monitorCtl)
	ctl := os.NewFile(monitorCtl, "control")
	send := func(kind byte, v int) { _, _ = ctl.Write([]byte{kind, byte(v)}) }

	env := make([]string, 0, len(os.Environ()))
	for _, kv := range os.Environ() {
		if kv != monitorEnv && kv != monitorEnvBg {
			env = append(env, kv)
		}
	}
	// Dispositions survive exec only as SIG_IGN: keep what withsecrets was
	// started with ignored (the Go runtime honours an inherited SIG_IGN for
	// SIGHUP and SIGINT, the ones nohup and a script's & set).
	for _, s := range []syscall.Signal{syscall.SIGHUP, syscall.SIGINT, syscall.SIGQUIT, syscall.SIGPIPE} {
		if signal.Ignored(s) {
			signal.Ignore(s)
		}
	}
	// A hangup of the pty (withsecrets gone, or its output failed: see
	// relay.copyOutput) signals the session leader, this monitor. It
	// survives to report the command's status, and passes the hangup to
	// the command's group, as the kernel does when a terminal's
	// controlling process goes (not when withsecrets' own terminal hung
	// up: see quietHangup). Caught before the command starts, or a
	// hangup right after (its first output failing) would kill the monitor
	// and leave the command running unseen; unless ignored, which the
	// command must inherit (it is then caught once the command runs).
	hup := make(chan os.Signal, 1)
	hupIgnored := signal.Ignored(syscall.SIGHUP)
	if !hupIgnored {
		signal.Notify(hup, syscall.SIGHUP)
	}
	// Nor may any other signal sent to the monitor itself end it (those Go
	// can catch): a service manager stopping its unit signals every
	// process in it, and pkill -f withsecrets matches the monitor's
	// command line. Ended, it would leave the command running unwatched
	// and hung up, and withsecrets would exit as if the command had died
	// of that signal. withsecrets passes on what it is sent; what reaches
	// the monitor is dropped. Caught, not ignored, so the command starts
	// with them at their defaults; those ignored at the start are not in
	// the list and stay ignored. The stops are left alone: the kernel
	// discards them for the monitor's orphaned group, and SIGTTOU is
	// ignored once the command runs (below).
	var dropped []os.Signal
	for _, s := range signals.Catchable() {
		switch s {
		case syscall.SIGHUP, syscall.SIGTSTP, syscall.SIGTTIN, syscall.SIGTTOU, syscall.SIGWINCH:
			continue
		}
		dropped = append(dropped, s)
	}
	if len(dropped) > 0 {
		signal.Notify(make(chan os.Signal, 1), dropped...)
	}

	attr := &os.ProcAttr{
		Env:   env,
		Files: []*os.File{os.Stdin, os.Stdout, os.Stderr},
		// Foreground: its own process group, made the pty's foreground
		// group before exec (Ctty is the monitor's descriptor here).
		Sys: &syscall.SysProcAttr{Setpgid: true, Foreground: front, Ctty: monitorTTY},
	}
	proc, err := os.StartProcess(path, argv, attr)
	if sh, shArgv, ok := shellFallback(path, argv, err); ok {
		proc, err = os.StartProcess(sh, shArgv, attr)
	}
	if err != nil {
		var errno syscall.Errno
		if !errors.As(err, &errno) {
			errno = syscall.EINVAL
		}
		send(msgFailed, int(errno))
		return exitCannotStart
	}
	pid := proc.Pid
	// Giving the pty's foreground back to itself, the monitor is in the
	// background of its own terminal, where tcsetpgrp raises SIGTTOU. Only
	// now: an ignored signal would have stayed ignored in the command.
	signal.Ignore(syscall.SIGTTOU)
	if hupIgnored {
		signal.Notify(hup, syscall.SIGHUP)
	}
	var mu sync.Mutex
	reaped := false
	// The pty hangs up because withsecrets' own terminal did (msgHangUp):
	// the SIGHUPs that hangup gave (to the shell's jobs, to its foreground
	// group) reach withsecrets and are passed on as sent; the pty's own
	// would be one more, which the command run directly never gets.
	quietHangup := false
	go func() {
		for range hup {
			mu.Lock()
			if !quietHangup {
				_ = unix.Kill(-pid, syscall.SIGHUP)
			}
			mu.Unlock()
		}
	}()
	go func() {
		var b [2]byte
		for {
			if _, err := io.ReadFull(ctl, b[:]); err != nil {
				// withsecrets is gone while the command runs: it waits
				// for the command, so it was killed (kill -9, timeout
				// -k, a unit's final SIGKILL) and could pass nothing
				// on. Only the pty's hangup would follow, which a
				// server that ignores or handles SIGHUP survives, left
				// running with the secrets where run directly it would
				// have got the SIGKILL: kill it, as the parent-death
				// signal does in pipes mode (dieWithParent).
				mu.Lock()
				if !reaped {
					_ = unix.Kill(-pid, syscall.SIGKILL)
					_ = unix.Kill(pid, syscall.SIGKILL)
				}
				mu.Unlock()
				return
			}
			mu.Lock()
			if !reaped {
				switch b[0] {
				case msgSignal:
					_ = unix.Kill(pid, syscall.Signal(b[1]))
				case msgSignalJob:
					// A command that left its group has it to itself.
					if unix.Kill(-pid, syscall.Signal(b[1])) != nil {
						_ = unix.Kill(pid, syscall.Signal(b[1]))
					}
				case msgResume:
					_ = unix.Kill(-pid, syscall.SIGCONT)
					// Under mu, as the reports are: every stop this
					// SIGCONT undid is reported before this.
					send(msgResumeDone, 0)
				case msgHangUp:
					quietHangup = true
					send(msgHangUpDone, 0)
				case msgPipe:
					_ = unix.Kill(-pid, syscall.SIGPIPE)
				case msgFront:
					pg := unix.Getpgrp()
					if b[1] == 1 {
						pg = pid
					}
					_ = unix.IoctlSetPointerInt(monitorTTY, unix.TIOCSPGRP, pg)
				}
			}
			mu.Unlock()
		}
	}()

	report := func(ws unix.WaitStatus) {
		stop, cont := waitChange(ws)
		switch {
		case stop > 0:
			send(msgStopped, int(stop))
		case cont:
			send(msgResumed, 0)
		case ws.Exited():
			send(msgExited, ws.ExitStatus())
		case ws.Signaled():
			send(msgKilled, int(ws.Signal()))
		}
	}
	for {
		ws, err := reap(pid, &mu, &reaped, report)
		if err != nil {
			send(msgFailed, int(syscall.ECHILD))
			return exitCannotStart
		}
		if waitEnded(ws) {
			return 0
		}
	}
}

// exitCannotStart is the monitor's status when it fails; withsecrets reads
// the reason from the control socket.
const exitCannotStart = 126

// monitorPath is how withsecrets re-executes itself.
func monitorPath() (string, error) {
	if _, err := os.Stat("/proc/self/exe"); err == nil {
		return "/proc/self/exe", nil
	}
	return os.Executable()
}
