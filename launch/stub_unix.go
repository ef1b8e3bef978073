//go:build unix

package launch

import "errors"

// Placeholders until the pty relay and the masking pipes land.

func runPTY(path string, s Spec) (Result, error) {
	return Result{}, errors.New("pty mode is not implemented yet")
}

func runPipes(path string, s Spec) (Result, error) {
	return Result{}, errors.New("--mask is not implemented yet")
}
