package starters

import (
	"testing"

	"github.com/tagspec/tagspec/diag"
	"github.com/tagspec/tagspec/lint"
	"github.com/tagspec/tagspec/spec"
)

// TestTemplatesLintClean runs every lint rule on every template: a user's
// first `tagspec lint` after `tagspec init` reports the placeholder
// measurement ID, the one value the user must fill in, and nothing else,
// not even an info; once the ID is a real one, nothing at all.
func TestTemplatesLintClean(t *testing.T) {
	for _, name := range Names() {
		t.Run(name, func(t *testing.T) {
			data, err := Get(name)
			if err != nil {
				t.Fatal(err)
			}
			s, diags, err := spec.Parse(name+".yaml", data)
			if err != nil {
				t.Fatalf("spec.Parse: %v", err)
			}
			if diag.HasErrors(diags) {
				t.Fatalf("spec.Parse reported errors: %v", diags)
			}
			got := lint.Check(s)
			if len(got) != 1 || got[0].Rule != lint.RulePlaceholderMeasurementID {
				t.Errorf("want only the placeholder measurement ID, got %v", got)
			}
			s.MeasurementID = "G-7Q4K9W2M1Z"
			for _, d := range lint.Check(s) {
				t.Errorf("with a real measurement ID: %s", d)
			}
		})
	}
}
