//go:build unix

package resolve

import (
	"os"
	"os/user"
)

// Home is the folder Streamlit's "~" names, as Python's os.path.expanduser
// finds it: $HOME when it is set, "/" when it is set but empty, and without
// it (a systemd service with no User=, env -i, some cron daemons) the
// account's home from the password database. "" when there is none.
func Home() string {
	if h, ok := os.LookupEnv("HOME"); ok {
		if h == "" {
			return "/"
		}
		return h
	}
	u, err := user.Current()
	if err != nil {
		return ""
	}
	return u.HomeDir
}
