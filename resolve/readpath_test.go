package resolve

import "io/fs"

// ReadPath is readPath as a caller sees it through Load: a missing file
// worded like any other error.
func ReadPath(path string) (*Table, fs.FileMode, error) {
	t, mode, _, _, _, err := readPath(path)
	if _, missing := err.(*fs.PathError); missing {
		err = readError(path, err)
	}
	return t, mode, err
}
