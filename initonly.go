//go:build initonly

package main

import (
	"os"
	"os/exec"
	"syscall"
)

// Built with -tags initonly (bench/run.sh), withsecrets execs its argument
// as soon as every package is initialised, before main: its distance to
// bench/execonly is what the packages' initialisation and the binary's
// size cost on every start, and the distance from it to withsecrets is
// main's own work.
func init() {
	if path, err := exec.LookPath(os.Args[1]); err == nil {
		syscall.Exec(path, os.Args[1:], os.Environ())
	}
	os.Exit(127)
}
