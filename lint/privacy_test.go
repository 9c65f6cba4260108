package lint

import (
	"strings"
	"testing"

	"github.com/tagspec/tagspec/spec"
)

// TestPersonalDataAllowed checks that a reviewed param (pii: {allow:
// reason}) and a value listed under crawl.pii_allow silence the personal
// data rules, and that the schema asks for the reason.
func TestPersonalDataAllowed(t *testing.T) {
	src := `version: 1
name: Allow
measurement_id: G-ALLOW01
events:
  - name: callback_requested
    kind: micro
    trigger: { click: { selector: "#call" } }
    params:
      phone:
        from: "datalayer:callback.phone_hash"
        pii: { allow: "a SHA-256 of the number, as GA4's user-provided data expects" }
      support_line:
        from: "const:+44 20 7946 0000"
      owner:
        from: "const:jane.doe@example.com"
crawl:
  pii_allow:
    - value: "+44 20 7946 0000"
      reason: "the company's switchboard, printed on every page"
`
	s, diags, err := spec.Parse("tagspec.yaml", []byte(src))
	if err != nil || len(diags) > 0 {
		t.Fatalf("parse: %v %v", err, diags)
	}
	if p, _ := s.Events[0].Param("phone"); p.PIIAllow == "" || len(s.Crawl.PIIAllow) != 1 || s.Crawl.PIIAllow[0].Pos.Line != 18 {
		t.Fatalf("pii settings not read: %+v %+v", p, s.Crawl.PIIAllow)
	}
	var got []string
	for _, d := range Check(s) {
		if strings.HasPrefix(d.Rule, "privacy/") {
			got = append(got, d.Pos.String()+" "+d.Rule)
		}
	}
	if want := "tagspec.yaml:15:15 privacy/personal-data-value"; strings.Join(got, "\n") != want {
		t.Errorf("privacy findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), want)
	}

	noReason := strings.Replace(src, `pii: { allow: "a SHA-256 of the number, as GA4's user-provided data expects" }`, `pii: { allow: "" }`, 1)
	if _, diags, _ := spec.Parse("tagspec.yaml", []byte(noReason)); len(diags) == 0 {
		t.Error("pii: {allow: \"\"} was accepted without a reason")
	}
}
