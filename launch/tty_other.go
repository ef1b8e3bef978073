//go:build unix && !darwin

package launch

import (
	"os"

	"golang.org/x/sys/unix"
)

// terminalNames lists the paths that may open stdin's terminal (device
// number rdev) anew; openTerminal keeps the first that is that terminal
// and takes read deadlines.
func terminalNames(rdev uint64) []string { return []string{"/dev/tty", "/proc/self/fd/0"} }

// unechoedMax is the most passUnechoed passes: a fresh pty's line buffer
// (4 KiB on Linux) takes it all at once, and so the mark after it.
const unechoedMax = 2 << 10

// moreSpecial lists the characters, beyond those of every system, that a
// cooked terminal with IEXTEN acts on (see literal): none on Linux, whose
// line discipline leaves VDISCARD alone.
var moreSpecial []int

// moreGroupSignals lists the signals, beyond ^C's, ^\'s and a resize's,
// that the terminal sends to its whole foreground process group: none on
// Linux.
var moreGroupSignals []os.Signal

// hangupErrnos are how a request on a terminal that hung up fails: EIO on
// Linux (the hung-up file operations).
var hangupErrnos = []unix.Errno{unix.EIO}

// lnextModes are the local modes under which the line discipline takes
// VLNEXT (^V) as literal-next: Linux's n_tty only in canonical mode with
// IEXTEN (n_tty_set_termios puts LNEXT_CHAR in its map so).
const lnextModes = unix.ICANON | unix.IEXTEN
