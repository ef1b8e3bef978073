package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestKeySignalsJobControl: a command that does job control (withsecrets
// bash) puts its jobs in front of the terminal, run directly, in groups
// of their own, so ^C typed at one of them signals that job alone: the
// script that started the shell (sh -c 'bash; next') goes on to next once
// the shell exits. Under withsecrets the job is in front of the pty, and
// withsecrets' own job must get no SIGINT for the key either.
func TestKeySignalsJobControl(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash is not installed")
	}
	for _, tc := range []struct{ name, prefix string }{
		{"direct", ""},
		{"pty", "withsecrets "},
		{"pty masked", "withsecrets --mask "},
	} {
		for _, job := range []struct{ name, line string }{
			{"program", "child siglog %s nohup"},
			// The job's group outlives its leader, gone at once.
			{"pipeline", "true | child siglog %s nohup"},
		} {
			t.Run(tc.name+"/"+job.name, func(t *testing.T) {
				p := newProject(t, ptySecrets)
				log := filepath.Join(t.TempDir(), "signals")
				sh := startTTY(t, p, "sh", "-c", tc.prefix+"bash --norc --noprofile -i; echo after $?")
				sh.expect(`\$ $`)
				sh.send(fmt.Sprintf(job.line, log) + "\r")
				sh.expect(`ready\r\n`)
				sh.send("\x03")
				siglogAwait(t, log, "SIGINT", "the job")
				// The job, which survives SIGINT, ends at the end of its
				// input; then the shell, and the script goes on.
				sh.send("\x04")
				sh.expect(`\$ $`)
				sh.send("exit\r")
				if ws := waitExit(t, sh.cmd, ttyPatience); !ws.Exited() || ws.ExitStatus() != 0 {
					t.Errorf("the script ended with %v, want exit 0 after echo after", ws)
				}
				sh.expect(`after 0\r\n`)
			})
		}
	}
}

// TestKeySignalsShellPrompt: an interactive shell run directly (sh -c
// 'bash; next') puts itself, at its prompt, in front of the terminal in a
// process group of its own, so ^C or ^\ typed at the prompt reaches the
// shell alone, which carries on, and the script goes on to next once the
// shell exits. Under withsecrets the shell's group is the command's own,
// as any command's is, and withsecrets' job must still get no signal for
// the key. A plain program that merely inherited the ignores a job-control
// shell sets (withsecrets started with SIGTSTP and SIGTTOU ignored) is no
// shell: the key still reaches withsecrets' job, as it does run directly.
func TestKeySignalsShellPrompt(t *testing.T) {
	// Every shell started would inherit a SIGTSTP the tests run with
	// ignored, and then nothing tells a job-control shell.
	tstpIgnored := selfIgnores(t, syscall.SIGTSTP)
	// zsh turns bracketed paste on after its prompt, bash before it.
	prompt := regexp.QuoteMeta("ws-test-prompt> ") + `(\x1b\[\?2004h)?$`
	modes := []struct{ name, prefix string }{
		{"direct", ""},
		{"pty", "withsecrets "},
		{"pty masked", "withsecrets --mask "},
	}
	keys := []struct {
		name, key string
		sig       syscall.Signal
		redraws   bool // the shell prints its prompt again
	}{
		{"ctrl-c", "\x03", syscall.SIGINT, true},
		{"ctrl-backslash", "\x1c", syscall.SIGQUIT, false},
	}
	for _, shell := range []struct{ name, argv string }{
		{"bash", "bash --norc --noprofile -i"},
		// ENV is not in the tests' environment: dash reads no file.
		{"dash", "dash -i"},
		// -f: no startup files; zsh takes PS1 from the environment.
		{"zsh", "zsh -f -i"},
	} {
		for _, tc := range modes {
			for _, k := range keys {
				t.Run(shell.name+"/"+tc.name+"/"+k.name, func(t *testing.T) {
					if _, err := exec.LookPath(shell.name); err != nil {
						t.Skipf("%s is not installed", shell.name)
					}
					if tstpIgnored && tc.prefix != "" {
						t.Skip("the tests run with SIGTSTP ignored")
					}
					p := newProject(t, ptySecrets)
					sh := startTTY(t, p, "sh", "-c", "PS1='ws-test-prompt> ' "+tc.prefix+shell.argv+"; echo after $?")
					sh.expect(prompt)
					awaitReading(t, sh.cmd.Process.Pid, shell.name)
					sh.send(k.key)
					if k.redraws {
						// Typed before, exit would be lost with the
						// line the key cancelled.
						sh.expect(prompt)
					}
					sh.send("exit 3\r")
					if ws := waitExit(t, sh.cmd, ttyPatience); !ws.Exited() || ws.ExitStatus() != 0 {
						t.Errorf("the script ended with %v, want exit 0 after echo after", ws)
					}
					sh.expect(`after 3\r\n`)
				})
			}
		}
	}
	for _, tc := range modes {
		for _, k := range keys {
			t.Run("program ignoring TSTP TTOU/"+tc.name+"/"+k.name, func(t *testing.T) {
				p := newProject(t, ptySecrets)
				log := filepath.Join(t.TempDir(), "signals")
				sh := startTTY(t, p, "sh", "-c", `trap "" TSTP TTOU; `+tc.prefix+"child siglog "+log+" nohup; echo after $?")
				sh.expect(`ready\r\n`)
				sh.send(k.key)
				if k.sig == syscall.SIGINT {
					// The program survives SIGINT, and ends at the end
					// of its input; then the script dies of its own.
					siglogAwait(t, log, "SIGINT", "the program")
					sh.send("\x04")
				}
				if ws := waitExit(t, sh.cmd, ttyPatience); ws.Signal() != k.sig {
					t.Errorf("the script ended with %v, want killed by %v", ws, k.sig)
				}
				if strings.Contains(sh.all(), "after") {
					t.Errorf("the script went on after the key")
				}
			})
		}
	}
}

// selfIgnores tells that the test process ignores sig, which /proc shows
// where signal.Ignored does not see a stop signal ignored from the start.
func selfIgnores(t *testing.T, sig syscall.Signal) bool {
	t.Helper()
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(b), "\nSigIgn:")
	if !ok {
		t.Fatalf("no SigIgn in /proc/self/status:\n%s", b)
	}
	mask, err := strconv.ParseUint(strings.TrimSpace(strings.SplitN(rest, "\n", 2)[0]), 16, 64)
	if err != nil {
		t.Fatal(err)
	}
	return mask&(1<<(sig-1)) != 0
}

// awaitReading waits until the process named comm below root (the shell
// started there) sleeps, which after its prompt is waiting for input. A
// key typed at once after the prompt may come before: bash 5.2 takes a
// SIGINT that arrives between writing its prompt and reading (in
// readline's pselect) as handled, echoes ^C, and goes on reading without
// cancelling the line or drawing a new prompt.
func awaitReading(t *testing.T, root int, comm string) {
	t.Helper()
	deadline := time.Now().Add(ttyPatience)
	for {
		if state, ok := descendantState(root, comm); ok && state == "S" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("no %s below process %d waiting for input in %v", comm, root, ttyPatience)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// descendantState is the state (R, S, ...) of a process named comm whose
// ancestors include root, from /proc; ok is false when there is none.
func descendantState(root int, comm string) (state string, ok bool) {
	dirs, err := os.ReadDir("/proc")
	if err != nil {
		return "", false
	}
	type proc struct {
		ppid        int
		comm, state string
	}
	procs := map[int]proc{}
	for _, d := range dirs {
		pid, err := strconv.Atoi(d.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + d.Name() + "/stat")
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...
		s := string(b)
		i, j := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
		if i < 0 || j < i {
			continue
		}
		f := strings.Fields(s[j+1:])
		if len(f) < 2 {
			continue
		}
		ppid, _ := strconv.Atoi(f[1])
		procs[pid] = proc{ppid, s[i+1 : j], f[0]}
	}
	for _, p := range procs {
		if p.comm != comm {
			continue
		}
		for a := p.ppid; a > 1; a = procs[a].ppid {
			if a == root {
				return p.state, true
			}
		}
	}
	return "", false
}
