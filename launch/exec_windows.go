//go:build windows

package launch

import (
	"cmp"
	"errors"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/windows"
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

// readHead reads the start of the regular file at path into buf; 0 for
// anything it cannot read.
func readHead(path string, buf []byte) int {
	if fi, err := os.Stat(path); err != nil || !fi.Mode().IsRegular() {
		return 0
	}
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	n, _ := io.ReadFull(f, buf)
	return n
}

func mayExist(string) bool { return true }

func stdioIsTerminal() bool { return false }

func spawn(path string, s Spec) (Result, error) {
	return spawnTo(path, s, os.Stdout, os.Stderr)
}

// drainWait bounds how long the copies of a masked child's output may run
// after it exits, when a grandchild still holds the pipe.
const drainWait = 2 * time.Second

// spawnTo runs the command with its output going to stdout and stderr.
// When those are not files, os/exec copies through pipes, which Wait drains.
func spawnTo(path string, s Spec, stdout, stderr io.Writer) (Result, error) {
	cmd := &exec.Cmd{Path: path, Args: s.Argv, Env: s.Env, Stdin: os.Stdin, Stdout: stdout, Stderr: stderr, WaitDelay: drainWait}
	// Ctrl-C and Ctrl-Break go to every process on the console, the
	// command included, which decides what they mean. Unhandled, they
	// would end withsecrets at once and give the shell its prompt back
	// while the command still runs; caught, withsecrets waits and passes
	// on the command's own exit code.
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt)
	defer signal.Stop(sig)
	if err := cmd.Start(); err != nil {
		return Result{}, &Error{Name: s.Argv[0], Kind: ErrCannotRun, Cause: err}
	}
	// The command ran: whatever Wait says besides its exit (a copy of its
	// output that failed) is output lost, never "cannot run".
	err := cmd.Wait()
	res := Result{Code: cmd.ProcessState.ExitCode()}
	var ee *exec.ExitError
	if !errors.As(err, &ee) && !errors.Is(err, exec.ErrWaitDelay) {
		res.Lost = outputLost("", err)
	}
	return res, nil
}

func execve(path string, s Spec) (Result, error) { return spawn(path, s) }

// runPTY has no pty to give on Windows (--pty=always): the command runs as
// in pipes mode when masking, so --mask is never lost, and plainly otherwise.
func runPTY(path string, s Spec) (Result, error) {
	if s.Mask != nil {
		return runPipes(path, s)
	}
	return spawn(path, s)
}

// runPipes masks the output: each stream through its own masking stream.
func runPipes(path string, s Spec) (Result, error) {
	ms := compileMasks(s.Mask)
	stdout, stderr := ms.output(os.Stdout), ms.output(os.Stderr)
	res, err := spawnTo(path, s, stdout, stderr)
	// What masking held back is written now, and may fail too.
	res.Lost = cmp.Or(res.Lost, outputLost("standard output", stdout.Close()), outputLost("standard error", stderr.Close()))
	return res, err
}

// closedPipe tells a write to a pipe whose reader has gone (more quit): the
// command's own writes fail then, as writing there itself.
func closedPipe(err error) bool {
	return errors.Is(err, syscall.ERROR_BROKEN_PIPE) || errors.Is(err, syscall.Errno(windows.ERROR_NO_DATA))
}
