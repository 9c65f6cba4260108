package codegen

import (
	"bytes"
	"strings"
	"testing"

	"github.com/tagspec/tagspec/internal/fuzzbudget"
	"github.com/tagspec/tagspec/spec"
	"github.com/tagspec/tagspec/starters"
)

// FuzzGenerate: every spec the loader reads gives either an error or the
// same files twice, in which no text from the spec breaks out of a
// comment (a line break in a // comment, a "*/" inside a doc comment).
func FuzzGenerate(f *testing.F) {
	for _, n := range starters.Names() {
		data, err := starters.Get(n)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("version: 1\nname: \"a\\u2028b\"\nmeasurement_id: G-A1\nevents:\n  - name: \"x\\ny\"\n    kind: micro\n    description: \"ends */ early\"\n    trigger: { datalayer: { event: \"q\\\"*/\" } }\n    params:\n      \"p-q\": { from: \"datalayer:a.b\", enum: [\"*/\", 1, true] }\n"))
	f.Add([]byte("version: 1\nmeasurement_id: G-A1\nevents:\n  - name: e\n    kind: micro\n    trigger: { click: { selector: a } }\n    params:\n      a: { from: \"datalayer:k.l\" }\n      b: { from: \"datalayer:k\" }\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzbudget.Run(t, data, func() {
			s, _, err := spec.Parse("fuzz.yaml", data)
			if err != nil || s == nil {
				return
			}
			for _, lang := range []Lang{TypeScript, JavaScript} {
				a, err := Generate(s, lang)
				if err != nil {
					if !strings.Contains(err.Error(), "fuzz.yaml:") {
						t.Fatalf("error without a position: %v", err)
					}
					continue
				}
				b, _ := Generate(s, lang)
				for i := range a {
					if !bytes.Equal(a[i].Data, b[i].Data) {
						t.Fatalf("%s differs between two runs", a[i].Name)
					}
					checkComments(t, a[i])
				}
			}
		})
	})
}

// checkComments fails when a line of a generated file holds a character
// that ends a line comment, or a doc comment holds "*/" before its end.
func checkComments(t *testing.T, f File) {
	t.Helper()
	inDoc := false
	for i, l := range strings.Split(string(f.Data), "\n") {
		if strings.ContainsAny(l, "\r\u2028\u2029") {
			t.Fatalf("%s:%d: a line break inside a line: %q", f.Name, i+1, l)
		}
		trimmed := strings.TrimLeft(l, " ")
		switch {
		case !inDoc && trimmed == "/**":
			inDoc = true
		case inDoc && trimmed == "*/":
			inDoc = false
		case inDoc:
			if !strings.HasPrefix(trimmed, "*") || strings.Contains(trimmed, "*/") {
				t.Fatalf("%s:%d: doc comment line %q ends the comment early or is not one", f.Name, i+1, l)
			}
		case strings.HasPrefix(trimmed, "//"):
		case strings.Contains(l, "/*") && !strings.Contains(l, "/** @type"):
			t.Fatalf("%s:%d: a comment opens outside a doc comment: %q", f.Name, i+1, l)
		}
	}
	if inDoc {
		t.Fatalf("%s: a doc comment is never closed", f.Name)
	}
}
