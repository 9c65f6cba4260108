package report

import (
	"net/url"
	"strings"

	"github.com/tagspec/tagspec/hits"
	"github.com/tagspec/tagspec/pii"
	"github.com/tagspec/tagspec/spec"
	"github.com/tagspec/tagspec/validator"
)

// redact masks the personal data that the journey's pii findings are about
// wherever else the report would repeat it: in the findings' page URLs and
// in the captured events (page location, referrer, title, params, user
// properties, items), as found and percent-encoded. The finding messages
// mask it already. A page's own URL, which names the entry, is kept.
func redact(out *Journey, j *spec.Journey) {
	var pairs []string
	seen := map[string]bool{}
	for _, f := range out.Findings {
		t := f.Personal
		if len(t) < 3 || seen[t] {
			continue
		}
		seen[t] = true
		k := pii.None
		if strings.IndexByte(t, '@') > 0 {
			k = pii.Email
		}
		m := pii.Mask(k, t)
		q := url.QueryEscape(t)
		for _, form := range []string{t, q, strings.ReplaceAll(q, "+", "%20"), url.PathEscape(t), url.QueryEscape(q)} {
			if !seen["\x00"+form] {
				seen["\x00"+form] = true
				pairs = append(pairs, form, m)
			}
		}
	}
	if len(pairs) == 0 {
		return
	}
	r := strings.NewReplacer(pairs...)
	keep := func(s string) bool { return s == j.Name || s == j.Start }
	out.Findings = append([]validator.Finding(nil), out.Findings...)
	for i := range out.Findings {
		if f := &out.Findings[i]; !keep(f.Page) {
			f.Page = r.Replace(f.Page)
		}
	}
	evs := make([]validator.Event, len(out.Events))
	copy(evs, out.Events)
	for i := range evs {
		e := &evs[i]
		if !keep(e.Page) {
			e.Page = r.Replace(e.Page)
		}
		e.PageLocation = r.Replace(e.PageLocation)
		e.PageReferrer = r.Replace(e.PageReferrer)
		e.PageTitle = r.Replace(e.PageTitle)
		e.UserID = r.Replace(e.UserID)
		e.URL = r.Replace(e.URL)
		e.Params = replaceParams(e.Params, r)
		e.UserProps = replaceParams(e.UserProps, r)
		if len(e.Items) > 0 {
			items := make([]hits.Item, len(e.Items))
			for k, it := range e.Items {
				items[k] = hits.Item{Index: it.Index, Fields: replaceFields(it.Fields, r), Custom: replaceFields(it.Custom, r)}
			}
			e.Items = items
		}
	}
	out.Events = evs
}

func replaceParams(ps []hits.Param, r *strings.Replacer) []hits.Param {
	if len(ps) == 0 {
		return ps
	}
	out := make([]hits.Param, len(ps))
	for i, p := range ps {
		p.Value = r.Replace(p.Value)
		out[i] = p
	}
	return out
}

func replaceFields(fs []hits.Field, r *strings.Replacer) []hits.Field {
	if len(fs) == 0 {
		return fs
	}
	out := make([]hits.Field, len(fs))
	for i, f := range fs {
		out[i] = hits.Field{Name: f.Name, Value: r.Replace(f.Value)}
	}
	return out
}
