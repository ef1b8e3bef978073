//go:build unix

package signals

import (
	"os"
	"os/signal"
	"syscall"
)

// Catchable lists every signal withsecrets catches while it stays the
// parent, to pass on to the child. Left out: SIGKILL and SIGSTOP (they
// cannot be caught), SIGCHLD (it is about withsecrets' own child), SIGURG
// (the Go runtime preempts goroutines with it), SIGPROF (the runtime takes
// it for its profiler and never hands it to signal.Notify, so it cannot be
// passed on), SIGCONT (job control, see
// Catcher.Cont), and every signal that was ignored when withsecrets started
// (SIGHUP under nohup, SIGINT for a script's background job): those stay
// ignored, and the child inherits that, as it would have run directly.
func Catchable() []os.Signal {
	var l []os.Signal
	for i := 1; i <= maxSignal; i++ {
		s := syscall.Signal(i)
		switch {
		case s == syscall.SIGKILL, s == syscall.SIGSTOP, s == syscall.SIGCHLD,
			s == syscall.SIGURG, s == syscall.SIGPROF, s == syscall.SIGCONT, reserved(s):
			continue
		case signal.Ignored(s), ignoredNow(s):
			continue
		}
		l = append(l, s)
	}
	return l
}

// Catcher receives the signals sent to withsecrets while it relays: C has
// those to pass on (SIGWINCH and the stop signals among them, for the relay
// to treat), Cont has SIGCONT, kept apart because job control waits on it.
type Catcher struct {
	C    chan os.Signal
	Cont chan os.Signal
}

// Catch starts catching. Call it before starting the child, so that no
// signal sent in between kills withsecrets and leaves the child behind.
func Catch() *Catcher {
	// Generous buffers: os/signal drops what does not fit, and each signal
	// must reach the child.
	c := &Catcher{C: make(chan os.Signal, 128), Cont: make(chan os.Signal, 8)}
	signal.Notify(c.C, Catchable()...)
	signal.Notify(c.Cont, syscall.SIGCONT)
	return c
}

// Stop ends catching: from then on signals have their usual effect.
func (c *Catcher) Stop() {
	signal.Stop(c.C)
	signal.Stop(c.Cont)
}

// IgnoredAtStart lists SIGHUP and SIGINT if withsecrets was started with
// them ignored (nohup; a script's & for SIGINT), the two whose SIG_IGN the
// Go runtime keeps. Call it before catching anything. They must stay
// ignored until the command has started, which inherits that, as it would
// run directly; then CatchLate catches them, so that a kill aimed at withsecrets
// (kill -HUP to reload) is passed on: a command that set a handler gets
// it, as run directly, one that did not still ignores it.
func IgnoredAtStart() []os.Signal {
	var l []os.Signal
	for _, s := range []syscall.Signal{syscall.SIGHUP, syscall.SIGINT} {
		if signal.Ignored(s) {
			l = append(l, s)
		}
	}
	return l
}

// CatchLate adds sigs (see IgnoredAtStart) to what c receives, once the
// command has started. None is none: signal.Notify given no signal would
// catch them all.
func CatchLate(c chan<- os.Signal, sigs []os.Signal) {
	if len(sigs) > 0 {
		signal.Notify(c, sigs...)
	}
}
