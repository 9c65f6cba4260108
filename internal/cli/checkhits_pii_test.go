package cli

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/tagspec/tagspec/examplesite/gtagstandin"
)

// piiSpec is the spec the leaky form page is judged against: it defines
// the event, so that personal data is all there is to find.
const piiSpec = `version: 1
name: Personal data check
measurement_id: G-PIITEST01
events:
  - name: generate_lead
    kind: macro
    trigger:
      form_submit: { selector: "form#lead" }
`

// piiLeakPage sends, through tagspec's gtag.js stand-in (the wire format
// and batching of Google's builds), one leak of each kind of personal data
// the check knows, each where real forms leak it, beside look-alikes that
// must not be reported (ids, prices, dates, client ids, hashes, versions).
const piiLeakPage = `<!doctype html>
<html><head><title>Thanks for your enquiry</title>
<script async src="/gtag/js?id=G-PIITEST01"></script>
<script>
window.dataLayer = window.dataLayer || [];
function gtag(){dataLayer.push(arguments);}
gtag('js', new Date());
gtag('config', 'G-PIITEST01');
gtag('event', 'generate_lead', {
  lead_note: 'Please call me on (415) 555-0132 after 5pm',
  shipping_postcode: 'SW1A 1AA',
  full_name: 'Jane Doe',
  address_line1: '221B Baker Street',
  date_of_birth: '1987-04-12',
  field_value: '078-05-1120',
  payment_note: 'refund to GB82 WEST 1234 5698 7654 32',
  card_hint: '4111 1111 1111 1111',
  client_ip: '203.0.113.7',
  transaction_id: 'T-20261122-0042',
  value: 49.99,
  currency: 'EUR',
  event_date: '2026-11-22',
  ga_session: '1763799950.1763800000',
  email_sha256: 'a3f1c9e7b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2c4e6b8d0f2a4c6e8b0d2f4a6',
  app_version: '4.12.0',
  search_term: 'samsung 55 inch tv',
  page_number: 12345
});
</script></head>
<body><h1>Thanks</h1></body></html>`

// TestCheckHitsFindsEveryKindOfPersonalData records, with headless
// Chromium, a HAR file of a page that leaks one piece of personal data of
// each kind (the email address in the page URL, the rest in event params)
// through the gtag.js stand-in, and checks it with check-hits: every leak
// is reported, masked, and nothing else is.
func TestCheckHitsFindsEveryKindOfPersonalData(t *testing.T) {
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case gtagstandin.Path:
			w.Header().Set("Content-Type", "text/javascript")
			w.Write(gtagstandin.Script())
		case "/enquiry/thanks":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, piiLeakPage)
		default:
			http.NotFound(w, r)
		}
	}))
	defer site.Close()

	bctx := startTestBrowser(t)
	dir := t.TempDir()
	har := filepath.Join(dir, "enquiry.har")
	// page_view at once, then generate_lead in the stand-in's batch.
	recordHAR(t, bctx, site.URL+"/enquiry/thanks?email=jane.doe%40example.com&ref=12345", har, 2)
	specPath := filepath.Join(dir, "tagspec.yaml")
	if err := os.WriteFile(specPath, []byte(piiSpec), 0o644); err != nil {
		t.Fatal(err)
	}

	htmlPath, junitPath := filepath.Join(dir, "out", "report.html"), filepath.Join(dir, "out", "junit.xml")
	code, stdout, stderr := runCLI(t, "check-hits", specPath, har, "--format", "json", "--report", "html="+htmlPath, "--report", "junit="+junitPath)
	if code != ExitFindings {
		t.Fatalf("exit %d, want 1\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	var doc struct {
		Journeys []struct {
			Findings []struct{ Rule, Event, Param, Message, Page string } `json:"findings"`
			Events   []struct {
				Name   string          `json:"name"`
				Params json.RawMessage `json:"params"`
			} `json:"events"`
		} `json:"journeys"`
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil || len(doc.Journeys) != 1 {
		t.Fatalf("stdout is not one journey of JSON: %v\n%s", err, stdout)
	}
	var got []string
	for _, f := range doc.Journeys[0].Findings {
		got = append(got, f.Rule+" "+f.Message)
	}
	sort.Strings(got)
	want := []string{
		`privacy/personal-data-hit event "generate_lead" carries a bank account number (IBAN) in param "payment_note" (GB***32)`,
		`privacy/personal-data-hit event "generate_lead" carries a date of birth in param "date_of_birth" (1***2)`,
		`privacy/personal-data-hit event "generate_lead" carries a national id number in param "field_value" (***20)`,
		`privacy/personal-data-hit event "generate_lead" carries a payment card number in param "card_hint" (****1111)`,
		`privacy/personal-data-hit event "generate_lead" carries a person's name in param "full_name" (J***e)`,
		`privacy/personal-data-hit event "generate_lead" carries a phone number in param "lead_note" ((4***32)`,
		`privacy/personal-data-hit event "generate_lead" carries a postcode in param "shipping_postcode" (S***A)`,
		`privacy/personal-data-hit event "generate_lead" carries a street address in param "address_line1" (22***et)`,
		`privacy/personal-data-hit event "generate_lead" carries an IP address in param "client_ip" (20***.7)`,
		`privacy/personal-data-hit event "page_view" carries an email address in page_location (dl) query parameter "email" (j***@example.com)`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\n\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Every report masks the data wherever it would repeat it: in the
	// events' params and page URLs too.
	reports := map[string]string{"JSON": stdout}
	for name, path := range map[string]string{"HTML": htmlPath, "JUnit": junitPath} {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("the %s report was not written: %v", name, err)
		}
		reports[name] = string(b)
	}
	for name, doc := range reports {
		for _, secret := range []string{"jane.doe", "555-0132", "1AA", "Jane Doe", "Baker", "1987-04-12", "1120", "7654", "1111 1111", "113.7"} {
			if strings.Contains(doc, secret) {
				t.Errorf("the %s report repeats %q unmasked", name, secret)
			}
		}
	}
	for _, name := range []string{"JSON", "HTML"} {
		for _, kept := range []string{"T-20261122-0042", "samsung 55 inch tv", "4.12.0"} {
			if !strings.Contains(reports[name], kept) {
				t.Errorf("the %s report lost the harmless value %q", name, kept)
			}
		}
	}
	t.Logf("check-hits on %s:\n%s", filepath.Base(har), text(t, specPath, har))
}

// text runs check-hits with the text printer, for the test log.
func text(t *testing.T, specPath, har string) string {
	_, stdout, _ := runCLI(t, "check-hits", specPath, har)
	return stdout
}
