package launch

import (
	"io"
	"sync/atomic"
	"time"
)

// drainIdle and drainMax bound how long a child's pipe is read once the
// child has exited (see pump and drain): a grandchild that still holds the
// pipe (a server started in the background) must not keep withsecrets
// alive, but what the child wrote before exiting is already in the pipe and
// is always read.
const (
	drainIdle = 100 * time.Millisecond
	drainMax  = 2 * time.Second
)

const (
	// drainChunk is the size of drain's reads.
	drainChunk = 64 << 10
	// drainAfter bounds what drain reads once the child has exited. The
	// child's own output is at most what the pipe held then (a Windows
	// pipe holds a few KiB); more is a grandchild's, which could keep
	// the pipe from ever being empty.
	drainAfter = 1 << 20
)

// drain copies r to out until r ends, for systems where a pipe read cannot
// be given a deadline (Windows): reads block in a goroutine of their own,
// which hands each chunk over, and only one read is ever under way, since
// Windows serialises operations on a pipe opened for synchronous I/O.
//
// Once exited is closed, drain stops when the pipe is empty: when a read
// has waited drainIdle for data, when reads have waited drainMax in all
// since the exit, or when drainAfter bytes have come since the exit. Only
// waiting counts: time spent writing to a slow reader (| more at its
// prompt) does not, so the child's output is never cut short because its
// reader was slow. A read left waiting when drain returns is abandoned with
// its goroutine.
//
// If writing fails with a closed pipe (closedPipe), drain stops at once and
// returns that error: the caller closes r, so that the child's next write
// fails as if it wrote there itself. Other write errors are returned at the
// end, the first one, and later output is still tried. out is not closed.
func drain(r io.Reader, out io.Writer, exited <-chan struct{}) (werr error) {
	type chunk struct {
		b   []byte
		err error
	}
	// Two buffers: one written out while the other is read into.
	free := make(chan []byte, 2)
	free <- make([]byte, drainChunk)
	free <- make([]byte, drainChunk)
	chunks := make(chan chunk, 2)
	var reading atomic.Bool // a read is under way: the pipe was empty at its start or it is returning
	go func() {
		for {
			buf := <-free
			reading.Store(true)
			n, err := r.Read(buf)
			reading.Store(false)
			chunks <- chunk{buf[:n], err}
			if err != nil {
				return
			}
		}
	}()
	draining := false
	var (
		waited time.Duration // waiting for chunks, since the exit
		since  int           // bytes since the exit
	)
	for {
		var idle *time.Timer
		var tick <-chan time.Time
		if draining {
			idle = time.NewTimer(min(drainIdle, drainMax-waited))
			tick = idle.C
		}
		start := time.Now()
		select {
		case <-exited:
			exited, draining = nil, true
		case <-tick:
			waited += time.Since(start)
			// A reader not inside a read is about to hand a chunk over
			// (a busy machine delayed it): wait for it.
			if waited < drainMax && !reading.Load() {
				continue
			}
			return werr
		case c := <-chunks:
			if draining {
				idle.Stop()
				waited += time.Since(start)
				since += len(c.b)
			}
			if len(c.b) > 0 {
				if _, err := out.Write(c.b); closedPipe(err) {
					return err
				} else if err != nil && werr == nil {
					werr = err
				}
			}
			if c.err != nil || since > drainAfter {
				return werr
			}
			free <- c.b[:cap(c.b)]
		}
	}
}
