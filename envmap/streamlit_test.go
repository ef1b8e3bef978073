package envmap

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"

	"github.com/withsecrets/withsecrets/resolve"
)

// Streamlit reads secrets.toml with the Python `toml` library 0.10.2, not
// with a parser of the specification. These tests give the same documents
// to withsecrets (resolve.Load and Vars, as main does) and, in one Python
// process per run, to toml 0.10.2 (what Streamlit gives) and to tomllib
// (what TOML 1.0 says), and sort each document into one of the classes
// below. A document valid for both, one that toml 0.10.2 and tomllib
// accept and read alike, must give Streamlit's values here: its variables
// byte for byte, its tree with key order and float-ness.

// class is what a document is, seen from the three parsers.
type class string

const (
	// Valid for both, and withsecrets agrees.
	agree class = "agree"
	// Valid for both, withsecrets gives other values: a bug here.
	mismatch class = "MISMATCH"
	// Valid for both, withsecrets refuses it.
	refused class = "withsecrets refuses"
	// toml 0.10.2 reads a valid document otherwise than the specification;
	// withsecrets follows the specification.
	differs class = "toml 0.10.2 differs from the spec"
	// toml 0.10.2 refuses a valid document; withsecrets reads it as the
	// specification does.
	tomlRefuses class = "toml 0.10.2 refuses"
	// toml 0.10.2 takes a document the specification refuses.
	tomlAccepts class = "toml 0.10.2 accepts invalid"
	// Only withsecrets takes it: TOML 1.1, or a BOM.
	onlyHere class = "only withsecrets accepts"
	// Nobody takes it.
	allRefuse class = "all refuse"
	// The specification and withsecrets disagree on a document that
	// toml 0.10.2 does not read as tomllib does: a bug here too.
	specMismatch class = "SPEC MISMATCH"
)

// pySide is one Python parser's reading of a document.
type pySide struct {
	Err  *string     `json:"err"`
	Tree string      `json:"tree"`
	Env  [][2]string `json:"env"`
}

// verdict is what the three parsers made of one document.
type verdict struct {
	Doc   []byte
	Toml  pySide `json:"toml"`
	Spec  pySide `json:"spec"`
	Same  bool   `json:"same"` // toml 0.10.2 and tomllib read the same values
	GoErr error  `json:"-"`
	Go    string `json:"go"` // withsecrets' JSON, re-encoded by Python
	GoEnv [][2]string
	Class class
	Why   string // for a mismatch: what differs
}

func (v *verdict) String() string {
	s := fmt.Sprintf("%s\n  document: %q\n", v.Class, v.Doc)
	show := func(name string, p pySide) {
		if p.Err != nil {
			s += fmt.Sprintf("  %-11s error: %s\n", name, *p.Err)
		} else {
			s += fmt.Sprintf("  %-11s %s env %q\n", name, p.Tree, p.Env)
		}
	}
	show("toml 0.10.2", v.Toml)
	show("tomllib", v.Spec)
	if v.GoErr != nil {
		s += fmt.Sprintf("  %-11s error: %v\n", "withsecrets", v.GoErr)
	} else {
		s += fmt.Sprintf("  %-11s %s env %q\n", "withsecrets", v.Go, v.GoEnv)
	}
	if v.Why != "" {
		s += "  " + v.Why + "\n"
	}
	return s
}

var (
	pyOnce sync.Once
	pyPath string
)

// streamlitPython finds a python3 that has both toml (Debian's
// python3-toml is 0.10.2, Streamlit's pinned version) and tomllib (3.11).
// A pyenv shim first on PATH often lacks toml: every python3 on PATH is
// tried, then the system one.
func streamlitPython(t *testing.T) string {
	t.Helper()
	pyOnce.Do(func() {
		var cands []string
		for _, dir := range filepath.SplitList(os.Getenv("PATH")) {
			cands = append(cands, filepath.Join(dir, "python3"))
		}
		cands = append(cands, "/usr/bin/python3")
		for _, c := range cands {
			out, err := exec.Command(c, "-c", "import tomllib, toml; print(toml.__version__)").Output()
			if err == nil && string(bytes.TrimSpace(out)) == "0.10.2" {
				pyPath = c
				return
			}
		}
	})
	if pyPath == "" {
		t.Skip("no python3 with tomllib and toml 0.10.2 (apt-get install python3-toml)")
	}
	return pyPath
}

// judge runs every document through withsecrets and, in one Python
// process, through toml 0.10.2 and tomllib, and classifies each.
func judge(t *testing.T, docs [][]byte) []*verdict {
	t.Helper()
	py := streamlitPython(t)
	dir := t.TempDir()
	vs := make([]*verdict, len(docs))
	type input struct {
		Doc string  `json:"doc"`
		Go  *string `json:"go"`
	}
	in := make([]input, len(docs))
	for i, doc := range docs {
		v := &verdict{Doc: doc}
		vs[i] = v
		in[i].Doc = base64.StdEncoding.EncodeToString(doc)
		// Through a file, as main reads one: text mode and the BOM are
		// handled on the way.
		p := filepath.Join(dir, strconv.Itoa(i)+".toml")
		if err := os.WriteFile(p, doc, 0o600); err != nil {
			t.Fatal(err)
		}
		s, err := resolve.Load(resolve.Options{Files: []string{p}})
		var vars []Var
		if err == nil {
			vars, err = Vars(s, DefaultJSONVar)
		}
		if err != nil {
			v.GoErr = err
			continue
		}
		for _, x := range vars {
			switch s.Tree.Values[x.Name].(type) {
			case string, int64, float64: // what Streamlit exports too
				v.GoEnv = append(v.GoEnv, [2]string{x.Name, x.Value})
			}
		}
		js := string(JSON(s.Tree))
		in[i].Go = &js
	}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(py, filepath.Join("testdata", "streamlit", "oracle.py"))
	cmd.Stdin = bytes.NewReader(b)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("oracle.py: %v\n%s", err, stderr.Bytes())
	}
	if err := json.Unmarshal(out, &vs); err != nil {
		t.Fatalf("oracle.py output: %v", err)
	}
	if len(vs) != len(docs) {
		t.Fatalf("oracle.py gave %d results for %d documents", len(vs), len(docs))
	}
	for _, v := range vs {
		v.classify()
	}
	return vs
}

func (v *verdict) classify() {
	tomlOK, specOK, goOK := v.Toml.Err == nil, v.Spec.Err == nil, v.GoErr == nil
	// against tells whether withsecrets gives what p gives.
	against := func(p pySide) bool {
		if v.Go != p.Tree {
			v.Why = "the trees differ"
			return false
		}
		if len(v.GoEnv) != len(p.Env) {
			v.Why = "the variables differ"
			return false
		}
		for i := range p.Env {
			if v.GoEnv[i] != p.Env[i] {
				v.Why = fmt.Sprintf("variable %q is %q, Python's str() gives %q", p.Env[i][0], v.GoEnv[i][1], p.Env[i][1])
				return false
			}
		}
		return true
	}
	switch {
	case tomlOK && specOK && v.Same:
		switch {
		case !goOK:
			v.Class = refused
		case against(v.Toml):
			v.Class = agree
		default:
			v.Class = mismatch
		}
	case specOK && (!goOK || !against(v.Spec)):
		v.Class = specMismatch
	case tomlOK && specOK:
		v.Class = differs
	case specOK:
		v.Class = tomlRefuses
	case tomlOK:
		v.Class = tomlAccepts
	case goOK:
		v.Class = onlyHere
	default:
		v.Class = allRefuse
	}
}
