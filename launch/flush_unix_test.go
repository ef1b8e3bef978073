//go:build unix

package launch

import (
	"bytes"
	"io"
	"sync"
	"testing"
	"time"
)

// lockedBuffer is what withsecrets' output received.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// blockedWriter is output nobody reads: its writes wait until released.
type blockedWriter struct{ release chan struct{} }

func (w blockedWriter) Write(p []byte) (int, error) {
	<-w.release
	return len(p), nil
}

// startCopy opens a pty as runPTY does and copies its output to w.
func startCopy(t *testing.T, w io.Writer) (r *relay, done <-chan struct{}) {
	t.Helper()
	r = &relay{ttyFd: -1, sizeFd: -1, flushed: make(chan struct{}, 1), outFailed: make(chan bool, 1)}
	if err := r.openPTY(false); err != nil {
		t.Skip(err)
	}
	if r.master.SetReadDeadline(time.Time{}) != nil {
		t.Skip("no deadlines on a pty master here")
	}
	copied := make(chan struct{})
	go func() {
		r.copyOutput(w)
		close(copied)
	}()
	t.Cleanup(func() {
		r.draining.Store(true)
		_ = r.master.SetReadDeadline(time.Now())
		<-copied
		r.close()
	})
	return r, copied
}

// TestFlushOutputWaitsForCopy: flushOutput, called when the command has
// stopped, returns only once what the command wrote before it stopped has
// been passed on, even when copyOutput gets no processor for a while
// between reading it and writing it (a busy machine, a virtual one whose
// processor the host took away). It gave up after 250 ms: the shell then
// showed its "Stopped" line first, and the command's last words came after
// it, to the terminal given back cooked (suspending\r\r\n).
func TestFlushOutputWaitsForCopy(t *testing.T) {
	var out lockedBuffer
	read, goOn := make(chan struct{}, 1), make(chan struct{})
	outputStep = func(at string) {
		if at == "write" {
			select {
			case read <- struct{}{}:
				<-goOn
			default:
			}
		}
	}
	var release sync.Once
	letGo := func() { release.Do(func() { close(goOn) }) }
	// Once the copy has ended (startCopy's cleanup, run before this one).
	t.Cleanup(func() { outputStep = func(string) {} })
	r, _ := startCopy(t, &out)
	// On every way out, before startCopy's cleanup waits for the copy.
	defer letGo()
	if _, err := r.slave.Write([]byte("suspending\n")); err != nil {
		t.Fatal(err)
	}
	<-read // read, not yet written
	flushed := make(chan struct{})
	go func() {
		r.flushOutput()
		close(flushed)
	}()
	select {
	case <-flushed:
		t.Fatalf("flushOutput returned before the output read was written; written %q", out.String())
	case <-time.After(3 * flushPatience):
	}
	letGo()
	select {
	case <-flushed:
	case <-time.After(30 * time.Second):
		t.Fatal("flushOutput did not return once the output was written")
	}
	if got := out.String(); got != "suspending\n" {
		t.Errorf("written before flushOutput returned: %q", got)
	}
}

// TestFlushOutputBlocked: output nobody reads (a terminal stopped with ^S)
// must not keep the job from stopping: flushOutput gives up on a write
// that does not return. Nor does it wait once the copy has ended (the pty
// hung up).
func TestFlushOutputBlocked(t *testing.T) {
	t.Run("write blocked", func(t *testing.T) {
		w := blockedWriter{release: make(chan struct{})}
		defer close(w.release)
		r, _ := startCopy(t, w)
		if _, err := r.slave.Write([]byte("never read\n")); err != nil {
			t.Fatal(err)
		}
		for !r.writing.Load() {
			time.Sleep(time.Millisecond)
		}
		start := time.Now()
		r.flushOutput()
		if d := time.Since(start); d > 20*time.Second {
			t.Errorf("flushOutput took %v with the output blocked", d)
		}
	})
	t.Run("copy ended", func(t *testing.T) {
		r, copied := startCopy(t, io.Discard)
		r.master.Close()
		<-copied
		done := make(chan struct{})
		go func() {
			r.flushOutput()
			close(done)
		}()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			t.Fatal("flushOutput waits for a copy that has ended")
		}
	})
}
