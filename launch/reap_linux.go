package launch

import (
	"os"
	"os/signal"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// reapOrphans waits for every process that ends as withsecrets' child but
// is not child itself, until stop is called, when withsecrets is PID 1: a
// container's entry point (docker run without --init) inherits every
// orphaned process of its PID namespace, and they stay zombies for as long
// as the container runs unless it waits for them, as tini does. child is
// left to its own waiter (os/exec), so it is only looked at, with WNOWAIT.
func reapOrphans(child int) (stop func()) {
	if os.Getpid() != 1 {
		return func() {}
	}
	chld := make(chan os.Signal, 1)
	signal.Notify(chld, syscall.SIGCHLD)
	done := make(chan struct{})
	go func() {
		for {
			reapOnce(child)
			select {
			case <-chld:
			case <-done:
				return
			}
		}
	}()
	return func() {
		signal.Stop(chld)
		close(done)
	}
}

// reapOnce waits for the orphans that have ended, stopping at child, which
// waitid reports first once it has ended too.
func reapOnce(child int) {
	for {
		var info unix.Siginfo
		err := unix.Waitid(unix.P_ALL, 0, &info, unix.WEXITED|unix.WNOHANG|unix.WNOWAIT, nil)
		pid := siginfoPid(&info)
		if err != nil || pid == 0 || pid == child {
			return
		}
		var ws unix.WaitStatus
		if _, err := unix.Wait4(pid, &ws, unix.WNOHANG, nil); err != nil {
			return
		}
	}
}

// siginfoPid is si_pid: the first field of the union that follows three
// ints in siginfo_t, aligned for a pointer (16 bytes in on 64-bit Linux,
// 12 on 32-bit; include/uapi/asm-generic/siginfo.h). x/sys/unix leaves
// the union opaque.
func siginfoPid(info *unix.Siginfo) int {
	const ptr = unsafe.Sizeof(uintptr(0))
	off := (3*unsafe.Sizeof(int32(0)) + ptr - 1) &^ (ptr - 1)
	return int(*(*int32)(unsafe.Add(unsafe.Pointer(info), off)))
}
