//go:build windows

package resolve

// permWarnings is empty on Windows, whose permission bits mean nothing here.
func (s *Secrets) permWarnings() []string { return nil }
