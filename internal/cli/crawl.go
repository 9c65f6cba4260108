package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/tagspec/tagspec/crawler"
	"github.com/tagspec/tagspec/diag"
	"github.com/tagspec/tagspec/discover"
	"github.com/tagspec/tagspec/gtmruntime"
	"github.com/tagspec/tagspec/internal/rules"
	"github.com/tagspec/tagspec/report"
)

// crawlConfig holds the settings of tagspec crawl.
type crawlConfig struct {
	Config
	Journeys     []string
	Shard        string
	Concurrency  int
	Timeout      time.Duration
	StepTimeout  time.Duration
	Reports      []string
	Format       string
	Browser      string
	Routes       []string
	Block        []string
	Forward      bool
	Strict       bool
	Container    string
	Screenshots  string
	Discover     bool
	Start        []string
	MaxPages     int
	Depth        int
	Include      []string
	Exclude      []string
	NoSitemap    bool
	Retries      int
	IdleTimeout  time.Duration
	BrowserFlags []string
}

func (c *crawlConfig) declare(d *settingSet) {
	d.String(&c.BaseURL, "base-url", "", "", "site to crawl, overriding the environment's base_url (also TAGSPEC_BASE_URL)")
	d.StringArray(&c.Journeys, "journey", "", "run only this journey (repeatable); default: all")
	d.String(&c.Shard, "shard", "", "", "crawl only share K of N, K/N (e.g. 2/4): the journeys whose 0-based spec index modulo N is K-1; merge the shards' JSON with tagspec report merge")
	d.Int(&c.Concurrency, "concurrency", "", crawler.DefaultConcurrency, "journeys run at once")
	d.Duration(&c.Timeout, "timeout", "", 0, "bound on the whole crawl, e.g. 10m; 0 means none")
	d.Duration(&c.StepTimeout, "step-timeout", "", crawler.DefaultStepTimeout, "bound on each step, including the wait for its element")
	d.StringArray(&c.Reports, "report", "", "also write a report, FORMAT=PATH with FORMAT one of "+formatNames(diag.Formats)+" (repeatable)")
	d.String(&c.Format, "format", "f", "text", "summary on stdout: text or json", formatOf(diag.FormatText, diag.FormatJSON))
	d.String(&c.Browser, "browser", "", "", "Chromium or Chrome executable (default /usr/bin/chromium or chromium on PATH)")
	d.StringArray(&c.Routes, "route", "", "serve a local file for matching requests, PATTERN=FILE (repeatable); PATTERN is [scheme://]host[:port][/path], * any run, ? one character")
	d.StringArray(&c.Block, "block", "", "refuse requests matching PATTERN, [scheme://]host[:port][/path] with * any run and ? one character; a scheme must match (repeatable)")
	d.Bool(&c.Forward, "forward", "", false, "let captured hits continue to their real endpoint (off: answered locally)")
	d.Bool(&c.Strict, "strict", "", false, "count GA4 automatic events the spec does not define as unexpected")
	d.String(&c.Container, "container", "", "", "run this GTM container export in every page (tagspec's runtime, injected before page scripts); what it cannot run is a finding")
	d.String(&c.Screenshots, "screenshots", "", "", "directory for PNG screenshots of failed steps (they are in the HTML report in any case)")
	d.Bool(&c.Discover, "discover", "", false, "also find the site's pages (links and sitemaps) and check each one with no script")
	d.StringArray(&c.Start, "start", "", "with --discover: where discovery starts, a path or URL (repeatable; default the base URL)")
	d.Int(&c.MaxPages, "max-pages", "", discover.DefaultMaxPages, "with --discover: stop after this many pages", atLeast(1, "want 1 or more"))
	d.Int(&c.Depth, "depth", "", 0, "with --discover: follow links at most this deep from a start page; 0 means no limit", atLeast(0, "want 0 (no limit) or more"))
	d.StringArray(&c.Include, "include", "", "with --discover: check only pages whose path and query match this regular expression (repeatable)")
	d.StringArray(&c.Exclude, "exclude", "", "with --discover: skip pages whose path and query match this regular expression (repeatable)")
	d.Bool(&c.NoSitemap, "no-sitemap", "", false, "with --discover: follow links only, not robots.txt and /sitemap.xml")
	d.Int(&c.Retries, "retries", "", 0, "repeat a page that could not be loaded, or a journey whose step failed, up to N more times", atLeast(0, "want 0 or more"))
	d.Duration(&c.IdleTimeout, "idle-timeout", "", crawler.DefaultIdleTimeout, "with --discover: bound on the wait for each page to go network idle")
	d.StringArray(&c.BrowserFlags, "browser-flag", "", "extra browser switch, NAME or NAME=VALUE without dashes (repeatable), e.g. js-flags=--max-old-space-size=512")
}

func newCrawlCmd(a *app) *cobra.Command {
	var cfg crawlConfig
	cmd := &cobra.Command{
		Use:   "crawl [flags] [SPEC]",
		Short: "Run the spec's journeys in headless Chromium and check every GA4 hit",
		Long: `Crawl runs every journey of the spec in headless Chromium (one browser, each
journey in its own browser context, several at once), captures every GA4 hit and
dataLayer push from before the first page script runs, and checks them against
the spec: expected events missing, fired twice, unexpected, wrong or missing
parameters, hits before or against the consent choice, personal data, GA4 limits.

Hits are answered inside the browser with 204 and never reach Google unless
--forward is given. --route serves a local file for matching requests (pin a
third-party script, run offline); --block refuses requests (ad scripts, chat
widgets). Patterns are [scheme://]host[:port][/path], matched against the URL
as the browser requests it (lower-case host, path percent-encoded). A scheme
must match when given: "https://*" blocks no http:// page. The host ignores
case and user:pw@; a host that names a port (127.0.0.1:8080) matches that port
only (80 or 443 when the URL names none), one without a port every port. A
path matches the whole path; without one, every path. The query string and
fragment never take part. * matches any run of characters, / and . included,
and ? exactly one.

The site is the environment's base_url (--env) or --base-url. --timeout bounds
the whole crawl: journeys still running then are reported as incomplete and
every report is still written. Ctrl-C or SIGTERM stops the crawl the same way:
the journeys that finished are reported as they are, the others as incomplete,
every report is written, and a journey cut short makes the exit status 1.

--discover also checks the whole site, with no script: it follows same-origin
links (and the sitemaps of robots.txt and /sitemap.xml) from --start (default
the base URL), then opens every page it reached in a fresh browser context,
accepts consent when the spec has a banner, and checks that page_view fired
exactly once, that the spec's page_view-triggered events fired on the pages
their triggers match and nowhere else, and that no page sent personal data, a
hit before consent or an event outside the spec. Reports gain a table of pages
x events. --max-pages, --depth, --include and --exclude (regular expressions on
path and query) bound it. A page that answers an error, redirects in a loop,
times out, never goes network idle or crashes its tab is a finding, and the
crawl goes on; --retries N repeats such pages, and journeys whose step failed,
and the report says why.

--shard K/N crawls one share of the journeys (those whose position in the
spec, counted from 0, modulo N is K-1) and of the discovered pages (by a hash
of their path and query), so N CI jobs split a spec and a site, and
tagspec report merge combines their JSON reports.

--container FILE.json runs that GTM container on every page with tagspec's own
runtime (no GTM account, nothing published), so the hits checked are the ones
the container sends; parts of it the runtime does not emulate are findings.

Live progress goes to stderr (every step shows its verdict, passed or FAILED
with the findings the report gives that step: a hit belongs to the step that
sent it); the summary
(--format text|json) to stdout;
--report FORMAT=PATH writes ` + reportFormatsInWords() + ` reports too.

Exit status: 0 when every journey passes, 1 when a finding is an error, 2 for a
bad spec or flag, 3 when the browser cannot run (install it with
apt-get install chromium, or pass --browser PATH).`,
		Example: `  tagspec crawl tagspec.yaml --env staging
  tagspec crawl --base-url http://localhost:8080 --journey "newsletter from the blog"
  tagspec crawl --concurrency 4 --timeout 5m --report junit=out/junit.xml --report html=out/crawl.html
  tagspec crawl --format json > crawl.json
  tagspec crawl tagspec.yaml --base-url http://localhost:8080 --container container.json
  tagspec crawl --route 'www.googletagmanager.com/gtm.js=testdata/gtm.js' --block '*.doubleclick.net'
  tagspec crawl --discover --max-pages 2000 --exclude '^/admin/' --retries 2 --shard 1/4 --report json=shard1.json`,
		Args: usageArgs(cobra.MaximumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := a.loadConfig(cmd); err != nil {
				return err
			}
			path := DefaultSpecFile
			if len(args) == 1 {
				path = args[0]
			}
			format := cfg.Format
			outputs, err := parseReportFlags(cfg.Reports)
			if err != nil {
				return err
			}
			var routes []crawler.Route
			for _, r := range cfg.Routes {
				rt, err := crawler.ParseRoute(r)
				if err != nil {
					return badInput(err)
				}
				routes = append(routes, rt)
			}
			var shard crawler.Shard
			if v := cfg.Shard; v != "" {
				if shard, err = crawler.ParseShard(v); err != nil {
					return badInputf("--%v", err) // the error starts with shard "K/N"
				}
			}
			s, err := a.loadSpec(path)
			if err != nil {
				return err
			}
			baseURL, err := cfg.target(s)
			if err != nil {
				return err
			}
			if baseURL == "" {
				return badInputf("%s: no base URL to crawl: pass --base-url URL or --env NAME (an environment with a base_url)", path)
			}
			if err := crawler.CheckBaseURL(baseURL); err != nil {
				return badInputf("%s %q: %v", cfg.baseURLSource(), baseURL, err)
			}
			opts := crawler.Options{
				BaseURL:       baseURL,
				Journeys:      cfg.Journeys,
				Shard:         shard,
				Concurrency:   cfg.Concurrency,
				Timeout:       cfg.Timeout,
				StepTimeout:   cfg.StepTimeout,
				Forward:       cfg.Forward,
				Routes:        routes,
				Block:         cfg.Block,
				Strict:        cfg.Strict,
				MeasurementID: s.MeasurementID,
				ScreenshotDir: cfg.Screenshots,
				Browser:       crawler.BrowserOptions{ExecPath: cfg.Browser, Flags: cfg.BrowserFlags},
				Progress:      progressPrinter(a.stderr),
				Retries:       cfg.Retries,
				IdleTimeout:   cfg.IdleTimeout,
			}
			if cfg.Discover {
				d, err := discoverOptions(&cfg)
				if err != nil {
					return err
				}
				opts.Discover = d
			}
			var unsupported []gtmruntime.Unsupported
			if c := cfg.Container; c != "" {
				js, un, err := a.containerScript(c)
				if err != nil {
					return err
				}
				opts.InitScripts, unsupported = append(opts.InitScripts, js), un
			}
			if opts.ScreenshotDir != "" {
				if err := os.MkdirAll(opts.ScreenshotDir, 0o755); err != nil {
					return badInputf("--screenshots: %v", err)
				}
			}
			res, err := crawler.Run(a.ctx, s, opts)
			if err != nil {
				var be *crawler.BrowserError
				if errors.As(err, &be) {
					return failure(err)
				}
				return badInput(err)
			}
			r := crawlReport(res)
			warnInterrupted(a, r)
			// What the container runtime does not emulate goes into the
			// report, so every printer and --report file shows it.
			for _, u := range unsupported {
				r.Findings = append(r.Findings, u.Finding(cfg.Container))
			}
			return a.writeCrawlReports(r, format, outputs)
		},
	}
	a.declare(cmd, &cfg)
	return cmd
}

// discoverOptions reads the --discover flags.
func discoverOptions(cfg *crawlConfig) (*discover.Options, error) {
	d := &discover.Options{
		Start:     cfg.Start,
		MaxPages:  cfg.MaxPages,
		Depth:     cfg.Depth,
		NoSitemap: cfg.NoSitemap,
	}
	for _, f := range []struct {
		name  string
		exprs []string
	}{{"include", cfg.Include}, {"exclude", cfg.Exclude}} {
		name := f.name
		for _, expr := range f.exprs {
			re, err := regexp.Compile(expr)
			if err != nil {
				return nil, badInputf("--%s %q: not a regular expression: %v", name, expr, err)
			}
			if name == "include" {
				d.Include = append(d.Include, re)
			} else {
				d.Exclude = append(d.Exclude, re)
			}
		}
	}
	return d, nil
}

// warnInterrupted says on stderr when Ctrl-C or SIGTERM stopped the crawl
// and how many journeys it cut short; those are incomplete, hence failed,
// in every report, so the exit status is 1.
func warnInterrupted(a *app, r *report.Report) {
	if a.ctx.Err() == nil {
		return
	}
	cut := 0
	for _, j := range r.Journeys {
		if j.Incomplete {
			cut++
		}
	}
	what := "journeys"
	if r.Discovery != nil {
		what = "journeys and pages"
	}
	fmt.Fprintf(a.stderr, "crawl interrupted (%v): %d of %d %s incomplete; writing the reports of what finished\n",
		context.Cause(a.ctx), cut, len(r.Journeys), what)
}

// reportFormatsInWords lists every report format for help texts, e.g.
// "text, json, junit, github, html or sarif".
func reportFormatsInWords() string {
	return diag.FormatList(diag.Formats)
}

// formatNames lists formats for flag usages, e.g. "text, json, github".
func formatNames(fs []diag.Format) string {
	names := make([]string, len(fs))
	for i, f := range fs {
		names[i] = string(f)
	}
	return strings.Join(names, ", ")
}

// ruleCatalog returns every rule of tagspec: the library packages' and the
// command line's own (Rules).
var ruleCatalog = sync.OnceValues(func() (*diag.Catalog, error) { return rules.Catalog(Rules) })

// catalog returns ruleCatalog's catalogue, or the tool failure of a broken
// one (a duplicate rule id: a bug the tests catch).
func catalog() (*diag.Catalog, error) {
	c, err := ruleCatalog()
	if err != nil {
		return nil, failure(fmt.Errorf("rule registry: %w", err))
	}
	return c, nil
}

// reportOutput is one --report FORMAT=PATH.
type reportOutput struct {
	format diag.Format
	path   string
}

func parseReportFlags(vals []string) ([]reportOutput, error) {
	var out []reportOutput
	for _, v := range vals {
		format, path, ok := strings.Cut(v, "=")
		if !ok || path == "" {
			return nil, badInputf("--report %q: want FORMAT=PATH, e.g. junit=out/junit.xml", v)
		}
		f, err := diag.ParseFormat(format)
		if err != nil {
			return nil, badInputf("--report %q: unknown format %q (use %s)", v, format, formatNames(diag.Formats))
		}
		out = append(out, reportOutput{format: f, path: path})
	}
	return out, nil
}

// writeCrawlReports prints the summary, writes the report files and maps
// the verdict to the exit status.
func (a *app) writeCrawlReports(r *report.Report, format string, outputs []reportOutput) error {
	rules, err := catalog()
	if err != nil {
		return err
	}
	if err := report.Write(diag.Format(format), a.stdout, r, rules); err != nil {
		return failure(err)
	}
	for _, o := range outputs {
		if err := writeReportFile(o, r); err != nil {
			return failure(err)
		}
		fmt.Fprintf(a.stderr, "wrote %s report to %s\n", o.format, o.path)
	}
	if r.HasErrors() || r.Failed() > 0 {
		return errFindings
	}
	return nil
}

func writeReportFile(o reportOutput, r *report.Report) error {
	if dir := filepath.Dir(o.path); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	f, err := os.Create(o.path)
	if err != nil {
		return err
	}
	rules, err := catalog()
	if err != nil {
		f.Close()
		return err
	}
	if err := report.Write(o.format, f, r, rules); err != nil {
		f.Close()
		return fmt.Errorf("%s report %s: %w", o.format, o.path, err)
	}
	return f.Close()
}
