package envmap

import "fmt"

// execSize is what execve copies onto the new stack: every argument and
// environment string with its NUL, a pointer for each, and the file name,
// counted generously since the command's path is only known to launch.
func execSize(argv, env []string) (strs, ptrs int) {
	for _, a := range argv {
		strs += len(a) + 1
	}
	for _, e := range env {
		strs += len(e) + 1
	}
	strs += 4096 // the executable's path (PATH_MAX), and a shebang's extra
	n := len(argv)
	if n == 0 {
		n = 1
	}
	return strs, (n + len(env)) * 8
}

// CheckExecSize tells, before anything runs, whether execve would fail
// with E2BIG because argv and the environment together pass the system's
// limit. vars are the secrets, named in the message as the bytes they add.
func CheckExecSize(argv, env []string, vars []Var) error {
	limit := argMax()
	if limit <= 0 {
		return nil
	}
	strs, ptrs := execSize(argv, env)
	if strs+ptrs <= limit {
		return nil
	}
	added := 0
	for _, v := range vars {
		added += len(v.Name) + 1 + len(v.Value) + 1 + 8
	}
	return fmt.Errorf("the command line and environment would be about %d bytes, more than the %d bytes the system allows in total (ARG_MAX: a quarter of the stack size limit, see ulimit -s); the secrets add %d bytes", strs+ptrs, limit, added)
}
