package lint

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/tagspec/tagspec/spec"
)

// updateGolden is set by TAGSPEC_UPDATE=1 to rewrite golden files instead
// of comparing against them.
var updateGolden = os.Getenv("TAGSPEC_UPDATE") == "1"

// checkGolden compares got with testdata/<name>, or rewrites the file when
// TAGSPEC_UPDATE=1.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if updateGolden {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with TAGSPEC_UPDATE=1 to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs from the golden file (-want +got); run with TAGSPEC_UPDATE=1 to accept:\n%s", path, diff)
	}
}

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
