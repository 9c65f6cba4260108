package starters

import (
	"slices"

	"testing"

	"github.com/tagspec/tagspec/benchmark"
	"github.com/tagspec/tagspec/spec"
)

// gaAutomaticEvents are events GA4 collects without the spec defining them;
// an industry range may use one as its denominator population.
var gaAutomaticEvents = []string{"page_view", "session_start", "first_visit", "user_engagement",
	"scroll", "click", "file_download", "form_start", "form_submit", "video_start",
	"video_progress", "video_complete", "view_search_results"}

// TestTemplateBenchmarksExist checks that every benchmark key in a template
// names one of tagspec's built-in industry ranges, and that the range's
// denominator event is one the spec defines or GA4 collects by itself.
func TestTemplateBenchmarksExist(t *testing.T) {
	ranges := benchmark.BuiltinRanges()
	used := 0
	for _, name := range Names() {
		t.Run(name, func(t *testing.T) {
			data, err := Get(name)
			if err != nil {
				t.Fatal(err)
			}
			s, _, err := spec.Parse(name+".yaml", data)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range s.Events {
				if e.Benchmark == "" {
					continue
				}
				used++
				r, ok := ranges.Lookup(e.Benchmark)
				if !ok {
					t.Errorf("event %q: benchmark %q is not a built-in industry range", e.Name, e.Benchmark)
					continue
				}
				if r.Base == "" {
					continue
				}
				if _, ok := s.Event(r.Base); !ok && !slices.Contains(gaAutomaticEvents, r.Base) {
					t.Errorf("event %q: range %q counts from %q, which neither the spec nor GA4 provides", e.Name, r.Key, r.Base)
				}
			}
		})
	}
	if used == 0 {
		t.Error("no template names a benchmark")
	}
}
