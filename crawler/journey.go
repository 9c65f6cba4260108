package crawler

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/tagspec/tagspec/spec"
	"github.com/tagspec/tagspec/validator"
)

// journeyRun is one journey in its own browser context.
type journeyRun struct {
	cfg     *config
	journey *spec.Journey
	index   int // journey index in the run

	ctx context.Context // actions: ends with the run
	cap *capture
	// page is set when the run checks a discovered page, not a journey.
	page bool
	obs  *validator.Observation
}

// runJourney runs one journey and returns what it observed. It never
// returns an error: whatever goes wrong is recorded in the observation.
func (b *Browser) runJourney(runCtx context.Context, cfg *config, j *spec.Journey, index int) (*validator.Observation, []rawHit, []validator.Finding) {
	obs := &validator.Observation{Journey: j.Name}
	jr, closeTab := b.newRun(runCtx, cfg, j, index, obs)
	defer closeTab()
	if err := jr.setup(); err != nil {
		jr.fail(validator.NoStep, "visit", cfg.now(), fmt.Errorf("open a browser tab: %w", err), runCtx)
		return obs, jr.finish(runCtx), jr.pageErrors()
	}
	jr.run(runCtx)
	return obs, jr.finish(runCtx), jr.pageErrors()
}

// newRun opens a tab in a new browser context of its own (no shared
// cookies or storage) and returns the run that acts in it, and the
// function that closes the tab. The run's actions end with runCtx, so the
// run's timeout stops them wherever they are, and at once when the tab
// crashes.
func (b *Browser) newRun(runCtx context.Context, cfg *config, j *spec.Journey, index int, obs *validator.Observation) (*journeyRun, func()) {
	tabCtx, closeTab := chromedp.NewContext(b.ctx, chromedp.WithNewBrowserContext())
	actx, cancel := context.WithCancel(tabCtx)
	stop := context.AfterFunc(runCtx, cancel)
	jr := &journeyRun{cfg: cfg, journey: j, index: index, ctx: actx, cap: newCapture(cfg.now), obs: obs}
	// A crashed tab answers nothing: stop waiting for it at once.
	jr.cap.onCrash = cancel
	return jr, func() {
		stop()
		cancel()
		// After the run's deadline the tab closes in the background, so
		// that a page that hangs cannot stretch the timeout.
		if runCtx.Err() != nil {
			go closeTab()
			return
		}
		closeTab()
	}
}

// pageErrors returns the warnings of the uncaught page exceptions so far.
func (jr *journeyRun) pageErrors() []validator.Finding {
	jr.cap.mu.Lock()
	defer jr.cap.mu.Unlock()
	out := make([]validator.Finding, len(jr.cap.pageErrors))
	for i, f := range jr.cap.pageErrors {
		f.Journey = jr.journey.Name
		out[i] = f
	}
	return out
}

// setup opens the tab and installs the capture before any page loads.
func (jr *journeyRun) setup() error {
	ctx := jr.ctx
	if err := chromedp.Do(ctx); err != nil {
		return err
	}
	c := chromedp.FromContext(ctx)
	t := c.Target
	if c.BrowserContextID != "" {
		// Downloads (PDF links and the like) are refused, not written to disk.
		_, _ = chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
			Behavior: browser.SetDownloadBehaviorBehaviorDeny, BrowserContextID: c.BrowserContextID,
		})
	}
	if err := chromedp.Listen(ctx, jr.cap.listen(cdp.FrameID(t.TargetID))); err != nil {
		return err
	}
	paused := chromedp.Events(ctx, fetch.RequestPaused)
	go jr.cfg.intercept.serve(ctx, t, jr.cap, paused)
	exceptions := chromedp.Events(ctx, runtime.ExceptionThrown)
	go func() {
		for ev, err := range exceptions {
			if err != nil {
				return
			}
			jr.cap.addException(ev)
		}
	}()
	dialogs := chromedp.Events(ctx, page.JavascriptDialogOpening)
	go func() {
		for _, err := range dialogs {
			if err != nil {
				return
			}
			_, _ = cdp.Call(ctx, t, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		}
	}()
	if _, err := cdp.Call(ctx, t, runtime.AddBinding, runtime.AddBindingParams{Name: bindingName}); err != nil {
		return err
	}
	for _, src := range append([]string{hookScript, youtubeScript}, jr.cfg.initScripts...) {
		if _, err := cdp.Call(ctx, t, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: src}); err != nil {
			return err
		}
	}
	_, err := cdp.Call(ctx, t, fetch.Enable, fetch.EnableParams{Patterns: jr.cfg.intercept.patterns()})
	return err
}

// run performs the start visit, the journey-level consent choice and the
// steps, stopping at the first step that fails (element missing, timeout,
// navigation error): that step is recorded with its error and a PNG
// screenshot. A failed expectation stops nothing; the validator reports
// it.
func (jr *journeyRun) run(runCtx context.Context) {
	j := jr.journey
	start := jr.cfg.now()
	err := jr.withTimeout(func(ctx context.Context) error {
		if err := navigate(ctx, jr.cfg.resolve(j.Start)); err != nil {
			return err
		}
		return jr.drain(ctx)
	})
	if err != nil {
		jr.fail(validator.NoStep, spec.StepVisit, start, fmt.Errorf("open %s: %w", jr.cfg.resolve(j.Start), err), runCtx)
		return
	}
	if j.Consent == spec.ConsentGranted || j.Consent == spec.ConsentDenied {
		start := jr.cfg.now()
		action := "accept"
		if j.Consent == spec.ConsentDenied {
			action = "deny"
		}
		err := jr.withTimeout(func(ctx context.Context) error {
			if err := jr.consent(ctx, action); err != nil {
				return err
			}
			return jr.drain(ctx)
		})
		if err != nil {
			jr.fail(validator.NoStep, spec.StepConsent, start, err, runCtx)
			return
		}
		jr.record(validator.Step{Index: validator.NoStep, Kind: spec.StepConsent, Start: start, End: jr.cfg.now()})
	}
	for i := range j.Steps {
		st := &j.Steps[i]
		jr.cap.setStep(i)
		start := jr.cfg.now()
		err := jr.withTimeout(func(ctx context.Context) error {
			if err := jr.step(ctx, st); err != nil {
				return err
			}
			return jr.drain(ctx)
		})
		if err != nil {
			jr.fail(i, st.Kind, start, err, runCtx)
			return
		}
		jr.record(validator.Step{Index: i, Kind: st.Kind, Start: start, End: jr.cfg.now()})
	}
}

// finish sends what the page still holds, fills the observation and
// returns the raw hits.
func (jr *journeyRun) finish(runCtx context.Context) []rawHit {
	if runCtx.Err() == nil && !jr.obs.Incomplete {
		_ = jr.flush(jr.ctx)
	} else if !jr.obs.Incomplete {
		jr.obs.Incomplete = true
		jr.obs.Reason = reason(runCtx, jr.cfg)
	}
	jr.cap.mu.Lock()
	raws := append([]rawHit(nil), jr.cap.hits...)
	jr.obs.DataLayer = append([]validator.Push(nil), jr.cap.pushes...)
	jr.cap.mu.Unlock()
	var refused []validator.Finding
	jr.obs.Events, refused = buildEventsAndRefusals(raws, jr.obs.DataLayer)
	jr.cap.mu.Lock()
	jr.cap.pageErrors = append(jr.cap.pageErrors, refused...)
	jr.cap.mu.Unlock()
	return raws
}

// reason says why a run context ended.
func reason(runCtx context.Context, cfg *config) string {
	if errors.Is(context.Cause(runCtx), errRunTimeout) || errors.Is(runCtx.Err(), context.DeadlineExceeded) {
		return fmt.Sprintf("stopped by the %s crawl timeout", cfg.timeout)
	}
	if cause := context.Cause(runCtx); cause != nil && cause != context.Canceled {
		// A signal (Ctrl-C, SIGTERM) says which one.
		return "the crawl was interrupted: " + cause.Error()
	}
	return "the crawl was cancelled"
}

// withTimeout runs f with the step timeout, turning a deadline into a
// readable error.
func (jr *journeyRun) withTimeout(f func(ctx context.Context) error) error {
	ctx, cancel := context.WithTimeout(jr.ctx, jr.cfg.stepTimeout)
	defer cancel()
	err := f(ctx)
	if err != nil && jr.ctx.Err() == nil && errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("timed out after %s", jr.cfg.stepTimeout)
	}
	return err
}

func (jr *journeyRun) record(s validator.Step) {
	jr.obs.Steps = append(jr.obs.Steps, s)
	if jr.page {
		// A page check's steps are the crawler's own; its verdict is the
		// progress that matters.
		return
	}
	jr.cfg.progress(jr.stepFinished(s))
}

// describe says what an executed step did, for progress and reports.
func (jr *journeyRun) describe(s validator.Step) string {
	j := jr.journey
	switch {
	case s.Index >= 0 && s.Index < len(j.Steps):
		return validator.DescribeStep(&j.Steps[s.Index])
	case s.Kind == spec.StepConsent:
		return "consent " + j.Consent + " (journey setting)"
	}
	return "open " + j.Start
}

// fail records a failed step with a screenshot, or marks the journey
// incomplete when the run itself ended.
func (jr *journeyRun) fail(index int, kind string, start time.Time, err error, runCtx context.Context) {
	s := validator.Step{Index: index, Kind: kind, Start: start, End: jr.cfg.now()}
	if runCtx.Err() != nil {
		jr.obs.Incomplete = true
		jr.obs.Reason = reason(runCtx, jr.cfg)
		s.Error = jr.obs.Reason
		jr.record(s)
		return
	}
	s.Error = err.Error()
	if jr.cap.hasCrashed() {
		s.Error = errTabCrashed.Error()
	}
	if png, serr := jr.screenshot(); serr == nil {
		s.ScreenshotPNG = png
		if dir := jr.cfg.screenshotDir; dir != "" {
			name := filepath.Join(dir, fmt.Sprintf("%s-step%d.png", slug(jr.journey.Name), index+1))
			if werr := os.WriteFile(name, png, 0o644); werr == nil {
				s.Screenshot = name
			}
		}
	}
	jr.record(s)
}

func (jr *journeyRun) screenshot() ([]byte, error) {
	ctx, cancel := context.WithTimeout(jr.ctx, 3*time.Second)
	defer cancel()
	return chromedp.Run(ctx, chromedp.CaptureScreenshot())
}

var nonSlug = regexp.MustCompile(`[^a-z0-9]+`)

func slug(s string) string {
	s = strings.Trim(nonSlug.ReplaceAllString(strings.ToLower(s), "-"), "-")
	if s == "" {
		return "journey"
	}
	return s
}

// flush makes the page's tags send what they hold now instead of at their
// own timer, then waits until every collection request the pages issued
// has been captured and no new hit has arrived for the quiet period
// (Options.FlushQuiet).
//
// Google's tags send page_view at once but hold every later event in a
// queue that a timer of their own sends (docs/real-tags.md has the
// measurements). The real builds ignore a faked visibilitychange; a
// synthetic pagehide would run every pagehide listener of the page; CDP
// virtual time runs every timer of the page early. So the crawler keeps a
// tag clock instead: the page hook wraps setTimeout and notes which timers
// tag scripts set (a script under /gtag/js, /gtm.js or
// googletagmanager.com, or any script that has sent a collection
// request), and runTagClock runs the ones due within TagClockBudget at
// once, earliest first, each followed by its promise jobs (a timer one of
// them sets is due after it, so a debounce followed by the queue timer
// runs as a chain). No event is dispatched and no other script's timer
// runs, so the page sees nothing but its hits leaving earlier. flush runs
// after every step and when a journey ends, so each hit is credited to
// the step that caused it: two clicks that each queue an event give two
// hits of two steps, not one batch that looks like a duplicate. A step
// that leaves the page makes the tags send their queue on the real
// pagehide, and those requests are caught like any other.
func (jr *journeyRun) flush(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, maxFlushWait+time.Second)
	defer cancel()
	signalled := jr.cfg.now()
	// The page reports the requests the tag timers issue through the
	// binding, and those reports reach the capture before this evaluation
	// returns.
	if err := runTagClock(ctx); err != nil {
		return err
	}
	quiet := jr.cfg.flushQuiet
	deadline := signalled.Add(maxFlushWait)
	for {
		_, last := jr.cap.hitCount()
		from := signalled
		if last.After(from) {
			from = last
		}
		now := jr.cfg.now()
		if now.After(deadline) {
			jr.cap.forgetIssued()
			return nil
		}
		if now.Sub(from) >= quiet && jr.cap.allIssuedCaptured() {
			return nil
		}
		if err := sleep(ctx, 5*time.Millisecond); err != nil {
			return err
		}
	}
}

// awaitQueued covers an event the page handed to gtag() that no hit has
// carried yet after a flush: a tag still loading (an async gtag.js on a
// slow network) has no timer for the tag clock to run. It flushes again
// until a hit carries the event or maxQueuedWait has passed; the
// expectation is then judged on what arrived.
func (jr *journeyRun) awaitQueued(ctx context.Context, event string) error {
	deadline := jr.cfg.now().Add(maxQueuedWait)
	for jr.cap.queuedUnsent(event) && jr.cfg.now().Before(deadline) {
		if err := sleep(ctx, 50*time.Millisecond); err != nil {
			return err
		}
		if err := jr.flush(ctx); err != nil {
			return err
		}
	}
	return nil
}

// runTagClock runs the tags' timers due within TagClockBudget in the
// current document. A document that goes away meanwhile (a navigation)
// is no error; only the end of ctx is.
func runTagClock(ctx context.Context) error {
	if _, err := call[int](ctx, flushScript, TagClockBudget.Milliseconds()); err != nil && ctx.Err() != nil {
		return err
	}
	return nil
}

// drain runs the tag clock and waits until every /g/collect request the
// pages have reported issuing has been captured, so that hits a step caused
// (a page_view sent while a new page loads, an event a click queued) are
// attributed to that step and not to the next one. The reports come
// through the binding ahead of the answer to the tag clock's call, so this
// costs one round trip when the hits are already in.
func (jr *journeyRun) drain(ctx context.Context) error {
	// Events the step handed to the tags leave now, not batched with the
	// next step's, so each hit is attributed to the step that caused it.
	if err := runTagClock(ctx); err != nil {
		return err
	}
	deadline := jr.cfg.now().Add(time.Second)
	for !jr.cap.allIssuedCaptured() {
		if jr.cfg.now().After(deadline) {
			jr.cap.forgetIssued()
			return nil
		}
		if err := sleep(ctx, 2*time.Millisecond); err != nil {
			return err
		}
	}
	return nil
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// settle waits for a navigation that an action may have started: it gives
// the page navigationGrace to start one, then waits for its load event.
func (jr *journeyRun) settle(ctx context.Context, before int) error {
	grace := time.NewTimer(navigationGrace)
	defer grace.Stop()
	for {
		seq, loading := jr.cap.navState()
		if seq != before {
			if !loading {
				return nil
			}
		} else {
			select {
			case <-grace.C:
				return nil
			default:
			}
		}
		if err := sleep(ctx, 10*time.Millisecond); err != nil {
			return fmt.Errorf("waiting for the page to load: %w", err)
		}
	}
}

// call evaluates a JavaScript function expression with JSON arguments.
func call[T any](ctx context.Context, fn string, args ...any) (T, error) {
	var b strings.Builder
	b.WriteString(fn)
	b.WriteByte('(')
	for i, a := range args {
		if i > 0 {
			b.WriteByte(',')
		}
		j, err := json.Marshal(a)
		if err != nil {
			var zero T
			return zero, err
		}
		b.Write(j)
	}
	b.WriteByte(')')
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](b.String(), chromedp.EvalAwaitPromise))
	var ex *chromedp.ExceptionError
	if errors.As(err, &ex) {
		return v, errors.New(exceptionMessage(ex))
	}
	return v, err
}

// exceptionMessage extracts the message of a page exception.
func exceptionMessage(ex *chromedp.ExceptionError) string {
	msg := ex.Error()
	if i := strings.LastIndex(msg, "Error: "); i >= 0 {
		msg = msg[i+len("Error: "):]
	}
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		msg = msg[:i]
	}
	return strings.TrimSpace(msg)
}

// step performs one journey step. visit navigates and waits for the load
// event; click, submit and the other actions wait for their element, act
// like a user (real mouse and keyboard events through CDP,
// form.requestSubmit for submit so that submit listeners run), then wait
// for a navigation they started to finish. A page answering an HTTP error
// status or looping through redirects fails the step with what the server
// did. Expect steps act on nothing: the validator judges them.
func (jr *journeyRun) step(ctx context.Context, st *spec.Step) error {
	switch st.Kind {
	case spec.StepVisit:
		return navigate(ctx, jr.cfg.resolve(st.URL))
	case spec.StepClick:
		return jr.click(ctx, st)
	case spec.StepFill:
		if err := waitFor(ctx, st.Selector); err != nil {
			return err
		}
		if _, err := call[bool](ctx, focusClearScript, st.Selector); err != nil {
			return err
		}
		return chromedp.Do(ctx, chromedp.KeyEvent(st.Value))
	case spec.StepSelect:
		if err := waitFor(ctx, st.Selector); err != nil {
			return err
		}
		_, err := call[bool](ctx, selectScript, st.Selector, st.Value)
		return err
	case spec.StepSubmit:
		if err := waitFor(ctx, st.Selector); err != nil {
			return err
		}
		before, _ := jr.cap.navState()
		if _, err := call[bool](ctx, submitScript, st.Selector); err != nil {
			return err
		}
		return jr.settle(ctx, before)
	case spec.StepScroll:
		_, err := call[bool](ctx, scrollScript, st.Percent)
		return err
	case spec.StepHover:
		if err := waitFor(ctx, st.Selector); err != nil {
			return err
		}
		xy, err := call[[]float64](ctx, centerScript, st.Selector)
		if err != nil {
			return err
		}
		if len(xy) != 2 {
			return fmt.Errorf("cannot find the position of %s", st.Selector)
		}
		return chromedp.Do(ctx, chromedp.MouseEvent(chromedp.MouseMoved, xy[0], xy[1]))
	case spec.StepWait:
		switch {
		case st.Selector != "":
			return waitFor(ctx, st.Selector)
		case st.Idle:
			return jr.networkIdle(ctx)
		default:
			return sleep(ctx, time.Duration(st.Millis)*time.Millisecond)
		}
	case spec.StepPlayVideo:
		if err := waitFor(ctx, st.Selector); err != nil {
			return err
		}
		timeout := jr.cfg.stepTimeout - 500*time.Millisecond
		if timeout < time.Second {
			timeout = time.Second
		}
		_, err := call[string](ctx, playScript, st.Selector, st.Percent, timeout.Milliseconds())
		return err
	case spec.StepConsent:
		return jr.consent(ctx, st.Action)
	case spec.StepExpect:
		if err := jr.flush(ctx); err != nil {
			return err
		}
		return jr.awaitQueued(ctx, st.Event)
	case spec.StepExpectNone:
		return jr.flush(ctx)
	}
	return fmt.Errorf("unknown step kind %q", st.Kind)
}

// navigate loads url and waits for its load event. An HTTP error status
// (404, 500, ...) fails the step: the journey would test an error page.
func navigate(ctx context.Context, url string) error {
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(url))
	if err != nil {
		return err
	}
	if resp != nil && resp.Status >= 400 {
		return fmt.Errorf("%s answered HTTP %d %s", url, resp.Status, resp.StatusText)
	}
	return nil
}

// waitFor waits until an element matching sel is in the page, with a
// clear error when the step times out.
func waitFor(ctx context.Context, sel string) error {
	err := chromedp.Do(ctx, chromedp.WaitReady(chromedp.CSS(sel)))
	if err != nil && errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("no element matches %s", sel)
	}
	return err
}

func (jr *journeyRun) click(ctx context.Context, st *spec.Step) error {
	sel := st.Selector
	if st.Text != "" {
		mark := strconv.Itoa(jr.index) + "-" + strconv.FormatInt(jr.cfg.now().UnixNano(), 36)
		for {
			ok, err := call[bool](ctx, markTextScript, st.Selector, st.Text, mark)
			if err != nil {
				return err
			}
			if ok {
				break
			}
			if err := sleep(ctx, 100*time.Millisecond); err != nil {
				where := st.Selector
				if where == "" {
					where = "any link or button"
				}
				return fmt.Errorf("no element of %s has the text %q", where, st.Text)
			}
		}
		sel = `[data-tagspec-click="` + mark + `"]`
	}
	if err := waitFor(ctx, sel); err != nil {
		return err
	}
	return jr.clickVisible(ctx, sel)
}

// clickVisible clicks the first visible element matching sel like a user
// (mouse events at its center) and waits for a navigation it starts.
func (jr *journeyRun) clickVisible(ctx context.Context, sel string) error {
	before, _ := jr.cap.navState()
	err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
	if err != nil && errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("%s is in the page but never became visible", sel)
	}
	if err != nil {
		return err
	}
	return jr.settle(ctx, before)
}

// consent clicks the spec's accept or deny selector.
func (jr *journeyRun) consent(ctx context.Context, action string) error {
	c := jr.cfg.spec.Consent
	var sel string
	switch {
	case c == nil:
		return errors.New("the spec has no consent block with accept_selector and deny_selector")
	case action == "accept":
		sel = c.AcceptSelector
	case action == "deny":
		sel = c.DenySelector
	default:
		return fmt.Errorf("consent action %q: want accept or deny", action)
	}
	if sel == "" {
		return fmt.Errorf("consent %s: the spec's consent block has no %s_selector", action, action)
	}
	if err := waitFor(ctx, sel); err != nil {
		return fmt.Errorf("consent %s: %w", action, err)
	}
	return jr.clickVisible(ctx, sel)
}

// networkIdle waits until the document has loaded and no new resource has
// been fetched for 500 ms.
func (jr *journeyRun) networkIdle(ctx context.Context) error {
	const quiet = 500 * time.Millisecond
	last, since := -1, jr.cfg.now()
	for {
		state, err := chromedp.Run(ctx, chromedp.Evaluate[[]any](`[document.readyState, performance.getEntriesByType('resource').length]`))
		if err != nil {
			return err
		}
		n := -1
		if len(state) == 2 {
			if f, ok := state[1].(float64); ok {
				n = int(f)
			}
		}
		hitsSeen, _ := jr.cap.hitCount()
		n += hitsSeen
		now := jr.cfg.now()
		if n != last {
			last, since = n, now
		} else if len(state) == 2 && state[0] == "complete" && now.Sub(since) >= quiet {
			return nil
		}
		if err := sleep(ctx, 100*time.Millisecond); err != nil {
			return errors.New("the network never went idle")
		}
	}
}
