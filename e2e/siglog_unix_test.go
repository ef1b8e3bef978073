//go:build unix

package e2e

import (
	"os"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Reading the file of the child's siglog mode: "pid N", then one signal
// name a line.

// siglogRead returns the log's text.
func siglogRead(t *testing.T, log string) string {
	t.Helper()
	b, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// siglogPid returns the pid siglog wrote first.
func siglogPid(t *testing.T, log string) int {
	t.Helper()
	return mustAtoi(t, strings.Fields(siglogRead(t, log))[1])
}

// siglogAwait waits until the log names sig; who says whose log it is.
func siglogAwait(t *testing.T, log, sig, who string) {
	t.Helper()
	deadline := time.Now().Add(ttyPatience)
	for {
		b := siglogRead(t, log)
		if strings.Contains(b, sig) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s got no %s in %v; it got:\n%s", who, sig, ttyPatience, b)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// awaitGone waits until pid has ended, and kills it and fails the test if
// it has not within ttyPatience; what names the process and the event.
func awaitGone(t *testing.T, pid int, what string) {
	t.Helper()
	deadline := time.Now().Add(ttyPatience)
	for alive(pid) {
		if time.Now().After(deadline) {
			_ = syscall.Kill(pid, syscall.SIGKILL)
			t.Fatalf("%s: still running %v later", what, ttyPatience)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
