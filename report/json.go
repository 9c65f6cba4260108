package report

import (
	"bytes"
	"encoding/json"
	"io"
	"math"
	"time"

	"github.com/tagspec/tagspec/diag"
	"github.com/tagspec/tagspec/hits"
	"github.com/tagspec/tagspec/validator"
)

// The JSON document:
//
//	{"version", "name", "spec", "base_url", "started", "duration_seconds",
//	"findings": [...], "discovery": {"start", "sitemaps", "found",
//	"checked", "limited", "shard"}, "retries": N, "recorded": true,
//	"journeys": [{"name",
//	"passed", "incomplete", "reason", "page": {"url", "depth", "from", "sitemap", "status"},
//	"attempts", "retried", "steps", "findings": [{"file", "line", "column",
//	"severity", "rule", "message", "step", "page", "event", "param"}],
//	"events": [{"name", "params", "source", "hit", "page", "time"}]}]}
//
// "version" is diag.JSONVersion. Each finding is a diag.JSONFinding, the
// finding object of every command's JSON, without "journey" (the entry it
// is listed under says it); what a finding does not have is left out.
// The top-level "findings" (present when there are any) are the crawl's
// findings that belong to no journey. "file", "line" and "column" are
// where a finding points: the spec declaration it checks, or another file
// (e.g. the --container export). Version 1 documents (no "version") wrote
// "file" as one "file:line:col" string and old rule ids; ReadJSON reads
// both.
//
// "discovery" is present when the crawl discovered the site's pages; the
// pages it checked are the entries of "journeys" that have a "page"
// object (their "name" is the page URL). "retries" is the crawl's
// --retries setting and "attempts" (present when the crawl counted them)
// how many times an entry ran; "retried" gives, for every attempt but the last, why it
// was repeated.
//
// "recorded" is true when the report checks recordings (HAR files, each
// an entry of "journeys") rather than a crawl. "hit" in an event is the
// 1-based number of the GA4 hit that carried it within its entry (the
// events of one batched hit share it); dataLayer events have none.
//
// "step" in a finding or a step is the 1-based step number used in
// messages, or null for what happened before step 1.
// "params" is an object in wire order: numbers for epn. params, strings for
// ep. params, and "items" as an array of objects when the event has items.
// Times are RFC 3339 in UTC.

type jsonDoc struct {
	Version   int                `json:"version"`
	Name      string             `json:"name,omitempty"`
	Spec      string             `json:"spec,omitempty"`
	BaseURL   string             `json:"base_url,omitempty"`
	Started   string             `json:"started,omitempty"`
	Duration  float64            `json:"duration_seconds,omitempty"`
	Findings  []diag.JSONFinding `json:"findings,omitempty"`
	Discovery *jsonDiscovery     `json:"discovery,omitempty"`
	Retries   int                `json:"retries,omitempty"`
	Recorded  bool               `json:"recorded,omitempty"`
	Journeys  []jsonJourney      `json:"journeys"`
}

type jsonDiscovery struct {
	Start    []string `json:"start"`
	Sitemaps []string `json:"sitemaps"`
	Found    int      `json:"found"`
	Checked  int      `json:"checked"`
	Limited  bool     `json:"limited"`
	Shard    string   `json:"shard"`
}

type jsonPage struct {
	URL     string `json:"url"`
	Depth   int    `json:"depth"`
	From    string `json:"from"`
	Sitemap bool   `json:"sitemap"`
	Status  int    `json:"status"`
}

type jsonJourney struct {
	Name       string             `json:"name"`
	Passed     bool               `json:"passed"`
	Incomplete bool               `json:"incomplete,omitempty"`
	Reason     string             `json:"reason,omitempty"`
	Page       *jsonPage          `json:"page,omitempty"`
	Attempts   int                `json:"attempts,omitempty"`
	Retried    []string           `json:"retried,omitempty"`
	Steps      []jsonStep         `json:"steps"`
	Findings   []diag.JSONFinding `json:"findings"`
	Events     []jsonEvent        `json:"events"`
}

type jsonStep struct {
	Step        *int   `json:"step"` // 1-based; null before step 1 (start page, journey-level consent)
	Kind        string `json:"kind"`
	Description string `json:"description"`
	Start       string `json:"start,omitempty"`
	End         string `json:"end,omitempty"`
	Error       string `json:"error,omitempty"`
	Screenshot  string `json:"screenshot,omitempty"`
}

type jsonEvent struct {
	Name   string          `json:"name"`
	Params json.RawMessage `json:"params"`
	Source string          `json:"source"`
	Hit    int             `json:"hit,omitempty"`
	Page   string          `json:"page"`
	Time   string          `json:"time"`
}

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

func writeJSON(w io.Writer, r *Report) error {
	doc := jsonDoc{Version: diag.JSONVersion, Name: r.Name, Spec: r.Spec, BaseURL: r.BaseURL, Started: formatTime(r.Started), Duration: r.Duration.Seconds(),
		Journeys: make([]jsonJourney, 0, len(r.Journeys)), Retries: r.Retries, Recorded: r.Recorded}
	if d := r.Discovery; d != nil {
		doc.Discovery = &jsonDiscovery{Start: nonNil(d.Start), Sitemaps: nonNil(d.Sitemaps), Found: d.Found, Checked: d.Checked, Limited: d.Limited, Shard: d.Shard}
	}
	for _, f := range r.Findings {
		jf := newJSONFinding(f)
		doc.Findings = append(doc.Findings, jf)
	}
	for i := range r.Journeys {
		j := &r.Journeys[i]
		jj := jsonJourney{Name: j.Name, Passed: j.Passed, Incomplete: j.Incomplete, Reason: j.Reason, Retried: j.Retried, Steps: []jsonStep{}, Findings: []diag.JSONFinding{}, Events: []jsonEvent{}}
		if p := j.Page; p != nil {
			jj.Page = &jsonPage{URL: p.URL, Depth: p.Depth, From: p.From, Sitemap: p.Sitemap, Status: p.Status}
		}
		jj.Attempts = j.Attempts
		for _, st := range j.Steps {
			js := jsonStep{Kind: st.Kind, Description: st.Description,
				Start: formatTime(st.Start), End: formatTime(st.End), Error: st.Error, Screenshot: st.Screenshot}
			if st.Index != validator.NoStep {
				n := st.Index + 1
				js.Step = &n
			}
			jj.Steps = append(jj.Steps, js)
		}
		for _, f := range j.Findings {
			jj.Findings = append(jj.Findings, newJSONFinding(f))
		}
		for k := range j.Events {
			e := &j.Events[k]
			je := jsonEvent{Name: e.Name, Params: paramsJSON(&e.Event), Source: string(e.Source), Page: e.Page, Time: formatTime(e.Time)}
			if e.Source == validator.SourceHit && e.Hit >= 0 {
				je.Hit = e.Hit + 1
			}
			jj.Events = append(jj.Events, je)
		}
		doc.Journeys = append(doc.Journeys, jj)
	}
	return diag.EncodeJSON(w, doc)
}

// nonNil turns a nil list into an empty one, so that JSON shows [].
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// newJSONFinding is the JSON object of a finding of the report: the
// shared one, without the journey (the entry the finding is listed under
// names it), with the step of every finding that has one.
func newJSONFinding(f diag.Finding) diag.JSONFinding {
	jf := diag.ToJSON(f)
	jf.Journey = ""
	jf.Step = nil
	if f.Step != validator.NoStep {
		n := f.Step + 1
		jf.Step = &n
	}
	return jf
}

// paramsJSON renders an event's params as a JSON object in wire order.
func paramsJSON(e *hits.Event) json.RawMessage {
	var b bytes.Buffer
	b.WriteByte('{')
	first := true
	key := func(k string) {
		if !first {
			b.WriteByte(',')
		}
		first = false
		writeJSONString(&b, k)
		b.WriteByte(':')
	}
	for _, p := range e.Params {
		key(p.Name)
		writeParamValue(&b, p)
	}
	if len(e.Items) > 0 {
		key("items")
		b.WriteByte('[')
		for i, it := range e.Items {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteByte('{')
			n := 0
			for _, fs := range [][]hits.Field{it.Fields, it.Custom} {
				for _, f := range fs {
					if n > 0 {
						b.WriteByte(',')
					}
					n++
					writeJSONString(&b, f.Name)
					b.WriteByte(':')
					writeJSONString(&b, f.Value)
				}
			}
			b.WriteByte('}')
		}
		b.WriteByte(']')
	}
	b.WriteByte('}')
	return b.Bytes()
}

func writeParamValue(b *bytes.Buffer, p hits.Param) {
	if p.Type == hits.TypeNumber && p.NumberOK && !math.IsInf(p.Number, 0) && !math.IsNaN(p.Number) {
		data, err := json.Marshal(p.Number)
		if err == nil {
			b.Write(data)
			return
		}
	}
	writeJSONString(b, p.Value)
}

func writeJSONString(b *bytes.Buffer, s string) {
	var tmp bytes.Buffer
	enc := json.NewEncoder(&tmp)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	b.Write(bytes.TrimSuffix(tmp.Bytes(), []byte{'\n'}))
}
