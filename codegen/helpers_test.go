package codegen

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tagspec/tagspec/diag"
	"github.com/tagspec/tagspec/spec"
	"github.com/tagspec/tagspec/starters"
)

// specCase is a spec the golden and compiler tests run on.
type specCase struct {
	name string // directory name under testdata/golden
	spec *spec.Spec
}

// specCases returns every starter template and the example site's spec.
func specCases(t testing.TB) []specCase {
	t.Helper()
	var out []specCase
	for _, n := range starters.Names() {
		data, err := starters.Get(n)
		if err != nil {
			t.Fatalf("starter %s: %v", n, err)
		}
		out = append(out, specCase{name: "starter-" + n, spec: parseSpec(t, n+".yaml", data)})
	}
	data, err := os.ReadFile(filepath.Join("..", "examplesite", "example.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	out = append(out, specCase{name: "example", spec: parseSpec(t, "example.yaml", data)})
	if len(out) < 5 {
		t.Fatalf("expected four starters and the example spec, found %d specs", len(out))
	}
	return out
}

// parseSpec parses a spec and fails the test on any error diagnostic.
func parseSpec(t testing.TB, file string, data []byte) *spec.Spec {
	t.Helper()
	s, diags, err := spec.Parse(file, data)
	if err != nil {
		t.Fatalf("parse %s: %v", file, err)
	}
	if diag.HasErrors(diags) {
		var msgs []string
		for _, d := range diags {
			msgs = append(msgs, d.String())
		}
		t.Fatalf("parse %s:\n%s", file, strings.Join(msgs, "\n"))
	}
	return s
}

// generate runs Generate and fails the test on an error.
func generate(t testing.TB, s *spec.Spec, lang Lang) []File {
	t.Helper()
	files, err := Generate(s, lang)
	if err != nil {
		t.Fatalf("Generate(%s, %s): %v", s.File, lang, err)
	}
	return files
}

// writeFiles writes generated files into dir.
func writeFiles(t testing.TB, dir string, files []File) {
	t.Helper()
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(dir, f.Name), f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// parseSpecAllowingLint parses a spec that the generator should refuse;
// only a spec that does not parse at all fails the test.
func parseSpecAllowingLint(t testing.TB, file string, data []byte) *spec.Spec {
	t.Helper()
	s, _, err := spec.Parse(file, data)
	if err != nil || s == nil {
		t.Fatalf("parse %s: %v", file, err)
	}
	return s
}
