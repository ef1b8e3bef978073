//go:build unix

// Command execonly is the floor withsecrets' start-up is measured against: a
// Go program that does nothing but look its argument up on PATH and exec it.
package main

import (
	"os"
	"os/exec"
	"syscall"
)

func main() {
	path, err := exec.LookPath(os.Args[1])
	if err != nil {
		os.Exit(127)
	}
	syscall.Exec(path, os.Args[1:], os.Environ()) // returns only on failure
	os.Exit(126)
}
