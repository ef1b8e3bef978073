package launch

import (
	"errors"
	"path/filepath"
	"strings"
)

// findExecutable tries the names that p stands for on this system (p
// itself on Unix; p.exe, p.cmd... on Windows, from PATHEXT) and returns the
// first that can be run. When none can, an error for a file that exists but
// cannot be run wins over "not found", so the status is 126, not 127.
func findExecutable(p string, env []string) (string, error) {
	var first, denied error
	for _, c := range candidates(p, env) {
		err := checkExecutable(c)
		if err == nil {
			return c, nil
		}
		if first == nil {
			first = err
		}
		if denied == nil && errors.Is(err, ErrCannotRun) {
			denied = err
		}
	}
	if denied != nil {
		return "", denied
	}
	return "", first
}

// defaultPathExt is what cmd.exe uses when PATHEXT is unset.
const defaultPathExt = ".COM;.EXE;.BAT;.CMD"

// pathExtCandidates is Windows' rule, kept here so it is tested on every
// system: a name that already ends in one of PATHEXT's extensions is used as
// it is; otherwise each extension is tried in PATHEXT's order (python ->
// python.exe), as cmd.exe and Go's os/exec do.
func pathExtCandidates(p, pathext string) []string {
	if pathext == "" {
		pathext = defaultPathExt
	}
	var exts []string
	for _, e := range strings.Split(strings.ToLower(pathext), ";") {
		if e == "" {
			continue
		}
		if e[0] != '.' {
			e = "." + e
		}
		exts = append(exts, e)
	}
	ext := strings.ToLower(filepath.Ext(p))
	for _, e := range exts {
		if ext == e {
			return []string{p}
		}
	}
	out := make([]string, 0, len(exts))
	for _, e := range exts {
		out = append(out, p+e)
	}
	return out
}
