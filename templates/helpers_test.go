package templates

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/tagspec/tagspec/diag"
	"github.com/tagspec/tagspec/spec"
	"github.com/tagspec/tagspec/starters"
)

// specCase is a spec the golden tests run on.
type specCase struct {
	name string
	file string
	data []byte
}

// specCases returns every starter template and the spec of testdata/specs.
func specCases(t testing.TB) []specCase {
	t.Helper()
	var out []specCase
	for _, n := range starters.Names() {
		data, err := starters.Get(n)
		if err != nil {
			t.Fatalf("starter %s: %v", n, err)
		}
		out = append(out, specCase{name: "starter-" + n, file: n + ".yaml", data: data})
	}
	files, err := filepath.Glob("testdata/specs/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		base := filepath.Base(f)
		out = append(out, specCase{name: base[:len(base)-len(".yaml")], file: base, data: data})
	}
	if len(out) < 5 {
		t.Fatalf("expected the starters and testdata specs, found %d specs", len(out))
	}
	return out
}

// parseSpec loads a spec and fails the test on any error diagnostic.
func parseSpec(t testing.TB, file string, data []byte) *spec.Spec {
	t.Helper()
	s, diags, err := spec.Parse(file, data)
	if err != nil {
		t.Fatalf("parse %s: %v", file, err)
	}
	if diag.HasErrors(diags) {
		t.Fatalf("parse %s: %v", file, diags)
	}
	return s
}
