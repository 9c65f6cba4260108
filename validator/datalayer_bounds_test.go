package validator

import (
	"encoding/json"
	"runtime"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tagspec/tagspec/spec"
)

// pushOfSize returns a GTM-style event push of exactly n bytes: the event
// name and a filler param.
func pushOfSize(n int) json.RawMessage {
	head, tail := `{"event":"generate_lead","filler":"`, `"}`
	return json.RawMessage(head + strings.Repeat("x", n-len(head)-len(tail)) + tail)
}

// pushOfDepth returns an event push whose objects nest exactly depth
// levels deep, the top-level object counting as one. Brackets inside a
// string do not count.
func pushOfDepth(depth int) json.RawMessage {
	return json.RawMessage(`{"event":"generate_lead","note":"[[{{","d":` + strings.Repeat(`{"a":`, depth-1) + "1" + strings.Repeat("}", depth-1) + "}")
}

// TestPushBounds feeds EventFromPush and Check a push exactly at each
// bound, which is read, and one byte (one level) past it, which is
// refused with an error naming the bound.
func TestPushBounds(t *testing.T) {
	tests := []struct {
		name    string
		value   json.RawMessage
		wantErr string
	}{
		{"size at the bound", pushOfSize(MaxPushBytes), ""},
		{"size one byte past", pushOfSize(MaxPushBytes + 1), "dataLayer push is 1048577 bytes; tagspec reads pushes of at most 1048576 bytes (1 MiB)"},
		{"depth at the bound", pushOfDepth(MaxPushDepth), ""},
		{"depth one level past", pushOfDepth(MaxPushDepth + 1), "dataLayer push nests objects and lists more than 32 levels deep; tagspec reads pushes nested at most 32 levels deep"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.name == "size at the bound" && len(tt.value) != MaxPushBytes || tt.name == "depth at the bound" && pushDepth(tt.value) != MaxPushDepth {
				t.Fatalf("the push is %d bytes, %d levels deep", len(tt.value), pushDepth(tt.value))
			}
			p := Push{Step: 0, Page: "https://shop.test/", Value: tt.value}
			ev, ok, err := ReadPush(p)
			j := spec.Journey{Name: "dl", Steps: []spec.Step{{Kind: spec.StepClick, Selector: "#go"}}}
			obs := &Observation{Journey: "dl", Steps: []Step{{Index: 0, Kind: "click"}}, DataLayer: []Push{p}}
			var pushFindings []string
			for _, f := range Check(testSpec(), &j, obs, Options{}) {
				if f.Rule == RulePII {
					pushFindings = append(pushFindings, string(f.Severity)+": "+f.Message)
				}
			}
			if tt.wantErr == "" {
				if err != nil || !ok || ev.Name != "generate_lead" {
					t.Fatalf("ReadPush = %q, %v, %v; want the event", ev.Name, ok, err)
				}
				if len(pushFindings) != 0 {
					t.Fatalf("Check found %q in a clean push", pushFindings)
				}
				return
			}
			if err == nil || err.Error() != tt.wantErr || ok {
				t.Fatalf("ReadPush = %v, %v; want the error %q", ok, err, tt.wantErr)
			}
			if _, ok := EventFromPush(p); ok {
				t.Fatal("EventFromPush read a push past the bound")
			}
			want := []string{"warning: " + tt.wantErr + ", so it was not read for personal data"}
			if d := cmp.Diff(want, pushFindings); d != "" {
				t.Errorf("Check findings (-want +got):\n%s", d)
			}
		})
	}
}

// TestPIIDataLayerPaths checks the key paths pii findings give for data
// found in lists and beneath them, and in gtag() arguments.
func TestPIIDataLayerPaths(t *testing.T) {
	j := spec.Journey{Name: "dl", Steps: []spec.Step{{Kind: spec.StepClick, Selector: "#go"}}}
	obs := &Observation{Journey: "dl", Steps: []Step{{Index: 0, Kind: "click"}},
		DataLayer: []Push{
			{Step: 0, Value: json.RawMessage(`{"event":"purchase","ecommerce":{"items":[{"item_id":"A"},{"item_name":"ann.lee@example.com"}]}}`)},
			{Step: 0, Value: json.RawMessage(`{"lists":[["x",["bo.ng@example.com"]]]}`)},
			{Step: 0, Value: json.RawMessage(`["set",{"user":{"contact":"cy.ro@example.com"}}]`)},
		},
	}
	var got []string
	for _, f := range Check(testSpec(), &j, obs, Options{}) {
		if f.Rule == RulePII {
			got = append(got, f.Param)
		}
	}
	want := []string{"ecommerce.items[1].item_name", "lists[0][1][0]", "user.contact"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("paths (-want +got):\n%s", d)
	}
}

// TestPushScanDoesNotCopyPaths checks that reading a push for personal
// data does not write out the key path of every value: a 250 KB push of
// long keys above a long list once copied 3 GB of paths (1.4 s of CPU).
func TestPushScanDoesNotCopyPaths(t *testing.T) {
	key := strings.Repeat("k", 5000)
	raw := `{"event":"x","d":` + strings.Repeat(`{"`+key+`":`, 30) + "[" + strings.Repeat(`"ab",`, 20000) + `"ab"]` + strings.Repeat("}", 30) + "}"
	j := spec.Journey{Name: "dl"}
	obs := &Observation{Journey: "dl", DataLayer: []Push{{Value: json.RawMessage(raw)}}}
	v := New(testSpec(), Options{})
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	fs := v.Check(&j, obs)
	runtime.ReadMemStats(&after)
	if len(fs) != 0 {
		t.Fatalf("findings in a clean push: %v", fs)
	}
	// Decoding the push takes a few megabytes; its paths took gigabytes.
	if n := after.TotalAlloc - before.TotalAlloc; n > 64<<20 {
		t.Errorf("Check allocated %d bytes for a push of %d", n, len(raw))
	}
}
