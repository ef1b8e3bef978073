package resolve

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"slices"
	"syscall"
)

// fileID tells files apart across paths.
type fileID struct{ fi fs.FileInfo }

func (a fileID) same(b fileID) bool { return a.fi != nil && b.fi != nil && os.SameFile(a.fi, b.fi) }

func readFile(path string) (fileData, error) {
	f, err := os.Open(path)
	if err != nil {
		return fileData{}, pythonNotFound(err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return fileData{}, err
	}
	d := fileData{id: fileID{fi}, dir: fi.IsDir(), regular: fi.Mode().IsRegular(), perm: fi.Mode().Perm()}
	if d.dir {
		return d, nil
	}
	if d.regular && fi.Size() > MaxFileSize {
		return d, errTooBig
	}
	b, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return d, err
	}
	if len(b) > MaxFileSize {
		return d, errTooBig
	}
	d.data = b
	return d, nil
}

// notFoundCodes are the Windows errors that Python reads as ENOENT
// (winerror_to_errno in CPython's PC/errmap.h), so that Streamlit's open
// raises FileNotFoundError and skips the path: a home on a drive letter or
// a network share that is not mapped now. Go's fs.ErrNotExist covers only
// 2, 3 and 53 of them.
var notFoundCodes = []syscall.Errno{2, 3, 15, 18, 53, 67, 161, 206}

// notFound is a Windows error that Python counts as a missing file.
type notFound struct{ syscall.Errno }

func (e notFound) Is(target error) bool { return target == fs.ErrNotExist || e.Errno.Is(target) }
func (e notFound) Unwrap() error        { return e.Errno }

// pythonNotFound makes err an fs.ErrNotExist where Python's open would
// have raised FileNotFoundError.
func pythonNotFound(err error) error {
	var pe *fs.PathError
	if !errors.As(err, &pe) {
		return err
	}
	if errno, ok := pe.Err.(syscall.Errno); ok && slices.Contains(notFoundCodes, errno) {
		return &fs.PathError{Op: pe.Op, Path: pe.Path, Err: notFound{errno}}
	}
	return err
}
