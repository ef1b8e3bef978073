package launch

import (
	"bufio"
	"os"
	"os/exec"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// ignoresHelperEnv, set, makes TestIgnoresHelper the helper process: it
// ignores the signals listed (numbers, comma-separated), says "ready" and
// waits for the end of its input.
const ignoresHelperEnv = "WITHSECRETS_TEST_IGNORES_HELPER"

func TestIgnoresHelper(t *testing.T) {
	list, ok := os.LookupEnv(ignoresHelperEnv)
	if !ok {
		return
	}
	for _, f := range strings.Split(list, ",") {
		if n, err := strconv.Atoi(f); err == nil {
			signal.Ignore(syscall.Signal(n))
		}
	}
	os.Stdout.WriteString("ready\n")
	_, _ = bufio.NewReader(os.Stdin).ReadString('\n')
	os.Exit(0)
}

// startIgnoring starts the helper ignoring sigs and returns its pid once it
// has set them.
func startIgnoring(t *testing.T, sigs []syscall.Signal) int {
	t.Helper()
	var l []string
	for _, s := range sigs {
		l = append(l, strconv.Itoa(int(s)))
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestIgnoresHelper$")
	// Not the race runtime's second at exit, for each case.
	cmd.Env = append(os.Environ(), ignoresHelperEnv+"="+strings.Join(l, ","), "GORACE=atexit_sleep_ms=0")
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		in.Close()
		_ = cmd.Wait()
	})
	if line, err := bufio.NewReader(out).ReadString('\n'); line != "ready\n" {
		t.Fatalf("the helper said %q, %v; want ready", line, err)
	}
	return cmd.Process.Pid
}

func TestIgnores(t *testing.T) {
	gone := exec.Command("true")
	if err := gone.Run(); err != nil {
		t.Fatal(err)
	}
	tstp, ttou, ttin := syscall.SIGTSTP, syscall.SIGTTOU, syscall.SIGTTIN
	for _, tc := range []struct {
		name    string
		ignored []syscall.Signal // by the helper; nil: no helper, the pid gone
		asked   []syscall.Signal
		want    bool
	}{
		{"bash's three, asked two", []syscall.Signal{tstp, ttin, ttou}, []syscall.Signal{tstp, ttou}, true},
		{"dash's two", []syscall.Signal{tstp, ttou}, []syscall.Signal{tstp, ttou}, true},
		{"one of two", []syscall.Signal{ttou}, []syscall.Signal{tstp, ttou}, false},
		{"none", []syscall.Signal{}, []syscall.Signal{tstp}, false},
		{"another", []syscall.Signal{syscall.SIGUSR1}, []syscall.Signal{tstp}, false},
		{"high", []syscall.Signal{syscall.Signal(40)}, []syscall.Signal{syscall.Signal(40)}, true},
		{"gone", nil, []syscall.Signal{tstp}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pid := gone.Process.Pid
			if tc.ignored != nil {
				pid = startIgnoring(t, tc.ignored)
			}
			if got := ignores(pid, tc.asked...); got != tc.want {
				t.Errorf("ignores(%d, %v) = %v, want %v", pid, tc.asked, got, tc.want)
			}
		})
	}
}
