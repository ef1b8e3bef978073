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
	// siglog FILE: writes "pid N" to FILE, then appends the name of each
	// HUP, INT, TERM and CONT it gets, one per line (its terminal may be
	// gone by then), says "ready" on stdout, and reads stdin to its end.
	// Then it waits for a first SIGHUP (10 s at most; none with a second
	// argument, nohup), and a moment more for a duplicate to show, and
	// exits 0.
	modes["siglog"] = func(a []string) int {
		f, err := os.OpenFile(a[0], os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
		if err != nil {
			fmt.Println(err)
			return 1
		}
		fmt.Fprintf(f, "pid %d\n", os.Getpid())
		c := make(chan os.Signal, 16)
		signal.Notify(c, syscall.SIGHUP, syscall.SIGINT, syscall.SIGTERM, syscall.SIGCONT)
		hup := make(chan struct{})
		go func() {
			first := true
			for s := range c {
				fmt.Fprintln(f, unix.SignalName(s.(syscall.Signal)))
				if s == syscall.SIGHUP && first {
					close(hup)
					first = false
				}
			}
		}()
		fmt.Println("ready")
		io.Copy(io.Discard, os.Stdin)
		if len(a) < 2 || a[1] != "nohup" {
			select {
			case <-hup:
			case <-time.After(10 * time.Second):
			}
		}
		time.Sleep(500 * time.Millisecond)
		return 0
	}
}
