package crawler

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// pushOfSize returns a binding payload of exactly n bytes whose value is
// a JSON string (n must be at least the size of the empty push).
func pushOfSize(t testing.TB, n int) string {
	t.Helper()
	empty := `{"page":"http://a.test/","value":"\"\""}`
	if n < len(empty) {
		t.Fatalf("pushOfSize(%d): at least %d bytes", n, len(empty))
	}
	s := `{"page":"http://a.test/","value":"\"` + strings.Repeat("x", n-len(empty)) + `\""}`
	if len(s) != n {
		t.Fatalf("pushOfSize(%d) made %d bytes", n, len(s))
	}
	return s
}

// pushOfDepth returns a binding payload whose value nests arrays depth
// levels deep.
func pushOfDepth(depth int) string {
	value := strings.Repeat("[", depth) + strings.Repeat("]", depth)
	b, _ := json.Marshal(pushPayload{Page: "http://a.test/", Value: value})
	return string(b)
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
		{"size at the bound", pushOfSize(t, MaxPushBytes), true, ""},
		{"size one byte past", pushOfSize(t, MaxPushBytes+1), false, "a dataLayer push of 1048577 bytes is larger than the 1048576 bytes tagspec accepts"},
		{"depth at the bound", pushOfDepth(MaxPushDepth), true, ""},
		{"depth one past", pushOfDepth(MaxPushDepth + 1), false, "nests objects and arrays 65 levels deep, deeper than the 64 tagspec accepts"},
		{"depth far past, beyond encoding/json's own limit", pushOfDepth(20000), false, "20000 levels deep"},
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
