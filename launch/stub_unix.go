//go:build unix

package launch

import "errors"

// Placeholder until the pty relay lands.

func runPTY(path string, s Spec) (Result, error) {
	return Result{}, errors.New("pty mode is not implemented yet")
}
