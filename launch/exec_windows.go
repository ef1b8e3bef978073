//go:build windows

package launch

import (
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"os/signal"
	"strings"
)

// Windows has no execve and no pty: the command is spawned, waited for, and
// its exit code passed on.

func executable(p string, fi fs.FileInfo) error {
	ext := strings.ToLower(p)
	for _, e := range []string{".exe", ".com", ".bat", ".cmd"} {
		if strings.HasSuffix(ext, e) {
			return nil
		}
	}
	return &Error{Name: p, Kind: ErrCannotRun, Cause: errors.New("not an executable file")}
}

func stdioIsTerminal() bool { return false }

func spawn(path string, s Spec) (Result, error) {
	cmd := exec.Command(path, s.Argv[1:]...)
	cmd.Env = s.Env
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	// Ctrl-C and Ctrl-Break go to every process on the console, the
	// command included, which decides what they mean. Unhandled, they
	// would end withsecrets at once and give the shell its prompt back
	// while the command still runs; caught, withsecrets waits and passes
	// on the command's own exit code.
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt)
	defer signal.Stop(sig)
	err := cmd.Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return Result{Code: ee.ExitCode()}, nil
	}
	if err != nil {
		return Result{}, &Error{Name: s.Argv[0], Kind: ErrCannotRun, Cause: err}
	}
	return Result{}, nil
}

func execve(path string, s Spec) (Result, error) { return spawn(path, s) }

func runPTY(path string, s Spec) (Result, error) { return spawn(path, s) }

func runPipes(path string, s Spec) (Result, error) { return spawn(path, s) }
