package hits

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/tagspec/tagspec/internal/golden"
)

var sampleTime = time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)

// readSample reads a testdata/samples/*.hit file: "METHOD URL" on the first
// line, the exact request body after it.
func readSample(t testing.TB, path string) (method, rawURL string, body []byte) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	first, rest, _ := bytes.Cut(data, []byte("\n"))
	method, rawURL, ok := strings.Cut(string(first), " ")
	if !ok {
		t.Fatalf("%s: first line must be METHOD URL", path)
	}
	return method, rawURL, rest
}

func TestDecodeSamplesGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/samples/*.hit")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 7 {
		t.Fatalf("found %d samples, want at least 7", len(files))
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".hit")
		t.Run(name, func(t *testing.T) {
			method, rawURL, body := readSample(t, f)
			if !IsCollect(rawURL, []string{"metrics.shop.example.test/sgtm/*"}) {
				t.Errorf("IsCollect(%q) = false, want true", rawURL)
			}
			h, err := Decode(method, rawURL, body, sampleTime)
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			got, err := json.MarshalIndent(h, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden.Check(t, filepath.Join("testdata", "golden", name+".json"), got)
		})
	}
}

func TestDecodeBatch(t *testing.T) {
	method, rawURL, body := readSample(t, "testdata/samples/batch_post_crlf.hit")
	h, err := Decode(method, rawURL, body, sampleTime)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range h.Events {
		names = append(names, e.Name)
	}
	if d := cmp.Diff([]string{"scroll", "newsletter_signup", "page_view"}, names); d != "" {
		t.Errorf("event names (-want +got):\n%s", d)
	}
	// Shared params come from the URL; line 3 overrides dl, dr and dt.
	if got := h.Events[0].PageLocation; got != "https://shop.example.test/pricing" {
		t.Errorf("event 1 dl = %q", got)
	}
	if got := h.Events[2].PageLocation; got != "https://shop.example.test/contact" {
		t.Errorf("event 3 dl = %q (the body line must override the URL)", got)
	}
	if got := h.Events[2].PageReferrer; got != "https://shop.example.test/pricing" {
		t.Errorf("event 3 dr = %q", got)
	}
	if h.Events[1].Line != 2 || !h.Events[1].KeyEvent || !h.Events[1].External {
		t.Errorf("event 2 = line %d key %v external %v, want line 2, key event, external", h.Events[1].Line, h.Events[1].KeyEvent, h.Events[1].External)
	}
	p, ok := h.Events[0].Param("percent_scrolled")
	if !ok || p.Type != TypeNumber || !p.NumberOK || p.Number != 90 {
		t.Errorf("percent_scrolled = %+v, %v; want number 90", p, ok)
	}
	want := Consent{GCS: "G111", GCD: "13r3r3r2r5l1", AdStorage: ConsentGranted, AnalyticsStorage: ConsentGranted, AdUserData: ConsentGranted, AdPersonalization: ConsentGranted, NPA: "0", DMA: "0"}
	if d := cmp.Diff(want, h.Consent); d != "" {
		t.Errorf("consent (-want +got):\n%s", d)
	}
}

func TestDecodeItems(t *testing.T) {
	method, rawURL, body := readSample(t, "testdata/samples/items_escaped.hit")
	h, err := Decode(method, rawURL, body, sampleTime)
	if err != nil {
		t.Fatal(err)
	}
	ev := h.Events[0]
	want := []Item{
		{Index: 1, Fields: []Field{
			{"item_id", "SKU-TEE-01"}, {"item_name", "Tee ~Tilde~ Edition"}, {"item_brand", "Acme"},
			{"item_category", "Apparel"}, {"item_category2", "Shirts"}, {"item_variant", "Blue / M"},
			{"price", "25.5"}, {"quantity", "2"}, {"index", "0"},
		}, Custom: []Field{{"fabric", "organic cotton"}, {"gift", "yes~no"}}},
		{Index: 2, Fields: []Field{{"item_id", "SKU-MUG-7"}, {"item_name", "Mug"}, {"price", "31.5"}, {"quantity", "1"}, {"coupon", "MUG~5~"}}},
	}
	if d := cmp.Diff(want, ev.Items); d != "" {
		t.Errorf("items (-want +got):\n%s", d)
	}
	if ev.Currency != "EUR" {
		t.Errorf("currency = %q, want EUR", ev.Currency)
	}
	if v, _ := ev.Items[0].Get("gift"); v != "yes~no" {
		t.Errorf("Get(gift) = %q", v)
	}
}

func TestDecodeConsent(t *testing.T) {
	tests := []struct {
		name string
		url  string
		want Consent
	}{
		{"gcs only", "https://x.test/g/collect?v=2&en=a&gcs=G101", Consent{GCS: "G101", AdStorage: ConsentDenied, AnalyticsStorage: ConsentGranted}},
		{"gcs unknown", "https://x.test/g/collect?v=2&en=a&gcs=G1--", Consent{GCS: "G1--"}},
		{"gcd defaults denied", "https://x.test/g/collect?v=2&en=a&gcd=13p3p3p2p5l1", Consent{GCD: "13p3p3p2p5l1", AdStorage: ConsentDenied, AnalyticsStorage: ConsentDenied, AdUserData: ConsentDenied, AdPersonalization: ConsentDenied}},
		{"gcd not set", "https://x.test/g/collect?v=2&en=a&gcd=13l3l3l3l1l1", Consent{GCD: "13l3l3l3l1l1"}},
		{"gcd mixed case and unknown letter", "https://x.test/g/collect?v=2&en=a&gcd=13t3t3Z2R5l1", Consent{GCD: "13t3t3Z2R5l1", AdStorage: ConsentGranted, AnalyticsStorage: ConsentGranted, AdPersonalization: ConsentGranted}},
		{"gcs wins over gcd", "https://x.test/g/collect?v=2&en=a&gcd=13p3p3p2p5l1&gcs=G111", Consent{GCS: "G111", GCD: "13p3p3p2p5l1", AdStorage: ConsentGranted, AnalyticsStorage: ConsentGranted, AdUserData: ConsentDenied, AdPersonalization: ConsentDenied}},
		{"updates", "https://x.test/g/collect?v=2&en=a&gcd=13u3m3n2v5l1", Consent{GCD: "13u3m3n2v5l1", AdStorage: ConsentDenied, AnalyticsStorage: ConsentDenied, AdUserData: ConsentGranted, AdPersonalization: ConsentGranted}},
		{"short gcd", "https://x.test/g/collect?v=2&en=a&gcd=1", Consent{GCD: "1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, err := Decode("GET", tt.url, nil, sampleTime)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tt.want, h.Consent); d != "" {
				t.Errorf("consent (-want +got):\n%s", d)
			}
			if got := h.Consent.State("analytics_storage"); got != tt.want.AnalyticsStorage {
				t.Errorf("State(analytics_storage) = %q", got)
			}
		})
	}
}

func TestConsentDescribe(t *testing.T) {
	tests := []struct {
		name  string
		query string
		want  string
	}{
		{"both denied", "gcs=G100", "analytics_storage and ad_storage denied (gcs=G100)"},
		{"both granted", "gcs=G111", "analytics_storage and ad_storage granted (gcs=G111)"},
		{"analytics only", "gcs=G101", "analytics_storage granted, ad_storage denied (gcs=G101)"},
		{"ads only", "gcs=G110", "ad_storage granted, analytics_storage denied (gcs=G110)"},
		{"gcs and gcd", "gcs=G111&gcd=13r3r3r2r5l1", "analytics_storage, ad_storage, ad_user_data and ad_personalization granted (gcs=G111, gcd=13r3r3r2r5l1)"},
		{"gcd mixed", "gcd=13u3m3n2v5l1", "ad_user_data and ad_personalization granted, analytics_storage and ad_storage denied (gcd=13u3m3n2v5l1)"},
		{"gcd not set", "gcd=13l3l3l3l1l1", "consent not set (gcd=13l3l3l3l1l1)"},
		{"gcs unknown", "gcs=G1--", "consent not set (gcs=G1--)"},
		{"none", "", "no consent state"},
	}
	if got, want := (Consent{GCS: "G100"}).Describe(), "analytics_storage and ad_storage denied (gcs=G100)"; got != want {
		t.Errorf("Describe() of wire values alone = %q, want %q", got, want)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, err := Decode("GET", "https://x.test/g/collect?v=2&en=a&"+tt.query, nil, sampleTime)
			if err != nil {
				t.Fatal(err)
			}
			if got := h.Consent.Describe(); got != tt.want {
				t.Errorf("Describe() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name string
		url  string
		body string
		want string
	}{
		{"universal analytics", "https://www.google-analytics.com/collect?v=1&t=pageview", "", `GA4 hit: URL: key "v": is "1"; a GA4 hit carries v=2`},
		{"no version", "https://www.google-analytics.com/g/collect?tid=G-1&en=x", "", `GA4 hit: URL: key "v": missing; a GA4 hit carries v=2`},
		{"no query", "https://www.google-analytics.com/g/collect", "", `GA4 hit: URL: key "v": missing; a GA4 hit carries v=2`},
		{"no event name", "https://www.google-analytics.com/g/collect?v=2&tid=G-1", "", `GA4 hit: URL: key "en": event has no name`},
		{"line without name", "https://www.google-analytics.com/g/collect?v=2&tid=G-1", "en=a\r\n_et=5\r\n", `GA4 hit: body line 2: key "en": event has no name`},
		{"bad escape in URL", "https://www.google-analytics.com/g/collect?v=2&en=a&dl=%zz", "", `GA4 hit: URL: key "dl": badly escaped value "dl=%zz"`},
		{"bad escape in body", "https://www.google-analytics.com/g/collect?v=2", "en=a\nen=b&ep.x=%4", `GA4 hit: body line 2: key "ep.x": badly escaped value "ep.x=%4"`},
		{"item index zero", "https://www.google-analytics.com/g/collect?v=2&en=a&pr0=idX", "", `GA4 hit: URL: key "pr0": item index must be 1 or more`},
		{"body one byte too large", "https://www.google-analytics.com/g/collect?v=2", strings.Repeat("a", MaxBodyBytes+1), `GA4 hit: body line 1: the request body is 1048577 bytes; tagspec reads hits whose body is at most 1048576 bytes (1 MiB), and Google's tag keeps a batch under 16 KiB`},
		{"URL one byte too long", urlOfLength(MaxURLBytes + 1), "", `GA4 hit: URL: the request URL is 32769 bytes long; tagspec reads hits whose URL is at most 32768 bytes (32 KiB), and Google's tag keeps it near 2,048`},
		{"one event too many", "https://www.google-analytics.com/g/collect?v=2", strings.Repeat("en=a\r\n\r\n", MaxEventsPerHit) + "en=b", `GA4 hit: body line 201: the hit carries more than 100 events; tagspec reads at most 100 events in one request, and Google's tag sends at most 20 (the Measurement Protocol accepts 25)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, err := Decode("POST", tt.url, []byte(tt.body), sampleTime)
			if err == nil {
				t.Fatalf("Decode succeeded with %d events, want error %q", len(h.Events), tt.want)
			}
			var he *Error
			if !errors.As(err, &he) {
				t.Fatalf("error %T is not *Error", err)
			}
			if err.Error() != tt.want {
				t.Errorf("error = %q\nwant    %q", err.Error(), tt.want)
			}
		})
	}
}

// urlOfLength returns a hit URL of exactly n bytes carrying one event:
// v=2, en=a and a page title that fills the rest.
func urlOfLength(n int) string {
	u := "https://www.google-analytics.com/g/collect?v=2&en=a&dt="
	return u + strings.Repeat("x", n-len(u))
}

// TestDecodeAtBounds checks that a hit exactly at each bound decodes:
// TestDecodeErrors feeds one byte (or one event) more.
func TestDecodeAtBounds(t *testing.T) {
	t.Run("URL", func(t *testing.T) {
		u := urlOfLength(MaxURLBytes)
		h, err := Decode("GET", u, nil, sampleTime)
		if err != nil {
			t.Fatal(err)
		}
		if len(u) != MaxURLBytes || len(h.Events[0].PageTitle) != MaxURLBytes-len("https://www.google-analytics.com/g/collect?v=2&en=a&dt=") {
			t.Fatalf("URL of %d bytes gave a title of %d", len(u), len(h.Events[0].PageTitle))
		}
	})
	t.Run("body", func(t *testing.T) {
		line := "en=a&ep.x="
		body := line + strings.Repeat("y", MaxBodyBytes-len(line))
		h, err := Decode("POST", "https://www.google-analytics.com/g/collect?v=2", []byte(body), sampleTime)
		if err != nil {
			t.Fatal(err)
		}
		if len(body) != MaxBodyBytes || len(h.Events) != 1 {
			t.Fatalf("body of %d bytes gave %d events", len(body), len(h.Events))
		}
	})
	t.Run("events", func(t *testing.T) {
		// Blank lines between the events do not count towards the bound.
		body := strings.Repeat("en=a\r\n\r\n", MaxEventsPerHit)
		h, err := Decode("POST", "https://www.google-analytics.com/g/collect?v=2", []byte(body), sampleTime)
		if err != nil {
			t.Fatal(err)
		}
		if len(h.Events) != MaxEventsPerHit {
			t.Fatalf("got %d events, want %d", len(h.Events), MaxEventsPerHit)
		}
	})
}

func TestDecodeTolerance(t *testing.T) {
	// Empty lines, a bare "\n", empty pairs, "+" for spaces, keys without
	// values and unknown keys are all accepted.
	h, err := Decode("POST", "https://x.test/g/collect?v=2&&tid=G-1&richsstsse&dt=A+B", []byte("\n\nen=a&&ep.q=c+d\n\r\n"), sampleTime)
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Events) != 1 || h.Events[0].Line != 3 || h.Events[0].PageTitle != "A B" {
		t.Fatalf("events = %+v", h.Events)
	}
	if p, _ := h.Events[0].Param("q"); p == nil || p.Value != "c d" {
		t.Errorf("ep.q = %+v", p)
	}
	if _, ok := h.Events[0].Get("richsstsse"); !ok {
		t.Error("unknown key richsstsse was dropped")
	}
	if h.Events[0].EngagementMillis != -1 {
		t.Errorf("_et = %d, want -1 when absent", h.Events[0].EngagementMillis)
	}
	// A non-numeric epn value is kept, flagged as not a number.
	h, err = Decode("GET", "https://x.test/g/collect?v=2&en=a&epn.value=12,5", nil, sampleTime)
	if err != nil {
		t.Fatal(err)
	}
	if p, _ := h.Events[0].Param("value"); p == nil || p.NumberOK || p.Type != TypeNumber {
		t.Errorf("epn.value=12,5 decoded as %+v", p)
	}
}

func TestSplitTilde(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", []string{""}},
		{"idA", []string{"idA"}},
		{"idA~nmB", []string{"idA", "nmB"}},
		{"nmA~~B~idC", []string{"nmA~B", "idC"}},
		{"nmA~~~idC", []string{"nmA~", "idC"}},
		{"nm~~~~", []string{"nm~~"}},
		{"idA~", []string{"idA", ""}},
	}
	for _, tt := range tests {
		if d := cmp.Diff(tt.want, splitTilde(tt.in)); d != "" {
			t.Errorf("splitTilde(%q) (-want +got):\n%s", tt.in, d)
		}
	}
}

func TestDecodeDoesNotKeepTheBody(t *testing.T) {
	body := []byte("en=a&ep.x=one\r\nen=b&ep.y=t%20wo\r\n")
	h, err := Decode("POST", "https://x.test/g/collect?v=2", body, sampleTime)
	if err != nil {
		t.Fatal(err)
	}
	for i := range body {
		body[i] = 'z'
	}
	if h.Events[0].Name != "a" || h.Events[0].Params[0].Value != "one" || h.Events[1].Params[0].Value != "t wo" {
		t.Errorf("decoded values changed with the caller's buffer: %+v", h.Events)
	}
}

// TestOverrideIndexMatchesScan checks that a batch whose URL carries many
// params, user properties and items (looked up through baseIndex) decodes
// each body line exactly as the plain scan of the URL's entries does.
func TestOverrideIndexMatchesScan(t *testing.T) {
	for _, n := range []int{scanBelow - 1, scanBelow, scanBelow + 1, 40} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			var q strings.Builder
			q.WriteString("https://www.google-analytics.com/g/collect?v=2&tid=G-1")
			for i := range n {
				// Each name twice, string and number, and one repeated
				// item index: the first entry is the one overridden.
				fmt.Fprintf(&q, "&ep.p%d=u%d&epn.p%d=%d&up.u%d=x&ep.p%d=again&pr%d=idU%d&pr%d=idAgain", i, i, i, i, i, i, i+1, i, i+1)
			}
			body := fmt.Sprintf("en=a&ep.p0=L&epn.p%d=7&up.u%d=y&pr1=idL&ep.new=1&pr%d=idNew\r\nen=b&ep.p0=M&ep.p0=N&pr1=idM&pr1=idN\r\nen=c\r\n", n-1, n/2, n+5)
			h, err := Decode("POST", q.String(), []byte(body), sampleTime)
			if err != nil {
				t.Fatal(err)
			}
			for i, l := range strings.Split(strings.TrimSuffix(body, "\r\n"), "\r\n") {
				own, err := parseQuery(l, i+1, nil)
				if err != nil {
					t.Fatal(err)
				}
				want, err := newEvent(h.Query, own, i+1)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(want, h.Events[i], cmpopts.EquateEmpty()); diff != "" {
					t.Errorf("line %d (-scan +decoded):\n%s", i+1, diff)
				}
			}
		})
	}
}

// allocated returns the bytes fn allocates.
func allocated(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestDecodeBlankLinesDoNotSizePools checks that blank body lines do not
// make Decode reserve room for events: a 514 KB hit of 2,000 URL params
// and 500,000 newlines once asked for room for a billion params and ended
// the process out of memory.
func TestDecodeBlankLinesDoNotSizePools(t *testing.T) {
	u := "https://www.google-analytics.com/g/collect?v=2" + strings.Repeat("&ep.a=1", 2000)
	body := []byte(strings.Repeat("\n", 500000) + "en=a")
	var h *Hit
	var err error
	n := allocated(func() { h, err = Decode("POST", u, body, sampleTime) })
	if err != nil || len(h.Events) != 1 || len(h.Events[0].Params) != 2000 {
		t.Fatalf("Decode = %v", err)
	}
	// The hit itself is a few hundred kilobytes: its params, the URL's
	// fields and room for MaxEventsPerHit events.
	if n > 8<<20 {
		t.Errorf("Decode allocated %d bytes for a hit of %d", n, len(u)+len(body))
	}
}
