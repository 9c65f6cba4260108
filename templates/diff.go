package templates

import (
	"bufio"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/tagspec/tagspec/spec"
)

// Kinds of Change.
const (
	ChangeEventAdded      = "event_added"     // in the spec, not in the container
	ChangeEventRemoved    = "event_removed"   // in the container, not in the spec
	ChangeParamAdded      = "param_added"     // in the spec's event, not in the container's tag
	ChangeParamRemoved    = "param_removed"   // in the container's tag, not in the spec's event
	ChangeParamChanged    = "param_changed"   // both have it, from different sources
	ChangeTriggerChanged  = "trigger_changed" // the event fires on a different trigger, or one of another GTM type
	ChangeConsentChanged  = "consent_changed" // the event needs different consent types
	ChangeMeasurementID   = "measurement_id"  // the container sends to another GA4 property
	ChangeUserPropAdded   = "user_property_added"
	ChangeUserPropRemoved = "user_property_removed"
)

// Change is one difference between a spec and a GTM container: what kind,
// which event and parameter, and each side's value in spec syntax.
type Change struct {
	Kind      string   `json:"kind"`
	Event     string   `json:"event,omitempty"`
	Param     string   `json:"param,omitempty"`
	Spec      string   `json:"spec,omitempty"`      // the spec's side, empty when absent
	Container string   `json:"container,omitempty"` // the container's side, empty when absent
	Pos       spec.Pos `json:"pos"`                 // where the spec says it, when known
}

// String describes the change in one line.
func (c Change) String() string {
	if c.Pos.File != "" {
		return c.Pos.String() + ": " + c.message()
	}
	return c.message()
}

// message describes the change without its position.
func (c Change) message() string {
	subject := ""
	switch {
	case c.Event != "" && c.Param != "":
		subject = fmt.Sprintf("event %q param %q", c.Event, c.Param)
	case c.Event != "":
		subject = fmt.Sprintf("event %q", c.Event)
	case c.Param != "":
		subject = fmt.Sprintf("user property %q", c.Param)
	}
	var msg string
	switch c.Kind {
	case ChangeEventAdded, ChangeParamAdded, ChangeUserPropAdded:
		msg = fmt.Sprintf("+ %s: in the spec (%s), missing from the container", subject, c.Spec)
	case ChangeEventRemoved, ChangeParamRemoved, ChangeUserPropRemoved:
		msg = fmt.Sprintf("- %s: in the container (%s), not in the spec", subject, c.Container)
	case ChangeMeasurementID:
		msg = fmt.Sprintf("~ measurement ID: spec %s, container %s", c.Spec, c.Container)
	default:
		what := strings.TrimSuffix(c.Kind, "_changed")
		msg = fmt.Sprintf("~ %s %s: spec %s, container %s", subject, what, c.Spec, c.Container)
	}
	return msg
}

// Diff reports the events, parameters, triggers (their conditions and
// their GTM trigger type), consent and measurement ID that differ between
// a spec and a container exported from GTM, in the spec's event order
// followed by the container's extra events. An empty result means no drift.
func Diff(s *spec.Spec, c *Container) []Change {
	im := newImporter(c, "")
	im.run()
	cs := im.s
	var out []Change
	if s.MeasurementID != "" && cs.MeasurementID != "" && s.MeasurementID != cs.MeasurementID {
		out = append(out, Change{Kind: ChangeMeasurementID, Spec: s.MeasurementID, Container: cs.MeasurementID, Pos: spec.Pos{File: s.File}})
	}
	for i := range s.Events {
		se := &s.Events[i]
		ce, ok := cs.Event(se.Name)
		if !ok {
			if i := slices.IndexFunc(im.skipped, func(sk skippedEvent) bool { return sk.event == se.Name }); i >= 0 {
				// The container sends the event, on a trigger a spec cannot express.
				out = append(out, Change{Kind: ChangeTriggerChanged, Event: se.Name, Spec: TriggerString(&se.Trigger),
					Container: im.skipped[i].trigger, Pos: cmpPos(se.Trigger.Pos, se.Pos)})
				continue
			}
			out = append(out, Change{Kind: ChangeEventAdded, Event: se.Name, Spec: TriggerString(&se.Trigger), Pos: se.Pos})
			continue
		}
		a, b := TriggerString(&se.Trigger), TriggerString(&ce.Trigger)
		// Two GTM trigger types can read back as the same spec trigger (a
		// click and a link click on the same selector): the type decides.
		if at, bt := gtmTriggerType(&se.Trigger), im.triggerTypes[se.Name]; bt != "" && at != bt {
			a, b = a+" (GTM "+at+" trigger)", b+" (GTM "+bt+" trigger)"
		}
		if a != b {
			out = append(out, Change{Kind: ChangeTriggerChanged, Event: se.Name, Spec: a, Container: b, Pos: cmpPos(se.Trigger.Pos, se.Pos)})
		}
		for j := range se.Params {
			sp := &se.Params[j]
			cp, ok := ce.Param(sp.Name)
			if !ok {
				out = append(out, Change{Kind: ChangeParamAdded, Event: se.Name, Param: sp.Name, Spec: sourceString(sp), Pos: sp.Pos})
				continue
			}
			if a, b := sourceString(sp), sourceString(cp); a != b {
				out = append(out, Change{Kind: ChangeParamChanged, Event: se.Name, Param: sp.Name, Spec: a, Container: b, Pos: sp.Pos})
			}
		}
		for j := range ce.Params {
			cp := &ce.Params[j]
			if _, ok := se.Param(cp.Name); !ok {
				out = append(out, Change{Kind: ChangeParamRemoved, Event: se.Name, Param: cp.Name, Container: sourceString(cp), Pos: se.Pos})
			}
		}
		if a, b := consentString(effectiveConsent(s, se)), consentString(effectiveConsent(cs, ce)); a != b {
			out = append(out, Change{Kind: ChangeConsentChanged, Event: se.Name, Spec: a, Container: b, Pos: se.Pos})
		}
	}
	for i := range cs.Events {
		ce := &cs.Events[i]
		if _, ok := s.Event(ce.Name); !ok {
			out = append(out, Change{Kind: ChangeEventRemoved, Event: ce.Name, Container: TriggerString(&ce.Trigger)})
		}
	}
	for _, up := range s.UserProperties {
		if cu, ok := userProp(cs, up.Name); !ok {
			out = append(out, Change{Kind: ChangeUserPropAdded, Param: up.Name, Spec: up.From.String(), Pos: up.Pos})
		} else if canonicalSource(up.From, up.Name) != canonicalSource(cu.From, cu.Name) {
			out = append(out, Change{Kind: "user_property_changed", Param: up.Name, Spec: canonicalSource(up.From, up.Name), Container: canonicalSource(cu.From, cu.Name), Pos: up.Pos})
		}
	}
	for _, cu := range cs.UserProperties {
		if _, ok := userProp(s, cu.Name); !ok {
			out = append(out, Change{Kind: ChangeUserPropRemoved, Param: cu.Name, Container: cu.From.String()})
		}
	}
	return out
}

func cmpPos(a, b spec.Pos) spec.Pos {
	if a.Line != 0 {
		return a
	}
	return b
}

func effectiveConsent(s *spec.Spec, e *spec.Event) []string {
	if e.Consent != nil {
		return e.Consent
	}
	if s.Consent != nil {
		return s.Consent.Required
	}
	return nil
}

func consentString(types []string) string {
	if len(types) == 0 {
		return "none"
	}
	sorted := slices.Clone(types)
	slices.Sort(sorted)
	return "[" + strings.Join(sorted, ", ") + "]"
}

func sourceString(p *spec.Param) string { return canonicalSource(p.From, p.Name) }

// canonicalSource writes a source the way tagspec generates it: a missing
// source is the dataLayer key of the parameter's name, built-ins by their
// GTM display name.
func canonicalSource(src spec.Source, name string) string {
	switch src.Kind {
	case "":
		return "datalayer:" + name
	case spec.SourceBuiltin:
		if b, ok := lookupBuiltIn(src.Value); ok {
			return "builtin:" + b.Name
		}
	}
	return src.String()
}

// canonicalTrigger returns the trigger as the generator understands it,
// with defaults filled in and positions dropped, so that two triggers that
// give the same GTM trigger compare equal.
func canonicalTrigger(t spec.Trigger) spec.Trigger {
	t.Path, t.Pos = "", spec.Pos{}
	switch t.Kind {
	case spec.TriggerPageView:
		if t.PathExact == "" && t.PathPrefix == "" && t.PathRegex == "" && t.Pages != "" {
			t.PathRegex, t.Pages = t.Pages, ""
		}
	case spec.TriggerScroll:
		if len(t.Percent) == 0 {
			t.Percent = []int{25, 50, 75, 90}
		}
	case spec.TriggerVideo:
		if t.Provider == "" {
			t.Provider = "youtube"
		}
		if t.Provider == "youtube" {
			t.Selector = "" // GTM's YouTube trigger has no selector
		}
		t.Percent = slices.Clone(t.Percent)
		slices.Sort(t.Percent)
	case spec.TriggerVisibility:
		if t.Ratio <= 0 {
			t.Ratio = 0.5
		}
	}
	return t
}

// TriggerString writes a trigger in spec syntax on one line, e.g.
// `page_view: {path: /pricing}`.
func TriggerString(t *spec.Trigger) string {
	ct := canonicalTrigger(*t)
	var b strings.Builder
	enc := yaml.NewEncoder(&b)
	n := triggerNode(&ct)
	n.Style = yaml.FlowStyle
	if err := enc.Encode(n); err != nil {
		return ct.Kind
	}
	enc.Close()
	s := strings.TrimSpace(b.String())
	return strings.TrimSuffix(strings.TrimPrefix(s, "{"), "}")
}

// WriteDiffText prints changes for people, one per line, with a summary.
func WriteDiffText(w io.Writer, changes []Change, specName, containerName string) error {
	if len(changes) == 0 {
		_, err := fmt.Fprintf(w, "no drift: %s and %s agree on events, parameters, triggers and consent\n", specName, containerName)
		return err
	}
	noun := "difference"
	if len(changes) > 1 {
		noun = "differences"
	}
	if _, err := fmt.Fprintf(w, "%d %s between %s (spec) and %s (container):\n", len(changes), noun, specName, containerName); err != nil {
		return err
	}
	for _, c := range changes {
		if _, err := fmt.Fprintln(w, c.String()); err != nil {
			return err
		}
	}
	return nil
}

// WriteDiffGitHub prints one GitHub Actions workflow command per change,
// so that drift shows on the pull request at the spec line concerned:
//
//	::error file=tagspec.yaml,line=31,col=5,title=tagspec diff::+ event "demo_request": ...
//
// A change the spec does not locate (something only the container has) is
// annotated on containerName. Every change is an error: drift fails CI.
func WriteDiffGitHub(w io.Writer, changes []Change, containerName string) error {
	bw := bufio.NewWriter(w)
	for _, c := range changes {
		props := ""
		if c.Pos.File != "" {
			props = "file=" + githubProperty.Replace(filepath.ToSlash(c.Pos.File)) + ","
			if c.Pos.Line > 0 {
				props += fmt.Sprintf("line=%d,", c.Pos.Line)
				if c.Pos.Col > 0 {
					props += fmt.Sprintf("col=%d,", c.Pos.Col)
				}
			}
		} else if containerName != "" {
			props = "file=" + githubProperty.Replace(filepath.ToSlash(containerName)) + ","
		}
		fmt.Fprintf(bw, "::error %stitle=tagspec diff::%s\n", props, githubData.Replace(c.message()))
	}
	return bw.Flush()
}

var (
	githubData     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	githubProperty = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

// WriteDiffJSON prints changes as a JSON document for machines.
func WriteDiffJSON(w io.Writer, changes []Change) error {
	if changes == nil {
		changes = []Change{}
	}
	doc := struct {
		Drift   bool     `json:"drift"`
		Changes []Change `json:"changes"`
	}{len(changes) > 0, changes}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

// sortedChangeKinds is used by tests to count changes per kind.
func sortedChangeKinds(cs []Change) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Kind + " " + c.Event + " " + c.Param
	}
	slices.SortFunc(out, cmp.Compare)
	return out
}
