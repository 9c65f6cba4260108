package validator

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/tagspec/tagspec/internal/fuzzbudget"
)

func TestReadHAR(t *testing.T) {
	f, err := os.Open("testdata/session.har")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	obs, bad, err := ReadHAR(t.Context(), f, "recorded session", nil)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range obs.Events {
		names = append(names, fmt.Sprintf("%s@%s", e.Name, e.Time.Format("05.000")))
	}
	if got, want := strings.Join(names, " "), "page_view@00.410 newsletter_signup@05.900 promo_click@05.900"; got != want {
		t.Errorf("events = %s\nwant     %s", got, want)
	}
	if len(bad) != 1 || bad[0].Entry != 3 || !strings.Contains(bad[0].Err.Error(), `body line 1: key "en": event has no name`) {
		t.Errorf("undecodable hits = %+v", bad)
	}
	// The same checks as for a crawl, minus the journey's expectations.
	j := newsletterJourney("")
	j.Steps = nil
	var got []string
	for _, f := range Check(testSpec(), &j, obs, Options{}) {
		got = append(got, f.Rule+" "+f.Event)
	}
	want := "privacy/personal-data-hit page_view|journey/param-value newsletter_signup|journey/event-unexpected promo_click"
	if strings.Join(got, "|") != want {
		t.Errorf("findings = %s\nwant       %s", strings.Join(got, "|"), want)
	}
}

func TestReadHARErrors(t *testing.T) {
	tests := []struct{ name, har, want string }{
		{"not JSON", "{\n  \"log\": [1,\n", "read HAR: line 3, column 1: unexpected end of JSON input"},
		{"no log", `{"entries": []}`, `read HAR: no "log" object at the top level`},
		{"wrong type", "{\"log\": {\"entries\": 5}}", "read HAR: line 1, column 22: json: cannot unmarshal number into Go struct field"},
		{"bad time", `{"log": {"entries": [{"startedDateTime": "yesterday", "request": {"method": "GET", "url": "https://www.google-analytics.com/g/collect?v=2&en=x"}}]}}`, `read HAR: log.entries[0].startedDateTime "yesterday" is not an RFC 3339 time`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := ReadHAR(t.Context(), strings.NewReader(tt.har), "j", nil)
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("err = %v\nwant prefix %s", err, tt.want)
			}
		})
	}
}

func FuzzReadHAR(f *testing.F) {
	data, err := os.ReadFile("testdata/session.har")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(data))
	f.Add(`{"log":{"entries":[{"request":{"method":"POST","url":"https://x.test/g/collect?v=2","postData":{"text":"en=a\n"}}}]}}`)
	f.Fuzz(func(t *testing.T, har string) {
		fuzzbudget.Run(t, har, func() {
			obs, _, err := ReadHAR(t.Context(), strings.NewReader(har), "j", nil)
			if err != nil {
				if err.Error() == "" {
					t.Fatal("empty error")
				}
				return
			}
			j := newsletterJourney("")
			_ = freshValidator().Check(&j, obs)
		})
	})
}
