package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/tagspec/tagspec/crawler"
	"github.com/tagspec/tagspec/diag"
	"github.com/tagspec/tagspec/gtmruntime"
	"github.com/tagspec/tagspec/hits"
	"github.com/tagspec/tagspec/spec"
	"github.com/tagspec/tagspec/validator"
)

// previewConfig holds the settings of tagspec preview.
type previewConfig struct {
	Config
	URL     string
	Wait    time.Duration
	Clicks  []string
	Format  string
	Block   []string
	Browser string
}

func (c *previewConfig) declare(d *settingSet) {
	d.String(&c.URL, "url", "", "", "page to open with the container running (required)")
	d.Duration(&c.Wait, "wait", "", 3*time.Second, "how long to watch the page after it has loaded (and after the clicks)", atLeast[time.Duration](0, "want a duration of 0 or more, e.g. 3s"))
	d.StringArray(&c.Clicks, "click", "", "click the element matching this CSS selector after the page has loaded, e.g. the consent banner's accept button (repeatable, in order)")
	d.String(&c.Format, "format", "f", "text", "output: text or json", formatOf(diag.FormatText, diag.FormatJSON))
	d.StringArray(&c.Block, "block", "", "refuse requests matching PATTERN, e.g. the site's own GTM container (repeatable)")
	d.String(&c.Browser, "browser", "", "", "Chromium or Chrome executable (default /usr/bin/chromium or chromium on PATH)")
}

func newPreviewCmd(a *app) *cobra.Command {
	var cfg previewConfig
	cmd := &cobra.Command{
		Use:   "preview [flags] CONTAINER.json --url URL",
		Short: "Run a GTM container on a page in headless Chromium, without GTM, and show the GA4 hits it sends",
		Long: `Preview opens URL in headless Chromium with tagspec's container runtime
injected before any page script: the container's triggers, variables, Custom
HTML and GA4 tags run on the page as GTM would run them, with no GTM account
and nothing published. Every GA4 hit the container sends is captured in the
browser (answered with 204, nothing reaches Google) and printed, with its
event name and parameters. --click clicks elements once the page has loaded
(accept the consent banner, press a button), then preview watches the page
for --wait.

Everything in the container the runtime does not emulate (another tag,
trigger or variable type, a custom template, an undefined {{variable}}) is
printed to stderr as a finding; it never runs.

The page should carry no tracking code of its own, only the dataLayer pushes
the spec asks for; --block refuses requests such as the site's current GTM
container or gtag.js, so only the container under test runs. Use tagspec
crawl --container to run whole journeys.

Exit status: 0 when the container ran and everything in it is emulated, 1
when something is not emulated or a --click finds no element to click, 2 for an unreadable container or a bad URL,
3 when the browser cannot run.`,
		Example: `  tagspec generate gtm tagspec.yaml -o container.json
  tagspec preview container.json --url http://localhost:8080/pricing
  tagspec preview container.json --url https://staging.example.com/ --wait 5s --format json
  tagspec preview container.json --url https://staging.example.com/ --block www.googletagmanager.com
  tagspec preview container.json --url http://localhost:8080/pricing --click '#cookie-accept' --click 'a.cta'`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := a.loadConfig(cmd); err != nil {
				return err
			}
			format := cfg.Format
			raw := cfg.URL
			u, err := url.Parse(raw)
			if raw == "" || err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				return badInputf("--url %q: want the http(s) URL of the page to preview, e.g. --url http://localhost:8080/", raw)
			}
			wait := cfg.Wait
			js, unsupported, err := a.containerScript(args[0])
			if err != nil {
				return err
			}
			b, err := crawler.StartBrowser(a.ctx, crawler.BrowserOptions{ExecPath: cfg.Browser})
			if err != nil {
				return failure(err)
			}
			defer b.Close()
			var steps []spec.Step
			for _, sel := range cfg.Clicks {
				steps = append(steps, spec.Step{Kind: spec.StepClick, Selector: sel})
			}
			steps = append(steps, spec.Step{Kind: spec.StepWait, Millis: int(wait / time.Millisecond)})
			s := &spec.Spec{Name: "preview", Journeys: []spec.Journey{{Name: "preview", Start: u.String(), Steps: steps}}}
			obs, err := b.Observe(a.ctx, s, crawler.Options{BaseURL: u.Scheme + "://" + u.Host, InitScripts: []string{js},
				Block: cfg.Block, StepTimeout: wait + crawler.DefaultStepTimeout})
			if err != nil {
				return failure(err)
			}
			if len(obs) != 1 {
				return failure(fmt.Errorf("preview: the browser returned %d observations, want 1", len(obs)))
			}
			o := obs[0]
			if o.Incomplete {
				return failure(fmt.Errorf("preview of %s did not finish: %s", u, o.Reason))
			}
			if err := writePreview(a.stdout, format, args[0], u.String(), o, unsupported); err != nil {
				return failure(err)
			}
			// A click that cannot be done (no such element on the page) is
			// a finding about the page, like a failed step of a crawl: the
			// hits sent until then are still shown.
			failed := false
			for _, st := range o.Steps {
				if st.Error != "" && st.Index < len(steps) {
					fmt.Fprintf(a.stderr, "%s: error: %s [%s]\n", u, previewStepError(steps[st.Index], st.Error), validator.RuleStepFailed)
					failed = true
				}
			}
			if writeUnsupported(a.stderr, args[0], unsupported) || failed {
				return errFindings
			}
			return nil
		},
	}
	a.declare(cmd, &cfg)
	return cmd
}

// containerScript reads a container export and returns the runtime script
// that runs it and what the runtime does not emulate. A file that cannot
// be read or is not a container is bad input.
func (a *app) containerScript(path string) (string, []gtmruntime.Unsupported, error) {
	full := path
	if !filepath.IsAbs(full) {
		full = filepath.Join(a.wd, full)
	}
	data, err := readContainerFile(path, full)
	if err != nil {
		return "", nil, err
	}
	js, un, err := gtmruntime.Script(data)
	if err != nil {
		// Script names the file "container"; name the real one.
		return "", nil, badInputf("%s", strings.Replace(err.Error(), "container", path, 1))
	}
	return js, un, nil
}

// previewStepError says which --click could not be done.
func previewStepError(st spec.Step, msg string) string {
	if st.Kind == spec.StepClick {
		return fmt.Sprintf("--click %q: %s", st.Selector, msg)
	}
	return msg
}

// writeUnsupported prints one finding per container entity the runtime does
// not emulate, compiler style, and reports whether there was any.
func writeUnsupported(w io.Writer, path string, un []gtmruntime.Unsupported) bool {
	for _, u := range un {
		fmt.Fprintf(w, "%s: error: %s [%s]\n", path, u, gtmruntime.RuleUnsupported)
	}
	return len(un) > 0
}

// previewEvent is one GA4 event in preview output.
type previewEvent struct {
	Name          string         `json:"name"`
	MeasurementID string         `json:"measurement_id"`
	Page          string         `json:"page"`
	Params        []previewParam `json:"params"`
}

type previewParam struct {
	Name   string `json:"name"`
	Value  string `json:"value"`
	Number bool   `json:"number,omitempty"`
}

func writePreview(w io.Writer, format, container, page string, o *validator.Observation, un []gtmruntime.Unsupported) error {
	events := []previewEvent{}
	pushes := len(o.DataLayer)
	for _, e := range o.Events {
		if e.Source != validator.SourceHit {
			continue
		}
		tid, _ := e.Get("tid")
		pe := previewEvent{Name: e.Name, MeasurementID: tid, Page: e.Page, Params: []previewParam{}}
		for _, p := range e.Params {
			pe.Params = append(pe.Params, previewParam{Name: p.Name, Value: p.Value, Number: p.Type == hits.TypeNumber})
		}
		events = append(events, pe)
	}
	if format == "json" {
		if un == nil {
			un = []gtmruntime.Unsupported{}
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(struct {
			Container       string                   `json:"container"`
			URL             string                   `json:"url"`
			Events          []previewEvent           `json:"events"`
			DataLayerPushes int                      `json:"datalayer_pushes"`
			Unsupported     []gtmruntime.Unsupported `json:"unsupported"`
		}{container, page, events, pushes, un})
	}
	pushWord := "dataLayer pushes"
	if pushes == 1 {
		pushWord = "dataLayer push"
	}
	fmt.Fprintf(w, "%s on %s: %s, %d %s\n", container, page, plural(len(events), "GA4 event"), pushes, pushWord)
	for _, e := range events {
		var parts []string
		for _, p := range e.Params {
			// Strings quoted, numbers bare: the type GA4 receives.
			if p.Number {
				parts = append(parts, p.Name+"="+p.Value)
			} else {
				parts = append(parts, fmt.Sprintf("%s=%q", p.Name, p.Value))
			}
		}
		fmt.Fprintf(w, "  %-28s %s  %s\n", e.Name, e.MeasurementID, strings.Join(parts, " "))
	}
	return nil
}
