package ga4export

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync"
)

// jsonBlockBytes is how much NDJSON one block holds. Blocks end at a line
// break, so most rows lie within one block and blocks decode independently;
// a row that does not (a row over several lines, or longer than a block) is
// finished by the reader from the bytes of the blocks after it. Tests set
// smaller blocks to make rows cross them.
var jsonBlockBytes = 1 << 20

// jsonMaxAhead bounds the blocks read ahead of the one the caller is on.
// Blocks decoded or being decoded wait in order for the caller; room for
// a few per worker keeps every worker busy while the caller works through
// one block, with a few MiB of input in memory.
const jsonMaxAhead = 16

// jsonBlock is a run of NDJSON rows read from the input, and what decoding
// it gave.
type jsonBlock struct {
	buf     *[]byte // pooled buffer that data lies in
	data    []byte
	base    int64 // input offset of data[0]
	final   bool  // the input ends with this block
	readErr error // the input failed after data

	done chan struct{} // closed once res is set
	res  jsonBlockResult
}

// jsonBlockResult is a decoded block: its complete rows, then either an
// error at row errRow or, when the data ends inside a row, where that row
// starts.
type jsonBlockResult struct {
	events   []Event
	err      error // a *scanError, errRowTooLong, or nil
	errStart int   // offset in data of the row with err
	tail     int   // offset in data of an incomplete last row, or -1
}

var (
	jsonBufPool    sync.Pool // *[]byte of a block's input
	jsonEventsPool sync.Pool // *[]Event of a block's rows
)

// recycle returns a block's buffers to their pools once its rows have
// been passed on.
func (b *jsonBlock) recycle() {
	jsonBufPool.Put(b.buf)
	if b.res.events != nil {
		ev := b.res.events[:0]
		jsonEventsPool.Put(&ev)
	}
}

// getBlockBuf returns a pooled buffer of size bytes.
func getBlockBuf(size int) *[]byte {
	if bp, ok := jsonBufPool.Get().(*[]byte); ok && cap(*bp) >= size {
		*bp = (*bp)[:size]
		return bp
	}
	b := make([]byte, size)
	return &b
}

// decodeBlock decodes every complete row of data.
func (s *rowScanner) decodeBlock(data []byte, final bool, res *jsonBlockResult) {
	s.data, s.pos, s.final = data, 0, final
	s.arena = nil // the block's events keep their params; the next block starts afresh
	if res.events == nil {
		if p, ok := jsonEventsPool.Get().(*[]Event); ok {
			res.events = *p
		}
	}
	res.events, res.err, res.tail = res.events[:0], nil, -1
	for {
		s.skipSpace()
		if s.pos >= len(data) {
			return
		}
		start := s.pos
		if len(res.events) == cap(res.events) {
			res.events = append(res.events, Event{})[:len(res.events)]
		}
		res.events = res.events[:len(res.events)+1]
		ev := &res.events[len(res.events)-1]
		err := s.scanRow(ev)
		if err == nil && s.pos-start > MaxJSONRowBytes {
			err = errRowTooLong
		}
		if err != nil {
			res.events = res.events[:len(res.events)-1]
			if err == errIncomplete {
				res.tail = start
			} else {
				res.err, res.errStart = err, start
			}
			return
		}
	}
}

// splitBlocks reads r into blocks that end at a line break (the last in
// jsonBlockBytes) and passes them to emit in order; it stops when emit
// returns false or the input ends.
func splitBlocks(r io.Reader, size int, emit func(*jsonBlock) bool) {
	var rest []byte // bytes after the last line break of the previous block
	var base int64
	for {
		bp := getBlockBuf(size)
		buf := *bp
		n := copy(buf, rest)
		var rerr error
		for n < len(buf) && rerr == nil {
			var m int
			m, rerr = r.Read(buf[n:])
			n += m
		}
		b := &jsonBlock{buf: bp, base: base, done: make(chan struct{})}
		if rerr != nil {
			b.data, b.final = buf[:n], true
			if rerr != io.EOF {
				b.readErr = rerr
			}
			emit(b)
			return
		}
		cut := n
		if i := bytes.LastIndexByte(buf[:n], '\n'); i >= 0 {
			cut = i + 1
		}
		rest = append(rest[:0], buf[cut:n]...)
		b.data = buf[:cut]
		base += int64(cut)
		if !emit(b) {
			return
		}
	}
}

// readJSONBlocks reads NDJSON rows (objects separated by white space) from
// r, decoding blocks of them on up to opts.Jobs goroutines and calling fn
// for each row in input order. Errors name the row and its byte offset as
// the generic decoder's do.
func readJSONBlocks(ctx context.Context, name string, r io.Reader, opts ReadOptions, fn func(*Event) error) error {
	jobs := opts.Jobs
	if jobs <= 0 {
		jobs = runtime.GOMAXPROCS(0)
	}
	size := jsonBlockBytes
	own := newRowScanner(&opts)
	c := jsonConsumer{name: name, scanner: own, fn: fn}
	if jobs == 1 {
		var err error
		splitBlocks(r, size, func(b *jsonBlock) bool {
			if err = ctx.Err(); err == nil {
				own.decodeBlock(b.data, b.final, &b.res)
				close(b.done)
				err = c.take(b)
			}
			b.recycle()
			return err == nil
		})
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer func() {
		cancel()
		wg.Wait()
	}()
	work := make(chan *jsonBlock)
	order := make(chan *jsonBlock, min(4*jobs, jsonMaxAhead))
	for range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := newRowScanner(&opts)
			for b := range work {
				s.decodeBlock(b.data, b.final, &b.res)
				close(b.done)
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(order)
		defer close(work)
		splitBlocks(r, size, func(b *jsonBlock) bool {
			select {
			case order <- b:
			case <-ctx.Done():
				return false
			}
			select {
			case work <- b:
				return true
			case <-ctx.Done():
				close(b.done) // never decoded; the reader has stopped
				return false
			}
		})
	}()
	for b := range order {
		<-b.done
		err := ctx.Err()
		if err == nil {
			err = c.take(b)
		}
		b.recycle()
		if err != nil {
			return err
		}
		if b.final {
			return nil
		}
	}
	return ctx.Err()
}

// jsonConsumer takes decoded blocks in input order, finishes the rows that
// span blocks, numbers rows and calls fn.
type jsonConsumer struct {
	name    string
	scanner *rowScanner // decodes rows that span blocks
	fn      func(*Event) error
	rows    int // rows passed to fn so far

	carry     []byte // the start of a row that the next block finishes
	carryBase int64
	res       jsonBlockResult
}

func (c *jsonConsumer) take(b *jsonBlock) error {
	res, data, base := &b.res, b.data, b.base
	if c.carry != nil {
		// The block's own decoding started inside a row: decode again
		// from that row's start.
		data = append(c.carry, b.data...)
		base = c.carryBase
		c.scanner.decodeBlock(data, b.final, &c.res)
		res = &c.res
	}
	for i := range res.events {
		c.rows++
		if err := c.fn(&res.events[i]); err != nil {
			return err
		}
	}
	if res.err != nil {
		row, off := c.rows+1, base+int64(res.errStart)
		var se *scanError
		switch {
		case errors.Is(res.err, errRowTooLong):
			return c.tooLong(row, off)
		case errors.As(res.err, &se):
			return fmt.Errorf("%s: row %d (byte %d): %s", c.name, row, off, se.msg)
		}
		return fmt.Errorf("%s: row %d (byte %d): %w", c.name, row, off, res.err)
	}
	c.carry = nil
	if res.tail >= 0 {
		c.carry = append([]byte(nil), data[res.tail:]...)
		c.carryBase = base + int64(res.tail)
		if int64(len(c.carry)) > MaxJSONRowBytes {
			return c.tooLong(c.rows+1, c.carryBase)
		}
	}
	if b.readErr != nil {
		return fmt.Errorf("%s: byte %d: %w", c.name, b.base+int64(len(b.data)), b.readErr)
	}
	if b.final && c.carry != nil {
		return fmt.Errorf("%s: row %d (byte %d): truncated JSON", c.name, c.rows+1, c.carryBase)
	}
	return nil
}

func (c *jsonConsumer) tooLong(row int, off int64) error {
	return fmt.Errorf("%s: row %d (byte %d): longer than %d bytes (%d MiB), the longest export row tagspec reads: is this a GA4 BigQuery export?", c.name, row, off, MaxJSONRowBytes, MaxJSONRowBytes>>20)
}
