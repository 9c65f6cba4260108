package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"

	"cloud.google.com/go/bigquery"
	"github.com/spf13/cobra"
	"google.golang.org/api/option"

	"github.com/tagspec/tagspec/benchmark"
	"github.com/tagspec/tagspec/diag"
	"github.com/tagspec/tagspec/ga4export"
)

// benchConfig holds the settings of tagspec bench.
type benchConfig struct {
	Config
	Data             []string
	Jobs             int
	From, To         string
	Format           string
	Reports          []string
	Ranges           string
	BigQuery         string
	BillingProject   string
	BigQueryEndpoint string
	SQL              bool
	Example          bool
	Compare          string
	CompareBy        string
	Baseline         string
	MinLift          string
	MaxGroups        int
	EarlySignals     string
}

func (c *benchConfig) declare(d *settingSet) {
	d.StringSlice(&c.Data, "data", "", "observed data file or directory of export files (repeatable; shell-style patterns are expanded)")
	d.Int(&c.Jobs, "jobs", "", 0, "goroutines decoding each export file (0: one per CPU)", atLeast(0, "want 0 (one per CPU) or more"))
	d.String(&c.From, "from", "", "", "first day to include, YYYY-MM-DD or YYYYMMDD")
	d.String(&c.To, "to", "", "", "last day to include, YYYY-MM-DD or YYYYMMDD")
	d.String(&c.Format, "format", "f", "text", "output format on stdout: "+formatNames(benchFormats), formatOf(benchFormats...))
	d.StringArray(&c.Reports, "report", "", "also write a report file, FORMAT=PATH (repeatable), e.g. html=bench.html")
	d.String(&c.Ranges, "ranges", "", "", "YAML file of industry ranges that add to or override the built-in ones")
	d.String(&c.BigQuery, "bigquery", "", "", "run in BigQuery over the GA4 export dataset PROJECT.DATASET")
	d.String(&c.BillingProject, "billing-project", "", "", "Google Cloud project that runs and pays for the BigQuery job (default: the dataset's project)")
	d.hide(d.String(&c.BigQueryEndpoint, "bigquery-endpoint", "", "", "base URL of a BigQuery-compatible REST API to send --bigquery to, without credentials (for testing against an emulator); also TAGSPEC_BIGQUERY_ENDPOINT"))
	d.Bool(&c.SQL, "sql", "", false, "print the BigQuery SQL script for --bigquery (counters, then rows per day) and exit")
	d.Bool(&c.Example, "example", "", false, "benchmark generated example data instead of --data")
	d.String(&c.Compare, "compare", "", "", "compare two periods of users, FROM..TO,FROM..TO (days as YYYY-MM-DD or YYYYMMDD)")
	d.String(&c.CompareBy, "compare-by", "", "", "compare the users of each value of: an event parameter (experiment_variant; param:NAME for a parameter named like a dimension), source, medium, source/medium, country or device")
	d.String(&c.Baseline, "baseline", "", "", "the group the others are compared with (default: the first period, the first value of an event parameter, or the largest group)")
	d.String(&c.MinLift, "min-lift", "", "10%", "relative lift the sample size still needed is computed for, e.g. 10% or 0.1")
	d.Int(&c.MaxGroups, "max-groups", "", benchmark.DefaultMaxGroups, "groups compared at most: the baseline and the largest others")
	d.String(&c.EarlySignals, "early-signals", "", "", "write the users who match a strong momentum pattern but have not converted to this CSV file (user_pseudo_id,score,pattern,lift,matched_at)")
}

// benchFormats are the formats bench prints its report in (benchmark.Write).
var benchFormats = []diag.Format{diag.FormatText, diag.FormatJSON, diag.FormatCSV, diag.FormatHTML}

func newBenchCmd(a *app) *cobra.Command {
	var cfg benchConfig
	cmd := &cobra.Command{
		Use:   "bench [flags] [SPEC]",
		Short: "Compare observed micro-conversion rates with industry ranges",
		Long: `Bench reads observed GA4 data and reports, for every event of the spec, the
rate (numerator and denominator as the event's industry range defines them, or
sessions with the event / sessions by default; users who started a video for
video events), its 95% Wilson interval and a verdict with the reason for it:
below range, within range, above range or high performer when the whole
interval lies in that band; inconclusive when the interval straddles a bound of
the range; no data when the event does not occur in the data at all (a missing
event is not a 0% rate). It also reports every spec funnel (open and ordered variants, step
conversion, drop-off, the biggest leak), the predictive weight of every
micro-conversion (macro-conversion rate with versus without it, the lift with
its interval, the median time to the macro-conversion), and data problems:
days on which an event is missing, rows without ga_session_id or
user_pseudo_id, purchases without transaction ids.

Momentum, when the spec has a macro-conversion and the data has users
(export files, --bigquery, --example): the sequences of micro-conversions
that come before the macro-conversion, mined within stated bounds (order,
repeat counts such as pricing_view x3, windows from first touch) and ranked by
the low end of their lift's 95% interval, each said in words ("pricing_view x3
then roi_calculator_engaged within 7 days: 4.5x conversion [4.1-5.0], 44% of
converters; converted in a median 9.1 days, 9.0 days faster than users without
it"); the same for the patterns the spec declares under patterns:; velocity,
the time from first touch to each funnel stage and to the macro-conversion
(quartiles); and early signals, the users who match a pattern whose whole
interval lies above 1 but have not converted. --early-signals FILE.csv writes
those users' user_pseudo_id (the export's pseudonymous id, nothing else about
them) with a score, the pattern, its lift and when they matched it.

Data, with --data (repeatable): a file, a directory or a quoted pattern.
  *.json, *.ndjson, *.jsonl (optionally .gz)  GA4 BigQuery export rows, NDJSON or a JSON array
  *.parquet                                   GA4 BigQuery export rows as Parquet
  *.csv                                       a GA4 report CSV download (event- and user-based rates only)
A directory stands for the export files directly inside it. Files named like
the export tables (events_YYYYMMDD, events_intraday_YYYYMMDD, optionally with
a shard number: events_20250301-000000000001.json) are read in date order;
other names in the order given. Two exports of one day (events_20250301.json
next to events_20250301.parquet, or the intraday and the daily table of one
day) are refused rather than counted twice. Files are read one after another,
each decoded by --jobs goroutines (default: one per CPU) that read only the
columns the benchmark needs; the answers are the same for every --jobs. The
report gives the days the data covers, and days without any row between the
first and the last file are a data/missing-export-days data problem. Or run the same computation inside
BigQuery with --bigquery PROJECT.DATASET (credentials from the environment, as
for every Google Cloud client); --sql prints those queries instead of running them.

Every report with a macro-conversion also has a predictive model: a
regularised logistic regression of "the user reached a macro-conversion" on the
micro-conversions the user did, each micro-conversion's odds ratio with its
interval (the others held fixed) beside its lift alone, ranked as what to
optimise first (local data; not yet with --bigquery).

Compare groups of users with --compare-by DIMENSION (an event parameter such as
experiment_variant, or source, medium, source/medium, country, device) or two
periods with --compare FROM..TO,FROM..TO. Each user belongs to the group of the
first value seen (experiments assign variants per user, and the sessions of
one user are not independent); comparing periods, a user active in both counts
in each with that period's events. For every spec event and the
macro-conversion: the rate per group, the difference from the baseline group
(--baseline; default the first period, the first value of an event parameter
in sorted order, or the largest group) with its 95% interval, the p-value (z
test, Fisher's exact test for nearly empty cells), significance after Holm's
correction over all the tests, the users each group needs to detect a
--min-lift relative lift at 80% power and alpha 0.05, and a warning when a
micro-conversion rose significantly while the macro-conversion fell
("optimizing in a silo"). With --bigquery the grouped query runs there too.

Industry ranges are built in, each with its definition, source and year; add
or override them with --ranges FILE (the shape of the built-in ranges.yaml).

With no SPEC, bench reads tagspec.yaml in the working directory.

Exit status: 0 when the report was written, 2 for bad input, 3 when BigQuery
or writing the report fails.`,
		Example: `  tagspec bench tagspec.yaml --data events_20250301.json --data events_20250302.json
  tagspec bench tagspec.yaml --data 'exports/events_202503*.parquet' --from 2025-03-01 --to 2025-03-31
  tagspec bench tagspec.yaml --data exports/ --jobs 4
  tagspec bench tagspec.yaml --data events-report.csv --format json
  tagspec bench tagspec.yaml --data events_*.json --report html=bench.html --report csv=bench.csv
  tagspec bench tagspec.yaml --data exports/ --early-signals signals.csv
  tagspec bench tagspec.yaml --bigquery my-project.analytics_123456789 --from 20250301 --to 20250331
  tagspec bench tagspec.yaml --bigquery my-project.analytics_123456789 --sql > bench.sql
  tagspec bench --example --report html=demo.html              # reads tagspec.yaml
  tagspec bench tagspec.yaml --data exports/ --compare-by experiment_variant --baseline control
  tagspec bench tagspec.yaml --data exports/ --compare-by source/medium --min-lift 5%
  tagspec bench tagspec.yaml --data exports/ --compare 2025-03-01..2025-03-14,2025-03-15..2025-03-28`,
		Args: usageArgs(cobra.MaximumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := a.loadConfig(cmd); err != nil {
				return err
			}
			path := DefaultSpecFile
			if len(args) == 1 {
				path = args[0]
			}
			return a.runBench(&cfg, path)
		},
	}
	a.declare(cmd, &cfg)
	return cmd
}

func (a *app) runBench(cfg *benchConfig, specPath string) error {
	ctx := a.ctx
	s, err := a.loadSpec(specPath)
	if err != nil {
		return err
	}
	ranges := benchmark.BuiltinRanges()
	if path := cfg.Ranges; path != "" {
		if ranges, err = benchmark.LoadRanges(ctx, path); err != nil {
			return badInput(err)
		}
	}
	opts := benchmark.Options{Jobs: cfg.Jobs}
	if opts.From, err = benchDate("--from", cfg.From); err != nil {
		return err
	}
	if opts.To, err = benchDate("--to", cfg.To); err != nil {
		return err
	}
	if opts.From != "" && opts.To != "" && opts.From > opts.To {
		return badInputf("--from %s is after --to %s", cfg.From, cfg.To)
	}
	format := cfg.Format
	type reportFile struct{ format, path string }
	var files []reportFile
	for _, r := range cfg.Reports {
		f, path, ok := strings.Cut(r, "=")
		if _, err := diag.ParseFormat(f, benchFormats...); !ok || path == "" || err != nil {
			return badInputf("--report %q: want FORMAT=PATH with FORMAT one of %s", r, formatNames(benchFormats))
		}
		files = append(files, reportFile{f, path})
	}
	if opts.Compare, err = compareOptions(cfg); err != nil {
		return err
	}
	plan := benchmark.NewPlan(s, ranges)
	signalsPath := cfg.EarlySignals
	if signalsPath != "" && !s.HasMacro() {
		return badInputf("--early-signals %s: the spec has no macro-conversion (kind: macro), so there is nothing to signal", signalsPath)
	}
	dataset := cfg.BigQuery
	data := cfg.Data

	var rep *benchmark.Report
	switch {
	case cfg.SQL:
		if dataset == "" {
			return badInputf("--sql needs --bigquery PROJECT.DATASET to name the export tables")
		}
		sql, err := plan.Script(dataset, opts)
		if err != nil {
			return badInput(err)
		}
		if opts.Compare != nil {
			csql, err := plan.CompareSQL(dataset, opts)
			if err != nil {
				return badInput(err)
			}
			sql += "\n" + strings.TrimRight(csql, "\n") + ";\n"
		}
		if _, err := io.WriteString(a.stdout, sql); err != nil {
			return failure(err)
		}
		return nil
	case dataset != "":
		if len(data) > 0 || cfg.Example {
			return badInputf("use either --bigquery or --data/--example, not both")
		}
		if _, err := plan.SQL(dataset, opts); err != nil {
			return badInput(err)
		}
		project := cfg.BillingProject
		if project == "" {
			project = benchmark.ProjectOf(dataset)
		}
		var copts []option.ClientOption
		if ep := cfg.BigQueryEndpoint; ep != "" {
			// An emulator (scripts/bigquery-check.sh): no credentials,
			// and the REST paths under /bigquery/v2/ as on Google's host.
			if !strings.HasPrefix(ep, "http://") && !strings.HasPrefix(ep, "https://") {
				return badInputf("--bigquery-endpoint %q: want an http:// or https:// URL", ep)
			}
			copts = append(copts, option.WithEndpoint(strings.TrimRight(ep, "/")+"/bigquery/v2/"), option.WithoutAuthentication())
		}
		client, err := bigquery.NewClient(ctx, project, copts...)
		if err != nil {
			return failure(prefixOnce("bigquery", err))
		}
		defer client.Close()
		if rep, err = benchmark.RunBigQuery(ctx, client, plan, dataset, opts); err != nil {
			return failure(err)
		}
	case cfg.Example:
		if len(data) > 0 {
			return badInputf("use either --example or --data, not both")
		}
		if opts.Compare != nil {
			return badInputf("--compare and --compare-by need --data or --bigquery: the example data carries no experiment or dimensions")
		}
		if rep, err = benchmark.ExampleReport(ctx, s, ranges, benchmark.ExampleOptions{}); err != nil {
			return failure(err)
		}
	default:
		paths, err := expandData(data)
		if err != nil {
			return err
		}
		if rep, err = benchFiles(a, plan, paths, opts); err != nil {
			return err
		}
	}
	if signalsPath != "" {
		if rep.Momentum == nil {
			return badInputf("--early-signals %s: a GA4 report CSV holds no users' timelines; give GA4 export files, --bigquery or --example", signalsPath)
		}
		if err := writeEarlySignals(rep, signalsPath); err != nil {
			return failure(err)
		}
	}
	if err := benchmark.Write(ctx, a.stdout, rep, format); err != nil {
		return failure(err)
	}
	for _, f := range files {
		if err := writeBenchReport(a, rep, f.format, f.path); err != nil {
			return failure(err)
		}
	}
	if format == benchmark.FormatText && len(rep.Problems) > 0 {
		fmt.Fprintf(a.stderr, "%s in the data (listed under DATA PROBLEMS)\n", plural(len(rep.Problems), "problem"))
	}
	return nil
}

// benchFiles reads export files, or one report CSV.
func benchFiles(a *app, plan *benchmark.Plan, paths []string, opts benchmark.Options) (*benchmark.Report, error) {
	var csvs, exports []string
	for _, p := range paths {
		format, err := ga4export.DetectFormat(p)
		if err != nil {
			return nil, badInput(err)
		}
		if format == ga4export.FormatReportCSV {
			csvs = append(csvs, p)
		} else {
			exports = append(exports, p)
		}
	}
	switch {
	case len(csvs) > 0 && len(exports) > 0:
		return nil, badInputf("--data mixes report CSVs (%s) with export files (%s): benchmark one kind at a time", csvs[0], exports[0])
	case len(csvs) > 1:
		return nil, badInputf("--data names %d report CSVs: benchmark one report at a time", len(csvs))
	case len(csvs) == 1:
		if opts.Compare != nil {
			return nil, badInputf("--compare and --compare-by need export rows: a report CSV holds only totals")
		}
		if opts.From != "" || opts.To != "" {
			return nil, badInputf("--from and --to do not apply to a report CSV: its dates are fixed when GA4 exports it")
		}
		rep, err := ga4export.ReadReportFile(a.ctx, csvs[0])
		if err != nil {
			return nil, badInput(err)
		}
		out, err := plan.FromReportCSV(rep)
		if err != nil {
			return nil, badInput(err)
		}
		return out, nil
	}
	if os.Getenv("GOGC") == "" {
		defer debug.SetGCPercent(debug.SetGCPercent(benchGCPercent))
	}
	rep, err := benchmark.RunFiles(a.ctx, plan, exports, opts)
	if err != nil {
		return nil, badInput(err)
	}
	return rep, nil
}

// benchGCPercent is the garbage collector's target while export files are
// read, unless GOGC is set. Most of the heap is then the sessions and
// users counted so far, held without pointers (see benchmark's shard), so
// collecting more often costs some CPU (0.3 s per million Parquet rows),
// while the default target (100: twice the live heap) would add half again
// to the peak memory of a large export. perf/benchmark measures the effect.
const benchGCPercent = 25

// expandData turns --data values into files: shell-style patterns
// (quoted patterns reach tagspec unexpanded) are expanded, a directory
// stands for the export files directly inside it, and a plain name must
// name a file tagspec reads. Every error names the --data value and the
// path at fault.
func expandData(data []string) ([]string, error) {
	if len(data) == 0 {
		return nil, badInputf("no data: give --data FILE (GA4 export JSON/Parquet or a report CSV), --bigquery PROJECT.DATASET or --example")
	}
	var out []string
	for _, d := range data {
		if !strings.ContainsAny(d, "*?[") {
			files, err := dataPath(d, d)
			if err != nil {
				return nil, err
			}
			out = append(out, files...)
			continue
		}
		matches, err := filepath.Glob(d)
		if err != nil {
			return nil, badInputf("--data %q: %v", d, err)
		}
		if len(matches) == 0 {
			return nil, badInputf("--data %q matches no file", d)
		}
		for _, m := range matches { // Glob sorts, so daily files come oldest first
			files, err := dataPath(d, m)
			if err != nil {
				return nil, err
			}
			out = append(out, files...)
		}
	}
	return out, nil
}

// dataPath checks one path given by (or matched from) the --data value
// arg: a file of a known type, or a directory of export files.
func dataPath(arg, path string) ([]string, error) {
	st, err := os.Stat(path)
	if err != nil {
		if _, ferr := ga4export.DetectFormat(path); ferr != nil && !strings.ContainsAny(arg, "*?[") {
			return nil, badInput(ferr) // a name tagspec would not read anyway
		}
		return nil, badInputf("--data %s: %v", path, pathErr(err))
	}
	if !st.IsDir() {
		if _, err := ga4export.DetectFormat(path); err != nil {
			return nil, badInput(err)
		}
		f, err := os.Open(path)
		if err != nil {
			return nil, badInputf("--data %s: %v", path, pathErr(err))
		}
		f.Close()
		return []string{path}, nil
	}
	entries, err := os.ReadDir(path)
	if err != nil {
		return nil, badInputf("--data %s: %v", path, pathErr(err))
	}
	var files []string
	for _, e := range entries { // sorted by name
		name := e.Name()
		if strings.HasPrefix(name, ".") {
			continue
		}
		format, err := ga4export.DetectFormat(name)
		if err != nil || format == ga4export.FormatReportCSV {
			continue
		}
		p := filepath.Join(path, name)
		st, err := os.Stat(p)
		if err != nil {
			return nil, badInputf("--data %s: %s: %v", arg, p, pathErr(err))
		}
		if st.IsDir() {
			continue
		}
		files = append(files, p)
	}
	if len(files) == 0 {
		return nil, badInputf("--data %s: the directory holds no GA4 export files (*.parquet, *.json, *.ndjson, *.jsonl, optionally .gz)", path)
	}
	return files, nil
}

// pathErr drops the operation and path from an *os.PathError, which the
// caller's message already names.
func pathErr(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// benchDate accepts YYYY-MM-DD or YYYYMMDD and returns YYYYMMDD.
func benchDate(flag, v string) (string, error) {
	if v == "" {
		return "", nil
	}
	d := strings.ReplaceAll(v, "-", "")
	if len(d) != 8 || strings.Trim(d, "0123456789") != "" {
		return "", badInputf("%s %q: want a date as YYYY-MM-DD or YYYYMMDD", flag, v)
	}
	return d, nil
}

func writeBenchReport(a *app, rep *benchmark.Report, format, path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := benchmark.Write(a.ctx, f, rep, format); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	return f.Close()
}

// writeEarlySignals writes the report's early signals to path as CSV.
func writeEarlySignals(rep *benchmark.Report, path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := benchmark.WriteEarlySignals(f, rep); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	return f.Close()
}

// compareOptions reads --compare, --compare-by, --baseline, --min-lift and
// --max-groups; nil when no comparison is asked for.
func compareOptions(cfg *benchConfig) (*benchmark.CompareOptions, error) {
	periods, by := cfg.Compare, cfg.CompareBy
	if periods == "" && by == "" {
		if cfg.Baseline != "" {
			return nil, badInputf("--baseline needs --compare or --compare-by")
		}
		return nil, nil
	}
	if periods != "" && by != "" {
		return nil, badInputf("use either --compare (two periods) or --compare-by (a dimension), not both")
	}
	co := &benchmark.CompareOptions{By: by, Baseline: cfg.Baseline, MaxGroups: cfg.MaxGroups}
	if periods != "" {
		parts := strings.Split(periods, ",")
		if len(parts) != 2 {
			return nil, badInputf("--compare %q: want two periods, FROM..TO,FROM..TO", periods)
		}
		for _, part := range parts {
			from, to, ok := strings.Cut(strings.TrimSpace(part), "..")
			if !ok {
				return nil, badInputf("--compare %q: period %q: want FROM..TO", periods, part)
			}
			f, err := benchDate("--compare", from)
			if err != nil {
				return nil, err
			}
			t, err := benchDate("--compare", to)
			if err != nil {
				return nil, err
			}
			if f == "" || t == "" {
				return nil, badInputf("--compare %q: period %q: want FROM..TO", periods, part)
			}
			co.Periods = append(co.Periods, [2]string{f, t})
		}
		if co.Baseline != "" {
			// Periods are named YYYY-MM-DD..YYYY-MM-DD; accept the days as given.
			if b, err := periodBaseline(co.Baseline); err == nil {
				co.Baseline = b
			}
		}
	}
	lift := strings.TrimSpace(cfg.MinLift)
	scale := 1.0
	if strings.HasSuffix(lift, "%") {
		lift, scale = strings.TrimSuffix(lift, "%"), 0.01
	}
	v, err := strconv.ParseFloat(strings.TrimPrefix(lift, "+"), 64)
	if err != nil || v*scale <= 0 || v*scale > 100 {
		return nil, badInputf("--min-lift %q: want a relative lift above 0, such as 10%% or 0.1", cfg.MinLift)
	}
	co.MinLift = v * scale
	if err := co.Check(); err != nil {
		return nil, badInputf("--compare: %v", strings.TrimPrefix(err.Error(), "compare: "))
	}
	return co, nil
}

// periodBaseline turns FROM..TO (either date form) into a period's name.
func periodBaseline(s string) (string, error) {
	from, to, ok := strings.Cut(s, "..")
	if !ok {
		return "", fmt.Errorf("not a period")
	}
	f, err := benchDate("--baseline", from)
	if err != nil {
		return "", err
	}
	t, err := benchDate("--baseline", to)
	if err != nil {
		return "", err
	}
	iso := func(d string) string { return d[:4] + "-" + d[4:6] + "-" + d[6:] }
	return iso(f) + ".." + iso(t), nil
}
