package validator

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tagspec/tagspec/hits"
	"github.com/tagspec/tagspec/internal/cpuclock"
	"github.com/tagspec/tagspec/spec"
)

// benchHits is a realistic mix of the hits one journey sends: a page view
// in the URL, a batch of three events with shared params, a purchase with
// items, a form interaction, and a cookieless ping.
var benchHits = []struct{ method, url, body string }{
	{"GET", "https://www.google-analytics.com/g/collect?v=2&tid=G-TEST01&gtm=45je5b10v9201&_p=1763800000123&gcs=G111&gcd=13r3r3r2r5l1&npa=0&dma=0&cid=2038475611.1763799000&ul=en-gb&sr=1440x900&uaa=x86&uab=64&uafvl=Chromium%3B142.0.7444.59%7CNot%253DA%253FBrand%3B99.0.0.0&uamb=0&uam=&uap=Linux&uapv=6.1.0&uaw=0&_s=1&sid=1763799950&sct=3&seg=1&dl=https%3A%2F%2Fshop.example.test%2Fblog%2Fmicro-conversions&dr=https%3A%2F%2Fsearch.example.test%2F&dt=Micro%20conversions%20%7C%20Example%20Shop&en=page_view&_ee=1&ep.content_group=blog&_et=312&tfd=804", ""},
	{"POST", "https://www.google-analytics.com/g/collect?v=2&tid=G-TEST01&gtm=45je5b10v9201&_p=1763800000123&gcs=G111&gcd=13r3r3r2r5l1&npa=0&dma=0&cid=2038475611.1763799000&ul=en-gb&sr=1440x900&sid=1763799950&sct=3&seg=1&dl=https%3A%2F%2Fshop.example.test%2Fpricing&dt=Pricing&_s=4&tfd=6120",
		"en=scroll&epn.percent_scrolled=90&_et=2410\r\nen=newsletter_signup&_ee=1&ep.form_location=footer&ep.form_id=newsletter&_c=1&_et=1503\r\nen=pricing_view&_et=88&dl=https%3A%2F%2Fshop.example.test%2Fpricing&dr=https%3A%2F%2Fshop.example.test%2F&dt=Pricing\r\n"},
	{"POST", "https://www.google-analytics.com/g/collect?v=2&tid=G-TEST01&gtm=45je5b10v9201&_p=1763800090500&gcs=G111&cid=2038475611.1763799000&cu=EUR&sid=1763799950&sct=3&seg=1&dl=https%3A%2F%2Fshop.example.test%2Fcheckout%2Fdone&dt=Order%20placed&_s=11",
		"en=purchase&_ee=1&_c=1&ep.transaction_id=T-{id}&epn.value={value}&epn.quantity_total=3&ep.coupon=AUTUMN&pr1=idSKU-TEE-01~nmTee%20~~Tilde~~%20Edition~brAcme~caApparel~vaBlue~pr25.5~qt2~k0fabric~v0organic&pr2=idSKU-MUG-7~nmMug~pr31.5~qt1&_et=921\r\n"},
	{"POST", "https://region1.google-analytics.com/g/collect?v=2&tid=G-TEST01&_p=1763800044001&gcs=G111&cid=2038475611.1763799000&_s=7&sid=1763799950&sct=3&seg=1&dl=https%3A%2F%2Fshop.example.test%2Fcontact&dt=Contact%20us",
		"en=form_start&ep.form_id=contact&ep.form_name=&epn.form_length=4&ep.first_field_id=name&_et=5032\nen=user_engagement&_et=12007\n"},
	{"GET", "https://www.google-analytics.com/g/collect?v=2&tid=G-TEST01&gtm=45je5b10v9201&_p=1763800120777&gcs=G100&gcd=13p3p3p2p5l1&npa=1&_s=1&dl=https%3A%2F%2Fshop.example.test%2F&dt=Home&en=generate_lead&_ee=1&_et=1", ""},
}

// BenchmarkDecodeAndCheck measures GA4 hit decoding plus validation of
// every decoded event against a spec (schemas compiled once), reported as
// hits per second. The target is at least 200,000 hits/s on one core:
//
//	go test ./validator -run '^$' -bench DecodeAndCheck -cpu 1 -benchmem
func BenchmarkDecodeAndCheck(b *testing.B) {
	s := testSpec()
	s.Consent.Required = []string{"analytics_storage"}
	j := spec.Journey{Name: "bench", Consent: spec.ConsentGranted, Steps: []spec.Step{
		{Kind: spec.StepClick, Selector: "#go"},
		{Kind: spec.StepExpect, Event: "newsletter_signup", Params: map[string]any{"form_location": "footer"}},
		{Kind: spec.StepExpect, Event: "purchase"},
	}}
	v := New(s, Options{})
	const rounds = 20 // hits per observation: 100
	// Every purchase gets a transaction id never seen before, written into
	// the body in place, so its params are validated afresh each time (no
	// reuse of earlier schema results); the other events repeat their
	// params, as page views and form events do in a real crawl.
	bodies := make([][]byte, len(benchHits))
	idAt := make([]int, len(benchHits))
	for i, h := range benchHits {
		body := strings.NewReplacer("{id}", "00000000", "{value}", "87.4").Replace(h.body)
		bodies[i] = []byte(body)
		idAt[i] = strings.Index(body, "T-00000000")
	}
	txn := 0
	obs := &Observation{Journey: j.Name, Steps: []Step{{Index: 0, Kind: "click"}, {Index: 1, Kind: "expect"}, {Index: 2, Kind: "expect"}}}
	at := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuclock.Now()
	nHits := 0
	for b.Loop() {
		obs.Events = obs.Events[:0]
		for r := 0; r < rounds; r++ {
			for i, h := range benchHits {
				if idAt[i] >= 0 {
					txn++
					for k, x := idAt[i]+9, txn; k > idAt[i]+1; k, x = k-1, x/10 {
						bodies[i][k] = byte('0' + x%10)
					}
				}
				hit, err := hits.Decode(h.method, h.url, bodies[i], at)
				if err != nil {
					b.Fatal(err)
				}
				obs.Events = AppendEventsFromHit(obs.Events, hit, nHits, 0, "")
				nHits++
			}
		}
		if fs := v.Check(&j, obs); len(fs) == 0 {
			b.Fatal("the benchmark mix should produce findings (duplicates, cookieless warnings)")
		}
	}
	b.ReportMetric(float64(nHits)/b.Elapsed().Seconds(), "hits/s")
	b.ReportMetric(float64(nHits)/(cpuclock.Now()-cpu0).Seconds(), "hits/cpu-s")
}

// BenchmarkDecode measures hit decoding alone.
func BenchmarkDecode(b *testing.B) {
	at := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	bodies := make([][]byte, len(benchHits))
	for i, h := range benchHits {
		bodies[i] = []byte(strings.NewReplacer("{id}", "1007", "{value}", "87.4").Replace(h.body))
	}
	b.ReportAllocs()
	cpu0 := cpuclock.Now()
	n := 0
	for b.Loop() {
		for i, h := range benchHits {
			if _, err := hits.Decode(h.method, h.url, bodies[i], at); err != nil {
				b.Fatal(err)
			}
			n++
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "hits/s")
	b.ReportMetric(float64(n)/(cpuclock.Now()-cpu0).Seconds(), "hits/cpu-s")
}

// BenchmarkCheck measures validation alone, on already decoded events.
func BenchmarkCheck(b *testing.B) {
	s := testSpec()
	s.Consent.Required = []string{"analytics_storage"}
	j := spec.Journey{Name: "bench", Consent: spec.ConsentGranted, Steps: []spec.Step{
		{Kind: spec.StepClick, Selector: "#go"},
		{Kind: spec.StepExpect, Event: "newsletter_signup", Params: map[string]any{"form_location": "footer"}},
		{Kind: spec.StepExpect, Event: "purchase"},
	}}
	v := New(s, Options{})
	at := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	obs := &Observation{Journey: j.Name, Steps: []Step{{Index: 0, Kind: "click"}, {Index: 1, Kind: "expect"}, {Index: 2, Kind: "expect"}}}
	n := 0
	for r := 0; r < 20; r++ {
		for _, h := range benchHits {
			body := strings.NewReplacer("{id}", fmt.Sprint(1000+r), "{value}", fmt.Sprintf("%d.4", 80+r)).Replace(h.body)
			hit, err := hits.Decode(h.method, h.url, []byte(body), at)
			if err != nil {
				b.Fatal(err)
			}
			obs.Events = append(obs.Events, EventsFromHit(hit, n, 0, "")...)
			n++
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuclock.Now()
	checked := 0
	for b.Loop() {
		v.Check(&j, obs)
		checked += n
	}
	b.ReportMetric(float64(checked)/b.Elapsed().Seconds(), "hits/s")
	b.ReportMetric(float64(checked)/(cpuclock.Now()-cpu0).Seconds(), "hits/cpu-s")
}

// piiBenchParams are the 25 params of each hit in BenchmarkCheckPII: the
// mix a busy ecommerce or lead form sends (ids, prices, names of things,
// URLs, free text), none of it personal data, so every value goes through
// the whole personal-data scan. {n} makes each hit's values new.
var piiBenchParams = [25][2]string{
	{"ep.transaction_id", "T-20261122-{n}"}, {"epn.value", "1{n}.95"}, {"ep.currency", "EUR"},
	{"ep.coupon", "AUTUMN25"}, {"ep.form_id", "lead-form-{n}"}, {"ep.form_name", "Request a demo"},
	{"ep.form_destination", "https://shop.example.test/demo/thanks?ref={n}"},
	{"ep.content_group", "pricing"}, {"ep.item_list_name", "Related products"},
	{"ep.search_term", "samsung 55 inch tv {n}"}, {"ep.link_url", "https://cdn.example.test/docs/guide-v2.3.1.pdf"},
	{"ep.link_text", "Download the 2026 buyer's guide"}, {"ep.session_ref", "1763799950.{n}"},
	{"ep.experiment_id", "exp_checkout_b"}, {"ep.variant", "b"}, {"epn.quantity_total", "3"},
	{"ep.shipping_tier", "Next day"}, {"ep.payment_type", "Credit Card"}, {"ep.product_sku", "SKU-TEE-{n}-BLU"},
	{"ep.promotion_name", "Winter sale 30% off"}, {"ep.app_version", "4.12.0"}, {"ep.event_time", "2026-11-22T10:15:{n}Z"},
	{"ep.page_type", "checkout"}, {"ep.method", "email"}, {"ep.step_name", "shipping details"},
}

// BenchmarkCheckPII measures validation of hits that carry 25 params
// each, with the personal-data scan on and off; the scan's share is the
// difference. The target: on is less than 10% slower than off.
//
//	go test ./validator -run '^$' -bench CheckPII -cpu 1 -count 6
func BenchmarkCheckPII(b *testing.B) {
	s := testSpec()
	lead := spec.Event{Name: "lead_form", Kind: spec.KindMicro}
	for _, p := range piiBenchParams {
		name := p[0][strings.IndexByte(p[0], '.')+1:]
		typ := spec.TypeString
		if strings.HasPrefix(p[0], "epn.") {
			typ = spec.TypeNumber
		}
		lead.Params = append(lead.Params, spec.Param{Name: name, Type: typ})
	}
	s.Events = append(s.Events, lead)
	j := spec.Journey{Name: "bench", Steps: []spec.Step{{Kind: spec.StepExpect, Event: "lead_form"}}}
	at := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	obs := &Observation{Journey: j.Name, Steps: []Step{{Index: 0, Kind: "expect"}}}
	const n = 100
	for i := 0; i < n; i++ {
		var body strings.Builder
		body.WriteString("en=lead_form")
		for _, p := range piiBenchParams {
			v := url.QueryEscape(strings.ReplaceAll(p[1], "{n}", fmt.Sprint(1000+i)))
			body.WriteString("&" + p[0] + "=" + strings.ReplaceAll(v, "+", "%20"))
		}
		u := fmt.Sprintf("https://www.google-analytics.com/g/collect?v=2&tid=G-TEST01&cid=2038475611.1763799000&sid=1763799950&_p=17638%05d&dl=https%%3A%%2F%%2Fshop.example.test%%2Fdemo%%3Futm_source%%3Dnewsletter%%26page%%3D%d&dt=Request%%20a%%20demo", i, i)
		hit, err := hits.Decode("POST", u, []byte(body.String()), at)
		if err != nil {
			b.Fatal(err)
		}
		obs.Events = AppendEventsFromHit(obs.Events, hit, i, 0, "")
	}
	for _, noPII := range []bool{true, false} {
		name := "pii=on"
		if noPII {
			name = "pii=off"
		}
		b.Run(name, func(b *testing.B) {
			v := New(s, Options{NoPII: noPII})
			b.ReportAllocs()
			cpu0 := cpuclock.Now()
			checked := 0
			for b.Loop() {
				if fs := v.Check(&j, obs); len(fs) != 0 && !noPII {
					for _, f := range fs {
						if f.Rule == RulePII {
							b.Fatalf("false alarm: %s", f.Message)
						}
					}
				}
				checked += n
			}
			b.ReportMetric(float64(checked)/b.Elapsed().Seconds(), "hits/s")
			b.ReportMetric(float64(checked)/(cpuclock.Now()-cpu0).Seconds(), "hits/cpu-s")
		})
	}
}
