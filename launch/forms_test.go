package launch

import (
	"net/url"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// TestBackslashQuotedAsShells: backslashQuoted gives what bash's and zsh's
// printf %q give, for every printable ASCII character at the start, in the
// middle, and after = and :.
func TestBackslashQuotedAsShells(t *testing.T) {
	var words []string
	for c := byte(' '); c < 0x7f; c++ {
		ch := string(c)
		words = append(words, ch+"ab", "a"+ch+"b", "a="+ch+"b", "a:"+ch+"b", "é"+ch)
	}
	for _, sh := range []struct{ name, special string }{{"bash", bashQuoted}, {"zsh", zshQuoted}} {
		t.Run(sh.name, func(t *testing.T) {
			if _, err := exec.LookPath(sh.name); err != nil {
				t.Skip(sh.name + " is not installed")
			}
			// The sets are those of bash 5 and zsh 5; older ones (macOS's
			// bash 3.2) quote otherwise.
			v, err := exec.Command(sh.name, "-c", `echo "${BASH_VERSION:-$ZSH_VERSION}"`).Output()
			if err != nil || len(v) == 0 || v[0] < '5' {
				t.Skipf("%s %s: not version 5", sh.name, strings.TrimSpace(string(v)))
			}
			got := linePerWord(t, words, sh.name, "-c", `for w in "$@"; do printf '%q\n' "$w"; done`, "sh")
			for i, w := range words {
				if q := backslashQuoted(w, sh.special, false); q != got[i] {
					t.Errorf("%q: backslashQuoted gives %q, %s %q", w, q, sh.name, got[i])
				}
			}
		})
	}
}

// TestRubyInspectAsRuby: rubyInspect gives what Ruby's inspect gives, for
// every ASCII character before {, $, @ and x, and some past ASCII.
func TestRubyInspectAsRuby(t *testing.T) {
	if _, err := exec.LookPath("ruby"); err != nil {
		t.Skip("ruby is not installed")
	}
	var words []string
	for c := byte(1); c < 0x80; c++ {
		for _, next := range []string{"{", "$", "@", "x", ""} {
			words = append(words, "a"+string(c)+next)
		}
	}
	words = append(words, "é€😀", "#", "##{", `\#{`)
	got := linePerWord(t, words, "ruby", "-e", `ARGV.each { |w| puts w.inspect[1..-2] }`)
	for i, w := range words {
		if q := rubyInspect(w); q != got[i] {
			t.Errorf("%q: rubyInspect gives %q, ruby %q", w, q, got[i])
		}
	}
}

// TestURLFormsAsGo: urlForms holds what Go's net/url writes for a query
// value and for a password in a URL.
func TestURLFormsAsGo(t *testing.T) {
	for _, s := range []string{"a b!$&'()*+,;=:@/?#[]%\"\\-é~", "q9/Zr+Tk=", "p@ss w0rd"} {
		forms := urlForms(s)
		u := (&url.URL{Scheme: "postgres", User: url.UserPassword("me", s), Host: "h"}).String()
		user := strings.TrimSuffix(strings.TrimPrefix(u, "postgres://me:"), "@h")
		for _, want := range []string{url.QueryEscape(s), user} {
			if !slices.Contains(forms, want) {
				t.Errorf("%q: urlForms %q lacks %q", s, forms, want)
			}
		}
	}
	if f := urlForms("plain-Value_1.2~"); f != nil {
		t.Errorf("a value with nothing to encode has URL forms %q", f)
	}
}

// TestLongValueNoEncodedForms: the printf %q and URL forms are a
// password's; a long value (a JSON document, a certificate) does not get
// them, each of which would add its size again to the automaton.
func TestLongValueNoEncodedForms(t *testing.T) {
	doc := strings.Repeat(`{"client_email": "x@p.iam.gserviceaccount.com", "auth_uri": "https://accounts.google.com/o/oauth2/auth"}`, 100)
	for _, v := range maskVariants([]string{doc}) {
		if strings.Contains(v, "%3A") || strings.Contains(v, `\ `) {
			t.Errorf("a %d-byte value has an encoded form %.60q...", len(doc), v)
		}
	}
	short := "p@ss w0rd"
	if v := maskVariants([]string{short}); !slices.Contains(v, `p@ss\ w0rd`) || !slices.Contains(v, "p%40ss%20w0rd") {
		t.Errorf("a password's forms %q lack printf %%q's and a URL's", v)
	}
}

// linePerWord runs argv with words as its last arguments, in a UTF-8
// locale, and returns its output's lines: one per word.
func linePerWord(t *testing.T, words []string, argv ...string) []string {
	t.Helper()
	return linePerWordIn(t, "LC_ALL=C.UTF-8", words, argv...)
}

// linePerWordIn is linePerWord in the locale that the variable locale sets
// (LC_ALL=C, or LANG= for none).
func linePerWordIn(t *testing.T, locale string, words []string, argv ...string) []string {
	t.Helper()
	cmd := exec.Command(argv[0], append(argv[1:], words...)...)
	cmd.Env = []string{locale}
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(got) != len(words) {
		t.Fatalf("%d lines for %d words", len(got), len(words))
	}
	return got
}

// TestControlQuotedAsShells: with a control character, C0, DEL or C1
// (U+0085 is two bytes in UTF-8), bash's printf %q, ${v@Q} and declare -p
// write the value in $'...' as ansiCQuoted does, zsh's printf %q and
// ${(q)v} that character alone in $'...', the rest as backslashQuoted
// does, and zsh's typeset -p and set -x the value in $'...' as
// zshDollarQuoted does.
func TestControlQuotedAsShells(t *testing.T) {
	var words []string
	for _, r := range []rune{1, '\a', '\b', '\t', '\n', '\v', '\f', '\r', 0x1b, 0x1f, 0x7f, 0x80, 0x85, 0x89, 0x8a, 0x9f} {
		c := string(r)
		words = append(words, c, c+"~=#a", "a"+c+"b", "~"+c+"'\\ é😀"+c+c+"\"$`x", "a="+c+"~:~ b")
	}
	for _, sh := range []struct {
		test, name, script string
		want               func(string) string
	}{
		{"bash printf", "bash", `for w in "$@"; do printf '%q\n' "$w"; done`, func(w string) string { return "$'" + ansiCQuoted(w) + "'" }},
		{"bash @Q", "bash", `for w in "$@"; do echo "${w@Q}"; done`, func(w string) string { return "$'" + ansiCQuoted(w) + "'" }},
		{"zsh printf", "zsh", `for w in "$@"; do printf '%q\n' "$w"; done`, func(w string) string { return backslashQuoted(w, zshQuoted, false) }},
		{"zsh (q)", "zsh", `for w in "$@"; do print -r -- ${(q)w}; done`, func(w string) string { return backslashQuoted(w, zshQuoted, false) }},
		{"bash declare -p", "bash", `for w in "$@"; do declare -p w; done`, func(w string) string { return "declare -- w=$'" + ansiCQuoted(w) + "'" }},
		{"zsh typeset -p", "zsh", `for w in "$@"; do typeset -p w; done`, func(w string) string { return "typeset w=$'" + zshDollarQuoted(w) + "'" }},
		{"zsh set -x", "zsh", `for w in "$@"; do (set -x; : "$w") 2>&1; done`, func(w string) string { return "+zsh:1> : $'" + zshDollarQuoted(w) + "'" }},
	} {
		t.Run(sh.test, func(t *testing.T) {
			if _, err := exec.LookPath(sh.name); err != nil {
				t.Skip(sh.name + " is not installed")
			}
			v, err := exec.Command(sh.name, "-c", `echo "${BASH_VERSION:-$ZSH_VERSION}"`).Output()
			if err != nil || len(v) == 0 || v[0] < '5' {
				t.Skipf("%s %s: not version 5", sh.name, strings.TrimSpace(string(v)))
			}
			got := linePerWord(t, words, sh.name, "-c", sh.script, "sh")
			for i, w := range words {
				if q := sh.want(w); q != got[i] {
					t.Errorf("%q: want %q, %s gives %q", w, q, sh.name, got[i])
				}
			}
		})
	}
}

// TestMaskControlQuoted: a password holding a control character, printed
// by bash or zsh with printf %q (or ${v@Q}, ${(q)v}), is masked: each
// writes it in $'...' with octal escapes, U+0085 as \302\205, which no
// other form has.
func TestMaskControlQuoted(t *testing.T) {
	const canary = "CANARY"
	values := []string{"p\u0085w-" + canary, "\u0080 $'x" + canary, "a\u009f\u009fb" + canary, "p\tw" + canary, "\x1b[0m~" + canary}
	for _, sh := range [][]string{
		{"bash", `for w in "$@"; do printf '%q\n' "$w"; echo "${w@Q}"; declare -p w; done`},
		{"zsh", `for w in "$@"; do printf '%q\n' "$w"; print -r -- ${(q)w}; typeset -p w; (set -x; : "$w") 2>&1; done`},
	} {
		t.Run(sh[0], func(t *testing.T) {
			if _, err := exec.LookPath(sh[0]); err != nil {
				t.Skip(sh[0] + " is not installed")
			}
			cmd := exec.Command(sh[0], append([]string{"-c", sh[1], "sh"}, values...)...)
			cmd.Env = []string{"LC_ALL=C.UTF-8"}
			out, err := cmd.Output()
			if err != nil || !strings.Contains(string(out), canary) {
				t.Fatalf("%s printed %q: %v", sh[0], out, err)
			}
			for _, line := range maskedLeaks(t, out, values, canary) {
				t.Errorf("a value shows: %q", line)
			}
		})
	}
}

// shellV5 skips t unless the shell name, bash or zsh, is installed and of
// version 5, whose quoting the forms are.
func shellV5(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		t.Skip(name + " is not installed")
	}
	v, err := exec.Command(name, "-c", `echo "${BASH_VERSION:-$ZSH_VERSION}"`).Output()
	if err != nil || len(v) == 0 || v[0] < '5' {
		t.Skipf("%s %s: not version 5", name, strings.TrimSpace(string(v)))
	}
}

// TestCLocaleQuotedAsShells: in the C locale, where every byte past ASCII
// is unprintable, bash's printf %q, ${v@Q}, declare -p and export -p write
// a value holding one in $'...' as ansiCBytes does, zsh's printf %q and
// ${(q)v} each such byte alone in $'...' as backslashQuoted does with
// cLocale, and zsh's typeset -p, export -p and set -x the value in $'...'
// as zshDollarBytes does. Every byte past ASCII, alone and between others,
// and every ASCII character beside an é.
func TestCLocaleQuotedAsShells(t *testing.T) {
	var words []string
	for c := 0x80; c < 0x100; c++ {
		b := string([]byte{byte(c)})
		words = append(words, b, "a"+b+"'\\", "~"+b+b+"=")
	}
	for c := byte(1); c < 0x80; c++ {
		ch := string(c)
		words = append(words, "é"+ch, ch+"é", "a="+ch+"é", "a:"+ch+"ü")
	}
	words = append(words, "pässwörd", "p'ä\\$\"`x", "ä\t\x1b\x7f\u0085 é😀", "~é=:~ b", "#ß", "=Ü§")
	ansiC := func(w string) string { return "$'" + ansiCBytes(w) + "'" }
	for _, sh := range []struct {
		test, name, script string
		want               func(string) string
	}{
		{"bash printf", "bash", `for w in "$@"; do printf '%q\n' "$w"; done`, ansiC},
		{"bash @Q", "bash", `for w in "$@"; do echo "${w@Q}"; done`, ansiC},
		{"bash declare -p", "bash", `for w in "$@"; do declare -p w; done`, func(w string) string { return "declare -- w=" + ansiC(w) }},
		// Only w exported, so that export -p lists it alone.
		{"bash export -p", "bash", `export -n $(compgen -e) OLDPWD; export w; for w in "$@"; do export -p; done`, func(w string) string { return "declare -x w=" + ansiC(w) }},
		{"bash --posix export -p", "bash", `export -n $(compgen -e) OLDPWD; export w; set -o posix; for w in "$@"; do export -p; done`, func(w string) string { return "export w=" + ansiC(w) }},
		{"zsh printf", "zsh", `for w in "$@"; do printf '%q\n' "$w"; done`, func(w string) string { return backslashQuoted(w, zshQuoted, true) }},
		{"zsh (q)", "zsh", `for w in "$@"; do print -r -- ${(q)w}; done`, func(w string) string { return backslashQuoted(w, zshQuoted, true) }},
		{"zsh typeset -p", "zsh", `for w in "$@"; do typeset -p w; done`, func(w string) string { return "typeset w=$'" + zshDollarBytes(w) + "'" }},
		{"zsh export -p", "zsh", `export w; for w in "$@"; do export -p w; done`, func(w string) string { return "export w=$'" + zshDollarBytes(w) + "'" }},
		{"zsh set -x", "zsh", `for w in "$@"; do (set -x; : "$w") 2>&1; done`, func(w string) string { return "+zsh:1> : $'" + zshDollarBytes(w) + "'" }},
	} {
		t.Run(sh.test, func(t *testing.T) {
			shellV5(t, sh.name)
			// LANG unset (cron, systemd) and POSIX are the C locale.
			for _, locale := range []string{"LC_ALL=C", "LC_ALL=POSIX", "LANG="} {
				got := linePerWordIn(t, locale, words, sh.name, "-c", sh.script, "sh")
				for i, w := range words {
					if q := sh.want(w); q != got[i] {
						t.Errorf("%s %q: want %q, %s gives %q", locale, w, q, sh.name, got[i])
					}
				}
			}
		})
	}
}

// TestMaskCLocaleQuoted: a password past ASCII, printed by bash, zsh or
// dash in the C locale (LANG unset, as cron and systemd run scripts), is
// masked in every form they print it in: bash and zsh escape each byte
// past ASCII, in $'...' or alone, a ' or a control character beside it.
func TestMaskCLocaleQuoted(t *testing.T) {
	const canary = "CANARY"
	values := []string{"pässwörd" + canary, "p'ä$x" + canary, "ä\tb" + canary, "\u0085é~" + canary, "~é==" + canary, `ß§Ü\` + canary}
	for _, sh := range []struct{ test, name, script string }{
		{"bash", "bash", `export -n $(compgen -e); for w in "$@"; do printf '%q\n' "$w"; echo "${w@Q}"; declare -p w; export w; export -p; set; (set -x; : "$w"; v=$w) 2>&1; done`},
		{"bash posix", "bash", `set -o posix; export -n $(compgen -e); for w in "$@"; do export w; export -p; set; done`},
		{"zsh", "zsh", `for w in "$@"; do printf '%q\n' "$w"; print -r -- ${(q)w}; typeset -p w; export w; export -p; set; (set -x; : "$w"; v=$w) 2>&1; done`},
		{"dash", "dash", `for w in "$@"; do export w; export -p; set; (set -x; : "$w"; v=$w) 2>&1; done`},
	} {
		t.Run(sh.test, func(t *testing.T) {
			if _, err := exec.LookPath(sh.name); err != nil {
				t.Skip(sh.name + " is not installed")
			}
			for _, locale := range []string{"LC_ALL=C", "LANG="} {
				cmd := exec.Command(sh.name, append([]string{"-c", sh.script, "sh"}, values...)...)
				cmd.Env = []string{locale}
				out, err := cmd.Output()
				if err != nil || !strings.Contains(string(out), canary) {
					t.Fatalf("%s printed %q: %v", sh.name, out, err)
				}
				for _, line := range maskedLeaks(t, out, values, canary) {
					t.Errorf("%s: a value shows: %q", locale, line)
				}
			}
		})
	}
}

// maskedLeaks masks out, a shell's output, with values as the secrets, and
// returns the lines in which canary, a piece of each value, still shows.
func maskedLeaks(t *testing.T, out []byte, values []string, canary string) []string {
	t.Helper()
	var b strings.Builder
	w := newOutput(&b, values)
	if _, err := w.Write(out); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	var leaks []string
	for _, line := range strings.Split(b.String(), "\n") {
		if strings.Contains(line, canary) {
			leaks = append(leaks, line)
		}
	}
	return leaks
}
