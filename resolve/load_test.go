package resolve

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestMergeProvenance: Streamlit's dict.update, top level only; a replaced
// key keeps its first position; Origin and Replaced say where keys came
// from and what a whole-table replacement lost.
func TestMergeProvenance(t *testing.T) {
	home, cwd := t.TempDir(), t.TempDir()
	global := filepath.Join(home, ".streamlit", "secrets.toml")
	project := filepath.Join(cwd, ".streamlit", "secrets.toml")
	write(t, global, "a = 1\n[db]\nuser = \"u\"\npassword = \"g\"\n[only]\nx = 1\n")
	write(t, project, "b = 2\na = 3\n[db]\npassword = \"p\"\n")
	s, err := Load(Options{Home: home, Cwd: cwd})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := show(s.Tree), `{a:3,db:{password:"p"},only:{x:1},b:2}`; got != want {
		t.Errorf("tree %s, want %s", got, want)
	}
	for k, want := range map[string]string{"a": project, "db": project, "only": global, "b": project} {
		if s.Origin[k] != want {
			t.Errorf("origin of %s: %q, want %q", k, s.Origin[k], want)
		}
	}
	if len(s.Replaced) != 1 || s.Replaced[0].Key != "db" || s.Replaced[0].Earlier != global ||
		s.Replaced[0].Later != project || fmt.Sprint(s.Replaced[0].LostSubkeys) != "[[user]]" {
		t.Errorf("replaced: %+v", s.Replaced)
	}
	if len(s.Sources) != 2 || !s.Sources[0].Found || !s.Sources[1].Found {
		t.Errorf("sources: %+v", s.Sources)
	}
}

// TestSameFileReadOnce: a file reached by two default paths (the home
// folder's .streamlit a link to the project's) is read once, which merges
// as reading it twice does; a --file given twice is read twice, as asked.
func TestSameFileReadOnce(t *testing.T) {
	home, cwd := t.TempDir(), t.TempDir()
	project := filepath.Join(cwd, ".streamlit", "secrets.toml")
	write(t, project, "a = 1\n")
	if err := os.Symlink(filepath.Join(cwd, ".streamlit"), filepath.Join(home, ".streamlit")); err != nil {
		t.Skip(err)
	}
	s, err := Load(Options{Home: home, Cwd: cwd})
	if err != nil {
		t.Fatal(err)
	}
	// The project path is listed for --check, as read already.
	global := filepath.Join(home, ".streamlit", "secrets.toml")
	if len(s.Sources) != 2 || s.Sources[0].Layer != Global || !s.Sources[0].Found ||
		s.Sources[1].Layer != Project || s.Sources[1].Found || s.Sources[1].SameAs != global {
		t.Errorf("sources: %+v", s.Sources)
	}
	if got := Check(s, CheckOptions{}).Format(); !strings.Contains(got, project+" (the same file as "+global+", read once)") {
		t.Errorf("--check does not list the project path as the global file:\n%s", got)
	}
	s, err = Load(Options{Files: []string{project, project}})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Sources) != 2 {
		t.Errorf("--file twice: sources %+v", s.Sources)
	}
}

// TestTextMode: line ends are read as Streamlit's open() reads them (\r\n
// and a lone \r become \n), so a multi-line value from a file saved on
// Windows, or a mounted secret file, is the same text as in st.secrets.
func TestTextMode(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "s.toml")
	write(t, p, "key = \"\"\"-----BEGIN KEY-----\r\nMIIE\r\n-----END KEY-----\r\n\"\"\"\r\nold_mac = 'x'\rnext = 2\r\n")
	tree, _, err := ReadPath(p)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := show(tree), `{key:"-----BEGIN KEY-----\nMIIE\n-----END KEY-----\n",old_mac:"x",next:2}`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	write(t, filepath.Join(dir, "k8s", "tls", "key"), "line 1\r\nline 2\r\n")
	tree, _, err = ReadPath(filepath.Join(dir, "k8s"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := show(tree), `{tls:"line 1\nline 2"}`; got != want {
		t.Errorf("folder: got %s, want %s", got, want)
	}
}

// TestFolderStrip: a mounted secret's value is stripped as Python's
// str.strip() strips, which also takes the ASCII separators \x1c-\x1f.
func TestFolderStrip(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "db", "pass"), "\x1c\x1f pw\u00a0\x1d\u3000\n")
	tree, _, err := ReadPath(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := show(tree), `{db:"pw"}`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

// TestKubernetesFolder reads a folder as Streamlit's _parse_directory does.
func TestKubernetesFolder(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "db", "user"), "  admin\n")
	write(t, filepath.Join(dir, "db", "password"), "s3cret\n\n")
	write(t, filepath.Join(dir, "api", "token"), "\ttok\n")
	tree, _, err := ReadPath(dir)
	if err != nil {
		t.Fatal(err)
	}
	// os.listdir's order, the file system's: names listed, not sorted.
	order := func(path string) []string {
		names, err := listDir(path)
		if err != nil {
			t.Fatal(err)
		}
		return names
	}
	values := map[string]string{"api": `"tok"`, "user": `"admin"`, "password": `"s3cret"`}
	var db, top []string
	for _, n := range order(filepath.Join(dir, "db")) {
		db = append(db, n+":"+values[n])
	}
	for _, n := range order(dir) {
		if n == "db" {
			top = append(top, "db:{"+strings.Join(db, ",")+"}")
		} else {
			top = append(top, n+":"+values[n])
		}
	}
	if got, want := show(tree), "{"+strings.Join(top, ",")+"}"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}

	write(t, filepath.Join(dir, "stray"), "x")
	_, _, err = ReadPath(dir)
	var e *Error
	if !errors.As(err, &e) || e.Path != filepath.Join(dir, "stray") || !strings.Contains(e.Msg, "only subdirectories") {
		t.Errorf("a file at the top of a secrets folder: %v", err)
	}
}

// TestKubernetesMount: a secret as Kubernetes mounts it, keys linked
// through ..data to a timestamped folder; Streamlit skips the folders.
func TestKubernetesMount(t *testing.T) {
	dir := t.TempDir()
	mount := filepath.Join(dir, "api")
	write(t, filepath.Join(mount, "..2024_01_01_00_00_00.1", "token"), "tok\n")
	for _, l := range [][2]string{{"..2024_01_01_00_00_00.1", "..data"}, {"..data/token", "token"}} {
		if err := os.Symlink(l[0], filepath.Join(mount, l[1])); err != nil {
			t.Skip(err)
		}
	}
	tree, _, err := ReadPath(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := show(tree), `{api:"tok"}`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

// TestKubernetesFolderNotText: Streamlit reads each file as UTF-8 text and
// fails on other bytes; a binary secret is refused, not altered.
func TestKubernetesFolderNotText(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "store", "keystore")
	write(t, p, "\xfe\xed\xfe\xed"+canary)
	_, _, err := ReadPath(dir)
	var e *Error
	if !errors.As(err, &e) || e.Path != p || !strings.Contains(e.Msg, "not UTF-8 text") {
		t.Fatalf("got %v", err)
	}
	if strings.Contains(err.Error(), canary) {
		t.Errorf("a value leaked: %v", err)
	}
}

// TestEmptyFolderFindsNothing: a folder with no file in it is merged (its
// empty tables) but is no secrets file found, as in Streamlit.
func TestEmptyFolderFindsNothing(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "empty", "sub"), 0o700); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "s.toml")
	write(t, file, "a = 1\n")
	folder := filepath.Join(dir, "empty")
	if _, err := Load(Options{Files: []string{folder}}); !errors.Is(err, ErrNoSecrets) {
		t.Errorf("only an empty folder: %v, want no secrets found", err)
	}
	s, err := Load(Options{Files: []string{file, folder}})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := show(s.Tree), `{a:1,sub:{}}`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

// TestReadPathKinds: what each kind of path gives.
func TestReadPathKinds(t *testing.T) {
	dir := t.TempDir()
	t.Run("folder named .toml", func(t *testing.T) {
		p := filepath.Join(dir, "secrets.toml")
		os.Mkdir(p, 0o700)
		_, _, err := ReadPath(p)
		if err == nil || err.Error() != p+": is a directory, expected a TOML file" {
			t.Errorf("got %v", err)
		}
	})
	t.Run("missing", func(t *testing.T) {
		p := filepath.Join(dir, "none.toml")
		_, _, err := ReadPath(p)
		if !errors.Is(err, fs.ErrNotExist) || err.Error() != p+": no such file" {
			t.Errorf("got %v", err)
		}
	})
	t.Run("dangling symlink", func(t *testing.T) {
		p := filepath.Join(dir, "link.toml")
		if err := os.Symlink(filepath.Join(dir, "gone"), p); err != nil {
			t.Skip(err)
		}
		_, _, err := ReadPath(p)
		if !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), "symbolic link to a missing target") {
			t.Errorf("got %v", err)
		}
	})
	t.Run("regular file over the limit is refused unread", func(t *testing.T) {
		p := filepath.Join(dir, "big.toml")
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		f.Truncate(MaxFileSize + 1)
		f.Close()
		_, _, err = ReadPath(p)
		if err == nil || !strings.Contains(err.Error(), "larger than the 16 MiB limit") {
			t.Errorf("got %v", err)
		}
	})
	t.Run("file at the limit is read", func(t *testing.T) {
		p := filepath.Join(dir, "edge.toml")
		content := "a = 1\n" + strings.Repeat("#", MaxFileSize-6)
		write(t, p, content)
		tree, mode, err := ReadPath(p)
		if err != nil || show(tree) != "{a:1}" || mode != 0o600 {
			t.Errorf("got %v %v %v", tree, mode, err)
		}
	})
	t.Run("pipe through /dev/fd", func(t *testing.T) {
		if runtime.GOOS == "windows" {
			t.Skip("no /dev/fd")
		}
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		go func() { w.WriteString("a = \"from a pipe\"\n"); w.Close() }()
		path := "/dev/fd/" + strconv.Itoa(int(r.Fd()))
		tree, mode, err := ReadPath(path)
		if err != nil || show(tree) != `{a:"from a pipe"}` || mode != 0 {
			t.Errorf("got %v %v %v", tree, mode, err)
		}
	})
}

// TestDefaultListSkips: a default path that does not exist is skipped, a
// dangling symlink there too but with a warning, and no file at all is an
// error naming every path.
func TestDefaultListSkips(t *testing.T) {
	home, cwd := t.TempDir(), t.TempDir()
	_, err := Load(Options{Home: home, Cwd: cwd})
	if !errors.Is(err, ErrNoSecrets) || !strings.Contains(err.Error(), filepath.Join(home, ".streamlit", "secrets.toml")) ||
		!strings.Contains(err.Error(), filepath.Join(cwd, ".streamlit", "secrets.toml")) {
		t.Errorf("no file: %v", err)
	}
	s, err := Load(Options{Home: home, Cwd: cwd, AllowMissing: true})
	if err != nil || s.Tree.Len() != 0 || len(s.Warnings()) != 0 {
		t.Errorf("--allow-missing: %v %v", s, err)
	}
	link := filepath.Join(cwd, ".streamlit", "secrets.toml")
	os.MkdirAll(filepath.Dir(link), 0o700)
	if err := os.Symlink(filepath.Join(cwd, "gone"), link); err != nil {
		t.Skip(err)
	}
	// With no file found, the error says why the link gave none.
	_, err = Load(Options{Home: home, Cwd: cwd})
	if !errors.Is(err, ErrNoSecrets) || !strings.Contains(err.Error(), link+" (a symbolic link to a missing file)") {
		t.Errorf("no file found, a dangling link: %v", err)
	}
	write(t, filepath.Join(home, ".streamlit", "secrets.toml"), "a = 1\n")
	s, err = Load(Options{Home: home, Cwd: cwd})
	if err != nil {
		t.Fatal(err)
	}
	if w := s.Warnings(); len(w) != 1 || w[0] != link+": a symbolic link to a missing target; skipped" {
		t.Errorf("warnings: %q", w)
	}
}
