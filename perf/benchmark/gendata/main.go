// Command gendata writes a synthetic GA4 BigQuery export for the tagspec
// bench throughput benchmark: one events_YYYYMMDD file per day, as NDJSON,
// Parquet or both. The events, sessions and users come from
// benchmark.ExampleEvents for a spec (the b2b-saas starter by default).
// A spec that declares momentum patterns gets its first one planted (see
// ExampleEvents): -spec examplesite/example.yaml writes big files in which
// a fifth of the users do its "fast evaluator" pattern and convert more
// often, for tagspec bench's momentum sections at scale.
//
// With -schema full (the default) every row has all the top-level columns
// of the export table (device, geo, traffic sources, privacy_info,
// user_properties, items, ecommerce, a dozen or more event_params, ...),
// about 2 KB per row in NDJSON, because a reader must be measured on rows
// as wide as real ones. -schema narrow writes only the columns tagspec
// reads (ga4export's writers), with the same rows.
//
// -per-day N sizes the user pool so that each day has at least N rows and
// keeps the first N rows (by time) of each day: 1,000,000 rows at
// -per-day 1000000 is one daily file. Without -per-day the user pool is
// fixed (-users) and more rows mean more days.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"os/signal"
	"path/filepath"

	"github.com/tagspec/tagspec/benchmark"
	"github.com/tagspec/tagspec/diag"
	"github.com/tagspec/tagspec/ga4export"
	"github.com/tagspec/tagspec/spec"
	"github.com/tagspec/tagspec/starters"
)

// config is what the flags ask for.
type config struct {
	events   int64
	perDay   int64
	users    int
	format   string // json, parquet or both
	schema   string // full or narrow
	out      string
	specPath string
	seed     uint64
	rowGroup int64
}

func main() {
	var c config
	flag.Int64Var(&c.events, "events", 1_000_000, "rows to write")
	flag.Int64Var(&c.perDay, "per-day", 0, "rows per daily file (0: as many as the user pool gives)")
	flag.IntVar(&c.users, "users", 0, "size of the user pool (0: 20,000, or enough for -per-day)")
	flag.StringVar(&c.format, "format", "both", "json, parquet or both")
	flag.StringVar(&c.schema, "schema", "full", "full (every export column) or narrow (the columns tagspec reads)")
	flag.StringVar(&c.out, "out", "", "output directory (created)")
	flag.StringVar(&c.specPath, "spec", "", "spec file (default: the b2b-saas starter)")
	flag.Uint64Var(&c.seed, "seed", 1, "PRNG seed; the same seed and flags give the same files")
	flag.Int64Var(&c.rowGroup, "row-group", 128<<10, "rows per Parquet row group")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, c); err != nil {
		fmt.Fprintln(os.Stderr, "gendata:", err)
		os.Exit(1)
	}
}

func loadSpec(path string) (*spec.Spec, error) {
	var data []byte
	var err error
	name := "b2b-saas.yaml"
	if path != "" {
		data, err = os.ReadFile(path)
		name = path
	} else {
		data, err = starters.Get("b2b-saas")
	}
	if err != nil {
		return nil, err
	}
	s, diags, err := spec.Parse(name, data)
	if err != nil {
		return nil, err
	}
	if diag.HasErrors(diags) {
		return nil, fmt.Errorf("%s: %v", name, diags)
	}
	return s, nil
}

// rowsPerUser measures how many rows a day of ExampleEvents holds per user
// of the pool, on the second day of a small run (so that it includes the
// rows carried over midnight from the day before).
func rowsPerUser(ctx context.Context, s *spec.Spec, seed uint64) (float64, error) {
	const users = 20_000
	var first string
	var second int64
	days := map[string]bool{}
	err := benchmark.ExampleEvents(ctx, s, nil, benchmark.ExampleOptions{Days: 3, Users: users, Seed: seed}, func(ev *ga4export.Event) error {
		if first == "" {
			first = ev.Date
		}
		days[ev.Date] = true
		if ev.Date != first && len(days) == 2 {
			second++
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	if second == 0 {
		return 0, errors.New("the spec gives no rows")
	}
	return float64(second) / users, nil
}

func run(ctx context.Context, c config) error {
	if c.out == "" {
		return errors.New("-out is required")
	}
	if c.format != "json" && c.format != "parquet" && c.format != "both" {
		return fmt.Errorf("-format %q: want json, parquet or both", c.format)
	}
	if c.schema != "full" && c.schema != "narrow" {
		return fmt.Errorf("-schema %q: want full or narrow", c.schema)
	}
	if c.events <= 0 || c.perDay < 0 || c.users < 0 || c.rowGroup <= 0 {
		return errors.New("-events and -row-group must be positive, -per-day and -users not negative")
	}
	s, err := loadSpec(c.specPath)
	if err != nil {
		return err
	}
	if c.users == 0 {
		c.users = 20_000
		if c.perDay > 0 {
			rate, err := rowsPerUser(ctx, s, c.seed)
			if err != nil {
				return err
			}
			// 3% more users than needed on average, so that every day
			// reaches -per-day rows; the surplus at the end of the day is
			// dropped.
			c.users = int(math.Ceil(float64(c.perDay) / rate * 1.03))
		}
	}
	if err := os.MkdirAll(c.out, 0o755); err != nil {
		return err
	}
	var (
		cur      *dayWriter
		written  int64
		inDay    int64
		enough   = errors.New("enough rows")
		enricher = newEnricher(c.seed)
	)
	err = benchmark.ExampleEvents(ctx, s, nil, benchmark.ExampleOptions{Days: 1 << 20, Users: c.users, Seed: c.seed}, func(ev *ga4export.Event) error {
		if written >= c.events {
			return enough
		}
		if cur == nil || cur.date != ev.Date {
			if cur != nil {
				if err := cur.close(); err != nil {
					return err
				}
			}
			d, err := openDay(c, ev.Date)
			if err != nil {
				return err
			}
			cur, inDay = d, 0
		}
		if c.perDay > 0 && inDay >= c.perDay {
			return nil // the day is full: drop the rest of it
		}
		if c.schema == "full" {
			if err := cur.writeFull(enricher.row(ev)); err != nil {
				return err
			}
		} else if err := cur.writeNarrow(ev); err != nil {
			return err
		}
		written++
		inDay++
		return nil
	})
	if err != nil && !errors.Is(err, enough) {
		if cur != nil {
			cur.close()
		}
		return err
	}
	if cur != nil {
		if err := cur.close(); err != nil {
			return err
		}
	}
	{
		fmt.Fprintf(os.Stderr, "gendata: wrote %d rows (%s schema, %d users in the pool) to %s\n", written, c.schema, c.users, c.out)
	}
	return nil
}

// openDay creates the files of one day.
func openDay(c config, date string) (*dayWriter, error) {
	d := &dayWriter{date: date}
	if c.format != "parquet" {
		f, err := os.Create(filepath.Join(c.out, "events_"+date+".json"))
		if err != nil {
			return nil, err
		}
		d.files = append(d.files, f)
		if c.schema == "full" {
			d.full = newFullWriter(f, nil, 0)
		} else {
			d.jw = ga4export.NewJSONWriter(f)
		}
	}
	if c.format != "json" {
		f, err := os.Create(filepath.Join(c.out, "events_"+date+".parquet"))
		if err != nil {
			d.close()
			return nil, err
		}
		d.files = append(d.files, f)
		if c.schema == "full" {
			if d.full == nil {
				d.full = newFullWriter(nil, f, c.rowGroup)
			} else {
				d.full.addParquet(f, c.rowGroup)
			}
		} else {
			d.pw = ga4export.NewParquetWriter(f)
		}
	}
	return d, nil
}

// dayWriter writes the files of one day.
type dayWriter struct {
	date  string
	files []*os.File
	full  *fullWriter
	jw    *ga4export.JSONWriter
	pw    *ga4export.ParquetWriter
}

func (d *dayWriter) writeFull(row *exportRow) error { return d.full.write(row) }

func (d *dayWriter) writeNarrow(ev *ga4export.Event) error {
	if d.jw != nil {
		if err := d.jw.Write(ev); err != nil {
			return err
		}
	}
	if d.pw != nil {
		return d.pw.Write(ev)
	}
	return nil
}

// close flushes and closes everything, and returns the first error.
func (d *dayWriter) close() error {
	var errs []error
	if d.full != nil {
		errs = append(errs, d.full.close())
	}
	if d.jw != nil {
		errs = append(errs, d.jw.Flush())
	}
	if d.pw != nil {
		errs = append(errs, d.pw.Close())
	}
	for _, f := range d.files {
		errs = append(errs, f.Close())
	}
	return errors.Join(errs...)
}
