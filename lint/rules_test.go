package lint

import (
	"slices"
	"strings"
	"testing"

	"github.com/tagspec/tagspec/diag"
)

func TestRulesCatalogue(t *testing.T) {
	seen := make(map[string]bool)
	for _, r := range Rules() {
		if seen[r.ID] {
			t.Errorf("rule %s listed twice", r.ID)
		}
		seen[r.ID] = true
		prefix, _, _ := strings.Cut(r.ID, "/")
		if !slices.Contains([]string{"ga4", "style", "privacy", "consistency", "gtm"}, prefix) {
			t.Errorf("rule %s: id must start with ga4/, style/, privacy/, consistency/ or gtm/", r.ID)
		}
		if r.Help == "" || !strings.HasSuffix(r.Help, ".") {
			t.Errorf("rule %s: help %q must be sentences", r.ID, r.Help)
		}
		if r.Summary == "" || !strings.HasSuffix(r.Summary, ".") {
			t.Errorf("rule %s: summary %q must be a sentence", r.ID, r.Summary)
		}
		switch r.Severity {
		case diag.SeverityError, diag.SeverityWarning, diag.SeverityInfo:
		default:
			t.Errorf("rule %s: unknown severity %q", r.ID, r.Severity)
		}
	}
	rs := Rules()
	rs[0].ID = "changed"
	if Rules()[0].ID == "changed" {
		t.Error("Rules returns the package's own slice")
	}
}
