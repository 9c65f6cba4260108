package lint_test

import (
	"fmt"
	"os"

	"github.com/tagspec/tagspec/diag"
	"github.com/tagspec/tagspec/lint"
	"github.com/tagspec/tagspec/spec"
)

// Lint a spec: load it, run the GA4 rules, print the loader's and the
// linter's findings together the way a compiler would.
func ExampleCheck() {
	yaml := []byte(`version: 1
measurement_id: G-ABC123XYZ
events:
  - name: signUp
    kind: macro
    trigger:
      form_submit: { selector: "form#signup" }
  - name: quote_requested
    kind: macro
    trigger:
      datalayer: { event: quote_requested }
    params:
      value: { type: number, from: "datalayer:quote.value" }
      email: { from: "datalayer:lead.email" }
`)
	s, diags, err := spec.Parse("tagspec.yaml", yaml)
	if err != nil {
		fmt.Println(err)
		return
	}
	diags = append(diags, lint.Check(s)...)
	if err := diag.WriteText(os.Stdout, diags); err != nil {
		fmt.Println(err)
	}
	// Output:
	// tagspec.yaml:4:11: warning: event "signUp" looks like the GA4 recommended event "sign_up": name it "sign_up" so GA4's standard reports and parameter checks apply [ga4/recommended-event-name]
	// tagspec.yaml:13:7: warning: event "quote_requested": sends value without currency, so GA4 keeps the event but reports no revenue for it: add a currency param (an ISO 4217 code, for example from: "const:EUR") [ga4/currency-with-value]
	// tagspec.yaml:14:7: warning: event "quote_requested": param "email": the name suggests personal data (an email address), which GA4's terms forbid sending: remove it, or send something that does not identify a person [privacy/personal-data-name]
}

// List the rules, for documentation or `tagspec lint --list-rules`.
func ExampleRules() {
	for _, r := range lint.Rules()[:3] {
		fmt.Printf("%-28s %-7s %s\n", r.ID, r.Severity, r.Summary)
	}
	// Output:
	// ga4/event-name-length        error   Event names are at most 40 characters, counted on the URL-encoded name.
	// ga4/event-name-chars         error   Event names use only ASCII letters, digits and underscores.
	// ga4/event-name-first-char    error   Event names start with a letter.
}
