package cli

import (
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/tagspec/tagspec/diag"
	"github.com/tagspec/tagspec/report"
)

func newReportCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "report",
		Short: "Work with tagspec's reports (merge CI shards, summarise a CI run)",
		Long: `Report works with the JSON reports that tagspec's commands write. Its
subcommand merge combines the reports of a crawl split across CI jobs into one;
summary turns the reports of one CI run into a verdict, a Markdown job summary
and step outputs (what the tagspec GitHub Action shows).`,
		Example: `  tagspec report merge --spec tagspec.yaml shard-1.json shard-2.json --report html=out/crawl.html
  tagspec report summary --lint out/lint.json --crawl out/crawl.json`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return badInputf("tagspec report needs a subcommand: merge or summary")
		},
	}
	cmd.AddCommand(newReportMergeCmd(a), newReportSummaryCmd(a))
	return cmd
}

// reportMergeConfig holds the settings of tagspec report merge.
type reportMergeConfig struct {
	Config
	Output  string
	Spec    string
	Reports []string
	Format  string
}

func (c *reportMergeConfig) declare(d *settingSet) {
	// -o and --spec name this merge's files: they are read from the
	// command line only, never from a config file or the environment.
	d.String(&c.Output, "output", "o", "", "write the merged JSON report to FILE").fromCommandLineOnly()
	d.String(&c.Spec, "spec", "", "", "the crawl's spec: order journeys as in it and restore spec positions").fromCommandLineOnly()
	d.StringArray(&c.Reports, "report", "", "also write a report, FORMAT=PATH with FORMAT one of "+formatNames(diag.Formats)+" (repeatable)")
	d.String(&c.Format, "format", "f", "text", "summary on stdout: text or json", formatOf(diag.FormatText, diag.FormatJSON))
}

func newReportMergeCmd(a *app) *cobra.Command {
	var cfg reportMergeConfig
	cmd := &cobra.Command{
		Use:   "merge [flags] SHARD.json...",
		Short: "Combine the JSON reports of crawl shards into one set of reports",
		Long: `Merge reads the JSON reports of the shards of one crawl (tagspec crawl
--shard K/N --format json, or --report json=PATH) and prints one report of all
their journeys, with the totals recomputed: the summary (--format text|json) on
stdout, the merged JSON document in -o FILE, and any --report FORMAT=PATH (text,
json, junit, github, html, sarif).

Journeys keep the order of the files as given, each file's in its own order;
with --spec SPEC they follow the spec's order instead, and the text, JUnit and
HTML reports regain the spec positions and expectation lists that JSON does
not carry. A journey found in two files is an error naming both: each shard
runs its own share of the journeys.

Exit status: 0 when every journey passed, 1 when a finding is an error, 2 when
a file cannot be read or is not a tagspec JSON report (the message names the
file, the line and the column).`,
		Example: `  tagspec report merge out/shard-1.json out/shard-2.json
  tagspec report merge -o out/crawl.json --report junit=out/junit.xml --report html=out/crawl.html out/shard-*.json
  tagspec report merge --spec tagspec.yaml --format json out/shard-*.json > crawl.json`,
		Args: usageArgs(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := a.loadConfig(cmd); err != nil {
				return err
			}
			format := cfg.Format
			outputs, err := parseReportFlags(cfg.Reports)
			if err != nil {
				return err
			}
			if o := cfg.Output; o != "" {
				outputs = append(outputs, reportOutput{format: "json", path: o})
			}
			shards := make([]report.Shard, 0, len(args))
			for _, name := range args {
				r, err := a.readReportFile(name)
				if err != nil {
					return err
				}
				shards = append(shards, report.Shard{Source: name, Report: r})
			}
			merged, err := report.Merge(shards)
			if err != nil {
				return badInput(err)
			}
			if path := cfg.Spec; path != "" {
				s, err := a.loadSpec(path)
				if err != nil {
					return err
				}
				report.AttachSpec(merged, s)
				merged.Name, merged.Spec = s.Name, s.File
			}
			return a.writeCrawlReports(merged, format, outputs)
		},
	}
	a.declare(cmd, &cfg)
	return cmd
}

// readReportFile reads one shard's JSON report; errors name the file.
func (a *app) readReportFile(name string) (*report.Report, error) {
	path := name
	if !filepath.IsAbs(path) {
		path = filepath.Join(a.wd, path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, badInput(err)
	}
	defer f.Close()
	rules, err := catalog()
	if err != nil {
		return nil, err
	}
	r, err := report.ReadJSON(a.ctx, f, rules)
	if err != nil {
		return nil, badInputf("%s: %v", name, err)
	}
	return r, nil
}
