package templates

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/tagspec/tagspec/diag"
	"github.com/tagspec/tagspec/internal/fuzzbudget"
	"github.com/tagspec/tagspec/spec"
)

// FuzzImport feeds arbitrary bytes to the container reader and importer:
// they must return an error or a spec that loads, never panic or hang.
func FuzzImport(f *testing.F) {
	// Small seeds keep mutation and minimisation cheap; the large generated
	// containers are covered by the round-trip tests.
	files, _ := filepath.Glob("testdata/containers/*.json")
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`{"exportFormatVersion":2,"containerVersion":{"tag":[{"name":"x","type":"gaawe","parameter":[{"type":"TEMPLATE","key":"eventName","value":"e"}],"firingTriggerId":["1"]}],"trigger":[{"triggerId":"1","name":"t","type":"TIMER","interval":{"type":"TEMPLATE","value":"-5"}}]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzbudget.Run(t, data, func() {
			yml, _, err := Import(data, "fuzz.json")
			if err != nil {
				return
			}
			if _, _, err := spec.Parse("imported.yaml", yml); err != nil {
				t.Fatalf("imported spec is not YAML the loader reads: %v\n%s", err, yml)
			}
			c, err := ParseContainer(data, "fuzz.json")
			if err != nil {
				t.Fatalf("Import accepted what ParseContainer rejects: %v", err)
			}
			if _, err := c.Marshal(); err != nil {
				t.Fatalf("a container that was read cannot be written: %v", err)
			}
			_ = CheckContainer(c)
		})
	})
}

// FuzzGenerate: every spec the loader accepts either gives a generation
// error or a container that passes ValidateContainer and imports back.
func FuzzGenerate(f *testing.F) {
	for _, sc := range specCases(f) {
		f.Add(sc.data)
	}
	f.Add([]byte("version: 1\nmeasurement_id: G-A1\nevents:\n  - name: e\n    kind: micro\n    trigger:\n      click: {selector: \"a}}{{b\"}\n    params:\n      p: {from: \"const:{{x}}\"}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzbudget.Run(t, data, func() {
			s, diags, err := spec.Parse("fuzz.yaml", data)
			if err != nil || diag.HasErrors(diags) {
				return
			}
			out, err := Generate(s, Options{})
			if err != nil {
				return
			}
			ps, err := ValidateContainer(out)
			if err != nil {
				t.Fatalf("generated container is not JSON: %v", err)
			}
			if len(ps) > 0 {
				t.Fatalf("generated container fails validation: %v\n%s", ps, data)
			}
			if _, _, err := Import(out, "gen.json"); err != nil {
				t.Fatalf("generated container does not import: %v", err)
			}
		})
	})
}
