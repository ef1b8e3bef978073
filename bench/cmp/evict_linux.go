package main

import (
	"os"

	"golang.org/x/sys/unix"
)

// evict drops path's pages from the page cache. They must be clean to go:
// a file just written is synced first.
func evict(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return err
	}
	return unix.Fadvise(int(f.Fd()), 0, 0, unix.FADV_DONTNEED)
}
