package resolve

import "os"

// Home is the folder Streamlit's "~" names: %USERPROFILE%, as both Python's
// os.path.expanduser and Go's os.UserHomeDir take it. "" when unset.
func Home() string {
	h, _ := os.UserHomeDir()
	return h
}
