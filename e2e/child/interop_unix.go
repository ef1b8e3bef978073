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
	// siglog FILE: appends the name of each HUP, INT, TERM and CONT it
	// gets to FILE, one per line (its terminal may be gone by then), says
	// "ready" on stdout, and reads stdin to its end; then it waits a
	// moment, for a late duplicate to show, and exits 0.
	modes["siglog"] = func(a []string) int {
		f, err := os.OpenFile(a[0], os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
		if err != nil {
			fmt.Println(err)
			return 1
		}
		c := make(chan os.Signal, 16)
		signal.Notify(c, syscall.SIGHUP, syscall.SIGINT, syscall.SIGTERM, syscall.SIGCONT)
		go func() {
			for s := range c {
				fmt.Fprintln(f, unix.SignalName(s.(syscall.Signal)))
			}
		}()
		fmt.Println("ready")
		io.Copy(io.Discard, os.Stdin)
		time.Sleep(500 * time.Millisecond)
		return 0
	}
}
