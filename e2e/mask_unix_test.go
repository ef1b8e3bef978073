//go:build unix

package e2e

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"os/exec"
	"path/filepath"
	"slices"
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

// maskBenchData writes about size bytes of log-like lines, one line in 50
// carrying one of 20 random secrets of 8 to 40 characters, and a secrets
// file holding them.
func maskBenchData(t *testing.T, size int) (data, toml string) {
	t.Helper()
	r := rand.New(rand.NewPCG(3, 4))
	const alnum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	var secrets []string
	var tb strings.Builder
	for i := range 20 {
		b := make([]byte, 8+r.IntN(33))
		for j := range b {
			b[j] = alnum[r.IntN(len(alnum))]
		}
		secrets = append(secrets, string(b))
		fmt.Fprintf(&tb, "SECRET_%d = %q\n", i, b)
	}
	words := strings.Fields("the request took ms status ok GET POST /api/v1/users user id session " +
		"connected to database host port error retry 200 404 500 cache hit miss")
	var b bytes.Buffer
	for b.Len() < size {
		fmt.Fprintf(&b, "2026-11-27T07:52:%02d.%06dZ INFO", r.IntN(60), r.IntN(1000000))
		for range 8 + r.IntN(8) {
			b.WriteString(" " + words[r.IntN(len(words))])
		}
		if r.IntN(50) == 0 {
			b.WriteString(" secret=" + secrets[r.IntN(len(secrets))])
		}
		b.WriteByte('\n')
	}
	dir := t.TempDir()
	data, toml = filepath.Join(dir, "data"), filepath.Join(dir, "secrets.toml")
	writeFile(t, data, b.String())
	writeFile(t, toml, tb.String())
	return data, toml
}

type cost struct{ wall, cpu time.Duration }

// timed runs argv with its output to /dev/null; cpu counts the processes
// it waited for too.
func timed(t *testing.T, argv ...string) cost {
	t.Helper()
	cmd := exec.Command(argv[0], argv[1:]...)
	start := time.Now()
	if out, err := cmd.CombinedOutput(); err != nil || len(out) > 0 {
		t.Fatalf("%q: %v %q", argv, err, out)
	}
	wall := time.Since(start)
	return cost{wall, cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()}
}

func median(d []time.Duration) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2]
}

// TestMaskCost compares masking 50 MB with 20 secrets against a plain pipe
// hop, runs alternating so load from elsewhere hits both alike. The time
// asserted is processor time (user + system, the processes waited for
// included), since wall time on a shared machine measures the neighbours;
// both ratios are logged. bench/mask.sh measures the same from a shell.
func TestMaskCost(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	data, toml := maskBenchData(t, 50<<20)
	plainCmd := []string{"sh", "-c", `cat "$0" | cat > /dev/null`, data}
	maskedCmd := []string{"sh", "-c", `"$0" -f "$1" --mask cat "$2" > /dev/null`, wsBin, toml, data}
	var pw, pc, mw, mc []time.Duration
	for range 7 {
		p, m := timed(t, plainCmd...), timed(t, maskedCmd...)
		pw, pc = append(pw, p.wall), append(pc, p.cpu)
		mw, mc = append(mw, m.wall), append(mc, m.cpu)
	}
	wallRatio := float64(median(mw)) / float64(median(pw))
	cpuRatio := float64(median(mc)) / float64(median(pc))
	t.Logf("median wall: plain %v, masked %v, ratio %.2f", median(pw), median(mw), wallRatio)
	t.Logf("median cpu:  plain %v, masked %v, ratio %.2f", median(pc), median(mc), cpuRatio)
	if cpuRatio > 2 {
		t.Errorf("masking costs %.2fx the processor time of a plain pipe hop, want at most 2x", cpuRatio)
	}
}
