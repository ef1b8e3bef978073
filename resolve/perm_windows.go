//go:build windows

package resolve

// Warnings is empty on Windows, whose permission bits mean nothing here.
func (s *Secrets) Warnings() []string { return nil }
