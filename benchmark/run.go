package benchmark

import (
	"context"
	"fmt"

	"github.com/tagspec/tagspec/ga4export"
)

// RunFiles benchmarks a plan against GA4 BigQuery export files (JSON or
// Parquet, see ga4export.DetectFormat). Daily export files are put in date
// order first and checked for duplicate days (see OrderExportFiles); files
// without a date in their name are read in the order given.
//
// Files are read one after another into one Accumulator, each decoded by up
// to opts.Jobs goroutines (GOMAXPROCS when 0): blocks of NDJSON lines or
// Parquet row groups, handed over in file order. Memory is the sessions the
// Accumulator holds open plus a few decoded blocks, so it stays flat
// however many files and rows there are, and the report is the same for
// every Jobs.
func RunFiles(ctx context.Context, p *Plan, paths []string, opts Options) (*Report, error) {
	if len(paths) == 0 {
		return nil, fmt.Errorf("no data files given")
	}
	paths, span, err := OrderExportFiles(paths)
	if err != nil {
		return nil, err
	}
	acc := p.NewAccumulator(opts)
	acc.expectDays(span)
	read := ga4export.ReadOptions{KeepParams: noParams, Jobs: opts.Jobs}
	for _, path := range paths {
		if err := ga4export.ReadEventsFileOptions(ctx, path, read, func(ev *ga4export.Event) error {
			acc.Add(ev)
			return nil
		}); err != nil {
			return nil, err
		}
	}
	return p.Build(acc.Counts(), "export", paths, opts)
}

// noParams keeps no event params: a plan reads only the columns an Event
// always holds (session id and transaction id included), so the readers
// skip every param value.
var noParams = map[string]bool{}
