package validator

import (
	"encoding/json"
	"slices"
	"strconv"
	"sync"
	"testing"

	"github.com/tagspec/tagspec/hits"
	"github.com/tagspec/tagspec/internal/fuzzbudget"
	"github.com/tagspec/tagspec/pii"
)

// fuzzValidator is the test spec compiled once per fuzzing process:
// compiling its schemas takes hundreds of times as long as checking one
// input (9.5 ms against 23 us on this machine), which kept the fuzzer at a
// few execs a second, and for a minute at a time at none while it
// minimised an input.
var fuzzValidator = sync.OnceValue(func() *Validator { return New(testSpec(), Options{}) })

// freshValidator returns a validator that shares fuzzValidator's compiled
// schemas but remembers nothing yet, so that every input is checked as by
// a new one and a failure reproduces from its input alone.
func freshValidator() *Validator {
	v := fuzzValidator()
	return &Validator{spec: v.spec, opts: v.opts, schemas: v.schemas, invalid: v.invalid, piiAllow: v.piiAllow,
		memo: map[string]memoEntry{}, piiMemo: map[string][]pii.Match{}}
}

func FuzzEventFromPush(f *testing.F) {
	f.Add(`{"event":"generate_lead","value":12.5,"ecommerce":{"items":[{"item_id":"A"}]}}`)
	f.Add(`["event","sign_up",{"method":"email"}]`)
	f.Add(`["config","G-1"]`)
	f.Add(`{"event":`)
	f.Add(`[1,2,3]`)
	f.Fuzz(func(t *testing.T, raw string) {
		fuzzbudget.Run(t, raw, func() {
			p := Push{Step: NoStep, Value: json.RawMessage(raw)}
			ev, ok, err := ReadPush(p)
			if err != nil && (ok || err.Error() == "") {
				t.Fatalf("refused push %q: ok %v, error %q", raw, ok, err)
			}
			if ok && (ev.Name == "" || ev.Source != SourceDataLayer) {
				t.Fatalf("accepted push %q gave event %+v", raw, ev)
			}
			// The push, and its event, go through the checks without
			// trouble: the event's rules and the personal-data scan of
			// the push.
			obs := &Observation{DataLayer: []Push{p}}
			if ok {
				obs.Events = []Event{ev}
			}
			j := newsletterJourney("")
			for _, f := range freshValidator().Check(&j, obs) {
				if f.Rule == "" || f.Message == "" {
					t.Fatalf("empty finding %+v", f)
				}
			}
		})
	})
}

func FuzzCheckHit(f *testing.F) {
	f.Add("&en=newsletter_signup&ep.form_location=footer", "")
	f.Add("&cu=EUR", "en=purchase&ep.transaction_id=T-1&epn.value=x&pr1=~~~&up.a=+44 20 7946 0958")
	f.Fuzz(func(t *testing.T, query, body string) {
		fuzzbudget.Run(t, []any{query, body}, func() {
			j := purchaseJourney()
			obs := &Observation{Journey: j.Name, Steps: []Step{{Index: 0}, {Index: 1}}}
			h, err := decodeForFuzz(baseHit+query, body)
			if err != nil {
				return
			}
			obs.Events = EventsFromHit(h, 0, 0, "")
			fs := freshValidator().Check(&j, obs)
			for _, f := range fs {
				if f.Rule == "" || f.Message == "" {
					t.Fatalf("empty finding %+v", f)
				}
			}
		})
	})
}

// FuzzSchemaPartsAgreeWithWhole checks that judging each param with its
// own part of an event's schema (as Check does, to reuse results) finds
// exactly what validating the whole parameter object at once finds.
func FuzzSchemaPartsAgreeWithWhole(f *testing.F) {
	f.Add("T-1", "87.4", true, "EUR", "2", "true", "AUTUMN", 1)
	f.Add("abc", "-5", false, "GBP", "2.5", "maybe", "AUTUMN-2026-LONG", 0)
	f.Add("", "x", true, "", "", "", "", 250)
	f.Fuzz(func(t *testing.T, txn, value string, valueNumeric bool, currency, qty, gift, coupon string, items int) {
		fuzzbudget.Run(t, []any{txn, value, valueNumeric, currency, qty, gift, coupon, items}, func() {
			if items > 300 || items < 0 {
				return
			}
			v := freshValidator()
			s := v.spec
			sev, _ := s.Event("purchase")
			e := hits.Event{Name: "purchase"}
			add := func(name, val string, numeric bool) {
				if val == "" {
					return
				}
				p := hits.Param{Name: name, Type: hits.TypeString, Value: val}
				if numeric {
					p.Type = hits.TypeNumber
					if n, err := strconv.ParseFloat(val, 64); err == nil {
						p.Number, p.NumberOK = n, true
					}
				}
				e.Params = append(e.Params, p)
			}
			add("transaction_id", txn, false)
			add("value", value, valueNumeric)
			add("quantity_total", qty, true)
			add("gift", gift, false)
			add("coupon", coupon, false)
			if currency != "" {
				e.Shared = []hits.Field{{Name: "cu", Value: currency}}
			}
			for i := 0; i < items; i++ {
				e.Items = append(e.Items, hits.Item{Index: i + 1, Fields: []hits.Field{{Name: "item_id", Value: "A"}}})
			}
			parts, _ := v.validate(sev, &e, nil, nil)
			var whole []schemaProblem
			if err := v.schemas["purchase"].whole.Validate(instance(sev, &e)); err != nil {
				whole = schemaProblems(sev, &e, err, "")
			}
			key := func(ps []schemaProblem) []string {
				var out []string
				for _, p := range ps {
					out = append(out, p.rule+" "+p.param+" "+p.message)
				}
				slices.Sort(out)
				return out
			}
			if a, b := key(parts), key(whole); !slices.Equal(a, b) {
				t.Fatalf("parts found %q\nwhole found %q", a, b)
			}
		})
	})
}
