package validator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tagspec/tagspec/hits"
	"github.com/tagspec/tagspec/internal/cpuclock"
)

// The benchmarks here run each parser and checker of outside input at two
// sizes, 1x and 10x. For the time to grow linearly with the input, /10x
// must take at most 11 times /1x. Besides ns/op they report cpu-ns/op, the
// CPU time per operation, which a busy machine does not inflate.

// reportCPU reports the CPU time per operation since cpu0.
func reportCPU(b *testing.B, cpu0 time.Duration) {
	b.ReportMetric(float64(cpuclock.Now()-cpu0)/float64(b.N), "cpu-ns/op")
}

// BenchmarkReadHARLinear reads a HAR file of 2,000 and 20,000 entries
// (half of them GA4 hits, a quarter batched POSTs of two events): 0.5 and
// 5 MB. Smaller files measure the garbage collector more than ReadHAR: a
// process whose heap stays under the collector's 4 MB minimum rarely
// collects, so a 1x of 100 entries read 13 times faster than 10x in CPU
// time, and 10 times faster with the collector off.
func BenchmarkReadHARLinear(b *testing.B) {
	for _, size := range []struct {
		name    string
		entries int
	}{{"1x", 2000}, {"10x", 20000}} {
		data := harOf(b, size.entries)
		b.Run(size.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			cpu0 := cpuclock.Now()
			for b.Loop() {
				obs, bad, err := ReadHAR(b.Context(), bytes.NewReader(data), "session", nil)
				if err != nil || len(bad) != 0 || len(obs.Events) != size.entries/2*3/2 {
					b.Fatalf("ReadHAR: %v, %d undecoded, %d events", err, len(bad), len(obs.Events))
				}
			}
			reportCPU(b, cpu0)
		})
	}
}

// harOf returns a HAR file of n entries: every other one a page asset,
// the rest GA4 hits, alternately a GET of one event and a POST of two.
func harOf(b *testing.B, n int) []byte {
	type entry struct {
		StartedDateTime string         `json:"startedDateTime"`
		Request         map[string]any `json:"request"`
	}
	var doc struct {
		Log struct {
			Version string  `json:"version"`
			Entries []entry `json:"entries"`
		} `json:"log"`
	}
	doc.Log.Version = "1.2"
	t0 := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	for i := range n {
		at := t0.Add(time.Duration(i) * 250 * time.Millisecond).Format(time.RFC3339Nano)
		if i%2 == 0 {
			doc.Log.Entries = append(doc.Log.Entries, entry{at, map[string]any{"method": "GET", "url": fmt.Sprintf("https://shop.example.test/assets/app-%d.js", i)}})
			continue
		}
		u := fmt.Sprintf("https://www.google-analytics.com/g/collect?v=2&tid=G-TEST01&cid=1.2&gcs=G111&_p=%d&dl=https%%3A%%2F%%2Fshop.example.test%%2Fblog%%2F%d&dt=Post", i/8, i)
		if i%4 == 1 {
			doc.Log.Entries = append(doc.Log.Entries, entry{at, map[string]any{"method": "GET", "url": u + "&en=page_view&_ss=1"}})
			continue
		}
		doc.Log.Entries = append(doc.Log.Entries, entry{at, map[string]any{"method": "POST", "url": u,
			"postData": map[string]string{"mimeType": "text/plain;charset=UTF-8", "text": "en=newsletter_signup&ep.form_location=footer&_et=90\r\nen=scroll&epn.percent_scrolled=90"}}})
	}
	data, err := json.Marshal(doc)
	if err != nil {
		b.Fatal(err)
	}
	return data
}

// nestedPush returns a GTM ecommerce push of n items, each with nested
// categories and custom fields, under long keys nested 8 levels deep.
func nestedPush(n int) json.RawMessage {
	var s strings.Builder
	s.WriteString(`{"event":"view_item_list","ecommerce":{"currency":"EUR","item_list_name":"Summer sale","items":[`)
	for i := range n {
		if i > 0 {
			s.WriteByte(',')
		}
		fmt.Fprintf(&s, `{"item_id":"SKU-%d","item_name":"Linen shirt %d","price":%d.95,"quantity":1,"item_category":"Shirts","attributes":{"colour":"blue","sizes":["S","M","L"],"stock":{"warehouse_north_distribution_centre":{"count":%d}}}}`, i, i, 10+i%50, i%7)
	}
	s.WriteString(`]},"page":{"section_of_the_site_the_visitor_is_reading":{"subsection_name_for_the_page":{"template":"listing"}}}}`)
	return json.RawMessage(s.String())
}

// BenchmarkEventFromPush reads a nested push of 20 and 200 items as an
// event.
func BenchmarkEventFromPush(b *testing.B) {
	for _, size := range []struct {
		name  string
		items int
	}{{"1x", 20}, {"10x", 200}} {
		p := Push{Step: NoStep, Value: nestedPush(size.items)}
		b.Run(size.name, func(b *testing.B) {
			b.SetBytes(int64(len(p.Value)))
			b.ReportAllocs()
			cpu0 := cpuclock.Now()
			for b.Loop() {
				if ev, ok := EventFromPush(p); !ok || ev.Name != "view_item_list" {
					b.Fatal("not an event")
				}
			}
			reportCPU(b, cpu0)
		})
	}
}

// BenchmarkCheckPush reads the same pushes for personal data, as Check
// does for every push of a journey.
func BenchmarkCheckPush(b *testing.B) {
	for _, size := range []struct {
		name  string
		items int
	}{{"1x", 20}, {"10x", 200}} {
		obs := &Observation{Journey: "j", DataLayer: []Push{{Step: NoStep, Value: nestedPush(size.items)}}}
		j := newsletterJourney("")
		j.Steps = nil
		v := New(testSpec(), Options{})
		b.Run(size.name, func(b *testing.B) {
			b.SetBytes(int64(len(obs.DataLayer[0].Value)))
			b.ReportAllocs()
			cpu0 := cpuclock.Now()
			for b.Loop() {
				if fs := v.Check(&j, obs); len(fs) != 0 {
					b.Fatalf("findings in a clean push: %v", fs)
				}
			}
			reportCPU(b, cpu0)
		})
	}
}

// BenchmarkCheckHitLinear checks one purchase hit carrying 20 and 200
// params and as many items (200 params are past GA4's limit of 25, a
// finding).
func BenchmarkCheckHitLinear(b *testing.B) {
	for _, size := range []struct {
		name string
		n    int
	}{{"1x", 20}, {"10x", 200}} {
		var q strings.Builder
		q.WriteString("&en=purchase&cu=EUR&ep.transaction_id=T-1&epn.value=87.4")
		for i := range size.n {
			fmt.Fprintf(&q, "&ep.extra_%d=value%%20%d&pr%d=idSKU-%d~nmShirt%%20%d~pr19.99~qt1~k0colour~v0red", i, i, i+1, i, i)
		}
		h, err := hits.Decode("GET", baseHit+q.String(), nil, t0)
		if err != nil {
			b.Fatal(err)
		}
		j := purchaseJourney()
		obs := &Observation{Journey: j.Name, Steps: []Step{{Index: 0}, {Index: 1}}, Events: EventsFromHit(h, 0, 1, "")}
		v := New(testSpec(), Options{})
		b.Run(size.name, func(b *testing.B) {
			b.SetBytes(int64(len(baseHit) + q.Len()))
			b.ReportAllocs()
			cpu0 := cpuclock.Now()
			for b.Loop() {
				// One validator for all rounds, as in a crawl: its memo
				// keeps the verdicts on the spec's four params, while the
				// other params, the items, the wire limits and the
				// personal-data scan are read afresh by every Check.
				if fs := v.Check(&j, obs); len(fs) != 0 && size.n < MaxParamsPerEvent {
					b.Fatalf("findings in a clean hit: %v", fs)
				}
			}
			reportCPU(b, cpu0)
		})
	}
}
