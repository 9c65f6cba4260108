package benchmark

import (
	"fmt"
	"strings"
	"testing"

	"github.com/tagspec/tagspec/internal/golden"
)

func TestSQLGolden(t *testing.T) {
	p := NewPlan(testSpec(), nil)
	got, err := p.SQL("acme-analytics.analytics_123456789", Options{From: "20250301", To: "20250321"})
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "testdata/sql/synthetic.sql", []byte(got))
	script, err := p.Script("acme-analytics.analytics_123456789", Options{From: "20250301", To: "20250321"})
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "testdata/sql/synthetic_script.sql", []byte(script))
	if !strings.HasPrefix(script, strings.TrimRight(got, "\n")+";\n") {
		t.Errorf("the script must start with the counters query")
	}
	if n := strings.Count(got, " AS c"); n != len(p.Counters) {
		t.Errorf("SQL has %d counter columns, the plan %d counters", n, len(p.Counters))
	}
}

func TestSQLErrors(t *testing.T) {
	p := NewPlan(testSpec(), nil)
	tests := []struct {
		name, dataset string
		opts          Options
		want          string
	}{
		{"no project", "analytics_1", Options{}, `BigQuery dataset "analytics_1": want PROJECT.DATASET`},
		{"injection", "p.d` WHERE 1=1 --", Options{}, "want PROJECT.DATASET"},
		{"bad date", "p.analytics_1", Options{From: "2025-03-01"}, `date "2025-03-01": want YYYYMMDD`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := p.SQL(tt.dataset, tt.opts)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestCompareSQLGolden(t *testing.T) {
	p := NewPlan(testSpec(), nil)
	for _, tt := range []struct {
		name string
		co   CompareOptions
	}{
		{"param", CompareOptions{By: "experiment_variant"}},
		{"source_medium", CompareOptions{By: DimSourceMedium}},
		{"device", CompareOptions{By: DimDevice}},
		{"periods", CompareOptions{Periods: [][2]string{{"20250301", "20250307"}, {"20250308", "20250314"}}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := p.CompareSQL("acme-analytics.analytics_123456789", Options{From: "20250301", To: "20250321", Compare: &tt.co})
			if err != nil {
				t.Fatal(err)
			}
			golden.Check(t, "testdata/sql/compare_"+tt.name+".sql", []byte(got))
			for i := range p.slots {
				if !strings.Contains(got, fmt.Sprintf("COUNTIF(h%d) AS h%d", i, i)) {
					t.Errorf("no column h%d for slot %s", i, p.slots[i])
				}
			}
		})
	}
	if _, err := p.CompareSQL("acme-analytics.analytics_123456789", Options{Compare: &CompareOptions{Periods: [][2]string{{"20250301", "20250310"}, {"20250305", "20250314"}}}}); err == nil || !strings.Contains(err.Error(), "overlap") {
		t.Errorf("overlapping periods: error %v", err)
	}
}
