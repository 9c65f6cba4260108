package templates

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tagspec/tagspec/spec"
	"github.com/tagspec/tagspec/starters"
)

// update reports whether golden files should be rewritten.
var update = os.Getenv("TAGSPEC_UPDATE") == "1"

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
	if spec.HasErrors(diags) {
		t.Fatalf("parse %s: %v", file, diags)
	}
	return s
}

// golden compares got with testdata/golden/name, rewriting it when
// TAGSPEC_UPDATE=1.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("missing golden file (run with TAGSPEC_UPDATE=1): %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (-want +got):\n%s", path, cmp.Diff(string(want), string(got)))
	}
}
