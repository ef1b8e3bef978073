//go:build unix

package e2e

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"
)

// TestMaskInteractive runs withsecrets --mask on a real terminal, as a user
// at a shell does: the child must still see a terminal on stdout (masking
// does not take it away), and the secret must not reach the screen.
func TestMaskInteractive(t *testing.T) {
	p := newProject(t, maskTOML)
	got := onTerminal(t, p, "", "--mask", "child", "mask-tty-secret", "API_KEY")
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
// hop, in runs that alternate so that load from elsewhere hits both alike,
// and logs both ratios (wall and processor time, the latter counting the
// processes waited for). The target, 2x in wall time, is what bench/run.sh
// and bench/mask.sh measure (0.9x to 1.5x). What is asserted here is a guard
// against a regression: processor time within 3x, the median of 7 pairs,
// best of up to three measurements. The measured ratio depends on the
// machine and on what runs beside the test: about 1.9 to 2.2 on one kind
// of shared two-core machine; on another, 1.74 to 1.92 alone and 2.50 to
// 2.62 with the other packages' tests beside it (go test ./...), where
// the same data with one more secret of 4 bytes that nearly matches a
// frequent word (a masker at 2.4x its cost, as in BenchmarkMask) measured
// 3.04 to 3.25 alone.
const maxCostRatio = 3.0

func TestMaskCost(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	if raceBinary {
		t.Skip("withsecrets is built with -race, whose cost is not its own")
	}
	data, toml := maskBenchData(t, 50<<20)
	plainCmd := []string{"sh", "-c", `cat "$0" | cat > /dev/null`, data}
	maskedCmd := []string{"sh", "-c", `"$0" -f "$1" --mask cat "$2" > /dev/null`, wsBin, toml, data}
	var cpuRatio float64
	for attempt := 1; attempt <= 3; attempt++ {
		var pw, pc, mw, mc []time.Duration
		for range 7 {
			p, m := timed(t, plainCmd...), timed(t, maskedCmd...)
			pw, pc = append(pw, p.wall), append(pc, p.cpu)
			mw, mc = append(mw, m.wall), append(mc, m.cpu)
		}
		wallRatio := float64(median(mw)) / float64(median(pw))
		cpuRatio = float64(median(mc)) / float64(median(pc))
		t.Logf("attempt %d: median wall: plain %v, masked %v, ratio %.2f", attempt, median(pw), median(mw), wallRatio)
		t.Logf("attempt %d: median cpu:  plain %v, masked %v, ratio %.2f", attempt, median(pc), median(mc), cpuRatio)
		if cpuRatio <= maxCostRatio {
			return
		}
	}
	t.Errorf("masking costs %.2fx the processor time of a plain pipe hop, want at most %.1fx", cpuRatio, maxCostRatio)
}

// startMasked starts withsecrets --mask in a session of its own, with no
// controlling terminal, as a service manager or a container runs it, with
// its stdout read line by line.
func startMasked(t *testing.T, p project, args ...string) (*exec.Cmd, <-chan string) {
	t.Helper()
	cmd := exec.Command(wsBin, append([]string{"--mask"}, args...)...)
	cmd.Dir, cmd.Env = p.Dir, p.env()
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	return cmd, startReading(t, cmd)
}

// startReading starts cmd and delivers the lines of its stdout.
func startReading(t *testing.T, cmd *exec.Cmd) <-chan string {
	t.Helper()
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return readLines(out)
}

// readLines delivers r's lines, newline included, until r ends.
func readLines(r io.Reader) <-chan string {
	lines := make(chan string, 100)
	go func() {
		br := bufio.NewReader(r)
		for {
			l, err := br.ReadString('\n')
			if l != "" {
				lines <- l
			}
			if err != nil {
				close(lines)
				return
			}
		}
	}()
	return lines
}

func nextLine(t *testing.T, lines <-chan string) string {
	t.Helper()
	select {
	case l := <-lines:
		return l
	case <-time.After(ttyPatience):
		t.Fatalf("no output for %v", ttyPatience)
	}
	return ""
}

func waitExit(t *testing.T, cmd *exec.Cmd, within time.Duration) syscall.WaitStatus {
	t.Helper()
	done := make(chan struct{})
	go func() {
		cmd.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(within):
		cmd.Process.Kill()
		<-done
		t.Fatalf("withsecrets still running after %v", within)
	}
	return cmd.ProcessState.Sys().(syscall.WaitStatus)
}

// TestMaskSignals: with --mask and no terminal withsecrets stays the parent;
// each signal sent to it reaches the child once, and its exit is the child's.
func TestMaskSignals(t *testing.T) {
	p := newProject(t, maskTOML)
	for _, sig := range []syscall.Signal{syscall.SIGUSR1, syscall.SIGINT, syscall.SIGHUP, syscall.SIGUSR2} {
		t.Run(unix.SignalName(sig), func(t *testing.T) {
			cmd, lines := startMasked(t, p, "child", "mask-signals")
			if l := nextLine(t, lines); l != "ready\n" {
				t.Fatalf("first line %q", l)
			}
			cmd.Process.Signal(sig)
			if l := nextLine(t, lines); l != unix.SignalName(sig)+"\n" {
				t.Fatalf("child reports %q, want %s", l, unix.SignalName(sig))
			}
			cmd.Process.Signal(syscall.SIGTERM)
			var rest []string
			for l := range lines {
				rest = append(rest, l)
			}
			if !slices.Equal(rest, []string{"SIGTERM\n"}) {
				t.Errorf("after %s the child reports %q, want only SIGTERM (each signal once)", unix.SignalName(sig), rest)
			}
			if ws := waitExit(t, cmd, 30*time.Second); ws.ExitStatus() != 0 {
				t.Errorf("exit %v, want the child's 0", ws)
			}
		})
	}
}

func TestMaskChildKilledBySignal(t *testing.T) {
	p := newProject(t, maskTOML)
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGKILL} {
		t.Run(sig.String(), func(t *testing.T) {
			cmd, lines := startMasked(t, p, "sh", "-c", fmt.Sprintf(`echo "$API_KEY"; kill -%d $$`, sig))
			if l := nextLine(t, lines); l != "******\n" {
				t.Errorf("output %q, want the masked secret", l)
			}
			ws := waitExit(t, cmd, 30*time.Second)
			if !ws.Signaled() || ws.Signal() != sig {
				t.Errorf("withsecrets ended with %v, want killed by %v as the child was", ws, sig)
			}
		})
	}
}

// TestMaskGrandchildHoldsPipe: a background process left holding the output
// pipe does not keep withsecrets alive once the child has exited, and the
// child's last output still arrives.
func TestMaskGrandchildHoldsPipe(t *testing.T) {
	p := newProject(t, maskTOML)
	start := time.Now()
	cmd, lines := startMasked(t, p, "sh", "-c", `sleep 20 & echo "$!"; printf 'last words %s\n' "$API_KEY"`)
	pid, err := strconv.Atoi(strings.TrimSpace(nextLine(t, lines)))
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Kill(pid, syscall.SIGKILL)
	if l := nextLine(t, lines); l != "last words ******\n" {
		t.Errorf("output %q, want the child's last words, masked", l)
	}
	ws := waitExit(t, cmd, 15*time.Second)
	if elapsed := time.Since(start); elapsed > 15*time.Second {
		t.Errorf("took %v", elapsed)
	}
	if ws.ExitStatus() != 0 {
		t.Errorf("exit %v", ws)
	}
}

// TestMaskBackgroundOutput: a process the command leaves behind holding the
// output pipe (a server started with &) neither keeps withsecrets from
// ending with the command, nor loses the output it writes later (masked
// still), nor dies of SIGPIPE when it writes: a relay goes on reading the
// pipe, as a pipe's reader would.
func TestMaskBackgroundOutput(t *testing.T) {
	backgroundOutput(t, nil, nil)
}

// backgroundOutput runs withsecrets --mask (through wrap, the words before
// it, when given) with a command that leaves a process behind, which writes
// a secret once withsecrets has exited and then (after the other checks)
// has been called; it checks that the line arrives, masked, and that the
// process lived on after its write.
func backgroundOutput(t *testing.T, wrap []string, then func(pipe *os.File)) {
	t.Helper()
	p := newProject(t, maskTOML)
	dir := t.TempDir()
	gate, wrote := filepath.Join(dir, "go"), filepath.Join(dir, "wrote")
	// The wait is bounded (30 s) so that a failing run leaves nothing
	// behind: the background process, and a relay reading for it.
	script := fmt.Sprintf(`(i=0; while [ ! -e '%s' ] && [ $i -lt 3000 ]; do sleep 0.01; i=$((i+1)); done; echo "later $API_KEY"; touch '%s') & echo now`, gate, wrote)
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer pr.Close()
	argv := append(slices.Clone(wrap), wsBin, "--mask", "sh", "-c", script)
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir, cmd.Env, cmd.Stdout = p.Dir, p.env(), pw
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	pw.Close()
	defer os.WriteFile(gate, nil, 0o600) // let it end on every way out
	lines := readLines(pr)
	if l := nextLine(t, lines); l != "now\n" {
		t.Fatalf("first line %q", l)
	}
	// The background process waits for the gate: withsecrets ends first.
	if ws := waitExit(t, cmd, 15*time.Second); ws.ExitStatus() != 0 {
		t.Errorf("exit %v", ws)
	}
	if then != nil {
		then(pr)
	}
	if err := os.WriteFile(gate, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if l := nextLine(t, lines); l != "later ******\n" {
		t.Errorf("later output %q, want it masked", l)
	}
	select {
	case l, ok := <-lines:
		if ok {
			t.Errorf("more output %q", l)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the pipe did not end with the background process")
	}
	if _, err := os.Stat(wrote); err != nil {
		t.Errorf("the background process did not go on after its write: %v", err)
	}
}

// TestMaskSlowReader: a reader slower than the drain budget (gzip, ssh, an
// upload) still gets every byte the child wrote before it exited: only
// time spent waiting for the pipe counts against the budget, not time
// spent waiting for the reader.
func TestMaskSlowReader(t *testing.T) {
	p := newProject(t, maskTOML)
	const size = 1 << 20
	cmd := p.command(nil, "--mask", "--pty=never", "child", "cat")
	cmd.Stdin = bytes.NewReader(bytes.Repeat([]byte("abcdefghijklmno\n"), size/16))
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// 64 KiB every 200 ms: 1 MiB takes about 3 s, past the 2 s budget.
	got, buf := 0, make([]byte, 64<<10)
	for {
		n, err := io.ReadFull(out, buf)
		got += n
		if err != nil {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	if err := cmd.Wait(); err != nil {
		t.Errorf("withsecrets: %v", err)
	}
	if got != size {
		t.Errorf("read %d bytes, want %d", got, size)
	}
}

// TestMaskGroupKilled: without a terminal the command has a process group
// of its own (so a supervisor's killpg reaches it once, through
// withsecrets); a SIGKILL to withsecrets' group (timeout -k, supervisord's
// killasgroup) cannot be passed on, and must not leave the command running.
func TestMaskGroupKilled(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("a parent-death signal is Linux's")
	}
	p := newProject(t, maskTOML)
	cmd, lines := startMasked(t, p, "sh", "-c", "echo $$; exec sleep 300")
	pid, err := strconv.Atoi(strings.TrimSpace(nextLine(t, lines)))
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Kill(pid, syscall.SIGKILL)
	if err := syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	waitExit(t, cmd, 30*time.Second)
	deadline := time.Now().Add(10 * time.Second)
	for alive(pid) {
		if time.Now().After(deadline) {
			t.Fatalf("the command (pid %d) still runs after withsecrets' group was killed", pid)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// alive tells whether pid runs: it exists and is not a zombie.
func alive(pid int) bool {
	st, err := procState(pid)
	if err != nil {
		return syscall.Kill(pid, 0) == nil
	}
	return st != 'Z'
}

// procState is pid's state letter in /proc (R, S, T, Z, ...).
func procState(pid int) (byte, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// pid (comm) STATE ...: comm may hold spaces and parentheses, but
	// not a ')' followed by a space and the state letter.
	s := string(b)
	i := strings.LastIndex(s, ") ")
	if i < 0 || i+2 >= len(s) {
		return 0, fmt.Errorf("/proc/%d/stat: no state in %q", pid, s)
	}
	return s[i+2], nil
}

// TestMaskOutputClosed: when withsecrets' own output goes away (| head), the
// child gets SIGPIPE as if it wrote there itself, and withsecrets ends the
// same way, promptly.
func TestMaskOutputClosed(t *testing.T) {
	p := newProject(t, maskTOML)
	cmd := exec.Command(wsBin, "--mask", "yes", "line with r00t-s3cret-Value")
	cmd.Dir, cmd.Env = p.Dir, p.env()
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	l, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || l != "line with ******\n" {
		t.Errorf("first line %q, %v", l, err)
	}
	out.Close()
	ws := waitExit(t, cmd, 30*time.Second)
	// 128+13 is the contract's fallback where the signal cannot be raised
	// (Go's runtime ignores a SIGPIPE sent with kill: see signals.Reraise).
	if !(ws.Signaled() && ws.Signal() == syscall.SIGPIPE) && ws.ExitStatus() != 128+int(syscall.SIGPIPE) {
		t.Errorf("withsecrets ended with %v, want killed by SIGPIPE as the child was, or 141", ws)
	}
}

// TestMaskForegroundCtrlC: withsecrets --mask in the foreground of a
// terminal with its output piped (withsecrets --mask cmd | less). ^C goes
// from the terminal to the whole foreground group, the child included, and
// withsecrets must not pass it on a second time (a second ^C makes many
// programs abandon their clean-up).
func TestMaskForegroundCtrlC(t *testing.T) {
	p := newProject(t, maskTOML)
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer ptmx.Close()
	go io.Copy(io.Discard, ptmx)
	cmd := exec.Command(wsBin, "--mask", "child", "mask-signals")
	cmd.Dir, cmd.Env = p.Dir, p.env()
	cmd.Stdin, cmd.Stderr = tty, tty
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	tty.Close()
	lines := readLines(out)
	if l := nextLine(t, lines); l != "ready\n" {
		t.Fatalf("first line %q", l)
	}
	ptmx.Write([]byte{3}) // ^C
	if l := nextLine(t, lines); l != "SIGINT\n" {
		t.Fatalf("child reports %q, want SIGINT", l)
	}
	cmd.Process.Signal(syscall.SIGTERM)
	var rest []string
	for l := range lines {
		rest = append(rest, l)
	}
	if !slices.Equal(rest, []string{"SIGTERM\n"}) {
		t.Errorf("after ^C the child reports %q, want only SIGTERM (^C once)", rest)
	}
	waitExit(t, cmd, 30*time.Second)
}

// TestMaskOneStreamKeepsOrder: with stderr the same file as stdout (2>&1,
// a Procfile runner's one pipe), --mask keeps the order in which the
// command wrote to the two, as run directly; through two pipes a reader
// would see them interleaved at random.
func TestMaskOneStreamKeepsOrder(t *testing.T) {
	p := newProject(t, maskTOML)
	var ops []string
	var want strings.Builder
	for i := range 200 {
		kind := []string{"out", "err"}[i%2]
		line := fmt.Sprintf("%s %d r00t-s3cret-Value\n", kind, i)
		ops = append(ops, kind+"="+line)
		fmt.Fprintf(&want, "%s %d ******\n", kind, i)
	}
	for _, mode := range []string{"--pty=never", "--pty=always"} {
		t.Run(mode, func(t *testing.T) {
			cmd := exec.Command(wsBin, append([]string{"--mask", mode, "child", "mask-emit"}, ops...)...)
			cmd.Dir, cmd.Env = p.Dir, p.env()
			var both bytes.Buffer
			cmd.Stdout, cmd.Stderr = &both, &both // one pipe for the two
			if err := cmd.Run(); err != nil {
				t.Fatal(err)
			}
			if both.String() != want.String() {
				t.Errorf("order lost:\n%s", both.String())
			}
		})
	}
}

// TestMaskPassesOnlyItsSignals: withsecrets catches the signals it passes
// on and no others; the Go runtime's own SIGURG (goroutine preemption,
// frequent while output streams through) and SIGCHLD are never the
// command's. Catching every signal by mistake (signal.Notify with an empty
// list) once forwarded SIGURG dozens of times a second, and took SIGTSTP
// from the job at a terminal.
func TestMaskPassesOnlyItsSignals(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 is not installed")
	}
	p := newProject(t, maskTOML)
	script := `import signal, sys, time
got = []
for s in (signal.SIGURG, signal.SIGCHLD):
    signal.signal(s, lambda n, f: got.append(n))
end = time.time() + 1
while time.time() < end:
    sys.stdout.write("x" * 65536)
sys.stdout.flush()
print(len(got), file=sys.stderr)`
	cmd := exec.Command(wsBin, "--mask", "--pty=never", "python3", "-c", script)
	cmd.Dir, cmd.Env = p.Dir, p.env()
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = io.Discard, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%v: %s", err, stderr.String())
	}
	if got := strings.TrimSpace(stderr.String()); got != "0" {
		t.Errorf("the command got %s SIGURG or SIGCHLD from withsecrets, want 0", got)
	}
}

// TestMaskJobCtrlZ: --mask with no pty at a terminal (here --pty=never):
// the command shares withsecrets' job, so ^Z stops the whole job and gives
// the shell its prompt back, and fg resumes it reading the terminal, as
// for a pipeline. (Catching SIGTSTP by mistake once left the command
// stopped and withsecrets running, holding the terminal for good.)
func TestMaskJobCtrlZ(t *testing.T) {
	sh := startTTYBash(t, newProject(t, maskTOML))
	// Typed only once the job runs: typed ahead, it reaches bash's line
	// editor, whose raw modes keep the Return a \r.
	sh.send("withsecrets --mask --pty=never sh -c 'echo re\"\"ady; exec child cat'\r")
	sh.expect(`\nready\r\n`)
	sh.send("first r00t-s3cret-Value\r")
	// The terminal's own echo of what is typed is not the command's
	// output: only the latter is masked.
	sh.expect(`first r00t-s3cret-Value\r\nfirst \*\*\*\*\*\*\r\n`)
	sh.send("\x1a")
	sh.expect(`Stopped.*\r\n\$ $`)
	if st := sh.status(); st != 148 {
		t.Errorf("status of the stopped job: %d, want 148 (stopped by SIGTSTP)", st)
	}
	resumeCat(t, sh, `exec child cat'\r\n`)
}

// resumeCat types fg to the stopped job of a command that copies its input
// (child cat), awaits echo (the command line bash shows), has a line copied
// and ends the input with ^D: the job must end with status 0.
func resumeCat(t *testing.T, sh *ttyShell, echo string) {
	t.Helper()
	sh.send("fg\r")
	sh.expect(echo)
	sh.send("again\r")
	sh.expect(`again\r\nagain\r\n`)
	sh.send("\x04")
	sh.expect(`\$ $`)
	if st := sh.status(); st != 0 {
		t.Errorf("exit status %d after ^D, want 0", st)
	}
}

// TestMaskJobKillHUP: a kill -HUP aimed at withsecrets (a server told to
// reload its configuration) reaches the command, also while withsecrets
// runs in the foreground of a live terminal, in a pipe of its own there
// (--mask with its output through pipes, the command in withsecrets' job).
// It did not: taken for a hangup that the terminal sends to the whole
// foreground group, it was dropped. The terminal sends SIGHUP only when it
// hangs up or its controlling process ends, and withsecrets is then no
// longer seen in its foreground. ^C still gives the command one SIGINT.
func TestMaskJobKillHUP(t *testing.T) {
	sh := startTTYBash(t, newProject(t, maskTOML))
	sh.send("withsecrets --mask --pty=never child mask-signals\r")
	sh.expect(`\nready\r\n`)
	ws := sh.foreground()
	// Not necessarily in the order sent: the kernel may hand the two to
	// two of withsecrets' threads, which catch them in either order.
	for _, s := range []syscall.Signal{syscall.SIGHUP, syscall.SIGUSR1} {
		if err := syscall.Kill(ws, s); err != nil {
			t.Fatal(err)
		}
	}
	sh.expectAll("SIGHUP\r\n", "SIGUSR1\r\n")
	sh.send("\x03")
	sh.expect(`SIGINT\r\n`) // after the terminal's echo, ^C
	if err := syscall.Kill(ws, syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	sh.expect(`(?:^|\n)SIGTERM\r\n`)
	sh.expect(`\$ $`)
	if st := sh.status(); st != 0 {
		t.Errorf("exit status %d, want the command's 0", st)
	}
	all := sh.all()
	for _, name := range []string{"SIGHUP", "SIGINT", "SIGUSR1", "SIGTERM"} {
		if n := strings.Count(all, name+"\r\n"); n != 1 {
			t.Errorf("the command got %s %d times, want once", name, n)
		}
	}
}
