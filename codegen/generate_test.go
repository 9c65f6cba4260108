package codegen

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tagspec/tagspec/internal/golden"
)

// TestGolden compares the helpers of every starter and the example spec,
// in both languages, with testdata/golden/<spec>/. TAGSPEC_UPDATE=1
// rewrites them.
func TestGolden(t *testing.T) {
	for _, c := range specCases(t) {
		t.Run(c.name, func(t *testing.T) {
			for _, lang := range []Lang{TypeScript, JavaScript} {
				for _, f := range generate(t, c.spec, lang) {
					golden.Check(t, filepath.Join("testdata", "golden", c.name, f.Name), f.Data)
				}
			}
		})
	}
}

// TestDeterministic: the same spec gives byte-identical files.
func TestDeterministic(t *testing.T) {
	for _, c := range specCases(t) {
		for _, lang := range []Lang{TypeScript, JavaScript} {
			a, b := generate(t, c.spec, lang), generate(t, c.spec, lang)
			if len(a) != len(b) {
				t.Fatalf("%s %s: %d files, then %d", c.name, lang, len(a), len(b))
			}
			for i := range a {
				if a[i].Name != b[i].Name || !bytes.Equal(a[i].Data, b[i].Data) {
					t.Errorf("%s %s: %s differs between two runs", c.name, lang, a[i].Name)
				}
			}
		}
	}
}

// TestHelpersFollowTheTriggers checks the shape of the pushes against the
// spec: a track helper for every datalayer-triggered event, pushing the
// trigger's event name; a set helper for every other event with dataLayer
// params; every dataLayer param pushed at its key.
func TestHelpersFollowTheTriggers(t *testing.T) {
	s := specCases(t)[0].spec // any starter; the ecommerce one is checked below too
	for _, c := range specCases(t) {
		if c.name == "starter-ecommerce" {
			s = c.spec
		}
	}
	ts := string(generate(t, s, TypeScript)[0].Data)
	for _, want := range []string{
		"export function trackPurchase(params: PurchaseParams): void {",
		"  dataLayer.push({ ecommerce: null });\n  dataLayer.push({\n    event: \"purchase\",\n    ecommerce: {\n      transaction_id: params.transaction_id,",
		"  coupon?: string;",
		"  items: Item[];",
		"//   checkout_form_abandon\n",
	} {
		if !strings.Contains(ts, want) {
			t.Errorf("the ecommerce helpers lack %q", want)
		}
	}
	for _, absent := range []string{"trackCheckoutFormAbandon", "setCheckoutFormAbandon", "setProductReviewsViewed"} {
		if strings.Contains(ts, absent) {
			t.Errorf("the ecommerce helpers have %s, but the site pushes nothing for that event", absent)
		}
	}
}

// TestGenerateErrors: a spec no push can satisfy is refused, with the
// position of every param or event involved.
func TestGenerateErrors(t *testing.T) {
	const head = "version: 1\nname: t\nmeasurement_id: G-TAGSPEC01\nevents:\n"
	for _, tc := range []struct {
		name, events string
		want         []string
	}{
		{
			name: "two params at one key",
			events: `  - name: sign_up
    kind: macro
    trigger: { datalayer: { event: signed_up } }
    params:
      method: { from: "datalayer:form.method" }
      form: { from: "datalayer:form" }
`,
			want: []string{`t.yaml:10:7: event "sign_up": params "method" and "form" are both pushed at data layer key "form"`},
		},
		{
			name: "a param at the event key",
			events: `  - name: sign_up
    kind: macro
    trigger: { datalayer: { event: signed_up } }
    params:
      method: { from: "datalayer:event" }
`,
			want: []string{`t.yaml:9:7: event "sign_up": param "method": data layer key "event" is the key that names the event`},
		},
		{
			name: "two events, one function name",
			events: `  - name: sign_up
    kind: macro
    trigger: { datalayer: { event: a } }
  - name: sign__up
    kind: macro
    trigger: { datalayer: { event: b } }
`,
			want: []string{`t.yaml:8:5: events "sign_up" and "sign__up" would both get the function trackSignUp`},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := parseSpecAllowingLint(t, "t.yaml", []byte(head+tc.events))
			_, err := Generate(s, TypeScript)
			if err == nil {
				t.Fatal("Generate succeeded")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error\n%s\nlacks %q", err, w)
				}
			}
		})
	}
	if _, err := Generate(specCases(t)[0].spec, Lang("go")); err == nil || !strings.Contains(err.Error(), `language "go": want ts or js`) {
		t.Errorf("Generate with lang go: %v", err)
	}
	if _, err := Generate(nil, TypeScript); err == nil {
		t.Error("Generate(nil) succeeded")
	}
}

func TestParseLang(t *testing.T) {
	for in, want := range map[string]Lang{"ts": TypeScript, "TS": TypeScript, "typescript": TypeScript, "js": JavaScript, " javascript ": JavaScript} {
		if got, err := ParseLang(in); err != nil || got != want {
			t.Errorf("ParseLang(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ParseLang("python"); err == nil || !strings.Contains(err.Error(), `"python": want ts or js`) {
		t.Errorf("ParseLang(python): %v", err)
	}
}

// TestDocsExampleIsGenerated: the TypeScript example in docs/codegen.md is
// what Generate writes for the example spec, not a hand-written copy.
func TestDocsExampleIsGenerated(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "docs", "codegen.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(doc), "## Example\n")
	if !ok {
		t.Fatal(`docs/codegen.md has no "## Example" section`)
	}
	_, rest, ok = strings.Cut(rest, "```ts\n")
	block, _, ok2 := strings.Cut(rest, "```\n")
	if !ok || !ok2 || !strings.Contains(block, "export function trackFreeTrialStart") {
		t.Fatalf("docs/codegen.md's example has no ts block with trackFreeTrialStart")
	}
	var example *specCase
	for _, c := range specCases(t) {
		if c.name == "example" {
			example = &c
		}
	}
	ts := string(generate(t, example.spec, TypeScript)[0].Data)
	if !strings.Contains(ts, block) {
		t.Errorf("docs/codegen.md's example is not what generate code writes for example.yaml; regenerate it from codegen/testdata/golden/example/tagspec-events.ts:\n%s", block)
	}
}
