package main

import (
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tagspec/tagspec/benchmark"
	"github.com/tagspec/tagspec/diag"
	"github.com/tagspec/tagspec/ga4export"
	"github.com/tagspec/tagspec/spec"
	"github.com/tagspec/tagspec/starters"
)

// The cases of the check: generated example data with edge cases added,
// and days of a more realistic site model, for two different specs.
var cases = []struct {
	name    string
	starter string
	gen     func(ctx context.Context, s *spec.Spec, dir string) (stats, error)
}{
	{"example-ecommerce", "ecommerce", genExample},
	{"realistic-b2b-saas", "b2b-saas", genRealistic},
	{"realistic-ecommerce", "ecommerce", genRealistic},
}

// stats counts what a case holds, so the script can show that its edge
// cases are really in the data.
type stats map[string]int

func (s stats) String() string {
	keys := make([]string, 0, len(s))
	for k := range s {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s=%d", k, s[k]))
	}
	return strings.Join(parts, " ")
}

func runGen(ctx context.Context, args []string, stderr io.Writer) error {
	if len(args) != 1 {
		return fmt.Errorf("usage: bqcheck gen DIR")
	}
	for _, c := range cases {
		data, err := starters.Get(c.starter)
		if err != nil {
			return err
		}
		s, diags, err := spec.Parse(c.starter+".yaml", data)
		if err != nil {
			return err
		}
		if diag.HasErrors(diags) {
			return fmt.Errorf("starter %s: %v", c.starter, diags)
		}
		dir := filepath.Join(args[0], c.name)
		if err := os.MkdirAll(filepath.Join(dir, "json"), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, "spec.yaml"), data, 0o644); err != nil {
			return err
		}
		st, err := c.gen(ctx, s, filepath.Join(dir, "json"))
		if err != nil {
			return fmt.Errorf("%s: %w", c.name, err)
		}
		if err := parquetTwin(ctx, filepath.Join(dir, "json"), filepath.Join(dir, "parquet")); err != nil {
			return fmt.Errorf("%s: %w", c.name, err)
		}
		fmt.Fprintf(stderr, "bqcheck gen: %s (%s starter): %s\n", c.name, c.starter, st)
	}
	return nil
}

func hash(s string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(s))
	return h.Sum32()
}

// genExample writes benchmark.ExampleEvents' rows for the spec, one NDJSON
// file per day, after changing some rows into the awkward shapes real
// exports hold.
func genExample(ctx context.Context, s *spec.Spec, dir string) (stats, error) {
	st := stats{}
	var (
		f       *os.File
		jw      *ga4export.JSONWriter
		date    string
		i, k    int
		lastTx  string
		started = map[string]string{} // session -> first date
	)
	closeDay := func() error {
		if f == nil {
			return nil
		}
		if err := jw.Flush(); err != nil {
			return err
		}
		return f.Close()
	}
	err := benchmark.ExampleEvents(ctx, s, nil, benchmark.ExampleOptions{Days: 8, Users: 2200, Seed: 13}, func(ev *ga4export.Event) error {
		if ev.Date != date {
			if err := closeDay(); err != nil {
				return err
			}
			var err error
			if f, err = os.Create(filepath.Join(dir, "events_"+ev.Date+".json")); err != nil {
				return err
			}
			jw, date = ga4export.NewJSONWriter(f), ev.Date
		}
		i++
		row := *ev
		row.Params = slices.Clone(ev.Params)
		skey := fmt.Sprintf("%s/%d", row.UserPseudoID, row.SessionID)
		if d, ok := started[skey]; !ok {
			started[skey] = row.Date
		} else if d != row.Date {
			st["rows of sessions crossing midnight"]++
		}
		sid := slices.IndexFunc(row.Params, func(p ga4export.Param) bool { return p.Key == "ga_session_id" })
		switch {
		case hash(row.UserPseudoID)%10 == 0 && sid >= 0:
			row.Params[sid] = ga4export.Param{Key: "ga_session_id", Kind: ga4export.ValueString, String: strconv.FormatInt(row.Params[sid].Int, 10)}
			st["ga_session_id as string"]++
		case i%97 == 0 && sid >= 0:
			row.Params = slices.Delete(row.Params, sid, sid+1)
			st["ga_session_id missing"]++
		case i%89 == 0:
			row.UserPseudoID = ""
			st["user_pseudo_id empty"]++
		case i%211 == 0 && sid >= 0:
			// An unreadable ga_session_id before the real one.
			row.Params = slices.Insert(row.Params, 0, ga4export.Param{Key: "ga_session_id", Kind: ga4export.ValueString, String: ""})
			st["ga_session_id unreadable, then readable"]++
		case i%223 == 0 && sid >= 0:
			// Hex: BigQuery's CAST reads it, tagspec's reader does not.
			row.Params[sid] = ga4export.Param{Key: "ga_session_id", Kind: ga4export.ValueString, String: "0x" + strconv.FormatInt(row.Params[sid].Int, 16)}
			st["ga_session_id as hex string"]++
		case i%227 == 0 && sid >= 0:
			row.Params[sid] = ga4export.Param{Key: "ga_session_id", Kind: ga4export.ValueString, String: " " + strconv.FormatInt(row.Params[sid].Int, 10) + " "}
			st["ga_session_id with spaces"]++
		}
		if row.Name == "purchase" {
			k++
			switch {
			case k%7 == 0:
				row.TransactionID = ""
				st["purchase without transaction id"]++
			case k%11 == 0:
				row.TransactionID = "(not set)"
				st["purchase with (not set)"]++
			case k%13 == 0 && lastTx != "":
				row.TransactionID = lastTx
				st["purchase with a duplicated transaction id"]++
			case k%17 == 0:
				row.Params = append(row.Params, ga4export.Param{Key: "transaction_id", Kind: ga4export.ValueString, String: row.TransactionID})
				row.TransactionID = ""
				st["purchase with transaction_id as event param"]++
			case k%19 == 0:
				row.Params = append(row.Params, ga4export.Param{Key: "transaction_id", Kind: ga4export.ValueInt, Int: int64(100000 + k)})
				row.TransactionID = ""
				st["purchase with transaction_id as int param"]++
			}
			lastTx = row.TransactionID
		}
		st["rows"]++
		return jw.Write(&row)
	})
	if err != nil {
		return nil, err
	}
	return st, closeDay()
}

// The NDJSON row shape of the realistic case: the export's columns as
// BigQuery writes them (INT64 as strings, nulls where unset).
type (
	jsonValue struct {
		StringValue *string  `json:"string_value"`
		IntValue    *string  `json:"int_value"`
		FloatValue  *float64 `json:"float_value"`
		DoubleValue *float64 `json:"double_value"`
	}
	jsonParam struct {
		Key   string    `json:"key"`
		Value jsonValue `json:"value"`
	}
	jsonEcommerce struct {
		TransactionID   *string  `json:"transaction_id,omitempty"`
		PurchaseRevenue *float64 `json:"purchase_revenue,omitempty"`
	}
	jsonRow struct {
		EventDate      string         `json:"event_date"`
		EventTimestamp string         `json:"event_timestamp"`
		EventName      string         `json:"event_name"`
		EventParams    []jsonParam    `json:"event_params"`
		UserPseudoID   *string        `json:"user_pseudo_id"`
		Ecommerce      *jsonEcommerce `json:"ecommerce"`
		Platform       string         `json:"platform"`
		Device         struct {
			Category string `json:"category"`
		} `json:"device"`
		Geo struct {
			Country string `json:"country"`
		} `json:"geo"`
		TrafficSource *jsonTraffic `json:"traffic_source,omitempty"`
	}
	// jsonTraffic is the user's first-touch traffic source.
	jsonTraffic struct {
		Name   string `json:"name"`
		Medium string `json:"medium"`
		Source string `json:"source"`
	}
)

// firstTouch are the traffic sources the realistic users first came from.
var firstTouch = []jsonTraffic{
	{"(organic)", "organic", "google"}, {"(direct)", "(none)", "(direct)"}, {"spring_sale", "email", "newsletter"},
	{"brand_search", "cpc", "google"}, {"(referral)", "referral", "facebook.com"},
}

func str(s string) *string { return &s }

func intParam(key string, n int64) jsonParam {
	return jsonParam{Key: key, Value: jsonValue{IntValue: str(strconv.FormatInt(n, 10))}}
}

func strParam(key, s string) jsonParam {
	return jsonParam{Key: key, Value: jsonValue{StringValue: str(s)}}
}

// genRealistic writes six days of a site model of its own: a user pool
// with returning visitors and several sessions a day, sessions that walk
// the spec's funnels (sometimes out of order, sometimes repeating a step),
// other spec events at modest rates, engagement rows between them, and the
// shapes real exports hold: consent-denied rows without user_pseudo_id,
// server-side rows without ga_session_id, ga_session_id sent as a string,
// ties between timestamps, sessions crossing midnight, purchases whose
// transaction id is "(not set)", empty, only in event_params, or
// duplicated. Rows of a day are written in no particular order.
func genRealistic(ctx context.Context, s *spec.Spec, dir string) (stats, error) {
	seed := uint64(hash(s.Name))
	r := rand.New(rand.NewPCG(seed, 0x7a95))
	st := stats{}
	start := time.Date(2025, 5, 29, 0, 0, 0, 0, time.UTC)
	const days, users = 6, 1400
	byDate := map[string][]jsonRow{}
	var names []string
	macro := map[string]bool{}
	for i := range s.Events {
		names = append(names, s.Events[i].Name)
		macro[s.Events[i].Name] = s.Events[i].IsMacro()
	}
	seen := map[int]bool{}
	sessionNumber := map[int]int64{}
	lastTx := ""
	for d := 0; d < days; d++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		day := start.AddDate(0, 0, d)
		for u := 0; u < users; u++ {
			if r.Float64() >= 0.18 {
				continue
			}
			user := fmt.Sprintf("%d.%d", 1000000000+u*7919, 1716900000+u*13)
			stringID := u%20 == 3
			mobile := u%3 == 0
			for range 1 + r.IntN(2) {
				consentDenied := r.Float64() < 0.015
				var startAt time.Time
				if r.Float64() < 0.05 {
					startAt = day.Add(24*time.Hour - time.Duration(1+r.IntN(600))*time.Second) // crosses midnight
				} else {
					startAt = day.Add(time.Duration(r.IntN(86400)) * time.Second)
				}
				sid := startAt.Unix()
				sessionNumber[u]++
				t := startAt.UnixMicro() + int64(r.IntN(1000000))
				var rows []jsonRow
				add := func(name string, extra ...jsonParam) {
					if r.Float64() < 0.04 && len(rows) > 0 {
						st["timestamp ties"]++ // same microsecond as the previous row
					} else {
						t += int64(1+r.IntN(120))*1_000_000 + int64(r.IntN(1000000))
					}
					row := jsonRow{
						EventDate:      time.UnixMicro(t).UTC().Format("20060102"),
						EventTimestamp: strconv.FormatInt(t, 10),
						EventName:      name,
						Platform:       "WEB",
					}
					row.Device.Category = map[bool]string{true: "mobile", false: "desktop"}[mobile]
					row.Geo.Country = "Germany"
					if u%11 != 5 { // a few users without a traffic_source record
						row.TrafficSource = &firstTouch[u%len(firstTouch)]
					}
					switch {
					case consentDenied:
						st["consent-denied rows (no user_pseudo_id)"]++
						if r.Float64() < 0.5 {
							row.EventParams = append(row.EventParams, intParam("ga_session_id", sid))
						}
					case r.Float64() < 0.004:
						st["rows without ga_session_id"]++
						row.UserPseudoID = str(user)
					default:
						row.UserPseudoID = str(user)
						if stringID {
							row.EventParams = append(row.EventParams, strParam("ga_session_id", strconv.FormatInt(sid, 10)))
							st["rows with ga_session_id as string"]++
						} else {
							row.EventParams = append(row.EventParams, intParam("ga_session_id", sid))
						}
					}
					row.EventParams = append(row.EventParams, intParam("ga_session_number", sessionNumber[u]),
						strParam("page_location", "https://www.example.com/"+name),
						intParam("engagement_time_msec", int64(r.IntN(30000))))
					if r.Float64() < 0.5 {
						row.EventParams = append(row.EventParams, strParam("session_engaged", "1"))
					} else {
						row.EventParams = append(row.EventParams, intParam("session_engaged", 1))
					}
					row.EventParams = append(row.EventParams, extra...)
					if name == "purchase" {
						v := float64(20+r.IntN(200)) + 0.99
						tx := fmt.Sprintf("T-%d-%d", sid, r.IntN(1000))
						row.Ecommerce = &jsonEcommerce{PurchaseRevenue: &v}
						switch x := r.IntN(12); {
						case x == 0:
							row.Ecommerce.TransactionID = str("(not set)")
							st["purchases (not set)"]++
						case x == 1:
							row.EventParams = append(row.EventParams, strParam("transaction_id", tx))
							st["purchases with transaction_id only as event param"]++
						case x == 2 && lastTx != "":
							row.Ecommerce.TransactionID = str(lastTx)
							st["purchases with a duplicated transaction id"]++
						case x == 3:
							row.Ecommerce.TransactionID = str("")
							st["purchases with an empty transaction id"]++
						case x == 4:
							row.Ecommerce.TransactionID = str("")
							row.EventParams = append(row.EventParams, strParam("transaction_id", tx))
							st["purchases with an empty ecommerce id and the id as event param"]++
						default:
							row.Ecommerce.TransactionID = str(tx)
							lastTx = tx
						}
						row.EventParams = append(row.EventParams, jsonParam{Key: "value", Value: jsonValue{DoubleValue: &v}})
					} else if r.Float64() < 0.3 {
						row.Ecommerce = &jsonEcommerce{}
					}
					rows = append(rows, row)
				}
				if !seen[u] {
					seen[u] = true
					add("first_visit")
				}
				add("session_start")
				add("page_view", intParam("entrances", 1))
				lift := 0.0
				done := map[string]bool{}
				emit := func(name string) {
					add(name)
					done[name] = true
					if !macro[name] {
						lift++
					}
					if r.Float64() < 0.3 {
						add("user_engagement")
					}
					if r.Float64() < 0.1 {
						add(name) // the same event again later in the session
					}
				}
				for _, f := range s.Funnels {
					if r.Float64() >= 0.25 {
						continue
					}
					steps := slices.Clone(f.Steps)
					if len(steps) > 1 && r.Float64() < 0.15 {
						j := r.IntN(len(steps) - 1)
						steps[j], steps[j+1] = steps[j+1], steps[j] // out of order
						st["sessions with funnel steps out of order"]++
					}
					for k, step := range steps {
						if k > 0 && r.Float64() >= 0.55 {
							break
						}
						if !done[step] {
							emit(step)
						}
					}
				}
				for _, n := range names {
					if done[n] {
						continue
					}
					p := 0.06
					if macro[n] {
						p = 0.01 + 0.03*lift
					}
					if r.Float64() < p {
						emit(n)
					}
					if r.Float64() < 0.2 {
						add("page_view")
					}
				}
				add("user_engagement")
				st["sessions"]++
				for _, row := range rows {
					byDate[row.EventDate] = append(byDate[row.EventDate], row)
					st["rows"]++
					if row.EventDate != rows[0].EventDate {
						st["rows of sessions crossing midnight"]++
					}
				}
			}
		}
	}
	for date, rows := range byDate {
		r.Shuffle(len(rows), func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })
		f, err := os.Create(filepath.Join(dir, "events_"+date+".json"))
		if err != nil {
			return nil, err
		}
		enc := json.NewEncoder(f)
		for i := range rows {
			if err := enc.Encode(&rows[i]); err != nil {
				f.Close()
				return nil, err
			}
		}
		if err := f.Close(); err != nil {
			return nil, err
		}
	}
	return st, nil
}

// parquetTwin writes every NDJSON file of src again as Parquet into dst,
// as read by tagspec's NDJSON reader, so the local engine's two readers
// can be compared on the same rows too.
func parquetTwin(ctx context.Context, src, dst string) error {
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return err
	}
	files, err := filepath.Glob(filepath.Join(src, "events_*.json"))
	if err != nil {
		return err
	}
	for _, path := range files {
		out, err := os.Create(filepath.Join(dst, strings.TrimSuffix(filepath.Base(path), ".json")+".parquet"))
		if err != nil {
			return err
		}
		pw := ga4export.NewParquetWriter(out)
		// With the dimension records (device, geo, traffic_source), which
		// a comparison by device or source reads.
		if err := ga4export.ReadEventsFileOptions(ctx, path, ga4export.ReadOptions{Dimensions: true}, pw.Write); err != nil {
			out.Close()
			return err
		}
		if err := pw.Close(); err != nil {
			out.Close()
			return err
		}
		if err := out.Close(); err != nil {
			return err
		}
	}
	return nil
}
