package lint

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/tagspec/tagspec/diag"
	"github.com/tagspec/tagspec/internal/fuzzbudget"
	"github.com/tagspec/tagspec/spec"
)

// FuzzCheck feeds arbitrary spec files through the loader, the linter and
// every printer: nothing may panic, every finding must name the file and
// carry a rule and a message, and the JSON and SARIF printers must write
// valid JSON.
func FuzzCheck(f *testing.F) {
	// Small seeds keep the fuzzer's input minimisation cheap; together they
	// reach every rule (the large testdata specs are covered by unit tests).
	f.Add([]byte("version: 1\nuser_properties:\n  user_id: {from: \"const:jane@example.com\"}\n  plan-tier: {from: \"datalayer:x\"}\nevents:\n" +
		"  - name: signUp\n    kind: macro\n    trigger: {click: {selector: \"#a\"}}\n    params:\n" +
		"      value: {type: string, from: \"datalayer:v\"}\n      email: {required: true}\n      _x: {from: \"const:+44 20 7946 0958\"}\n" +
		"  - {name: SignUp, kind: micro, trigger: {datalayer: {event: e}}}\n  - {name: page_view, kind: micro, trigger: {page_view: {path: /}}}\n" +
		"  - {name: purchase, kind: macro, trigger: {datalayer: {event: purchase}}, params: {currency: {from: \"const:EUR\"}}}\n"))
	f.Add([]byte("version: 1\nevents:\n  - name: \"\"\n    kind: macro\n"))
	f.Add([]byte("version: 1\nevents:\n  - {name: _, kind: micro, trigger: {click: {}}, params: {\"\": {required: true}, \"a/b~c\": {from: \"const:+1 555 123 4567\"}}}\n"))
	f.Add([]byte("version: 1\nuser_properties: {Age: {from: \"const:x@y.zz\"}}\nevents: []\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzbudget.Run(t, data, func() {
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
				func(w *bytes.Buffer) error { return diag.WriteJSON(w, diags) },
				func(w *bytes.Buffer) error { return diag.WriteSARIF(w, diags, nil) },
			} {
				buf.Reset()
				if err := write(&buf); err != nil {
					t.Fatal(err)
				}
				if !json.Valid(buf.Bytes()) {
					t.Fatalf("invalid JSON:\n%s", buf.Bytes())
				}
			}
			if err := diag.WriteText(&buf, diags); err != nil {
				t.Fatal(err)
			}
			if err := diag.WriteGitHub(&buf, diags); err != nil {
				t.Fatal(err)
			}
		})
	})
}
