package templates

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/tagspec/tagspec/internal/golden"
)

func TestDocsGolden(t *testing.T) {
	for _, sc := range specCases(t) {
		t.Run(sc.name, func(t *testing.T) {
			md, html := Docs(parseSpec(t, sc.file, sc.data))
			golden.Check(t, "testdata/golden/"+sc.name+".plan.md", md)
			golden.Check(t, "testdata/golden/"+sc.name+".plan.html", html)
			// Self-contained: no external scripts, styles or images.
			if regexp.MustCompile(`(?i)<(script|link|img)\b|src=|@import|url\(`).Match(html) {
				t.Error("HTML plan loads external resources")
			}
		})
	}
}

func TestDocsPushSnippets(t *testing.T) {
	for _, sc := range specCases(t) {
		if sc.name != "every-trigger" {
			continue
		}
		md, html := Docs(parseSpec(t, sc.file, sc.data))
		for _, want := range []string{
			"window.dataLayer.push({\n  event: \"generate_lead\",\n  lead: {\n    value: 0\n  },\n  lead_source: \"<lead_source>\"\n});",
			"window.dataLayer.push({\n  form_location: \"footer\"\n});",
			"| `page_path` | string | page URL: path | yes | matches ^/pricing$ |",
			"First input into a field of the form form#contact (tagspec listener tag)",
		} {
			if !strings.Contains(string(md), want) {
				t.Errorf("Markdown plan lacks %q", want)
			}
		}
		// The listener-set key is documented, not asked of the site.
		if strings.Contains(string(md), "tagspec: {") || strings.Contains(string(md), "last_field: ") {
			t.Error("plan asks the site to push a key the listener sets")
		}
		if !bytes.Contains(html, []byte("event: &#34;generate_lead&#34;")) {
			t.Error("HTML plan lacks the escaped push snippet")
		}
	}
}

func TestConsentWords(t *testing.T) {
	tests := []struct {
		name  string
		types []string
		want  string
	}{
		{"none", nil, "none required"},
		{"one", []string{"analytics_storage"}, "analytics_storage required"},
		{"two", []string{"analytics_storage", "ad_storage"}, "analytics_storage and ad_storage required"},
		{"three", []string{"analytics_storage", "ad_storage", "ad_user_data"}, "analytics_storage, ad_storage and ad_user_data required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := consentWords(tt.types); got != tt.want {
				t.Errorf("consentWords(%q) = %q, want %q", tt.types, got, tt.want)
			}
		})
	}
}
