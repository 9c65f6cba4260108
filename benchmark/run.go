package benchmark

import (
	"context"
	"fmt"

	"github.com/tagspec/tagspec/ga4export"
)

// RunFiles benchmarks a plan against GA4 BigQuery export files (JSON or
// Parquet, see ga4export.DetectFormat), read in the order given: pass daily
// files oldest first. Memory stays bounded while the files stream through.
func RunFiles(ctx context.Context, p *Plan, paths []string, opts Options) (*Report, error) {
	if len(paths) == 0 {
		return nil, fmt.Errorf("no data files given")
	}
	acc := p.NewAccumulator(opts)
	for _, path := range paths {
		if err := ga4export.ReadEventsFile(ctx, path, func(ev *ga4export.Event) error {
			acc.Add(ev)
			return nil
		}); err != nil {
			return nil, err
		}
	}
	return p.Build(acc.Counts(), "export", paths, opts)
}
