//go:build unix

package launch

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"
	"golang.org/x/term"

	"github.com/withsecrets/withsecrets/signals"
)

// The pty relay. withsecrets stays in the user's job on the real terminal
// and relays between it and a fresh pty: keystrokes in, output out, window
// sizes, signals, and job control; the command runs under a monitor that
// leads the pty's session (see monitor_unix.go).

// relayBuf is the size of each copy buffer: big enough that 50 MB goes
// through in few system calls, small enough to keep memory flat.
const relayBuf = 32 << 10

type relay struct {
	master  *os.File // non-blocking, so a read can be cut short by a deadline
	slave   *os.File // kept open until the end, so no output is discarded
	errPipe *os.File // the command's stderr, when it is masked and not on the pty
	ctl     *os.File // the control socket to the monitor
	ctlDead bool     // the monitor cannot be told anything any more
	// quietAsked: msgHangUp is sent, the pty hangs up at its answer.
	quietAsked bool
	gone       chan struct{} // from the input: the terminal hung up

	draining atomic.Bool  // the child is gone: take what the pty holds, wait for nothing
	pipeGone atomic.Bool  // withsecrets' output was a pipe closed by its reader
	read     atomic.Int64 // bytes copyOutput has read from the pty
	written  atomic.Int64 // and passed on (or dropped, once the output failed)
	// ownINT and ownQUIT: jobKeys sent the signal to withsecrets' group;
	// the one withsecrets gets is not passed on. lnext: the last key typed
	// was the pty's literal-next (^V), so the next is taken as it is (the
	// input's goroutine's).
	ownINT, ownQUIT atomic.Bool
	lnext           bool
	monitorPid      atomic.Int64 // once started, for the input's goroutine

	// flushOutput's requests to copyOutput, counted, and the last one
	// copyOutput has done; flushed wakes flushOutput.
	flushAsked, flushDone atomic.Int64
	flushed               chan struct{}
	// copyOutput is inside a write (which output not read can block),
	// or has returned: what flushOutput may stop waiting for.
	writing, copyEnded atomic.Bool
	msgs               chan [2]byte
	proc               *os.Process
	sig                *signals.Catcher

	name string // the command as typed, for messages

	ttyFd  int // stdin when it is a terminal (its modes, its keystrokes), or -1
	sizeFd int // a real terminal to take the window size from, or -1
	outTTY bool

	// modesPending is the pty's modes as set at the start when the real
	// terminal's could not be taken then: started in the background
	// (withsecrets CMD &), the shell's line editor had the terminal in
	// its own modes (no echo, no line editing). They are copied when
	// withsecrets first has the foreground, as sudo does, unless the
	// command has changed the pty's modes itself by then.
	modesPending *unix.Termios

	in      *input      // keystrokes; nil when stdin is not a terminal
	saved   *term.State // the terminal's modes while it is raw
	stopped bool        // the command stopped; until a SIGCONT reaches withsecrets
	// msgResume sent, and msgResumeDone seen: a stop reported while some
	// are not yet done was undone by them (see loop).
	resumesSent, resumesDone int
	resumeJob                func()           // undoes what signals.StopJob changed
	stopCheck                <-chan time.Time // fires once after withsecrets stopped itself
	// checkStopped resumed without a SIGCONT: one that comes until then
	// is that one, late.
	contOwed time.Time

	ttyOwned     atomic.Bool   // the terminal is raw and withsecrets' (see takeTerminal)
	cmdFront     bool          // the command is the pty's foreground group (see placeCommand)
	noJobControl bool          // withsecrets' job could not stop (orphaned): the command stays in front
	ttouAsk      chan struct{} // from the output gate: stop the job for output, as SIGTTOU would
	resumed      chan struct{} // to the output gate: the job runs again
	frontAsk     chan struct{} // from the output gate: in front again, take the terminal (see awaitFront)
	frontDone    chan struct{} // to the output gate: taken, or tried
	frontWanted  bool          // frontAsk came while the command was stopped: answered once it runs
	loopDone     chan struct{} // closed when the relay loop has returned
	outFailed    chan bool     // copyOutput could not write: true for a closed pipe
	lost         error         // why copyOutput could not write, a closed pipe aside
}

func runPTY(path string, s Spec) (Result, error) {
	r := &relay{name: s.Argv[0], ttyFd: -1, sizeFd: -1, outFailed: make(chan bool, 1),
		ttouAsk: make(chan struct{}, 1), resumed: make(chan struct{}, 1), flushed: make(chan struct{}, 1),
		frontAsk: make(chan struct{}), frontDone: make(chan struct{}, 1), loopDone: make(chan struct{}), gone: make(chan struct{}, 1)}
	stdinTTY := term.IsTerminal(0)
	if stdinTTY {
		r.ttyFd = 0
	}
	for _, fd := range []int{0, 1, 2} {
		if term.IsTerminal(fd) {
			r.sizeFd = fd
			break
		}
	}
	defer r.close()
	if err := r.openPTY(term.IsTerminal(1)); err != nil {
		return Result{}, fmt.Errorf("cannot open a pseudo-terminal: %w", err)
	}
	// Catch before the child exists: a signal in between must not kill
	// withsecrets and leave the child behind.
	late := signals.IgnoredAtStart()
	r.sig = signals.Catch()
	defer r.sig.Stop()
	if stdinTTY {
		r.in = newInput(r.master, func() {
			select {
			case r.gone <- struct{}{}:
			default:
			}
		})
		r.in.typed = r.jobKeys
		go r.in.run()
		if signals.Foreground(r.ttyFd) {
			// Before the command starts: see passTypedAhead.
			r.passTypedAhead(true)
		}
	}
	if err := r.start(path, s, stdinTTY); err != nil {
		return Result{}, err
	}
	signals.CatchLate(r.sig.C, late) // the monitor, so the command, inherited them ignored
	defer reapOrphans(r.proc.Pid)()

	ms := compileMasks(s.Mask)
	exited, errDone := make(chan struct{}), make(chan struct{})
	var errLost error
	if r.errPipe != nil {
		go func() {
			errLost = outputLost("standard error", pump(stream{r.errPipe, os.Stderr, "standard error", late}, ms.output(os.Stderr), exited))
			close(errDone)
		}()
	} else {
		close(errDone)
	}
	// Restored on every way out, a panic included; after the output, which
	// is the last thing written.
	defer r.releaseTerminal()
	r.takeTerminal()
	// The output is copied once the terminal is raw: copied before, what
	// the command writes at once (printf; exit) would go to the terminal
	// still cooked, each \r\n of the pty made \r\r\n. Meanwhile it waits in
	// the pty; taking the terminal waits for nothing (passTypedAhead).
	var stdout io.Writer = os.Stdout
	if r.outTTY && r.sizeFd >= 0 {
		stdout = &outputGate{w: os.Stdout, fd: 1, r: r}
	}
	out := ms.output(stdout)
	outDone := make(chan struct{})
	go func() {
		r.copyOutput(out)
		// What masking held back is written now, and may fail too.
		r.lost = cmp.Or(r.lost, outputLost("standard output", out.Close()))
		close(outDone)
	}()

	res, err := r.loop()
	close(r.loopDone)
	if r.pipeGone.Load() && res.Signal == syscall.SIGHUP {
		// The hangup was withsecrets' doing, for a closed pipe: end as
		// the writer to a closed pipe ends, as script does.
		res.Signal = syscall.SIGPIPE
	}

	if r.in != nil {
		r.in.stop()
	}
	// The child is gone: whatever it wrote is in the pty by now. Cut the
	// output copy short and let it take what is left without waiting for
	// more, which a background grandchild holding the pty would never end.
	r.draining.Store(true)
	_ = r.master.SetReadDeadline(time.Now())
	<-outDone
	close(exited)
	if r.errPipe != nil {
		_ = r.errPipe.SetReadDeadline(time.Now().Add(drainIdle))
	}
	<-errDone
	res.Lost = cmp.Or(r.lost, errLost)
	if r.lost != nil && res.Signal == syscall.SIGHUP {
		// Ended by the hangup that followed the lost output (hangUp), not
		// by its own doing: withsecrets' failure, not the command's.
		res.Signal = 0
	}
	return res, err
}

// openPTY makes the pty with the real terminal's modes and size, so the
// child sees the same erase key, UTF-8 setting and window. When stdout is
// not a terminal the pty does no output processing: bytes arrive as the
// child wrote them, without \n turned into \r\n.
func (r *relay) openPTY(stdoutTTY bool) error {
	m, sl, err := pty.Open()
	if err != nil {
		return err
	}
	r.slave = sl
	// creack/pty leaves the master blocking; a non-blocking copy of it goes
	// through Go's poller, where reads honour deadlines.
	nfd, err := unix.FcntlInt(m.Fd(), unix.F_DUPFD_CLOEXEC, 0)
	m.Close()
	if err != nil {
		return err
	}
	if err := unix.SetNonblock(nfd, true); err != nil {
		unix.Close(nfd)
		return err
	}
	r.master = os.NewFile(uintptr(nfd), "/dev/ptmx")

	r.outTTY = stdoutTTY
	sfd := int(sl.Fd())
	var tio *unix.Termios
	if r.sizeFd >= 0 && signals.Foreground(r.sizeFd) {
		tio, _ = unix.IoctlGetTermios(r.sizeFd, ioctlGetTermios)
	}
	pending := tio == nil && r.sizeFd >= 0
	if tio == nil {
		if tio, err = unix.IoctlGetTermios(sfd, ioctlGetTermios); err != nil {
			return err
		}
	}
	r.adjustModes(tio)
	if err := unix.IoctlSetTermios(sfd, ioctlSetTermios, tio); err != nil {
		return err
	}
	if pending {
		r.modesPending = tio
	}
	r.syncSize()
	return nil
}

// adjustModes fits the terminal's modes to where the output goes. When
// stdout is not a terminal the pty does no output processing, and does not
// echo keystrokes: they would land in the file among the command's own
// output, where run directly they only reach the screen.
func (r *relay) adjustModes(tio *unix.Termios) {
	if !r.outTTY {
		tio.Oflag &^= unix.OPOST
		tio.Lflag &^= unix.ECHO | unix.ECHONL
	}
}

// takeModes gives the pty the real terminal's modes once withsecrets is in
// its foreground, if they could not be taken at the start.
func (r *relay) takeModes() {
	if r.modesPending == nil || !signals.Foreground(r.sizeFd) {
		return
	}
	sfd := int(r.slave.Fd())
	cur, err := unix.IoctlGetTermios(sfd, ioctlGetTermios)
	want, err2 := unix.IoctlGetTermios(r.sizeFd, ioctlGetTermios)
	if err == nil && err2 == nil && *cur == *r.modesPending {
		r.adjustModes(want)
		_ = unix.IoctlSetTermios(sfd, ioctlSetTermios, want)
	}
	r.modesPending = nil
}

// start runs the monitor, which runs the command. stdin and stdout go on the
// pty (stdin only when it is a terminal: a pipe or file keeps its own EOF);
// stderr too when it is the same file as stdout (the terminal, 2>&1, one
// pipe), otherwise it is passed as it is so 2>err.log keeps working.
func (r *relay) start(path string, s Spec, stdinTTY bool) error {
	exe, err := monitorPath()
	if err != nil {
		return fmt.Errorf("cannot find withsecrets itself: %w", err)
	}
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM, 0)
	if err != nil {
		return fmt.Errorf("cannot make the control socket: %w", err)
	}
	unix.CloseOnExec(fds[0])
	unix.CloseOnExec(fds[1])
	r.ctl = os.NewFile(uintptr(fds[0]), "control")
	theirs := os.NewFile(uintptr(fds[1]), "control")
	defer theirs.Close()

	in, errf := os.Stdin, os.Stderr
	if stdinTTY {
		in = r.slave
	}
	if sameFD(1, 2) {
		errf = r.slave
	} else if s.Mask != nil {
		// stderr is not on the pty, so the masked copy of the pty does not
		// see it: it gets a masked pipe of its own, as in pipes mode.
		pr, pw, err := os.Pipe()
		if err != nil {
			return fmt.Errorf("cannot make a pipe for stderr: %w", err)
		}
		defer pw.Close()
		r.errPipe, errf = pr, pw
	}
	r.cmdFront = r.sizeFd < 0 || signals.Foreground(r.sizeFd)
	menv := monitorEnv
	if !r.cmdFront {
		menv = monitorEnvBg
	}
	env := append(append(make([]string, 0, len(s.Env)+1), s.Env...), menv)
	argv := append([]string{monitorArg0, path}, s.Argv...)
	r.proc, err = os.StartProcess(exe, argv, &os.ProcAttr{
		Env:   env,
		Files: []*os.File{in, r.slave, errf, r.slave, theirs},
		Sys:   &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: monitorTTY},
	})
	if err != nil {
		if r.errPipe != nil {
			r.errPipe.Close()
			r.errPipe = nil
		}
		return &Error{Name: s.Argv[0], Kind: ErrCannotRun, Cause: err}
	}
	r.monitorPid.Store(int64(r.proc.Pid))
	r.msgs = make(chan [2]byte, 16)
	go func() {
		defer close(r.msgs)
		var b [2]byte
		for {
			if _, err := io.ReadFull(r.ctl, b[:]); err != nil {
				return
			}
			r.msgs <- b
		}
	}()
	return nil
}

// loop relays signals and job control until the command ends.
func (r *relay) loop() (Result, error) {
	var tick *time.Ticker
	defer func() {
		if tick != nil {
			tick.Stop()
		}
	}()
	for {
		if r.frontWanted && !r.stopped {
			r.frontWanted = false
			r.syncSize()
			r.placeCommand()
			r.takeTerminal()
			r.frontDone <- struct{}{}
		}
		// `fg` of a job that runs in the background sends no SIGCONT: while
		// in the background, look now and then whether the terminal came
		// back.
		var poll <-chan time.Time
		if r.ttyFd >= 0 && r.saved == nil && !r.stopped {
			if tick == nil {
				tick = time.NewTicker(200 * time.Millisecond)
			}
			poll = tick.C
		}
		select {
		case s := <-r.sig.C:
			r.forward(s.(syscall.Signal))
		case <-r.sig.Cont:
			if time.Now().Before(r.contOwed) {
				// The SIGCONT of the fg or bg that checkStopped did not
				// wait for, late (os/signal, under load). Taken for a
				// new one, it would resume the command a second time:
				// undoing a ^Z typed meanwhile, or making the command
				// stop again for its terminal after bg.
				r.contOwed = time.Time{}
				break
			}
			r.continued()
		case <-r.stopCheck:
			r.stopCheck = nil
			r.checkStopped()
		case <-r.frontAsk:
			r.frontWanted = true
		case <-r.ttouAsk:
			if !r.stopped {
				r.send(msgSignal, int(syscall.SIGTTOU))
			}
		case pipe := <-r.outFailed:
			if pipe {
				r.hangUp(true)
			} else {
				r.terminalHungUp()
			}
		case <-r.gone:
			r.terminalHungUp()
		case <-poll:
			// In the background no SIGWINCH comes: a resize is seen here,
			// as a command run directly would see it asking the size. Nor
			// does a signal always say the terminal closed (its shell
			// killed first): a command that reads would get EOF.
			r.syncSize()
			if r.sizeFd >= 0 && terminalGone(r.sizeFd) {
				r.terminalHungUp()
			}
			r.placeCommand()
			r.takeTerminal()
		case m, ok := <-r.msgs:
			if !ok {
				return r.monitorStatus()
			}
			switch m[0] {
			case msgStopped:
				// Reported before a resume of ours was carried out, the
				// stop is over: its report, late, would stop the job
				// for a command that runs. Reported while the job is
				// stopped (or stopping) for an earlier one, it is over
				// once fg or bg resumes the job (continued). Stopping
				// the job again for it would stop it a second time,
				// maybe after fg has resumed it, if the first stop took
				// effect on the way (the stop is asynchronous).
				if r.resumesDone == r.resumesSent && !r.stopped {
					r.stop(syscall.Signal(m[1]))
				}
			case msgResumeDone:
				r.resumesDone++
			case msgHangUpDone:
				r.hangUp(false)
			case msgResumed:
				// A SIGCONT sent to the command itself, while withsecrets
				// runs (it could not stop: an orphaned group): the command
				// has its terminal and keystrokes back, as run directly.
				if r.stopped && r.resumeJob == nil {
					r.stopped = false
					r.syncSize()
					r.placeCommand()
					r.takeTerminal()
				}
			case msgExited:
				_, _ = r.proc.Wait()
				return Result{Code: int(m[1])}, nil
			case msgKilled:
				_, _ = r.proc.Wait()
				return Result{Signal: syscall.Signal(m[1])}, nil
			case msgFailed:
				_, _ = r.proc.Wait()
				return Result{}, startError(r.name, syscall.Errno(m[1]))
			}
		}
	}
}

// forward passes a signal sent to withsecrets on to the command, once. A
// window change is passed on by setting the pty's size, for which the kernel
// signals the pty's foreground group itself; only when the size did not
// change (a kill -WINCH) is the signal sent.
func (r *relay) forward(s syscall.Signal) {
	if s == syscall.SIGWINCH && r.syncSize() {
		return
	}
	if s == syscall.SIGINT && r.ownINT.Swap(false) || s == syscall.SIGQUIT && r.ownQUIT.Swap(false) {
		return // its own, from a key (jobKeys): the key gave the command one
	}
	if s == syscall.SIGPIPE {
		// withsecrets gets it when its own output is closed, and hangs
		// up the pty instead (copyOutput), as in pipes mode; sent to the
		// command, it would reach the wrong process (a shell, not the
		// writer below it) and miss one that ignores SIGPIPE.
		return
	}
	if s == syscall.SIGHUP && r.sizeFd >= 0 && terminalGone(r.sizeFd) {
		// The real terminal hung up (its window closed). Its SIGHUPs
		// (the kernel's to the foreground group as the session leader
		// ends, the shell's to each job) signal whole groups: run
		// directly, every process of the command's job gets each, the
		// children of sh -c 'server; ...' or make among them, not the
		// command alone as for kill -HUP (a reload). The pty's own
		// hangup, which signalled the group, passes none now (see
		// terminalHungUp).
		r.send(msgSignalJob, int(s))
		// A command that survives SIGHUP would, run directly, read EOF
		// from it and end. The pty hangs up too, so its reads end as
		// well.
		r.terminalHungUp()
		return
	}
	r.send(msgSignal, int(s))
}

// jobKeys gives withsecrets' job what ^C and ^\ typed at the terminal give
// it run directly. The terminal is raw, so those keys reach the command's
// pty as bytes, and its line discipline signals the command alone; run
// directly, the terminal signals its whole foreground process group,
// withsecrets' job: the shell of a script (sh -c 'a; b', whose b must not
// run then), make and its other jobs (make -j), a loop. So withsecrets,
// in the front of its terminal, signals its own group as the terminal
// would, for each key that the pty's line discipline takes for one (its
// ISIG on, and the key not after a ^V), as the command's own modes decide:
// a full-screen program that reads ^C as a key (vim) makes no signal of it
// either way. withsecrets gets one too, and does not pass it on (forward):
// the key gave the command its own. Called by the input's goroutine.
func (r *relay) jobKeys(b []byte) {
	tio, err := unix.IoctlGetTermios(int(r.slave.Fd()), ioctlGetTermios)
	if err != nil || tio.Lflag&unix.ISIG == 0 {
		r.lnext = false
		return
	}
	lnext := tio.Lflag&lnextModes == lnextModes && tio.Cc[unix.VLNEXT] != vdisable
	var intr, quit bool
	for _, c := range b {
		if tio.Iflag&unix.ISTRIP != 0 {
			c &= 0x7f
		}
		switch {
		case r.lnext:
			r.lnext = false
		case c == vdisable:
		case c == tio.Cc[unix.VINTR]:
			intr = true
		case c == tio.Cc[unix.VQUIT]:
			quit = true
		case lnext && c == tio.Cc[unix.VLNEXT]:
			r.lnext = true
		}
	}
	if !intr && !quit {
		return
	}
	// Only the terminal's foreground group gets a key's signal, and only
	// from a terminal that is withsecrets' controlling one (TIOCGPGRP
	// fails on another).
	if pg, err := unix.IoctlGetInt(r.ttyFd, unix.TIOCGPGRP); err != nil || pg != unix.Getpgrp() {
		return
	}
	if r.commandJobInFront() {
		return
	}
	for _, k := range []struct {
		on   bool
		sig  syscall.Signal
		self *atomic.Bool
	}{{intr, syscall.SIGINT, &r.ownINT}, {quit, syscall.SIGQUIT, &r.ownQUIT}} {
		if !k.on {
			continue
		}
		// Marked first: the signal may reach forward before Kill
		// returns. One ignored (inherited so, not yet caught) never
		// comes, and must not hide a later one.
		k.self.Store(!signal.Ignored(k.sig))
		if unix.Kill(0, k.sig) != nil {
			k.self.Store(false)
		}
	}
}

// commandJobInFront tells that the command does job control (an interactive
// shell, withsecrets bash) and holds the pty's front itself, at its prompt,
// or through a job of its own. Run directly, such a shell puts itself and
// each of its jobs in front of withsecrets' terminal, in a group of its
// own, and a key typed there signals that group alone: the script around
// withsecrets (sh -c 'withsecrets bash; next') gets nothing. A job is a
// group whose leader is not the command, the monitor's only child (or is
// gone). The command's own group is in front for any command, so there the
// shell is told by what it ignores: SIGTSTP and SIGTTOU, as every
// job-control shell does (bash, dash -i, fish), lest ^Z stop it or its own
// tcsetpgrp from the background, and a plain program does not. Unless the
// command inherited that: started with SIGTSTP ignored, withsecrets leaves
// it so, the monitor too, and then the ignore tells nothing, and the key
// goes to withsecrets' job as for any program. When none of it can be told
// (no /proc; macOS, whose pty master does not tell its foreground group),
// it reports false.
func (r *relay) commandJobInFront() bool {
	mon := int(r.monitorPid.Load())
	rc, err := r.master.SyscallConn()
	if mon == 0 || err != nil {
		return false
	}
	pg := 0
	if rc.Control(func(fd uintptr) { pg, err = unix.IoctlGetInt(int(fd), unix.TIOCGPGRP) }) != nil ||
		err != nil || pg <= 0 || pg == mon {
		return false
	}
	ppid, ok := parentOf(pg)
	if !ok {
		return false
	}
	if ppid != mon {
		return true
	}
	return ignores(pg, syscall.SIGTSTP, syscall.SIGTTOU) && !ignores(mon, syscall.SIGTSTP)
}

// terminalGone tells a terminal that hung up: every request on it fails,
// with one of hangupErrnos.
func terminalGone(fd int) bool {
	_, err := unix.IoctlGetWinsize(fd, unix.TIOCGWINSZ)
	return hungUp(err)
}

// hungUp tells whether err is how the platform fails a request on a
// terminal that hung up (hangupErrnos).
func hungUp(err error) bool {
	var errno unix.Errno
	return errors.As(err, &errno) && slices.Contains(hangupErrnos, errno)
}

// stop follows the command into the stopped state: the terminal gets its
// modes back, and withsecrets' job stops with the same signal, so the shell
// prints its "Stopped" line and takes the terminal.
func (r *relay) stop(s syscall.Signal) {
	if s != syscall.SIGTTOU {
		// Stopped for output, the output cannot be written now.
		r.flushOutput()
	}
	if (s == syscall.SIGTTIN || s == syscall.SIGTTOU) && r.sizeFd >= 0 && signals.Foreground(r.sizeFd) {
		// Stopped for reading or setting the pty from its background
		// just as fg brought withsecrets to the front: in the front now,
		// the command goes on, as it would have run directly.
		r.placeCommand()
		r.resume()
		return
	}
	r.releaseTerminal()
	r.stopped = true
	for len(r.sig.Cont) > 0 {
		<-r.sig.Cont
		r.contOwed = time.Time{}
	}
	if resumed, ok := signals.StopJob(s, r.ttyFd); ok {
		r.resumeJob = resumed
		r.stopCheck = time.After(200 * time.Millisecond)
		return
	}
	// withsecrets' group is orphaned (docker run -it, ssh -t, a tmux
	// window: no job-control shell above it, or the terminal closed with
	// the job in the background), so nothing would ever resume the job.
	// Run directly, the command would be in that orphaned group, and the
	// kernel would have discarded ^Z's SIGTSTP (and SIGTTIN and SIGTTOU,
	// failing the read or the mode change instead): resume it as if the
	// stop never happened, and in the pty's front from now on, or a
	// command stopped for reading or setting the pty would stop again at
	// once, forever. Only a SIGSTOP stops an orphaned process, and then
	// stays until a SIGCONT.
	r.noJobControl = true
	if r.sizeFd >= 0 && terminalGone(r.sizeFd) {
		// Orphaned because the terminal closed: reads would end.
		r.terminalHungUp()
	}
	if s != syscall.SIGSTOP {
		r.continued()
	}
}

// terminalHungUp hangs up the pty as withsecrets' own terminal (or output)
// went: reads and writes there end, as they would on the terminal gone. The
// monitor is told first (msgHangUp) not to pass on the SIGHUP that hangup
// gives it: the command gets the hangup's SIGHUPs that reach withsecrets,
// passed on, as many as it would get run directly, not one more of the pty's
// own; the pty hangs up once the monitor has it (msgHangUpDone). Called from
// the relay loop only.
func (r *relay) terminalHungUp() {
	if r.quietAsked {
		return
	}
	r.quietAsked = true
	if r.send(msgHangUp, 0); r.ctlDead {
		r.hangUp(false)
	}
}

// hangUp ends the command's output when withsecrets' own cannot be
// written any more (a closed pipe; terminalHungUp, for a terminal gone,
// has the monitor pass no SIGHUP of its own). For a
// closed pipe the command's group first gets SIGPIPE, as the writer would
// writing to the pipe itself, silently; then, a moment later, the pty is
// hung up, as script does by dying: writes fail (EIO) and the group gets
// SIGHUP from the monitor, so a writer that ignores SIGPIPE ends too
// instead of writing into a pty nobody reads.
func (r *relay) hangUp(pipe bool) {
	wait := time.Duration(0)
	if pipe {
		r.pipeGone.Store(true)
		r.send(msgPipe, 0)
		wait = 100 * time.Millisecond
	}
	time.AfterFunc(wait, func() { r.master.Close() })
}

// checkStopped runs once withsecrets, having stopped itself, runs again.
// Either a SIGCONT resumed it (fg), and it is on its way; or the kernel
// discarded the stop, the group being orphaned after all (signals.StopJob
// cannot see every group member: sh -c leading the session above it), and
// nothing will ever resume the job, so the command is resumed now, as the
// kernel would have discarded its stop too.
func (r *relay) checkStopped() {
	if !r.stopped {
		return
	}
	select {
	case <-r.sig.Cont:
	case <-time.After(50 * time.Millisecond):
		// Either no SIGCONT comes, or it is late: see loop. A real
		// one dropped for it (fg soon after) is made up for by the
		// next stopCheck.
		r.contOwed = time.Now().Add(time.Second)
	}
	r.continued()
}

// continued: withsecrets was resumed (fg, bg, or kill -CONT). The command
// is resumed too, with the current window size; raw mode and keystrokes
// only if withsecrets is in the foreground.
func (r *relay) continued() {
	if r.resumeJob != nil {
		r.resumeJob()
		r.resumeJob = nil
	}
	r.stopped = false
	r.syncSize()
	r.placeCommand()
	r.takeTerminal()
	r.resume()
	select {
	case r.resumed <- struct{}{}:
	default:
	}
}

func (r *relay) monitorStatus() (Result, error) {
	st, err := r.proc.Wait()
	if err != nil {
		return Result{}, fmt.Errorf("waiting for the command: %w", err)
	}
	if ws, ok := st.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return Result{Signal: ws.Signal()}, nil
	}
	return Result{Code: st.ExitCode()}, nil
}

// resume has the monitor resume the command, counted (see loop).
func (r *relay) resume() {
	r.send(msgResume, 0)
	if !r.ctlDead {
		r.resumesSent++
	}
}

// send tells the monitor something. Once the monitor is gone it stops
// trying: each failed write raises a SIGPIPE, which would be passed on with
// another write.
func (r *relay) send(kind byte, v int) {
	if r.ctlDead {
		return
	}
	if _, err := r.ctl.Write([]byte{kind, byte(v)}); err != nil {
		r.ctlDead = true
	}
}

// placeCommand makes the command the pty's foreground group while
// withsecrets is in the real terminal's, and the monitor's while it is in
// the background: resumed with bg, the command then stops when it reads
// the terminal ("Stopped (tty input)") or changes its modes, as it would
// run directly, where it would otherwise wait unseen or draw under the
// shell's prompt.
func (r *relay) placeCommand() {
	front := r.sizeFd < 0 || r.noJobControl || signals.Foreground(r.sizeFd)
	if front != r.cmdFront {
		v := 0
		if front {
			v = 1
		}
		r.send(msgFront, v)
		r.cmdFront = front
	}
}

// takeTerminal puts the real terminal in raw mode and starts passing
// keystrokes, when stdin is a terminal and withsecrets is in its foreground.
func (r *relay) takeTerminal() {
	r.takeModes()
	if r.ttyFd < 0 || r.saved != nil || r.stopped || !signals.Foreground(r.ttyFd) {
		return
	}
	r.passTypedAhead(false)
	st, err := term.MakeRaw(r.ttyFd)
	if err != nil {
		return
	}
	r.saved = st
	r.ttyOwned.Store(true)
	if !sameFD(r.ttyFd, 1) {
		// The output goes elsewhere (a file); what still reaches this
		// terminal directly (the command's stderr) needs its "\n" made
		// "\r\n" by the terminal, as run directly, or it staircases.
		if tio, err := unix.IoctlGetTermios(r.ttyFd, ioctlGetTermios); err == nil {
			tio.Oflag |= unix.OPOST | unix.ONLCR
			_ = unix.IoctlSetTermios(r.ttyFd, ioctlSetTermios, tio)
		}
	}
	r.syncSize()
	r.in.resume()
}

// passTypedAhead passes on what was typed on the terminal while it was
// cooked, before withsecrets takes it raw: complete lines, and an end of
// input (^D), which waits in the terminal's line buffer as a mark that a
// raw terminal gives as a NUL byte. The command would get "\0" where, run
// directly, it reads the end of its input, and one reading to the end
// would wait for ever (script -qec 'cmd' </dev/null, which CI jobs use for
// a terminal, types ^D at once). The mark becomes the pty's own end-of-input
// character. Up to the first mark only: what follows it, run directly, is
// for whoever reads next, and a terminal that hung up reads as marks
// without end. A line not yet ended stays, and is read raw; unless first.
//
// first: the command has not started. Then what the terminal showed as it
// was typed (echo on) is passed without the pty's echo, which would show
// it twice ("hi" typed ahead of a prompt, then "hi" again), and the line
// begun too; see passUnechoed. sudo's pty mode and script (util-linux)
// show such keys twice. Only then: the pty's modes must not change under
// a running command (one that saved them with the echo off would put that
// back), and once the command has started, even stopped (fg), the master
// is read for its output, where the mark that the pty took the keys is.
func (r *relay) passTypedAhead(first bool) {
	if r.in == nil || r.in.tty == os.Stdin {
		return // blocking: a read would wait for a key
	}
	// First, written without waiting: the output is not yet copied
	// (runPTY), and a command blocked writing it would never read its
	// input to make room. What the pty cannot take now is written first
	// by the keystroke copy, after what that copy read before the pause
	// and has not written yet. Later, all of it is written so, once the
	// terminal is raw: the output is copied meanwhile, and the pty's echo
	// of keys written now could reach the terminal still cooked, each
	// \r\n made \r\r\n.
	held := r.in.quiet()
	defer func() { r.in.hold(held) }()
	// The pause that stopped the keystroke copy (^Z) cuts reads short;
	// this one must not be, or what was typed before withsecrets took the
	// terminal back (fg) would be read raw, an end of input as "\0".
	if r.in.tty.SetReadDeadline(time.Time{}) != nil {
		return
	}
	var b []byte
	if first && r.ptyEchoes() {
		if b = r.readTypedAhead(true); r.passUnechoed(b) {
			return
		}
	} else {
		b = r.readTypedAhead(false)
	}
	if first && len(held) == 0 {
		b = b[r.writeMasterNow(b):]
	}
	held = append(held, b...)
}

// ptyEchoes reports whether the pty echoes: with the same modes, the
// terminal showed what was typed.
func (r *relay) ptyEchoes() bool {
	tio, err := unix.IoctlGetTermios(int(r.slave.Fd()), ioctlGetTermios)
	return err == nil && tio.Lflag&unix.ECHO != 0
}

// passUnechoed writes b to the pty with its echo off, and its modes back
// once the pty has taken it, and reports whether it did (or the pty is
// gone); the command must not have started. Writes to a pty reach its
// line discipline later, on the kernel's own time; a flow-control stop
// and start written after b are reported (the master in packet mode) once
// they are taken, and so is all before them. The stop and start are
// characters of its own choosing, flow control on meanwhile: the
// terminal's may be off (stty -ixon, which many set to free ^S), disabled,
// one key for both (a second stop, never reported as a start, on Linux),
// or typed ahead literally (^V^S), which the pty would take for a stop.
//
// unechoedMax (tty_*.go) is the most it passes: a fresh pty must take all
// of it at once, and so the mark after it.
func (r *relay) passUnechoed(b []byte) bool {
	if len(b) == 0 {
		return true
	}
	if len(b) > unechoedMax {
		return false
	}
	sfd, mfd := int(r.slave.Fd()), int(r.master.Fd())
	tio, err := unix.IoctlGetTermios(sfd, ioctlGetTermios)
	if err != nil {
		return false
	}
	stop, start, ok := markChars(b, tio)
	if !ok {
		return false
	}
	mute := *tio
	mute.Lflag &^= unix.ECHO | unix.ECHONL
	mute.Iflag |= unix.IXON
	mute.Cc[unix.VSTOP], mute.Cc[unix.VSTART] = stop, start
	if unix.IoctlSetTermios(sfd, ioctlSetTermios, &mute) != nil {
		return false
	}
	defer unix.IoctlSetTermios(sfd, ioctlSetTermios, tio)
	if unix.IoctlSetPointerInt(mfd, unix.TIOCPKT, 1) != nil {
		return false
	}
	defer unix.IoctlSetPointerInt(mfd, unix.TIOCPKT, 0)
	mark := append(b, stop, start)
	if r.writeMasterNow(mark) < len(mark) {
		return true // the pty is closed; one that is not takes this much
	}
	// Taken in order: once the start is reported, all before it is. The
	// master is not read otherwise yet (copyOutput).
	_ = r.master.SetReadDeadline(time.Now().Add(time.Second))
	defer r.master.SetReadDeadline(time.Time{})
	buf := make([]byte, 256)
	for {
		n, err := r.master.Read(buf)
		if n > 0 && buf[0] != unix.TIOCPKT_DATA && buf[0]&unix.TIOCPKT_START != 0 || err != nil {
			return true
		}
	}
}

// markChars picks the flow-control stop and start that passUnechoed marks
// b's end with: two characters found neither in b nor among the pty's
// special ones, ^S and ^Q when they are free.
func markChars(b []byte, tio *unix.Termios) (stop, start byte, ok bool) {
	var taken [256]bool
	for _, c := range b {
		taken[c] = true
	}
	for _, c := range tio.Cc {
		taken[c] = true
	}
	taken[vdisable] = true
	var picked []byte
	for _, c := range append([]byte{0x13, 0x11}, allChars[1:]...) {
		if !taken[c] {
			taken[c] = true
			if picked = append(picked, c); len(picked) == 2 {
				return picked[0], picked[1], true
			}
		}
	}
	return 0, 0, false
}

// allChars holds every byte value, in order.
var allChars = func() (cs [256]byte) {
	for i := range cs {
		cs[i] = byte(i)
	}
	return cs
}()

// readTypedAhead reads what the terminal, cooked, holds complete: lines,
// up to the first end-of-input mark, which it gives as the pty's
// end-of-input character. With half, when it met no mark, it reads the
// line begun too, the terminal briefly not cooked.
func (r *relay) readTypedAhead(half bool) (b []byte) {
	rc, err := r.in.tty.SyscallConn()
	if err != nil {
		return nil
	}
	// The modes of the terminal read, which stdin (ttyFd) is, but for a
	// test.
	var cooked *unix.Termios
	if cerr := rc.Control(func(fd uintptr) { cooked, err = unix.IoctlGetTermios(int(fd), ioctlGetTermios) }); cerr != nil || err != nil {
		return nil
	}
	canon := cooked.Lflag&unix.ICANON != 0
	eof := byte(4) // ^D
	ptyModes, err := unix.IoctlGetTermios(int(r.slave.Fd()), ioctlGetTermios)
	if err != nil {
		ptyModes = nil
	} else if ptyModes.Cc[unix.VEOF] != vdisable {
		eof = ptyModes.Cc[unix.VEOF]
	}
	buf := make([]byte, relayBuf)
	// Cooked, each read gives one line, with its end, or none for an
	// empty line ended by the mark. Not cooked (stty -icanon), a read of
	// nothing is no mark: with min 0 it is how the terminal says it holds
	// nothing.
	complete := func() (eofMet bool) {
		for {
			n, rerr := 0, error(nil)
			if err := rc.Read(func(fd uintptr) bool {
				n, rerr = unix.Read(int(fd), buf)
				return true
			}); err != nil || rerr != nil || n < 0 || n == 0 && !canon {
				return false // EAGAIN: nothing complete waits
			}
			if !canon {
				b = append(b, buf[:n]...)
				continue
			}
			switch {
			case n == 0:
				b = append(b, eof)
				return true
			case lineEnd(buf[n-1], cooked):
				b = append(literal(b, buf[:n-1], ptyModes), buf[n-1])
			default:
				// Keys typed while the terminal was not cooked (the
				// shell's line editor, just after fg), given as a line
				// once it is cooked, without an end: passed as typed.
				// A line ended by the mark (abc^D) reads the same, and
				// then waits in the pty for its end.
				b = append(b, buf[:n]...)
			}
		}
	}
	if complete() || !half || !canon {
		return b
	}
	// Not cooked, the terminal gives the line begun; echoing still, it
	// shows what comes meanwhile, as it showed what came before.
	uncooked := *cooked
	uncooked.Lflag &^= unix.ICANON
	uncooked.Cc[unix.VMIN], uncooked.Cc[unix.VTIME] = 1, 0
	if unix.IoctlSetTermios(r.ttyFd, ioctlSetTermios, &uncooked) != nil {
		return b
	}
	for {
		n, rerr := 0, error(nil)
		if err := rc.Read(func(fd uintptr) bool {
			n, rerr = unix.Read(int(fd), buf)
			return true
		}); err != nil || rerr != nil || n <= 0 {
			break
		}
		b = append(b, buf[:n]...)
	}
	_ = unix.IoctlSetTermios(r.ttyFd, ioctlSetTermios, cooked)
	return b
}

// literal appends line, what a cooked terminal gave of a line ended by a
// line end, without it, to b so that the pty, cooked too, takes it as it is: a character it
// would act on (^C, an erase, ^S, a line end), typed literally (^V), is
// preceded by the pty's literal-next character. A pty not cooked has none
// (Linux).
func literal(b, line []byte, tio *unix.Termios) []byte {
	if tio == nil || tio.Lflag&unix.ICANON == 0 || tio.Lflag&unix.IEXTEN == 0 || tio.Cc[unix.VLNEXT] == vdisable {
		return append(b, line...)
	}
	var special [256]bool
	for _, i := range []int{unix.VINTR, unix.VQUIT, unix.VSUSP, unix.VERASE, unix.VKILL, unix.VEOF, unix.VEOL,
		unix.VEOL2, unix.VWERASE, unix.VREPRINT, unix.VLNEXT, unix.VSTART, unix.VSTOP} {
		special[tio.Cc[i]] = true
	}
	for _, i := range moreSpecial {
		special[tio.Cc[i]] = true
	}
	special[vdisable] = false
	special['\n'], special['\r'] = true, true
	for _, c := range line {
		if special[c] {
			b = append(b, tio.Cc[unix.VLNEXT])
		}
		b = append(b, c)
	}
	return b
}

// lineEnd tells the characters that end a line the terminal gives cooked.
func lineEnd(c byte, tio *unix.Termios) bool {
	return c == '\n' || c != vdisable && (c == tio.Cc[unix.VEOL] || c == tio.Cc[unix.VEOL2])
}

// writeMasterNow writes what the pty takes of b without waiting, and says
// how much that was; all of it when the pty is closed (nothing is left to
// write).
func (r *relay) writeMasterNow(b []byte) int {
	rc, err := r.master.SyscallConn()
	if err != nil {
		return len(b)
	}
	done := 0
	for done < len(b) {
		var n int
		var werr error
		if err := rc.Control(func(fd uintptr) { n, werr = unix.Write(int(fd), b[done:]) }); err != nil {
			return len(b)
		}
		switch {
		case werr == unix.EINTR:
		case werr == unix.EAGAIN:
			return done
		case werr != nil || n <= 0:
			return len(b)
		default:
			done += n
		}
	}
	return done
}

// releaseTerminal stops reading keystrokes and gives the terminal its modes
// back.
func (r *relay) releaseTerminal() {
	if r.in != nil {
		r.in.pause()
	}
	r.ttyOwned.Store(false)
	if r.saved != nil && signals.Foreground(r.ttyFd) {
		_ = term.Restore(r.ttyFd, r.saved)
	}
	r.saved = nil
}

// syncSize gives the pty the real terminal's window size and reports
// whether it changed (the kernel then sends SIGWINCH to the pty's
// foreground group).
func (r *relay) syncSize() bool {
	if r.sizeFd < 0 {
		return false
	}
	ws, err := unix.IoctlGetWinsize(r.sizeFd, unix.TIOCGWINSZ)
	if err != nil {
		return false
	}
	sfd := int(r.slave.Fd())
	if cur, err := unix.IoctlGetWinsize(sfd, unix.TIOCGWINSZ); err == nil && *cur == *ws {
		return false
	}
	return unix.IoctlSetWinsize(sfd, unix.TIOCSWINSZ, ws) == nil
}

// copyOutput copies the pty to w until the master's read deadline is set
// once the child is gone (draining), then takes what is still buffered
// without waiting; a deadline set before that is flushOutput's. When a write fails
// (withsecrets' output was closed: | head) it tells the relay loop, which
// ends the command's output (hangUp), and goes on reading meanwhile, so
// the command never blocks on a full pty.
func (r *relay) copyOutput(w io.Writer) {
	defer func() {
		r.copyEnded.Store(true)
		select {
		case r.flushed <- struct{}{}:
		default:
		}
	}()
	buf := make([]byte, relayBuf)
	failed := false
	write := func(b []byte) {
		if !failed && len(b) > 0 {
			r.writing.Store(true)
			_, err := w.Write(b)
			r.writing.Store(false)
			if err != nil {
				pipe := errors.Is(err, syscall.EPIPE)
				r.lost = cmp.Or(r.lost, outputLost("standard output", err))
				switch {
				case transient(err):
					// A full disk: the command goes on, this output
					// lost (run directly, its write would fail), later
					// output tried.
				case pipe || errors.Is(err, syscall.EIO):
					// A closed pipe, a terminal gone: the pty hangs up,
					// as the command would meet them writing there.
					failed = true
					r.outFailed <- pipe
				default:
					// Others (a file size limit, whose SIGXFSZ is
					// passed on): the command goes on, its output lost.
					failed = true
				}
			}
		}
	}
	for {
		n, err := r.master.Read(buf)
		r.read.Add(int64(n))
		outputStep("write")
		write(buf[:n])
		r.written.Add(int64(n))
		if err == nil {
			continue
		}
		if errors.Is(err, syscall.EAGAIN) {
			// The poller refused the master (a system whose kqueue does
			// not take ptys): wait for it by hand.
			if r.draining.Load() {
				break
			}
			r.pollMaster(100 * time.Millisecond)
			continue
		}
		if !errors.Is(err, os.ErrDeadlineExceeded) {
			return // EIO: every terminal side is closed, all is read
		}
		if r.draining.Load() {
			break
		}
		// flushOutput asks, with a deadline of now: pass on what the pty
		// holds, say so, and read on.
		for {
			asked := r.flushAsked.Load()
			if !r.takeRest(buf, write) {
				return
			}
			_ = r.master.SetReadDeadline(time.Time{})
			r.flushDone.Store(asked)
			select {
			case r.flushed <- struct{}{}:
			default:
			}
			if r.flushAsked.Load() == asked {
				break
			}
			// Asked again meanwhile, and its deadline maybe undone.
		}
		if r.draining.Load() {
			// runPTY's deadline, set once the child is gone, may have
			// been undone just now.
			break
		}
	}
	r.takeRest(buf, write)
}

// takeRest passes on what the pty holds now, without waiting for more, and
// reports whether it is still open.
func (r *relay) takeRest(buf []byte, write func([]byte)) bool {
	rc, err := r.master.SyscallConn()
	if err != nil {
		return false
	}
	for {
		var n int
		var rerr error
		if err := rc.Control(func(fd uintptr) { n, rerr = unix.Read(int(fd), buf) }); err != nil {
			return false
		}
		if rerr == unix.EINTR {
			continue
		}
		if rerr == unix.EAGAIN {
			return true // nothing left
		}
		if n <= 0 || rerr != nil {
			return false // EIO: every terminal side is closed
		}
		write(buf[:n])
	}
}

// outputGate holds the command's output back while withsecrets is a
// background job on a terminal set to stop background output (stty
// tostop), and asks for the job to be stopped instead, as the terminal
// stops the command run directly. Writing anyway would make the kernel
// send SIGTTOU at each retry of the write, thousands while the job stops,
// and those still queued when fg resumes it would stop it again.
type outputGate struct {
	w  io.Writer
	fd int
	r  *relay
}

func (g *outputGate) Write(b []byte) (int, error) {
	held := false
	for !g.r.ttyOwned.Load() {
		if signals.Foreground(g.fd) {
			if !held || g.r.ttyFd < 0 || g.r.draining.Load() {
				break
			}
			// Held back, and in front now (fg): the output waits until
			// the relay has the terminal raw, as it has before the
			// command itself runs again. Seeing the front first (fg sets
			// it before its SIGCONT), it would go to the terminal still
			// in the shell's modes, each \r\n of the pty made \r\r\n.
			held = false
			g.r.awaitFront()
			continue
		}
		if !tostop(g.fd) {
			break
		}
		held = true
		if g.r.draining.Load() {
			// The command is gone (it wrote and exited): only withsecrets'
			// job is left for the terminal to stop, as it would stop the
			// command run directly, until fg.
			resumed, ok := signals.StopJob(syscall.SIGTTOU, g.r.ttyFd)
			if !ok {
				break // orphaned: nothing would resume it
			}
			select {
			case <-g.r.sig.Cont:
			case <-time.After(200 * time.Millisecond):
			}
			resumed()
			continue
		}
		select {
		case g.r.ttouAsk <- struct{}{}:
		default:
		}
		// Look again once the job runs again, or now and then: fg of a
		// job that was not stopped sends no SIGCONT, and a command that
		// ignores SIGTTOU does not stop (its output then waits for fg).
		select {
		case <-g.r.resumed:
		case <-time.After(200 * time.Millisecond):
		}
	}
	return g.w.Write(b)
}

// awaitFront asks the relay loop to take the terminal, now in front, and
// waits until it has, or tried: only once the command runs again, when it
// is stopped (the loop has not yet seen fg's SIGCONT).
func (r *relay) awaitFront() {
	select {
	case r.frontAsk <- struct{}{}:
	case <-r.loopDone:
		return
	}
	select {
	case <-r.frontDone:
	case <-r.loopDone:
	}
}

func tostop(fd int) bool {
	tio, err := unix.IoctlGetTermios(fd, ioctlGetTermios)
	return err == nil && tio.Lflag&unix.TOSTOP != 0
}

// flushOutput waits, briefly, until what the command wrote before it
// stopped has been passed on: the shell's "Stopped" line and prompt must
// come after a program's last words ("suspending"), as they would run
// directly.
func (r *relay) flushOutput() {
	// Counting what copyOutput has read and written cannot tell when it
	// is done: between its read's return and its count, the pty looks
	// empty and the counts even, with the command's last words in its
	// buffer (a busy machine stopped the job before they were shown).
	// Instead its read is cut short by a deadline, and it answers once it
	// has passed on all the pty holds.
	asked := r.flushAsked.Add(1)
	if r.master.SetReadDeadline(time.Now()) == nil {
		// Bounded only while copyOutput is inside a write: output nobody
		// reads (a terminal stopped with ^S, | less at its prompt) must not
		// keep the job from stopping. Otherwise it has nothing to wait
		// for but a processor, and a busy machine (a virtual one whose
		// processor the host took away) may give it none for a while: given
		// up on then, its last words went to the terminal after the
		// shell's prompt, or to it cooked, each \r\n made \r\r\n.
		timeout := time.NewTimer(flushPatience)
		defer timeout.Stop()
		for r.flushDone.Load() < asked && !r.copyEnded.Load() {
			select {
			case <-r.flushed:
			case <-timeout.C:
				if r.writing.Load() {
					return
				}
				timeout.Reset(flushPatience)
			}
		}
		return
	}
	// No deadlines on this master (a kqueue that takes no ptys): watch
	// the pty and the counts.
	rc, err := r.master.SyscallConn()
	if err != nil {
		return
	}
	for deadline := time.Now().Add(250 * time.Millisecond); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		readable := false
		_ = rc.Control(func(fd uintptr) {
			fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
			n, _ := unix.Poll(fds, 0)
			readable = n > 0 && fds[0].Revents&unix.POLLIN != 0
		})
		if !readable && r.read.Load() == r.written.Load() {
			return
		}
	}
}

// flushPatience is how long flushOutput waits for a write of copyOutput's
// before taking the output for blocked.
const flushPatience = 250 * time.Millisecond

// outputStep names the point of copyOutput where a test makes it wait.
var outputStep = func(at string) {}

// pollMaster waits at most d for the master to be readable.
func (r *relay) pollMaster(d time.Duration) {
	rc, err := r.master.SyscallConn()
	if err != nil {
		time.Sleep(d)
		return
	}
	_ = rc.Control(func(fd uintptr) {
		_, _ = unix.Poll([]unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}, int(d/time.Millisecond))
	})
}

func (r *relay) close() {
	if r.in != nil {
		r.in.stop() // the command may not have started
		r.in.close()
	}
	for _, f := range []*os.File{r.ctl, r.slave, r.master} {
		if f != nil {
			f.Close()
		}
	}
}

// sameFD reports whether two descriptors are the same file (the same
// terminal, or one pipe for both as foreman gives), counting separate opens
// of withsecrets' own terminal as one (cmd </dev/tty): TIOCGPGRP works only
// on one's controlling terminal.
func sameFD(a, b int) bool {
	var sa, sb unix.Stat_t
	if unix.Fstat(a, &sa) != nil || unix.Fstat(b, &sb) != nil {
		return false
	}
	if sa.Dev == sb.Dev && sa.Ino == sb.Ino {
		return true
	}
	_, errA := unix.IoctlGetInt(a, unix.TIOCGPGRP)
	_, errB := unix.IoctlGetInt(b, unix.TIOCGPGRP)
	return errA == nil && errB == nil
}

// input copies keystrokes from the terminal to the pty, and can be paused:
// a stopped or background withsecrets must not read the terminal (the
// shell's keystrokes would be stolen), and no read may be left waiting once
// the command has ended.
type input struct {
	tty    *os.File // the terminal opened anew, non-blocking: reads can be cut short
	dst    *os.File
	hungUp func()       // called when the terminal hangs up
	typed  func([]byte) // sees each read of keystrokes before it is passed on
	mu     sync.Mutex
	cond   *sync.Cond
	on     bool
	quit   bool
	held   []byte // typed ahead, or cut short by a pause: written before what is read now
	busy   bool   // run has taken held, or reads or writes: it has bytes of its own
}

func newInput(dst *os.File, hungUp func()) *input {
	in := &input{tty: openTerminal(), dst: dst, hungUp: hungUp}
	in.cond = sync.NewCond(&in.mu)
	return in
}

// openTerminal opens stdin's terminal again, as a new open file: making it
// non-blocking then does not touch the shell's descriptor. Falls back to
// stdin as it is (blocking, so a read cannot be cut short). The names tried
// are the platform's (terminalNames).
func openTerminal() *os.File {
	var st0 unix.Stat_t
	if unix.Fstat(0, &st0) == nil {
		for _, name := range terminalNames(uint64(st0.Rdev)) {
			f, err := os.OpenFile(name, os.O_RDONLY|syscall.O_NOCTTY, 0)
			if err != nil {
				continue
			}
			var st unix.Stat_t
			rc, err := f.SyscallConn()
			if err == nil {
				_ = rc.Control(func(fd uintptr) { err = unix.Fstat(int(fd), &st) })
			}
			if err == nil && st.Rdev == st0.Rdev && f.SetReadDeadline(time.Time{}) == nil {
				return f
			}
			f.Close()
		}
	}
	return os.Stdin
}

func (in *input) run() {
	buf := make([]byte, relayBuf)
	defer func() {
		in.mu.Lock()
		in.busy = false
		in.cond.Broadcast()
		in.mu.Unlock()
	}()
	for {
		in.mu.Lock()
		if in.busy {
			in.busy = false
			in.cond.Broadcast()
		}
		for !in.on && !in.quit {
			in.cond.Wait()
		}
		quit, held := in.quit, in.held
		in.held = nil
		in.busy = !quit
		in.mu.Unlock()
		if quit {
			return
		}
		if len(held) > 0 {
			if !in.write(held) {
				return
			}
			continue
		}
		inputStep("read")
		n, err := in.tty.Read(buf)
		if n > 0 {
			if in.typed != nil {
				in.typed(buf[:n])
			}
			inputStep("write")
			if !in.write(buf[:n]) {
				return
			}
		}
		if err != nil && !errors.Is(err, os.ErrDeadlineExceeded) {
			// The terminal hung up (its window closed). Run directly, the
			// command would read the end of its input now: the pty hangs
			// up too.
			in.hungUp()
			return
		}
	}
}

// inputStep names the points of run where a test makes it wait.
var inputStep = func(at string) {}

// write passes keystrokes on, and reports whether the pty still takes
// them. A write cut short by a pause keeps the rest, to be written first
// once resumed: typed-ahead bytes passed meanwhile come after it.
func (in *input) write(b []byte) bool {
	n, err := in.dst.Write(b)
	if errors.Is(err, os.ErrDeadlineExceeded) {
		in.mu.Lock()
		in.held = append(append([]byte(nil), b[n:]...), in.held...)
		in.mu.Unlock()
		return true
	}
	return err == nil
}

// quiet waits until run, paused, holds no keystrokes of its own (its read
// and its write are cut short by pause), and takes what it has not
// written: passTypedAhead reads the terminal then, and what it reads is
// newer than that. Without the wait, bytes read just before a pause
// could be written after typed-ahead ones passed straight to the pty,
// and keystrokes read once resumed, before typed-ahead ones held.
func (in *input) quiet() []byte {
	in.mu.Lock()
	defer in.mu.Unlock()
	for in.busy {
		inputStep("quiet")
		in.cond.Wait()
	}
	held := in.held
	in.held = nil
	return held
}

// hold has b written before the next keystrokes.
func (in *input) hold(b []byte) {
	if len(b) == 0 {
		return
	}
	in.mu.Lock()
	in.held = append(in.held, b...)
	in.mu.Unlock()
}

func (in *input) pause() {
	in.mu.Lock()
	in.on = false
	in.mu.Unlock()
	_ = in.tty.SetReadDeadline(time.Unix(1, 0))
	_ = in.dst.SetWriteDeadline(time.Unix(1, 0))
}

func (in *input) resume() {
	_ = in.tty.SetReadDeadline(time.Time{})
	_ = in.dst.SetWriteDeadline(time.Time{})
	in.mu.Lock()
	in.on = true
	in.cond.Broadcast()
	in.mu.Unlock()
}

func (in *input) stop() {
	in.mu.Lock()
	in.quit = true
	in.cond.Broadcast()
	in.mu.Unlock()
	in.pause()
}

func (in *input) close() {
	if in.tty != os.Stdin {
		in.tty.Close()
	}
}
