//go:build unix

package resolve

import "fmt"

// permWarnings lists secrets files that group or others can read, as ssh
// warns about keys.
func (s *Secrets) permWarnings() []string {
	var w []string
	for _, src := range s.Sources {
		if src.Found && src.Mode&0o044 != 0 {
			w = append(w, fmt.Sprintf("%s: readable by group or others (mode %04o); run chmod 600 on it", src.Path, uint32(src.Mode)))
		}
	}
	return w
}
