//go:build unix

package main

import (
	"bufio"
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
	"golang.org/x/term"
)

// Modes for the pty tests: what a program sees of its terminal, its
// session and the signals it gets, each as one line the test can await.

// ttyLine writes one report line; the pty, cooked, turns its \n into \r\n.
func ttyLine(format string, a ...any) {
	fmt.Printf(format+"\n", a...)
}

func winsize(fd int) string {
	ws, err := unix.IoctlGetWinsize(fd, unix.TIOCGWINSZ)
	if err != nil {
		return "none"
	}
	return fmt.Sprintf("%dx%d", ws.Row, ws.Col)
}

func isattys() string {
	return fmt.Sprintf("0=%v 1=%v 2=%v", term.IsTerminal(0), term.IsTerminal(1), term.IsTerminal(2))
}

func init() {
	// tty-report: reports its terminal and identity, then "ready"; then
	// each signal it gets as "signal NAME" (with the new size for
	// SIGWINCH), each input line as "got: LINE", "eof" at end of input.
	// The line "exit N" exits N. SIGTSTP is not caught: ^Z stops it.
	modes["tty-report"] = func([]string) int {
		sigs := make(chan os.Signal, 64)
		signal.Notify(sigs, syscall.SIGINT, syscall.SIGQUIT, syscall.SIGHUP, syscall.SIGTERM,
			syscall.SIGUSR1, syscall.SIGUSR2, syscall.SIGWINCH, syscall.SIGCONT, syscall.SIGALRM)
		pgid, _ := unix.IoctlGetInt(0, unix.TIOCGPGRP)
		sid, _ := unix.Getsid(0)
		ttyLine("isatty %s", isattys())
		ttyLine("size %s", winsize(0))
		ttyLine("ids pid=%d pgid=%d sid=%d ppid=%d fg=%v", os.Getpid(), unix.Getpgrp(), sid, os.Getppid(), pgid == unix.Getpgrp())
		ttyLine("ready")
		done := make(chan int)
		go func() {
			sc := bufio.NewScanner(os.Stdin)
			for sc.Scan() {
				line := sc.Text()
				if n, ok := strings.CutPrefix(line, "exit "); ok {
					code, _ := strconv.Atoi(n)
					done <- code
					return
				}
				ttyLine("got: %s", line)
			}
			ttyLine("eof")
			done <- 0
		}()
		for {
			select {
			case s := <-sigs:
				name := unix.SignalName(s.(syscall.Signal))
				if s == syscall.SIGWINCH {
					ttyLine("signal %s size %s", name, winsize(0))
				} else {
					ttyLine("signal %s", name)
				}
			case code := <-done:
				return code
			}
		}
	}
	// rawstop: a full-screen program in miniature. It puts its terminal in
	// raw mode; on "z" it restores the terminal and stops itself as vim and
	// less do, with kill(0, SIGTSTP); once continued it takes raw mode again
	// and says so; "q" restores the terminal and exits.
	modes["rawstop"] = func([]string) int {
		st, err := term.MakeRaw(0)
		if err != nil {
			fmt.Println("rawstop:", err)
			return 1
		}
		cont := make(chan os.Signal, 4)
		signal.Notify(cont, syscall.SIGCONT)
		fmt.Print("raw-ready\r\n")
		buf := make([]byte, 1)
		for {
			n, err := os.Stdin.Read(buf)
			if n == 0 || err != nil {
				term.Restore(0, st)
				return 1
			}
			switch buf[0] {
			case 'z':
				term.Restore(0, st)
				fmt.Print("suspending\n")
				for len(cont) > 0 {
					<-cont
				}
				unix.Kill(0, syscall.SIGTSTP)
				select {
				case <-cont:
				case <-time.After(60 * time.Second):
					fmt.Print("never stopped\n")
					return 1
				}
				st, _ = term.MakeRaw(0)
				fmt.Printf("resumed size=%s\r\n", winsize(0))
			case 'q':
				term.Restore(0, st)
				fmt.Print("bye\n")
				return 0
			default:
				fmt.Printf("key %q\r\n", buf[0])
			}
		}
	}
	// hupmodes: reads its terminal; on SIGHUP, sets the terminal's modes
	// (as vim restores them on its way out) and exits 1.
	modes["hupmodes"] = func([]string) int {
		hup := make(chan os.Signal, 1)
		signal.Notify(hup, syscall.SIGHUP)
		go func() {
			<-hup
			if st, err := term.GetState(0); err == nil {
				term.Restore(0, st)
			}
			os.Exit(1)
		}()
		fmt.Println("hup-ready")
		buf := make([]byte, 1)
		for {
			if _, err := os.Stdin.Read(buf); err != nil {
				return 2
			}
		}
	}
	// printexit LINE: prints LINE and exits at once.
	modes["printexit"] = func(a []string) int {
		fmt.Println(a[0])
		return 0
	}
	// killself NAME: dies by signal SIGNAME. A shell does the killing: the
	// Go runtime would catch SIGQUIT (and print a dump) or ignore SIGUSR1.
	modes["killself"] = func(a []string) int {
		err := syscall.Exec("/bin/sh", []string{"sh", "-c", "kill -s " + a[0] + " $$; sleep 10; exit 99"}, os.Environ())
		fmt.Println("killself:", err)
		return 99
	}
	// isatty: which of stdin, stdout, stderr are terminals, on stdout.
	modes["isatty"] = func([]string) int {
		fmt.Println(isattys())
		return 0
	}
	// ignored: which signals it was started with ignored.
	modes["ignored"] = func([]string) int {
		fmt.Printf("HUP=%v INT=%v\n", signal.Ignored(syscall.SIGHUP), signal.Ignored(syscall.SIGINT))
		return 0
	}
}
