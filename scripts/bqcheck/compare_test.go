package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCompare(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	a := write("a.json", `{"source":"bigquery","inputs":["p.d"],"rows":10,"rates":[{"event":"x","numerator":3}],"problems":[]}`)
	b := write("b.json", `{"source":"export","inputs":["f.json"],"rows":10,"rates":[{"event":"x","numerator":3}],"problems":[]}`)
	c := write("c.json", `{"source":"export","inputs":[],"rows":10,"rates":[{"event":"x","numerator":4}],"problems":[{"kind":"no-data"}]}`)
	tests := []struct {
		name string
		args []string
		same bool
		want []string
	}{
		{"equal but for source and inputs", []string{"bq=" + a, "local=" + b}, true, []string{"EQUAL: bq = local"}},
		{"different", []string{"bq=" + a, "local=" + c}, false, []string{
			"DIFFERENT: bq vs local, 2 difference(s):",
			"  problems[0]: \"(absent)\" != {\"kind\":\"no-data\"}",
			"  rates[0].numerator: 3 != 4",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out strings.Builder
			same, err := runCompare(tt.args, &out)
			if err != nil {
				t.Fatal(err)
			}
			if same != tt.same {
				t.Errorf("same = %v, want %v", same, tt.same)
			}
			for _, w := range tt.want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("output lacks %q:\n%s", w, out.String())
				}
			}
		})
	}
	if _, err := runCompare([]string{"bq=" + a, "local=" + filepath.Join(dir, "missing.json")}, &strings.Builder{}); err == nil {
		t.Error("a missing report must be an error")
	}
}
