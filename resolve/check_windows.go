//go:build windows

package resolve

// modeFinding has nothing to say on Windows: permission bits there do not
// describe who can read a file (ACLs do), so no finding rather than a false one.
func modeFinding(src Source) (Finding, bool) { return Finding{}, false }
