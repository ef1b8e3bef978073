package resolve

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestMaskValues(t *testing.T) {
	tests := []struct {
		name string
		toml string
		want []string
	}{
		{"root", `a = "root-value"`, []string{"root-value"}},
		{"table", "[db]\npassword = \"table-value\"", []string{"table-value"}},
		{"nested table", "[a.b.c]\nk = \"deep-value\"", []string{"deep-value"}},
		{"array", `hosts = ["one-value", "two-value"]`, []string{"one-value", "two-value"}},
		{"nested array", `m = [["inner-value"], ["x"]]`, []string{"inner-value"}},
		{"array of tables", "[[w]]\ntoken = \"aot-value\"\n[[w]]\ntoken = \"aot-two\"", []string{"aot-value", "aot-two"}},
		{"inline table in array", `w = [{token = "inline-value"}]`, []string{"inline-value"}},
		{"distinct", "a = \"same-value\"\n[t]\nb = \"same-value\"", []string{"same-value"}},
		{"short strings kept", `a = "abc"` + "\n" + `b = "abcd"`, []string{"abcd"}},
		{"characters, not bytes", `a = "日本語"` + "\n" + `b = "日本語x"` + "\n" + `c = "ééé"`, []string{"日本語x"}},
		{"numbers, booleans and dates kept", "a = 123456789\nb = 3.14159\nc = true\nd = 1979-05-27", []string{}},
		{"empty", "", []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tree, err := Parse("secrets.toml", []byte(tt.toml))
			if err != nil {
				t.Fatal(err)
			}
			if got := MaskValues(tree); !slices.Equal(got, tt.want) {
				t.Errorf("MaskValues = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestMaskValuesKubernetesFolder(t *testing.T) {
	dir := t.TempDir()
	for p, v := range map[string]string{
		"api/token":   "  k8s-token-value\n",
		"db/user":     "db-user-value",
		"db/password": "db-password-value",
		"short/v":     "abc",
	} {
		p = filepath.Join(dir, p)
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(v), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	tree, _, err := ReadPath(dir)
	if err != nil {
		t.Fatal(err)
	}
	got := MaskValues(tree)
	slices.Sort(got)
	want := []string{"db-password-value", "db-user-value", "k8s-token-value"}
	if !slices.Equal(got, want) {
		t.Errorf("MaskValues = %q, want %q", got, want)
	}
}
