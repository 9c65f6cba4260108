package crawler

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"net/url"
	"strings"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/tagspec/tagspec/diag"
	"github.com/tagspec/tagspec/discover"
	"github.com/tagspec/tagspec/spec"
	"github.com/tagspec/tagspec/validator"
)

// DefaultIdleTimeout bounds the wait for a discovered page to go network
// idle after its load event.
const DefaultIdleTimeout = 5 * time.Second

// idle waits until the page is network idle: loaded, and no request in
// flight for pageIdleQuiet, counted from the browser's own network events,
// so a page that keeps a request open (a long poll, a stream) never counts
// as idle however busy the machine is.
func (jr *journeyRun) idle(ctx context.Context) error {
	for {
		quiet, since := jr.cap.quietSince()
		if quiet && time.Since(since) >= pageIdleQuiet {
			return nil
		}
		if err := sleep(ctx, 20*time.Millisecond); err != nil {
			return errors.New("the network never went idle")
		}
	}
}

// pageIdleQuiet is how long a discovered page must have no request in
// flight to count as network idle: tags that load in a chain start within
// it; the hits they queue are then sent by the flush, whatever their delay.
const pageIdleQuiet = 300 * time.Millisecond

// HasPage reports whether the page at u is in shard s. The share depends
// only on the URL's path and query (a hash of them), not on the host, the
// order of discovery or the concurrency, so that every CI job of a matrix
// agrees on it, against staging or production alike. Every page is in the
// zero shard.
func (s Shard) HasPage(u string) bool {
	if s.IsZero() {
		return true
	}
	h := fnv.New32a()
	h.Write([]byte(pathQuery(u)))
	return int(h.Sum32()%uint32(s.N)) == s.K-1
}

// pathQuery returns the path and query of an absolute URL ("/" when the
// path is empty), or u itself when it does not parse.
func pathQuery(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return u
	}
	out := p.EscapedPath()
	if out == "" {
		out = "/"
	}
	if p.RawQuery != "" {
		out += "?" + p.RawQuery
	}
	return out
}

// pageOutcome is what one attempt at checking a page gave.
type pageOutcome struct {
	obs      *validator.Observation
	status   int
	loaded   bool
	consent  bool
	findings []validator.Finding // the crawler's own: faults and page errors
	// fault says why the attempt may be worth repeating ("" when the page
	// loaded or failed for good).
	fault string
}

// checkPage opens one discovered page up to 1+retries times, stopping at
// the first attempt without a fault, and judges the last attempt with
// validator.CheckPage. What discovery could not load is a RulePageStatus
// or RulePageTimeout finding without a browser visit.
func (b *Browser) checkPage(runCtx context.Context, cfg *config, p discover.Page, index int) JourneyResult {
	rp := resultPage(p)
	j := &spec.Journey{Name: p.URL, Start: p.URL, Consent: spec.ConsentUntouched}
	var (
		out     pageOutcome
		retried []string
	)
	attempts := 0
	if p.Problem != "" {
		// Discovery could not load the page (and already retried it):
		// opening it in the browser would show the same error page.
		rule := RulePageStatus
		if strings.HasPrefix(p.Problem, "timed out") {
			rule = RulePageTimeout
		}
		out = pageOutcome{obs: &validator.Observation{Journey: p.URL}, status: p.Status, findings: []validator.Finding{{
			Rule: rule, Severity: spec.SeverityError, Step: validator.NoStep, Page: p.URL, EventIndex: -1,
			Message: "the page cannot be checked: " + p.Problem + linkedFrom(p),
		}}}
		attempts = p.Attempts
		retried = p.Retried
	} else {
		for {
			attempts++
			out = b.pageAttempt(runCtx, cfg, j, p, index)
			if out.fault == "" || attempts > cfg.retries || runCtx.Err() != nil {
				break
			}
			retried = append(retried, out.fault)
		}
		if out.status != 0 {
			rp.Status = out.status
		}
	}
	page := validator.Page{URL: p.URL, Loaded: out.loaded, Consented: out.consent}
	findings := append(cfg.validator.CheckPage(page, out.obs), out.findings...)
	rj := JourneyResult{Observation: out.obs, Spec: j, Findings: findings, Passed: !diag.HasErrors(findings) && !out.obs.Incomplete}
	rj.Page = rp
	if attempts > 1 {
		rj.Attempts, rj.Retried = attempts, retried
	}
	return rj
}

// resultPage says in the result where a discovered page came from.
func resultPage(p discover.Page) *Page {
	return &Page{URL: p.URL, Depth: p.Depth, From: p.From, Sitemap: p.Sitemap, Status: p.Status}
}

// linkedFrom says which page linked to p, for findings about it.
func linkedFrom(p discover.Page) string {
	if p.From == "" {
		if p.Sitemap {
			return " (listed in the sitemap)"
		}
		return ""
	}
	return " (linked from " + p.From + ")"
}

// pageAttempt opens p in a fresh browser context, like a first-time
// visitor, waits for its load and for the network to go idle (no request
// in flight for pageIdleQuiet, at most Options.IdleTimeout), sends what
// the page queued, accepts consent when the spec has a banner and the
// page shows it, and sends again.
func (b *Browser) pageAttempt(runCtx context.Context, cfg *config, j *spec.Journey, p discover.Page, index int) pageOutcome {
	out := pageOutcome{obs: &validator.Observation{Journey: p.URL}}
	jr, closeTab := b.newRun(runCtx, cfg, j, index, out.obs)
	defer closeTab()
	jr.page = true
	fault := func(rule, msg string, retry bool) {
		out.findings = append(out.findings, validator.Finding{Rule: rule, Severity: spec.SeverityError, Step: validator.NoStep,
			Page: p.URL, EventIndex: -1, Message: msg})
		if retry {
			out.fault = msg
		}
	}
	if err := jr.setup(); err != nil {
		if runCtx.Err() == nil {
			fault(RulePageStatus, "could not open a browser tab: "+err.Error(), true)
		}
		jr.finish(runCtx)
		return out
	}
	start := cfg.now()
	var resp struct{ status int }
	err := jr.withTimeout(func(ctx context.Context) error {
		r, err := chromedp.Run(ctx, chromedp.NavigateResponse(p.URL))
		if r != nil {
			resp.status = int(r.Status)
		}
		if err != nil {
			return err
		}
		return jr.drain(ctx)
	})
	out.status = resp.status
	jr.record(validator.Step{Index: validator.NoStep, Kind: spec.StepVisit, Start: start, End: cfg.now()})
	switch {
	case runCtx.Err() != nil:
		// The run ended: finish says why.
	case jr.cap.hasCrashed():
		fault(RuleTabCrashed, "the browser tab crashed while the page loaded ("+errTabCrashed.Error()+")", true)
	case err != nil && strings.HasPrefix(err.Error(), "timed out"):
		fault(RulePageTimeout, fmt.Sprintf("the page did not finish loading within %s", cfg.stepTimeout), true)
	case err != nil:
		fault(RulePageStatus, "the page could not be loaded: "+navigationError(err), true)
	case resp.status >= 400:
		retry := resp.status >= 500 || resp.status == 429
		fault(RulePageStatus, fmt.Sprintf("the page answered HTTP %d%s", resp.status, linkedFrom(p)), retry)
	default:
		out.loaded = true
	}
	if out.loaded {
		b.settlePage(runCtx, jr, &out)
	}
	jr.finish(runCtx)
	if jr.cap.hasCrashed() && out.loaded {
		out.loaded = false
		fault(RuleTabCrashed, "the browser tab crashed after the page loaded ("+errTabCrashed.Error()+")", true)
	}
	out.findings = append(out.findings, jr.pageErrors()...)
	return out
}

// settlePage waits for network idle, flushes, and accepts consent.
func (b *Browser) settlePage(runCtx context.Context, jr *journeyRun, out *pageOutcome) {
	cfg := jr.cfg
	idleCtx, cancel := context.WithTimeout(jr.ctx, cfg.idleTimeout)
	err := jr.idle(idleCtx)
	cancel()
	if err != nil && jr.ctx.Err() == nil {
		out.findings = append(out.findings, validator.Finding{Rule: RulePageNotIdle, Severity: spec.SeverityWarning, Step: validator.NoStep,
			Page: out.obs.Journey, EventIndex: -1,
			Message: fmt.Sprintf("the page still had requests in flight %s after its load event: only the hits sent until then are checked", cfg.idleTimeout)})
	}
	if jr.ctx.Err() != nil {
		return
	}
	_ = jr.flush(jr.ctx)
	c := cfg.spec.Consent
	if c == nil || c.AcceptSelector == "" || jr.ctx.Err() != nil {
		return
	}
	present, err := call[bool](jr.ctx, `((s) => !!document.querySelector(s))`, c.AcceptSelector)
	if err != nil || !present {
		return
	}
	start := cfg.now()
	err = jr.withTimeout(func(ctx context.Context) error {
		if err := jr.consent(ctx, "accept"); err != nil {
			return err
		}
		return jr.drain(ctx)
	})
	if err != nil {
		if jr.ctx.Err() == nil {
			out.findings = append(out.findings, validator.Finding{Rule: RulePageStatus, Severity: spec.SeverityWarning, Step: validator.NoStep,
				Page: out.obs.Journey, EventIndex: -1, Message: "could not accept consent: " + err.Error()})
		}
		return
	}
	jr.obs.Steps = append(jr.obs.Steps, validator.Step{Index: validator.NoStep, Kind: spec.StepConsent, Start: start, End: cfg.now()})
	out.consent = true
}

// navigationError shortens Chromium's navigation errors.
func navigationError(err error) string {
	msg := err.Error()
	if strings.Contains(msg, "ERR_TOO_MANY_REDIRECTS") {
		return "it redirects in a loop (net::ERR_TOO_MANY_REDIRECTS)"
	}
	if errors.Is(err, context.Canceled) {
		return "cancelled"
	}
	return msg
}
