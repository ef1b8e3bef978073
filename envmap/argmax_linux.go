package envmap

import "syscall"

// argMax is Linux's limit on argv plus the environment for execve (see
// execve(2) and fs/exec.c): a quarter of the stack size limit, at most
// three quarters of the default 8 MiB stack, at least 128 KiB.
func argMax() int {
	const (
		floor   = 32 * 4096         // ARG_MAX, 32 pages
		ceiling = (8 << 20) / 4 * 3 // _STK_LIM / 4 * 3
	)
	var rl syscall.Rlimit // RLIM_INFINITY is all ones
	limit := ceiling
	if err := syscall.Getrlimit(syscall.RLIMIT_STACK, &rl); err == nil && rl.Cur != ^uint64(0) && rl.Cur/4 < uint64(limit) {
		limit = int(rl.Cur / 4)
	}
	if limit < floor {
		limit = floor
	}
	return limit
}
