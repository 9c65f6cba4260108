package hits

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"
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
}

// escapeItemValue escapes a value the way a sender does before joining
// item tokens with "~".
func escapeItemValue(v string) string { return strings.ReplaceAll(v, "~", "~~") }

func FuzzSplitTilde(f *testing.F) {
	f.Add("idA", "nm~B", "~")
	f.Add("", "~~", "x~")
	f.Fuzz(func(t *testing.T, a, b, c string) {
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
}

func FuzzIsCollect(f *testing.F) {
	f.Add("https://www.google-analytics.com/g/collect?v=2", "*.example.test/*")
	f.Add("http://[::1]:80/g/collect?v=2", "")
	f.Add("a://@/?v=2", "*")
	f.Fuzz(func(t *testing.T, rawURL, pattern string) {
		_ = IsCollect(rawURL, []string{pattern})
		_ = MatchPattern(pattern, rawURL)
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
		if got, want := splitTilde(s), splitTildeReference(s); !reflect.DeepEqual(got, want) {
			t.Fatalf("splitTilde(%q) = %q, reference %q", s, got, want)
		}
	})
}
