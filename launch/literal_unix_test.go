//go:build unix

package launch

import (
	"bytes"
	"testing"

	"golang.org/x/sys/unix"
)

// TestLiteral: a typed-ahead line reaches a cooked pty as it was typed: a
// character the pty would act on is quoted with the literal-next one, and
// so is one of moreSpecial, the platform's own (macOS: ^O, ^T, ^Y).
func TestLiteral(t *testing.T) {
	cooked := func() *unix.Termios {
		var tio unix.Termios
		tio.Lflag = unix.ICANON | unix.IEXTEN
		for i := range tio.Cc {
			tio.Cc[i] = vdisable
		}
		tio.Cc[unix.VINTR], tio.Cc[unix.VLNEXT], tio.Cc[unix.VEOF] = 0x03, 0x16, 0x04
		tio.Cc[unix.VDISCARD] = 0x0f
		return &tio
	}
	raw := cooked()
	raw.Lflag &^= unix.ICANON
	for _, tc := range []struct {
		name  string
		tio   *unix.Termios
		extra []int
		line  string
		want  string
	}{
		{"plain", cooked(), nil, "abc", "abc"},
		{"interrupt quoted", cooked(), nil, "a\x03b", "a\x16\x03b"},
		{"end of input quoted", cooked(), nil, "\x04", "\x16\x04"},
		{"not cooked: as it is", raw, nil, "a\x03b", "a\x03b"},
		{"discard left alone where not special", cooked(), nil, "a\x0fb", "a\x0fb"},
		{"discard quoted where special", cooked(), []int{unix.VDISCARD}, "a\x0fb", "a\x16\x0fb"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer func(old []int) { moreSpecial = old }(moreSpecial)
			moreSpecial = tc.extra
			if got := literal(nil, []byte(tc.line), tc.tio); !bytes.Equal(got, []byte(tc.want)) {
				t.Errorf("literal(%q) = %q, want %q", tc.line, got, tc.want)
			}
		})
	}
}
