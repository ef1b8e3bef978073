package e2e

import (
	"fmt"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

// "Behaves as if it ran directly", checked differentially: each scenario
// runs the same command line twice, in a fresh interactive bash on a fresh
// terminal the test holds, once as PROGRAM and once as withsecrets PROGRAM,
// types the same keys at the same points, and compares what the person at
// the terminal saw (the whole screen from the command line to the prompt
// after it, then the shell's $? and stty -a) and the terminal's modes at
// that last prompt. Every command line is typed as `$W PROGRAM`, W empty or
// withsecrets, so the echo of what was typed and the shell's job lines
// read the same in both.

// Known differences, legitimate, not compared here:
//   - keys typed ahead are not compared here (TestPTYTypedAheadShownOnce
//     compares them with a run directly; TestPTYEndOfInputTypedAhead checks
//     they reach the command); those typed after withsecrets started the
//     command and before it took the terminal raw (a moment), or after fg
//     before it takes it back, or more than 2 KiB of them, are shown
//     twice, by the terminal and by the pty;
//   - output of a background job on a cooked terminal ends lines \r\r\n;
//   - keys typed ahead for the shell while the command runs (the next
//     command line) are read by withsecrets and given to the command's
//     pty, as every keystroke is; what the command leaves unread ends with
//     its pty. Run directly they wait in the terminal for the shell. Only
//     TIOCSTI could give them back, which Linux 6.2 lets distributions
//     turn off (dev.tty.legacy_tiocsti) as the terminal-injection hole it
//     is; sudo and script lose them the same way;
//   - a background process the command leaves behind (server & in a start
//     script) loses its terminal when withsecrets ends, and with it its
//     output (the pty hangs up; README, Masking), as under script;
//   - modes the command sets on its terminal and leaves set (see "changes
//     the modes and exits" below).

// dstep is one thing the person does or waits for.
type dstep struct {
	keys   string         // typed
	await  string         // a regexp the screen shows next
	resize [2]uint16      // rows, cols: the window is resized
	kill   syscall.Signal // sent from outside, to the terminal's foreground group
	pid    bool           // ... to the pid the last await with a submatch matched first instead
}

func keys(s string) dstep            { return dstep{keys: s} }
func await(re string) dstep          { return dstep{await: re} }
func resize(rows, cols uint16) dstep { return dstep{resize: [2]uint16{rows, cols}} }
func killFg(s syscall.Signal) dstep  { return dstep{kill: s} }
func killPID(s syscall.Signal) dstep { return dstep{kill: s, pid: true} }

// prompt is the outer shell's prompt, at the end of the screen.
const prompt = `\$ $`

type scenario struct {
	name  string
	needs []string // programs that must be installed
	works string   // a shell command that must succeed here, or the scenario is skipped
	setup string   // a shell line run before the screen is compared
	steps []dstep
	// norm takes from both screens what may legitimately differ; each
	// one says why.
	norm func(string) string
	// modesDiffer: the terminal's modes after legitimately differ (norm
	// says why).
	modesDiffer bool
}

const (
	// lines200 is a file for less.
	lines200 = `printf 'line %s\n' $(seq 200) >f.txt`
	// contPy says when it is continued, and runs until ^C. fg echoes the
	// command line before it gives the job the terminal: its "cont" is
	// the point from which ^C reaches it. It dies of SIGINT as a C
	// program does: a KeyboardInterrupt's traceback would say whether
	// ^C came while the handler still ran. os.write, not print: print
	// is not reentrant, and ^Z may come while it is still in print.
	// Short sleeps in a loop: CPython runs a Python handler only between
	// bytecodes, and one taken just before a long sleep's system call
	// would wait for the whole sleep.
	contPy = `printf '%s\n' 'import os, signal, time' 'signal.signal(signal.SIGINT, signal.SIG_DFL)' 'signal.signal(signal.SIGCONT, lambda *a: os.write(1, b"cont\n"))' 'os.write(1, b"ready\n")' 'while True: time.sleep(0.05)' >cont.py`
)

func TestBehavesAsDirect(t *testing.T) {
	var answered []dstep
	for range 10 {
		answered = append(answered,
			keys(`$W sh -c 'printf "say: "; read x; echo "got $x"'`+"\r"), await(`say: $`),
			keys("hi\r"), await(`\ngot hi\r\n`+prompt))
	}
	var killed []dstep
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGHUP, syscall.SIGINT, syscall.SIGQUIT, syscall.SIGUSR1, syscall.SIGKILL} {
		killed = append(killed,
			keys("$W sh -c 'echo re\"\"ady; exec sleep 300'\r"), await(`\nready\r\n`),
			killFg(sig), await(prompt),
			keys("echo $?\r"), await(prompt))
	}
	var killedPID []dstep
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGKILL, syscall.SIGSEGV, syscall.SIGHUP, syscall.SIGPIPE, syscall.SIGALRM} {
		killedPID = append(killedPID,
			keys("$W sh -c 'echo \"pid=$$\"; exec sleep 300'\r"), await(`\npid=(\d+)\r\n`),
			killPID(sig), await(prompt),
			keys("echo $?\r"), await(prompt))
	}
	tidsNorm := func(s string) string {
		// Under withsecrets the program leads a session of its own on
		// its own pty (under the monitor), not the shell's.
		return regexp.MustCompile(`ids pid=.*`).ReplaceAllString(s, "ids")
	}
	for _, sc := range []scenario{
		{name: "cat, lines then ^D", steps: []dstep{
			keys("$W sh -c 'echo re\"\"ady; exec cat'\r"), await(`\nready\r\n`),
			keys("hello\r"), await(`hello\r\nhello\r\n`),
			keys("two words\r"), await(`two words\r\ntwo words\r\n`),
			keys("\x04"), await(prompt),
		}},
		{name: "cat, half a line then ^C", steps: []dstep{
			keys("$W sh -c 'echo re\"\"ady; exec cat'\r"), await(`\nready\r\n`),
			keys("half"), await(`half`),
			keys("\x03"), await(prompt),
		}},
		{name: "stty and tput, then resized", needs: []string{"tput"}, steps: []dstep{
			keys("$W sh -c 'stty -a; tput cols; tput lines'\r"), await(`\n24\r\n` + prompt),
			resize(30, 100),
			keys("$W sh -c 'stty -a; tput cols; tput lines'\r"), await(`\n30\r\n` + prompt),
		}},
		{name: "signals and resizes the program gets", steps: []dstep{
			keys("$W child tty-report\r"), await(`\nready\r\n`),
			resize(40, 120), await(`signal SIGWINCH size 40x120\r\n`),
			keys("\x03"), await(`signal SIGINT\r\n`),
			keys("\x1c"), await(`signal SIGQUIT\r\n`),
			killFg(syscall.SIGUSR1), await(`signal SIGUSR1\r\n`),
			keys("line\r"), await(`got: line\r\n`),
			keys("\x04"), await(`eof\r\n` + prompt),
		}, norm: tidsNorm},
		{name: "^Z, fg, type on", steps: []dstep{
			keys("$W child tty-report\r"), await(`\nready\r\n`),
			keys("\x1a"), await(`Stopped.*\r\n` + prompt),
			keys("echo $?; stty -a\r"), await(prompt),
			resize(30, 90),
			// Its SIGCONT line: withsecrets has the terminal again.
			keys("fg\r"), await(`signal SIGCONT\r\n`),
			keys("after\r"), await(`got: after\r\n`),
			keys("\x04"), await(`eof\r\n` + prompt),
		}, norm: func(s string) string {
			// Resized while stopped, the program run directly gets no
			// SIGWINCH (the shell had the terminal then), and asks the
			// size when it wants it; withsecrets sets its pty's size
			// at fg, which signals it: harmless, and helpful to a
			// program that only redraws on SIGWINCH.
			s = strings.Replace(s, "signal SIGWINCH size 30x90\r\n", "", 1)
			return tidsNorm(s)
		}},
		{name: "kill -STOP of the program itself, then fg", steps: []dstep{
			keys("$W child tty-report\r"), await(`ids pid=(\d+) `), await(`\nready\r\n`),
			killPID(syscall.SIGSTOP), await(`Stopped.*\r\n` + prompt),
			keys("echo $?; stty -a\r"), await(prompt),
			keys("fg\r"), await(`signal SIGCONT\r\n`),
			keys("after\r"), await(`got: after\r\n`),
			keys("\x04"), await(`eof\r\n` + prompt),
		}, norm: tidsNorm},
		{name: "kill -TSTP of the program itself, fg, kill -TERM", steps: []dstep{
			keys("$W sh -c 'echo \"pid=$$\"; exec sleep 300'\r"), await(`\npid=(\d+)\r\n`),
			killPID(syscall.SIGTSTP), await(`Stopped.*\r\n` + prompt),
			// (fg echoes the command line before it resumes the job: a
			// ^C then could reach the shell; a TERM waits for the job.)
			keys("echo $?; fg\r"), await(`exec sleep 300'\r\n`),
			killPID(syscall.SIGTERM), await(prompt),
		}, norm: func(s string) string {
			return regexp.MustCompile(`pid=\d+`).ReplaceAllString(s, "pid=N") // another process
		}},
		{name: "^Z ignored", steps: []dstep{
			keys("$W sh -c 'trap \"\" TSTP; echo re\"\"ady; read x; echo \"got $x\"'\r"), await(`\nready\r\n`),
			keys("\x1a"), await(`\^Z`),
			keys("on\r"), await(`got on\r\n` + prompt),
		}},
		{name: "a prompt answered at once, ten times", steps: answered},
		{
			// strace slows every ioctl: withsecrets takes its terminal
			// raw late, and the prompt must still not come before that,
			// or the keys typed at it are echoed twice.
			name: "a prompt answered at once, withsecrets slowed down", needs: []string{"strace"}, works: "strace -f -o /dev/null true",
			steps: []dstep{
				keys(`strace -f -o /dev/null -e trace=ioctl -e inject=ioctl:delay_enter=50000 $W sh -c 'printf "say: "; read x; echo "got $x"'` + "\r"), await(`say: $`),
				keys("hi\r"), await(`\ngot hi\r\n` + prompt),
			},
		},
		{name: "vim, ^Z, fg, quit", needs: []string{"vim"}, steps: []dstep{
			keys("TERM=xterm $W vim -u NONE -i NONE -N -n v.txt\r"), await(`"v\.txt" \[New\]`), await(`~ *\x1b\[1;1H\x1b\[\?25h`),
			keys("\x1a"), await(`Stopped.*\r\n` + prompt),
			keys("echo $?; stty -a\r"), await(prompt),
			keys("fg\r"), await(`~ *\x1b\[1;1H\x1b\[\?25h`),
			keys(":q\r"), await(prompt),
		}},
		{name: "killed from outside, its job", steps: killed},
		{name: "^\\", steps: []dstep{
			keys("$W sh -c 'echo re\"\"ady; exec sleep 300'\r"), await(`\nready\r\n`),
			keys("\x1c"), await(prompt),
		}},
		{name: "vim, insert, write, quit", needs: []string{"vim"}, steps: []dstep{
			// Ready once it shows the cursor after drawing: its last
			// terminal query (modifyOtherKeys, \e[?4m) goes out with
			// that, or is dropped when a key came first, run directly too.
			keys("TERM=xterm $W vim -u NONE -i NONE -N -n v.txt\r"), await(`"v\.txt" \[New\]`), await(`~ *\x1b\[1;1H\x1b\[\?25h`),
			keys("ihello vim\x1b"), await(`hello vim`),
			keys(":wq\r"), await(prompt),
			keys("cat v.txt\r"), await(prompt),
		}},
		{name: "interactive shell: ^C, ^Z, jobs, fg, exit 3", needs: []string{"bash", "python3"}, setup: contPy, steps: []dstep{
			keys("PS1='in$ ' $W bash --norc --noprofile -i\r"), await(`in\$ $`),
			keys("sh -c 'echo re\"\"ady; exec sleep 100'\r"), await(`\nready\r\n`),
			keys("\x03"), await(`in\$ $`),
			keys("echo $?\r"), await(`\n130\r\nin\$ $`),
			keys("python3 cont.py\r"), await(`\nready\r\n`),
			keys("\x1a"), await(`Stopped.*\r\nin\$ $`),
			keys("echo $?; jobs\r"), await(`in\$ $`),
			keys("fg\r"), await(`\ncont\r\n`),
			keys("\x03"), await(`in\$ $`),
			keys("echo $?\r"), await(`\n130\r\nin\$ $`),
			keys("exit 3\r"), await(prompt),
		}},
		{name: "python REPL: input, ^C, ^D", needs: []string{"python3"}, steps: []dstep{
			keys("$W python3 -q\r"), await(`>>> $`),
			keys("x = input('name? ')\r"), await(`name\? $`),
			keys("bob\r"), await(`>>> $`),
			keys("x\r"), await(`'bob'\r\n>>> $`),
			// ^C while a statement runs: at the prompt it would race
			// Python's readline, which loses a ^C that comes before its
			// select(2), run directly too. Short sleeps in a loop, not one
			// long one: CPython looks for a signal only when its sleep is
			// interrupted, so a SIGINT handled just before the sleep's
			// system call waits for the whole sleep (1 run in 100 under
			// load, run directly).
			// One frame, so that the traceback is the same wherever the
			// ^C lands.
			keys("import time\r"), await(`>>> $`),
			keys("for i in range(10**9): time.sleep(0.05) if i else print('re' + 'ady')\r"), await(`\.\.\. $`),
			keys("\r"), await(`\nready\r\n`),
			keys("\x03"), await(`KeyboardInterrupt\r\n>>> $`),
			keys("\x04"), await(prompt),
		}},
		{name: "read -s password", needs: []string{"bash"}, steps: []dstep{
			keys(`$W bash -c 'read -s -p "Password: " pw; echo; echo "read ${#pw}: $pw"'` + "\r"), await(`Password: $`),
			keys("s3cret\r"), await(`read 6: s3cret\r\n` + prompt),
		}},
		{name: "less, q", needs: []string{"less"}, setup: lines200, steps: []dstep{
			keys("TERM=xterm $W less f.txt\r"), await(`line 23`), await(`f\.txt`),
			keys("q"), await(prompt),
		}},
		{name: "killed from outside, the program itself", steps: killedPID, norm: func(s string) string {
			return regexp.MustCompile(`pid=\d+`).ReplaceAllString(s, "pid=N") // another process
		}},
		{name: "a burst of output, then exit 4", steps: []dstep{
			keys("$W sh -c 'seq 20000; exit 4'\r"), await(`\n20000\r\n` + prompt),
		}},
		{name: "output without a last newline", steps: []dstep{
			keys("$W printf 'no newline'\r"), await(`\nno newline` + prompt),
		}},
		{name: "closes its terminal, then exits 3", steps: []dstep{
			keys("$W sh -c 'echo re\"\"ady; exec >&- 2>&- <&-; sleep 1; exit 3'\r"), await(`\nready\r\n`), await(prompt),
		}},
		{name: "an interactive shell suspends itself", needs: []string{"bash"}, steps: []dstep{
			keys("PS1='in$ ' $W bash --norc --noprofile -i\r"), await(`in\$ $`),
			// Its prompt after fg says it reads keys again: the terminal
			// (withsecrets') taking keys one by one could come before.
			keys("suspend; echo re\"\"sumed\r"), await(`Stopped.*\r\n` + prompt),
			keys("echo $?\r"), await(prompt),
			keys("fg\r"), await(`\nresumed\r\nin\$ $`),
			keys("echo b\"\"ack\r"), await(`\nback\r\nin\$ $`),
			keys("exit\r"), await(prompt),
		}},
		{name: "the user's own modes", setup: "stty erase ^H intr ^G -echoctl iutf8", steps: []dstep{
			keys("$W sh -c 'stty -a; echo re\"\"ady; exec cat'\r"), await(`\nready\r\n`),
			keys("ab\x08c\r"), await(`ac\r\n`),
			keys("h\u00e9\x08y\r"), await(`hy\r\n`),
			keys("x\x07"), await(prompt),
		}},
		{name: "colours and isatty", needs: []string{"ls"}, setup: "mkdir sub; touch plain; cp /bin/true tool", steps: []dstep{
			keys("TERM=xterm-256color $W ls --color=auto\r"), await(prompt),
			keys(`$W sh -c 'test -t 0 && test -t 1 && test -t 2 && echo all-tty; echo "TERM=$TERM COLUMNS=$COLUMNS"'` + "\r"), await(prompt),
		}},
		{name: "crashes while raw", steps: []dstep{
			// bash puts its modes back after a death by signal; what is
			// compared is that withsecrets leaves nothing else behind.
			keys("$W sh -c 'stty raw -echo; echo re\"\"ady; kill -KILL $$'\r"), await(`\nready`), await(prompt),
		}},
		{name: "changes the modes and exits", steps: []dstep{
			keys("$W stty -echoctl\r"), await(prompt),
		}, norm: func(s string) string {
			// Legitimately different: the command changes its own pty's
			// modes, and withsecrets gives the terminal back the modes it
			// had (DESIGN.md section 3: restored on every way out), as
			// sudo and script do; copying the pty's modes back would bring
			// a crashed program's raw mode back with them. Run directly,
			// the shell keeps what a command that exits set: also the raw
			// mode of one that fails in it (stty raw; exit 1), which
			// bash only repairs after a death by signal.
			return strings.ReplaceAll(s, "-echoctl", "echoctl")
		}, modesDiffer: true},
		{name: "raw, stops itself, fg", steps: []dstep{
			keys("$W child rawstop\r"), await(`raw-ready\r\n`),
			keys("a"), await(`key 'a'\r\n`),
			keys("z"), await(`Stopped.*\r\n` + prompt),
			keys("stty -a\r"), await(prompt),
			keys("fg\r"), await(`resumed size=24x80\r\n`),
			keys("q"), await(`bye\r\n` + prompt),
		}},
	} {
		t.Run(sc.name, func(t *testing.T) {
			for _, prog := range sc.needs {
				if _, err := exec.LookPath(prog); err != nil {
					t.Skipf("%s is not installed", prog)
				}
			}
			if sc.works != "" {
				if out, err := exec.Command("sh", "-c", sc.works).CombinedOutput(); err != nil {
					t.Skipf("%s: %v %s", sc.works, err, out)
				}
			}
			direct, directModes := runScenario(t, sc, "")
			ws, wsModes := runScenario(t, sc, "withsecrets")
			if sc.norm != nil {
				direct, ws = sc.norm(direct), sc.norm(ws)
			}
			if direct != ws {
				i := 0
				for i < len(direct) && i < len(ws) && direct[i] == ws[i] {
					i++
				}
				from := max(i-60, 0)
				t.Errorf("the screens differ at byte %d:\n  direct:      %q\n  withsecrets: %q\nwhole screens:\n  direct:      %q\n  withsecrets: %q",
					i, direct[from:min(i+60, len(direct))], ws[from:min(i+60, len(ws))], direct, ws)
			}
			if directModes != wsModes && !sc.modesDiffer {
				t.Errorf("the terminal's modes after:\n  direct:      %s\n  withsecrets: %s", directModes, wsModes)
			}
		})
	}
}

// runScenario runs sc's steps in a fresh interactive bash with W=w, and
// returns what the screen showed from the first step on, ending with the
// shell's $? and stty -a after, and the terminal's modes at the last prompt.
func runScenario(t *testing.T, sc scenario, w string) (screen, modes string) {
	t.Helper()
	sh := startTTYBash(t, newProject(t, ptySecrets))
	sh.run("W='" + w + "'")
	if sc.setup != "" {
		sh.run(sc.setup)
	}
	start := sh.pos
	var sub []string
	for _, st := range sc.steps {
		switch {
		case st.keys != "":
			sh.send(st.keys)
		case st.await != "":
			if _, m := sh.expect(st.await); len(m) > 1 {
				sub = m
			}
		case st.resize != [2]uint16{}:
			sh.resize(st.resize[0], st.resize[1])
		case st.kill != 0:
			pid := -sh.foreground()
			if st.pid {
				pid = mustAtoi(t, sub[1])
			}
			if err := syscall.Kill(pid, st.kill); err != nil {
				t.Fatalf("kill %d: %v", pid, err)
			}
		}
	}
	sh.send("echo \"st\"\"atus=$?\"; stty -a; echo M\"\"K\r")
	sh.expect(`\nMK\r\n\$ $`)
	var tio *unix.Termios
	if err := sh.control(func(fd int) (err error) {
		tio, err = unix.IoctlGetTermios(fd, unix.TCGETS)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	sh.mu.Lock()
	screen = string(sh.buf[start:])
	sh.mu.Unlock()
	return screen, fmt.Sprintf("%+v", *tio)
}
