//go:build windows

package launch

import (
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
)

// Windows has no execve and no pty: the command is spawned, waited for, and
// its exit code passed on.

// executable accepts what Windows would start by its extension.
func executable(p string, fi fs.FileInfo) error {
	ext := strings.ToLower(filepath.Ext(p))
	exts := os.Getenv("PATHEXT")
	if exts == "" {
		exts = ".com;.exe;.bat;.cmd"
	}
	for _, e := range strings.Split(strings.ToLower(exts), ";") {
		if e != "" && ext == e {
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
