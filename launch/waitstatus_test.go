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

// TestFreeBSDWaitChange decodes wait statuses as FreeBSD writes them
// (sys/wait.h: a stop is W_STOPCODE(sig), a resumption 0x13 alone), with
// FreeBSD's signal numbers (those of macOS).
func TestFreeBSDWaitChange(t *testing.T) {
	stopcode := func(sig uint32) uint32 { return sig<<8 | 0177 }
	for _, tc := range []struct {
		name  string
		w     uint32
		stop  syscall.Signal
		cont  bool
		ended bool
	}{
		{"stopped by SIGSTOP", stopcode(17), 17, false, false},
		{"stopped by SIGTSTP", stopcode(18), 18, false, false},
		{"stopped by SIGTTOU", stopcode(22), 22, false, false},
		{"resumed", 0x13, 0, true, false},
		{"exited 0", 0, 0, false, true},
		{"exited 19", 19 << 8, 0, false, true},
		{"killed by SIGTERM", 15, 0, false, true},
		{"killed by SIGSEGV, core", 0200 | 11, 0, false, true},
		{"killed by signal 20", 20, 0, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stop, cont := freebsdWaitChange(tc.w)
			if stop != tc.stop || cont != tc.cont {
				t.Errorf("freebsdWaitChange(%#x) = %d, %v; want %d, %v", tc.w, stop, cont, tc.stop, tc.cont)
			}
			if got := freebsdWaitEnded(tc.w); got != tc.ended {
				t.Errorf("freebsdWaitEnded(%#x) = %v, want %v", tc.w, got, tc.ended)
			}
		})
	}
}
