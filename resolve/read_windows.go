package resolve

import (
	"io"
	"io/fs"
	"os"
)

// fileID tells files apart across paths.
type fileID struct{ fi fs.FileInfo }

func (a fileID) same(b fileID) bool { return a.fi != nil && b.fi != nil && os.SameFile(a.fi, b.fi) }

func readFile(path string) (fileData, error) {
	f, err := os.Open(path)
	if err != nil {
		return fileData{}, err
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
