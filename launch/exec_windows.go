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
	"sync"
	"syscall"

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

// spawn runs the command with withsecrets' own standard files, and waits.
func spawn(path string, s Spec) (Result, error) {
	return spawnWith(path, s, os.Stdout, os.Stderr, nil)
}

// spawnWith starts the command with the given output files, calls started
// (if any) once it runs, and waits for it. Ctrl-C and Ctrl-Break go to
// every process on the console, the command included, which decides what
// they mean. Unhandled, they would end withsecrets at once and give the
// shell its prompt back while the command still runs; caught, withsecrets
// waits and passes on the command's own exit code.
func spawnWith(path string, s Spec, stdout, stderr *os.File, started func()) (Result, error) {
	cmd := &exec.Cmd{Path: path, Args: s.Argv, Env: s.Env, Stdin: os.Stdin, Stdout: stdout, Stderr: stderr}
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt)
	defer signal.Stop(sig)
	if err := cmd.Start(); err != nil {
		return Result{}, &Error{Name: s.Argv[0], Kind: ErrCannotRun, Cause: err}
	}
	if started != nil {
		started()
	}
	// The files are the command's own: Wait has no copies to wait for,
	// and its only failure is the command's exit.
	cmd.Wait()
	return Result{Code: cmd.ProcessState.ExitCode()}, nil
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

// runPipes masks the output: stdout and stderr each through a pipe of its
// own and a masking stream of its own. Once the command exits, each pipe
// is drained until it is empty (see drain), however slowly withsecrets'
// own output is taken: a background process that still holds a pipe gets
// no relay here, and its later output is lost.
func runPipes(path string, s Spec) (Result, error) {
	ms := compileMasks(s.Mask)
	var rs, ws []*os.File
	for range 2 {
		r, w, err := os.Pipe()
		if err != nil {
			closeAll(rs, ws)
			return Result{}, err
		}
		rs, ws = append(rs, r), append(ws, w)
	}
	exited := make(chan struct{})
	// Each stream's loss in its own place, so that when both fail the one
	// reported is stdout's, whichever ends first.
	lost := make([]error, 2)
	var pumps sync.WaitGroup
	res, err := spawnWith(path, s, ws[0], ws[1], func() {
		closeAll(nil, ws) // the command's now: the pipes end when it and its children do
		for i, st := range []struct {
			w    *os.File
			name string
		}{{os.Stdout, "standard output"}, {os.Stderr, "standard error"}} {
			pumps.Go(func() {
				out := ms.output(st.w)
				werr := drain(rs[i], out, exited)
				// A read may still wait on a pipe a background process
				// holds: Close cancels it, but need not be waited for.
				go rs[i].Close()
				// What masking held back is written now, and may fail too.
				lost[i] = outputLost(st.name, cmp.Or(werr, out.Close()))
			})
		}
	})
	if err != nil {
		closeAll(rs, ws)
		return res, err
	}
	close(exited)
	pumps.Wait()
	res.Lost = cmp.Or(lost...)
	return res, nil
}

func closeAll(lists ...[]*os.File) {
	for _, l := range lists {
		for _, f := range l {
			f.Close()
		}
	}
}

// closedPipe tells a write to a pipe whose reader has gone (more quit): the
// command's own writes fail then, as writing there itself.
func closedPipe(err error) bool {
	return errors.Is(err, syscall.ERROR_BROKEN_PIPE) || errors.Is(err, syscall.Errno(windows.ERROR_NO_DATA))
}
