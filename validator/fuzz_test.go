package validator

import (
	"encoding/json"
	"testing"
)

func FuzzEventFromPush(f *testing.F) {
	f.Add(`{"event":"generate_lead","value":12.5,"ecommerce":{"items":[{"item_id":"A"}]}}`)
	f.Add(`["event","sign_up",{"method":"email"}]`)
	f.Add(`["config","G-1"]`)
	f.Add(`{"event":`)
	f.Add(`[1,2,3]`)
	f.Fuzz(func(t *testing.T, raw string) {
		ev, ok := EventFromPush(Push{Step: NoStep, Value: json.RawMessage(raw)})
		if !ok {
			return
		}
		if ev.Name == "" || ev.Source != SourceDataLayer {
			t.Fatalf("accepted push %q gave event %+v", raw, ev)
		}
		// The event goes through the checks without trouble.
		j := newsletterJourney("")
		_ = Check(testSpec(), &j, &Observation{Events: []Event{ev}}, Options{})
	})
}

func FuzzCheckHit(f *testing.F) {
	f.Add("&en=newsletter_signup&ep.form_location=footer", "")
	f.Add("&cu=EUR", "en=purchase&ep.transaction_id=T-1&epn.value=x&pr1=~~~&up.a=+44 20 7946 0958")
	f.Fuzz(func(t *testing.T, query, body string) {
		j := purchaseJourney()
		obs := &Observation{Journey: j.Name, Steps: []Step{{Index: 0}, {Index: 1}}}
		h, err := decodeForFuzz(baseHit+query, body)
		if err != nil {
			return
		}
		obs.Events = EventsFromHit(h, 0, 0, "")
		fs := Check(testSpec(), &j, obs, Options{})
		for _, f := range fs {
			if f.Rule == "" || f.Message == "" {
				t.Fatalf("empty finding %+v", f)
			}
		}
	})
}
