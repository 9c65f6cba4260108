package benchmark

import (
	"context"
	"fmt"
	"sync"

	"github.com/tagspec/tagspec/ga4export"
)

// RunFiles benchmarks a plan against GA4 BigQuery export files (JSON or
// Parquet, see ga4export.DetectFormat). Daily export files are put in date
// order first and checked for duplicate days (see OrderExportFiles); files
// without a date in their name are read in the order given.
//
// Files are read one after another into one Accumulator, each decoded by up
// to opts.Jobs goroutines (GOMAXPROCS when 0): blocks of NDJSON lines or
// Parquet row groups, handed over in file order; the next file is decoded
// while the rows of the one before are added, and the rows are counted in
// as many shards by user (see Accumulator). Memory is the sessions open at
// once, about 100 bytes per distinct user (plus 8 per spec event for the
// users who did any), 14 bytes per row of a spec event (the users' timelines
// behind the momentum analysis) and a few decoded blocks: it does not grow
// with the rows of other events. The report is the same for every Jobs.
func RunFiles(ctx context.Context, p *Plan, paths []string, opts Options) (*Report, error) {
	if len(paths) == 0 {
		return nil, fmt.Errorf("no data files given")
	}
	paths, span, err := OrderExportFiles(paths)
	if err != nil {
		return nil, err
	}
	acc := p.NewAccumulator(opts)
	defer acc.Stop()
	acc.expectDays(span)
	read := ga4export.ReadOptions{KeepParams: noParams, Jobs: opts.Jobs}
	add := acc.Add
	var cmp *comparer
	if opts.Compare != nil {
		if cmp, err = p.newComparer(opts); err != nil {
			return nil, err
		}
		read = cmp.readOptions(read)
		add = func(ev *ga4export.Event) {
			acc.Add(ev)
			cmp.add(ev)
		}
	}
	if err := readFiles(ctx, paths, read, add); err != nil {
		return nil, err
	}
	c := acc.Counts()
	if cmp != nil {
		c.Groups = cmp.counts()
	}
	return p.Build(c, "export", paths, opts)
}

// readFiles calls add for every row of the files, file after file, each in
// its own order. The next file is opened and decoded while the rows of the
// one before are still being added, so the decoders do not sit idle at
// each file's end; it runs at most a few batches of rows ahead. The error
// returned is the one of the first file that failed, after every row
// before it was added.
func readFiles(ctx context.Context, paths []string, read ga4export.ReadOptions, add func(*ga4export.Event)) error {
	if len(paths) == 1 {
		return ga4export.ReadEventsFileOptions(ctx, paths[0], read, func(ev *ga4export.Event) error {
			add(ev)
			return nil
		})
	}
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer func() {
		cancel() // stops the reads still going
		wg.Wait()
	}()
	type feed struct {
		batches chan []ga4export.Event
		err     error // set before batches is closed
	}
	start := func(path string) *feed {
		f := &feed{batches: make(chan []ga4export.Event, aheadBatches)}
		wg.Go(func() {
			defer close(f.batches)
			batch := getBatch()
			f.err = ga4export.ReadEventsFileOptions(ctx, path, read, func(ev *ga4export.Event) error {
				batch = append(batch, *ev)
				if last := &batch[len(batch)-1]; len(last.Params) > 0 {
					last.Params = append([]ga4export.Param(nil), last.Params...) // the reader reuses them
				}
				if len(batch) < cap(batch) {
					return nil
				}
				select {
				case f.batches <- batch:
					batch = getBatch()
					return nil
				case <-ctx.Done():
					return ctx.Err()
				}
			})
			if f.err == nil && len(batch) > 0 {
				select {
				case f.batches <- batch:
				case <-ctx.Done():
					f.err = ctx.Err()
				}
			}
		})
		return f
	}
	next := start(paths[0])
	for i := range paths {
		cur := next
		if i+1 < len(paths) {
			next = start(paths[i+1])
		}
		for b := range cur.batches {
			for j := range b {
				add(&b[j])
			}
			putBatch(b)
		}
		if cur.err != nil {
			return cur.err
		}
	}
	return nil
}

// aheadBatches is how many batches of rows the next file may have decoded
// before the rows of the one before are all added.
const aheadBatches = 8

var batchPool sync.Pool

func getBatch() []ga4export.Event {
	if b, ok := batchPool.Get().(*[]ga4export.Event); ok {
		return (*b)[:0]
	}
	return make([]ga4export.Event, 0, 1024)
}

func putBatch(b []ga4export.Event) {
	clear(b) // drop the strings for the GC
	b = b[:0]
	batchPool.Put(&b)
}

// noParams keeps no event params: a plan reads only the columns an Event
// always holds (session id and transaction id included), so the readers
// skip every param value.
var noParams = map[string]bool{}
