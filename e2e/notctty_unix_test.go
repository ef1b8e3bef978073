//go:build unix

package e2e

import (
	"bytes"
	"io"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
	"golang.org/x/term"
)

// Given a terminal that is not its controlling terminal (setsid -w
// withsecrets cat at a terminal, a daemon handed one), withsecrets has no
// job to be in the background of: the kernel stops nothing for reading or
// setting such a terminal. It must pass keystrokes on, as the command run
// directly reads them, rather than wait forever for a foreground that
// never comes.
func TestPTYTerminalNotControlling(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"pty", []string{"cat"}},
		{"pty masked", []string{"--mask", "cat"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := newProject(t, maskTOML)
			ptmx, tty, err := pty.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer ptmx.Close()
			before, err := term.GetState(int(tty.Fd()))
			if err != nil {
				t.Fatal(err)
			}
			cmd := p.command(nil, tc.args...)
			cmd.Stdin, cmd.Stdout, cmd.Stderr = tty, tty, tty
			// A session of its own and no controlling terminal, as setsid gives.
			cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer cmd.Process.Kill() // on a failure, cat would wait for ever
			var mu sync.Mutex
			var out bytes.Buffer
			shown := func() string {
				mu.Lock()
				defer mu.Unlock()
				return out.String()
			}
			read := make(chan struct{})
			go func() {
				defer close(read)
				buf := make([]byte, 4096)
				for {
					n, err := ptmx.Read(buf)
					mu.Lock()
					out.Write(buf[:n])
					mu.Unlock()
					if err != nil {
						return // EIO once every holder of the terminal has closed it
					}
				}
			}()
			// Typed before withsecrets has made the terminal raw, the ^D
			// would be the terminal's own end of input, which raw mode then
			// turns into a NUL byte for cat, not an end.
			waitRaw(t, tty, before)
			tty.Close()
			io.WriteString(ptmx, "typed-line\n")
			// The pty's echo, and cat's copy of the line, before the end
			// of input.
			for deadline := time.Now().Add(30 * time.Second); strings.Count(shown(), "typed-line") < 2; time.Sleep(10 * time.Millisecond) {
				if time.Now().After(deadline) {
					cmd.Process.Kill()
					t.Fatalf("terminal shows %q, want the typed line echoed and copied by cat", shown())
				}
			}
			io.WriteString(ptmx, "\x04")
			waited := make(chan error, 1)
			go func() { waited <- cmd.Wait() }()
			select {
			case err := <-waited:
				if err != nil {
					t.Errorf("withsecrets %v", err)
				}
			case <-time.After(30 * time.Second):
				cmd.Process.Kill()
				<-waited
				t.Fatalf("withsecrets did not end after ^D: the keystrokes never reached cat; terminal shows %q", shown())
			}
			select {
			case <-read:
			case <-time.After(30 * time.Second):
				t.Fatal("the terminal's output did not end with withsecrets")
			}
		})
	}
}
