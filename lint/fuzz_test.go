package lint

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/tagspec/tagspec/spec"
)

// FuzzCheck feeds arbitrary spec files through the loader, the linter and
// every printer: nothing may panic, every finding must name the file and
// carry a rule and a message, and the JSON and SARIF printers must write
// valid JSON.
func FuzzCheck(f *testing.F) {
	for _, name := range []string{"clean.yaml", "mistakes.yaml"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("version: 1\nevents:\n  - name: \"\"\n    kind: macro\n"))
	f.Add([]byte("version: 1\nevents:\n  - {name: _, kind: micro, trigger: {click: {}}, params: {\"\": {required: true}, \"a/b~c\": {from: \"const:+1 555 123 4567\"}}}\n"))
	f.Add([]byte("version: 1\nuser_properties: {Age: {from: \"const:x@y.zz\"}}\nevents: []\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, _, err := spec.Parse("fuzz.yaml", data)
		if err != nil {
			return
		}
		diags := Check(s)
		for _, d := range diags {
			if d.Pos.File != "fuzz.yaml" || d.Rule == "" || d.Message == "" || d.Severity == "" {
				t.Fatalf("incomplete finding: %+v", d)
			}
		}
		var buf bytes.Buffer
		for _, write := range []func(*bytes.Buffer) error{
			func(w *bytes.Buffer) error { return WriteJSON(w, diags) },
			func(w *bytes.Buffer) error { return WriteSARIF(w, diags) },
		} {
			buf.Reset()
			if err := write(&buf); err != nil {
				t.Fatal(err)
			}
			if !json.Valid(buf.Bytes()) {
				t.Fatalf("invalid JSON:\n%s", buf.Bytes())
			}
		}
		if err := WriteText(&buf, diags); err != nil {
			t.Fatal(err)
		}
		if err := WriteGitHub(&buf, diags); err != nil {
			t.Fatal(err)
		}
	})
}
