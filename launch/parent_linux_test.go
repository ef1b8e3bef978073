package launch

import (
	"os"
	"os/exec"
	"testing"
)

func TestParentOf(t *testing.T) {
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		pid  int
		want int
	}{
		{"self", os.Getpid(), os.Getppid()},
		{"reaped", cmd.Process.Pid, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got, ok := parentOf(tc.pid); !ok || got != tc.want {
				t.Errorf("parentOf(%d) = %d, %v; want %d, true", tc.pid, got, ok, tc.want)
			}
		})
	}
}
