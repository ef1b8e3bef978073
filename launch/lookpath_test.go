package launch

import (
	"reflect"
	"testing"
)

func TestPathExtCandidates(t *testing.T) {
	for _, c := range []struct {
		p, pathext string
		want       []string
	}{
		{`C:\bin\python`, "", []string{`C:\bin\python.com`, `C:\bin\python.exe`, `C:\bin\python.bat`, `C:\bin\python.cmd`}},
		{`C:\bin\python`, ".EXE;.CMD;;PY", []string{`C:\bin\python.exe`, `C:\bin\python.cmd`, `C:\bin\python.py`}},
		{`C:\bin\python.EXE`, "", []string{`C:\bin\python.EXE`}},
		{`C:\bin\run.cmd`, ".COM;.EXE;.BAT;.CMD", []string{`C:\bin\run.cmd`}},
		{`C:\bin\app.v2`, ".EXE", []string{`C:\bin\app.v2.exe`}},
	} {
		if got := pathExtCandidates(c.p, c.pathext); !reflect.DeepEqual(got, c.want) {
			t.Errorf("pathExtCandidates(%q, %q) = %q, want %q", c.p, c.pathext, got, c.want)
		}
	}
}
