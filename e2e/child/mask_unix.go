//go:build unix

package main

import (
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

func init() {
	// mask-signals: prints "ready", then the name of each of USR1, USR2,
	// INT, HUP and TERM it gets, one per line; exits after TERM.
	modes["mask-signals"] = func([]string) int {
		c := make(chan os.Signal, 16)
		signal.Notify(c, syscall.SIGUSR1, syscall.SIGUSR2, syscall.SIGINT, syscall.SIGHUP, syscall.SIGTERM)
		fmt.Println("ready")
		for s := range c {
			fmt.Println(unix.SignalName(s.(syscall.Signal)))
			if s == syscall.SIGTERM {
				// Time for a duplicate to arrive and show.
				time.Sleep(200 * time.Millisecond)
				return 0
			}
		}
		return 0
	}
	// slowstop: prints its pid, then copies its input to its output. On
	// SIGTSTP it takes 300 ms (as a program that saves its state first)
	// before it stops, with SIGSTOP.
	modes["slowstop"] = func([]string) int {
		tstp := make(chan os.Signal, 4)
		signal.Notify(tstp, syscall.SIGTSTP)
		go func() {
			for range tstp {
				time.Sleep(300 * time.Millisecond)
				unix.Kill(os.Getpid(), syscall.SIGSTOP)
			}
		}()
		fmt.Printf("pid=%d\n", os.Getpid())
		if _, err := io.Copy(os.Stdout, os.Stdin); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		return 0
	}
}
