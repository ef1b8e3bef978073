//go:build unix

package resolve

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestGitFindingFailures: git failing outside a work tree is nothing to
// report, but failing for another reason (a repository owned by another
// user) means the check was not made, and --check must say so rather than
// report the file clean. git is played by a script, so that the test does
// not depend on who owns what.
func TestGitFindingFailures(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "secrets.toml")
	for _, c := range []struct {
		name, stderr string
		wantNote     string
	}{
		{"outside a work tree", "fatal: not a git repository (or any of the parent directories): .git", ""},
		{"dubious ownership", "fatal: detected dubious ownership in repository at '/srv/app'\nTo add an exception for this directory, call:",
			"git could not tell whether " + file + " is tracked or ignored (detected dubious ownership in repository at '/srv/app')"},
		{"silent failure", "", "git could not tell whether " + file + " is tracked or ignored (git failed)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			git := filepath.Join(t.TempDir(), "git")
			script := "#!/bin/sh\nprintf '%s\\n' '" + strings.ReplaceAll(c.stderr, "'", `'\''`) + "' >&2\nexit 128\n"
			if c.stderr == "" {
				script = "#!/bin/sh\nexit 128\n"
			}
			if err := os.WriteFile(git, []byte(script), 0o755); err != nil {
				t.Fatal(err)
			}
			_, found, note := gitFinding(git, file)
			if found || note != c.wantNote {
				t.Errorf("found %v, note %q; want no finding, note %q", found, note, c.wantNote)
			}
		})
	}
}
