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
			cmd := p.command(nil, tc.args...)
			cmd.Stdin, cmd.Stdout, cmd.Stderr = tty, tty, tty
			// A session of its own and no controlling terminal, as setsid gives.
			cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			tty.Close()
			var mu sync.Mutex
			var out bytes.Buffer
			go func() {
				buf := make([]byte, 4096)
				for {
					n, err := ptmx.Read(buf)
					mu.Lock()
					out.Write(buf[:n])
					mu.Unlock()
					if err != nil {
						return
					}
				}
			}()
			time.Sleep(500 * time.Millisecond)
			io.WriteString(ptmx, "typed-line\n")
			time.Sleep(500 * time.Millisecond)
			io.WriteString(ptmx, "\x04")
			waited := make(chan error, 1)
			go func() { waited <- cmd.Wait() }()
			select {
			case err := <-waited:
				if err != nil {
					t.Errorf("withsecrets %v", err)
				}
			case <-time.After(15 * time.Second):
				cmd.Process.Kill()
				<-waited
				mu.Lock()
				defer mu.Unlock()
				t.Fatalf("withsecrets did not end after ^D: the keystrokes never reached cat; terminal shows %q", out.String())
			}
			time.Sleep(200 * time.Millisecond)
			mu.Lock()
			defer mu.Unlock()
			// The terminal's own echo, and cat's copy of the line.
			if got := strings.Count(out.String(), "typed-line"); got < 2 {
				t.Errorf("terminal shows %q, want the typed line echoed and copied by cat", out.String())
			}
		})
	}
}
