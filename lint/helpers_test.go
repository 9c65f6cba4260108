package lint

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/tagspec/tagspec/spec"
)

// parseFile loads a spec from testdata with spec.Parse, failing the test on
// an unreadable file. Positions name the file as testdata/<name>.
func parseFile(t testing.TB, name string) (*spec.Spec, []spec.Diagnostic) {
	t.Helper()
	path := filepath.Join("testdata", name)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s, diags, err := spec.Parse(filepath.ToSlash(path), data)
	if err != nil {
		t.Fatalf("spec.Parse(%s): %v", path, err)
	}
	return s, diags
}
