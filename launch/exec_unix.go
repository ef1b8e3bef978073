//go:build unix

package launch

import (
	"errors"
	"io/fs"
	"os"
	"syscall"

	"golang.org/x/sys/unix"
	"golang.org/x/term"
)

func executable(p string, fi fs.FileInfo) error {
	if err := unix.Access(p, unix.X_OK); err != nil {
		return &Error{Name: p, Kind: ErrCannotRun, Cause: err}
	}
	return nil
}

// readHead reads the start of the regular file at path into buf, with bare
// system calls: it runs on every start, and an os.File would start Go's
// network poller for one read. It gives 0 for anything it cannot read.
func readHead(path string, buf []byte) int {
	var st syscall.Stat_t
	// Only a regular file: opening a FIFO would block, a device may act.
	if syscall.Stat(path, &st) != nil || st.Mode&syscall.S_IFMT != syscall.S_IFREG {
		return 0
	}
	fd, err := syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return 0
	}
	defer syscall.Close(fd)
	n := 0
	for n < len(buf) {
		m, err := syscall.Read(fd, buf[n:])
		if err == syscall.EINTR {
			continue
		}
		if err != nil || m == 0 {
			break
		}
		n += m
	}
	return n
}

// mayExist is a quick look at a PATH candidate, which is mostly missing:
// no allocation for a miss.
func mayExist(p string) bool {
	var st syscall.Stat_t
	err := syscall.Stat(p, &st)
	return err != syscall.ENOENT && err != syscall.ENOTDIR
}

func stdioIsTerminal() bool {
	return term.IsTerminal(int(os.Stdin.Fd())) && term.IsTerminal(int(os.Stdout.Fd()))
}

// execve replaces withsecrets with the command: same PID, same process group,
// the command's own signals and exit status.
func execve(path string, s Spec) (Result, error) {
	err := syscall.Exec(path, s.Argv, s.Env)
	if sh, argv, ok := shellFallback(path, s.Argv, err); ok {
		err = syscall.Exec(sh, argv, s.Env)
	}
	return Result{}, startError(s.Argv[0], err)
}

// shellFallback is what execvp(3), and so env(1), does when the kernel
// refuses an executable file as having no known format (ENOEXEC): run it as
// a shell script, with /bin/sh. It returns the program and argv to try.
func shellFallback(path string, argv []string, err error) (string, []string, bool) {
	if !errors.Is(err, syscall.ENOEXEC) {
		return "", nil, false
	}
	return "/bin/sh", append([]string{"/bin/sh", path}, argv[1:]...), true
}

// startError classifies a failure to start the command, the same in every
// mode (exec, pty monitor, pipes), so the exit status (126 or 127) and the
// words do not depend on the mode.
func startError(name string, err error) error {
	kind := ErrCannotRun
	switch {
	case errors.Is(err, syscall.ENOENT):
		kind = ErrNotFound
		err = errors.New("no such file or directory (is the #! interpreter installed?)")
	case errors.Is(err, syscall.ENOEXEC):
		err = errors.New("exec format error")
	case errors.Is(err, syscall.E2BIG):
		err = errors.New("argument list and environment too long for the system")
	default:
		err = unwrapPathError(err)
	}
	return &Error{Name: name, Kind: kind, Cause: err}
}
