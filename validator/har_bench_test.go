package validator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"
	"time"
)

// BenchmarkReadHARAndCheck reads a HAR file of a long recorded session
// (2,000 requests: page loads, assets and 1,000 GA4 hits, half of them
// batched POSTs of two events) and checks it, as tagspec check-hits does.
// hits/s counts GA4 requests.
func BenchmarkReadHARAndCheck(b *testing.B) {
	type req struct {
		Method   string            `json:"method"`
		URL      string            `json:"url"`
		PostData map[string]string `json:"postData,omitempty"`
	}
	type entry struct {
		StartedDateTime string `json:"startedDateTime"`
		Request         req    `json:"request"`
	}
	var doc struct {
		Log struct {
			Version string  `json:"version"`
			Entries []entry `json:"entries"`
		} `json:"log"`
	}
	doc.Log.Version = "1.2"
	t0 := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	const nHits = 1000
	for i := range nHits {
		at := t0.Add(time.Duration(i) * 500 * time.Millisecond).Format(time.RFC3339Nano)
		doc.Log.Entries = append(doc.Log.Entries, entry{StartedDateTime: at, Request: req{Method: "GET", URL: fmt.Sprintf("https://shop.example.test/assets/app-%d.js", i)}})
		base := fmt.Sprintf("https://www.google-analytics.com/g/collect?v=2&tid=G-TEST01&cid=1.2&gcs=G111&_p=%d&dl=https%%3A%%2F%%2Fshop.example.test%%2Fblog%%2F%d&dt=Post", i/4, i)
		if i%2 == 0 {
			doc.Log.Entries = append(doc.Log.Entries, entry{StartedDateTime: at, Request: req{Method: "GET", URL: base + "&en=page_view&_ss=1"}})
			continue
		}
		doc.Log.Entries = append(doc.Log.Entries, entry{StartedDateTime: at, Request: req{Method: "POST", URL: base,
			PostData: map[string]string{"mimeType": "text/plain;charset=UTF-8", "text": "en=newsletter_signup&ep.form_location=footer&_et=90\r\nen=scroll&epn.percent_scrolled=90"}}})
	}
	data, err := json.Marshal(doc)
	if err != nil {
		b.Fatal(err)
	}
	s := testSpec()
	j := newsletterJourney("")
	j.Steps = nil
	v := New(s, Options{})
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		obs, bad, err := ReadHAR(b.Context(), bytes.NewReader(data), "session", nil)
		if err != nil || len(bad) != 0 || len(obs.Events) != nHits*3/2 {
			b.Fatalf("ReadHAR: %v, %d undecoded, %d events", err, len(bad), len(obs.Events))
		}
		_ = v.Check(&j, obs)
	}
	b.ReportMetric(float64(nHits*b.N)/b.Elapsed().Seconds(), "hits/s")
}
