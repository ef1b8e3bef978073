package envmap

import (
	"fmt"
	"strings"

	"github.com/withsecrets/withsecrets/resolve"
)

// Export formats for --export.
const (
	Shell      = "shell"
	Dotenv     = "dotenv"
	JSONFormat = "json"
)

// Export renders what the command would get (vars, from Vars, and for json
// the whole tree) in one of the --export formats. It returns the text, and
// warnings for variables it had to leave out or that some reader of the
// format would not read back exactly; main prints them. No warning holds a
// value.
func Export(format string, vars []Var, tree *resolve.Table) ([]byte, []string, error) {
	if format == JSONFormat {
		return append(JSON(tree), '\n'), nil, nil
	}
	if format != Shell && format != Dotenv {
		return nil, nil, fmt.Errorf("unknown export format %q (want shell, dotenv or json)", format)
	}
	var b []byte
	var warnings []string
	for _, v := range vars {
		// A key after a multi-line string closed early may be a piece of
		// its value (resolve.Pos): named by its position instead.
		key := fmt.Sprintf("key %q", v.Name)
		if v.Where.Hidden {
			key = fmt.Sprintf("a key at %d:%d", v.Where.Line, v.Where.Col)
		}
		where := ""
		if v.Origin != "" {
			where = " (" + v.Origin + ")"
		}
		if !resolve.IsShellName(v.Name) {
			warnings = append(warnings, fmt.Sprintf("%s%s is not a shell variable name: left out of --export=%s (the command still gets it)", key, where, format))
			continue
		}
		if format == Shell {
			if why := resolve.ShellOwnName(v.Name); why != "" {
				warnings = append(warnings, fmt.Sprintf("%s%s %s: left out of --export=shell (the command still gets it)", key, where, why))
				continue
			}
			b = append(b, "export "...)
			b = append(b, v.Name...)
			b = append(b, '=')
			b = AppendShellQuoted(b, v.Value)
		} else {
			b = append(b, v.Name...)
			b = append(b, '=')
			b = AppendDotenvQuoted(b, v.Value)
			if strings.HasSuffix(v.Value, `\`) {
				warnings = append(warnings, fmt.Sprintf("%s%s: its value ends in a backslash, which python-dotenv misreads when a later line holds a double quote", key, where))
			}
			if strings.Contains(v.Value, "${") {
				warnings = append(warnings, fmt.Sprintf("%s%s: python-dotenv expands ${...} in values unless loaded with interpolate=False", key, where))
			}
		}
		b = append(b, '\n')
	}
	return b, warnings, nil
}

// AppendShellQuoted writes s in single quotes, the one POSIX quoting in which
// no byte is special except the quote itself. A quote inside is closed, given
// as \' and reopened (the four bytes quote, backslash, quote, quote). Every
// POSIX shell reads every byte back, newlines and invalid UTF-8 included.
func AppendShellQuoted(b []byte, s string) []byte {
	b = append(b, '\'')
	for i := 0; i < len(s); i++ {
		if s[i] == '\'' {
			b = append(b, `'\''`...)
		} else {
			b = append(b, s[i])
		}
	}
	return append(b, '\'')
}

// AppendDotenvQuoted writes s as a .env value that the dotenv readers agree
// on. Single quotes are read verbatim, newlines included, by python-dotenv
// and Node's dotenv (and docker compose expands nothing inside them), so
// they are used whenever s holds no single quote, no backslash (python-dotenv
// unescapes \\ and \' there) and no carriage return (python-dotenv reads
// the file in text mode and Node's dotenv rewrites line ends, so a raw CR
// would come back as a newline). Otherwise s is double-quoted with \\, \",
// \n and \r escapes, which python-dotenv decodes exactly; Node's dotenv
// decodes only \n and \r there and keeps the other backslashes.
func AppendDotenvQuoted(b []byte, s string) []byte {
	if !strings.ContainsAny(s, "'\\\r") {
		b = append(b, '\'')
		b = append(b, s...)
		return append(b, '\'')
	}
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\', '"':
			b = append(b, '\\', c)
		case '\n':
			b = append(b, `\n`...)
		case '\r':
			b = append(b, `\r`...)
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}
