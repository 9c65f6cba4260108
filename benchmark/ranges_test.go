package benchmark

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tagspec/tagspec/internal/fuzzbudget"
)

func TestBuiltinRanges(t *testing.T) {
	rs := BuiltinRanges()
	for _, key := range []string{"newsletter_signup", "content_download", "add_to_cart", "free_trial_signup", "video_completion_75", "checkout_completion", "add_to_cart_sessions"} {
		r, ok := rs.Lookup(key)
		if !ok {
			t.Errorf("no built-in range %q", key)
			continue
		}
		if r.Source == "" || r.Year == 0 || r.Numerator == "" || r.Denominator == "" {
			t.Errorf("%s: source, year and definition are required: %+v", key, r)
		}
	}
	seed, _ := rs.Lookup("newsletter_signup")
	if seed.Low != 0.01 || seed.High != 0.03 || seed.HighPerformer == nil || *seed.HighPerformer != 0.05 {
		t.Errorf("newsletter_signup = %g-%g, high %v; want the seed's 1%%-3%%, 5%%+", seed.Low, seed.High, seed.HighPerformer)
	}
	video, _ := rs.Lookup("video_completion_75")
	if video.Unit != UnitViewers || video.Base != "video_start" {
		t.Errorf("video completion unit %q base %q", video.Unit, video.Base)
	}
}

func TestLoadRangesOverride(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ranges.yaml")
	data := `version: 1
ranges:
  - key: newsletter_signup
    name: Our newsletter target
    numerator: sessions with a sign-up
    denominator: sessions
    average_low_pct: 4
    average_high_pct: 6
    source: internal baseline
    year: 2025
  - key: quiz_completion
    name: Quiz completion
    unit: users
    numerator: users finishing the quiz
    denominator: users
    average_low_pct: 15
    average_high_pct: 40
    source: quizconvert.io (vendor blog)
    year: 2024
`
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	rs, err := LoadRanges(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	n, _ := rs.Lookup("newsletter_signup")
	if n.Low != 0.04 || n.File != path || n.HighPerformer != nil {
		t.Errorf("override not applied: %+v", n)
	}
	if _, ok := rs.Lookup("quiz_completion"); !ok {
		t.Errorf("new range not added")
	}
	if got, want := len(rs.List()), len(BuiltinRanges().List())+1; got != want {
		t.Errorf("%d ranges, want %d", got, want)
	}
}

func TestParseRangesErrors(t *testing.T) {
	base := "version: 1\nranges:\n  - key: k\n    name: K\n    numerator: a\n    denominator: b\n    source: s\n"
	tests := []struct{ name, in, want string }{
		{"empty", "", "r.yaml: empty ranges file"},
		{"syntax", "version: [1\n", "r.yaml: "},
		{"version", "version: 2\nranges: []\n", "r.yaml:1: version must be 1, got 2"},
		{"unknown field", base + "    average_low_pct: 1\n    average_high_pct: 2\n    colour: red\n", "field colour not found"},
		{"no average", base, `r.yaml:3: range "k": average_low_pct and average_high_pct are required`},
		{"low above high", base + "    average_low_pct: 5\n    average_high_pct: 2\n", `range "k": average range 5%-2% must satisfy`},
		{"high performer below", base + "    average_low_pct: 1\n    average_high_pct: 3\n    high_performer_pct: 2\n", "high_performer_pct 2% must be between"},
		{"unit", base + "    average_low_pct: 1\n    average_high_pct: 3\n    unit: pageviews\n", `unit must be sessions, users or viewers, got "pageviews"`},
		{"duplicate", base + "    average_low_pct: 1\n    average_high_pct: 3\n" + strings.TrimPrefix(base, "version: 1\nranges:\n") + "    average_low_pct: 1\n    average_high_pct: 3\n", `r.yaml:10: range "k": key defined twice`},
		{"no source", "version: 1\nranges:\n  - key: k\n    name: K\n    numerator: a\n    denominator: b\n    average_low_pct: 1\n    average_high_pct: 2\n", "source is required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseRanges("r.yaml", []byte(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func FuzzParseRanges(f *testing.F) {
	f.Add(builtinRanges)
	f.Add([]byte("version: 1\nranges:\n  - key: k\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzbudget.Run(t, data, func() {
			rs, err := ParseRanges("fuzz.yaml", data)
			if err != nil {
				return
			}
			for _, r := range rs.List() {
				if r.Low > r.High || (r.HighPerformer != nil && *r.HighPerformer < r.High) {
					t.Fatalf("accepted an inconsistent range: %+v", r)
				}
			}
		})
	})
}

func TestStats(t *testing.T) {
	// Wilson interval of 2/4, checked against the closed form.
	lo, hi := Wilson(2, 4)
	if d := lo - 0.15003898915214947; d > 1e-12 || d < -1e-12 {
		t.Errorf("Wilson(2,4) low = %v", lo)
	}
	if d := hi - 0.8499610108478505; d > 1e-12 || d < -1e-12 {
		t.Errorf("Wilson(2,4) high = %v", hi)
	}
	if lo, hi := Wilson(0, 10); lo != 0 || hi <= 0 || hi >= 1 {
		t.Errorf("Wilson(0,10) = %v, %v", lo, hi)
	}
	if lo, hi := Wilson(0, 0); lo != 0 || hi != 0 {
		t.Errorf("Wilson(0,0) = %v, %v", lo, hi)
	}
	if _, _, _, ok := RiskRatio(0, 10, 1, 10); ok {
		t.Errorf("a risk ratio with no events in one group is undefined")
	}
	r, l, h, ok := RiskRatio(20, 100, 10, 100)
	if !ok || r != 2 || l >= 2 || h <= 2 || l <= 0 {
		t.Errorf("RiskRatio(20/100, 10/100) = %v [%v, %v] %v", r, l, h, ok)
	}
}

// TestVerdict places intervals against the range 1%-3% (high performer
// 5%+) and checks each verdict and the words that explain it.
func TestVerdict(t *testing.T) {
	hp := 0.05
	rg := &Range{Low: 0.01, High: 0.03, HighPerformer: &hp}
	tests := []struct {
		name     string
		rg       *Range
		num, den int64
		lo, hi   float64
		want     string
		why      string
	}{
		{"inside", rg, 2, 100, 0.011, 0.029, VerdictWithin,
			"the 95% interval 1.10%-2.90% lies inside the range 1%-3%"},
		{"below", rg, 1, 1000, 0.001, 0.009, VerdictBelow,
			"the 95% interval 0.10%-0.90% lies below the range's lower bound 1%"},
		{"above", rg, 4, 100, 0.031, 0.049, VerdictAbove,
			"the 95% interval 3.10%-4.90% lies above the range's upper bound 3% and below the high-performer mark 5%"},
		{"high performer", rg, 10, 100, 0.05, 0.2, VerdictHighPerformer,
			"the 95% interval 5.00%-20.00% lies at or above the high-performer mark 5%"},
		{"straddles the lower bound", rg, 3, 100, 0.005, 0.015, VerdictInconclusive,
			"the 95% interval 0.50%-1.50% straddles the range's lower bound 1%"},
		{"straddles the upper bound", rg, 3, 100, 0.02, 0.04, VerdictInconclusive,
			"the 95% interval 2.00%-4.00% straddles the range's upper bound 3%"},
		{"straddles the high-performer mark", rg, 5, 100, 0.04, 0.06, VerdictInconclusive,
			"the 95% interval 4.00%-6.00% straddles the high-performer mark 5%"},
		{"straddles both bounds", rg, 2, 50, 0.005, 0.04, VerdictInconclusive,
			"the 95% interval 0.50%-4.00% straddles the range's lower bound 1% and the range's upper bound 3%"},
		{"lower end on the lower bound is inside", rg, 2, 100, 0.01, 0.02, VerdictWithin,
			"the 95% interval 1.00%-2.00% lies inside the range 1%-3%"},
		{"event not in the data", rg, 0, 627, 0, 0.006, VerdictNoData,
			"the event does not occur in the data (0 of 627); check that its tag fires before reading this as a 0% rate"},
		{"empty denominator", rg, 0, 0, 0, 0, VerdictNoData,
			"the rate's denominator is 0: nothing in the data to measure against"},
		{"no data wins over no range", nil, 0, 50, 0, 0.07, VerdictNoData,
			"the event does not occur in the data (0 of 50); check that its tag fires before reading this as a 0% rate"},
		{"no range", nil, 10, 100, 0.05, 0.17, VerdictNoRange,
			"the event has no benchmark key in the spec, so there is no industry range to compare with"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, why := Verdict(tt.rg, tt.num, tt.den, tt.lo, tt.hi)
			if got != tt.want || why != tt.why {
				t.Errorf("Verdict = %q, %q\nwant        %q, %q", got, why, tt.want, tt.why)
			}
		})
	}
}

// TestVerdictOfAbsentEvent checks the whole path: an event the data never
// has is reported as no data, not as a 0% rate below its range.
func TestVerdictOfAbsentEvent(t *testing.T) {
	for _, r := range absentEventReport(t).Rates {
		if r.Event != "never_sent" {
			continue
		}
		if r.Numerator != 0 || r.Denominator == 0 || r.Verdict != VerdictNoData {
			t.Errorf("never_sent: %d of %d, verdict %q; want 0 of some sessions, %q", r.Numerator, r.Denominator, r.Verdict, VerdictNoData)
		}
		return
	}
	t.Fatal("no rate for never_sent")
}

func TestCollection(t *testing.T) {
	s := testSpec()
	s.Events = append(s.Events, s.Events[0])
	s.Events[len(s.Events)-1].Name = "file_download"
	rep, err := ExampleReport(t.Context(), s, nil, ExampleOptions{Seed: 2, Days: 2, Users: 20})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range rep.Rates {
		got[r.Event] = r.Collection
	}
	if got["file_download"] != CollectionEnhanced || got["newsletter_signup"] != CollectionSpec {
		t.Errorf("collections = %v", got)
	}
}
