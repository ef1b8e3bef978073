package launch

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
)

var splitCases = []struct {
	in   string
	want []string // nil with err
	err  bool
}{
	{in: "--mask python3", want: []string{"--mask", "python3"}},
	{in: "--json-var=CFG python3", want: []string{"--json-var=CFG", "python3"}},
	{in: `-f "my secrets.toml" python3 -u`, want: []string{"-f", "my secrets.toml", "python3", "-u"}},
	{in: "a${WS_T}b ${WS_UNSET} c", want: []string{"av a lb", "c"}},
	{in: "${WS_T} x", want: []string{"v a l", "x"}},
	{in: "'' x", want: []string{"", "x"}},
	{in: `"" x`, want: []string{"", "x"}},
	{in: `a\_b "c\_d" \#e f#g #h i`, want: []string{"a", "b", "c d", "#e", "f#g"}},
	{in: `a\cb c`, want: []string{"a"}},
	{in: `'a\b\\c\'d' "x\"y"`, want: []string{`a\b\c'd`, `x"y`}},
	{in: `a"b"c`, want: []string{"abc"}},
	{in: "  spaced \t  out  ", want: []string{"spaced", "out"}},
	{in: `\_\_x`, want: []string{"x"}},
	{in: `"${WS_T}" '${WS_T}'`, want: []string{"v a l", "${WS_T}"}},
	{in: `tab\there \n \$x \\`, want: []string{"tab\there", "\n", "$x", `\`}},
	{in: "a\vb\fc\rd\ne", want: []string{"a", "b", "c", "d", "e"}},
	{in: `"it's" 'say "hi"'`, want: []string{"it's", `say "hi"`}},
	{in: "héllo wörld", want: []string{"héllo", "wörld"}},
	{in: `"a\cb"`, err: true},
	{in: "$HOME", err: true},
	{in: `\q`, err: true},
	{in: `"a`, err: true},
	{in: `'a`, err: true},
	{in: `a\`, err: true},
	{in: "${1A}", err: true},
	{in: "${HOME", err: true},
}

func TestSplitString(t *testing.T) {
	t.Setenv("WS_T", "v a l")
	for _, c := range splitCases {
		t.Run(c.in, func(t *testing.T) {
			got, err := SplitString(c.in, os.Getenv)
			if c.err {
				if !errors.Is(err, ErrSplit) {
					t.Fatalf("got %q, %v; want an ErrSplit error", got, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, c.want) && !(len(got) == 0 && len(c.want) == 0) {
				t.Fatalf("got %q, want %q", got, c.want)
			}
		})
	}
}

// TestSplitStringMatchesEnv runs the same strings through the system's own
// `env -S` (GNU coreutils 8.30+ or a BSD env) and compares, argument for
// argument, so the table above cannot drift from the real thing.
func TestSplitStringMatchesEnv(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no env -S on Windows")
	}
	if err := exec.Command("env", "-S", "true").Run(); err != nil {
		t.Skip("this env has no -S:", err)
	}
	t.Setenv("WS_T", "v a l")
	// The prefix prints each argument after it NUL-terminated; it ends in a
	// blank so the case string starts a new argument, as on a #! line.
	const prefix = `sh -c 'printf "%s\0" "$@"' sh `
	for _, c := range splitCases {
		t.Run(c.in, func(t *testing.T) {
			var out, errb bytes.Buffer
			cmd := exec.Command("env", "-S", prefix+c.in)
			cmd.Stdout, cmd.Stderr = &out, &errb
			err := cmd.Run()
			if c.err {
				if err == nil {
					t.Fatalf("env -S accepted it: %q", out.String())
				}
				return
			}
			if err != nil {
				t.Fatalf("env -S: %v: %s", err, errb.String())
			}
			var envArgs []string
			if out.Len() > 0 {
				envArgs = strings.Split(strings.TrimSuffix(out.String(), "\x00"), "\x00")
			}
			got, _ := SplitString(c.in, os.Getenv)
			if len(got) != len(envArgs) || (len(got) > 0 && !reflect.DeepEqual(got, envArgs)) {
				t.Fatalf("SplitString gives %q, env -S gives %q", got, envArgs)
			}
		})
	}
}

func TestShebangArgs(t *testing.T) {
	dir := t.TempDir()
	script := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o700); err != nil {
			t.Fatal(err)
		}
		return p
	}
	opts := script("opts.py", "#!/usr/local/bin/withsecrets --json-var=CFG python3\nprint(1)\n")
	quoted := script("quoted.py", "#! /opt/ws/withsecrets  -f \"my secrets.toml\" python3 -u  \r\nprint(1)\n")
	plain := script("plain.py", "#!/usr/local/bin/withsecrets python3\n")
	other := script("other.sh", "#!/bin/sh -e\necho\n")
	text := script("notes.txt", "--json-var=CFG python3\n")

	cases := []struct {
		name string
		in   []string
		want []string
	}{
		{"options on the #! line", []string{"--json-var=CFG python3", opts, "a b", "--help", "-x"},
			[]string{"--json-var=CFG", "python3", opts, "a b", "--help", "-x"}},
		{"quotes and CRLF on the #! line", []string{`-f "my secrets.toml" python3 -u`, quoted},
			[]string{"-f", "my secrets.toml", "python3", "-u", quoted}},
		{"no options: nothing to split", []string{"python3", plain, "a  b"},
			[]string{"python3", plain, "a  b"}},
		{"typed by hand with a blank in a flag", []string{"--file=my secrets.toml", "python3", plain},
			[]string{"--file=my secrets.toml", "python3", plain}},
		{"a #! line that says something else", []string{"--json-var=CFG python3", other},
			[]string{"--json-var=CFG python3", other}},
		{"not a #! file", []string{"--json-var=CFG python3", text},
			[]string{"--json-var=CFG python3", text}},
		{"no such file", []string{"--json-var=CFG python3", filepath.Join(dir, "nope")},
			[]string{"--json-var=CFG python3", filepath.Join(dir, "nope")}},
		{"one argument", []string{"--mask python3"}, []string{"--mask python3"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := ShebangArgs(c.in, os.Getenv)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Fatalf("got %q, want %q", got, c.want)
			}
		})
	}

	bad := script("bad.py", "#!/usr/local/bin/withsecrets --mask \"python3\n")
	if _, err := ShebangArgs([]string{`--mask "python3`, bad}, os.Getenv); !errors.Is(err, ErrSplit) || !strings.Contains(err.Error(), bad) {
		t.Fatalf("an unclosed quote on the #! line: got %v, want an error naming the script", err)
	}
}

func TestCheckSelfShebang(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Skip(err)
	}
	dir := t.TempDir()
	for _, c := range []struct {
		line  string
		loops bool
	}{
		{"#!" + self + "\n", true},
		{"#!" + self + " --mask --pty=never\n", true},
		{"#! " + self + "\t--mask \n", true},
		{"#!" + self + " python3\n", false},
		{"#!" + self + " --json-var=CFG python3 -u\n", false},
		{"#!/bin/sh\n", false},
		{"echo no shebang\n", false},
	} {
		t.Run(c.line, func(t *testing.T) {
			p := filepath.Join(dir, "script")
			if err := os.WriteFile(p, []byte(c.line+"body\n"), 0o700); err != nil {
				t.Fatal(err)
			}
			err := checkSelfShebang(p)
			if c.loops != (err != nil) || (err != nil && !errors.Is(err, ErrCannotRun)) {
				t.Fatalf("got %v, want a loop reported: %v", err, c.loops)
			}
		})
	}
}

// TestEnvCommand: what env runs for a #!/usr/bin/env line's one argument
// (the kernel passes the line's rest whole), so that a line leading back to
// withsecrets with no command is seen whatever env options it carries.
func TestEnvCommand(t *testing.T) {
	for _, c := range []struct {
		arg  string
		want []string
	}{
		{"withsecrets", []string{"withsecrets"}},
		{"-S withsecrets --mask", []string{"withsecrets", "--mask"}},
		{"-S LOG_LEVEL=debug withsecrets --mask", []string{"withsecrets", "--mask"}},
		{"-S -u FOO withsecrets --mask", []string{"withsecrets", "--mask"}},
		{"-S -uFOO -i withsecrets", []string{"withsecrets"}},
		{"-S -- withsecrets --mask", []string{"withsecrets", "--mask"}},
		{"-S -v withsecrets --mask", []string{"withsecrets", "--mask"}},
		{"-vS withsecrets --mask", []string{"withsecrets", "--mask"}},
		{"--split-string=withsecrets --mask", []string{"withsecrets", "--mask"}},
		{"-S -C /tmp withsecrets python3", []string{"withsecrets", "python3"}},
		{"-S 'with secrets' x", []string{"with secrets", "x"}},
		// Without -S the whole rest is one word: env would look for a
		// program named "withsecrets --mask", or take an assignment.
		{"withsecrets --mask", []string{"withsecrets --mask"}},
		{"VAR=1 withsecrets", nil},
		{"-S VAR=1", nil},
		{"-S -Z withsecrets", nil}, // an option env may not know: no guess
		// getopt takes a long option by any unambiguous prefix.
		{"--split=withsecrets --mask", []string{"withsecrets", "--mask"}},
		{"--spl=withsecrets", []string{"withsecrets"}},
		{"-S --ch /tmp withsecrets", []string{"withsecrets"}},
		{"-S --uns FOO withsecrets", []string{"withsecrets"}},
		{"-S --un=FOO --ignore-e withsecrets", []string{"withsecrets"}},
		{"-S --ign withsecrets", nil}, // ignore-environment or ignore-signal
		{"-S --d withsecrets", nil},   // --debug or --default-signal: ambiguous
		{"-S - withsecrets --mask", []string{"withsecrets", "--mask"}},
	} {
		t.Run(c.arg, func(t *testing.T) {
			if got := envCommand([]string{c.arg}); !slices.Equal(got, c.want) {
				t.Errorf("envCommand(%q) = %q, want %q", c.arg, got, c.want)
			}
		})
	}
}

func TestWrappedCommand(t *testing.T) {
	for _, c := range []struct {
		wrapper string
		args    []string
		want    []string
	}{
		{"nohup", []string{"./s.py", "a"}, []string{"./s.py", "a"}},
		{"nohup", []string{"--", "./s.py"}, []string{"./s.py"}},
		{"nohup", []string{"-x", "./s.py"}, nil}, // an option nohup does not know: no guess
		{"nice", []string{"./s.py"}, []string{"./s.py"}},
		{"nice", []string{"-n", "5", "./s.py"}, []string{"./s.py"}},
		{"nice", []string{"-n5", "./s.py"}, []string{"./s.py"}},
		{"nice", []string{"-5", "./s.py"}, []string{"./s.py"}},
		{"nice", []string{"--adjustment=5", "./s.py"}, []string{"./s.py"}},
		{"nice", []string{"--adjustment", "5", "--", "./s.py"}, []string{"./s.py"}},
		{"nice", []string{"-n"}, nil},
		{"setsid", []string{"-w", "-c", "./s.py"}, []string{"./s.py"}},
		{"setsid", []string{"--fork", "./s.py"}, []string{"./s.py"}},
		{"setsid", []string{"-n", "5", "./s.py"}, nil},
		{"nohup", nil, nil},
	} {
		t.Run(c.wrapper+" "+strings.Join(c.args, " "), func(t *testing.T) {
			if got := wrappedCommand(c.wrapper, c.args); !slices.Equal(got, c.want) {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}
