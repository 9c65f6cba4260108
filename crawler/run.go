package crawler

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/tagspec/tagspec/diag"
	"github.com/tagspec/tagspec/discover"
	"github.com/tagspec/tagspec/hits"
	"github.com/tagspec/tagspec/spec"
	"github.com/tagspec/tagspec/validator"
)

// errRunTimeout is the cause of a run context that Options.Timeout ended.
var errRunTimeout = errors.New("crawl timeout")

// config is Options resolved against a spec.
type config struct {
	spec          *spec.Spec
	baseURL       *url.URL
	journeys      []*spec.Journey
	concurrency   int
	timeout       time.Duration
	stepTimeout   time.Duration
	flushQuiet    time.Duration
	screenshotDir string
	initScripts   []string
	intercept     *interceptor
	retries       int
	idleTimeout   time.Duration
	discover      *discover.Options // nil: no page discovery
	shard         Shard
	validator     *validator.Validator // the spec's parameter schemas, compiled once
	now           func() time.Time

	progressMu sync.Mutex
	onProgress func(Progress)
	total      int
	done       int
}

func (c *config) progress(p Progress) {
	if c.onProgress == nil {
		return
	}
	c.progressMu.Lock()
	defer c.progressMu.Unlock()
	p.Total = c.total
	if p.Kind == JourneyFinished {
		c.done++
		p.Done = c.done
	}
	c.onProgress(p)
}

// stepFinished is the progress notice of a finished journey step. An
// expect or expect_none step that ran is judged at once: the validator
// checks what the journey captured so far, and the notice carries the
// error findings of that step, so that live progress says what the final
// report will say about the expectation rather than just "it ran".
func (jr *journeyRun) stepFinished(s validator.Step) Progress {
	p := Progress{Kind: StepFinished, Journey: jr.journey.Name, Index: jr.index, Step: s, Description: jr.describe(s)}
	if jr.cfg.onProgress == nil || s.Error != "" || s.Index < 0 || s.Index >= len(jr.journey.Steps) {
		return p
	}
	jr.cap.mu.Lock()
	raws := slices.Clone(jr.cap.hits)
	pushes := slices.Clone(jr.cap.pushes)
	jr.cap.mu.Unlock()
	so := &validator.Observation{Journey: jr.journey.Name, Steps: slices.Clone(jr.obs.Steps), DataLayer: pushes, Events: buildEvents(raws, pushes)}
	p.Judged = true
	for _, f := range jr.cfg.validator.Check(jr.journey, so) {
		if f.Step == s.Index && f.Severity == spec.SeverityError {
			p.Findings = append(p.Findings, f)
		}
	}
	return p
}

// resolve turns a journey path into an absolute URL on the base URL.
func (c *config) resolve(p string) string {
	if u, err := url.Parse(p); err == nil && u.IsAbs() {
		return p
	}
	ref, err := url.Parse(p)
	if err != nil {
		return strings.TrimRight(c.baseURL.String(), "/") + "/" + strings.TrimLeft(p, "/")
	}
	if !strings.HasPrefix(ref.Path, "/") {
		ref.Path = "/" + ref.Path
	}
	base := *c.baseURL
	// Keep a path prefix of the base URL (https://host/staging/ + /pricing).
	prefix := strings.TrimRight(base.Path, "/")
	ref.Path = prefix + ref.Path
	base.Path, base.RawPath = "", ""
	return base.ResolveReference(ref).String()
}

// BaseURL resolves the site a crawl runs against from the options and
// the spec's environments.
func BaseURL(s *spec.Spec, opts Options) (string, error) {
	raw := opts.BaseURL
	if raw == "" {
		switch {
		case opts.Env != "":
			env, ok := s.Environment(opts.Env)
			if !ok {
				names := make([]string, 0, len(s.Environments))
				for _, e := range s.Environments {
					names = append(names, e.Name)
				}
				return "", fmt.Errorf("environment %q is not in the spec (it has: %s)", opts.Env, strings.Join(names, ", "))
			}
			raw = env.BaseURL
		case len(s.Environments) == 1:
			raw = s.Environments[0].BaseURL
		default:
			return "", errors.New("no base URL: pass --base-url URL or --env NAME")
		}
	}
	if err := CheckBaseURL(raw); err != nil {
		return "", fmt.Errorf("base URL %q: %w", raw, err)
	}
	return raw, nil
}

// CheckBaseURL reports what is wrong with raw as the base URL of a crawl,
// or returns nil: it must be an absolute http or https URL with a host
// name, a port from 1 to 65535 when it names one (not a bare colon), and
// no query or fragment (the journeys' paths would replace them). A path
// is a prefix of every journey path; user information is kept. The error
// says what is wrong without repeating raw.
func CheckBaseURL(raw string) error {
	if !strings.Contains(raw, "://") {
		return errors.New("not an absolute URL: start it with http:// or https:// (e.g. http://127.0.0.1:8080)")
	}
	u, err := url.Parse(raw)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return fmt.Errorf("not a URL: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return errors.New("scheme must be http or https")
	}
	port := u.Port()
	switch {
	case u.Hostname() == "" && strings.Contains(u.Host, ":"):
		return errors.New("no host name before the port (e.g. http://127.0.0.1:8080)")
	case u.Hostname() == "":
		return errors.New("no host name (e.g. https://staging.example.com)")
	case strings.HasSuffix(u.Host, ":"):
		return fmt.Errorf("there is a colon after the host but no port: write the port (%s://%s:8080) or drop the colon", u.Scheme, u.Host[:len(u.Host)-1])
	case port != "":
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
			return fmt.Errorf("port %s is out of range: a port is a number from 1 to 65535", port)
		}
	}
	if i := strings.IndexAny(raw, "?#"); i >= 0 {
		part := "query"
		if raw[i] == '#' {
			part = "fragment"
		}
		return fmt.Errorf("it has a %s (%q), which the journeys' paths would replace: drop it", part, raw[i:])
	}
	return nil
}

func newConfig(s *spec.Spec, opts Options) (*config, error) {
	if s == nil {
		return nil, errors.New("crawler: no spec")
	}
	raw, err := BaseURL(s, opts)
	if err != nil {
		return nil, err
	}
	base, _ := url.Parse(raw)
	c := &config{
		spec:          s,
		baseURL:       base,
		concurrency:   opts.Concurrency,
		timeout:       opts.Timeout,
		stepTimeout:   opts.StepTimeout,
		flushQuiet:    opts.FlushQuiet,
		screenshotDir: opts.ScreenshotDir,
		initScripts:   opts.InitScripts,
		now:           opts.Now,
		onProgress:    opts.Progress,
		retries:       max(opts.Retries, 0),
		idleTimeout:   opts.IdleTimeout,
		shard:         opts.Shard,
	}
	if c.idleTimeout <= 0 {
		c.idleTimeout = DefaultIdleTimeout
	}
	if opts.Discover != nil {
		d := *opts.Discover
		d.Start = nil
		starts := opts.Discover.Start
		if len(starts) == 0 {
			starts = []string{"/"}
		}
		for _, st := range starts {
			d.Start = append(d.Start, c.resolve(st))
		}
		if d.Retries == 0 {
			d.Retries = c.retries
		}
		if d.Timeout == 0 {
			d.Timeout = c.stepTimeout
		}
		c.discover = &d
	}
	vopts := validator.Options{Strict: opts.Strict, MeasurementID: opts.MeasurementID}
	if vopts.MeasurementID == "" && opts.Env != "" {
		if env, ok := s.Environment(opts.Env); ok {
			vopts.MeasurementID = env.MeasurementID
		}
	}
	if c.concurrency <= 0 {
		c.concurrency = DefaultConcurrency
	}
	if c.stepTimeout <= 0 {
		c.stepTimeout = DefaultStepTimeout
	}
	if c.flushQuiet <= 0 {
		c.flushQuiet = DefaultFlushQuiet
		if len(s.Crawl.CollectEndpoints)+len(opts.CollectEndpoints) > 0 {
			c.flushQuiet = endpointFlushQuiet
		}
	}
	if c.now == nil {
		c.now = time.Now
	}
	if len(opts.Journeys) == 0 {
		for i := range s.Journeys {
			c.journeys = append(c.journeys, &s.Journeys[i])
		}
	} else {
		want := map[string]bool{}
		for _, n := range opts.Journeys {
			want[n] = true
		}
		for i := range s.Journeys {
			if want[s.Journeys[i].Name] {
				c.journeys = append(c.journeys, &s.Journeys[i])
				delete(want, s.Journeys[i].Name)
			}
		}
		for _, n := range opts.Journeys {
			if want[n] {
				return nil, fmt.Errorf("journey %q is not in the spec", n)
			}
		}
	}
	if len(c.journeys) == 0 && c.discover == nil {
		return nil, errors.New("the spec has no journeys to crawl (add journeys, or discover the site's pages with --discover)")
	}
	if err := opts.Shard.validate(); err != nil {
		return nil, err
	}
	if !opts.Shard.IsZero() {
		// An empty share is a valid, empty crawl: a CI matrix may have
		// more jobs than the spec has journeys.
		c.journeys = slices.DeleteFunc(c.journeys, func(j *spec.Journey) bool {
			return !opts.Shard.Has(specIndex(s, j))
		})
	}
	c.total = len(c.journeys) // pages are added when discovery ends
	c.validator = validator.New(s, vopts)
	routes, err := loadRoutes(opts.Routes)
	if err != nil {
		return nil, err
	}
	c.intercept = &interceptor{
		collect: append(append([]string(nil), s.Crawl.CollectEndpoints...), opts.CollectEndpoints...),
		block:   append(append([]string(nil), s.Crawl.Block...), opts.Block...),
		routes:  routes,
		forward: opts.Forward,
	}
	return c, nil
}

// specIndex returns the index of j in s.Journeys.
func specIndex(s *spec.Spec, j *spec.Journey) int {
	for i := range s.Journeys {
		if &s.Journeys[i] == j {
			return i
		}
	}
	return -1
}

// Run starts a browser (DefaultBrowser, or BrowserOptions.ExecPath),
// crawls the spec's journeys (see Browser.Crawl) and stops the browser. An error means the crawl could not run at all (bad
// options, no browser: see BrowserError); problems on the site are
// findings in the result.
func Run(ctx context.Context, s *spec.Spec, opts Options) (*Result, error) {
	if _, err := newConfig(s, opts); err != nil {
		return nil, err
	}
	if opts.Timeout > 0 {
		// The timeout bounds the whole run, the browser's start included.
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeoutCause(ctx, opts.Timeout, errRunTimeout)
		defer cancel()
	}
	b, err := StartBrowser(ctx, opts.Browser)
	if err != nil {
		if errors.Is(context.Cause(ctx), errRunTimeout) {
			// The run's time was up before the browser answered: every
			// journey is reported incomplete, as for any timeout, and the
			// reports are written. A browser with no tab opens none.
			return (&Browser{}).Crawl(ctx, s, opts)
		}
		return nil, err
	}
	defer b.Close()
	return b.Crawl(ctx, s, opts)
}

// Crawl runs the journeys of s on this browser, each in its own browser
// context, at most Options.Concurrency at a time, and returns the result:
// journeys in spec order, each with its steps, captured events and the
// validator's findings. When Options.Timeout expires, the journeys that
// finished are returned as they are and the others as incomplete;
// cancelling ctx (tagspec crawl does on Ctrl-C or SIGTERM) stops them the
// same way, and the incomplete journeys say why.
func (b *Browser) Crawl(ctx context.Context, s *spec.Spec, opts Options) (*Result, error) {
	started := time.Now()
	if opts.Now != nil {
		started = opts.Now()
	}
	res, err := b.observe(ctx, s, opts, true)
	if err != nil {
		return nil, err
	}
	r := &Result{
		Spec:     s,
		BaseURL:  res.cfg.baseURL.String(),
		Started:  started,
		Journeys: append(res.journeys, res.pages...),
		Retries:  res.cfg.retries,
	}
	if site := res.site; res.cfg.discover != nil {
		if site == nil {
			// The run ended before discovery did.
			site = &discover.Result{}
		}
		r.Discovery = &Discovery{
			Start:    res.cfg.discover.Start,
			Sitemaps: site.Sitemaps,
			Found:    len(site.Pages),
			Checked:  len(res.pages),
			Limited:  site.Limited,
			Shard:    res.cfg.shard,
		}
		// A sitemap that cannot be read hides pages from every crawl that
		// relies on it: a warning of the run.
		for _, p := range site.SitemapProblems {
			r.Findings = append(r.Findings, validator.Finding{Rule: RuleSitemap, Severity: spec.SeverityWarning,
				Step: validator.NoStep, EventIndex: -1, Message: "sitemap not used: " + p})
		}
	}
	r.Duration = res.cfg.now().Sub(started)
	return r, nil
}

// judgeJourney judges one observation.
func judgeJourney(v *validator.Validator, j *spec.Journey, o *validator.Observation) JourneyResult {
	findings := v.Check(j, o)
	return JourneyResult{Observation: o, Spec: j, Findings: findings, Passed: !diag.HasErrors(findings) && !o.Incomplete}
}

// Observe runs the journeys and returns the raw observations, in the order
// of the resolved journeys, without judging them.
func (b *Browser) Observe(ctx context.Context, s *spec.Spec, opts Options) ([]*validator.Observation, error) {
	res, err := b.observe(ctx, s, opts, false)
	if err != nil {
		return nil, err
	}
	return res.obs, nil
}

// observed is what observe returns: per journey, in run order, the
// observation, the raw hits and (when judged) the result; then the
// discovered pages.
type observed struct {
	cfg      *config
	obs      []*validator.Observation
	raws     [][]rawHit
	journeys []JourneyResult
	// pageErrors are the uncaught page exceptions of each journey.
	pageErrors [][]validator.Finding
	// attempts and retried say how often each journey ran and why it was
	// repeated.
	attempts []int
	retried  [][]string
	// site is what discovery found (nil without discovery); pages are
	// the checked pages of this shard, sorted by URL.
	site  *discover.Result
	pages []JourneyResult
}

// task is one unit of work for the crawl's workers: a journey (page <
// 0) or a discovered page.
type task struct {
	journey int
	page    *discover.Page
	index   int // index of the page in observed.pages
}

// observe runs the journeys and, with discovery, checks the site's pages.
// With judge set (or a progress callback) each journey is validated as
// soon as it ends. Journeys start in spec order while discovery runs;
// pages follow in URL order once it has ended.
func (b *Browser) observe(ctx context.Context, s *spec.Spec, opts Options, judge bool) (*observed, error) {
	cfg, err := newConfig(s, opts)
	if err != nil {
		return nil, err
	}
	runCtx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	if cfg.timeout > 0 {
		var stop context.CancelFunc
		runCtx, stop = context.WithTimeoutCause(runCtx, cfg.timeout, errRunTimeout)
		defer stop()
	}
	n := len(cfg.journeys)
	res := &observed{cfg: cfg, obs: make([]*validator.Observation, n), raws: make([][]rawHit, n), journeys: make([]JourneyResult, n),
		pageErrors: make([][]validator.Finding, n), attempts: make([]int, n), retried: make([][]string, n)}
	judge = judge || cfg.onProgress != nil

	var discovered chan *discover.Result
	if cfg.discover != nil {
		discovered = make(chan *discover.Result, 1)
		go func() {
			// Discovery reports what it found before the run ended; a
			// broken site gives pages with problems, not an error.
			r, _ := discover.Discover(runCtx, *cfg.discover)
			if r == nil {
				r = &discover.Result{}
			}
			discovered <- r
		}()
	}
	tasks := make(chan task)
	go func() {
		defer close(tasks)
		for i := range n {
			tasks <- task{journey: i}
		}
		if discovered == nil {
			return
		}
		site := <-discovered
		var pages []discover.Page
		for _, p := range site.Pages {
			if cfg.shard.HasPage(p.URL) {
				pages = append(pages, p)
			}
		}
		slices.SortStableFunc(pages, func(a, b discover.Page) int { return strings.Compare(a.URL, b.URL) })
		res.site = site
		res.pages = make([]JourneyResult, len(pages))
		cfg.progressMu.Lock()
		cfg.total += len(pages)
		cfg.progressMu.Unlock()
		for i := range pages {
			tasks <- task{journey: -1, page: &pages[i], index: i}
		}
	}()
	var wg sync.WaitGroup
	for range cfg.concurrency {
		wg.Go(func() {
			for t := range tasks {
				if t.page != nil {
					res.pages[t.index] = b.runPageTask(runCtx, cfg, t)
					continue
				}
				b.runJourneyTask(runCtx, cfg, res, t.journey, judge)
			}
		})
	}
	wg.Wait()
	return res, nil
}

// runJourneyTask runs journey i, repeating it when a step failed and
// retries are left, and judges it when asked to.
func (b *Browser) runJourneyTask(runCtx context.Context, cfg *config, res *observed, i int, judge bool) {
	j := cfg.journeys[i]
	if runCtx.Err() != nil {
		res.obs[i] = &validator.Observation{Journey: j.Name, Incomplete: true, Reason: reason(runCtx, cfg) + " before it started"}
	} else {
		cfg.progress(Progress{Kind: JourneyStarted, Journey: j.Name, Index: i})
		for {
			res.attempts[i]++
			res.obs[i], res.raws[i], res.pageErrors[i] = b.runJourney(runCtx, cfg, j, i)
			failed := failedStep(res.obs[i])
			if failed == "" || res.attempts[i] > cfg.retries || runCtx.Err() != nil {
				break
			}
			res.retried[i] = append(res.retried[i], failed)
		}
	}
	if judge {
		res.journeys[i] = judgeJourney(cfg.validator, j, res.obs[i])
		// Warnings of the pages' own script errors, in the order they
		// were thrown.
		res.journeys[i].Findings = append(res.journeys[i].Findings, res.pageErrors[i]...)
		if res.attempts[i] > 1 {
			res.journeys[i].Attempts, res.journeys[i].Retried = res.attempts[i], res.retried[i]
		}
		cfg.progress(Progress{Kind: JourneyFinished, Journey: j.Name, Index: i, Result: &res.journeys[i]})
	}
}

// failedStep describes the first failed step of a journey that may be
// worth repeating, or returns "".
func failedStep(o *validator.Observation) string {
	if o.Incomplete {
		return ""
	}
	for _, st := range o.Steps {
		if st.Error != "" {
			if st.Index == validator.NoStep {
				return fmt.Sprintf("%s failed: %s", st.Kind, st.Error)
			}
			return fmt.Sprintf("step %d (%s) failed: %s", st.Index+1, st.Kind, st.Error)
		}
	}
	return ""
}

// runPageTask checks one discovered page, or marks it incomplete when the
// run has ended.
func (b *Browser) runPageTask(runCtx context.Context, cfg *config, t task) JourneyResult {
	p := *t.page
	idx := len(cfg.journeys) + t.index
	var rj JourneyResult
	if runCtx.Err() != nil {
		obs := &validator.Observation{Journey: p.URL, Incomplete: true, Reason: reason(runCtx, cfg) + " before it started"}
		j := &spec.Journey{Name: p.URL, Start: p.URL}
		rj = JourneyResult{Observation: obs, Spec: j, Findings: cfg.validator.CheckPage(validator.Page{URL: p.URL}, obs)}
		rj.Page = resultPage(p)
	} else {
		cfg.progress(Progress{Kind: JourneyStarted, Journey: p.URL, Index: idx, Page: true})
		rj = b.checkPage(runCtx, cfg, p, idx)
	}
	cfg.progress(Progress{Kind: JourneyFinished, Journey: p.URL, Index: idx, Result: &rj, Page: true})
	return rj
}

// buildEvents decodes captured hits and dataLayer pushes into observed
// events in capture order (hits and pushes merged by capture time; the
// events of one hit keep their batch order). A hit that does not decode is
// left out of the events.
func buildEvents(raws []rawHit, pushes []validator.Push) []validator.Event {
	evs, _ := buildEventsAndRefusals(raws, pushes)
	return evs
}

// buildEventsAndRefusals is buildEvents that also returns a warning for
// every captured hit that does not decode.
func buildEventsAndRefusals(raws []rawHit, pushes []validator.Push) ([]validator.Event, []validator.Finding) {
	var evs []validator.Event
	var refused []validator.Finding
	for i, r := range raws {
		h, err := hits.Decode(r.method, r.url, r.body, r.at)
		if err != nil {
			refused = append(refused, validator.Finding{
				Rule:       RuleHitUnreadable,
				Severity:   spec.SeverityWarning,
				Step:       r.step,
				Page:       r.page,
				EventIndex: -1,
				Message:    fmt.Sprintf("a GA4 hit sent to %s could not be read, so its events were not checked: %v", hitEndpoint(r.url), err),
			})
			continue
		}
		evs = append(evs, validator.EventsFromHit(h, i, r.step, r.page)...)
	}
	for _, p := range pushes {
		if e, ok := validator.EventFromPush(p); ok {
			evs = append(evs, e)
		}
	}
	slices.SortStableFunc(evs, func(a, b validator.Event) int { return a.Time.Compare(b.Time) })
	return evs, refused
}

// hitEndpoint is the scheme, host and path of a hit's URL: what a finding
// may show of a hit without repeating the data it carries.
func hitEndpoint(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "an unreadable URL"
	}
	return u.Scheme + "://" + u.Host + u.Path
}
