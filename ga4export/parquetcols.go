package ga4export

import (
	"context"
	"errors"
	"fmt"
	"io"
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
	pqKey    // event_params.list.element.key
	pqString // the value columns, in the order that decides a param's kind
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
func planParquetColumns(root *parquet.Column) (pqLayout, bool) {
	var lay pqLayout
	for c, path := range pqPaths {
		col := &lay.cols[c]
		col.index = -1
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
// caller's goroutine, one row at a time. Memory is bounded by opts.Jobs+1
// decoded row groups. Files whose columns have other types or shapes than
// a BigQuery export's are read row by row instead, with the same result.
func ReadParquetOptions(ctx context.Context, name string, r io.ReaderAt, size int64, opts ReadOptions, fn func(*Event) error) (err error) {
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
	lay, ok := planParquetColumns(f.Root())
	if !ok {
		return readParquetRowsFile(ctx, name, f, opts, fn)
	}
	pr := &pqReader{name: name, file: f, lay: lay, opts: opts}
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
	name string
	file *parquet.File
	lay  pqLayout
	opts ReadOptions
}

// pqBatch is one decoded row group: a value per row for each top-level
// column, and the kept params of every row.
type pqBatch struct {
	group    int
	first    int64 // row number (from 1) of the group's first row
	rows     int
	name     []string
	date     []string
	user     []string
	txn      []string
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
	// One entry per event_params level of the row group: the row it
	// belongs to, its key (-1 when it has none), and its value.
	entRow   []int32
	entKey   []int32
	entKind  []ValueKind
	entStr   []string
	entInt   []int64
	entFloat []float64
	// Per column chunk: dictionary entries already converted.
	dictKey  []int32
	dictStr  []string
	dictSet  []bool
	interned map[string]string
}

func newPQDecoder() *pqDecoder {
	return &pqDecoder{keyIndex: make(map[string]int32), interned: make(map[string]string)}
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

// maxInterned bounds the strings a decoder keeps to share between rows of
// plain (not dictionary-encoded) pages.
const maxInterned = 4096

// intern returns b as a string, sharing the allocation with an earlier
// equal value when there is one.
func (d *pqDecoder) intern(b []byte) string {
	if s, ok := d.interned[string(b)]; ok {
		return s
	}
	s := string(b)
	if len(d.interned) >= maxInterned {
		clear(d.interned)
	}
	d.interned[s] = s
	return s
}

func (pr *pqReader) jobs() int {
	n := pr.opts.Jobs
	if n <= 0 {
		n = runtime.GOMAXPROCS(0)
	}
	return max(1, min(n, len(pr.file.RowGroups())))
}

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
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := pr.decodeGroup(ctx, dec, gi, firsts[gi], b); err != nil {
				if cerr := ctx.Err(); cerr != nil {
					return cerr
				}
				return err
			}
			if err := pr.deliver(ctx, b, &ev, fn); err != nil {
				return err
			}
		}
		return ctx.Err()
	}

	type job struct {
		group int
		batch *pqBatch
		done  chan error
	}
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	// jobs+1 batches: one being delivered while each worker decodes the
	// next; a batch goes back to free once its rows are delivered.
	free := make(chan *pqBatch, jobs+1)
	for range jobs + 1 {
		free <- pqBatches.Get().(*pqBatch)
	}
	defer func() {
		cancel()
		wg.Wait()
		// Batches still in flight are left to the garbage collector.
		for len(free) > 0 {
			pqBatches.Put(<-free)
		}
	}()
	work := make(chan *job)
	order := make(chan *job, jobs+1) // never fuller than the batches taken
	for range jobs {
		wg.Go(func() {
			dec := pqDecoders.Get().(*pqDecoder)
			defer pqDecoders.Put(dec)
			for j := range work {
				j.done <- pr.decodeGroupSafe(ctx, dec, j.group, firsts[j.group], j.batch)
			}
		})
	}
	wg.Go(func() {
		defer close(order)
		defer close(work)
		for gi := range groups {
			var b *pqBatch
			select {
			case b = <-free:
			case <-ctx.Done():
				return
			}
			j := &job{group: gi, batch: b, done: make(chan error, 1)}
			order <- j
			select {
			case work <- j:
			case <-ctx.Done():
				j.done <- ctx.Err()
				return
			}
		}
	})
	for j := range order {
		if err := <-j.done; err != nil {
			if cerr := ctx.Err(); cerr != nil {
				return cerr
			}
			return err
		}
		if err := pr.deliver(ctx, j.batch, &ev, fn); err != nil {
			return err
		}
		free <- j.batch
	}
	return ctx.Err()
}

// deliver calls fn for each row of a decoded row group.
func (pr *pqReader) deliver(ctx context.Context, b *pqBatch, ev *Event, fn func(*Event) error) error {
	var start int32
	for i := range b.rows {
		if i&1023 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		end := b.paramEnd[i]
		*ev = Event{
			Date:          b.date[i],
			Timestamp:     b.ts[i],
			Name:          b.name[i],
			UserPseudoID:  b.user[i],
			SessionID:     b.sid[i],
			HasSessionID:  b.hasSID[i],
			TransactionID: b.txn[i],
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
func (pr *pqReader) decodeGroupSafe(ctx context.Context, dec *pqDecoder, gi int, first int64, b *pqBatch) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%s: row group %d (from row %d): cannot read this Parquet file (corrupt, or a column type tagspec cannot convert): %v", pr.name, gi+1, first, p)
		}
	}()
	return pr.decodeGroup(ctx, dec, gi, first, b)
}

// errorf is a decoding problem in one column of one row group.
func (pr *pqReader) errorf(gi int, first int64, c int, format string, args ...any) error {
	return fmt.Errorf("%s: row group %d (from row %d), column %s: "+format, append([]any{pr.name, gi + 1, first, strings.Join(pqPaths[c], ".")}, args...)...)
}

// decodeGroup decodes row group gi into b.
func (pr *pqReader) decodeGroup(ctx context.Context, dec *pqDecoder, gi int, first int64, b *pqBatch) error {
	group := pr.file.RowGroups()[gi]
	chunks := group.ColumnChunks()
	numRows := group.NumRows()
	*b = pqBatch{
		group: gi, first: first,
		name: b.name[:0], date: b.date[:0], user: b.user[:0], txn: b.txn[:0],
		ts: b.ts[:0], sid: b.sid[:0], hasSID: b.hasSID[:0], paramEnd: b.paramEnd[:0], params: b.params[:0],
	}
	hint := int(min(max(numRows, 0), maxSizeHint))
	b.name = slices.Grow(b.name, hint)
	b.ts = slices.Grow(b.ts, hint)
	b.date = slices.Grow(b.date, hint)
	b.user = slices.Grow(b.user, hint)
	b.txn = slices.Grow(b.txn, hint)
	chunk := func(c int) (parquet.ColumnChunk, error) {
		idx := pr.lay.cols[c].index
		if idx < 0 {
			return nil, nil
		}
		if idx >= len(chunks) {
			return nil, pr.errorf(gi, first, c, "the row group has %d column chunks, not a chunk for column %d", len(chunks), idx+1)
		}
		return chunks[idx], nil
	}
	// Top-level columns, event_name first: it must be there (checked by
	// checkParquetSchema) and settles the row count.
	for _, c := range []int{pqName, pqTimestamp, pqDate, pqUser, pqTxn} {
		cc, err := chunk(c)
		if err != nil {
			return err
		}
		if cc == nil {
			continue
		}
		if err := pr.readScalar(ctx, dec, gi, first, c, cc, numRows, b); err != nil {
			return err
		}
	}
	b.rows = len(b.name)
	if int64(b.rows) != numRows {
		return pr.errorf(gi, first, pqName, "%d values for the row group's %d rows", b.rows, numRows)
	}
	b.ts = fillTo(b.ts, b.rows)
	b.date = fillTo(b.date, b.rows)
	b.user = fillTo(b.user, b.rows)
	b.txn = fillTo(b.txn, b.rows)
	b.sid = resetTo(b.sid, b.rows)
	b.hasSID = resetTo(b.hasSID, b.rows)
	b.paramEnd = resetTo(b.paramEnd, b.rows)

	keyChunk, err := chunk(pqKey)
	if err != nil {
		return err
	}
	if keyChunk == nil {
		return nil // no keys, no params
	}
	pending, kept, err := pr.readKeys(ctx, dec, gi, first, keyChunk, numRows)
	if err != nil {
		return err
	}
	b.params = slices.Grow(b.params, kept)
	for c := pqString; c <= pqFloat && pending > 0; c++ {
		cc, err := chunk(c)
		if err != nil {
			return err
		}
		if cc == nil {
			continue
		}
		if pending, err = pr.readValues(ctx, dec, gi, first, c, cc, pending); err != nil {
			return err
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

// eachPage calls fn for each data page of a column chunk and releases
// the page afterwards.
func eachPage(ctx context.Context, cc parquet.ColumnChunk, fn func(parquet.Page) error) error {
	pages := cc.Pages()
	defer pages.Close()
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		page, err := pages.ReadPage()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		err = fn(page)
		parquet.Release(page)
		if err != nil {
			return err
		}
	}
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

// startDict resets the decoder's converted-dictionary cache when a chunk
// with a new dictionary begins.
func (d *pqDecoder) startDict(v *pqValues, last *parquet.Dictionary) {
	if v.dict == nil || v.dict == *last {
		return
	}
	*last = v.dict
	n := v.dictLen()
	d.dictKey = resetTo(d.dictKey, n)
	for i := range d.dictKey {
		d.dictKey[i] = -1
	}
	d.dictStr = resetTo(d.dictStr, n)
	d.dictSet = resetTo(d.dictSet, n)
}

// dictString returns dictionary entry j as a string, converting it once
// per chunk.
func (d *pqDecoder) dictString(v *pqValues, j int) string {
	if !d.dictSet[j] {
		d.dictStr[j], d.dictSet[j] = string(v.bytes(j)), true
	}
	return d.dictStr[j]
}

// readScalar decodes a top-level column into b: one value per row, zero
// for nulls.
func (pr *pqReader) readScalar(ctx context.Context, dec *pqDecoder, gi int, first int64, c int, cc parquet.ColumnChunk, numRows int64, b *pqBatch) error {
	col := pr.lay.cols[c]
	var strs *[]string
	switch c {
	case pqName:
		strs = &b.name
	case pqDate:
		strs = &b.date
	case pqUser:
		strs = &b.user
	case pqTxn:
		strs = &b.txn
	}
	var last parquet.Dictionary
	var prev string // plain pages: the previous value, shared when repeated
	rows := 0
	err := eachPage(ctx, cc, func(page parquet.Page) error {
		defs, _, n, err := pageLevels(page, col.maxDef, 0)
		if err != nil {
			return err
		}
		if int64(rows)+int64(n) > numRows {
			return fmt.Errorf("more values than the row group's %d rows", numRows)
		}
		v, err := pageValues(page, col.kind)
		if err != nil {
			return err
		}
		dec.startDict(&v, &last)
		vi := 0
		for r := range n {
			present := col.maxDef == 0 || defs[r] == col.maxDef
			if !present {
				if strs != nil {
					*strs = append(*strs, "")
				} else {
					b.ts = append(b.ts, 0)
				}
				continue
			}
			if vi >= v.n {
				return fmt.Errorf("a page has fewer values (%d) than its definition levels say", v.n)
			}
			j, err := v.at(vi)
			if err != nil {
				return err
			}
			vi++
			if strs == nil {
				b.ts = append(b.ts, v.ints[j])
				continue
			}
			var s string
			switch {
			case v.dict != nil:
				s = dec.dictString(&v, j)
			case c == pqName:
				s = dec.intern(v.bytes(j))
			default:
				if bs := v.bytes(j); string(bs) == prev {
					s = prev
				} else {
					s = string(bs)
					prev = s
				}
			}
			*strs = append(*strs, s)
		}
		if vi != v.n {
			return fmt.Errorf("a page has %d values but its definition levels say %d", v.n, vi)
		}
		rows += n
		return nil
	})
	if err != nil {
		return pr.errorf(gi, first, c, "%w", err)
	}
	if c != pqName && int64(rows) != numRows {
		return pr.errorf(gi, first, c, "%d values for the row group's %d rows", rows, numRows)
	}
	return nil
}

// readKeys decodes the event_params keys of a row group into the
// decoder's entries and returns how many entries have a key whose value
// is needed.
func (pr *pqReader) readKeys(ctx context.Context, dec *pqDecoder, gi int, first int64, cc parquet.ColumnChunk, numRows int64) (pending, kept int, err error) {
	col := pr.lay.cols[pqKey]
	dec.keys = dec.keys[:0]
	clear(dec.keyIndex)
	hint := int(min(max(cc.NumValues(), 0), maxSizeHint))
	dec.entRow = slices.Grow(dec.entRow[:0], hint)
	dec.entKey = slices.Grow(dec.entKey[:0], hint)
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
	var last parquet.Dictionary
	row := int64(-1)
	err = eachPage(ctx, cc, func(page parquet.Page) error {
		defs, reps, n, err := pageLevels(page, col.maxDef, 1)
		if err != nil {
			return err
		}
		v, err := pageValues(page, col.kind)
		if err != nil {
			return err
		}
		dec.startDict(&v, &last)
		vi := 0
		for i := range n {
			if reps[i] == 0 {
				row++
				if row >= numRows {
					return fmt.Errorf("more rows than the row group's %d", numRows)
				}
			} else if row < 0 {
				return errors.New("the first value does not start a row")
			}
			key := int32(-1)
			if defs[i] == col.maxDef {
				if vi >= v.n {
					return fmt.Errorf("a page has fewer values (%d) than its definition levels say", v.n)
				}
				j, err := v.at(vi)
				if err != nil {
					return err
				}
				vi++
				if v.dict != nil {
					if key = dec.dictKey[j]; key < 0 {
						key = keyID(v.bytes(j))
						dec.dictKey[j] = key
					}
				} else {
					key = keyID(v.bytes(j))
				}
				if k := &dec.keys[key]; k.needed() {
					pending++
					if k.keep {
						kept++
					}
				}
			}
			dec.entRow = append(dec.entRow, int32(row))
			dec.entKey = append(dec.entKey, key)
		}
		if vi != v.n {
			return fmt.Errorf("a page has %d values but its definition levels say %d", v.n, vi)
		}
		return nil
	})
	if err != nil {
		return 0, 0, pr.errorf(gi, first, pqKey, "%w", err)
	}
	if row+1 != numRows {
		return 0, 0, pr.errorf(gi, first, pqKey, "%d rows for the row group's %d", row+1, numRows)
	}
	n := len(dec.entRow)
	dec.entKind = resetTo(dec.entKind, n)
	dec.entStr = resetTo(dec.entStr, n)
	dec.entInt = resetTo(dec.entInt, n)
	dec.entFloat = resetTo(dec.entFloat, n)
	return pending, kept, nil
}

// readValues decodes one value column of event_params for the entries
// whose key is needed and whose value is not set by an earlier column. It
// returns how many needed entries are still without a value.
func (pr *pqReader) readValues(ctx context.Context, dec *pqDecoder, gi int, first int64, c int, cc parquet.ColumnChunk, pending int) (int, error) {
	col := pr.lay.cols[c]
	var last parquet.Dictionary
	e := 0 // entry index
	err := eachPage(ctx, cc, func(page parquet.Page) error {
		defs, reps, n, err := pageLevels(page, col.maxDef, 1)
		if err != nil {
			return err
		}
		if e+n > len(dec.entRow) {
			return fmt.Errorf("more values than the key column's %d", len(dec.entRow))
		}
		v, err := pageValues(page, col.kind)
		if err != nil {
			return err
		}
		dec.startDict(&v, &last)
		vi := 0
		for i := range n {
			// The value columns must line up with the key column row by row.
			if (reps[i] == 0) != (e == 0 || dec.entRow[e] != dec.entRow[e-1]) {
				return fmt.Errorf("value %d does not line up with the key column's rows", e+1)
			}
			if defs[i] != col.maxDef {
				e++
				continue
			}
			if vi >= v.n {
				return fmt.Errorf("a page has fewer values (%d) than its definition levels say", v.n)
			}
			k := dec.entKey[e]
			if k < 0 || dec.entKind[e] != ValueNone || !dec.keys[k].needed() {
				vi++
				e++
				continue
			}
			j, err := v.at(vi)
			if err != nil {
				return err
			}
			vi++
			switch c {
			case pqString:
				if v.dict != nil {
					dec.entStr[e] = dec.dictString(&v, j)
				} else {
					dec.entStr[e] = dec.intern(v.bytes(j))
				}
				dec.entKind[e] = ValueString
			case pqInt:
				dec.entInt[e], dec.entKind[e] = v.ints[j], ValueInt
			default:
				dec.entFloat[e], dec.entKind[e] = v.float(j), ValueFloat
			}
			pending--
			e++
		}
		if vi != v.n {
			return fmt.Errorf("a page has %d values but its definition levels say %d", v.n, vi)
		}
		return nil
	})
	if err != nil {
		return 0, pr.errorf(gi, first, c, "%w", err)
	}
	if e != len(dec.entRow) {
		return 0, pr.errorf(gi, first, c, "%d values for the key column's %d", e, len(dec.entRow))
	}
	return pending, nil
}

// assemble turns the decoder's entries into each row's params, session id
// and transaction id, as Event.finish would from every param.
func (pr *pqReader) assemble(dec *pqDecoder, b *pqBatch) {
	next := 0 // the first row whose paramEnd is not yet set
	for e, row := range dec.entRow {
		for next < int(row) {
			b.paramEnd[next] = int32(len(b.params))
			next++
		}
		k := dec.entKey[e]
		if k < 0 {
			continue
		}
		key := &dec.keys[k]
		if !key.needed() {
			continue
		}
		p := Param{Key: key.name, Kind: dec.entKind[e]}
		switch p.Kind {
		case ValueString:
			p.String = dec.entStr[e]
		case ValueInt:
			p.Int = dec.entInt[e]
		case ValueFloat:
			p.Float = dec.entFloat[e]
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
