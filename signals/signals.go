// Package signals owns what withsecrets does with signals while it stays the
// parent of the command: which ones are forwarded, job control (stopping
// itself when the child stops), and ending with the same signal that killed
// the child.
//
// A limit of every Go program: the runtime installs its own handlers before
// main runs, so a signal ignored by whoever started withsecrets can only be
// seen as ignored for SIGHUP and SIGINT (the runtime keeps those ignored),
// and, on Linux, for the job-control signals it leaves alone. Those stay
// ignored in the child; another inherited SIG_IGN (SIGQUIT, SIGUSR1) is lost,
// in exec mode too.
package signals
