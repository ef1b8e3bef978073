//go:build unix

package launch

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"slices"
	"sync"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"github.com/withsecrets/withsecrets/signals"
)

// runPipes runs the command with its stdout and stderr each through a pipe
// of its own and a masking stream of its own, so they stay separate streams
// (2>err.log keeps working); stdin is inherited untouched. When stderr is
// the same file as stdout (2>&1, a terminal, the one pipe a Procfile runner
// gives), both go through one pipe: through two, the order between them
// would be lost.
//
// Signals: every catchable signal sent to withsecrets is passed to the child
// once, with care for the cases where the child already got it:
//
//   - withsecrets has a controlling terminal: the child stays in
//     withsecrets' process group, so that it can read the terminal when the
//     job is in the foreground (also after a later fg) and so that ^Z, fg
//     and bg act on the whole job as on a pipeline. TSTP, TTIN and TTOU
//     reach the child from the terminal or the kernel, and are not passed
//     on; withsecrets catches them and stops, with the same signal, only
//     once the child has stopped: a shell takes the terminal back as soon
//     as withsecrets stops, and a child still on its way to the stop would
//     read what was then typed at the prompt (a shell running the command
//     directly waits for the command itself). While the job is in the
//     foreground, the terminal sends ^C, ^\ and a resize to the whole
//     group, child included, so INT, QUIT and WINCH are then not passed on
//     again (a second ^C makes many programs abandon their clean-up). The
//     cost: a kill -INT aimed at withsecrets' pid alone, while it is in
//     the foreground, does not reach the child; a shell's kill %1 on a
//     background job reaches it twice.
//     Not HUP: the terminal sends it only when it hangs up or its
//     controlling process (the shell) ends, and withsecrets is then not
//     seen in its foreground any more (EIO, or no longer its controlling
//     terminal). A SIGHUP met in the foreground of a live terminal was
//     sent with kill, to withsecrets (a server told to reload, from a
//     script that started it with &), and is passed on; dropped, the
//     command never got it.
//   - no controlling terminal (a service, a container, CI): the child gets
//     a process group of its own, so a signal sent to withsecrets' group (a
//     supervisor's killpg) reaches it once, through withsecrets.
//
// SIGPIPE is not passed on: withsecrets gets it when its own output is
// closed, and then closes the child's pipe instead, so the child gets
// SIGPIPE when it next writes, exactly as if it wrote there itself.
func runPipes(path string, s Spec) (Result, error) {
	tty := controllingTerminal()
	job := tty != nil // the child stays in withsecrets' job
	if job {
		defer tty.Close()
	}
	late := signals.IgnoredAtStart()
	sigs := make(chan os.Signal, 32)
	signal.Notify(sigs, forwardedSignals(job)...)
	defer signal.Stop(sigs)
	// Caught rather than ignored: an ignored disposition would be inherited
	// by the child, a caught one is reset to the default at exec.
	signal.Notify(make(chan os.Signal, 1), syscall.SIGPIPE)

	outR, outW, err := os.Pipe()
	if err != nil {
		return Result{}, err
	}
	growPipe(outR)
	streams := []stream{{outR, os.Stdout, "standard output", late}}
	errW := outW
	if !sameFD(1, 2) {
		var errR *os.File
		errR, errW, err = os.Pipe()
		if err != nil {
			outR.Close()
			outW.Close()
			return Result{}, err
		}
		growPipe(errR)
		streams = append(streams, stream{errR, os.Stderr, "standard error", late})
	}
	attr := &syscall.SysProcAttr{Setpgid: !job}
	dieWithParent(attr)
	cmd := &exec.Cmd{
		Path:        path,
		Args:        s.Argv,
		Env:         s.Env,
		Stdin:       os.Stdin,
		Stdout:      outW,
		Stderr:      errW,
		SysProcAttr: attr,
	}
	err = cmd.Start()
	if sh, argv, ok := shellFallback(path, s.Argv, err); ok {
		cmd = &exec.Cmd{Path: sh, Args: argv, Env: cmd.Env, Stdin: cmd.Stdin, Stdout: cmd.Stdout, Stderr: cmd.Stderr, SysProcAttr: cmd.SysProcAttr}
		err = cmd.Start()
	}
	outW.Close()
	errW.Close() // the same file as outW when merged: a second Close is a no-op
	if err != nil {
		for _, st := range streams {
			st.r.Close()
		}
		return Result{}, startError(s.Argv[0], err)
	}
	signals.CatchLate(sigs, late) // the command inherited them ignored
	defer reapOrphans(cmd.Process.Pid)()

	exited := make(chan struct{})
	// Each stream's loss in its own place, so that when both fail the one
	// reported is stdout's, whichever pump ends first.
	lost := make([]error, len(streams))
	var pumps sync.WaitGroup
	ms := compileMasks(s.Mask)
	for i, st := range streams {
		pumps.Go(func() { lost[i] = outputLost(st.name, pump(st, ms.output(st.w), exited)) })
	}

	// The child is waited for here rather than by os/exec, to see it stop
	// too. Signals are sent under mu, never once it is reaped (reap).
	pid := cmd.Process.Pid
	var mu sync.Mutex
	reaped := false
	var ended unix.WaitStatus
	var waitErr error
	changes := make(chan unix.WaitStatus, 8) // stops and resumptions
	waited := make(chan struct{})
	go func() {
		defer close(waited)
		for {
			ws, err := reap(pid, &mu, &reaped, func(unix.WaitStatus) {})
			if err != nil || waitEnded(ws) {
				ended, waitErr = ws, err
				return
			}
			changes <- ws
		}
	}()
	for running := true; running; {
		select {
		case sig := <-sigs:
			if job && jobStop(sig) {
				continue // the child got it too; see followStop
			}
			if job && groupSignal(sig) && inForeground(tty) {
				continue // the terminal gave it to the child already
			}
			if job && sig == syscall.SIGHUP && terminalGone(int(tty.Fd())) {
				// The terminal hung up: the kernel (to the foreground
				// group) or the shell (killpg of a background job) sent
				// the hangup to the whole job, the child included.
				continue
			}
			mu.Lock()
			if !reaped {
				_ = unix.Kill(pid, sig.(syscall.Signal))
			}
			mu.Unlock()
		case ws := <-changes:
			if stop, _ := waitChange(ws); job && stop > 0 {
				followStop(stop, changes)
			}
		case <-waited:
			running = false
		}
	}
	if job {
		done := make(chan struct{})
		defer close(done)
		go stopAlone(tty, sigs, done)
	}
	cmd.Process.Release()
	if waitErr != nil {
		return Result{}, fmt.Errorf("waiting for the command: %w", waitErr)
	}
	close(exited)
	// Wake a pump blocked in a read with no deadline yet.
	for _, st := range streams {
		st.r.SetReadDeadline(time.Now().Add(drainIdle))
	}
	var res Result
	pumps.Wait()
	res.Lost = cmp.Or(lost...)

	if ended.Signaled() {
		res.Signal = ended.Signal()
	} else {
		res.Code = ended.ExitStatus()
	}
	return res, nil
}

// followStop stops withsecrets as the child, which shares its job, stopped
// with sig, unless changes already tells that the child was resumed since.
// It returns once withsecrets runs again.
func followStop(sig syscall.Signal, changes <-chan unix.WaitStatus) {
	for {
		select {
		case ws := <-changes:
			switch stop, cont := waitChange(ws); {
			case stop > 0:
				sig = stop
			case cont:
				sig = 0
			}
			continue
		default:
		}
		break
	}
	if sig != 0 {
		signals.StopSelf(sig)
	}
}

// stopAlone, once the child is gone, stops withsecrets for a stop meant
// for the job: a ^Z, or the SIGTTOU of its own write of what the child
// left (held back by masking, still in the pipe) to a terminal that stops
// background output (stty tostop). Caught, that SIGTTOU only makes the
// kernel refuse the write, and retry it, until the job is in front: the
// job ran on in the background, where the command run directly stops.
// (signal.Reset would not do: the Go runtime keeps its handler, which
// ignores the stop.) The retries queue more of them: one that comes once
// withsecrets is in front (fg) is such a late one. A retry, not withsecrets,
// must raise the stop (signals.StopWhile).
func stopAlone(tty *os.File, sigs <-chan os.Signal, done <-chan struct{}) {
	for {
		select {
		case sig := <-sigs:
			s, ok := sig.(syscall.Signal)
			switch {
			case !ok || !jobStop(s):
			case s == syscall.SIGTSTP:
				signals.StopSelf(s)
			case !inForeground(tty):
				signals.StopWhile(s, func() bool { return !inForeground(tty) })
			}
		case <-done:
			return
		}
	}
}

// jobStop tells the signals that stop a job: withsecrets, sharing its
// child's job, catches them so as to stop only after the child (see
// runPipes).
func jobStop(sig os.Signal) bool {
	switch sig {
	case unix.SIGTSTP, unix.SIGTTIN, unix.SIGTTOU:
		return true
	}
	return false
}

// pipeHeld is how many bytes the pipe f holds unread, or -1 if unknown.
func pipeHeld(f *os.File) int {
	n := -1
	if rc, err := f.SyscallConn(); unreadRequest != 0 && err == nil {
		rc.Control(func(fd uintptr) {
			if v, err := unix.IoctlGetInt(int(fd), unreadRequest); err == nil && v >= 0 {
				n = v
			}
		})
	}
	return n
}

// closedPipe tells a write to a pipe whose reader has gone (| head): the
// command gets SIGPIPE, as writing there itself.
func closedPipe(err error) bool { return errors.Is(err, syscall.EPIPE) }

// stream is one of the child's output pipes and where its output goes.
type stream struct {
	r    *os.File
	w    io.Writer
	name string
	// ignored lists the signals withsecrets was started with ignored
	// (nohup), which a relay taking r over keeps ignoring.
	ignored []os.Signal
}

// pump copies r to out until r ends, then closes out (writing what masking
// held back) and r. Once exited is closed it stops when r is empty: when a
// read finds nothing for drainIdle, or finds nothing at once after reads
// have waited drainMax in all since the exit. Only waiting for the pipe
// counts: time spent writing to a slow reader does not, so what the child
// wrote is never cut short. If r is still open then (a grandchild, such as
// a server started with &, holds it), a relay goes on with it (see
// handOver), so that withsecrets ends with the command while the
// grandchild's output still arrives, masked, and its writes do not fail.
// If out is a closed pipe, it stops reading, and closing r gives the child
// EPIPE or SIGPIPE on its next write, as writing there itself. If out fails
// otherwise (a full disk), the child goes on, as it would run directly (its
// writes would fail there, here they are lost), later output is still tried
// (room may come back), and the first write error is returned at the end.
func pump(st stream, out io.WriteCloser, exited <-chan struct{}) (werr error) {
	r := st.r
	open := false
	defer func() {
		if open && handOver(st, out) == nil {
			return
		}
		if err := out.Close(); werr == nil {
			werr = err
		}
		r.Close()
	}()
	buf := make([]byte, 128<<10)
	draining := false
	var waited time.Duration // reading, since the child exited
	// Once draining: what the pipe held then, which is all that is left of
	// the child's own output (-1: unknown). Reading more than that proves
	// that a writer left behind is still writing: the child's output has
	// all been read, and the relay goes on with the rest at once. A writer
	// that keeps the pipe from ever being empty for drainIdle (a chatty
	// server, a reader slower than it) would otherwise keep withsecrets
	// from ever ending.
	left := -1
	drain := func() {
		if !draining {
			draining, left = true, pipeHeld(r)
		}
	}
	for {
		if !draining {
			select {
			case <-exited:
				drain()
			default:
			}
		}
		var n int
		var err error
		switch {
		case draining && waited >= drainMax:
			n, err = readNow(r, buf)
		case draining:
			r.SetReadDeadline(time.Now().Add(min(drainIdle, drainMax-waited)))
			fallthrough
		default:
			start := time.Now()
			n, err = r.Read(buf)
			if draining {
				waited += time.Since(start)
			}
			if errors.Is(err, os.ErrDeadlineExceeded) {
				// Deadlines are set only once the child has exited (see
				// runPipes), and one may have passed while this goroutine
				// waited for a processor rather than for the pipe: take
				// what the pipe holds now, without waiting.
				drain()
				n, err = readNow(r, buf)
			}
		}
		if n > 0 && draining && left >= 0 {
			if left -= n; left < 0 && err == nil {
				// Written since the exit: hand over with it, as if it
				// had come after the quiet.
				err = os.ErrDeadlineExceeded
			}
		}
		if n > 0 {
			if _, err := out.Write(buf[:n]); errors.Is(err, syscall.EPIPE) {
				return err
			} else if err != nil && werr == nil {
				werr = err // reported at the end; later output is still tried
			}
		}
		if err != nil {
			open = errors.Is(err, os.ErrDeadlineExceeded)
			return werr
		}
	}
}

// readNow reads what r holds without waiting: io.EOF when the pipe is
// closed, os.ErrDeadlineExceeded when it is empty but still open.
func readNow(r *os.File, buf []byte) (int, error) {
	rc, err := r.SyscallConn()
	if err != nil {
		return 0, err
	}
	r.SetReadDeadline(time.Time{})
	var n int
	var rerr error
	if err := rc.Read(func(fd uintptr) bool {
		n, rerr = unix.Read(int(fd), buf)
		return true
	}); err != nil {
		return 0, err
	}
	switch {
	case n > 0:
		return n, nil
	case n == 0 && rerr == nil:
		return 0, io.EOF
	case errors.Is(rerr, unix.EAGAIN):
		return 0, os.ErrDeadlineExceeded
	case rerr == nil: // n < 0 cannot come without an error
		return 0, io.ErrUnexpectedEOF
	}
	return 0, rerr
}

// forwardedSignals lists the signals caught to be passed to the child:
// those signals.Catchable gives (which leaves out the ones withsecrets was
// started with ignored, so that the child inherits them ignored, as under
// nohup), and SIGCONT, less SIGPIPE (see runPipes). When the child shares
// withsecrets' job, a SIGCONT for the job (fg, bg, the kernel's with a
// hangup) reaches the child with it, and is not caught; the stops are
// caught but not passed on (see runPipes).
func forwardedSignals(job bool) []os.Signal {
	var list []os.Signal
	if !job {
		list = append(list, syscall.SIGCONT)
	}
	for _, sig := range signals.Catchable() {
		if sig != unix.SIGPIPE {
			list = append(list, sig)
		}
	}
	return list
}

// groupSignal tells the signals a terminal sends to its whole foreground
// process group while it is there (see runPipes for SIGHUP), with the
// platform's own (moreGroupSignals).
func groupSignal(sig os.Signal) bool {
	switch sig {
	case unix.SIGINT, unix.SIGQUIT, unix.SIGWINCH:
		return true
	}
	return slices.Contains(moreGroupSignals, sig)
}

// controllingTerminal opens withsecrets' controlling terminal, or returns
// nil when it has none.
func controllingTerminal() *os.File {
	tty, err := os.OpenFile("/dev/tty", os.O_RDONLY|unix.O_NOCTTY, 0)
	if err != nil {
		return nil
	}
	return tty
}

// inForeground tells whether withsecrets' process group is the foreground
// group of tty, the one the terminal sends ^C to.
func inForeground(tty *os.File) bool {
	if tty == nil {
		return false
	}
	pgrp, err := unix.IoctlGetInt(int(tty.Fd()), unix.TIOCGPGRP)
	return err == nil && pgrp == unix.Getpgrp()
}
