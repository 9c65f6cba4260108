package ga4export

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"
)

// parquetRow is the part of an export row the Parquet reader decodes. Its
// column paths follow the files `bq extract --destination_format=PARQUET`
// writes: optional top-level columns and event_params as a three-level LIST
// (event_params.list.element.key, ...value.int_value). Columns of the file
// that are not named here are never decoded, so a column with an unexpected
// physical type (the always-null INT64 columns of some exports) cannot make
// the reader fail.
type parquetRow struct {
	EventDate      *string           `parquet:"event_date,optional"`
	EventTimestamp *int64            `parquet:"event_timestamp,optional"`
	EventName      *string           `parquet:"event_name,optional"`
	EventParams    []parquetParam    `parquet:"event_params,list"`
	UserPseudoID   *string           `parquet:"user_pseudo_id,optional"`
	Ecommerce      *parquetEcommerce `parquet:"ecommerce,optional"`
}

type parquetParam struct {
	Key   *string       `parquet:"key,optional"`
	Value *parquetValue `parquet:"value,optional"`
}

type parquetValue struct {
	StringValue *string  `parquet:"string_value,optional"`
	IntValue    *int64   `parquet:"int_value,optional"`
	FloatValue  *float64 `parquet:"float_value,optional"`
	DoubleValue *float64 `parquet:"double_value,optional"`
}

type parquetEcommerce struct {
	TransactionID *string `parquet:"transaction_id,optional"`
}

// parquetDimsRow is parquetRow with the records of ReadOptions.Dimensions:
// a type of its own, so that without Dimensions those columns are never
// decoded, whatever their type.
type parquetDimsRow struct {
	EventDate      *string           `parquet:"event_date,optional"`
	EventTimestamp *int64            `parquet:"event_timestamp,optional"`
	EventName      *string           `parquet:"event_name,optional"`
	EventParams    []parquetParam    `parquet:"event_params,list"`
	UserPseudoID   *string           `parquet:"user_pseudo_id,optional"`
	Ecommerce      *parquetEcommerce `parquet:"ecommerce,optional"`
	TrafficSource  *parquetTraffic   `parquet:"traffic_source,optional"`
	Geo            *parquetGeo       `parquet:"geo,optional"`
	Device         *parquetDevice    `parquet:"device,optional"`
}

type parquetTraffic struct {
	Source *string `parquet:"source,optional"`
	Medium *string `parquet:"medium,optional"`
}

type parquetGeo struct {
	Country *string `parquet:"country,optional"`
}

type parquetDevice struct {
	Category *string `parquet:"category,optional"`
}

// toEvent copies the decoded row into ev.
func (row *parquetDimsRow) toEvent(ev *Event) {
	base := parquetRow{EventDate: row.EventDate, EventTimestamp: row.EventTimestamp, EventName: row.EventName,
		EventParams: row.EventParams, UserPseudoID: row.UserPseudoID, Ecommerce: row.Ecommerce}
	base.toEvent(ev)
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	if t := row.TrafficSource; t != nil {
		set(&ev.Source, t.Source)
		set(&ev.Medium, t.Medium)
	}
	if g := row.Geo; g != nil {
		set(&ev.Country, g.Country)
	}
	if d := row.Device; d != nil {
		set(&ev.Device, d.Category)
	}
}

func (row *parquetDimsRow) clear() { *row = parquetDimsRow{EventParams: row.EventParams[:0]} }

func (row *parquetRow) clear() { *row = parquetRow{EventParams: row.EventParams[:0]} }

// parquetRowType is a row shape the row reader decodes.
type parquetRowType[T any] interface {
	*T
	toEvent(*Event)
	clear()
}

// parquetBatch is how many rows the row reader decodes at once; it bounds
// memory. ParquetWriter writes in batches of the same size.
const parquetBatch = 512

// ReadParquet streams the rows of a GA4 BigQuery export Parquet file to fn,
// one Event at a time, keeping every event parameter and decoding on as
// many goroutines as GOMAXPROCS. size is the file's length; name is used
// in error messages. It is ReadParquetOptions with zero ReadOptions.
func ReadParquet(ctx context.Context, name string, r io.ReaderAt, size int64, fn func(*Event) error) error {
	return ReadParquetOptions(ctx, name, r, size, ReadOptions{}, fn)
}

// readParquetRows is the row reader: it decodes a file row by row with
// parquet-go's GenericReader, which converts columns of other physical
// types (a STRING timestamp, an INT64 transaction id) to parquetRow's.
// It reads the files the column reader leaves to it, and is the reference
// the column reader is tested against.
func readParquetRows(ctx context.Context, name string, r io.ReaderAt, size int64, opts ReadOptions, fn func(*Event) error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%s: cannot read this Parquet file (corrupt, or a column type tagspec cannot convert): %v", name, p)
		}
	}()
	f, err := openParquet(name, r, size)
	if err != nil {
		return err
	}
	return readParquetRowsFile(ctx, name, f, opts, fn)
}

// readParquetRowsFile is readParquetRows on an opened and checked file.
func readParquetRowsFile(ctx context.Context, name string, f *parquet.File, opts ReadOptions, fn func(*Event) error) error {
	if opts.Dimensions {
		return readParquetRowsAs[parquetDimsRow](ctx, name, f, opts, fn)
	}
	return readParquetRowsAs[parquetRow](ctx, name, f, opts, fn)
}

// readParquetRowsAs is readParquetRowsFile decoding rows of type T.
func readParquetRowsAs[T any, PT parquetRowType[T]](ctx context.Context, name string, f *parquet.File, opts ReadOptions, fn func(*Event) error) error {
	rd := parquet.NewGenericReader[T](f)
	defer rd.Close()
	rows := make([]T, parquetBatch)
	var ev Event
	var read int64
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		for i := range rows {
			PT(&rows[i]).clear()
		}
		n, rerr := rd.Read(rows)
		for i := range n {
			PT(&rows[i]).toEvent(&ev)
			if opts.KeepParams != nil {
				ev.Params = slices.DeleteFunc(ev.Params, func(p Param) bool { return !opts.KeepParams[p.Key] })
			}
			if err := fn(&ev); err != nil {
				return err
			}
		}
		read += int64(n)
		if errors.Is(rerr, io.EOF) {
			return nil
		}
		if rerr != nil {
			return fmt.Errorf("%s: row %d: %w", name, read+1, rerr)
		}
	}
}

// MaxParquetFooterBytes bounds the metadata block (footer) of a Parquet
// file. A GA4 export's footer describes its columns and row groups in a
// few hundred kilobytes; ReadParquet refuses a larger one before reading
// it, so a damaged length cannot make it allocate gigabytes.
const MaxParquetFooterBytes = 16 << 20

// checkParquetFooter reads the last 8 bytes of a Parquet file (the footer
// length and "PAR1") and returns the footer length once it is known to
// fit in the file and within MaxParquetFooterBytes.
func checkParquetFooter(r io.ReaderAt, size int64) (int64, error) {
	const magic = "PAR1"
	if size < 12 {
		return 0, fmt.Errorf("not a Parquet file: %d bytes is shorter than the smallest Parquet file (12 bytes)", size)
	}
	var tail [8]byte
	if _, err := r.ReadAt(tail[:], size-8); err != nil && err != io.EOF {
		return 0, fmt.Errorf("reading the end of the file: %w", err)
	}
	if string(tail[4:]) != magic {
		return 0, fmt.Errorf("not a Parquet file: it does not end with %q (is it a JSON or CSV file with a .parquet name, or an incomplete download?)", magic)
	}
	footer := int64(binary.LittleEndian.Uint32(tail[:4]))
	if room := size - 12; footer > room {
		return 0, fmt.Errorf("byte %d: the Parquet metadata block declares %d bytes, but the file has room for %d: the file is damaged or was cut short", size-8, footer, room)
	}
	if footer > MaxParquetFooterBytes {
		return 0, fmt.Errorf("byte %d: the Parquet metadata block declares %d bytes, more than the %d (%d MiB) tagspec reads: the file is damaged or is not a GA4 export", size-8, footer, MaxParquetFooterBytes, MaxParquetFooterBytes>>20)
	}
	return footer, nil
}

// checkParquetChunks makes sure that every column chunk the metadata
// declares lies within the file's data (the bytes before the footer), so
// that a damaged size cannot make the decoder read or allocate past the
// end of the file.
func checkParquetChunks(md *format.FileMetaData, dataEnd int64) error {
	if md.NumRows < 0 {
		return fmt.Errorf("the Parquet metadata declares %d rows", md.NumRows)
	}
	for gi, rg := range md.RowGroups {
		if rg.NumRows < 0 || rg.NumRows > md.NumRows {
			return fmt.Errorf("row group %d declares %d rows, the file %d", gi+1, rg.NumRows, md.NumRows)
		}
		for _, cc := range rg.Columns {
			cm := &cc.MetaData
			start := cm.DataPageOffset
			if cm.DictionaryPageOffset > 0 && cm.DictionaryPageOffset < start {
				start = cm.DictionaryPageOffset
			}
			if start < 4 || cm.TotalCompressedSize < 0 || cm.TotalCompressedSize > dataEnd-start {
				return fmt.Errorf("row group %d, column %s: the metadata declares %d bytes from byte %d, past the end of the data at byte %d: the file is damaged or was cut short",
					gi+1, strings.Join(cm.PathInSchema, "."), cm.TotalCompressedSize, start, dataEnd)
			}
		}
	}
	return nil
}

// checkParquetSchema makes sure the file looks like a GA4 export: it must
// have event_name and event_timestamp columns.
func checkParquetSchema(s *parquet.Schema) error {
	for _, col := range []string{"event_name", "event_timestamp"} {
		if _, ok := s.Lookup(col); !ok {
			return fmt.Errorf("no %s column: not a GA4 BigQuery export (events_YYYYMMDD schema)", col)
		}
	}
	return nil
}

// toEvent copies the decoded row into ev.
func (row *parquetRow) toEvent(ev *Event) {
	ev.reset()
	if row.EventDate != nil {
		ev.Date = *row.EventDate
	}
	if row.EventTimestamp != nil {
		ev.Timestamp = *row.EventTimestamp
	}
	if row.EventName != nil {
		ev.Name = *row.EventName
	}
	if row.UserPseudoID != nil {
		ev.UserPseudoID = *row.UserPseudoID
	}
	if row.Ecommerce != nil && row.Ecommerce.TransactionID != nil {
		ev.TransactionID = *row.Ecommerce.TransactionID
	}
	for _, pp := range row.EventParams {
		if pp.Key == nil {
			continue
		}
		p := Param{Key: *pp.Key}
		if v := pp.Value; v != nil {
			switch {
			case v.StringValue != nil:
				p.Kind, p.String = ValueString, *v.StringValue
			case v.IntValue != nil:
				p.Kind, p.Int = ValueInt, *v.IntValue
			case v.DoubleValue != nil:
				p.Kind, p.Float = ValueFloat, *v.DoubleValue
			case v.FloatValue != nil:
				p.Kind, p.Float = ValueFloat, *v.FloatValue
			}
		}
		ev.Params = append(ev.Params, p)
	}
	ev.finish()
}
