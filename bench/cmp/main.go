//go:build unix

// Command cmp times commands side by side: each round runs every command
// once, in turn (A B C A B C ...), so that a noisy, shared machine slows them
// alike; it reports medians, the ratio of each to the first (the baseline),
// and the peak RSS the kernel reports for each.
//
// A name given more than once is one entry whose commands take turns, round
// by round, their times pooled: bench/run.sh gives each start-up binary
// under several copies of it, because on a kernel with large page-cache
// folios two identical copies of one binary, written differently (by the
// linker, by cp), can start up to a tenth apart, run after run.
//
// With -evict (Linux), each program named by path is dropped from the page
// cache first, so that every one runs as read back from disk, as after a
// reboot, however its file was written: on Linux 6.18 a binary read back so
// started slower than a cp'd copy still in the cache, for the bare exec
// program and withsecrets alike, but not by the same factor.
//
//	cmp [-rounds N] [-warmup N] [-stdin FILE] [-evict] name='command' name='command' ...
//
// A command with shell syntax (a pipe, a redirection) runs through
// /bin/sh -c; a plain one is split on spaces and run directly, so that the
// shell's own start-up does not dilute a start-up comparison. Output goes to
// /dev/null.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"sort"
	"strings"
	"syscall"
	"time"
)

type entry struct {
	name   string
	cmds   []string // taking turns, one a round
	times  []time.Duration
	maxRSS int64 // KiB, the largest seen
}

func main() {
	rounds := flag.Int("rounds", 15, "rounds of every command")
	warmup := flag.Int("warmup", 2, "rounds not counted")
	stdin := flag.String("stdin", "", "file fed to each command's standard input")
	drop := flag.Bool("evict", false, "drop each program named by path from the page cache first (Linux)")
	flag.Parse()
	var es []*entry
	for _, a := range flag.Args() {
		name, cmd, ok := strings.Cut(a, "=")
		if !ok {
			fmt.Fprintf(os.Stderr, "cmp: want name=command, got %q\n", a)
			os.Exit(2)
		}
		if i := slices.IndexFunc(es, func(e *entry) bool { return e.name == name }); i >= 0 {
			es[i].cmds = append(es[i].cmds, cmd)
			continue
		}
		es = append(es, &entry{name: name, cmds: []string{cmd}})
	}
	if len(es) == 0 {
		fmt.Fprintln(os.Stderr, "cmp: no commands")
		os.Exit(2)
	}
	if *drop {
		for _, e := range es {
			for _, c := range e.cmds {
				if f := strings.Fields(c); len(f) > 0 && strings.HasPrefix(f[0], "/") {
					if err := evict(f[0]); err != nil {
						fmt.Fprintf(os.Stderr, "cmp: -evict: %v\n", err)
						os.Exit(1)
					}
				}
			}
		}
	}
	devnull, _ := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	for r := 0; r < *warmup+*rounds; r++ {
		for _, e := range es {
			c := command(e.cmds[r%len(e.cmds)])
			c.Stdout, c.Stderr = devnull, os.Stderr
			if *stdin != "" {
				f, err := os.Open(*stdin)
				if err != nil {
					fmt.Fprintln(os.Stderr, err)
					os.Exit(1)
				}
				c.Stdin = f
				defer f.Close()
			}
			start := time.Now()
			err := c.Run()
			d := time.Since(start)
			if err != nil {
				fmt.Fprintf(os.Stderr, "cmp: %s: %v\n", e.name, err)
				os.Exit(1)
			}
			if ru, ok := c.ProcessState.SysUsage().(*syscall.Rusage); ok && ru.Maxrss > e.maxRSS {
				e.maxRSS = ru.Maxrss
			}
			if r >= *warmup {
				e.times = append(e.times, d)
			}
		}
	}
	base := median(es[0].times)
	fmt.Printf("%-28s %12s %10s %12s\n", "command", "median", "ratio", "peak RSS")
	for _, e := range es {
		m := median(e.times)
		fmt.Printf("%-28s %12s %9.2fx %9.1f MiB\n", e.name, m.Round(10*time.Microsecond), float64(m)/float64(base), float64(e.maxRSS)/1024)
	}
}

func median(ds []time.Duration) time.Duration {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}

func command(s string) *exec.Cmd {
	if strings.ContainsAny(s, "|<>;&$'\"()") {
		return exec.Command("/bin/sh", "-c", s)
	}
	f := strings.Fields(s)
	return exec.Command(f[0], f[1:]...)
}
