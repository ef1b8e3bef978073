// Command child is the program the e2e tests run under withsecrets. Each
// mode reports what a real program would observe (its environment, its
// terminal, the signals it gets) in a form the tests can parse.
//
//	child MODE [ARGS...]
//
// Modes register themselves in modes (one file per area) so tests for
// different areas can add what they need without editing one switch.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
)

var modes = map[string]func(args []string) int{}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: child MODE [ARGS...]")
		os.Exit(2)
	}
	f, ok := modes[os.Args[1]]
	if !ok {
		fmt.Fprintf(os.Stderr, "child: unknown mode %q\n", os.Args[1])
		os.Exit(2)
	}
	os.Exit(f(os.Args[2:]))
}

func init() {
	// env: the whole environment as a JSON object (last value wins), plus
	// the raw list under "__list" so duplicates would show.
	modes["env"] = func([]string) int {
		m := map[string]any{}
		list := os.Environ()
		for _, kv := range list {
			k, v, _ := strings.Cut(kv, "=")
			m[k] = v
		}
		sort.Strings(list)
		m["__list"] = list
		json.NewEncoder(os.Stdout).Encode(m)
		return 0
	}
	// envlist: the environment as a JSON array, in the order the command
	// got it.
	modes["envlist"] = func([]string) int {
		json.NewEncoder(os.Stdout).Encode(os.Environ())
		return 0
	}
	// exit N: exit with status N.
	modes["exit"] = func(a []string) int {
		n, _ := strconv.Atoi(a[0])
		return n
	}
	// args: the arguments as a JSON array.
	modes["args"] = func(a []string) int {
		json.NewEncoder(os.Stdout).Encode(a)
		return 0
	}
	// cat: stdin to stdout, byte for byte.
	modes["cat"] = func([]string) int {
		if _, err := io.Copy(os.Stdout, os.Stdin); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		return 0
	}
	// pid: its own process id.
	modes["pid"] = func([]string) int {
		fmt.Println(os.Getpid())
		return 0
	}
}
