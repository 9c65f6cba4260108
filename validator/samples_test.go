package validator

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tagspec/tagspec/hits"
	"github.com/tagspec/tagspec/internal/golden"
	"github.com/tagspec/tagspec/spec"
)

// TestRealFormatSamples runs the hits package's real-format samples (single
// GET, batched POST with CRLF, beacons, escaped items, consent states,
// server-side endpoint) through decoding and checking, as one recorded
// session, against a spec that requires analytics_storage consent.
func TestRealFormatSamples(t *testing.T) {
	files, err := filepath.Glob("../hits/testdata/samples/*.hit")
	if err != nil || len(files) == 0 {
		t.Fatalf("no samples: %v", err)
	}
	s := testSpec()
	s.MeasurementID = "G-TAGSPEC01"
	s.Consent.Required = []string{"analytics_storage"}
	s.Events = append(s.Events,
		spec.Event{Name: "select_promotion", Pos: pos(80)},
		spec.Event{Name: "newsletter_signup_footer", Pos: pos(81)},
	)
	s.Crawl.CollectEndpoints = []string{"metrics.shop.example.test/sgtm/*"}
	// No consent decision is recorded, so every hit that does not itself
	// say analytics_storage is denied counts as sent before consent.
	j := spec.Journey{Name: "recorded session"}
	obs := &Observation{Journey: j.Name}
	for i, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		first, body, _ := bytes.Cut(data, []byte("\n"))
		method, rawURL, _ := strings.Cut(string(first), " ")
		if !hits.IsCollect(rawURL, s.Crawl.CollectEndpoints) {
			t.Fatalf("%s is not recognised as a GA4 hit", f)
		}
		h, err := hits.Decode(method, rawURL, body, t0)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		obs.Events = AppendEventsFromHit(obs.Events, h, i, NoStep, "")
	}
	var b strings.Builder
	for _, f := range Check(s, &j, obs, Options{}) {
		fmt.Fprintf(&b, "%s\n", f)
	}
	golden.CheckString(t, "testdata/samples.golden", b.String())
}
