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

func stdioIsTerminal() bool {
	return term.IsTerminal(int(os.Stdin.Fd())) && term.IsTerminal(int(os.Stdout.Fd()))
}

// execve replaces withsecrets with the command: same PID, same process group,
// the command's own signals and exit status.
func execve(path string, s Spec) (Result, error) {
	err := syscall.Exec(path, s.Argv, s.Env)
	kind := ErrCannotRun
	if errors.Is(err, syscall.ENOENT) {
		// The file exists (LookPath saw it): its interpreter does not.
		kind = ErrNotFound
		err = errors.New("no such file or directory (is the #! interpreter installed?)")
	} else if errors.Is(err, syscall.ENOEXEC) {
		err = errors.New("exec format error (a script needs a #! line)")
	} else if errors.Is(err, syscall.E2BIG) {
		err = errors.New("argument list and environment too long for the system")
	}
	return Result{}, &Error{Name: s.Argv[0], Kind: kind, Cause: err}
}
