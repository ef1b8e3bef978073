package launch

import "fmt"

// ptsName is the path of the macOS pty terminal side whose device number
// is rdev: /dev/ttys and its minor number (the low 24 bits), three digits
// at least. bsd/kern/tty_ptmx.c makes the node as PTSD_TEMPLATE
// "ttys%03d" of makedev(ptsd_major, minor). A terminal of another kind
// gets a name that does not exist, or is another device: openTerminal
// checks the number it opened.
func ptsName(rdev uint64) string { return fmt.Sprintf("/dev/ttys%03d", rdev&0xffffff) }
