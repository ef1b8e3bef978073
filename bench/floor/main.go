//go:build unix

// Command floor is the least a program can do that links the libraries
// withsecrets is built on (Kong for its command line, BurntSushi/toml for
// the files): read .streamlit/secrets.toml, put its root strings in the
// environment, exec the argument. Its distance to execonly is what linking
// them costs (their package initialisation runs on every start); the
// distance from it to withsecrets is withsecrets' own doing.
//
// Built with -tags nokong or -tags notoml it leaves one library out, so
// that one run shows what each costs on its own.
package main

import (
	"os"
	"os/exec"
	"syscall"
)

func main() {
	if len(os.Args) < 2 {
		// Never taken in the benchmark; keeps Kong linked, as withsecrets
		// links it for its flags.
		parseFlags()
	}
	env := appendSecrets(os.Environ())
	path, err := exec.LookPath(os.Args[1])
	if err != nil {
		os.Exit(127)
	}
	_ = syscall.Exec(path, os.Args[1:], env)
	os.Exit(126)
}
