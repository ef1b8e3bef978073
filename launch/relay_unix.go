//go:build unix

package launch

import (
	"errors"
	"io"
	"os"
	"os/signal"
)

// The relay is what is left of withsecrets once the command has exited
// while a process it started in the background (a server started with &)
// still holds an output pipe. Closing the pipe would kill that process with
// SIGPIPE at its next write, and its output would be lost; waiting for it
// would keep withsecrets, and whoever waits for it, from ending with the
// command. So withsecrets re-executes itself as a relay that takes the pipe
// and the masking stream's state (the secrets, the undecided tail) and
// masks on until the last writer closes the pipe, as a pipe's reader would,
// while withsecrets itself exits with the command's status.
//
//	fd 0: the pipe, fd 1: where the output goes, fd 3: the state, which
//	withsecrets writes and closes.
//
// The signals withsecrets was started with ignored (SIGHUP under nohup)
// are ignored in the relay too, as in the process it reads for: inherited
// from the start, since a hangup may come before the relay runs any code.
const (
	relayArg0  = "withsecrets-relay"
	relayEnv   = "WITHSECRETS_INTERNAL_RELAY=1"
	relayState = 3
)

var errNoRelay = errors.New("no relay")

// handOver starts a relay for st, whose masking stream is out, and leaves
// st.r to it; on failure, st and out are as they were.
func handOver(st stream, out io.WriteCloser) error {
	w, ok := st.w.(*os.File)
	if !ok || os.Getpid() == 1 {
		// As a container's init, withsecrets' exit ends every process
		// in it: a relay would not outlive it.
		return errNoRelay
	}
	exe, err := monitorPath()
	if err != nil {
		return err
	}
	sr, sw, err := os.Pipe()
	if err != nil {
		return err
	}
	// The command has exited: nothing is passed on to it any more, and
	// withsecrets itself is about to exit.
	if len(st.ignored) > 0 {
		signal.Ignore(st.ignored...)
	}
	p, err := os.StartProcess(exe, []string{relayArg0}, &os.ProcAttr{
		Env:   []string{relayEnv},
		Files: []*os.File{st.r, w, nil, sr},
	})
	sr.Close()
	if err != nil {
		sw.Close()
		return err
	}
	// More than a pipe holds when the secrets are long: the relay reads
	// as this writes.
	_, err = sw.Write(outputState(out))
	sw.Close()
	if err != nil {
		p.Kill()
		p.Wait()
		return err
	}
	p.Release()
	st.r.Close()
	return nil
}

// runRelay runs a relay (see handOver) and returns its exit status.
func runRelay() int {
	f := os.NewFile(relayState, "state")
	state, err := io.ReadAll(f)
	f.Close()
	if err != nil {
		return 1
	}
	out, err := restoreOutput(os.Stdout, state)
	if err != nil {
		return 1
	}
	// Until the pipe ends: a closed output ends the relay by SIGPIPE, and
	// the writer gets its own at its next write, as if it wrote there.
	pump(stream{os.Stdin, os.Stdout, "standard output", nil}, out, nil)
	return 0
}
