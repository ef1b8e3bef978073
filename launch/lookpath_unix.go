//go:build unix

package launch

// candidates: on Unix a command's name is the file's name.
func candidates(p string, env []string) []string { return []string{p} }

// sameEnvName: Unix variable names are case-sensitive.
func sameEnvName(a, b string) bool { return a == b }
