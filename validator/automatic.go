package validator

import (
	"fmt"
	"strings"

	"github.com/tagspec/tagspec/spec"
)

// AutomaticEvents are the events GA4 sends by itself on the web: the
// automatically collected ones and those of enhanced measurement. They are
// captured and shown, but are not unexpected unless the check is strict.
var AutomaticEvents = []string{
	"page_view", "user_engagement", "first_visit", "session_start",
	"scroll", "click", "file_download", "form_start", "form_submit",
	"video_start", "video_progress", "video_complete", "view_search_results",
}

// IsAutomatic reports whether name is one of AutomaticEvents.
func IsAutomatic(name string) bool {
	for _, a := range AutomaticEvents {
		if a == name {
			return true
		}
	}
	return false
}

// DescribeStep returns a short human description of a journey step, such
// as `click "a[href='/pricing']"` or `expect "generate_lead"`.
func DescribeStep(st *spec.Step) string {
	switch st.Kind {
	case spec.StepVisit:
		return fmt.Sprintf("visit %s", st.URL)
	case spec.StepClick:
		if st.Text != "" && st.Selector != "" {
			return fmt.Sprintf("click %q with text %q", st.Selector, st.Text)
		}
		if st.Text != "" {
			return fmt.Sprintf("click text %q", st.Text)
		}
		return fmt.Sprintf("click %q", st.Selector)
	case spec.StepFill:
		return fmt.Sprintf("fill %q with %q", st.Selector, st.Value)
	case spec.StepSelect:
		return fmt.Sprintf("select %q in %q", st.Value, st.Selector)
	case spec.StepSubmit:
		return fmt.Sprintf("submit %q", st.Selector)
	case spec.StepScroll:
		return fmt.Sprintf("scroll to %d%%", st.Percent)
	case spec.StepHover:
		return fmt.Sprintf("hover %q", st.Selector)
	case spec.StepWait:
		switch {
		case st.Selector != "":
			return fmt.Sprintf("wait for %q", st.Selector)
		case st.Idle:
			return "wait for network idle"
		}
		return fmt.Sprintf("wait %d ms", st.Millis)
	case spec.StepPlayVideo:
		return fmt.Sprintf("play video %q to %d%%", st.Selector, st.Percent)
	case spec.StepConsent:
		return fmt.Sprintf("consent %s", st.Action)
	case spec.StepExpect:
		s := fmt.Sprintf("expect %q", st.Event)
		if len(st.Params) > 0 {
			var parts []string
			for _, k := range sortedKeys(st.Params) {
				parts = append(parts, k+"="+formatValue(st.Params[k]))
			}
			s += " with " + strings.Join(parts, ", ")
		}
		if st.Count > 0 {
			s += " " + times(st.Count)
		}
		return s
	case spec.StepExpectNone:
		return fmt.Sprintf("expect no %q", st.Event)
	}
	return st.Kind
}
