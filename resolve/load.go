package resolve

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"unicode"
	"unicode/utf8"
)

// MaxFileSize bounds what is read from one secrets file, so a mistaken path
// (a log, a disk image) fails fast instead of exhausting memory.
const MaxFileSize = 16 << 20

// Layer tells why a path is on the list.
type Layer string

const (
	Global  Layer = "global"
	Project Layer = "project"
	Script  Layer = "script"
	Flag    Layer = "--file"
)

// Options choose the files.
type Options struct {
	Files        []string // --file paths, in order; nil means the default list
	Home, Cwd    string   // for the default list
	Script       string   // the main script, "" when there is none
	AllowMissing bool
}

// Source is one path that was looked at.
type Source struct {
	Path  string
	Layer Layer
	Found bool
	Mode  fs.FileMode // of a regular file, for the permission warning
	// Dangling is a default path that is a symbolic link to nothing:
	// skipped as Streamlit does (its open fails with FileNotFoundError),
	// but worth a warning, since it is likely a secrets file not yet
	// mounted.
	Dangling bool
	// NoFiles is a folder read with no file in it: Streamlit merges what
	// it gives (empty tables) but counts no secrets file found there.
	NoFiles bool
	// SameAs is the earlier default path that names the same file or
	// folder (a project's .streamlit linked to the global one): read once,
	// which merges as reading it twice would.
	SameAs string
	// text is the TOML file as parsed (BOM removed, Python's line ends),
	// for --check to find what Streamlit reads otherwise.
	text []byte
}

// HasSecrets tells whether a source counts as a secrets file found.
func (s Source) HasSecrets() bool { return s.Found && !s.NoFiles }

// Replaced records a table that a later file replaced whole, since the
// shallow merge then silently drops the keys only the earlier file had.
// LostSubkeys are key paths below Key, one part per element: a table the
// later file gives too loses what only the earlier one had at any depth
// ([db.replica] password, then [db.replica] without it).
type Replaced struct {
	Key         string
	Earlier     string
	Later       string
	LostSubkeys [][]string
	// Where the later file defines Key, and where the earlier one did:
	// Hidden or Below, the names may be pieces of a secret (see Pos).
	Where, EarlierWhere Pos
}

// Secrets is the merged result.
type Secrets struct {
	Tree     *Table
	Origin   map[string]string // top-level key -> path of the file it came from
	Where    map[string]Pos    // top-level key -> where that file defines it, when known
	Sources  []Source
	Replaced []Replaced
}

// ErrNoSecrets is wrapped by the error for "no file found at all".
var ErrNoSecrets = errors.New("no secrets found")

// Defaults is Streamlit's list: the global file, the project file, and the
// main script's folder, later ones winning; the same path is listed once
// (Load also reads a file reached by two paths once).
func Defaults(home, cwd, script string) []Source {
	var list []Source
	add := func(p string, l Layer) {
		for _, s := range list {
			if s.Path == p {
				return
			}
		}
		list = append(list, Source{Path: p, Layer: l})
	}
	if home != "" {
		add(filepath.Join(home, ".streamlit", "secrets.toml"), Global)
	}
	if cwd != "" {
		add(filepath.Join(cwd, ".streamlit", "secrets.toml"), Project)
	}
	if script != "" {
		if abs, err := filepath.Abs(script); err == nil {
			add(filepath.Join(filepath.Dir(abs), ".streamlit", "secrets.toml"), Script)
		}
	}
	return list
}

// SameFile reports whether paths a and b name the same existing file.
func SameFile(a, b string) bool {
	fa, err := os.Stat(a)
	if err != nil {
		return false
	}
	fb, err := os.Stat(b)
	return err == nil && os.SameFile(fa, fb)
}

// Load reads and merges the files that o selects.
func Load(o Options) (*Secrets, error) {
	var list []Source
	if o.Files != nil {
		for _, p := range o.Files {
			list = append(list, Source{Path: p, Layer: Flag})
		}
	} else {
		list = Defaults(o.Home, o.Cwd, o.Script)
	}
	s := &Secrets{Tree: NewTable(), Origin: map[string]string{}, Where: map[string]Pos{}}
	var read []fileID
	var readPaths []string
	for _, src := range list {
		t, mode, where, text, id, err := readPath(src.Path)
		if err == errNoFiles {
			src.NoFiles, err = true, nil
		}
		if _, missing := err.(*fs.PathError); missing {
			if src.Layer == Flag {
				return nil, readError(src.Path, err)
			}
			src.Dangling = isSymlink(src.Path)
			s.Sources = append(s.Sources, src)
			continue
		}
		if err != nil {
			return nil, err
		}
		if i := slices.IndexFunc(read, id.same); i >= 0 && src.Layer != Flag {
			src.SameAs = readPaths[i]
			s.Sources = append(s.Sources, src)
			continue
		}
		read, readPaths = append(read, id), append(readPaths, src.Path)
		src.Found, src.Mode, src.text = true, mode, text
		s.Sources = append(s.Sources, src)
		s.merge(src.Path, t, where)
	}
	found := false
	for _, src := range s.Sources {
		found = found || src.HasSecrets()
	}
	if !found && !o.AllowMissing {
		paths := make([]string, len(s.Sources))
		for i, src := range s.Sources {
			// A dangling link would otherwise read as a path with no
			// file, and its warning never comes.
			paths[i] = src.Path
			if src.Dangling {
				paths[i] += " (a symbolic link to a missing file)"
			}
		}
		return nil, fmt.Errorf("%w: valid paths for a secrets.toml file or secret directories are: %s", ErrNoSecrets, strings.Join(paths, ", "))
	}
	return s, nil
}

// merge is Streamlit's dict.update: top level only, a later value replaces
// the earlier one whole, a replaced key keeps its position.
func (s *Secrets) merge(path string, t *Table, where map[string]Pos) {
	for _, k := range t.Keys {
		v := t.Values[k]
		if old, ok := s.Tree.Values[k].(*Table); ok {
			nt, _ := v.(*Table)
			if lost := lostKeys(old, nt, nil, nil); len(lost) > 0 {
				s.Replaced = append(s.Replaced, Replaced{Key: k, Earlier: s.Origin[k], Later: path, LostSubkeys: lost, Where: where[k], EarlierWhere: s.Where[k]})
			}
		}
		s.Tree.Set(k, v)
		s.Origin[k] = path
		if p, ok := where[k]; ok {
			s.Where[k] = p
		} else {
			delete(s.Where, k)
		}
	}
}

// lostKeys lists the key paths of old, below prefix, that replacing it with
// nt (nil: not a table) drops: a key nt lacks, and below a key that old
// has as a table, what nt's value for it (a table, or a value that is
// none) no longer holds.
func lostKeys(old, nt *Table, prefix []string, lost [][]string) [][]string {
	for _, sub := range old.Keys {
		path := append(slices.Clip(prefix), sub)
		nv, ok := any(nil), false
		if nt != nil {
			nv, ok = nt.Values[sub]
		}
		if !ok {
			lost = append(lost, path)
			continue
		}
		if ot, ok := old.Values[sub].(*Table); ok {
			nst, _ := nv.(*Table) // nil: the table became a value
			lost = lostKeys(ot, nst, path, lost)
		}
	}
	return lost
}

// readPath reads one secrets path: a TOML file, or a folder of Kubernetes
// style secret mounts, and tells where a TOML file defines each top-level
// key. It opens and reads rather than stat-and-seek, so /dev/fd/N from
// process substitution works. mode is the permission of a regular file, 0
// otherwise. A missing file is the *fs.PathError itself, since a missing
// default path is no error. Nothing else is skipped: Streamlit opens each
// path and catches FileNotFoundError alone (ENOENT; on Windows also a
// missing folder, drive or share on the way: read_windows.go), so a path
// through a file (~/.streamlit a file), a folder that may not be searched
// or a loop of links fails there, and fails here, worded as for a --file.
func readPath(path string) (*Table, fs.FileMode, map[string]Pos, []byte, fileID, error) {
	d, err := readFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, 0, nil, nil, d.id, err
	}
	if err != nil {
		return nil, 0, nil, nil, d.id, readError(path, err)
	}
	if d.dir {
		if strings.HasSuffix(path, ".toml") {
			return nil, 0, nil, nil, d.id, &Error{Path: path, Msg: "is a directory, expected a TOML file"}
		}
		t, files, err := readDir(path)
		if err == nil && files == 0 {
			err = errNoFiles
		}
		return t, 0, nil, nil, d.id, err
	}
	data := textMode(d.data)
	t, err := Parse(path, data)
	if err != nil {
		return nil, 0, nil, nil, d.id, err
	}
	var mode fs.FileMode
	if d.regular {
		mode = d.perm
	}
	data = bytes.TrimPrefix(data, bom)
	return t, mode, rootKeyPositions(data), data, d.id, nil
}

// pythonSpace is what Python's str.strip() strips: Unicode white space,
// and also the ASCII separators \x1c to \x1f, which Python counts as space.
func pythonSpace(r rune) bool { return unicode.IsSpace(r) || r >= 0x1c && r <= 0x1f }

// textMode turns \r\n and a lone \r into \n, as Python's text mode does
// for Streamlit, which opens secrets files with open(path) and hands the
// text to its TOML parser: a multi-line value (a PEM key) from a file saved
// on Windows must be the same text here as in st.secrets.
func textMode(b []byte) []byte {
	if bytes.IndexByte(b, '\r') < 0 {
		return b
	}
	b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
	return bytes.ReplaceAll(b, []byte("\r"), []byte("\n"))
}

// fileData is what readFile found at a path.
type fileData struct {
	data         []byte // the contents, unless dir
	dir, regular bool
	perm         fs.FileMode
	id           fileID
}

var errTooBig = errors.New("too big")

// errNoFiles comes with the table of a secrets folder that holds no file.
var errNoFiles = errors.New("a secrets folder with no file in it")

// readError words a failure of readFile.
func readError(path string, err error) error {
	if err == errTooBig {
		return &Error{Path: path, Msg: fmt.Sprintf("file is larger than the %d MiB limit for a secrets file", MaxFileSize>>20)}
	}
	if errors.Is(err, fs.ErrNotExist) {
		msg := "no such file"
		if isSymlink(path) {
			msg += " (a symbolic link to a missing target)"
		}
		return &Error{Path: path, Msg: msg, Err: err}
	}
	what := "cannot open"
	var pe *fs.PathError
	if errors.As(err, &pe) {
		switch pe.Op {
		case "stat":
			what = "cannot stat"
		case "read":
			what = "cannot read"
		}
	}
	return ioError(path, what, err)
}

// readDir reads a folder as Streamlit's _parse_directory does: every entry is
// a subfolder, each file in it a string value with surrounding whitespace
// stripped, and a subfolder holding exactly one file collapses to its value.
// Folders inside a subfolder are skipped: Kubernetes puts its ..data link
// and ..<timestamp> folder beside the keys of every mounted secret. Entries
// come in the order the file system lists them, as os.listdir gives them to
// Streamlit. files counts the files read: a folder with none is no secrets
// file found, for Streamlit as here.
func readDir(path string) (t *Table, files int, err error) {
	names, err := listDir(path)
	if err != nil {
		return nil, 0, err
	}
	t = NewTable()
	for _, name := range names {
		sub := filepath.Join(path, name)
		fi, err := os.Stat(sub)
		if err != nil {
			return nil, 0, ioError(sub, "cannot stat", err)
		}
		if !fi.IsDir() {
			return nil, 0, &Error{Path: sub, Msg: "is not a directory: a secrets directory may hold only subdirectories"}
		}
		inner, err := listDir(sub)
		if err != nil {
			return nil, 0, err
		}
		values := NewTable()
		for _, n := range inner {
			p := filepath.Join(sub, n)
			if fi, err := os.Stat(p); err == nil && fi.IsDir() {
				continue
			}
			b, err := readLimited(p)
			if err != nil {
				return nil, 0, err
			}
			// Streamlit opens it as UTF-8 text and fails on anything else:
			// a binary secret (a keystore) is not silently altered here.
			if !utf8.Valid(b) {
				return nil, 0, &Error{Path: p, Msg: "not UTF-8 text (Streamlit reads secret files as UTF-8 text)"}
			}
			values.Set(n, strings.TrimFunc(string(textMode(b)), pythonSpace))
			files++
		}
		if values.Len() == 1 {
			t.Set(name, values.Values[values.Keys[0]])
		} else {
			t.Set(name, values)
		}
	}
	return t, files, nil
}

// listDir lists a folder's names unsorted, as os.listdir does.
func listDir(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, ioError(path, "cannot read directory", err)
	}
	defer f.Close()
	names, err := f.Readdirnames(-1)
	if err != nil {
		return nil, ioError(path, "cannot read directory", err)
	}
	return names, nil
}

func readLimited(p string) ([]byte, error) {
	d, err := readFile(p)
	if err == nil && d.dir {
		err = &fs.PathError{Op: "read", Path: p, Err: syscall.EISDIR}
	}
	if err != nil {
		return nil, readError(p, err)
	}
	return d.data, nil
}

func isSymlink(p string) bool {
	fi, err := os.Lstat(p)
	return err == nil && fi.Mode()&fs.ModeSymlink != 0
}

// Warnings are what a user should hear about without the run failing:
// files others can read (as ssh warns about keys), and default paths that
// are symbolic links to nothing.
func (s *Secrets) Warnings() []string {
	var w []string
	for _, src := range s.Sources {
		if src.Dangling {
			w = append(w, src.Path+": a symbolic link to a missing target; skipped")
		}
	}
	return append(w, s.permWarnings()...)
}

// ScriptOf finds the main script in a command line as Streamlit would see it:
// the command itself when it is a path to a script (a file starting with
// #!), or else its first argument that names an existing regular file
// (python app.py). An interpreter named by its path (/usr/bin/python3
// app.py, .venv/bin/python app.py, a #! line naming one) is no script.
func ScriptOf(argv []string) string {
	if len(argv) == 0 {
		return ""
	}
	if strings.ContainsRune(argv[0], filepath.Separator) || strings.ContainsRune(argv[0], '/') {
		if isRegular(argv[0]) && startsWithShebang(argv[0]) {
			return argv[0]
		}
	}
	for _, a := range argv[1:] {
		if isRegular(a) {
			return a
		}
	}
	return ""
}

func startsWithShebang(p string) bool {
	f, err := os.Open(p)
	if err != nil {
		return false
	}
	defer f.Close()
	var head [2]byte
	n, _ := io.ReadFull(f, head[:])
	return n == 2 && string(head[:]) == "#!"
}

func isRegular(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular()
}
