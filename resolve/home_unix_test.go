//go:build unix

package resolve

import (
	"os"
	"os/user"
	"testing"
)

// TestHome: "~" as Python's os.path.expanduser reads it, so that a service
// started without HOME (systemd with no User=, env -i) reads the same
// global file as Streamlit does there.
func TestHome(t *testing.T) {
	u, err := user.Current()
	if err != nil {
		t.Skip(err)
	}
	t.Setenv("HOME", "") // restored after the test, even once unset below
	for _, c := range []struct {
		name string
		home *string
		want string
	}{
		{"set", ptr("/srv/app"), "/srv/app"},
		{"set but empty", ptr(""), "/"},
		{"unset: the password database", nil, u.HomeDir},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.home == nil {
				os.Unsetenv("HOME")
			} else {
				os.Setenv("HOME", *c.home)
			}
			if got := Home(); got != c.want {
				t.Errorf("Home() = %q, want %q", got, c.want)
			}
		})
	}
}

func ptr(s string) *string { return &s }
