package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"golang.org/x/term"
)

// Modes for the --mask tests: they write output in the ways that could let
// a secret slip past a streaming masker.
func init() {
	// mask-emit OP...: each OP in turn, every write a single write(2):
	//   out=TEXT             TEXT to stdout
	//   err=TEXT             TEXT to stderr
	//   sleep=MS             pause
	//   trickle=MS=TEXT      TEXT to stdout one byte at a time, MS apart
	//   file=BLOCK=PATH      the file PATH to stdout in writes of BLOCK bytes
	modes["mask-emit"] = func(args []string) int {
		for _, op := range args {
			if err := emit(op); err != nil {
				fmt.Fprintf(os.Stderr, "child: emit %.20q: %v\n", op, err)
				return 1
			}
		}
		return 0
	}
	// mask-tty-secret NAME: whether stdout is a terminal, then the value of the
	// variable NAME, on one line.
	modes["mask-tty-secret"] = func(args []string) int {
		fmt.Printf("stdout-tty=%v value=%s end\n", term.IsTerminal(int(os.Stdout.Fd())), os.Getenv(args[0]))
		return 0
	}
}

func emit(op string) error {
	kind, rest, _ := strings.Cut(op, "=")
	switch kind {
	case "out":
		_, err := os.Stdout.WriteString(rest)
		return err
	case "err":
		_, err := os.Stderr.WriteString(rest)
		return err
	case "sleep":
		ms, err := strconv.Atoi(rest)
		time.Sleep(time.Duration(ms) * time.Millisecond)
		return err
	case "trickle":
		ms, text, _ := strings.Cut(rest, "=")
		d, err := strconv.Atoi(ms)
		if err != nil {
			return err
		}
		for i := 0; i < len(text); i++ {
			if i > 0 {
				time.Sleep(time.Duration(d) * time.Millisecond)
			}
			if _, err := os.Stdout.WriteString(text[i : i+1]); err != nil {
				return err
			}
		}
		return nil
	case "file":
		bs, path, _ := strings.Cut(rest, "=")
		block, err := strconv.Atoi(bs)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for len(data) > 0 {
			n := min(block, len(data))
			if _, err := os.Stdout.Write(data[:n]); err != nil {
				return err
			}
			data = data[n:]
		}
		return nil
	}
	return fmt.Errorf("unknown op %q", kind)
}
