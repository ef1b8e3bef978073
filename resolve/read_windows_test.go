package resolve

import (
	"errors"
	"io/fs"
	"syscall"
	"testing"
)

// TestPythonNotFound: the Windows errors Python reads as a missing file
// (FileNotFoundError, so Streamlit skips the path) are missing here too;
// the others, access denied first, stay errors.
func TestPythonNotFound(t *testing.T) {
	for _, c := range []struct {
		code    syscall.Errno
		missing bool
	}{
		{2, true},    // ERROR_FILE_NOT_FOUND
		{3, true},    // ERROR_PATH_NOT_FOUND
		{15, true},   // ERROR_INVALID_DRIVE: a home drive not mapped
		{67, true},   // ERROR_BAD_NET_NAME: a home share gone
		{161, true},  // ERROR_BAD_PATHNAME
		{206, true},  // ERROR_FILENAME_EXCED_RANGE
		{5, false},   // ERROR_ACCESS_DENIED
		{32, false},  // ERROR_SHARING_VIOLATION
		{267, false}, // ERROR_DIRECTORY
	} {
		t.Run(c.code.Error(), func(t *testing.T) {
			err := pythonNotFound(&fs.PathError{Op: "open", Path: `H:\.streamlit\secrets.toml`, Err: c.code})
			if got := errors.Is(err, fs.ErrNotExist); got != c.missing {
				t.Errorf("errors.Is(%v, fs.ErrNotExist) = %v, want %v", err, got, c.missing)
			}
			var errno syscall.Errno
			if !errors.As(err, &errno) || errno != c.code {
				t.Errorf("%v no longer unwraps to its code %d", err, c.code)
			}
		})
	}
}
