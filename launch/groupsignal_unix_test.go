//go:build unix

package launch

import (
	"os"
	"syscall"
	"testing"
)

// TestGroupSignal: the signals a terminal sends to its whole foreground
// group are not passed on again in pipes mode; the platform adds its own
// (macOS: SIGINFO, from ^T), here a stand-in numbered as macOS's.
func TestGroupSignal(t *testing.T) {
	info := syscall.Signal(29) // SIGINFO on macOS and the BSDs
	for _, tc := range []struct {
		name  string
		extra []os.Signal
		sig   os.Signal
		want  bool
	}{
		{"interrupt", nil, syscall.SIGINT, true},
		{"quit", nil, syscall.SIGQUIT, true},
		{"resize", nil, syscall.SIGWINCH, true},
		{"term", nil, syscall.SIGTERM, false},
		{"hangup", nil, syscall.SIGHUP, false},
		{"status, not the platform's", nil, info, false},
		{"status, the platform's", []os.Signal{info}, info, true},
		{"term, with the platform's", []os.Signal{info}, syscall.SIGTERM, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer func(old []os.Signal) { moreGroupSignals = old }(moreGroupSignals)
			moreGroupSignals = tc.extra
			if got := groupSignal(tc.sig); got != tc.want {
				t.Errorf("groupSignal(%v) = %v, want %v", tc.sig, got, tc.want)
			}
		})
	}
}
