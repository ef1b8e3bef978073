package e2e

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// The values of maskTOML that --mask must hide, from every place a string
// can sit in the tree, and those it must leave alone.
const (
	rootSecret  = "r00t-s3cret-Value"
	tableSecret = "db-pa55w0rd"
	arraySecret = "array-item-secret"
	aotSecret   = "array-of-tables-token"
	maskTOML    = `
API_KEY = "` + rootSecret + `"
SHORT = "abc"
PORT = 123456789
RATIO = 3.14159
DIGITS = "98765"
hosts = ["h1", "` + arraySecret + `"]
[db]
password = "` + tableSecret + `"
[[workers]]
token = "` + aotSecret + `"
`
)

var maskSecrets = []string{rootSecret, tableSecret, arraySecret, aotSecret, "98765"}

func TestMaskHidesSecrets(t *testing.T) {
	p := newProject(t, maskTOML)

	// 1 MB with the secret placed across every 4 KiB boundary, cut at a
	// different point of the secret each time, written 4 KiB at a time.
	var big bytes.Buffer
	for big.Len() < 1<<20 {
		fmt.Fprintf(&big, "line %07d of plain output, nothing to hide here\n", big.Len())
	}
	data := big.Bytes()[:1<<20]
	for k := 1; (k+1)*4096 < len(data); k++ {
		cut := 1 + k%(len(rootSecret)-1) // bytes of the secret before the boundary
		copy(data[k*4096-cut:], rootSecret)
	}
	file := filepath.Join(t.TempDir(), "big")
	if err := os.WriteFile(file, data, 0o600); err != nil {
		t.Fatal(err)
	}
	bigWant := strings.ReplaceAll(string(data), rootSecret, "******")

	tests := []struct {
		name string
		ops  []string
		want string
	}{
		{"whole", []string{"out=key=" + rootSecret + ";\n"}, "key=******;\n"},
		{"one byte every 15 ms", []string{"trickle=15=<" + rootSecret + ">"}, "<******>"},
		{"split across two writes 30 ms apart", []string{"out=a " + rootSecret[:7], "sleep=30", "out=" + rootSecret[7:] + " b"}, "a ****** b"},
		{"a held-back prefix is written at exit", []string{"out=ends with " + rootSecret[:9]}, "ends with " + rootSecret[:9]},
		{"table, array and array of tables", []string{"out=" + tableSecret + "," + arraySecret + "," + aotSecret + "\n"}, "******,******,******\n"},
		{"across every 4 KiB boundary of 1 MB", []string{"file=4096=" + file}, bigWant},
	}
	// Both paths a masker sits on: the pipes, and the pty, whose reads
	// cut the output where its own buffering does, not where the child's
	// writes did (--pty=always passes the bytes on unchanged to a pipe).
	modes := []string{"--pty=never"}
	if runtime.GOOS != "windows" {
		modes = append(modes, "--pty=always")
	}
	for _, mode := range modes {
		for _, tt := range tests {
			t.Run(mode+"/"+tt.name, func(t *testing.T) {
				r := p.run(t, nil, nil, append([]string{"--mask", mode, "child", "mask-emit"}, tt.ops...)...)
				if r.Code != 0 {
					t.Fatalf("exit %d, stderr %q", r.Code, r.Stderr)
				}
				for _, s := range maskSecrets {
					if strings.Contains(r.Stdout, s) {
						t.Errorf("secret %q visible in the output", s)
					}
				}
				if r.Stdout != tt.want {
					if len(r.Stdout) > 200 {
						t.Fatalf("output differs from the expected %d bytes (got %d)", len(tt.want), len(r.Stdout))
					}
					t.Fatalf("output %q, want %q", r.Stdout, tt.want)
				}
			})
		}
	}
}

func TestMaskStreams(t *testing.T) {
	p := newProject(t, maskTOML)
	ops := []string{
		"out=out " + rootSecret + "\n",
		"err=err " + rootSecret + "\n",
		"out=short abc, number 123456789, float 3.14159, digits as a string 98765\n",
		"err=" + tableSecret,
	}
	t.Run("masked, separate", func(t *testing.T) {
		r := p.run(t, nil, nil, append([]string{"--mask", "child", "mask-emit"}, ops...)...)
		wantOut := "out ******\nshort abc, number 123456789, float 3.14159, digits as a string ******\n"
		wantErr := "err ******\n******"
		if r.Stdout != wantOut || r.Stderr != wantErr || r.Code != 0 {
			t.Errorf("got stdout %q stderr %q exit %d\nwant stdout %q stderr %q exit 0", r.Stdout, r.Stderr, r.Code, wantOut, wantErr)
		}
	})
	t.Run("without --mask nothing is touched", func(t *testing.T) {
		r := p.run(t, nil, nil, append([]string{"child", "mask-emit"}, ops...)...)
		wantOut := "out " + rootSecret + "\nshort abc, number 123456789, float 3.14159, digits as a string 98765\n"
		wantErr := "err " + rootSecret + "\n" + tableSecret
		if r.Stdout != wantOut || r.Stderr != wantErr {
			t.Errorf("got stdout %q stderr %q\nwant stdout %q stderr %q", r.Stdout, r.Stderr, wantOut, wantErr)
		}
	})
}

func TestMaskExitStatus(t *testing.T) {
	p := newProject(t, maskTOML)
	r := p.run(t, nil, nil, "--mask", "child", "exit", "7")
	if r.Code != 7 {
		t.Errorf("exit %d, want the child's 7", r.Code)
	}
	r = p.run(t, nil, nil, "--mask", "no-such-command-here")
	if r.Code != 127 {
		t.Errorf("missing command: exit %d, want 127", r.Code)
	}
}

func TestMaskKubernetesFolder(t *testing.T) {
	p := newProject(t, "")
	dir := filepath.Join(p.Dir, "k8s")
	writeFile(t, filepath.Join(dir, "api", "token"), "  k8s-mounted-token\n")
	writeFile(t, filepath.Join(dir, "db", "user"), "admin-user")
	writeFile(t, filepath.Join(dir, "db", "password"), "k8s-db-password")
	r := p.run(t, nil, nil, "--file", dir, "--mask", "child", "mask-emit", "out=k8s-mounted-token k8s-db-password admin-user\n")
	if want := "****** ****** ******\n"; r.Stdout != want {
		t.Errorf("stdout %q, want %q (stderr %q)", r.Stdout, want, r.Stderr)
	}
}

func TestMaskShortCharactersNotBytes(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("argument encoding on Windows")
	}
	// "日本語" is 9 bytes but 3 characters: below the threshold, kept.
	p := newProject(t, "a = \"日本語\"\nb = \"日本語x\"\n")
	r := p.run(t, nil, nil, "--mask", "child", "mask-emit", "out=日本語 日本語x\n")
	if want := "日本語 ******\n"; r.Stdout != want {
		t.Errorf("stdout %q, want %q", r.Stdout, want)
	}
}
