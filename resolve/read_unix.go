//go:build unix

package resolve

import (
	"io/fs"
	"syscall"
)

// fileID tells files apart across paths (symbolic links, bind mounts).
type fileID struct{ dev, ino uint64 }

func (a fileID) same(b fileID) bool { return a == b }

// readFile reads path with bare system calls, since it runs on every start:
// an os.File would start Go's network poller (three more system calls) and
// register a cleanup, for a file open a few microseconds.
func readFile(path string) (fileData, error) {
	fd, err := retry(func() (int, error) { return syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC, 0) })
	if err != nil {
		return fileData{}, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		return fileData{}, &fs.PathError{Op: "stat", Path: path, Err: err}
	}
	d := fileData{
		id:      fileID{uint64(st.Dev), uint64(st.Ino)},
		dir:     st.Mode&syscall.S_IFMT == syscall.S_IFDIR,
		regular: st.Mode&syscall.S_IFMT == syscall.S_IFREG,
		perm:    fs.FileMode(st.Mode & 0o777),
	}
	if d.dir {
		return d, nil
	}
	if d.regular && st.Size > MaxFileSize {
		return d, errTooBig
	}
	// A regular file is read in one call (size+1 sees EOF); anything else
	// (a pipe from process substitution, /proc) grows as it comes.
	buf := make([]byte, 0, 512)
	if d.regular {
		buf = make([]byte, 0, st.Size+1)
	}
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		// Never more than one byte past the limit: a 100 MB stream costs
		// 16 MiB, not 100.
		n, err := retry(func() (int, error) { return syscall.Read(fd, buf[len(buf):min(cap(buf), MaxFileSize+1)]) })
		if err != nil {
			return d, &fs.PathError{Op: "read", Path: path, Err: err}
		}
		if n == 0 {
			break
		}
		buf = buf[:len(buf)+n]
		if len(buf) > MaxFileSize {
			return d, errTooBig
		}
	}
	d.data = buf
	return d, nil
}

// retry repeats a system call interrupted by a signal.
func retry(call func() (int, error)) (int, error) {
	for {
		n, err := call()
		if err != syscall.EINTR {
			return n, err
		}
	}
}
