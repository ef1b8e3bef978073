// Package signals owns what withsecrets does with signals while it stays the
// parent of the command: which ones are forwarded, job control (stopping
// itself when the child stops), and ending with the same signal that killed
// the child.
package signals
