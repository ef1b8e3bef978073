package envmap

import (
	"bytes"
	"fmt"
	"os/exec"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/withsecrets/withsecrets/resolve"
)

// hostile are values that break naive quoting, one per variable.
var hostile = []string{
	"plain",
	"",
	"it's",
	`'`,
	`''''`,
	`"double"`,
	`$HOME ${HOME} $(id) ` + "`id`",
	`back\slash \\ \n \' \"`,
	`ends in a backslash\`,
	"line one\nline two\n",
	"\n\n",
	"cr\r\nlf",
	"tab\there",
	"héllo wörld ✓ 日本 🎉",
	"!event !! ^caret ~tilde *glob? [a-z] {a,b} ; & | < > # %",
	"- leading dash",
	"  surrounding spaces  ",
	"\x01\x1b[31mred\x1b[0m\x7f",
	"\xff\xfe not utf-8",
	"=equals=",
}

func hostileVars() []Var {
	vars := make([]Var, len(hostile))
	for i, v := range hostile {
		vars[i] = Var{Name: fmt.Sprintf("V%d", i), Value: v}
	}
	return vars
}

// TestExportShellEval evals --export=shell output in every POSIX shell at
// hand and reads each variable back byte for byte.
func TestExportShellEval(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no POSIX shell")
	}
	out, warnings, err := Export(Shell, hostileVars(), resolve.NewTable())
	if err != nil || len(warnings) != 0 {
		t.Fatalf("Export: %v %q", err, warnings)
	}
	var script strings.Builder
	script.WriteString("eval \"$(cat)\" || exit 9\n")
	for i := range hostile {
		fmt.Fprintf(&script, "printf '%%s\\0' \"$V%d\"\n", i)
	}
	ran := 0
	for _, sh := range []string{"bash", "dash", "sh", "zsh", "ksh"} {
		path, err := exec.LookPath(sh)
		if err != nil {
			continue
		}
		ran++
		t.Run(sh, func(t *testing.T) {
			cmd := exec.Command(path, "-c", script.String())
			cmd.Stdin = bytes.NewReader(out)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Run(); err != nil {
				t.Fatalf("%v: %s", err, stderr.String())
			}
			got := strings.Split(strings.TrimSuffix(stdout.String(), "\x00"), "\x00")
			if len(got) != len(hostile) {
				t.Fatalf("read back %d values, want %d", len(got), len(hostile))
			}
			for i, want := range hostile {
				if got[i] != want {
					t.Errorf("V%d: read back %q, want %q", i, got[i], want)
				}
			}
		})
	}
	if ran == 0 {
		t.Skip("no shell found")
	}
}

func TestExportShellLines(t *testing.T) {
	out, _, err := Export(Shell, []Var{{Name: "A", Value: "it's"}, {Name: "B", Value: "x"}}, resolve.NewTable())
	if err != nil {
		t.Fatal(err)
	}
	if want := "export A='it'\\''s'\nexport B='x'\n"; string(out) != want {
		t.Fatalf("got %q, want %q", out, want)
	}
}

func TestExportSkipsNames(t *testing.T) {
	vars := []Var{
		{Name: "ok_1", Value: "a"},
		{Name: "db-url", Value: "secret-value", Origin: "/p/secrets.toml"},
		{Name: "1st", Value: "secret-value"},
		{Name: "with space", Value: "secret-value"},
		{Name: "UID", Value: "secret-value"},
		{Name: "OPTIND", Value: "secret-value"},
		{Name: "RANDOM", Value: "secret-value"},
		{Name: "status", Value: "secret-value"},   // read-only in zsh
		{Name: "path", Value: "secret-value"},     // zsh's array tied to PATH
		{Name: "HISTSIZE", Value: "secret-value"}, // an integer in zsh
		{Name: "PIPESTATUS", Value: "secret-value"},
	}
	for _, c := range []struct {
		format  string
		skipped []string
		out     string
	}{
		{Shell, []string{"db-url", "1st", "with space", "UID", "OPTIND", "RANDOM", "status", "path", "HISTSIZE", "PIPESTATUS"}, "export ok_1='a'\n"},
		{Dotenv, []string{"db-url", "1st", "with space"}, "ok_1='a'\nUID='secret-value'\nOPTIND='secret-value'\nRANDOM='secret-value'\nstatus='secret-value'\npath='secret-value'\nHISTSIZE='secret-value'\nPIPESTATUS='secret-value'\n"},
	} {
		t.Run(c.format, func(t *testing.T) {
			out, warnings, err := Export(c.format, vars, resolve.NewTable())
			if err != nil {
				t.Fatal(err)
			}
			if string(out) != c.out {
				t.Fatalf("got %q, want %q", out, c.out)
			}
			if len(warnings) != len(c.skipped) {
				t.Fatalf("warnings %q, want one for each of %q", warnings, c.skipped)
			}
			for i, w := range warnings {
				if !strings.Contains(w, fmt.Sprintf("%q", c.skipped[i])) || strings.Contains(w, "secret-value") {
					t.Errorf("warning %q: want the key %q named and no value", w, c.skipped[i])
				}
			}
		})
	}
}

// The two readers below follow python-dotenv's parser (src/dotenv/parser.py):
// a single-quoted value decodes \\ and \', a double-quoted one \\ \' \" \a
// \b \f \n \r \t \v; and, as it opens the file in text mode, a raw CR reads
// as a newline. Node's dotenv reads single quotes verbatim.
var (
	pyLine          = regexp.MustCompile(`(?s)^([A-Za-z_][A-Za-z0-9_]*)=('((?:\\'|[^'])*)'|"((?:\\"|[^"])*)")\n`)
	pySingleEscapes = regexp.MustCompile(`\\[\\']`)
	pyDoubleEscapes = regexp.MustCompile(`\\[\\'"abfnrtv]`)
	pyEscape        = map[string]string{`\\`: `\`, `\'`: `'`, `\"`: `"`, `\a`: "\a", `\b`: "\b", `\f`: "\f", `\n`: "\n", `\r`: "\r", `\t`: "\t", `\v`: "\v"}
)

func readPythonDotenv(t *testing.T, text string) map[string]string {
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
	m := map[string]string{}
	for text != "" {
		g := pyLine.FindStringSubmatch(text)
		if g == nil {
			t.Fatalf("python-dotenv would not parse: %q", text)
		}
		decode := func(s string) string { return pyEscape[s] }
		if strings.HasPrefix(g[2], "'") {
			m[g[1]] = pySingleEscapes.ReplaceAllStringFunc(g[3], decode)
		} else {
			m[g[1]] = pyDoubleEscapes.ReplaceAllStringFunc(g[4], decode)
		}
		text = text[len(g[0]):]
	}
	return m
}

func TestExportDotenv(t *testing.T) {
	// Each value alone: a value ending in a backslash is only safe when no
	// later line holds a double quote, and Export warns about it.
	for i, v := range hostile {
		t.Run(fmt.Sprintf("V%d", i), func(t *testing.T) {
			out, warnings, err := Export(Dotenv, []Var{{Name: "V", Value: v}}, resolve.NewTable())
			if err != nil {
				t.Fatal(err)
			}
			if got := readPythonDotenv(t, string(out))["V"]; got != v {
				t.Fatalf("%s reads back as %q, want %q", out, got, v)
			}
			single := strings.HasPrefix(string(out), "V='")
			if single && strings.ContainsAny(v, "'\\\r") {
				t.Fatalf("%q single-quoted, which python-dotenv or Node's dotenv misreads", out)
			}
			if strings.HasSuffix(v, `\`) != (len(warnings) > 0 && strings.Contains(warnings[0], "backslash")) {
				t.Fatalf("warnings %q for a value ending %q", warnings, v[max(0, len(v)-1):])
			}
		})
	}
	t.Run("all in one file", func(t *testing.T) {
		var vars []Var
		for _, v := range hostileVars() {
			if !strings.HasSuffix(v.Value, `\`) {
				vars = append(vars, v)
			}
		}
		out, _, err := Export(Dotenv, vars, resolve.NewTable())
		if err != nil {
			t.Fatal(err)
		}
		m := readPythonDotenv(t, string(out))
		for _, v := range vars {
			if m[v.Name] != v.Value {
				t.Errorf("%s reads back as %q, want %q", v.Name, m[v.Name], v.Value)
			}
		}
	})
}

func TestExportJSON(t *testing.T) {
	tree := resolve.NewTable()
	tree.Set("b", "x\ny")
	inner := resolve.NewTable()
	inner.Set("k", int64(1))
	tree.Set("a", inner)
	out, _, err := Export(JSONFormat, nil, tree)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"b":"x\ny","a":{"k":1}}` + "\n"; string(out) != want {
		t.Fatalf("got %q, want %q", out, want)
	}
	if _, _, err := Export("xml", nil, tree); err == nil {
		t.Fatal("an unknown format was accepted")
	}
}

// TestExportHiddenKeyWarning: a key that may be a piece of a value (after a
// multi-line string closed early, resolve.Pos.Hidden) is named in a warning
// by its position only, as in errors.
func TestExportHiddenKeyWarning(t *testing.T) {
	const piece = "CANARY-7f3a9"
	vars := []Var{
		{Name: piece, Value: "a", Origin: "s.toml", Where: resolve.Pos{Line: 2, Col: 1, Hidden: true}},
		{Name: "RANDOM", Value: "b", Origin: "s.toml", Where: resolve.Pos{Line: 3, Col: 1, Hidden: true}},
		{Name: "V", Value: "${x}", Origin: "s.toml", Where: resolve.Pos{Line: 4, Col: 1, Hidden: true}},
	}
	for _, format := range []string{Shell, Dotenv} {
		t.Run(format, func(t *testing.T) {
			_, warnings, err := Export(format, vars, resolve.NewTable())
			if err != nil {
				t.Fatal(err)
			}
			if len(warnings) == 0 {
				t.Fatal("no warning")
			}
			for _, w := range warnings {
				if strings.Contains(w, piece) || strings.Contains(w, "RANDOM") || strings.Contains(w, `"V"`) {
					t.Errorf("warning names a key that may be a piece of a value: %s", w)
				}
				if !strings.Contains(w, "a key at ") {
					t.Errorf("warning gives no position: %s", w)
				}
			}
		})
	}
}

// TestExportShellSpecialNames: for every variable a shell at hand treats
// specially (zsh's special parameters; bash's own variables, tried in dash
// too), --export=shell either leaves it out or writes an export that the
// shell holds byte for byte: a shell that keeps a piece of the value (zsh
// keeps three characters of HISTCHARS, one of KEYBOARD_HACK) would give the
// commands run after the eval another value than withsecrets gives.
func TestExportShellSpecialNames(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no POSIX shell")
	}
	const value = "se cr$et-value"
	list := func(sh, script string) []string {
		path, err := exec.LookPath(sh)
		if err != nil {
			return nil
		}
		out, err := exec.Command(path, "-c", script).Output()
		if err != nil {
			t.Fatalf("%s: listing its variables: %v", sh, err)
		}
		return strings.Fields(string(out))
	}
	bashNames := list("bash", "compgen -v")
	shells := map[string][]string{
		"zsh":  list("zsh", `zmodload zsh/parameter; for k in ${(k)parameters}; do [[ ${parameters[$k]} == *special* ]] && print -r -- $k; done`),
		"bash": bashNames,
		"dash": bashNames,
	}
	ran := 0
	for _, sh := range []string{"zsh", "bash", "dash"} {
		path, err := exec.LookPath(sh)
		if err != nil || len(shells[sh]) == 0 {
			continue
		}
		ran++
		t.Run(sh, func(t *testing.T) {
			for _, name := range shells[sh] {
				if !resolve.IsShellName(name) {
					continue
				}
				t.Run(name, func(t *testing.T) {
					exp, _, err := Export(Shell, []Var{{Name: name, Value: value}}, resolve.NewTable())
					if err != nil {
						t.Fatal(err)
					}
					if len(exp) == 0 {
						return // left out, with a warning
					}
					cmd := exec.Command(path, "-c", `eval "$(cat)" && printf '%s' "$`+name+`"`)
					cmd.Stdin = bytes.NewReader(exp)
					var stdout, stderr bytes.Buffer
					cmd.Stdout, cmd.Stderr = &stdout, &stderr
					if err := cmd.Run(); err != nil || stdout.String() != value {
						t.Errorf("%s holds %q after %q (%v: %s)", sh, stdout.String(), exp, err, stderr.String())
					}
				})
			}
		})
	}
	if ran == 0 {
		t.Skip("no shell found")
	}
}
