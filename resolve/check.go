package resolve

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"
)

// --check answers "what would my command get, from where, and is anything
// wrong with it" without ever showing a value: it lists the paths looked
// at, the file each top-level key comes from, and findings. The report is
// data; Format renders it and main prints it.

// FindingKind names one kind of problem --check reports.
type FindingKind string

const (
	// Readable: a secrets file that group or others can read.
	Readable FindingKind = "readable"
	// Tracked: a secrets file that git tracks, so it is (or will be) committed.
	Tracked FindingKind = "tracked"
	// NotIgnored: a secrets file in a git work tree that .gitignore does not
	// cover, one `git add .` away from being committed.
	NotIgnored FindingKind = "not-ignored"
	// TableReplaced: a table that a later file replaces whole, dropping keys
	// only the earlier file had (Streamlit merges the top level only).
	TableReplaced FindingKind = "table-replaced"
	// NotShellName: a variable whose name a shell cannot hold.
	NotShellName FindingKind = "not-shell-name"
	// ShellOwn: a variable a shell will not take from an export (UID,
	// RANDOM): --export=shell leaves it out.
	ShellOwn FindingKind = "shell-own-name"
	// NoFiles: no secrets file exists at any of the paths.
	NoFiles FindingKind = "no-files"
	// Dangling: a default path that is a symbolic link to nothing, skipped
	// (a run warns): likely a secrets file not mounted yet.
	Dangling FindingKind = "dangling-link"
	// StreamlitDiffers: a place where Streamlit's TOML parser (toml
	// 0.10.2) reads a value otherwise than withsecrets, which follows the
	// specification: the app and a worker run with withsecrets see
	// different secrets, or Streamlit loses keys without an error.
	StreamlitDiffers FindingKind = "streamlit-differs"
)

// Finding is one problem. Its text names files and keys, never a value.
type Finding struct {
	Kind FindingKind
	Path string // the file concerned, "" when none
	Key  string // the top-level key concerned, "" when none
	// Where is the key's position; when Hidden, the key may be a piece of
	// a secret (see Pos) and the text gives the position instead.
	Where Pos
	// At is where in the file the problem is, when it is a place in it.
	At  Pos
	Msg string
}

func (f Finding) String() string {
	var b strings.Builder
	hidden := f.Key != "" && f.Where.Hidden
	at := f.Where
	if f.At.Line > 0 {
		at = f.At
	}
	if f.Path != "" {
		b.WriteString(f.Path)
		if hidden || f.At.Line > 0 {
			fmt.Fprintf(&b, ":%d:%d", at.Line, at.Col)
		}
		b.WriteString(": ")
	}
	switch {
	case hidden && f.Path != "" && f.At.Line > 0:
		// The position says where; the message reads on its own.
	case hidden && f.Path != "":
		b.WriteString("the key there ") // the messages read on: "the key there is not ..."
	case hidden:
		b.WriteString("a key: ")
	case f.Key != "":
		fmt.Fprintf(&b, "key %q: ", f.Key)
	}
	b.WriteString(f.Msg)
	return b.String()
}

// KeyInfo says where one top-level key comes from and what it becomes.
type KeyInfo struct {
	Key    string
	Kind   string // "variable", "table" or "array"
	Origin string // the file that set it last
	Where  Pos    // where that file defines it; Hidden: list it by position
}

// label is how the report names the key.
func (k KeyInfo) label() string {
	if k.Where.Hidden {
		return fmt.Sprintf("(a key at %d:%d)", k.Where.Line, k.Where.Col)
	}
	return fmt.Sprintf("%q", k.Key)
}

// Report is what --check found.
type Report struct {
	Sources  []Source
	Keys     []KeyInfo
	Findings []Finding
	Notes    []string // limits of the check itself, e.g. git not installed
}

// CheckOptions tune Check.
type CheckOptions struct {
	// AllowMissing makes "no secrets file at all" not a finding, as
	// --allow-missing makes it not an error.
	AllowMissing bool
	// Git is the git program; "" looks it up on PATH. When there is no git,
	// tracking is not checked and a note says so.
	Git string
}

// Check inspects s, loaded with AllowMissing so that a missing file can be
// reported rather than fail.
func Check(s *Secrets, o CheckOptions) *Report {
	r := &Report{Sources: s.Sources}
	found := false
	for _, src := range s.Sources {
		found = found || src.HasSecrets()
	}
	if !found && !o.AllowMissing {
		r.Findings = append(r.Findings, Finding{Kind: NoFiles, Msg: "no secrets file exists at any of the paths looked at"})
	}
	hasGlobal, defaults := false, true
	for _, src := range s.Sources {
		hasGlobal = hasGlobal || src.Layer == Global
		defaults = defaults && src.Layer != Flag
	}
	if defaults && !hasGlobal {
		r.Notes = append(r.Notes, "no home folder (HOME is unset and the password database has none for this user): no global file was looked for")
	}
	git := o.Git
	if git == "" {
		if p, err := exec.LookPath("git"); err == nil {
			git = p
		}
	}
	gitUsed := false
	for _, src := range s.Sources {
		if src.Dangling {
			r.Findings = append(r.Findings, Finding{Kind: Dangling, Path: src.Path, Msg: "a symbolic link to a missing target: skipped"})
		}
		if !src.Found {
			continue
		}
		r.Findings = append(r.Findings, streamlitFindings(src)...)
		if f, ok := modeFinding(src); ok {
			r.Findings = append(r.Findings, f)
		}
		if fi, err := os.Stat(src.Path); err != nil || !fi.Mode().IsRegular() {
			continue // a folder or a pipe (/dev/fd/N) is not in a work tree
		}
		gitUsed = true
		if git != "" {
			f, ok, note := gitFinding(git, src.Path)
			if ok {
				r.Findings = append(r.Findings, f)
			}
			if note != "" {
				r.Notes = append(r.Notes, note)
			}
		}
	}
	if gitUsed && git == "" {
		r.Notes = append(r.Notes, "git not found: whether a secrets file is tracked or ignored was not checked")
	}
	for _, rep := range s.Replaced {
		lost := make([]string, len(rep.LostSubkeys))
		for i, k := range rep.LostSubkeys {
			lost[i] = append(toml.Key{rep.Key}, k...).String() // quoted as TOML quotes a key
		}
		verb, them := "no longer exist", "repeat them here"
		if len(lost) == 1 {
			verb, them = "no longer exists", "repeat it here"
		}
		what := strings.Join(lost, ", ")
		if rep.Where.Hidden || rep.EarlierWhere.Hidden || rep.EarlierWhere.Below {
			// The names below it may be pieces of a secret (a [key.sub]
			// header after a multi-line string closed early): counted,
			// not named.
			what = fmt.Sprintf("%d keys below it", len(lost))
			if len(lost) == 1 {
				what = "a key below it"
			}
		}
		r.Findings = append(r.Findings, Finding{
			Kind: TableReplaced, Path: rep.Later, Key: rep.Key, Where: rep.Where,
			Msg: fmt.Sprintf("replaces the whole table from %s, so %s %s (the merge is top level only: %s)",
				rep.Earlier, what, verb, them),
		})
	}
	for _, k := range s.Tree.Keys {
		ki := KeyInfo{Key: k, Kind: "variable", Origin: s.Origin[k], Where: s.Where[k]}
		switch s.Tree.Values[k].(type) {
		case *Table:
			ki.Kind = "table"
		case []any:
			ki.Kind = "array"
		}
		r.Keys = append(r.Keys, ki)
		if ki.Kind == "variable" && !IsShellName(k) {
			r.Findings = append(r.Findings, Finding{
				Kind: NotShellName, Path: ki.Origin, Key: k, Where: ki.Where,
				Msg: "is not a shell variable name ([A-Za-z_][A-Za-z0-9_]*): the command gets it, but a shell cannot read it and --export=shell leaves it out",
			})
		} else if why := ShellOwnName(k); ki.Kind == "variable" && why != "" {
			r.Findings = append(r.Findings, Finding{
				Kind: ShellOwn, Path: ki.Origin, Key: k, Where: ki.Where,
				Msg: why + ": the command gets it, but --export=shell leaves it out",
			})
		}
	}
	return r
}

// streamlitFindings are the places where Streamlit reads the TOML file src
// otherwise than withsecrets. A key written after a multi-line string
// ended may be a piece of a secret (see Pos): it is not named.
func streamlitFindings(src Source) []Finding {
	var fs []Finding
	multiEnd := -2 // not scanned yet
	for _, d := range streamlitDiffs(src.text) {
		f := Finding{Kind: StreamlitDiffers, Path: src.Path, At: d.at, Msg: d.msg}
		if len(d.key) > 0 {
			if multiEnd == -2 {
				multiEnd = scanTOML(src.text).multiEnd
			}
			f.Key = safeKey(toml.Key(d.key).String())
			f.Where.Hidden = !keyTrustedAfter(src.text, multiEnd, d.keyAt)
		}
		fs = append(fs, f)
	}
	return fs
}

// gitFinding asks git, run in the file's folder, whether the file is tracked
// and, if not, whether it is ignored. Outside a work tree git fails with
// status 128 and there is nothing to report; when it fails for another
// reason (a repository owned by another user, "dubious ownership": a bind
// mount, sudo), the check could not be made, and note says so.
func gitFinding(git, path string) (f Finding, ok bool, note string) {
	dir, name := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	var stderr bytes.Buffer
	run := func(args ...string) int {
		cmd := exec.Command(git, append([]string{"-C", dir}, args...)...)
		cmd.Env = append(os.Environ(), "GIT_OPTIONAL_LOCKS=0", "LC_ALL=C")
		stderr.Reset()
		cmd.Stderr = &stderr
		err := cmd.Run()
		var ee *exec.ExitError
		switch {
		case err == nil:
			return 0
		case errors.As(err, &ee):
			return ee.ExitCode()
		}
		return -1
	}
	switch run("ls-files", "--error-unmatch", "--", name) {
	case 0:
		return Finding{Kind: Tracked, Path: path, Msg: "git tracks this file, so its secrets are in the repository's history: git rm --cached it, add it to .gitignore, and rotate the secrets"}, true, ""
	case 1:
		if run("check-ignore", "-q", "--", name) == 1 {
			return Finding{Kind: NotIgnored, Path: path, Msg: "is inside a git work tree and not ignored: add it to .gitignore"}, true, ""
		}
		return Finding{}, false, ""
	}
	why, _, _ := strings.Cut(strings.TrimSpace(stderr.String()), "\n")
	why = strings.TrimPrefix(why, "fatal: ")
	if strings.HasPrefix(why, "not a git repository") {
		return Finding{}, false, ""
	}
	return Finding{}, false, fmt.Sprintf("git could not tell whether %s is tracked or ignored (%s)", path, cmp.Or(why, "git failed"))
}

// IsShellName reports whether name can be a POSIX shell variable:
// [A-Za-z_][A-Za-z0-9_]*. Other names still reach the command (the kernel
// takes any name without '='), but no shell can read or export them.
func IsShellName(name string) bool {
	if name == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		letter := c == '_' || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z')
		if !letter && (i == 0 || c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// Format renders the report as text for a terminal. It holds paths, key
// names and findings, never a value.
func (r *Report) Format() string {
	var b strings.Builder
	b.WriteString("files, in order (later ones win):\n")
	for _, s := range r.Sources {
		state := "missing"
		if s.Dangling {
			state = "a symbolic link to a missing target"
		}
		if s.SameAs != "" {
			state = "the same file as " + s.SameAs + ", read once"
		}
		if s.Found {
			state = "found"
			if s.Mode != 0 {
				state = fmt.Sprintf("found, mode %04o", uint32(s.Mode))
			}
		}
		fmt.Fprintf(&b, "  %-8s %s (%s)\n", s.Layer, s.Path, state)
	}
	if len(r.Keys) > 0 {
		b.WriteString("keys:\n")
		w := 0
		for _, k := range r.Keys {
			w = max(w, len(k.label()))
		}
		for _, k := range r.Keys {
			fmt.Fprintf(&b, "  %-*s %-8s from %s\n", w, k.label(), k.Kind, k.Origin)
		}
	}
	for _, n := range r.Notes {
		fmt.Fprintf(&b, "note: %s\n", n)
	}
	if len(r.Findings) == 0 {
		b.WriteString("no problems found\n")
		return b.String()
	}
	fmt.Fprintf(&b, "%d problem(s):\n", len(r.Findings))
	for _, f := range r.Findings {
		fmt.Fprintf(&b, "  %s\n", f)
	}
	return b.String()
}

// bashReadOnly are names bash will not let a script assign: `export UID=...`
// fails there, and in POSIX mode the failed special builtin ends the shell
// that evals the export, so they are skipped rather than written.
const bashReadOnly = `BASHOPTS BASH_VERSINFO EUID PPID SHELLOPTS UID`

// shellOwn are names a shell gives values of its own, so an export of them
// does not hold the secret in the shell that evals it: bash's dynamic
// variables (RANDOM stays random) and dash's OPTIND, which must be a number
// and whose failed assignment ends the eval, losing every later variable;
// bash's arrays, which it never exports; and two it reads as its own
// settings, complaining of other values.
const shellOwn = `OPTIND RANDOM SRANDOM SECONDS LINENO HISTCMD EPOCHSECONDS EPOCHREALTIME
	BASHPID GROUPS BASH_ARGV0 BASH_COMMAND BASH_SUBSHELL FUNCNAME _
	PIPESTATUS BASH_SOURCE BASH_LINENO BASH_ARGC BASH_ARGV BASH_ALIASES BASH_CMDS BASH_REMATCH DIRSTACK
	BASH_XTRACEFD BASH_COMPAT`

// zshOwn are zsh's special parameters (zsh is macOS's login shell): read-only
// ones, arrays and associative arrays, which an `export NAME='...'` fails on,
// ending the eval there with every later variable lost (and path, fpath, ...
// are tied to PATH, FPATH, ...); those that change the shell's user or group
// when assigned (GID, EGID, USERNAME); those that hold a number of their
// own; and the integer ones (COLUMNS, HISTSIZE, ...), whose assignment
// evaluates the value as arithmetic, failing the eval on most secrets and
// printing a piece of the value in zsh's error; and those it cuts short
// (HISTCHARS keeps three characters, KEYBOARD_HACK one), exporting the
// piece to every command after. Some come from modules an
// interactive zsh loads (zsh/parameter, zsh/terminfo, zsh/mapfile:
// assigning mapfile[...] writes files).
const zshOwn = `status argv ARGC pipestatus signals ZSH_SUBSHELL ZSH_EVAL_CONTEXT TTYIDLE
	path fpath cdpath manpath module_path mailpath psvar
	GID EGID USERNAME ERRNO SHLVL TRY_BLOCK_ERROR TRY_BLOCK_INTERRUPT
	options commands parameters functions aliases galiases saliases builtins reswords
	history historywords jobdirs jobstates jobtexts modules nameddirs userdirs usergroups
	dis_aliases dis_builtins dis_functions dis_galiases dis_patchars dis_reswords dis_saliases
	patchars funcstack functrace funcfiletrace funcsourcetrace zsh_scheduled_events
	keymaps widgets termcap terminfo mapfile errnos sysparams epochtime
	fignore zsh_eval_context functions_source dis_functions_source
	COLUMNS LINES HISTSIZE SAVEHIST FUNCNEST LISTMAX KEYTIMEOUT MAILCHECK ZLE_RPROMPT_INDENT
	HISTCHARS histchars KEYBOARD_HACK`

// shellOwnNames maps each name above to why it is left out, the first list
// naming it winning. Built on first use: only --check and --export=shell
// ask, and a map built at package initialisation would cost every start.
var shellOwnNames = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	for _, l := range []struct{ names, why string }{
		{bashReadOnly, "is read-only in bash"},
		{shellOwn, "is a variable shells set themselves"},
		{zshOwn, "is a variable zsh keeps for itself"},
	} {
		for _, n := range strings.Fields(l.names) {
			if _, ok := m[n]; !ok {
				m[n] = l.why
			}
		}
	}
	return m
})

// ShellOwnName says why a shell will not hold name as the secret an export
// gives it ("is read-only in bash"), or "" when it will.
func ShellOwnName(name string) string {
	return shellOwnNames()[name]
}
