package examplesite

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tagspec/tagspec/lint"
	"github.com/tagspec/tagspec/spec"
	"github.com/tagspec/tagspec/starters"
)

func TestSpecIsCleanAndMatchesSite(t *testing.T) {
	s, diags, err := spec.Parse("example.yaml", Spec())
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range diags {
		t.Errorf("loader: %s", d)
	}
	for _, d := range lint.Check(s) {
		t.Errorf("lint: %s", d)
	}
	if s.MeasurementID != MeasurementID {
		t.Errorf("measurement_id = %q, want %q (the id the pages send)", s.MeasurementID, MeasurementID)
	}
	h := Handler(nil)
	for _, j := range s.Journeys {
		paths := []string{j.Start}
		for _, st := range j.Steps {
			if st.Kind == spec.StepVisit {
				paths = append(paths, st.URL)
			}
		}
		for _, p := range paths {
			if code := get(t, h, p).StatusCode; code != http.StatusOK {
				t.Errorf("journey %q: %s answers %d", j.Name, p, code)
			}
		}
	}
}

func get(t *testing.T, h http.Handler, path string) *http.Response {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, "http://example.test"+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	rec := &recorder{header: http.Header{}, code: http.StatusOK}
	h.ServeHTTP(rec, req)
	return &http.Response{StatusCode: rec.code, Header: rec.header, Body: io.NopCloser(strings.NewReader(rec.body.String()))}
}

type recorder struct {
	header http.Header
	code   int
	body   strings.Builder
}

func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) Write(b []byte) (int, error) { return r.body.Write(b) }
func (r *recorder) WriteHeader(code int)        { r.code = code }

func TestPages(t *testing.T) {
	h := Handler(nil)
	cases := []struct {
		path, contentType, contains string
		code                        int
	}{
		{"/", "text/html", `src="/gtag/js?id=G-TAGSPEC01"`, 200},
		{"/pricing", "text/html", `id="plans"`, 200},
		{"/broken/duplicate", "text/html", `data-broken="duplicate"`, 200},
		{"/broken/no-such-page", "", "", 404},
		{"/gtag/js?id=G-TAGSPEC01", "text/javascript", "g/collect", 200},
		{"/media/tour.wav", "audio/wav", "RIFF", 200},
		{"/whitepapers/measuring-micro-conversions.pdf", "application/pdf", "%PDF-", 200},
		{"/gen/199", "text/html", "Generated page 199", 200},
		{"/gen/1000", "", "", 404},
		{"/nowhere", "", "", 404},
	}
	for _, c := range cases {
		t.Run(c.path, func(t *testing.T) {
			resp := get(t, h, c.path)
			if resp.StatusCode != c.code {
				t.Fatalf("status %d, want %d", resp.StatusCode, c.code)
			}
			if c.code != 200 {
				return
			}
			if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, c.contentType) {
				t.Errorf("Content-Type %q, want %s", ct, c.contentType)
			}
			b, _ := io.ReadAll(resp.Body)
			if !strings.Contains(string(b), c.contains) {
				t.Errorf("body does not contain %q", c.contains)
			}
		})
	}
}

func TestTourWAVHeader(t *testing.T) {
	b := tourWAV
	if string(b[0:4]) != "RIFF" || string(b[8:16]) != "WAVEfmt " || string(b[36:40]) != "data" {
		t.Fatalf("bad RIFF/WAVE framing: % x", b[:44])
	}
	if len(b) != 44+80000 {
		t.Fatalf("length %d, want %d (10 s of 8 kHz 8-bit mono)", len(b), 44+80000)
	}
}

func TestServeHangEndsOnClose(t *testing.T) {
	srv, err := Serve(t.Context(), "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, srv.URL+"/hang", nil)
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		done <- err
	}()
	time.Sleep(100 * time.Millisecond)
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("a request to /hang outlived the server")
	}
}

// TestStarterPages checks that every page a starter template's journeys
// open exists on the example site (the browser tests crawl them).
func TestStarterPages(t *testing.T) {
	h := Handler(nil)
	for _, name := range starters.Names() {
		src, err := starters.Get(name)
		if err != nil {
			t.Fatal(err)
		}
		s, _, err := spec.Parse(name+".yaml", src)
		if err != nil {
			t.Fatal(err)
		}
		for _, j := range s.Journeys {
			paths := []string{j.Start}
			for _, st := range j.Steps {
				if st.Kind == spec.StepVisit {
					paths = append(paths, st.URL)
				}
			}
			for _, p := range paths {
				if code := get(t, h, p).StatusCode; code != http.StatusOK {
					t.Errorf("%s: journey %q opens %s, which answers %d", name, j.Name, p, code)
				}
			}
		}
	}
}

// TestCloseRacesContext ends a server through its context and through
// Close at the same moment, many times: Close must be safe to call from
// both (it once closed its quit channel twice and panicked).
func TestCloseRacesContext(t *testing.T) {
	for range 50 {
		ctx, cancel := context.WithCancel(context.Background())
		s, err := Serve(ctx, "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 2)
		go func() { cancel(); done <- nil }()
		go func() { done <- s.Close() }()
		for range 2 {
			if err := <-done; err != nil {
				t.Fatal(err)
			}
		}
		if err := s.Close(); err != nil {
			t.Fatalf("a second Close: %v", err)
		}
	}
}
