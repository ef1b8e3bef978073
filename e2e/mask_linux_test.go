package e2e

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestMaskMemoryFlat checks that withsecrets' peak memory does not grow
// with the amount of output it masks. The peak is VmHWM of withsecrets'
// own memory, read by its child at the end: the rusage of a process that
// os/exec started counts the test binary's memory too (the child shares it
// until exec).
func TestMaskMemoryFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	data, toml := maskBenchData(t, 32<<20)
	hwm := regexp.MustCompile(`VmHWM:\s+(\d+) kB`)
	peak := func(copies int) int {
		script := fmt.Sprintf(`for i in $(seq %d); do cat "$0"; done; grep VmHWM /proc/$PPID/status >&2`, copies)
		cmd := exec.Command(wsBin, "-f", toml, "--mask", "sh", "-c", script, data)
		out, err := cmd.StderrPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		stderr, _ := io.ReadAll(out)
		if err := cmd.Wait(); err != nil {
			t.Fatalf("%v: %s", err, stderr)
		}
		m := hwm.FindSubmatch(stderr)
		if m == nil {
			t.Fatalf("no VmHWM in %q", stderr)
		}
		kb, _ := strconv.Atoi(string(m[1]))
		return kb
	}
	small, large := peak(1), peak(10)
	t.Logf("peak memory of withsecrets: %d KiB for 32 MiB of output, %d KiB for 320 MiB", small, large)
	if large > small+small/4+2048 {
		t.Errorf("peak memory grew from %d KiB to %d KiB with 10 times the output", small, large)
	}
}

// TestOutputLost: when withsecrets passes the command's output on itself
// (--mask, a pty) and cannot write it (a full disk), it says so and fails,
// as `echo hi >/dev/full` fails, instead of ending 0 with the output gone;
// a command's own failure keeps its status.
func TestOutputLost(t *testing.T) {
	p := newProject(t, maskTOML)
	for _, mode := range [][]string{{"--mask"}, {"--mask", "--pty=always"}, {"--pty=always"}} {
		for _, c := range []struct {
			name, script string
			code         int
			hungUp       bool // on a pty the hangup may end the command first: 125 then
		}{
			{"exit 0", "echo r00t-s3cret-Value; exit 0", 125, true},
			{"exit 3", "echo r00t-s3cret-Value; exit 3", 3, true},
			// Writing on after the failure, the command dies of the SIGPIPE
			// of the pipe withsecrets closed: withsecrets' failure, not a
			// reader gone (141).
			{"writes on", "seq 1 200000", 125, false},
			// Output that is all a prefix of a secret is held back until
			// the end, and fails only then.
			{"held back", "printf r00t-s3", 125, false},
			// On a pty the failure hangs the pty up at once: the monitor
			// must survive that to report the status of a command that
			// ignores it (it once died of it, and withsecrets said 125
			// while the command ran on unseen).
			{"ignores the hangup", `trap "" HUP; echo r00t-s3cret-Value; sleep 0.2; exit 4`, 4, false},
		} {
			if c.name == "writes on" && mode[len(mode)-1] == "--pty=always" {
				continue // the pty hangs up instead: the exit 0 case
			}
			t.Run(strings.Join(mode, " ")+" "+c.name, func(t *testing.T) {
				if c.name == "held back" && mode[0] != "--mask" {
					t.Skip("nothing is held back without --mask")
				}
				full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
				if err != nil {
					t.Skip(err)
				}
				defer full.Close()
				args := append(mode, "sh", "-c", c.script)
				cmd := exec.Command(wsBin, args...)
				cmd.Dir, cmd.Env = p.Dir, p.env()
				var stderr bytes.Buffer
				cmd.Stdout, cmd.Stderr = full, &stderr
				err = cmd.Run()
				var ee *exec.ExitError
				pty := mode[len(mode)-1] == "--pty=always"
				if !errors.As(err, &ee) || ee.ExitCode() != c.code && !(pty && c.hungUp && ee.ExitCode() == 125) {
					t.Errorf("exit %v, want %d", err, c.code)
				}
				if want := "withsecrets: error: the command's output could not be written: standard output: no space left on device\n"; stderr.String() != want {
					t.Errorf("stderr %q, want %q", stderr.String(), want)
				}
			})
		}
	}
}
