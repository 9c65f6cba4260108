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

// errTabCrashed is the error of a step whose tab crashed.
var errTabCrashed = errors.New("the browser tab crashed (its renderer process died, for example out of memory)")
