//go:build unix

package main

import (
	"fmt"
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
}
