package launch

import (
	"os"

	"golang.org/x/sys/unix"
)

// terminalNames lists the paths that may open stdin's terminal (device
// number rdev) anew; openTerminal keeps the first that is that terminal
// and takes read deadlines. macOS has no /proc, and its /dev/tty is a
// device of its own: fstat gives /dev/tty's number, not the terminal's
// (as on Linux, where /proc is the way), and kqueue refuses it, so Go
// could put no read deadline on it either (spec_kqfilter in xnu's
// bsd/miscfs/specfs/spec_vnops.c takes pty sides and ttys marked
// kqueue-ok; https://nathancraddock.com/blog/macos-dev-tty-polling/).
// Without another name, keystrokes were read from stdin itself, blocking:
// a read left waiting while withsecrets is stopped or in the background,
// and no typed-ahead keys passed on (passTypedAhead). The terminal side of
// a pty, which every terminal window and ssh session gives, is named from
// its minor number (ptsName), and kqueue takes it.
func terminalNames(rdev uint64) []string { return []string{ptsName(rdev)} }

// unechoedMax is the most passUnechoed passes. A macOS pty queues at most
// TTYHOG (1024, xnu bsd/sys/tty.h) bytes of input: ptcwrite
// (bsd/kern/tty_dev.c) takes no more once the queues hold TTYHOG-2 with a
// line complete, failing with EWOULDBLOCK for a non-blocking master, and
// ttyinput (bsd/kern/tty.c) drops what comes past MAX_INPUT (1024) in a
// line not ended. Linux's 2 KiB would be cut short there, and the rest of
// the typed-ahead keys lost; 4 less leaves room for the mark after it.
const unechoedMax = 1024 - 4

// moreSpecial lists the characters, beyond those of every system, that a
// cooked terminal with IEXTEN acts on (see literal). macOS's line discipline
// (xnu bsd/kern/tty.c) acts on three that Linux has not: ttyinput toggles
// output discarding at VDISCARD (^O) and, cooked, prints the status line
// and sends SIGINFO at VSTATUS (^T); ttread sends SIGTSTP at VDSUSP (^Y) as
// it reads it. One typed literally (^V^T) must reach the pty quoted too.
var moreSpecial = []int{unix.VDISCARD, unix.VSTATUS, unix.VDSUSP}

// moreGroupSignals lists the signals, beyond ^C's, ^\'s and a resize's,
// that the terminal sends to its whole foreground process group: on macOS
// the status key (^T) sends SIGINFO to it (xnu bsd/kern/tty.c, ttyinput at
// VSTATUS: tty_pgsignal(tp, SIGINFO, 1)), so in pipes mode the command has
// it already, and passed on it would get it twice (dd, cp and rsync print
// their progress at each).
var moreGroupSignals = []os.Signal{unix.SIGINFO}

// hangupErrnos are how a request on a terminal that hung up fails. On
// macOS, once the session's leader (the shell) exits as its window
// closes, the kernel revokes the terminal (xnu bsd/kern/kern_exit.c,
// proc_exit: VNOP_REVOKE of the session's terminal), and every descriptor
// open on it is dead: an ioctl fails with EBADF (bsd/miscfs/deadfs,
// dead_ioctl), not EIO as on Linux. EIO stays for /dev/tty, whose
// requests fail so once the session has no terminal (cttyioctl).
var hangupErrnos = []unix.Errno{unix.EIO, unix.EBADF}

// lnextModes are the local modes under which the line discipline takes
// VLNEXT (^V) as literal-next: macOS's with IEXTEN, in any mode (xnu
// bsd/kern/tty.c, ttyinput, before the ICANON and ISIG characters).
const lnextModes = unix.IEXTEN
