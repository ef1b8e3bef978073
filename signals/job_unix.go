//go:build unix

package signals

import (
	"errors"
	"sync"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
	"golang.org/x/term"
)

// Foreground reports whether withsecrets' process group is the foreground
// group of the terminal fd. Only then may it change the terminal's modes or
// read it: a background process doing either is sent SIGTTOU or SIGTTIN,
// and with those caught the system call would be retried forever.
//
// A terminal when withsecrets has no controlling terminal at all (setsid, a
// daemon handed a terminal) has no foreground for it: the kernel sends
// neither SIGTTIN nor SIGTTOU for it, so it may always be read and set, as
// the command run directly would. TIOCGPGRP fails there with ENOTTY while
// the descriptor is still a terminal. That is also how a controlling
// terminal looks once the session lost it (its shell killed, its window
// closing): withsecrets must not take it then, so only a process that
// started with no controlling terminal counts it as in front.
func Foreground(fd int) bool { return foreground(fd, hasCtty()) }

func foreground(fd int, ctty bool) bool {
	pg, err := unix.IoctlGetInt(fd, unix.TIOCGPGRP)
	if errors.Is(err, unix.ENOTTY) && !ctty {
		return term.IsTerminal(fd)
	}
	return err == nil && pg == unix.Getpgrp()
}

// hasCtty tells whether withsecrets has a controlling terminal, looked at
// once, on first use: the pty mode's start, while its terminal is there.
var hasCtty = sync.OnceValue(func() bool {
	fd, err := unix.Open("/dev/tty", unix.O_RDONLY|unix.O_NOCTTY|unix.O_CLOEXEC, 0)
	if err != nil {
		return false
	}
	unix.Close(fd)
	return true
})

// StopJob stops withsecrets as the child was stopped, with the same signal,
// so the shell reports the job as it would have reported the child (148 for
// SIGTSTP, "Stopped (tty input)" for SIGTTIN). When withsecrets owns the
// terminal ttyFd (-1 for none) its whole process group stops, as ^Z stops
// every process of a pipeline; otherwise only itself.
//
// It returns ok false, and does nothing, when withsecrets' process group
// looks orphaned: the kernel would discard the stop, and no shell could
// resume it. The stop takes effect asynchronously: the caller must wait for
// SIGCONT (Catcher.Cont) before it resumes the child, then call resumed.
func StopJob(sig syscall.Signal, ttyFd int) (resumed func(), ok bool) {
	if orphaned() {
		return nil, false
	}
	resumed = func() {}
	if sig != syscall.SIGSTOP {
		restore, ok := setDefault(sig)
		if ok {
			resumed = restore
		} else {
			sig = syscall.SIGSTOP
		}
	}
	pid := unix.Getpid()
	if ttyFd >= 0 && Foreground(ttyFd) {
		pid = 0
	}
	if err := unix.Kill(pid, sig); err != nil {
		resumed()
		return nil, false
	}
	return resumed, true
}

// StopSelf stops withsecrets alone with sig, as its child, which shares its
// job and so was stopped by the same ^Z, has just stopped: a shell sees the
// job stop, and takes the terminal back, only once every process in it
// has. It returns once withsecrets runs again (fg, bg, kill -CONT), or at
// once when the stop cannot happen (an orphaned group), reporting whether
// it stopped. Unlike StopJob, the caller needs no SIGCONT to wait for.
func StopSelf(sig syscall.Signal) bool {
	if orphaned() {
		return false
	}
	if sig != syscall.SIGSTOP {
		restore, ok := setDefault(sig)
		if !ok {
			sig = syscall.SIGSTOP
		}
		defer restore()
	}
	// The runtime's handler must not be back before the stop has happened,
	// or it would catch the very signal that was to stop withsecrets.
	return raiseHere(sig) == nil
}

// StopWhile stops withsecrets for sig the way the kernel stops a process
// that writes to (or reads) its terminal from the background: it gives sig
// its default action while inBackground holds, so that the next refused
// write's SIGTTOU (or read's SIGTTIN), which the kernel sends at each retry,
// stops it. Raising sig itself would race with those retries: one of them
// could stop withsecrets first, and the raise, once fg resumed it, stop it
// again in front. Where sig cannot be given its default action, it stops
// as StopSelf does.
func StopWhile(sig syscall.Signal, inBackground func() bool) {
	if orphaned() {
		return
	}
	restore, ok := setDefault(sig)
	if !ok {
		StopSelf(sig)
		return
	}
	defer restore()
	for inBackground() {
		time.Sleep(10 * time.Millisecond)
	}
}

// orphaned approximates the kernel's rule (a process group is orphaned when
// no member has a parent in another group of the same session) by looking at
// withsecrets' own parent only: an interactive shell or a script started
// under one keeps the group alive; a parent in another session, or gone,
// does not.
func orphaned() bool {
	ppid := unix.Getppid()
	if ppid <= 1 {
		return true
	}
	psid, err1 := unix.Getsid(ppid)
	sid, err2 := unix.Getsid(0)
	if err1 != nil || err2 != nil || psid != sid {
		return true
	}
	// A parent in our own group (sh -c without job control) is itself a
	// member; assume its parent keeps the group alive.
	return false
}
