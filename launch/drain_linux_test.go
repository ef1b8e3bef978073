package launch

import (
	"bytes"
	"errors"
	"os"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// drainOut records what drain writes; its first write can be made slow or
// fail, as a reader at a prompt or a full disk would.
type drainOut struct {
	mu        sync.Mutex
	buf       bytes.Buffer
	writes    int
	firstWait time.Duration
	firstErr  error
}

func (o *drainOut) Write(p []byte) (int, error) {
	o.mu.Lock()
	o.writes++
	first := o.writes == 1
	o.mu.Unlock()
	if first && o.firstWait > 0 {
		time.Sleep(o.firstWait) // the reader, not a synchronisation
	}
	if first && o.firstErr != nil {
		return 0, o.firstErr
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.buf.Write(p)
}

func (o *drainOut) bytes() []byte {
	o.mu.Lock()
	defer o.mu.Unlock()
	return bytes.Clone(o.buf.Bytes())
}

// TestDrain runs drain on a real pipe: the test writes the child's output,
// then closes exited as the child's exit; the write end stays open where a
// grandchild would hold it. The pipe is grown to hold all of the child's
// output, so that the exit comes before drain has read it, as when a child
// writes its last lines and exits.
func TestDrain(t *testing.T) {
	big := bytes.Repeat([]byte("0123456789abcdef"), 300<<10/16) // several chunks
	// A grandchild writing blocks as fast as they are read: drain never
	// waits long for one, so only drainAfter ends it.
	later := bytes.Repeat([]byte("later\n"), 32<<10/6)
	tests := []struct {
		name       string
		out        *drainOut
		closeW     bool          // the pipe ends: no grandchild
		chatty     bool          // a grandchild writes on and on after the exit
		within     time.Duration // drain returns this soon after the exit
		want       []byte        // what out must hold (a prefix of it, when chatty)
		wantErr    error
		wantWrites int  // at most this many writes, when > 0
		suffix     bool // out holds the end of want, not all of it
	}{
		{name: "pipe ends", out: &drainOut{}, closeW: true, within: 10 * time.Second, want: big},
		// The reader takes longer than drainMax over its first write: the
		// old Windows code (os/exec's WaitDelay) closed the pipe then.
		{name: "slow reader, pipe held", out: &drainOut{firstWait: drainMax + 500*time.Millisecond}, within: 30 * time.Second, want: big},
		// Empty and held: drain ends on the idle rule, long before drainMax.
		{name: "quiet grandchild", out: &drainOut{}, within: drainMax, want: big},
		{name: "chatty grandchild", out: &drainOut{}, chatty: true, within: 20 * time.Second, want: big},
		{name: "output closed", out: &drainOut{firstErr: syscall.EPIPE}, closeW: true, within: 10 * time.Second, wantErr: syscall.EPIPE, wantWrites: 1},
		// A full disk: the error is kept, later output still tried.
		{name: "write fails once", out: &drainOut{firstErr: syscall.ENOSPC}, closeW: true, within: 10 * time.Second, want: big, suffix: true, wantErr: syscall.ENOSPC},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, w, err := os.Pipe()
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			growPipe(r)
			if n, err := unix.FcntlInt(r.Fd(), unix.F_GETPIPE_SZ, 0); err != nil || n < len(big) {
				t.Skipf("the pipe holds %d bytes, less than the %d written (%v)", n, len(big), err)
			}
			exited := make(chan struct{})
			var exitAt time.Time // set before exited is closed
			stop := make(chan struct{})
			var grandchild sync.WaitGroup
			grandchild.Go(func() {
				defer w.Close()
				if _, err := w.Write(big); err != nil && tt.wantErr == nil {
					t.Errorf("child's write: %v", err)
				}
				if tt.closeW {
					w.Close()
				}
				exitAt = time.Now()
				close(exited)
				for tt.chatty {
					select {
					case <-stop:
						return
					default:
					}
					if _, err := w.Write(later); err != nil {
						return
					}
				}
				<-stop
			})
			done := make(chan error, 1)
			go func() { done <- drain(r, tt.out, exited) }()
			var got error
			select {
			case got = <-done:
			case <-time.After(tt.within + 30*time.Second):
				t.Fatalf("drain still running")
			}
			select {
			case <-exited:
				if d := time.Since(exitAt); d > tt.within {
					t.Errorf("drain returned %v after the exit, want within %v", d, tt.within)
				}
			default: // it ended before the exit (the output closed)
			}
			close(stop)
			r.Close() // a blocked or chatty writer's write ends
			grandchild.Wait()
			if !errors.Is(got, tt.wantErr) {
				t.Errorf("drain returned %v, want %v", got, tt.wantErr)
			}
			out := tt.out.bytes()
			if tt.suffix {
				if len(out) == 0 || !bytes.HasSuffix(tt.want, out) {
					t.Errorf("out holds %d bytes, not the end of what the child wrote", len(out))
				}
			} else if tt.want != nil && !bytes.HasPrefix(out, tt.want) {
				t.Errorf("out holds %d bytes, not beginning with the %d the child wrote", len(out), len(tt.want))
			}
			if !tt.chatty && !tt.suffix && tt.want != nil && len(out) != len(tt.want) {
				t.Errorf("out holds %d bytes, want %d", len(out), len(tt.want))
			}
			if tt.wantWrites > 0 && tt.out.writes > tt.wantWrites {
				t.Errorf("%d writes after the output closed, want at most %d", tt.out.writes, tt.wantWrites)
			}
		})
	}
}
