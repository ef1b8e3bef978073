package launch

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/withsecrets/withsecrets/resolve"
)

// A #! line can carry one argument only: Linux hands everything after the
// interpreter's path to it as a single string, so
//
//	#!/usr/local/bin/withsecrets --json-var=CFG python3
//
// run as "./tool.py a b" arrives as
//
//	withsecrets "--json-var=CFG python3" ./tool.py a b
//
// (macOS splits the line at blanks itself, and "#!/usr/bin/env -S" splits it
// before withsecrets runs: both arrive already split.)
//
// The rule for when to split, chosen so that no hand-typed command line is
// ever changed by accident: the first argument is split only when it holds
// blank space AND the second argument is a file whose first line is a #! line
// whose text after the interpreter's path begins with exactly that first
// argument. That is precisely the shebang case. A hand-typed
// `withsecrets "--file=my secrets.toml" cmd` or `withsecrets "my prog"` is
// left alone, because "cmd" or the next argument is not a script whose #!
// line repeats it. The script's own arguments (args[2:]) are never touched.

// maxShebang is how much of a script's first line is read: Linux reads at
// most 256 bytes (BINPRM_BUF_SIZE), macOS 512.
const maxShebang = 512

// ShebangArgs returns args (os.Args[1:]) with a #! line's option string split
// as `env -S` splits it, or args unchanged when this is not a #! invocation.
// getenv serves ${NAME} in the string.
func ShebangArgs(args []string, getenv func(string) string) ([]string, error) {
	if len(args) < 2 || !strings.ContainsAny(args[0], " \t\n\v\f\r") {
		return args, nil
	}
	rest, ok := shebangRest(args[1])
	if !ok || !strings.HasPrefix(rest, strings.TrimSpace(args[0])) {
		return args, nil
	}
	split, err := SplitString(args[0], getenv)
	if err != nil {
		return nil, fmt.Errorf("%s: #! line: %w", args[1], err)
	}
	return append(split, args[1:]...), nil
}

// shebangRest returns what follows the interpreter's path on the #! line
// of the file at path, and whether it has a #! line.
func shebangRest(path string) (string, bool) {
	l, ok := shebangInterpreter(path)
	return l.args, ok
}

// ErrSplit is wrapped by every error of SplitString.
var ErrSplit = errors.New("cannot split")

// SplitString splits s into arguments as GNU env -S does (and FreeBSD env -S,
// which it follows):
//
//   - blanks (space, tab, \n, \v, \f, \r) separate arguments;
//   - '...' keeps everything literally but \\ and \';
//   - "..." keeps blanks, and takes the escapes below and ${NAME};
//   - outside quotes and inside "...": \" \' \\ \# \$ give the character,
//     \f \n \r \t \v the control character, \_ a space inside "..." and an
//     argument break outside, \c (outside "...") ends the string;
//   - ${NAME} is NAME's value (empty when unset), never split; $NAME is an
//     error, as it is for env;
//   - # at the start of an argument begins a comment to the end;
//   - any other backslash, a backslash at the end, or an unclosed quote is
//     an error.
func SplitString(s string, getenv func(string) string) ([]string, error) {
	var (
		args  []string
		cur   strings.Builder
		inArg bool // an argument has started, possibly empty ('')
		quote byte // 0, '\'' or '"'
	)
	end := func() {
		if inArg {
			args = append(args, cur.String())
			cur.Reset()
			inArg = false
		}
	}
	fail := func(format string, a ...any) ([]string, error) {
		return nil, fmt.Errorf("%w: "+format, append([]any{ErrSplit}, a...)...)
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if quote == '\'' {
			switch {
			case c == '\'':
				quote = 0
			case c == '\\' && i+1 < len(s) && (s[i+1] == '\\' || s[i+1] == '\''):
				i++
				cur.WriteByte(s[i])
			default:
				cur.WriteByte(c)
			}
			continue
		}
		switch c {
		case ' ', '\t', '\n', '\v', '\f', '\r':
			if quote == '"' {
				cur.WriteByte(c)
			} else {
				end()
			}
		case '#':
			if quote == 0 && !inArg {
				return args, nil
			}
			cur.WriteByte(c)
			inArg = true
		case '\'':
			if quote == 0 {
				quote, inArg = '\'', true
			} else {
				cur.WriteByte(c)
			}
		case '"':
			if quote == 0 {
				quote, inArg = '"', true
			} else {
				quote = 0
			}
		case '\\':
			if i+1 >= len(s) {
				return fail("backslash at the end of the string")
			}
			i++
			switch e := s[i]; e {
			case '_':
				if quote == '"' {
					cur.WriteByte(' ')
				} else {
					end()
				}
				continue
			case 'c':
				if quote == '"' {
					return fail(`\c inside double quotes`)
				}
				end()
				return args, nil
			case 'f':
				cur.WriteByte('\f')
			case 'n':
				cur.WriteByte('\n')
			case 'r':
				cur.WriteByte('\r')
			case 't':
				cur.WriteByte('\t')
			case 'v':
				cur.WriteByte('\v')
			case '"', '\'', '\\', '#', '$':
				cur.WriteByte(e)
			default:
				return fail(`unknown escape \%c`, e)
			}
			inArg = true
		case '$':
			name, n, ok := varName(s[i:])
			if !ok {
				return fail("only ${NAME} is expanded, at offset %d", i)
			}
			// As in env, an empty expansion does not start an argument:
			// an unset ${X} between blanks gives no argument at all.
			v := getenv(name)
			cur.WriteString(v)
			inArg = inArg || v != ""
			i += n - 1
		default:
			cur.WriteByte(c)
			inArg = true
		}
	}
	if quote != 0 {
		return fail("no closing %c quote", quote)
	}
	end()
	return args, nil
}

// varName reads ${NAME} at the start of s, NAME being a C identifier, and
// returns NAME and the length of the whole.
func varName(s string) (string, int, bool) {
	if !strings.HasPrefix(s, "${") {
		return "", 0, false
	}
	j := strings.IndexByte(s, '}')
	if j < 0 {
		return "", 0, false
	}
	name := s[2:j]
	if !resolve.IsShellName(name) {
		return "", 0, false
	}
	return name, j + 1, true
}

// checkSelfShebang refuses a command that is a script whose #! line runs
// withsecrets itself with options but no command (#!/usr/local/bin/withsecrets
// or #!/usr/local/bin/withsecrets --mask, or the same through
// #!/usr/bin/env [-S]): running it would start withsecrets on the same
// script again, forever (with --mask, a growing chain of processes).
func checkSelfShebang(path string) error {
	rest, ok := shebangInterpreter(path)
	if !ok {
		return nil
	}
	self, err := os.Executable()
	if err != nil {
		return nil
	}
	var words []string    // the #! line's words that withsecrets gets as options
	var arrive [][]string // how they arrive in its argv, before the script
	switch {
	case resolve.SameFile(self, rest.interp):
		if words, err = SplitString(rest.args, func(string) string { return "" }); err != nil {
			return nil // the #! invocation will report the quoting itself
		}
		if rest.args != "" {
			// As one argument (Linux), or split at blanks (macOS).
			arrive = [][]string{{rest.args}, strings.Fields(rest.args)}
		}
	case filepath.Base(rest.interp) == "env":
		// #!/usr/bin/env withsecrets, or env -S with options: env runs
		// its command, found on PATH, with the words after it.
		if rest.args != "" {
			words = envCommand([]string{rest.args})
		}
		if len(words) == 0 {
			return nil
		}
		prog, err := LookPath(words[0], os.Environ())
		if err != nil || !resolve.SameFile(self, prog) {
			return nil
		}
		words = words[1:]
		arrive = [][]string{words}
	default:
		return nil
	}
	loops := true
	for _, w := range words {
		loops = loops && strings.HasPrefix(w, "-")
	}
	// An option's value ("-f FILE", "--pty never") is no command either,
	// but only the flag parser knows which options take one. That loop is
	// caught one turn later instead: this run was started by the script's
	// own #! line, and would now run that same script.
	for _, a := range arrive {
		loops = loops || startedBy(a, path, os.Args)
	}
	if loops {
		return &Error{Name: path, Kind: ErrCannotRun, Cause: errors.New("its #! line runs withsecrets without a command to run the script with (write e.g. #!/usr/local/bin/withsecrets python3)")}
	}
	return nil
}

// checkWrapperRunsSelf refuses a wrapper that runs its argument (env, nohup,
// nice, setsid) as the command when what it would run is the script whose
// #! line started this run (#!/usr/local/bin/withsecrets env, for
// #!/usr/bin/env withsecrets): the wrapper would run the script again,
// which would run withsecrets again, forever.
func checkWrapperRunsSelf(path string, s Spec) error {
	wrapper := filepath.Base(path)
	var words []string
	switch wrapper {
	case "env":
		words = envCommand(s.Argv[1:])
	case "nohup", "nice", "setsid":
		words = wrappedCommand(wrapper, s.Argv[1:])
	}
	if len(words) == 0 {
		return nil
	}
	script, err := LookPath(words[0], s.Env)
	if err != nil || checkSelfShebang(script) == nil {
		return nil
	}
	return &Error{Name: script, Kind: ErrCannotRun, Cause: fmt.Errorf("its #! line runs withsecrets without a command to run the script with: %s runs the script itself again (write e.g. #!/usr/local/bin/withsecrets %s python3)", wrapper, wrapper)}
}

// wrappedCommand returns the command and arguments that nohup, nice or
// setsid (coreutils, util-linux) run when given args: past their options,
// of which only nice's -n takes a value. nil on an option it does not know.
func wrappedCommand(wrapper string, args []string) []string {
	for len(args) > 0 {
		a := args[0]
		switch {
		case a == "--":
			return args[1:]
		case !strings.HasPrefix(a, "-") || a == "-":
			return args
		case wrapper == "nice" && (a == "-n" || a == "--adjustment"):
			if len(args) < 2 {
				return nil
			}
			args = args[1:]
		case wrapper == "nice" && (strings.HasPrefix(a, "-n") || strings.HasPrefix(a, "--adjustment=") || isNumber(a[1:])):
		case wrapper == "setsid" && slices.Contains([]string{"-c", "-f", "-w", "--ctty", "--fork", "--wait"}, a):
		default:
			return nil
		}
		args = args[1:]
	}
	return nil
}

// isNumber tells a nice increment written the old way (-5, --5 is -(-5)).
func isNumber(s string) bool {
	s = strings.TrimPrefix(s, "-")
	_, err := strconv.Atoi(s)
	return err == nil
}

// envCommand returns the command and arguments GNU or BSD env runs when
// given args: past its options (-S splits a string into more arguments and
// options, -u and -C take a value) and NAME=VALUE assignments. nil when
// env would run nothing, or on an option it does not know.
func envCommand(args []string) []string {
	for len(args) > 0 {
		a := args[0]
		args = args[1:]
		switch {
		case a == "--":
			return skipAssignments(args)
		case a == "-":
			// The old spelling of -i.
		case a == "-S":
			if len(args) == 0 {
				return nil
			}
			a, args = "-S"+args[0], args[1:]
			fallthrough
		case strings.HasPrefix(a, "-S"):
			words, err := SplitString(a[2:], os.Getenv)
			if err != nil {
				return nil
			}
			args = append(words, args...)
		case strings.HasPrefix(a, "--"):
			// Long options, which getopt takes by any unambiguous prefix.
			name, val, hasVal := strings.Cut(a[2:], "=")
			opt := envLongOption(name)
			switch {
			case opt == "":
				return nil
			case opt == "split-string" || opt == "unset" || opt == "chdir":
				if !hasVal {
					if len(args) == 0 {
						return nil
					}
					val, args = args[0], args[1:]
				}
				if opt == "split-string" {
					words, err := SplitString(val, os.Getenv)
					if err != nil {
						return nil
					}
					args = append(words, args...)
				}
			}
		case strings.HasPrefix(a, "-") && len(a) > 1:
			// A cluster of short options: -iv, -vS..., -uNAME.
			for i := 1; i < len(a); i++ {
				switch a[i] {
				case 'i', '0', 'v':
					continue
				case 'u', 'C':
					if i+1 == len(a) {
						if len(args) == 0 {
							return nil
						}
						args = args[1:]
					}
				case 'S':
					args = append([]string{"-S" + a[i+1:]}, args...)
				default:
					return nil
				}
				break
			}
		default:
			return skipAssignments(append([]string{a}, args...))
		}
	}
	return nil
}

// envLongOption is the long option of env that name abbreviates, or "" for
// none or more than one.
func envLongOption(name string) string {
	found := ""
	for _, o := range []string{"ignore-environment", "null", "unset", "chdir", "split-string",
		"debug", "default-signal", "ignore-signal", "block-signal", "list-signal-handling"} {
		if o == name {
			return o
		}
		if name != "" && strings.HasPrefix(o, name) {
			if found != "" {
				return ""
			}
			found = o
		}
	}
	return found
}

func skipAssignments(args []string) []string {
	for len(args) > 0 && strings.Contains(args[0], "=") {
		args = args[1:]
	}
	if len(args) == 0 {
		return nil
	}
	return args
}

// startedBy reports whether argv is withsecrets started with words, then
// the script at path: how a #! line runs its interpreter.
func startedBy(words []string, path string, argv []string) bool {
	n := len(words) + 1
	return len(argv) > n && slices.Equal(argv[1:n], words) && resolve.SameFile(argv[n], path)
}

type shebangLine struct{ interp, args string }

// shebangInterpreter reads the #! line of the file at path.
func shebangInterpreter(path string) (shebangLine, bool) {
	var buf [maxShebang]byte
	n := readHead(path, buf[:])
	line, ok := strings.CutPrefix(string(buf[:n]), "#!")
	if !ok {
		return shebangLine{}, false
	}
	if i := strings.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	line = strings.TrimSpace(line)
	if i := strings.IndexAny(line, " \t"); i >= 0 {
		return shebangLine{interp: line[:i], args: strings.TrimSpace(line[i:])}, true
	}
	return shebangLine{interp: line}, true
}
