package examplesite

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestNoTrackingPagesCarryNoTrackingCode: every page served in no-tracking
// mode loads the consent default and site.js but neither the Google tag
// snippet nor tagspec's tagging script, and the default mode is unchanged.
func TestNoTrackingPagesCarryNoTrackingCode(t *testing.T) {
	nt, err := NewHandler(nil, Options{NoTracking: true, Faults: []string{"drop-trial-days", "analytics-only-consent"}})
	if err != nil {
		t.Fatal(err)
	}
	def := Handler(nil)
	paths := []string{"/gen/3"}
	for p := range routes {
		paths = append(paths, p)
	}
	for _, p := range paths {
		body := read(t, nt, p)
		for _, bad := range []string{"/static/boot.js", "/gtag/js"} {
			if strings.Contains(body, bad) {
				t.Errorf("no-tracking %s still loads %s", p, bad)
			}
		}
		if !strings.Contains(body, `<script src="/static/consent.js"></script>`) {
			t.Errorf("no-tracking %s does not load the consent default", p)
		}
		if d := read(t, def, p); !strings.Contains(d, "/gtag/js") || strings.Contains(d, "consent.js") {
			t.Errorf("default %s lost its tracking code", p)
		}
	}
	js := read(t, nt, "/static/consent.js")
	if !strings.HasPrefix(js, "window.tagspecSiteFaults = {analyticsOnlyConsent: true, dropTrialDays: true};\n") {
		t.Errorf("consent.js starts %q", js[:min(len(js), 90)])
	}
	if code := get(t, def, "/static/consent.js").StatusCode; code != 404 {
		t.Errorf("default site serves consent.js: %d", code)
	}
}

func TestNewHandlerRejectsBadFaults(t *testing.T) {
	for _, opts := range []Options{
		{NoTracking: true, Faults: []string{"drop-everything"}},
		{Faults: []string{"drop-trial-days"}},
	} {
		if _, err := NewHandler(nil, opts); err == nil {
			t.Errorf("NewHandler(%+v) accepted", opts)
		}
	}
}

func read(t *testing.T, h http.Handler, path string) string {
	t.Helper()
	b, err := io.ReadAll(get(t, h, path).Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
