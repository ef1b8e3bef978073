package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

func init() {
	// zombies N: leaves N orphans behind (each started by a process that
	// exits at once), waits for them to end, then prints zombies=K, the
	// processes of its PID namespace left unreaped. It gives up waiting
	// after 5 s: a PID 1 that does not reap leaves K = N for good.
	modes["zombies"] = func(a []string) int {
		n, _ := strconv.Atoi(a[0])
		for i := 0; i < n; i++ {
			if err := exec.Command(os.Args[0], "orphan").Run(); err != nil {
				fmt.Println("orphan:", err)
				return 1
			}
		}
		deadline := time.Now().Add(5 * time.Second)
		for {
			zombies, living := namespaceChildren()
			if (zombies == 0 && living == 0) || time.Now().After(deadline) {
				fmt.Printf("zombies=%d\n", zombies)
				return 0
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	// orphan: starts a process that outlives it, then exits.
	modes["orphan"] = func([]string) int {
		if err := exec.Command(os.Args[0], "orphaned", strconv.Itoa(os.Getpid())).Start(); err != nil {
			return 1
		}
		return 0
	}
	// orphaned PARENT: exits once PARENT has gone, so it ends an orphan.
	modes["orphaned"] = func(a []string) int {
		parent, _ := strconv.Atoi(a[0])
		for os.Getppid() == parent {
			time.Sleep(time.Millisecond)
		}
		return 0
	}
}

// namespaceChildren counts, in /proc, the zombies and the other processes
// of this program still running.
func namespaceChildren() (zombies, living int) {
	self := os.Getpid()
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	for _, p := range stats {
		b, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		// pid (comm) state ...: comm may hold spaces, so cut at the last ')'.
		s := string(b)
		open, end := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
		if open < 0 || end < open || len(s) < end+3 {
			continue
		}
		pid, _ := strconv.Atoi(strings.TrimSpace(s[:open]))
		switch {
		case pid == self:
		case s[end+2] == 'Z':
			zombies++
		case s[open+1:end] == filepath.Base(os.Args[0]):
			living++
		}
	}
	return zombies, living
}
