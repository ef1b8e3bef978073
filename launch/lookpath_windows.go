//go:build windows

package launch

import "strings"

// candidates: on Windows "python" means python.exe (or .com, .bat, .cmd,
// as PATHEXT lists), as it does for cmd.exe.
func candidates(p string, env []string) []string {
	pathext, _ := Getenv(env, "PATHEXT")
	return pathExtCandidates(p, pathext)
}

// sameEnvName: Windows variable names are case-insensitive; the search
// path is usually spelt "Path".
func sameEnvName(a, b string) bool { return strings.EqualFold(a, b) }
