//go:build unix

package resolve

import "fmt"

// modeFinding reports a secrets file that group or others can read, as ssh
// refuses such a key file.
func modeFinding(src Source) (Finding, bool) {
	if src.Mode&0o044 == 0 {
		return Finding{}, false
	}
	return Finding{Kind: Readable, Path: src.Path, Msg: fmt.Sprintf("readable by group or others (mode %04o): run chmod 600 on it", uint32(src.Mode))}, true
}
