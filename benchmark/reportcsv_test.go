package benchmark

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/tagspec/tagspec/ga4export"
	"github.com/tagspec/tagspec/spec"
)

func reportSpec() *spec.Spec {
	return &spec.Spec{Name: "Northwind", Events: []spec.Event{
		{Name: "newsletter_signup", Kind: spec.KindMicro, Benchmark: "newsletter_signup"},
		{Name: "add_to_cart", Kind: spec.KindMicro, Benchmark: "add_to_cart_sessions"},
		{Name: "purchase", Kind: spec.KindMacro, Benchmark: "checkout_completion"},
	}}
}

func TestFromReportCSV(t *testing.T) {
	tests := []struct {
		file      string
		want      [][2]int64 // numerator, denominator per spec event
		from, to  string
		secondary bool
	}{
		{"events_report.csv", [][2]int64{{39, 2080}, {23, 2080}, {9, 12}}, "2025-02-01", "2025-08-04", false},
		{"events_by_source.csv", [][2]int64{{33, 2073}, {0, 2073}, {17, 0}}, "2025-03-01", "2025-03-31", true},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			rep, err := ga4export.ReadReportFile(t.Context(), "../ga4export/testdata/"+tt.file)
			if err != nil {
				t.Fatal(err)
			}
			out, err := NewPlan(reportSpec(), nil).FromReportCSV(rep)
			if err != nil {
				t.Fatal(err)
			}
			var got [][2]int64
			for _, r := range out.Rates {
				got = append(got, [2]int64{r.Numerator, r.Denominator})
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("numerators, denominators (-want +got):\n%s", diff)
			}
			if out.From != tt.from || out.To != tt.to {
				t.Errorf("dates %s..%s, want %s..%s", out.From, out.To, tt.from, tt.to)
			}
			var sawSecondary, sawDefinition bool
			for _, p := range out.Problems {
				sawSecondary = sawSecondary || strings.Contains(p.Message, "secondary dimension Session source")
				sawDefinition = sawDefinition || strings.Contains(p.Message, `range "add_to_cart_sessions" is defined on sessions`)
			}
			if sawSecondary != tt.secondary || !sawDefinition {
				t.Errorf("secondary-dimension problem %v (want %v), definition problem %v: %+v", sawSecondary, tt.secondary, sawDefinition, out.Problems)
			}
			if out.Rates[0].Definition != "users with newsletter_signup / users with session_start (GA4 report)" {
				t.Errorf("definition %q", out.Rates[0].Definition)
			}
		})
	}
}

func TestFromReportCSVEventCounts(t *testing.T) {
	rep, err := ga4export.ReadReportFile(t.Context(), "../ga4export/testdata/data-export.csv")
	if err != nil {
		t.Fatal(err)
	}
	out, err := NewPlan(reportSpec(), nil).FromReportCSV(rep)
	if err != nil {
		t.Fatal(err)
	}
	if r := out.Rates[1]; r.Numerator != 96 || r.Denominator != 1207 || r.Definition != "add_to_cart events / session_start events (GA4 report)" {
		t.Errorf("add_to_cart from event counts: %+v", r)
	}
}

func TestFromReportCSVErrors(t *testing.T) {
	rep, err := ga4export.ReadReport(t.Context(), "pages.csv", bytes.NewReader([]byte("# Pages\nPage path,Views\n/,10\n")))
	if err != nil {
		t.Fatal(err)
	}
	_, err = NewPlan(reportSpec(), nil).FromReportCSV(rep)
	if err == nil || !strings.Contains(err.Error(), "pages.csv: no events table") {
		t.Fatalf("error = %v", err)
	}
}
