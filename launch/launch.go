// Package launch runs the command: it finds it on PATH as env(1) does, and
// chooses how to run it: replacing withsecrets (exec), on a pseudo-terminal
// of its own (pty), or with its output through pipes (when masking without a
// terminal). It owns the pty relay and the masking stream.
package launch

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"unicode"
	"unicode/utf8"
)

// Mode is the --pty setting.
type Mode string

const (
	Auto   Mode = "auto"
	Always Mode = "always"
	Never  Mode = "never"
)

// Spec is what to run and how.
type Spec struct {
	Argv []string // the command as typed; Argv[0] is looked up on PATH
	Env  []string
	Mode Mode
	Mask []string // values to hide in the output; nil turns masking off
}

// Result is how a supervised child ended: Signal is set when a signal killed
// it, Code otherwise.
type Result struct {
	Code   int
	Signal syscall.Signal
	// Lost is why withsecrets could not write the command's output where
	// it goes (a full disk, EIO), when it passed the output on itself; a
	// closed pipe is no such error: the command then got SIGPIPE, as it
	// would writing there itself. (A descriptor closed when withsecrets
	// started is not seen: the Go runtime opens /dev/null in its place.)
	Lost error
}

var (
	// ErrNotFound maps to exit status 127, as in env(1).
	ErrNotFound = errors.New("command not found")
	// ErrCannotRun maps to exit status 126, as in env(1).
	ErrCannotRun = errors.New("command cannot be run")
)

// Error says which command failed and why; it wraps ErrNotFound or
// ErrCannotRun so main can pick the exit status.
type Error struct {
	Name  string
	Kind  error
	Cause error
}

func (e *Error) Error() string {
	// An empty name, or one with spaces or control characters, would
	// not read as a name ("error: : command not found"): quote it.
	name := e.Name
	if name == "" || !utf8.ValidString(name) || strings.IndexFunc(name, func(r rune) bool { return r == ' ' || r == '"' || r == '\\' || !unicode.IsPrint(r) }) >= 0 {
		name = strconv.Quote(name)
	}
	if e.Cause != nil {
		return fmt.Sprintf("%s: %v", name, e.Cause)
	}
	return fmt.Sprintf("%s: %v", name, e.Kind)
}

func (e *Error) Unwrap() []error { return []error{e.Kind, e.Cause} }

// Getenv returns the last value of name in env, as getenv(3) on an environ
// built by appending would.
func Getenv(env []string, name string) (string, bool) {
	for i := len(env) - 1; i >= 0; i-- {
		if v, ok := strings.CutPrefix(env[i], name+"="); ok {
			return v, true
		}
	}
	return "", false
}

// defaultPath is what execvp(3) searches when PATH is unset.
const defaultPath = "/usr/local/bin:/bin:/usr/bin"

// LookPath finds name the way env(1)'s execvp does, using the PATH of the
// child's environment: a name with a slash is used as it is; otherwise each
// PATH entry is tried, an empty entry meaning the current folder. A file that
// exists but cannot be executed is remembered so the error is 126, not 127.
func LookPath(name string, env []string) (string, error) {
	if name == "" {
		return "", &Error{Name: name, Kind: ErrNotFound}
	}
	if runtime.GOOS == "windows" {
		return lookPathWindows(name, env)
	}
	if strings.ContainsRune(name, '/') || strings.ContainsRune(name, filepath.Separator) {
		return name, checkExecutable(name)
	}
	path, ok := Getenv(env, "PATH")
	if !ok {
		path = defaultPath
	}
	var denied error
	// Not filepath.SplitList, which gives no entry at all for an empty
	// PATH, where execvp's one empty entry is the current folder.
	for _, dir := range strings.Split(path, string(os.PathListSeparator)) {
		if dir == "" {
			dir = "."
		}
		if !mayExist(dir + "/" + name) {
			continue
		}
		p := filepath.Join(dir, name)
		err := checkExecutable(p)
		if err == nil {
			return p, nil
		}
		if errors.Is(err, ErrCannotRun) && denied == nil {
			denied = err
		}
	}
	if denied != nil {
		return "", &Error{Name: name, Kind: ErrCannotRun, Cause: syscall.EACCES}
	}
	return "", &Error{Name: name, Kind: ErrNotFound}
}

// lookPathWindows is LookPath on Windows. PATHEXT and the current-folder
// rules are Windows' own, and os/exec knows them, but it searches
// withsecrets' own PATH: when the command's differs (a PATH among the
// secrets), each of its folders is given to os/exec as a path instead.
// Names of variables are case-insensitive there (Path).
func lookPathWindows(name string, env []string) (string, error) {
	path, own := "", os.Getenv("PATH")
	for _, kv := range env {
		if k, v, ok := strings.Cut(kv, "="); ok && strings.EqualFold(k, "PATH") {
			path = v
		}
	}
	if path == own || strings.ContainsAny(name, `:\/`) {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
		return "", &Error{Name: name, Kind: ErrNotFound}
	}
	for _, dir := range filepath.SplitList(path) {
		if dir == "" {
			continue
		}
		if p, err := exec.LookPath(filepath.Join(dir, name)); err == nil {
			return p, nil
		}
	}
	return "", &Error{Name: name, Kind: ErrNotFound}
}

func checkExecutable(p string) error {
	fi, err := os.Stat(p)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return &Error{Name: p, Kind: ErrNotFound, Cause: errors.New("no such file or directory")}
		}
		return &Error{Name: p, Kind: ErrCannotRun, Cause: unwrapPathError(err)}
	}
	if fi.IsDir() {
		return &Error{Name: p, Kind: ErrCannotRun, Cause: errors.New("is a directory")}
	}
	return executable(p, fi)
}

func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Run starts the command as s asks. In exec mode it does not return unless
// exec fails. Otherwise it returns how the child ended.
func Run(s Spec) (Result, error) {
	path, err := LookPath(s.Argv[0], s.Env)
	if err != nil {
		return Result{}, err
	}
	if err := checkSelfShebang(path); err != nil {
		return Result{}, err
	}
	if err := checkWrapperRunsSelf(path, s); err != nil {
		return Result{}, err
	}
	usePTY := s.Mode == Always || (s.Mode == Auto && stdioIsTerminal())
	switch {
	case usePTY:
		return runPTY(path, s)
	case s.Mask != nil:
		return runPipes(path, s)
	default:
		return execve(path, s)
	}
}
