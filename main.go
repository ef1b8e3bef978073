// Command withsecrets runs a command with the secrets of Streamlit's
// secrets.toml files in its environment, resolved exactly as Streamlit
// resolves them. See README.md.
package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

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
	JSONVar      string           `name:"json-var" default:"SECRETS_JSON" env:"WITHSECRETS_JSON_VAR" placeholder:"NAME" help:"Variable that holds the whole tree as JSON (default ${default}); empty turns it off."`
	AllowMissing bool             `env:"WITHSECRETS_ALLOW_MISSING" help:"Run the command even when no default secrets file exists (a --file must)."`
	PTY          string           `name:"pty" enum:"auto,always,never" default:"auto" env:"WITHSECRETS_PTY" help:"Run the command on its own pseudo-terminal: auto (when stdin and stdout are terminals), always, never."`
	Mask         bool             `env:"WITHSECRETS_MASK" help:"Replace secret values in the command's output with ******."`
	Export       exportFormat     `xor:"mode" placeholder:"FORMAT" help:"Print what the command would get as shell (export NAME='value'), dotenv or json, and exit; a command, if given, is not run."`
	Check        bool             `xor:"mode" help:"List the files looked at, where each key comes from, and problems (never values), and exit: 0 clean, 1 problems found, 125 on errors."`
	Version      kong.VersionFlag `help:"Print the version and exit."`
	Command      []string         `arg:"" optional:"" passthrough:"partial" help:"The command to run, and its arguments."`
}

func main() {
	// withsecrets re-executes itself as the pty's monitor (launch/monitor_unix.go).
	if code, ok := launch.Monitor(); ok {
		os.Exit(code)
	}
	defer func() {
		// A panic's value may quote a secret: never print it, nor the trace.
		if r := recover(); r != nil {
			fatal(exitFailure, errors.New("internal error (a bug in withsecrets; please report it)"))
		}
	}()
	// The environment as withsecrets got it, taken before parse: parseKong
	// hides empty WITHSECRETS_ variables from Kong and sets them again,
	// which moves them to the end, and the command must get every variable
	// withsecrets does not set where it stood.
	environ := os.Environ()
	var c cli
	parse(&c, environ)
	switch {
	case c.Check:
		os.Exit(check(&c, environ))
	case c.Export != "":
		os.Exit(export(&c))
	}
	os.Exit(run(&c, environ))
}

// parse fills c from the command line. Building Kong's model by reflection
// costs about half a millisecond, as much as the rest of a run; when no flag
// and no WITHSECRETS_ variable is given there is nothing for it to do, so
// that common case skips it.
func parse(c *cli, environ []string) {
	// On a #! line, options arrive as one argument: see launch.ShebangArgs.
	args, err := launch.ShebangArgs(os.Args[1:], os.Getenv)
	if err != nil {
		fatal(exitFailure, err)
	}
	if plain(args, environ) {
		c.JSONVar, c.PTY, c.Command = envmap.DefaultJSONVar, string(launch.Auto), args
		return
	}
	if err := parseKong(c, args); err != nil {
		fatal(exitFailure, err)
	}
}

func parseKong(c *cli, args []string) error {
	// An empty variable reads as unset (Environment=WITHSECRETS_MASK= in a
	// systemd unit, VAR= in a compose file clear a setting), except the
	// JSON variable's, where empty means off. Kong would refuse "" as a
	// boolean or take it as a path: hide such variables from it, and put
	// them back for the command.
	for _, name := range []string{"WITHSECRETS_FILE", "WITHSECRETS_ALLOW_MISSING", "WITHSECRETS_PTY", "WITHSECRETS_MASK"} {
		if v, ok := os.LookupEnv(name); ok && v == "" {
			os.Unsetenv(name)
			defer os.Setenv(name, "")
		}
	}
	// --help and --version print and exit from inside Parse: a failed
	// write is an error there too, as env --help >/dev/full is.
	stdout := &checkedWriter{w: os.Stdout}
	parser, err := kong.New(c,
		kong.Name("withsecrets"),
		kong.Description("Run COMMAND with the secrets of Streamlit's secrets.toml files in its environment."),
		kong.Vars{"version": version()},
		kong.Help(help),
		kong.Writers(stdout, os.Stderr),
		kong.Exit(func(code int) {
			if code == 0 && stdout.err != nil {
				fatal(exitFailure, stdout.err)
			}
			os.Exit(code)
		}),
	)
	if err != nil {
		return err
	}
	if _, err := parser.Parse(args); err != nil {
		// Kong names its own tokens when a flag comes last without its
		// value (expected string value but got "EOL" (<EOL>)).
		if flag, rest, ok := strings.Cut(err.Error(), ": "); ok && (strings.HasSuffix(rest, `but got "EOL" (<EOL>)`) || strings.HasPrefix(rest, "missing value")) {
			return fmt.Errorf("%s: its value is missing", flag)
		}
		return err
	}
	for _, f := range c.File {
		if f == "" {
			return errors.New("--file: an empty path names no file")
		}
	}
	if len(c.Command) > 0 && c.Command[0] == "--" {
		c.Command = c.Command[1:]
	}
	if len(c.Command) == 0 && !c.Check && c.Export == "" {
		return errors.New("no command given (see withsecrets --help)")
	}
	return nil
}

// checkedWriter keeps the first error of its writes.
type checkedWriter struct {
	w   io.Writer
	err error
}

func (c *checkedWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	if err != nil && c.err == nil {
		c.err = err
	}
	return n, err
}

// exportFormat refuses an empty --export=, which would otherwise read as no
// --export at all and run the command instead of printing (--export=$FMT
// with FMT unset).
type exportFormat string

func (f *exportFormat) Decode(ctx *kong.DecodeContext) error {
	var s string
	if err := ctx.Scan.PopValueInto("format", &s); err != nil {
		return err
	}
	if s == "" {
		return errors.New("an empty format names none (want shell, dotenv or json)")
	}
	// Checked here so that a usage error comes before any about the files.
	if s != envmap.Shell && s != envmap.Dotenv && s != envmap.JSONFormat {
		return fmt.Errorf("unknown export format %q (want shell, dotenv or json)", s)
	}
	*f = exportFormat(s)
	return nil
}

// help is Kong's help with the usage line in the order the command line
// takes: flags, then the command, whose own flags follow it.
func help(options kong.HelpOptions, ctx *kong.Context) error {
	var b bytes.Buffer
	out := ctx.Stdout
	ctx.Stdout = &b
	err := kong.DefaultHelpPrinter(options, ctx)
	ctx.Stdout = out
	text := strings.Replace(b.String(), "withsecrets [<command> ...] [flags]", "withsecrets [flags] COMMAND [ARG...]", 1)
	_, _ = io.WriteString(out, text)
	return err
}

func plain(args, env []string) bool {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return false
	}
	for _, kv := range env {
		if strings.HasPrefix(kv, "WITHSECRETS_") {
			return false
		}
	}
	return true
}

// load reads the secrets that c selects; allowMissing overrides
// --allow-missing for --check, which reports a missing file itself.
func load(c *cli, allowMissing bool) *resolve.Secrets {
	opts := resolve.Options{AllowMissing: allowMissing}
	if len(c.File) > 0 {
		opts.Files = c.File
	} else {
		// Only the project file needs the current folder: a removed one
		// leaves that file out, with a warning, since there is no path to
		// look at, and is no obstacle to --file, as it is none to env.
		cwd, err := os.Getwd()
		if err != nil {
			warn(fmt.Sprintf("cannot find the current folder (%v): its .streamlit/secrets.toml is not read", err))
			cwd = ""
		}
		opts.Home = resolve.Home()
		opts.Cwd, opts.Script = cwd, resolve.ScriptOf(c.Command)
	}
	s, err := resolve.Load(opts)
	if err != nil {
		fatal(exitFailure, err)
	}
	return s
}

// check is --check: the report on stdout, 0 clean, 1 with findings, 125
// when the secrets could not be read or could not become variables.
func check(c *cli, environ []string) int {
	s := load(c, true)
	r := resolve.Check(s, resolve.CheckOptions{AllowMissing: c.AllowMissing})
	// What would stop a run stops the check before its report, which
	// would otherwise end in "no problems found".
	vars, err := envmap.Vars(s, c.JSONVar)
	if err != nil {
		fatal(exitFailure, err)
	}
	if err := envmap.CheckExecSize(nil, envmap.Environ(environ, vars), vars); err != nil {
		fatal(exitFailure, err)
	}
	if _, err := io.WriteString(os.Stdout, r.Format()); err != nil {
		fatal(exitFailure, err)
	}
	if len(r.Findings) > 0 {
		return 1
	}
	return 0
}

// export is --export: what the command would get, on stdout.
func export(c *cli) int {
	s, vars := loadVars(c)
	out, warnings, err := envmap.Export(string(c.Export), vars, s.Tree)
	if err != nil {
		fatal(exitFailure, err)
	}
	for _, w := range warnings {
		warn(w)
	}
	if _, err := os.Stdout.Write(out); err != nil {
		fatal(exitFailure, err)
	}
	return 0
}

// loadVars reads the secrets, warns about their files, and turns them into
// the command's variables.
func loadVars(c *cli) (*resolve.Secrets, []envmap.Var) {
	s := load(c, c.AllowMissing)
	for _, w := range s.Warnings() {
		warn(w)
	}
	vars, err := envmap.Vars(s, c.JSONVar)
	if err != nil {
		fatal(exitFailure, err)
	}
	return s, vars
}

// run runs the command with environ, withsecrets' own environment, and the
// secrets' variables.
func run(c *cli, environ []string) int {
	s, vars := loadVars(c)
	spec := launch.Spec{Argv: c.Command, Env: envmap.Environ(environ, vars), Mode: launch.Mode(c.PTY)}
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
	if res.Lost != nil {
		// The command may have succeeded, its output did not arrive: as
		// a shell's `echo hi >/dev/full` fails, so does withsecrets.
		fmt.Fprintf(os.Stderr, "withsecrets: error: the command's output could not be written: %v\n", res.Lost)
		if res.Signal == 0 && res.Code == 0 {
			return exitFailure
		}
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
