package benchmark

import (
	"context"
	"fmt"
	"runtime"
	"sync"

	"github.com/tagspec/tagspec/ga4export"
)

// RunFiles benchmarks a plan against GA4 BigQuery export files (JSON or
// Parquet, see ga4export.DetectFormat). Daily export files are put in date
// order first and checked for duplicate days (see OrderExportFiles); files
// without a date in their name are read in the order given.
//
// With opts.Jobs other than 1, up to that many files (GOMAXPROCS when 0)
// are decoded at once: each worker reduces its file to per-session partial
// results, and those are merged into one Accumulator in file order, so the
// report is identical to reading the files one after another with Jobs 1.
// Memory grows with the sessions of the files in flight (at most Jobs+1),
// never with the number of rows.
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
	jobs := opts.Jobs
	if jobs <= 0 {
		jobs = runtime.GOMAXPROCS(0)
	}
	if jobs == 1 || len(paths) == 1 {
		// One file at a time, decoded by up to jobs goroutines.
		read := ga4export.ReadOptions{KeepParams: noParams, Jobs: jobs}
		for _, path := range paths {
			if err := ga4export.ReadEventsFileOptions(ctx, path, read, func(ev *ga4export.Event) error {
				acc.Add(ev)
				return nil
			}); err != nil {
				return nil, err
			}
		}
	} else if err := readParallel(ctx, p, acc, paths, jobs); err != nil {
		return nil, err
	}
	return p.Build(acc.Counts(), "export", paths, opts)
}

// noParams keeps no event params: a plan reads only the columns an Event
// always holds (session id and transaction id included), so the readers
// skip every param value.
var noParams = map[string]bool{}

// oneFileRead is how each worker of readParallel reads its file: on its own
// goroutine, since the files themselves are read in parallel.
var oneFileRead = ga4export.ReadOptions{KeepParams: noParams, Jobs: 1}

// readParallel decodes up to jobs files at once into fileParts and merges
// them into acc in the order of paths. The error returned is the one of
// the first file (in that order) that failed, as a sequential read would
// report it.
func readParallel(ctx context.Context, p *Plan, acc *Accumulator, paths []string, jobs int) error {
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer func() {
		cancel() // stops the dispatcher and the reads still going
		wg.Wait()
	}()
	type result struct {
		part *filePart
		err  error
		done chan struct{}
	}
	results := make([]result, len(paths))
	for i := range results {
		results[i].done = make(chan struct{})
	}
	// A file may start once fewer than jobs+1 files are decoded or being
	// decoded but not yet merged: workers never run more than one file
	// ahead of what the merge can take.
	window := make(chan struct{}, jobs+1)
	work := make(chan int)
	for range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				r := &results[i]
				part := newFilePart(p, acc.opts)
				r.err = ga4export.ReadEventsFileOptions(ctx, paths[i], oneFileRead, func(ev *ga4export.Event) error {
					part.add(ev)
					return nil
				})
				if r.err == nil {
					r.part = part
				}
				close(r.done)
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(work)
		for i := range paths {
			select {
			case window <- struct{}{}:
			case <-ctx.Done():
				return
			}
			select {
			case work <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	for i := range results {
		r := &results[i]
		select {
		case <-r.done:
		case <-ctx.Done():
			return ctx.Err()
		}
		if r.err != nil {
			return r.err
		}
		acc.merge(r.part)
		r.part = nil
		<-window
	}
	return nil
}
