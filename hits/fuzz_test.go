package hits

import (
	"maps"
	"net/url"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/tagspec/tagspec/internal/fuzzbudget"
)

func FuzzDecode(f *testing.F) {
	files, _ := filepath.Glob("testdata/samples/*.hit")
	for _, file := range files {
		m, u, b := readSample(f, file)
		f.Add(m, u, b)
	}
	f.Add("GET", "https://x.test/g/collect?v=2&en=a&pr1=id~~~nm", []byte(nil))
	f.Add("POST", "https://x.test/g/collect?v=2&gcd=1&gcs=G1", []byte("\r\n\r\nen=%"))
	f.Fuzz(func(t *testing.T, method, rawURL string, body []byte) {
		fuzzbudget.Run(t, []any{method, rawURL, body}, func() {
			h, err := Decode(method, rawURL, body, sampleTime)
			if err != nil {
				if _, ok := err.(*Error); !ok {
					t.Fatalf("error %T is not *Error: %v", err, err)
				}
				if err.Error() == "" {
					t.Fatal("empty error message")
				}
				return
			}
			if len(h.Events) == 0 {
				t.Fatal("decoded hit has no events")
			}
			for _, e := range h.Events {
				if e.Name == "" {
					t.Fatal("event without a name")
				}
			}
			again, err := Decode(method, rawURL, body, sampleTime)
			if err != nil || !reflect.DeepEqual(h, again) {
				t.Fatal("decoding is not deterministic")
			}
		})
	})
}

// escapeItemValue escapes a value the way a sender does before joining
// item tokens with "~".
func escapeItemValue(v string) string { return strings.ReplaceAll(v, "~", "~~") }

func FuzzSplitTilde(f *testing.F) {
	f.Add("idA", "nm~B", "~")
	f.Add("", "~~", "x~")
	f.Fuzz(func(t *testing.T, a, b, c string) {
		fuzzbudget.Run(t, []any{a, b, c}, func() {
			// Tokens start with a two-letter code, so none is empty and none
			// starts with "~" (a value may).
			toks := []string{"id" + a, "nm" + b, "va" + c}
			var parts []string
			for _, tok := range toks {
				parts = append(parts, escapeItemValue(tok))
			}
			got := splitTilde(strings.Join(parts, "~"))
			if !reflect.DeepEqual(got, toks) {
				t.Fatalf("splitTilde(join(escape(%q))) = %q", toks, got)
			}
		})
	})
}

func FuzzIsCollect(f *testing.F) {
	f.Add("https://www.google-analytics.com/g/collect?v=2", "*.example.test/*")
	f.Add("http://[::1]:80/g/collect?v=2", "")
	f.Add("a://@/?v=2", "*")
	f.Fuzz(func(t *testing.T, rawURL, pattern string) {
		fuzzbudget.Run(t, []any{rawURL, pattern}, func() {
			_ = IsCollect(rawURL, []string{pattern})
			_ = MatchPattern(pattern, rawURL)
		})
	})
}

// splitTildeReference is the straightforward splitter the tests compare
// nextToken against.
func splitTildeReference(s string) []string {
	if strings.IndexByte(s, '~') < 0 {
		return []string{s}
	}
	var out []string
	var b strings.Builder
	start := 0
	escaped := false
	for i := 0; i < len(s); i++ {
		if s[i] != '~' {
			continue
		}
		if i+1 < len(s) && s[i+1] == '~' {
			b.WriteString(s[start : i+1])
			i++
			start = i + 1
			escaped = true
			continue
		}
		if escaped {
			b.WriteString(s[start:i])
			out = append(out, b.String())
			b.Reset()
			escaped = false
		} else {
			out = append(out, s[start:i])
		}
		start = i + 1
	}
	if escaped {
		b.WriteString(s[start:])
		out = append(out, b.String())
	} else {
		out = append(out, s[start:])
	}
	return out
}

func FuzzSplitTildeMatchesReference(f *testing.F) {
	f.Add("idA~~~nmB~~~~")
	f.Add("~")
	f.Fuzz(func(t *testing.T, s string) {
		fuzzbudget.Run(t, s, func() {
			if got, want := splitTilde(s), splitTildeReference(s); !reflect.DeepEqual(got, want) {
				t.Fatalf("splitTilde(%q) = %q, reference %q", s, got, want)
			}
		})
	})
}

// referenceEvents decodes a hit the slow, obvious way: net/url unescaping,
// a map per event with the body line's keys overriding the URL's. It
// returns each event as "name|key=value|..." over its ep./epn. keys in
// sorted order, or nil when the hit does not decode.
func referenceEvents(rawURL string, body []byte) []string {
	q := ""
	if i := strings.IndexByte(rawURL, '?'); i >= 0 {
		q = rawURL[i+1:]
	}
	if i := strings.IndexByte(q, '#'); i >= 0 {
		q = q[:i]
	}
	parse := func(s string) (map[string]string, []string, bool) {
		m := map[string]string{}
		var order []string
		for _, kv := range strings.Split(s, "&") {
			if kv == "" {
				continue
			}
			k, v, _ := strings.Cut(kv, "=")
			dk, err1 := url.QueryUnescape(k)
			dv, err2 := url.QueryUnescape(v)
			if err1 != nil || err2 != nil {
				return nil, nil, false
			}
			if _, seen := m[dk]; !seen {
				order = append(order, dk)
			}
			m[dk] = dv
		}
		return m, order, true
	}
	shared, _, ok := parse(q)
	if !ok {
		return nil
	}
	render := func(m map[string]string) string {
		var keys []string
		for k := range m {
			if strings.HasPrefix(k, "ep.") || strings.HasPrefix(k, "epn.") {
				keys = append(keys, k)
			}
		}
		slices.Sort(keys)
		out := m["en"]
		for _, k := range keys {
			out += "|" + k + "=" + m[k]
		}
		return out
	}
	if len(strings.TrimSpace(string(body))) == 0 {
		return []string{render(shared)}
	}
	var out []string
	for _, l := range strings.Split(string(body), "\n") {
		l = strings.TrimRight(l, "\r")
		if strings.TrimSpace(l) == "" {
			continue
		}
		own, _, ok := parse(l)
		if !ok {
			return nil
		}
		m := maps.Clone(shared)
		maps.Copy(m, own)
		out = append(out, render(m))
	}
	return out
}

// FuzzDecodeMatchesReference checks the optimised decoder against the
// obvious one on hits whose keys are unique within the URL and each line.
func FuzzDecodeMatchesReference(f *testing.F) {
	f.Add("en=a&ep.x=1&tid=G-1", "")
	f.Add("tid=G-1&ep.shared=s", "en=a&ep.x=%20y\r\nen=b&ep.shared=t&epn.v=2\r\n")
	f.Add("en=a", "\n\nen=b&ep.q=c+d\n")
	f.Fuzz(func(t *testing.T, query, body string) {
		fuzzbudget.Run(t, []any{query, body}, func() {
			rawURL := "https://www.google-analytics.com/g/collect?v=2&" + query
			// A '#' in query starts the URL's fragment: the keys are
			// those before it ("ep.&ep.#0" holds "ep." twice).
			if q, _, _ := strings.Cut(query, "#"); hasDuplicateKeys(q) {
				return
			}
			for _, l := range strings.Split(body, "\n") {
				if hasDuplicateKeys(strings.TrimRight(l, "\r")) {
					return
				}
			}
			h, err := Decode("POST", rawURL, []byte(body), sampleTime)
			want := referenceEvents(rawURL, []byte(body))
			if err != nil {
				return // the reference has no notion of a missing name or a bad item index
			}
			var got []string
			for _, e := range h.Events {
				var keys []string
				vals := map[string]string{}
				for _, p := range e.Params {
					k := "ep." + p.Name
					if p.Type == TypeNumber {
						k = "epn." + p.Name
					}
					keys = append(keys, k)
					vals[k] = p.Value
				}
				slices.Sort(keys)
				s := e.Name
				for _, k := range keys {
					s += "|" + k + "=" + vals[k]
				}
				got = append(got, s)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("Decode gave %q\nreference  %q", got, want)
			}
		})
	})
}

func hasDuplicateKeys(s string) bool {
	seen := map[string]bool{}
	for _, kv := range strings.Split(s, "&") {
		if kv == "" {
			continue
		}
		k, _, _ := strings.Cut(kv, "=")
		if dk, err := url.QueryUnescape(k); err == nil {
			k = dk
		}
		if k == "v" || seen[k] {
			return true
		}
		seen[k] = true
	}
	return false
}
