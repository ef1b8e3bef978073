// Package e2e builds the real withsecrets binary and a helper child program,
// and drives them the way people do: through pipes and a real terminal.
package e2e

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
)

var (
	binDir   string
	wsBin    string // the withsecrets binary under test
	childBin string // e2e/child, the program run under it

	// raceBinary: withsecrets itself is built with the race detector, when
	// the tests run with -race and E2E_RACE_BINARY=1. The relay, the pumps
	// and the masking streams run in the binary, not in the test process,
	// so go test -race alone never checks them. Opt-in: a race-built
	// binary is several times slower, and its exit (the race runtime's
	// racefini in os.Exit(0)) hung within 20-odd short runs on a
	// terminal (TestPTYShortLived), which a plain build does not.
	raceBinary = raceBuild && os.Getenv("E2E_RACE_BINARY") == "1"
)

func TestMain(m *testing.M) {
	unignoreSignals()
	dir, err := os.MkdirTemp("", "withsecrets-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	binDir = dir
	exe := ""
	if runtime.GOOS == "windows" {
		exe = ".exe"
	}
	wsBin = filepath.Join(dir, "withsecrets"+exe)
	childBin = filepath.Join(dir, "child"+exe)
	var buildFlags []string
	if raceBinary {
		buildFlags = append(buildFlags, "-race")
	}
	for _, b := range []struct {
		out, pkg string
		flags    []string
	}{{wsBin, "..", buildFlags}, {childBin, "./child", nil}} {
		cmd := exec.Command("go", append(append([]string{"build"}, b.flags...), "-o", b.out, b.pkg)...)
		cmd.Stderr = os.Stderr
		if err := cmd.Run(); err != nil {
			fmt.Fprintln(os.Stderr, "building", b.pkg, err)
			os.RemoveAll(dir)
			os.Exit(2)
		}
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// unignoreSignals undoes a SIGHUP or SIGINT ignored when the tests start
// (go test under nohup, or in the background of a script), which every
// program they start would inherit ignored: a command killed by SIGHUP
// would then live on, its test waiting for it, and those that check what a
// command inherits (TestPTYIgnoredSignals) would see the runner's doing.
// A signal caught here is back to its default in every program started.
func unignoreSignals() {
	for _, s := range []os.Signal{syscall.SIGHUP, syscall.SIGINT} {
		if signal.Ignored(s) {
			signal.Notify(make(chan os.Signal, 1), s)
		}
	}
}

// project makes a folder with .streamlit/secrets.toml holding content (0600)
// and a separate empty home, so the developer's own global file never leaks
// into a test.
type project struct {
	Dir, Home string
}

func newProject(t *testing.T, content string) project {
	t.Helper()
	p := project{Dir: t.TempDir(), Home: t.TempDir()}
	if content != "" {
		writeFile(t, filepath.Join(p.Dir, ".streamlit", "secrets.toml"), content)
	}
	return p
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

// result is what one run of withsecrets gave.
type result struct {
	Stdout, Stderr string
	Code           int
}

// env is a minimal environment for the child: HOME pointing at the project's
// empty home, PATH with the test binaries first.
func (p project) env(extra ...string) []string {
	return append([]string{
		"HOME=" + p.Home,
		"USERPROFILE=" + p.Home,
		"PATH=" + binDir + string(os.PathListSeparator) + os.Getenv("PATH"),
	}, extra...)
}

// run runs withsecrets in the project folder with args, stdin from stdin.
func (p project) run(t *testing.T, stdin []byte, env []string, args ...string) result {
	t.Helper()
	cmd := p.command(env, args...)
	cmd.Stdin = bytes.NewReader(stdin)
	return runCmd(t, cmd)
}

// command is withsecrets with args, in the project folder, with env (the
// project's minimal environment when nil).
func (p project) command(env []string, args ...string) *exec.Cmd {
	cmd := exec.Command(wsBin, args...)
	cmd.Dir = p.Dir
	if env == nil {
		env = p.env()
	}
	cmd.Env = env
	return cmd
}

// runCmd runs cmd, collecting its output and exit status.
func runCmd(t *testing.T, cmd *exec.Cmd) result {
	t.Helper()
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("running withsecrets: %v", err)
	}
	return result{Stdout: out.String(), Stderr: errb.String(), Code: code}
}
