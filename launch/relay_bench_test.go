//go:build linux

package launch

import (
	"io"
	"testing"
)

// BenchmarkRelayCopy measures the pty relay's output loop: bytes written to
// the terminal side come out of copyOutput, with output processing off as
// under --pty=always to a pipe.
func BenchmarkRelayCopy(b *testing.B) {
	const size = 8 << 20
	chunk := make([]byte, 64<<10)
	for i := range chunk {
		chunk[i] = byte('a' + i%26)
	}
	b.SetBytes(size)
	for b.Loop() {
		r := &relay{ttyFd: -1, sizeFd: -1}
		if err := r.openPTY(false); err != nil {
			b.Fatal(err)
		}
		go func() {
			for n := 0; n < size; n += len(chunk) {
				if _, err := r.slave.Write(chunk); err != nil {
					break
				}
			}
			r.slave.Close()
		}()
		r.copyOutput(io.Discard)
		r.master.Close()
	}
}
