package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/tagspec/tagspec/benchmark"
	"github.com/tagspec/tagspec/crawler"
	"github.com/tagspec/tagspec/diag"
	"github.com/tagspec/tagspec/examplesite"
	"github.com/tagspec/tagspec/lint"
	"github.com/tagspec/tagspec/report"
	"github.com/tagspec/tagspec/spec"
	"github.com/tagspec/tagspec/templates"
)

// demoConfig holds the settings of tagspec demo.
type demoConfig struct {
	Config
	Out         string
	Concurrency int
	Timeout     time.Duration
	Browser     string
	Serve       bool
	Addr        string
	NoTracking  bool
}

func (c *demoConfig) declare(d *settingSet) {
	d.String(&c.Out, "out", "o", "tagspec-demo", "directory for the files the demo writes")
	d.Int(&c.Concurrency, "concurrency", "", crawler.DefaultConcurrency, "journeys run at once")
	d.Duration(&c.Timeout, "timeout", "", 5*time.Minute, "bound on the crawl")
	d.String(&c.Browser, "browser", "", "", "Chromium or Chrome executable (default /usr/bin/chromium or chromium on PATH)")
	d.Bool(&c.Serve, "serve", "", false, "only serve the example site until interrupted, for trying crawl, preview and check-hits")
	d.String(&c.Addr, "addr", "", DefaultExampleSiteAddr, "with --serve: address to listen on (port 0 picks a free port)")
	d.Bool(&c.NoTracking, "no-tracking", "", false, "with --serve: pages without their own tracking code, for preview and crawl --container")
}

func newDemoCmd(a *app) *cobra.Command {
	var cfg demoConfig
	cmd := &cobra.Command{
		Use:   "demo [--out DIR] | demo --serve [--addr HOST:PORT]",
		Short: "Tour the whole pipeline on the built-in example site",
		Long: `Demo runs tagspec end to end on its built-in example, with nothing to set up but
a Chromium binary:

  1. serves the example site on 127.0.0.1 (our own tagging script, which speaks
     GA4's real /g/collect wire format, with batching and sendBeacon);
  2. writes and lints the example spec;
  3. generates its GTM container and the tracking plan for developers;
  4. crawls every journey in headless Chromium, capturing every GA4 hit and
     dataLayer push (nothing leaves the machine), and prints the verdict;
  5. benchmarks the spec's events on example GA4 export data against the
     industry ranges;

and ends by listing the files it wrote. Exit status as for crawl.

With --serve, demo only serves the example site, on --addr (default
127.0.0.1:8080, the staging base_url of the b2b-saas starter that tagspec init
writes), prints its URL and serves until Ctrl-C or SIGTERM, so that you can
try crawl, preview and check-hits on a site that is known to work.
--no-tracking serves the same pages without their own tracking code (only
the consent default and the dataLayer pushes remain): the site a GTM
container from tagspec generate gtm runs on in tagspec preview and tagspec
crawl --container.`,
		Example: `  tagspec demo
  tagspec demo --out /tmp/tagspec-demo --concurrency 1
  tagspec demo --serve                       # the example site on http://127.0.0.1:8080 until Ctrl-C
  tagspec demo --serve --no-tracking --addr 127.0.0.1:9090`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := a.loadConfig(cmd); err != nil {
				return err
			}
			if cfg.Serve {
				return a.serveExampleSite(cfg.Addr, cfg.NoTracking)
			}
			for _, field := range []any{&cfg.Addr, &cfg.NoTracking} {
				if flag, given := a.givenFlag(cmd, field); given {
					return badInputf("--%s only applies with --serve", flag)
				}
			}
			return a.runDemo(&cfg)
		},
	}
	a.declare(cmd, &cfg)
	return cmd
}

// DefaultExampleSiteAddr is where tagspec demo --serve listens unless
// --addr says otherwise: the staging base_url of the starter templates.
const DefaultExampleSiteAddr = "127.0.0.1:8080"

// serveExampleSite serves the example site on addr until the command's
// context ends (Ctrl-C or SIGTERM), after printing its URL on stdout.
func (a *app) serveExampleSite(addr string, noTracking bool) error {
	site, err := examplesite.ServeOptions(a.ctx, addr, examplesite.Options{NoTracking: noTracking})
	if err != nil {
		return badInputf("--addr %s: cannot serve the example site there (%v); pick a free port, e.g. --addr 127.0.0.1:0", addr, errors.Unwrap(err))
	}
	kind := "example site"
	if noTracking {
		kind = "example site without tracking code"
	}
	fmt.Fprintf(a.stdout, "%s serving at %s\n", kind, site.URL)
	fmt.Fprintln(a.stderr, "press Ctrl-C to stop")
	<-a.ctx.Done()
	if err := site.Close(); err != nil {
		return failure(err)
	}
	fmt.Fprintln(a.stderr, "example site stopped")
	return nil
}

func (a *app) runDemo(cfg *demoConfig) error {
	out := cfg.Out
	if err := os.MkdirAll(out, 0o755); err != nil {
		return badInputf("--out: %v", err)
	}
	var written []string
	write := func(name string, data []byte) error {
		p := filepath.Join(out, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			return failure(err)
		}
		written = append(written, p)
		return nil
	}
	step := func(n int, format string, args ...any) {
		fmt.Fprintf(a.stdout, "\n== %d. %s\n", n, fmt.Sprintf(format, args...))
	}

	// 1. The example site.
	site, err := examplesite.Serve(a.ctx, "127.0.0.1:0")
	if err != nil {
		return failure(err)
	}
	defer site.Close()
	step(1, "example site serving at %s", site.URL)

	// 2. The spec, linted.
	specPath := filepath.Join(out, "tagspec.yaml")
	if err := write("tagspec.yaml", examplesite.Spec()); err != nil {
		return err
	}
	s, diags, err := spec.Load(specPath)
	if err != nil {
		return failure(fmt.Errorf("the built-in example spec: %w", err))
	}
	diags = diag.Sort(append(diags, lint.Check(s)...))
	step(2, "tagspec lint %s", specPath)
	if err := diag.WriteText(a.stdout, diags); err != nil {
		return failure(err)
	}
	fmt.Fprintf(a.stdout, "%d events, %d funnels, %d journeys: %s\n", len(s.Events), len(s.Funnels), len(s.Journeys), lintSummary(diags))

	// 3. The GTM container and the tracking plan.
	ts, err := generateTimestamp("", os.Getenv("SOURCE_DATE_EPOCH"))
	if err != nil {
		return badInput(err)
	}
	container, err := templates.Generate(s, templates.Options{Timestamp: ts})
	if err != nil {
		return failure(err)
	}
	if err := write("gtm-container.json", container); err != nil {
		return err
	}
	md, html := templates.Docs(s)
	if err := write("tracking-plan.md", md); err != nil {
		return err
	}
	if err := write("tracking-plan.html", html); err != nil {
		return err
	}
	step(3, "tagspec generate gtm: %s (%d bytes; import it in GTM under Admin > Import Container)", filepath.Join(out, "gtm-container.json"), len(container))

	// 4. The crawl.
	step(4, "tagspec crawl --base-url %s (headless Chromium, hits answered locally)", site.URL)
	res, err := crawler.Run(a.ctx, s, crawler.Options{
		BaseURL:       site.URL,
		Concurrency:   cfg.Concurrency,
		Timeout:       cfg.Timeout,
		MeasurementID: s.MeasurementID,
		Browser:       crawler.BrowserOptions{ExecPath: cfg.Browser},
		Progress:      progressPrinter(a.stderr),
	})
	if err != nil {
		var be *crawler.BrowserError
		if errors.As(err, &be) {
			return failure(err)
		}
		return failure(fmt.Errorf("crawl: %w", err))
	}
	r := crawlReport(res)
	if err := report.Write(diag.FormatText, a.stdout, r, nil); err != nil {
		return failure(err)
	}
	for _, o := range []reportOutput{
		{"html", filepath.Join(out, "crawl.html")},
		{"json", filepath.Join(out, "crawl.json")},
		{"junit", filepath.Join(out, "crawl-junit.xml")},
	} {
		if err := writeReportFile(o, r); err != nil {
			return failure(err)
		}
		written = append(written, o.path)
	}

	// 5. The benchmark, on example GA4 export data for this spec.
	exportPath := filepath.Join(out, "example-ga4-export.ndjson")
	f, err := os.Create(exportPath)
	if err != nil {
		return failure(err)
	}
	if err := benchmark.ExampleExport(a.ctx, f, s, benchmark.ExampleOptions{}); err != nil {
		f.Close()
		return failure(err)
	}
	if err := f.Close(); err != nil {
		return failure(err)
	}
	written = append(written, exportPath)
	step(5, "tagspec bench --data %s", exportPath)
	rep, err := benchmark.RunFiles(a.ctx, benchmark.NewPlan(s, benchmark.BuiltinRanges()), []string{exportPath}, benchmark.Options{})
	if err != nil {
		return failure(err)
	}
	if err := benchmark.Write(a.ctx, a.stdout, rep, benchmark.FormatText); err != nil {
		return failure(err)
	}
	benchHTML := filepath.Join(out, "benchmark.html")
	hf, err := os.Create(benchHTML)
	if err != nil {
		return failure(err)
	}
	if err := benchmark.Write(a.ctx, hf, rep, benchmark.FormatHTML); err != nil {
		hf.Close()
		return failure(err)
	}
	if err := hf.Close(); err != nil {
		return failure(err)
	}
	written = append(written, benchHTML)

	fmt.Fprintf(a.stdout, "\n== verdict: %d of %d journeys passed\n", len(r.Journeys)-r.Failed(), len(r.Journeys))
	fmt.Fprintln(a.stdout, "files:")
	for _, p := range written {
		fmt.Fprintf(a.stdout, "  %s\n", p)
	}
	if r.HasErrors() || r.Failed() > 0 {
		return errFindings
	}
	return nil
}

func lintSummary(diags []spec.Diagnostic) string {
	if len(diags) == 0 {
		return "no problems found"
	}
	return plural(len(diags), "problem")
}
