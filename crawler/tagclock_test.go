package crawler

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/tagspec/tagspec/spec"
)

// TestTagClockNoSideEffects: an expect step makes the tag send the event
// it queued, long before the tag's own 5 s timer, without running the
// page's pagehide or visibilitychange listeners or its own timers; and when
// a journey leaves the page, the queue the tag sends on the real pagehide
// is captured and judged.
func TestTagClockNoSideEffects(t *testing.T) {
	s := tagWaitSpec(t, "G-TAGSPEC01", `  - name: expect after a click
    start: /sideeffects
    steps:
      - click: "#go"
      - expect: { event: wait_event, params: { label: sent, n: 1 } }
  - name: leave the page with an event queued
    start: /sideeffects
    steps:
      - click: "#go"
      - click: "#leave"
      - expect: { event: wait_event, params: { label: sent, n: 1 } }
`)
	opts := Options{BaseURL: fakeOrigin, Routes: []Route{
		{Pattern: "tagspec.test/sideeffects", File: "testdata/pages/sideeffects.html"},
		{Pattern: "tagspec.test/tagwait", File: "testdata/pages/tagwait.html"},
		{Pattern: "www.googletagmanager.com/gtag/js*", File: "../examplesite/gtagstandin/gtag.js"},
	}}
	rep, err := testBrowser.Crawl(t.Context(), s, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, j := range rep.Journeys {
		if !j.Passed {
			t.Errorf("journey %q failed: %+v", j.Journey, j.Findings)
		}
	}
	// The first journey never leaves its page: nothing the page listens
	// to may have run. The second really leaves it.
	obs, err := testBrowser.Observe(t.Context(), s, opts)
	if err != nil {
		t.Fatal(err)
	}
	for i, o := range obs {
		var fired []string
		for _, p := range o.DataLayer {
			var v struct{ Event string }
			if json.Unmarshal(p.Value, &v) == nil && strings.Contains("form_abandon became_hidden page_timer_fired", v.Event) && v.Event != "" {
				fired = append(fired, v.Event)
			}
		}
		if i == 1 && len(fired) > 0 && fired[0] == "form_abandon" {
			// Leaving the page really runs its pagehide listener (a push
			// made while the page unloads may or may not reach the
			// crawler).
			fired = fired[1:]
		}
		if len(fired) > 0 {
			t.Errorf("journey %q: the page's own listeners and timers fired: %q", o.Journey, fired)
		}
		for _, st := range o.Steps {
			// The tag's timer would send the event 5 s after the click;
			// the expect step must not have waited for it.
			if st.Kind == spec.StepExpect && st.End.Sub(st.Start) >= 4*time.Second {
				t.Errorf("journey %q: the expect step took %s: it waited for the tag's timer", o.Journey, st.End.Sub(st.Start))
			}
		}
	}
}
