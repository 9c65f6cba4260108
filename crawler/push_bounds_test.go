package crawler

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/tagspec/tagspec/hits"
	"github.com/tagspec/tagspec/spec"
	"github.com/tagspec/tagspec/validator"
)

// pushOfSize returns a binding payload whose push is a JSON string of
// exactly n bytes of text (n at least 2).
func pushOfSize(n int) string {
	b, _ := json.Marshal(pushPayload{Page: "http://a.test/", Value: `"` + strings.Repeat("x", n-2) + `"`})
	return string(b)
}

// pushOfDepth returns a binding payload whose value nests arrays depth
// levels deep.
func pushOfDepth(depth int) string {
	value := strings.Repeat("[", depth) + strings.Repeat("]", depth)
	b, _ := json.Marshal(pushPayload{Page: "http://a.test/", Value: value})
	return string(b)
}

// payloadOfSize returns a binding payload of exactly n bytes (the push
// inside it need not be within the push bounds).
func payloadOfSize(t testing.TB, n int) string {
	t.Helper()
	empty := `{"page":"http://a.test/","value":"\"\""}`
	s := `{"page":"http://a.test/","value":"\"` + strings.Repeat("x", n-len(empty)) + `\""}`
	if len(s) != n {
		t.Fatalf("payloadOfSize(%d) made %d bytes", n, len(s))
	}
	return s
}

// TestPushBounds feeds addPush a push at each bound and one past it: the
// push at the bound is kept, the one past it is a warning that says what
// and where, and is not kept.
func TestPushBounds(t *testing.T) {
	tests := []struct {
		name    string
		payload string
		kept    bool
		message string // part of the warning when not kept
	}{
		{"size at the bound", pushOfSize(validator.MaxPushBytes), true, ""},
		{"size one byte past", pushOfSize(validator.MaxPushBytes + 1), false, "dataLayer push is 1048577 bytes; tagspec reads pushes of at most 1048576 bytes (1 MiB)"},
		{"payload past its bound", payloadOfSize(t, MaxPushPayloadBytes+1), false, "more than the 2162688 bytes tagspec reads"},
		{"depth at the bound", pushOfDepth(validator.MaxPushDepth), true, ""},
		{"depth one past", pushOfDepth(validator.MaxPushDepth + 1), false, "nests objects and lists more than 32 levels deep"},
		{"depth far past, beyond encoding/json's own limit", pushOfDepth(20000), false, "more than 32 levels deep"},
		{"brackets inside strings do not nest", `{"page":"http://a.test/","value":"\"` + strings.Repeat("[", 100) + `\""}`, true, ""},
		{"payload not JSON", `{"page":`, false, "cannot read"},
		{"value not JSON", `{"page":"http://a.test/","value":"{"}`, false, "whose value is not JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newCapture(time.Now)
			c.setStep(2)
			c.page = "http://a.test/current"
			c.addPush(tt.payload)
			if got := len(c.pushes) == 1; got != tt.kept {
				t.Fatalf("kept=%v, want %v (warnings %v)", got, tt.kept, c.pageErrors)
			}
			if tt.kept {
				if len(c.pageErrors) != 0 {
					t.Fatalf("a kept push also warned: %v", c.pageErrors)
				}
				return
			}
			if len(c.pageErrors) != 1 {
				t.Fatalf("want one warning, got %v", c.pageErrors)
			}
			f := c.pageErrors[0]
			if f.Rule != RulePushRefused || f.Step != 2 || !strings.Contains(f.Message, tt.message) || !strings.HasPrefix(f.Page, "http://a.test/") {
				t.Fatalf("warning %+v: want rule %s, step 2, a page, and a message containing %q", f, RulePushRefused, tt.message)
			}
		})
	}
}

// TestUnreadableHitIsAWarning captures a hit one byte past the URL bound
// next to a readable one: the readable hit's event is kept, and the other
// is a warning on its step and page that names the endpoint but not the
// data the hit carried.
func TestUnreadableHitIsAWarning(t *testing.T) {
	const base = "https://www.google-analytics.com/g/collect?v=2&tid=G-TEST1234&cid=1.2&en=page_view"
	ok := rawHit{method: "POST", url: base, at: time.Now(), step: 1, page: "http://a.test/ok"}
	long := base + "&ep.email=jane%40example.com&ep.pad=" + strings.Repeat("x", hits.MaxURLBytes)
	long = long[:hits.MaxURLBytes+1]
	bad := rawHit{method: "POST", url: long, at: time.Now(), step: 2, page: "http://a.test/long"}
	evs, refused := buildEventsAndRefusals([]rawHit{ok, bad}, nil)
	if len(evs) != 1 || evs[0].Name != "page_view" {
		t.Fatalf("events %+v, want the readable hit's page_view", evs)
	}
	if len(refused) != 1 {
		t.Fatalf("warnings %+v, want one", refused)
	}
	f := refused[0]
	if f.Rule != RuleHitUnreadable || f.Severity != spec.SeverityWarning || f.Step != 2 || f.Page != "http://a.test/long" {
		t.Fatalf("warning %+v", f)
	}
	if !strings.Contains(f.Message, "https://www.google-analytics.com/g/collect") || !strings.Contains(f.Message, "32768 bytes") {
		t.Fatalf("message does not name the endpoint and the bound: %s", f.Message)
	}
	if strings.Contains(f.Message, "jane") {
		t.Fatalf("message repeats the hit's data: %s", f.Message)
	}
}
