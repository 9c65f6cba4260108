package crawler

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/chromedp/cdproto/runtime"

	"github.com/tagspec/tagspec/spec"
	"github.com/tagspec/tagspec/validator"
)

// RulePageError is the rule of the warning a crawl reports for every
// uncaught JavaScript exception on a journey's pages: broken page scripts
// often keep tracking code from running, but they fail no journey by
// themselves.
const RulePageError = "page-error"

// addException records an uncaught exception of the page as a warning.
func (c *capture) addException(ev runtime.EventExceptionThrown) {
	d := ev.ExceptionDetails
	if d == nil {
		return
	}
	msg := d.Text
	if d.Exception != nil && d.Exception.Description != "" {
		// The description is the message and the stack; keep the message.
		msg, _, _ = strings.Cut(d.Exception.Description, "\n")
	}
	where := d.URL
	if where != "" {
		where = fmt.Sprintf(" at %s:%d:%d", where, d.LineNumber+1, d.ColumnNumber+1)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	step := validator.NoStep
	if c.step >= 0 {
		step = c.step
	}
	if ev.Timestamp > 0 {
		// The event can arrive after the next step has started: credit the
		// exception to the step that was running when it was thrown.
		ms := float64(ev.Timestamp)
		step = c.stepAt(time.UnixMilli(int64(ms)).Add(time.Duration((ms - float64(int64(ms))) * float64(time.Millisecond))))
	}
	c.pageErrors = append(c.pageErrors, validator.Finding{
		Rule:       RulePageError,
		Severity:   spec.SeverityWarning,
		Step:       step,
		Message:    "uncaught JavaScript exception: " + msg + where,
		Page:       c.page,
		EventIndex: -1,
	})
}

// Rules of the findings the crawler itself reports about pages and tabs.
const (
	// RulePageStatus: a page answered an HTTP error, redirected in a loop
	// or could not be loaded at all.
	RulePageStatus = "page-status"
	// RulePageTimeout: a page did not finish loading within the step
	// timeout.
	RulePageTimeout = "page-timeout"
	// RulePageNotIdle: a page kept loading resources and never went
	// network idle; a warning, since the hits sent until then are checked.
	RulePageNotIdle = "page-not-idle"
	// RuleTabCrashed: the browser tab's renderer crashed (out of memory,
	// for example).
	RuleTabCrashed = "tab-crashed"
	// RuleSitemap: a sitemap discovery found could not be read or parsed;
	// a warning of the whole run, since the pages it lists may be missed.
	RuleSitemap = "sitemap"
)

// errTabCrashed is the error of a step whose tab crashed.
var errTabCrashed = errors.New("the browser tab crashed (its renderer process died, for example out of memory)")
