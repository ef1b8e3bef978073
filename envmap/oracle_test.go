package envmap

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/withsecrets/withsecrets/resolve"
)

// oracle checks, in Python, that what withsecrets gives for one document is
// what Streamlit would: json.loads(SECRETS_JSON) equals the document as
// Python's TOML reader sees it, key order and float-ness included, and each
// root str/int/float variable equals str(v). Non-finite floats and dates are
// mapped to the texts DESIGN.md fixes for them, since JSON has neither.
const oracle = `
import json, sys, tomllib, datetime, math
def norm(v):
    if isinstance(v, dict): return {k: norm(x) for k, x in v.items()}
    if isinstance(v, list): return [norm(x) for x in v]
    if isinstance(v, float) and not math.isfinite(v): return str(v)
    if isinstance(v, (datetime.datetime, datetime.date, datetime.time)):
        s = v.isoformat()
        if isinstance(v, (datetime.datetime, datetime.time)) and v.microsecond:
            head, _, frac = s.partition('.')
            digits = frac[:6].rstrip('0'); rest = frac[6:]
            s = head + '.' + digits + rest
        if s.endswith('+00:00'): s = s[:-6] + 'Z'
        return s
    return v
bad = 0; checked = 0
for case in json.load(open(sys.argv[1])):
    try:
        with open(case['path'], 'rb') as f: want = tomllib.load(f)
    except Exception:
        continue  # TOML 1.1 only, or the Python reader disagrees: not comparable
    checked += 1
    got = json.loads(case['json'])
    if json.dumps(got) != json.dumps(norm(want)):
        bad += 1; print('JSON', case['path'], '\n got ', json.dumps(got)[:300], '\n want', json.dumps(norm(want))[:300])
    for k, v in want.items():
        if type(v) in (str, int, float):
            if case['vars'].get(k) != str(v):
                bad += 1; print('VAR', case['path'], k, repr(case['vars'].get(k)), repr(str(v)))
print('checked', checked, file=sys.stderr)
sys.exit(1 if bad else 0)
`

// TestAgainstPython runs every valid document of the toml-test suite that
// ships with BurntSushi/toml through resolve and envmap, and has Python
// 3.11's tomllib judge the result. It skips where python3 or the suite is
// not available.
func TestAgainstPython(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not installed")
	}
	if exec.Command(py, "-c", "import tomllib").Run() != nil {
		t.Skip("python3 has no tomllib (needs 3.11)")
	}
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/BurntSushi/toml").Output()
	if err != nil {
		t.Skipf("cannot locate the toml module: %v", err)
	}
	suite := filepath.Join(strings.TrimSpace(string(out)), "internal", "toml-test", "tests", "valid")
	files, _ := filepath.Glob(filepath.Join(suite, "*.toml"))
	more, _ := filepath.Glob(filepath.Join(suite, "*", "*.toml"))
	files = append(files, more...)
	if len(files) < 100 {
		t.Skipf("toml-test suite not found under %s", suite)
	}
	type tcase struct {
		Path string            `json:"path"`
		JSON string            `json:"json"`
		Vars map[string]string `json:"vars"`
	}
	var cases []tcase
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		tree, err := resolve.Parse(f, data)
		if err != nil {
			continue // TOML 1.1 documents the Python side may reject anyway
		}
		vars := map[string]string{}
		for _, k := range tree.Keys {
			if s, ok := Scalar(tree.Values[k]); ok {
				vars[k] = s
			}
		}
		cases = append(cases, tcase{Path: f, JSON: string(JSON(tree)), Vars: vars})
	}
	manifest := filepath.Join(t.TempDir(), "cases.json")
	b, _ := json.Marshal(cases)
	if err := os.WriteFile(manifest, b, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(py, "-c", oracle, manifest)
	res, err := cmd.CombinedOutput()
	t.Logf("%d documents; python: %s", len(cases), strings.TrimSpace(lastLine(string(res))))
	if err != nil {
		t.Errorf("python disagrees:\n%s", res)
	}
}

func lastLine(s string) string {
	s = strings.TrimRight(s, "\n")
	return s[strings.LastIndexByte(s, '\n')+1:]
}
