//go:build unix

package launch

import (
	"io"
	"os"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"
)

// TestTypedAheadOrder: keys reach the pty in the order they were typed
// when the terminal is taken again (^Z and fg: pause, passTypedAhead,
// resume) while the keystroke copy is at the worst point: about to read,
// or holding bytes it read and has not written. The copy is stopped there
// (inputStep) until passTypedAhead has run, or is waiting for it.
func TestTypedAheadOrder(t *testing.T) {
	tests := []struct {
		name   string
		at     string // where the keystroke copy stops
		full   bool   // the pty cannot take typed-ahead keys now: they are held
		before string // typed, and read by the copy before the pause
		ahead  string // typed while paused: passTypedAhead's
		after  string // typed once resumed
	}{
		{name: "read once resumed, before held keys", at: "read", full: true, ahead: "old\n", after: "new\n"},
		{name: "read before the pause, not yet written", at: "write", before: "one\n", ahead: "two\n"},
		{name: "read before the pause, held keys", at: "write", full: true, before: "one\n", ahead: "two\n", after: "three\n"},
		// Taken again, the terminal's complete lines and end of input
		// are passed as at the start: read raw, ^D would be "\0".
		{name: "an end of input typed ahead", ahead: "x\n\x04"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// The user's terminal: a pty the test types into, cooked
			// (passTypedAhead reads whole lines), without echo.
			typer, term, err := pty.Open()
			if err != nil {
				t.Skip(err)
			}
			defer typer.Close()
			defer term.Close()
			tio, err := unix.IoctlGetTermios(int(term.Fd()), ioctlGetTermios)
			if err != nil {
				t.Fatal(err)
			}
			tio.Lflag &^= unix.ECHO
			if err := unix.IoctlSetTermios(int(term.Fd()), ioctlSetTermios, tio); err != nil {
				t.Fatal(err)
			}
			tty, err := os.OpenFile(term.Name(), os.O_RDONLY|syscall.O_NOCTTY, 0)
			if err != nil {
				t.Fatal(err)
			}
			defer tty.Close()
			if tty.SetReadDeadline(time.Time{}) != nil {
				t.Skip("no deadlines on a terminal here")
			}
			// The command's pty: a pipe, read by the test.
			pr, pw, err := os.Pipe()
			if err != nil {
				t.Fatal(err)
			}
			defer pr.Close()
			defer pw.Close()
			in := &input{tty: tty, dst: pw, hungUp: func() {}}
			in.cond = sync.NewCond(&in.mu)
			r := &relay{master: pw, slave: term, in: in}
			filled := 0
			if tc.full {
				filled = r.writeMasterNow(make([]byte, 4<<20))
			}

			reached, release := make(chan struct{}), make(chan struct{})
			waiting := make(chan struct{})
			var once, waitOnce sync.Once
			inputStep = func(at string) {
				switch at {
				case tc.at:
					once.Do(func() {
						close(reached)
						<-release
					})
				case "quiet":
					waitOnce.Do(func() { close(waiting) })
				}
			}
			defer func() { inputStep = func(string) {} }()
			runDone := make(chan struct{})
			go func() {
				in.run()
				close(runDone)
			}()
			defer func() {
				in.stop()
				<-runDone
			}()
			in.resume()
			typeKeys := func(s string) {
				if _, err := typer.Write([]byte(s)); err != nil {
					t.Fatal(err)
				}
			}
			typeKeys(tc.before)
			if tc.at != "" {
				await(t, reached, "the keystroke copy to reach "+tc.at)
			} else {
				close(release)
			}
			in.pause() // withsecrets stops (^Z)
			typeKeys(tc.ahead)

			passed := make(chan struct{})
			go func() { // and is resumed (fg): takeTerminal
				r.passTypedAhead(false)
				in.resume()
				close(passed)
			}()
			select {
			case <-passed:
				// passTypedAhead did not wait for the copy, still stopped.
				typeKeys(tc.after)
				if tc.at != "" {
					close(release)
				}
			case <-waiting:
				if tc.at != "" {
					close(release)
				}
				await(t, passed, "passTypedAhead")
				typeKeys(tc.after)
			case <-time.After(10 * time.Second):
				t.Fatal("passTypedAhead neither ran nor waited for the keystroke copy")
			}
			// The pty is read only now: full, it took nothing meanwhile.
			want := tc.before + tc.ahead + tc.after
			got := make(chan []byte, 1)
			go func() {
				b := make([]byte, filled+len(want))
				_, _ = io.ReadFull(pr, b)
				got <- b[filled:]
			}()
			select {
			case b := <-got:
				if string(b) != want {
					t.Errorf("the pty got %q, want %q as typed", b, want)
				}
			case <-time.After(10 * time.Second):
				t.Fatalf("the pty did not get %q", want)
			}
		})
	}
}

func await(t *testing.T, c <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-c:
	case <-time.After(10 * time.Second):
		t.Fatalf("waited 10s for %s", what)
	}
}
