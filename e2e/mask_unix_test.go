//go:build unix

package e2e

import (
	"bytes"
	"io"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
)

// TestMaskInteractive runs withsecrets --mask on a real terminal, as a user
// at a shell does: the child must still see a terminal on stdout (masking
// does not take it away), and the secret must not reach the screen.
func TestMaskInteractive(t *testing.T) {
	p := newProject(t, maskTOML)
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer ptmx.Close()
	if err := pty.Setsize(ptmx, &pty.Winsize{Rows: 24, Cols: 80}); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(wsBin, "--mask", "child", "tty-secret", "API_KEY")
	cmd.Dir, cmd.Env = p.Dir, p.env()
	cmd.Stdin, cmd.Stdout, cmd.Stderr = tty, tty, tty
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	tty.Close()

	var out bytes.Buffer
	read := make(chan struct{})
	go func() {
		io.Copy(&out, ptmx) // ends with EIO once the terminal side is closed
		close(read)
	}()
	waited := make(chan error, 1)
	go func() { waited <- cmd.Wait() }()
	select {
	case <-waited:
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("withsecrets did not exit; output so far %q", out.String())
	}
	select {
	case <-read:
	case <-time.After(30 * time.Second):
		t.Fatal("the terminal's output did not end")
	}
	got := out.String()
	if strings.Contains(got, "pty mode is not implemented") {
		t.Skip("pty relay (runPTY) not in this branch yet: un-skip once it is merged")
	}
	if strings.Contains(got, rootSecret) {
		t.Errorf("secret visible on the terminal: %q", got)
	}
	if !strings.Contains(got, "stdout-tty=true value=****** end") {
		t.Errorf("terminal shows %q, want the child on a terminal and its secret masked", got)
	}
}
