package launch

import (
	"syscall"
	"testing"
)

// TestXNUWaitChange decodes wait statuses as macOS writes them (xnu
// bsd/kern/kern_exit.c; sys/wait.h), with macOS's signal numbers: SIGSTOP
// 17, SIGTSTP 18, SIGCONT 19, SIGTTIN 21, SIGTTOU 22.
func TestXNUWaitChange(t *testing.T) {
	stopcode := func(sig uint32) uint32 { return sig<<8 | 0177 }
	for _, tc := range []struct {
		name string
		w    uint32
		stop syscall.Signal
		cont bool
	}{
		{"stopped by SIGSTOP", stopcode(17), 17, false},
		{"stopped by SIGTSTP", stopcode(18), 18, false},
		{"stopped by SIGTTIN", stopcode(21), 21, false},
		{"stopped by SIGTTOU", stopcode(22), 22, false},
		{"resumed", stopcode(19), 0, true},
		{"exited 0", 0, 0, false},
		{"exited 3", 3 << 8, 0, false},
		{"killed by SIGTERM", 15, 0, false},
		{"killed by SIGSEGV, core", 0200 | 11, 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stop, cont := xnuWaitChange(tc.w)
			if stop != tc.stop || cont != tc.cont {
				t.Errorf("xnuWaitChange(%#x) = %d, %v; want %d, %v", tc.w, stop, cont, tc.stop, tc.cont)
			}
		})
	}
}
