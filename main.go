// Command withsecrets runs a command with the secrets of Streamlit's
// secrets.toml files in its environment, resolved exactly as Streamlit
// resolves them. See README.md.
package main

import (
	"errors"
	"fmt"
	"os"
	"runtime/debug"

	"github.com/alecthomas/kong"

	"github.com/withsecrets/withsecrets/envmap"
	"github.com/withsecrets/withsecrets/launch"
	"github.com/withsecrets/withsecrets/resolve"
	"github.com/withsecrets/withsecrets/signals"
)

// Exit statuses of env(1).
const (
	exitFailure    = 125
	exitCannotRun  = 126
	exitNotFound   = 127
	exitSignalBase = 128
)

type cli struct {
	File         []string         `short:"f" sep:"none" env:"WITHSECRETS_FILE" placeholder:"PATH" help:"Read this secrets file or folder instead of the default list (repeatable, later files win)."`
	JSONVar      string           `name:"json-var" default:"SECRETS_JSON" env:"WITHSECRETS_JSON_VAR" placeholder:"NAME" help:"Variable that holds the whole tree as JSON; empty turns it off."`
	AllowMissing bool             `env:"WITHSECRETS_ALLOW_MISSING" help:"Run the command even when no secrets file exists."`
	PTY          string           `name:"pty" enum:"auto,always,never" default:"auto" env:"WITHSECRETS_PTY" help:"Run the command on its own pseudo-terminal: auto (when stdin and stdout are terminals), always, never."`
	Mask         bool             `env:"WITHSECRETS_MASK" help:"Replace secret values in the command's output with ******."`
	Version      kong.VersionFlag `help:"Print the version and exit."`
	Command      []string         `arg:"" optional:"" passthrough:"partial" help:"The command to run, and its arguments."`
}

func main() {
	defer func() {
		// A panic's value may quote a secret: never print it, nor the trace.
		if r := recover(); r != nil {
			fatal(exitFailure, errors.New("internal error (a bug in withsecrets; please report it)"))
		}
	}()
	var c cli
	parser, err := kong.New(&c,
		kong.Name("withsecrets"),
		kong.Description("Run COMMAND with the secrets of Streamlit's secrets.toml files in its environment."),
		kong.Vars{"version": version()},
	)
	if err != nil {
		fatal(exitFailure, err)
	}
	if _, err := parser.Parse(os.Args[1:]); err != nil {
		fatal(exitFailure, err)
	}
	if len(c.Command) > 0 && c.Command[0] == "--" {
		c.Command = c.Command[1:]
	}
	if len(c.Command) == 0 {
		fatal(exitFailure, errors.New("no command given (see withsecrets --help)"))
	}
	os.Exit(run(&c))
}

func run(c *cli) int {
	home, _ := os.UserHomeDir()
	cwd, err := os.Getwd()
	if err != nil {
		fatal(exitFailure, fmt.Errorf("cannot find the current folder: %w", err))
	}
	opts := resolve.Options{Home: home, Cwd: cwd, Script: resolve.ScriptOf(c.Command), AllowMissing: c.AllowMissing}
	if len(c.File) > 0 {
		opts.Files = c.File
	}
	s, err := resolve.Load(opts)
	if err != nil {
		fatal(exitFailure, err)
	}
	for _, w := range s.Warnings() {
		warn(w)
	}
	vars, err := envmap.Vars(s, c.JSONVar)
	if err != nil {
		fatal(exitFailure, err)
	}
	spec := launch.Spec{Argv: c.Command, Env: envmap.Environ(os.Environ(), vars), Mode: launch.Mode(c.PTY)}
	if err := envmap.CheckExecSize(spec.Argv, spec.Env, vars); err != nil {
		fatal(exitFailure, err)
	}
	if c.Mask {
		spec.Mask = resolve.MaskValues(s.Tree)
	}
	res, err := launch.Run(spec)
	switch {
	case errors.Is(err, launch.ErrNotFound):
		fatal(exitNotFound, err)
	case errors.Is(err, launch.ErrCannotRun):
		fatal(exitCannotRun, err)
	case err != nil:
		fatal(exitFailure, err)
	}
	if res.Signal != 0 {
		signals.Reraise(res.Signal)
		return exitSignalBase + int(res.Signal)
	}
	return res.Code
}

func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}

func warn(msg string) { fmt.Fprintf(os.Stderr, "withsecrets: warning: %s\n", msg) }

func fatal(code int, err error) {
	fmt.Fprintf(os.Stderr, "withsecrets: error: %v\n", err)
	os.Exit(code)
}
