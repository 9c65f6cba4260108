package ga4export

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"math/bits"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"
)

// The columns of an export file the column reader decodes, in the order it
// decodes them: event_name first, because it proves how many rows a row
// group really has before anything is sized by that count.
const (
	pqName = iota
	pqTimestamp
	pqDate
	pqUser
	pqTxn
	pqSource  // traffic_source.source, with ReadOptions.Dimensions
	pqMedium  // traffic_source.medium, with ReadOptions.Dimensions
	pqCountry // geo.country, with ReadOptions.Dimensions
	pqDevice  // device.category, with ReadOptions.Dimensions
	pqKey     // event_params.list.element.key
	pqString  // the value columns, in the order that decides a param's kind (decodeSlice reads int_value first)
	pqInt
	pqDouble
	pqFloat
	pqColumns
)

// pqPaths are the column paths of pqName...pqFloat, as `bq extract
// --destination_format=PARQUET` names them.
var pqPaths = [pqColumns][]string{
	pqName:      {"event_name"},
	pqTimestamp: {"event_timestamp"},
	pqDate:      {"event_date"},
	pqUser:      {"user_pseudo_id"},
	pqTxn:       {"ecommerce", "transaction_id"},
	pqSource:    {"traffic_source", "source"},
	pqMedium:    {"traffic_source", "medium"},
	pqCountry:   {"geo", "country"},
	pqDevice:    {"device", "category"},
	pqKey:       {"event_params", "list", "element", "key"},
	pqString:    {"event_params", "list", "element", "value", "string_value"},
	pqInt:       {"event_params", "list", "element", "value", "int_value"},
	pqDouble:    {"event_params", "list", "element", "value", "double_value"},
	pqFloat:     {"event_params", "list", "element", "value", "float_value"},
}

// pqColumn is where one of the decoded columns sits in a file.
type pqColumn struct {
	index  int // leaf column index; -1 when the file has no such column
	maxDef byte
	kind   parquet.Kind
}

// pqLayout is the file's columns the reader decodes. The event_params
// columns hold one level per list entry (and one for an empty or null
// list), so entry i of the key column is entry i of each value column.
type pqLayout struct {
	cols [pqColumns]pqColumn
}

// planParquetColumns finds the decoded columns in a file's schema. It
// reports false when a column has a shape or type the column reader does
// not decode itself (a STRING timestamp, an INT32 or annotated INT64, a
// repeated top-level column, event_params without the three-level LIST):
// such files go through the row reader, which converts what it can.
// The dimension columns are looked at only when dims is set.
func planParquetColumns(root *parquet.Column, dims bool) (pqLayout, bool) {
	var lay pqLayout
	for c, path := range pqPaths {
		col := &lay.cols[c]
		col.index = -1
		if !dims && c >= pqSource && c <= pqDevice {
			continue
		}
		node := root
		var def, rep byte
		var repeatedAt = -1
		for i, name := range path {
			node = node.Column(name)
			if node == nil {
				break
			}
			if node.Leaf() != (i == len(path)-1) {
				return lay, false
			}
			switch {
			case node.Repeated():
				def++
				rep++
				repeatedAt = i
			case node.Optional():
				def++
			}
		}
		if node == nil {
			continue
		}
		if c >= pqKey {
			// One repeated node, the LIST's "list" group.
			if rep != 1 || repeatedAt != 1 {
				return lay, false
			}
		} else if rep != 0 {
			return lay, false
		}
		if node.MaxDefinitionLevel() != int(def) || node.MaxRepetitionLevel() != int(rep) {
			return lay, false
		}
		typ := node.Type()
		kind := typ.Kind()
		switch c {
		case pqTimestamp, pqInt:
			if kind != parquet.Int64 || !plainInt64(typ.LogicalType()) {
				return lay, false
			}
		case pqDouble, pqFloat:
			if kind != parquet.Double && kind != parquet.Float || typ.LogicalType() != nil {
				return lay, false
			}
		default:
			if kind != parquet.ByteArray || !plainString(typ.LogicalType()) {
				return lay, false
			}
		}
		*col = pqColumn{index: node.Index(), maxDef: def, kind: kind}
	}
	return lay, true
}

func plainInt64(lt *format.LogicalType) bool {
	if lt == nil || lt.Value == nil {
		return true
	}
	it, ok := lt.Value.(*format.IntType)
	return ok && it.BitWidth == 64 && it.IsSigned
}

func plainString(lt *format.LogicalType) bool {
	if lt == nil || lt.Value == nil {
		return true
	}
	_, ok := lt.Value.(*format.StringType)
	return ok
}

// ReadParquetOptions streams the rows of a GA4 BigQuery export Parquet file
// to fn, one Event at a time, in file order. size is the file's length;
// name is used in error messages.
//
// It decodes column by column and only the columns an Event holds, and
// decodes opts.Jobs row groups at once; fn is still called on the
// caller's goroutine, one row at a time, in file order. Row groups are
// decoded in slices of a few thousand rows, so memory is bounded by
// pqBatchesPerJob*(opts.Jobs+1) slices whatever the size of the file or of its row
// groups. Files whose columns have other types or shapes than a BigQuery
// export's are read row by row instead, with the same result.
func ReadParquetOptions(ctx context.Context, name string, r io.ReaderAt, size int64, opts ReadOptions, fn func(*Event) error) error {
	return readParquetColumns(ctx, name, r, size, opts, pqSliceRows, fn)
}

// readParquetColumns is ReadParquetOptions with the number of rows
// decoded at once as a parameter, so that tests can split row groups.
func readParquetColumns(ctx context.Context, name string, r io.ReaderAt, size int64, opts ReadOptions, sliceRows int, fn func(*Event) error) (err error) {
	defer func() {
		// A corrupt file can make the decoder panic deep inside; turn that
		// into an error that names the file.
		if p := recover(); p != nil {
			err = fmt.Errorf("%s: cannot read this Parquet file (corrupt, or a column type tagspec cannot convert): %v", name, p)
		}
	}()
	f, err := openParquet(name, r, size)
	if err != nil {
		return err
	}
	lay, ok := planParquetColumns(f.Root(), opts.Dimensions)
	if !ok {
		return readParquetRowsFile(ctx, name, f, opts, fn)
	}
	pr := &pqReader{name: name, file: f, lay: lay, opts: opts, sliceRows: max(1, sliceRows)}
	return pr.run(ctx, fn)
}

// openParquet checks a file's footer, opens it and checks its chunks and
// schema.
func openParquet(name string, r io.ReaderAt, size int64) (*parquet.File, error) {
	footer, err := checkParquetFooter(r, size)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	f, err := parquet.OpenFile(r, size, parquet.SkipBloomFilters(true), parquet.SkipPageIndex(true))
	if err != nil {
		return nil, fmt.Errorf("%s: not a readable Parquet file: %w", name, err)
	}
	if err := checkParquetChunks(f.Metadata(), size-8-footer); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if err := checkParquetSchema(f.Schema()); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return f, nil
}

// pqReader reads one file column by column.
type pqReader struct {
	name      string
	file      *parquet.File
	lay       pqLayout
	opts      ReadOptions
	sliceRows int // rows decoded into one batch
}

// pqBatch is one decoded slice of a row group: a value per row for each
// top-level column, and the kept params of every row.
type pqBatch struct {
	rows     int
	name     []string
	date     []string
	user     []string
	txn      []string
	dims     [4][]string // Source, Medium, Country, Device; with ReadOptions.Dimensions
	ts       []int64
	sid      []int64
	hasSID   []bool
	paramEnd []int32 // row i's params are params[paramEnd[i-1]:paramEnd[i]]
	params   []Param
}

// pqKeyInfo is one distinct event_params key of a row group.
type pqKeyInfo struct {
	name    string
	keep    bool // goes into Event.Params
	session bool // ga_session_id
	txn     bool // transaction_id
}

// needed reports whether the key's values are read at all.
func (k *pqKeyInfo) needed() bool { return k.keep || k.session || k.txn }

// pqDecoder holds one goroutine's scratch space for decoding row groups.
type pqDecoder struct {
	keys     []pqKeyInfo
	keyIndex map[string]int32
	// entRep holds the repetition level of every event_params level of the
	// slice (one per entry, and one per empty or null list): the value
	// columns must repeat it level by level.
	entRep []byte
	// need holds the entries whose value is read, in entry order.
	need    []pqNeed
	posKey  []int32 // plain keys: the key id at each position of the last row
	nextKey []int32 // plain keys: the key id that last followed key id i-1 (i 0: a row's first)
	// plain keys: the key id that followed key id i-1 before nextKey[i]
	nextKey2 []int32
	cursors  [pqColumns]pqCursor
}

// pqNeed is an event_params entry whose value is needed: its level in the
// slice, its row, its key id, and its value once read.
type pqNeed struct {
	ent, row, key int32
	kind          ValueKind
	str           string
	num           int64
	float         float64
}

func newPQDecoder() *pqDecoder {
	return &pqDecoder{keyIndex: make(map[string]int32)}
}

// Decoders and batches are kept between reads: a benchmark reads many
// files, and their buffers are sized by the first row groups.
var (
	pqDecoders = sync.Pool{New: func() any { return newPQDecoder() }}
	pqBatches  = sync.Pool{New: func() any { return new(pqBatch) }}
)

// maxSizeHint caps the rows or values a count read from a file's metadata
// may reserve room for before they are decoded.
const maxSizeHint = 1 << 17

func (pr *pqReader) jobs() int {
	n := pr.opts.Jobs
	if n <= 0 {
		n = runtime.GOMAXPROCS(0)
	}
	return max(1, min(n, len(pr.file.RowGroups())))
}

// pqSliceRows is how many rows of a row group are decoded into one batch.
// Row groups of other writers can hold a million rows; decoding them in
// slices keeps memory bounded by the slice, whatever the row group size.
const pqSliceRows = 4096

// pqBatchesPerJob is how many slices a row group's worker may decode ahead
// of the caller: enough that the workers of the row groups after the one
// being read keep the cores busy while the caller works through its rows.
const pqBatchesPerJob = 8

// run decodes the row groups, opts.Jobs at a time, and delivers their
// rows to fn in file order.
func (pr *pqReader) run(ctx context.Context, fn func(*Event) error) error {
	groups := pr.file.RowGroups()
	firsts := make([]int64, len(groups))
	var first int64 = 1
	for i, g := range groups {
		firsts[i] = first
		first += g.NumRows()
	}
	var ev Event
	jobs := pr.jobs()
	if jobs == 1 {
		dec, b := pqDecoders.Get().(*pqDecoder), pqBatches.Get().(*pqBatch)
		defer pqDecoders.Put(dec)
		defer pqBatches.Put(b)
		for gi := range groups {
			err := pr.decodeGroup(ctx, dec, gi, firsts[gi], func() (*pqBatch, error) { return b, nil }, func(b *pqBatch) error {
				return pr.deliver(ctx, b, &ev, fn)
			})
			if err != nil {
				if cerr := ctx.Err(); cerr != nil {
					return cerr
				}
				return err
			}
		}
		return ctx.Err()
	}

	// A job is one row group. Its worker decodes it slice by slice into
	// pqBatchesPerJob batches of its own, handing each to the caller's
	// goroutine through out and getting it back through back, so that at
	// most pqBatchesPerJob*(jobs+1) slices are decoded at once, and the
	// workers of the next row groups can run that far ahead of the caller.
	type result struct {
		batch *pqBatch
		err   error
	}
	type job struct {
		group int
		out   chan result   // batches to deliver; closed when the group is done
		back  chan *pqBatch // delivered batches, for the worker to fill again
	}
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer func() {
		cancel()
		wg.Wait()
	}()
	work := make(chan *job)
	order := make(chan *job, jobs)
	for range jobs {
		wg.Go(func() {
			dec := pqDecoders.Get().(*pqDecoder)
			defer pqDecoders.Put(dec)
			for j := range work {
				next := func() (*pqBatch, error) {
					select {
					case b := <-j.back:
						return b, nil
					case <-ctx.Done():
						return nil, ctx.Err()
					}
				}
				emit := func(b *pqBatch) error {
					j.out <- result{batch: b} // room for every batch
					return nil
				}
				if err := pr.decodeGroupSafe(ctx, dec, j.group, firsts[j.group], next, emit); err != nil {
					j.out <- result{err: err}
				}
				close(j.out)
			}
		})
	}
	wg.Go(func() {
		defer close(order)
		defer close(work)
		for gi := range groups {
			j := &job{group: gi, out: make(chan result, pqBatchesPerJob+1), back: make(chan *pqBatch, pqBatchesPerJob)}
			for range pqBatchesPerJob {
				j.back <- pqBatches.Get().(*pqBatch)
			}
			select {
			case order <- j:
			case <-ctx.Done():
				return
			}
			select {
			case work <- j:
			case <-ctx.Done():
				j.out <- result{err: ctx.Err()}
				close(j.out)
				return
			}
		}
	})
	for j := range order {
		for res := range j.out {
			if res.err != nil {
				if cerr := ctx.Err(); cerr != nil {
					return cerr
				}
				return res.err
			}
			if err := pr.deliver(ctx, res.batch, &ev, fn); err != nil {
				return err
			}
			j.back <- res.batch
		}
		for len(j.back) > 0 {
			pqBatches.Put(<-j.back)
		}
	}
	return ctx.Err()
}

// deliver calls fn for each row of a decoded slice.
func (pr *pqReader) deliver(ctx context.Context, b *pqBatch, ev *Event, fn func(*Event) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	var start int32
	for i := range b.rows {
		end := b.paramEnd[i]
		*ev = Event{
			Date:          b.date[i],
			Timestamp:     b.ts[i],
			Name:          b.name[i],
			UserPseudoID:  b.user[i],
			SessionID:     b.sid[i],
			HasSessionID:  b.hasSID[i],
			TransactionID: b.txn[i],
			Source:        b.dims[0][i],
			Medium:        b.dims[1][i],
			Country:       b.dims[2][i],
			Device:        b.dims[3][i],
			// Capped, so a callback that appends to Params cannot
			// overwrite the next row's.
			Params: b.params[start:end:end],
		}
		start = end
		if err := fn(ev); err != nil {
			return err
		}
	}
	return nil
}

// decodeGroupSafe is decodeGroup on a worker goroutine, where a panic
// would not reach ReadParquetOptions' recover.
func (pr *pqReader) decodeGroupSafe(ctx context.Context, dec *pqDecoder, gi int, first int64, next func() (*pqBatch, error), emit func(*pqBatch) error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%s: row group %d (from row %d): cannot read this Parquet file (corrupt, or a column type tagspec cannot convert): %v", pr.name, gi+1, first, p)
		}
	}()
	return pr.decodeGroup(ctx, dec, gi, first, next, emit)
}

// errorf is a decoding problem in one column of one row group, from row
// first on.
func (pr *pqReader) errorf(gi int, first int64, c int, format string, args ...any) error {
	return fmt.Errorf("%s: row group %d (from row %d), column %s: "+format, append([]any{pr.name, gi + 1, first, strings.Join(pqPaths[c], ".")}, args...)...)
}

// decodeGroup decodes row group gi slice by slice, each into a batch from
// next, and hands each batch to emit.
func (pr *pqReader) decodeGroup(ctx context.Context, dec *pqDecoder, gi int, first int64, next func() (*pqBatch, error), emit func(*pqBatch) error) error {
	group := pr.file.RowGroups()[gi]
	chunks := group.ColumnChunks()
	numRows := group.NumRows()
	if numRows < 0 {
		return fmt.Errorf("%s: row group %d declares %d rows", pr.name, gi+1, numRows)
	}
	defer dec.closeCursors()
	for c := range pqColumns {
		cur := &dec.cursors[c]
		cur.reset(pr.lay.cols[c])
		if c >= pqKey {
			cur.maxRep = 1
		}
		idx := cur.col.index
		if idx < 0 {
			continue
		}
		if idx >= len(chunks) {
			return pr.errorf(gi, first, c, "the row group has %d column chunks, not a chunk for column %d", len(chunks), idx+1)
		}
		cur.chunk = chunks[idx]
	}
	// The key table lives for the row group, so a dictionary entry is
	// looked up once per column chunk.
	dec.keys = dec.keys[:0]
	clear(dec.keyIndex)
	dec.posKey = dec.posKey[:0]
	dec.nextKey = dec.nextKey[:0]
	dec.nextKey2 = dec.nextKey2[:0]
	for done := int64(0); done < numRows; {
		k := int(min(numRows-done, int64(pr.sliceRows)))
		b, err := next()
		if err != nil {
			return err
		}
		if err := pr.decodeSlice(ctx, dec, gi, first+done, k, b); err != nil {
			return err
		}
		if err := emit(b); err != nil {
			return err
		}
		done += int64(k)
	}
	// Every column read must end with the row group.
	for c := range pqColumns {
		cur := &dec.cursors[c]
		if cur.pages == nil {
			continue
		}
		if err := cur.skip(ctx, cur.lag); err != nil {
			return pr.errorf(gi, first, c, "%w", err)
		}
		more, err := cur.fill(ctx)
		if err != nil {
			return pr.errorf(gi, first, c, "%w", err)
		}
		if more {
			return pr.errorf(gi, first, c, "more values than the row group's %d rows", numRows)
		}
	}
	return nil
}

// decodeSlice decodes the next k rows of the row group into b; first is
// the row number of the first of them, for errors.
func (pr *pqReader) decodeSlice(ctx context.Context, dec *pqDecoder, gi int, first int64, k int, b *pqBatch) error {
	*b = pqBatch{
		rows: k,
		name: b.name[:0], date: b.date[:0], user: b.user[:0], txn: b.txn[:0],
		dims: [4][]string{b.dims[0][:0], b.dims[1][:0], b.dims[2][:0], b.dims[3][:0]},
		ts:   b.ts[:0], sid: b.sid[:0], hasSID: b.hasSID[:0], paramEnd: b.paramEnd[:0], params: b.params[:0],
	}
	for _, c := range []int{pqName, pqTimestamp, pqDate, pqUser, pqTxn, pqSource, pqMedium, pqCountry, pqDevice} {
		if dec.cursors[c].chunk == nil {
			continue
		}
		if err := pr.readScalar(ctx, dec, c, k, b); err != nil {
			return pr.errorf(gi, first, c, "%w", err)
		}
	}
	b.name = fillTo(b.name, k)
	b.ts = fillTo(b.ts, k)
	b.date = fillTo(b.date, k)
	b.user = fillTo(b.user, k)
	b.txn = fillTo(b.txn, k)
	for i := range b.dims {
		b.dims[i] = fillTo(b.dims[i], k)
	}
	b.sid = resetTo(b.sid, k)
	b.hasSID = resetTo(b.hasSID, k)
	b.paramEnd = resetTo(b.paramEnd, k)
	dec.entRep = dec.entRep[:0]
	dec.need = dec.need[:0]
	if dec.cursors[pqKey].chunk == nil {
		return nil // no keys, no params
	}
	kept, err := pr.readKeys(ctx, dec, k, b.txn)
	if err != nil {
		return pr.errorf(gi, first, pqKey, "%w", err)
	}
	b.params = slices.Grow(b.params, kept)
	// int_value first: it holds ga_session_id in real exports. An entry
	// whose string_value is set is a string whatever else it holds, so the
	// string column is read next for every needed entry; float and double
	// only for entries still without a value.
	for _, c := range [...]int{pqInt, pqString, pqDouble, pqFloat} {
		cur := &dec.cursors[c]
		if cur.chunk == nil {
			continue
		}
		if !pr.valuesNeeded(dec, c) {
			// Not needed in this slice: read later, or never.
			cur.lag += len(dec.entRep)
			continue
		}
		if err := pr.readValues(ctx, dec, c); err != nil {
			return pr.errorf(gi, first, c, "%w", err)
		}
	}
	pr.assemble(dec, b)
	return nil
}

// fillTo extends s with zero values to n elements (s has at most n).
func fillTo[T any](s []T, n int) []T {
	l := len(s)
	if l >= n {
		return s
	}
	s = slices.Grow(s, n-l)[:n]
	clear(s[l:])
	return s
}

// resetTo returns s with n zero elements, reusing its array.
func resetTo[T any](s []T, n int) []T {
	s = fillTo(s[:0], n)
	clear(s)
	return s
}

// pageLevels returns a page's definition levels and checks them against
// the page's value count. A column without definition levels (required
// all the way down) has every value present.
func pageLevels(page parquet.Page, maxDef byte, maxRep byte) (defs, reps []byte, n int, err error) {
	n64 := page.NumValues()
	defs = page.DefinitionLevels()
	reps = page.RepetitionLevels()
	if maxDef > 0 && int64(len(defs)) != n64 {
		return nil, nil, 0, fmt.Errorf("a page declares %d values but has %d definition levels", n64, len(defs))
	}
	if maxRep > 0 && len(reps) != len(defs) {
		return nil, nil, 0, fmt.Errorf("a page has %d repetition levels for %d definition levels", len(reps), len(defs))
	}
	return defs, reps, int(n64), nil
}

// pqValues is one page's non-null values: plain values, or indexes into
// the chunk's dictionary.
type pqValues struct {
	dict    parquet.Dictionary
	idx     []int32
	data    []byte   // byte arrays
	offsets []uint32 // byte arrays
	ints    []int64
	doubles []float64
	floats  []float32
	n       int
}

func pageValues(page parquet.Page, kind parquet.Kind) (pqValues, error) {
	var v pqValues
	src := page.Data()
	if d := page.Dictionary(); d != nil {
		v.dict = d
		v.idx = src.Int32()
		v.n = len(v.idx)
		src = d.Page().Data()
	}
	switch kind {
	case parquet.ByteArray:
		v.data, v.offsets = src.ByteArray()
		if len(v.offsets) > 0 && int(v.offsets[len(v.offsets)-1]) > len(v.data) {
			return v, fmt.Errorf("byte array offsets past the page's %d bytes", len(v.data))
		}
		if v.dict == nil {
			v.n = max(0, len(v.offsets)-1)
		}
	case parquet.Int64:
		v.ints = src.Int64()
		if v.dict == nil {
			v.n = len(v.ints)
		}
	case parquet.Double:
		v.doubles = src.Double()
		if v.dict == nil {
			v.n = len(v.doubles)
		}
	case parquet.Float:
		v.floats = src.Float()
		if v.dict == nil {
			v.n = len(v.floats)
		}
	}
	return v, nil
}

// dictLen is the number of entries of the values' dictionary.
func (v *pqValues) dictLen() int {
	switch {
	case v.offsets != nil:
		return max(0, len(v.offsets)-1)
	case v.ints != nil:
		return len(v.ints)
	case v.doubles != nil:
		return len(v.doubles)
	}
	return len(v.floats)
}

// at returns the position in the plain values of the i-th value,
// following the dictionary index if there is one.
func (v *pqValues) at(i int) (int, error) {
	if v.dict == nil {
		return i, nil
	}
	j := int(v.idx[i])
	if j < 0 || j >= v.dictLen() {
		return 0, fmt.Errorf("dictionary index %d out of range [0, %d)", j, v.dictLen())
	}
	return j, nil
}

func (v *pqValues) bytes(j int) []byte { return v.data[v.offsets[j]:v.offsets[j+1]] }

func (v *pqValues) float(j int) float64 {
	if v.doubles != nil {
		return v.doubles[j]
	}
	return float64(v.floats[j])
}

// pqCursor reads one column chunk level by level across its pages.
type pqCursor struct {
	col        pqColumn
	maxRep     byte
	chunk      parquet.ColumnChunk // nil when the file has no such column
	pages      parquet.Pages       // opened on first use
	page       parquet.Page
	defs, reps []byte
	v          pqValues
	n, li, vi  int // levels in the page, next level, next value
	lag        int // levels of skipped slices still to pass over
	// The chunk's dictionary, and its entries already converted.
	dict    parquet.Dictionary
	dictKey []int32
	dictStr []string
	dictSet []bool
	// Strings shared among equal values of plain pages; kept between row
	// groups, as the strings in it never change.
	shared *pqShared
}

func (c *pqCursor) reset(col pqColumn) {
	*c = pqCursor{col: col, dictKey: c.dictKey[:0], dictStr: c.dictStr[:0], dictSet: c.dictSet[:0], shared: c.shared}
}

func (d *pqDecoder) closeCursors() {
	for i := range d.cursors {
		c := &d.cursors[i]
		if c.page != nil {
			parquet.Release(c.page)
		}
		if c.pages != nil {
			c.pages.Close()
		}
		c.reset(pqColumn{index: -1})
	}
}

// fill makes sure a level is ready at c.li, reading the next page when
// the current one is used up. It reports false at the end of the chunk.
func (c *pqCursor) fill(ctx context.Context) (bool, error) {
	if c.li < c.n {
		return true, nil
	}
	return c.nextPage(ctx)
}

// nextPage is fill when the current page is used up. A page's values are
// counted against its definition levels as it is read, so that the loops
// over a page can index its values without a check per level.
func (c *pqCursor) nextPage(ctx context.Context) (bool, error) {
	if c.pages == nil {
		c.pages = c.chunk.Pages()
	}
	for c.li >= c.n {
		if c.page != nil {
			parquet.Release(c.page)
			c.page = nil
		}
		if err := ctx.Err(); err != nil {
			return false, err
		}
		page, err := c.pages.ReadPage()
		if errors.Is(err, io.EOF) {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		c.page = page
		if c.defs, c.reps, c.n, err = pageLevels(page, c.col.maxDef, c.maxRep); err != nil {
			return false, err
		}
		if c.v, err = pageValues(page, c.col.kind); err != nil {
			return false, err
		}
		present := c.n
		if c.col.maxDef > 0 {
			present = countLevel(c.defs, c.col.maxDef)
		}
		if present > c.v.n {
			return false, fmt.Errorf("a page has fewer values (%d) than its definition levels say (%d)", c.v.n, present)
		}
		if present < c.v.n {
			return false, fmt.Errorf("a page has %d values but its definition levels say %d", c.v.n, present)
		}
		if c.v.dict != nil && c.v.dict != c.dict {
			c.dict = c.v.dict
			n := c.v.dictLen()
			c.dictKey = resetTo(c.dictKey, n)
			for i := range c.dictKey {
				c.dictKey[i] = -1
			}
			c.dictStr = resetTo(c.dictStr, n)
			c.dictSet = resetTo(c.dictSet, n)
		}
		c.li, c.vi = 0, 0
	}
	return true, nil
}

// countLevel returns how many of levels equal level. It compares eight
// levels at a time: a page holds tens of thousands of them, and every
// value column counts them to find the values of the needed entries.
func countLevel(levels []byte, level byte) int {
	const lo7, hi = 0x7f7f7f7f7f7f7f7f, 0x8080808080808080
	pattern := uint64(level) * 0x0101010101010101
	n := 0
	for len(levels) >= 8 {
		// x has a zero byte where a level equals level; t has the high bit
		// set exactly in the non-zero bytes of x.
		x := binary.LittleEndian.Uint64(levels) ^ pattern
		t := (x&lo7 + lo7) | x
		n += 8 - bits.OnesCount64(t&hi)
		levels = levels[8:]
	}
	for _, l := range levels {
		if l == level {
			n++
		}
	}
	return n
}

// advance passes over the next m levels of the current page (m at most
// the levels left in it), counting the values among them.
func (c *pqCursor) advance(m int) {
	if c.col.maxDef == 0 {
		c.vi += m
	} else {
		c.vi += countLevel(c.defs[c.li:c.li+m], c.col.maxDef)
	}
	c.li += m
}

// skip passes over n levels.
func (c *pqCursor) skip(ctx context.Context, n int) error {
	for n > 0 {
		ok, err := c.fill(ctx)
		if err != nil {
			return err
		}
		if !ok {
			return errors.New("fewer values than the key column")
		}
		m := min(n, c.n-c.li)
		c.advance(m)
		n -= m
	}
	c.lag = 0
	return nil
}

// dictString returns dictionary entry j as a string, converting it once
// per chunk.
func (c *pqCursor) dictString(j int) string {
	if !c.dictSet[j] {
		c.dictStr[j], c.dictSet[j] = string(c.v.bytes(j)), true
	}
	return c.dictStr[j]
}

// str returns value i of a byte-array page as a string: converted once
// per dictionary entry, or shared with the previous equal value.
func (c *pqCursor) str(i int, prev *string) (string, error) {
	j, err := c.v.at(i)
	if err != nil {
		return "", err
	}
	if c.v.dict != nil {
		return c.dictString(j), nil
	}
	bs := c.v.bytes(j)
	if prev == nil {
		// Param values (transaction ids, page locations) are mostly
		// distinct: a table to share them would miss more than it saved.
		return string(bs), nil
	}
	if string(bs) != *prev {
		if c.shared == nil {
			*prev = string(bs)
			return *prev, nil
		}
		*prev = c.shared.get(bs)
	}
	return *prev, nil
}

// pqSharedSlots is the size of a pqShared table, and pqSharedMax the
// longest value it keeps, so that it holds at most 64 KiB of values.
const (
	pqSharedSlots = 1024
	pqSharedMax   = 64
)

// pqShared shares one string among equal values of a top-level column
// with plain pages (user_pseudo_id, event_name, dimensions), so that
// values repeated a few rows apart do not allocate a string each: a
// table indexed by a hash of the value, keeping the last value of each
// slot.
type pqShared struct {
	seed maphash.Seed
	slot [pqSharedSlots]string
}

// get returns b as a string, the one an earlier equal b got when it is
// still in its slot.
func (t *pqShared) get(b []byte) string {
	if len(b) > pqSharedMax {
		return string(b)
	}
	s := &t.slot[maphash.Bytes(t.seed, b)%pqSharedSlots]
	if *s != string(b) {
		*s = string(b)
	}
	return *s
}

// readScalar decodes k values of a top-level column into b, zero for
// nulls.
func (pr *pqReader) readScalar(ctx context.Context, dec *pqDecoder, c, k int, b *pqBatch) error {
	cur := &dec.cursors[c]
	var strs *[]string
	var prev *string // plain pages: share a value with the row before
	switch c {
	case pqName:
		strs, prev = &b.name, new(string)
	case pqDate:
		strs, prev = &b.date, new(string)
	case pqUser:
		strs, prev = &b.user, new(string)
	case pqTxn:
		strs, prev = &b.txn, new(string)
	case pqSource, pqMedium, pqCountry, pqDevice:
		strs, prev = &b.dims[c-pqSource], new(string)
	}
	if strs != nil {
		*strs = slices.Grow((*strs)[:0], k)
		if cur.shared == nil && (c == pqName || c >= pqSource && c <= pqDevice) {
			// Columns of a few distinct values: share them through a table.
			cur.shared = &pqShared{seed: maphash.MakeSeed()}
		}
	} else {
		b.ts = slices.Grow(b.ts[:0], k)
	}
	maxDef := cur.col.maxDef
	for done := 0; done < k; {
		ok, err := cur.fill(ctx)
		if err != nil {
			return err
		}
		if !ok {
			return errors.New("fewer values than the row group's rows")
		}
		// The levels of this page that belong to the slice.
		m := min(k-done, cur.n-cur.li)
		if cur.reps != nil && countLevel(cur.reps[cur.li:cur.li+m], 0) != m {
			return errors.New("a repeated value in a column of one value per row")
		}
		var defs []byte
		if maxDef > 0 {
			defs = cur.defs[cur.li : cur.li+m]
		}
		vi := cur.vi
		for l := range m {
			present := maxDef == 0 || defs[l] == maxDef
			if strs == nil {
				var ts int64
				if present {
					j, err := cur.v.at(vi)
					if err != nil {
						return err
					}
					ts = cur.v.ints[j]
					vi++
				}
				b.ts = append(b.ts, ts)
				continue
			}
			var s string
			if present {
				if s, err = cur.str(vi, prev); err != nil {
					return err
				}
				vi++
			}
			*strs = append(*strs, s)
		}
		cur.li += m
		cur.vi = vi
		done += m
	}
	return nil
}

// readKeys decodes the event_params keys of the next k rows: it records
// every level's repetition level in dec.entRep and every entry whose
// value is needed in dec.need. An entry counts as needed when its
// param is kept, is ga_session_id, or is a transaction_id of a row
// without ecommerce.transaction_id (txn holds that column's values). It
// returns how many needed entries go into Event.Params.
func (pr *pqReader) readKeys(ctx context.Context, dec *pqDecoder, k int, txn []string) (kept int, err error) {
	cur := &dec.cursors[pqKey]
	keyID := func(b []byte) int32 {
		if id, ok := dec.keyIndex[string(b)]; ok {
			return id
		}
		name := string(b)
		id := int32(len(dec.keys))
		dec.keys = append(dec.keys, pqKeyInfo{name: name, keep: pr.opts.keeps(name), session: name == "ga_session_id", txn: name == "transaction_id"})
		dec.keyIndex[name] = id
		return id
	}
	maxDef := cur.col.maxDef
	row, pos, prev := -1, 0, int32(-1)
	for done := false; !done; {
		ok, err := cur.fill(ctx)
		if err != nil {
			return 0, err
		}
		if !ok {
			break
		}
		// A key column has both levels on every page (pageLevels checks
		// their counts), as its maximum levels are at least 1.
		defs, reps := cur.defs[:cur.n], cur.reps[:cur.n]
		base := len(dec.entRep) - cur.li // entry index of level 0 of the page
		li, vi := cur.li, cur.vi
		for ; li < len(reps); li++ {
			if reps[li] == 0 {
				if row+1 == k {
					done = true // the next slice's first row
					break
				}
				row++
				pos, prev = 0, -1
			} else if row < 0 {
				return 0, errors.New("a slice of rows does not start at a row")
			}
			if defs[li] != maxDef {
				pos++
				continue
			}
			j := vi
			vi++
			key := int32(-1)
			if cur.v.dict != nil {
				if j, err = cur.v.at(j); err != nil {
					return 0, err
				}
				// dictKey holds the key id, -2 for a key nobody needs,
				// -1 for an entry not looked at yet.
				if key = cur.dictKey[j]; key == -1 {
					key = keyID(cur.v.bytes(j))
					if !dec.keys[key].needed() {
						key = -2
					}
					cur.dictKey[j] = key
				}
			} else {
				// Plain keys: rows tend to list the same keys in the same
				// order, so try the key at this position in the row before,
				// then the key that followed the previous key last time
				// (rows of other events shift the positions).
				b := cur.v.bytes(j)
				if pos < len(dec.posKey) {
					if id := dec.posKey[pos]; id >= 0 && dec.keys[id].name == string(b) {
						key = id
					}
				}
				if key < 0 && int(prev+1) < len(dec.nextKey) {
					// The two keys that last followed the previous key: rows
					// of two kinds of event alternate.
					if id := dec.nextKey[prev+1]; id >= 0 && dec.keys[id].name == string(b) {
						key = id
					} else if id := dec.nextKey2[prev+1]; id >= 0 && dec.keys[id].name == string(b) {
						key = id
					}
				}
				if key < 0 {
					key = keyID(b)
				}
				if pos < len(dec.posKey) {
					dec.posKey[pos] = key
				} else {
					dec.posKey = append(dec.posKey, key)
				}
				for int(prev+1) >= len(dec.nextKey) {
					dec.nextKey = append(dec.nextKey, -1)
					dec.nextKey2 = append(dec.nextKey2, -1)
				}
				if last := dec.nextKey[prev+1]; last != key {
					dec.nextKey2[prev+1], dec.nextKey[prev+1] = last, key
				}
				prev = key
				if !dec.keys[key].needed() {
					key = -2
				}
			}
			pos++
			if key < 0 {
				continue // a key nobody needs
			}
			info := &dec.keys[key]
			if info.keep {
				kept++
			} else if info.txn && txn[row] != "" {
				continue // the row's ecommerce.transaction_id wins
			}
			dec.need = append(dec.need, pqNeed{ent: int32(base + li), row: int32(row), key: key})
		}
		dec.entRep = append(dec.entRep, reps[cur.li:li]...)
		cur.li, cur.vi = li, vi
	}
	if row+1 != k {
		return 0, fmt.Errorf("%d rows where the row group has %d more", row+1, k)
	}
	return kept, nil
}

// valuesNeeded reports whether value column c has to be read for this
// slice: int_value and string_value when any entry is needed (a
// string_value overrides the int_value read before it), the float
// columns only while a needed entry has no value.
func (pr *pqReader) valuesNeeded(dec *pqDecoder, c int) bool {
	if c == pqInt || c == pqString {
		return len(dec.need) > 0
	}
	for i := range dec.need {
		if dec.need[i].kind == ValueNone {
			return true
		}
	}
	return false
}

// readValues decodes one value column of event_params for the needed
// entries. The columns are read int_value, string_value, double_value,
// float_value; the result is as if string_value were read first, then
// int_value, double_value and float_value, each for the entries still
// without a value: a string_value replaces an int_value already read.
func (pr *pqReader) readValues(ctx context.Context, dec *pqDecoder, c int) error {
	cur := &dec.cursors[c]
	if err := cur.skip(ctx, cur.lag); err != nil {
		return err
	}
	maxDef := cur.col.maxDef
	need := dec.need
	ents := len(dec.entRep)
	for e := 0; e < ents; {
		ok, err := cur.fill(ctx)
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("%d values for the key column's %d", e, ents)
		}
		m := min(ents-e, cur.n-cur.li)
		// The value columns must line up with the key column row by row.
		reps, keyReps := cur.reps[cur.li:cur.li+m], dec.entRep[e:e+m]
		if string(reps) != string(keyReps) {
			for i := range m {
				if (reps[i] == 0) != (keyReps[i] == 0) {
					return fmt.Errorf("value %d does not line up with the key column's rows", e+i+1)
				}
			}
		}
		defs := cur.defs[cur.li : cur.li+m]
		vi, counted := cur.vi, 0
		for len(need) > 0 && int(need[0].ent) < e+m {
			nd := &need[0]
			need = need[1:]
			l := int(nd.ent) - e
			vi += countLevel(defs[counted:l], maxDef)
			counted = l
			if defs[l] != maxDef {
				continue
			}
			switch c {
			case pqString:
				if nd.str, err = cur.str(vi, nil); err != nil {
					return err
				}
				nd.kind, nd.num = ValueString, 0
			case pqInt:
				j, err := cur.v.at(vi)
				if err != nil {
					return err
				}
				nd.num, nd.kind = cur.v.ints[j], ValueInt
			default:
				if nd.kind != ValueNone {
					continue
				}
				j, err := cur.v.at(vi)
				if err != nil {
					return err
				}
				nd.float, nd.kind = cur.v.float(j), ValueFloat
			}
		}
		vi += countLevel(defs[counted:], maxDef)
		cur.li += m
		cur.vi = vi
		e += m
	}
	return nil
}

// assemble turns the needed entries into each row's params, session id
// and transaction id, as Event.finish would from every param.
func (pr *pqReader) assemble(dec *pqDecoder, b *pqBatch) {
	next := 0 // the first row whose paramEnd is not yet set
	for i := range dec.need {
		nd := &dec.need[i]
		row := int(nd.row)
		for next < row {
			b.paramEnd[next] = int32(len(b.params))
			next++
		}
		key := &dec.keys[nd.key]
		p := Param{Key: key.name, Kind: nd.kind}
		switch p.Kind {
		case ValueString:
			p.String = nd.str
		case ValueInt:
			p.Int = nd.num
		case ValueFloat:
			p.Float = nd.float
		}
		if key.keep {
			b.params = append(b.params, p)
		}
		switch {
		case key.session && !b.hasSID[row]:
			switch p.Kind {
			case ValueInt:
				b.sid[row], b.hasSID[row] = p.Int, true
			case ValueString:
				if n, err := strconv.ParseInt(p.String, 10, 64); err == nil {
					b.sid[row], b.hasSID[row] = n, true
				}
			}
		case key.txn && b.txn[row] == "":
			b.txn[row] = p.Text()
		}
	}
	for ; next < b.rows; next++ {
		b.paramEnd[next] = int32(len(b.params))
	}
}
