package examplesite

import (
	"bytes"
	"context"
	"embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/tagspec/tagspec/examplesite/gtagstandin"
)

//go:embed site example.yaml
var files embed.FS

// MeasurementID is the GA4 measurement ID the example pages send hits to.
const MeasurementID = "G-TAGSPEC01"

// GeneratedPages is how many numbered pages the site serves under /gen/
// (/gen/0 to /gen/999), for crawl benchmarks that need a large site.
const GeneratedPages = 1000

// Spec returns the example spec: the journeys, events and consent settings
// that match the example site. Its staging environment points at
// http://127.0.0.1:8080; crawls of a site served by Serve pass the server's
// URL as the base URL instead.
func Spec() []byte {
	b, err := files.ReadFile("example.yaml")
	if err != nil {
		panic("examplesite: example.yaml is not embedded: " + err.Error())
	}
	return b
}

// routes maps clean page paths to their HTML files: the B2B SaaS pages of
// the example spec, and the pages the other starter templates (e-commerce,
// content, lead generation) describe in their header comments.
var routes = map[string]string{
	"/":            "index.html",
	"/pricing":     "pricing.html",
	"/resources":   "resources.html",
	"/product":     "product.html",
	"/demo":        "demo.html",
	"/demo/thanks": "demo-thanks.html",
	"/trial":       "trial.html",

	"/products/merino-tee": "shop/products/merino-tee.html",
	"/products/wool-socks": "shop/products/wool-socks.html",
	"/collections/tees":    "shop/collections/tees.html",
	"/cart":                "shop/cart.html",
	"/checkout":            "shop/checkout.html",

	"/blog/micro-conversions": "blog/micro-conversions.html",
	"/blog/funnel-metrics":    "blog/funnel-metrics.html",
	"/newsletter":             "newsletter-thanks.html",

	"/lp/free-consultation": "lp/free-consultation.html",
	"/contact":              "contact.html",
}

// Options changes what the example site serves. The zero value is the
// site as Handler and Serve serve it: pages that measure themselves.
type Options struct {
	// NoTracking serves every page without tracking code of its own: no
	// boot.js (Google tag snippet) and no tag.js, and site.js sends no
	// event. What remains is the site's behaviour, the consent default and
	// banner (as dataLayer consent commands) and the dataLayer pushes the
	// starter templates ask the site to make, so that a GTM container
	// running on the page (tagspec crawl --container) produces every hit.
	// The /product tour is then the YouTube embed (#demo-video, JS API
	// enabled) the b2b-saas starter describes, instead of the HTML5 video
	// the site measures itself in the default mode.
	NoTracking bool
	// Faults turns on site mistakes in NoTracking mode, for tests that
	// expect their findings: "drop-trial-days" (the trial_started push
	// lacks trial_days) and "analytics-only-consent" (the banner grants
	// analytics_storage only). Faults are sorted by name when served.
	Faults []string
}

// faultNames maps the Options.Faults names to the flags site.js reads.
var faultNames = map[string]string{
	"drop-trial-days":        "dropTrialDays",
	"analytics-only-consent": "analyticsOnlyConsent",
}

// Handler returns the example site as an http.Handler. Requests to /hang
// never finish until the client goes away or quit is closed (a nil quit
// waits for the client only); the never-finishing page uses it.
func Handler(quit <-chan struct{}) http.Handler {
	h, err := NewHandler(quit, Options{})
	if err != nil {
		panic("examplesite: " + err.Error())
	}
	return h
}

// NewHandler is Handler with options. It fails on an unknown fault name or
// on faults without NoTracking.
func NewHandler(quit <-chan struct{}, opts Options) (http.Handler, error) {
	root, err := fs.Sub(files, "site")
	if err != nil {
		return nil, fmt.Errorf("site files are not embedded: %w", err)
	}
	if len(opts.Faults) > 0 && !opts.NoTracking {
		return nil, errors.New("example site: faults need the no-tracking mode")
	}
	flags := make([]string, 0, len(opts.Faults))
	for _, f := range opts.Faults {
		js, ok := faultNames[f]
		if !ok {
			return nil, fmt.Errorf("example site: unknown fault %q (known: analytics-only-consent, drop-trial-days)", f)
		}
		flags = append(flags, js+": true")
	}
	slices.Sort(flags)
	consentPrefix := "window.tagspecSiteFaults = {" + strings.Join(flags, ", ") + "};\n"
	page := func(w http.ResponseWriter, name string) {
		servePage(w, root, name, opts.NoTracking)
	}
	static := http.FileServerFS(root)
	mux := http.NewServeMux()
	mux.HandleFunc("/static/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		if r.URL.Path == "/static/consent.js" {
			b, err := fs.ReadFile(root, "static/consent.js")
			if err != nil || !opts.NoTracking {
				http.NotFound(w, r)
				return
			}
			w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
			_, _ = io.WriteString(w, consentPrefix)
			_, _ = w.Write(b)
			return
		}
		static.ServeHTTP(w, r)
	})
	if !opts.NoTracking {
		mux.HandleFunc("GET "+gtagstandin.Path, serveStandIn)
	}
	mux.HandleFunc("/broken/", func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/broken/")
		page(w, "broken/"+name+".html")
	})
	mux.HandleFunc("/media/tour.wav", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "audio/wav")
		http.ServeContent(w, r, "tour.wav", time.Time{}, bytes.NewReader(tourWAV))
	})
	mux.HandleFunc("/downloads/", servePDF)
	mux.HandleFunc("/whitepapers/", servePDF)
	mux.HandleFunc("/hang", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-quit:
		}
	})
	mux.HandleFunc("/gen/", func(w http.ResponseWriter, r *http.Request) {
		serveGenerated(w, r, opts.NoTracking)
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		name, ok := routes[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		page(w, name)
	})
	return mux, nil
}

// serveStandIn answers gtag.js requests with tagspec's stand-in.
func serveStandIn(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(gtagstandin.Script())
}

// bootScript matches the Google tag snippet and tagspec's tagging script
// in a page's head.
var (
	bootScript = regexp.MustCompile(`<script src="/static/boot\.js"[^>]*></script>`)
	tagScript  = `<script src="/gtag/js?id=G-TAGSPEC01"></script>`
	tourVideo  = regexp.MustCompile(`<video id="demo-video"[^>]*></video>`)
)

// youTubeTour is the product tour as the YouTube embed (JS API enabled) the
// b2b-saas starter describes. Tests answer www.youtube.com/embed/* inside
// the browser with a stand-in player; nothing reaches YouTube.
const youTubeTour = `<iframe id="demo-video" title="Product tour" width="480" height="270" src="https://www.youtube.com/embed/tour0001?enablejsapi=1"></iframe>`

// stripTracking replaces a page's tracking code with the no-tracking
// consent default (static/consent.js), and the product tour's HTML5 video
// (which site.js measures itself) with the YouTube embed a GTM YouTube
// trigger measures.
func stripTracking(b []byte) []byte {
	b = bootScript.ReplaceAllLiteral(b, []byte(`<script src="/static/consent.js"></script>`))
	b = tourVideo.ReplaceAllLiteral(b, []byte(youTubeTour))
	return bytes.ReplaceAll(b, []byte(tagScript), nil)
}

func servePage(w http.ResponseWriter, root fs.FS, name string, noTracking bool) {
	b, err := fs.ReadFile(root, name)
	if err != nil {
		http.Error(w, "page not found", http.StatusNotFound)
		return
	}
	if noTracking {
		b = stripTracking(b)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(b)
}

// servePDF answers every download with the same one-page PDF.
func servePDF(w http.ResponseWriter, r *http.Request) {
	if !strings.HasSuffix(r.URL.Path, ".pdf") {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	_, _ = w.Write(samplePDF)
}

// serveGenerated serves /gen/N: a plain page that loads the tagging script
// and links to its neighbours, for crawl benchmarks.
func serveGenerated(w http.ResponseWriter, r *http.Request, noTracking bool) {
	n, err := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/gen/"))
	if err != nil || n < 0 || n >= GeneratedPages {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	var b bytes.Buffer
	fmt.Fprintf(&b, `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Generated page %d</title>
<script src="/static/boot.js" data-consent="none"></script>
<script src="/gtag/js?id=G-TAGSPEC01"></script></head>
<body><h1>Generated page %d</h1>
<p><a href="/gen/%d">previous</a> <a href="/gen/%d">next</a></p>
<p>%s</p></body></html>
`, n, n, (n+GeneratedPages-1)%GeneratedPages, (n+1)%GeneratedPages, strings.Repeat("Filler text for a realistic page weight. ", 40))
	out := b.Bytes()
	if noTracking {
		out = stripTracking(out)
	}
	_, _ = w.Write(out)
}

// Server is an example site listening on loopback.
type Server struct {
	// URL is the base URL of the site, e.g. http://127.0.0.1:41234.
	URL  string
	srv  *http.Server
	quit chan struct{}
	done chan error

	// closeOnce makes Close safe to call from the context's goroutine and
	// the caller at the same time; closeErr is what every call returns.
	closeOnce sync.Once
	closeErr  error
}

// Serve starts the example site on addr (use "127.0.0.1:0" for a free
// port) and serves it until ctx ends or Close is called.
func Serve(ctx context.Context, addr string) (*Server, error) {
	return ServeOptions(ctx, addr, Options{})
}

// ServeOptions is Serve with options (e.g. the site without tracking code).
func ServeOptions(ctx context.Context, addr string, opts Options) (*Server, error) {
	quit := make(chan struct{})
	h, err := NewHandler(quit, opts)
	if err != nil {
		return nil, err
	}
	return serve(ctx, "example site", addr, h, quit)
}

// serve listens on addr and serves h until ctx ends or Close is called;
// closing quit ends requests that are still waiting. name says which site
// in errors.
func serve(ctx context.Context, name, addr string, h http.Handler, quit chan struct{}) (*Server, error) {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("%s: listen on %s: %w", name, addr, err)
	}
	s := &Server{
		URL:  "http://" + ln.Addr().String(),
		quit: quit,
		done: make(chan error, 1),
	}
	s.srv = &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		err := s.srv.Serve(ln)
		if errors.Is(err, http.ErrServerClosed) {
			err = nil
		}
		s.done <- err
	}()
	go func() {
		select {
		case <-ctx.Done():
			_ = s.Close()
		case <-s.quit:
		}
	}()
	return s, nil
}

// Close stops the server and ends requests that are still waiting.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		select {
		case <-s.quit:
		default:
			close(s.quit)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := s.srv.Shutdown(ctx); err != nil {
			s.closeErr = s.srv.Close()
			return
		}
		s.closeErr = <-s.done
	})
	return s.closeErr
}

// tourWAV is the product tour "video": ten seconds of silent 8 kHz mono PCM
// in a RIFF/WAVE file, which Chromium plays in a <video> element.
var tourWAV = makeWAV(10 * 8000)

func makeWAV(samples int) []byte {
	var b bytes.Buffer
	le := binary.LittleEndian
	b.WriteString("RIFF")
	_ = binary.Write(&b, le, uint32(36+samples))
	b.WriteString("WAVEfmt ")
	_ = binary.Write(&b, le, uint32(16))   // fmt chunk size
	_ = binary.Write(&b, le, uint16(1))    // PCM
	_ = binary.Write(&b, le, uint16(1))    // mono
	_ = binary.Write(&b, le, uint32(8000)) // sample rate
	_ = binary.Write(&b, le, uint32(8000)) // byte rate
	_ = binary.Write(&b, le, uint16(1))    // block align
	_ = binary.Write(&b, le, uint16(8))    // bits per sample
	b.WriteString("data")
	_ = binary.Write(&b, le, uint32(samples))
	b.Write(bytes.Repeat([]byte{0x80}, samples)) // 8-bit PCM silence
	return b.Bytes()
}

// samplePDF is a minimal one-page PDF document.
var samplePDF = []byte("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n" +
	"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
	"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n" +
	"trailer<</Root 1 0 R>>\n%%EOF\n")
