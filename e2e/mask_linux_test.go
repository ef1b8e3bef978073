package e2e

import (
	"fmt"
	"io"
	"os/exec"
	"regexp"
	"strconv"
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
