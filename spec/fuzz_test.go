package spec

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/tagspec/tagspec/internal/fuzzbudget"
)

// FuzzParse feeds arbitrary bytes to the loader: it may reject them, but it
// must never panic or hang, and every diagnostic must carry the file name.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.yaml")
	for _, p := range files {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("version: 1\nevents: []\n"))
	f.Add([]byte("a: &a [*a]\n"))
	f.Add([]byte("version: 1\nevents:\n  - {name: x, kind: micro, trigger: {timer: {seconds: .inf}}}\n"))
	f.Add([]byte("version: 1\nevents:\n  - {name: a, kind: micro, trigger: {click: {selector: '#a'}}}\n  - {name: b, kind: macro, trigger: {datalayer: {event: b}}}\n" +
		"patterns:\n  - name: p\n    start: first_visit\n    within: 7d\n    steps: [{event: a, count: 3}, {event: b}, {event: c}]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzbudget.Run(t, data, func() {
			s, ds, err := Parse("fuzz.yaml", data)
			if err != nil {
				if s != nil {
					t.Fatal("spec returned together with an error")
				}
				return
			}
			for _, d := range ds {
				if d.Pos.File != "fuzz.yaml" || d.Rule == "" || d.Message == "" {
					t.Fatalf("incomplete diagnostic %+v", d)
				}
			}
			for _, e := range s.Events {
				_ = s.Position(e.Path + "/name")
			}
			for _, p := range s.Patterns {
				for _, st := range p.Steps {
					if st.Count < 1 {
						t.Fatalf("pattern %q step %q has count %d", p.Name, st.Event, st.Count)
					}
				}
			}
		})
	})
}
