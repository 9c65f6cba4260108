package ga4export

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/parquet-go/parquet-go"
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

// parquetBatch is how many rows are decoded at once; it bounds memory.
const parquetBatch = 512

// ReadParquet streams the rows of a GA4 BigQuery export Parquet file to fn,
// one Event at a time. size is the file's length; name is used in error
// messages. Rows are decoded in small batches, so memory stays bounded by
// the batch and the file's page buffers, not by the number of rows.
func ReadParquet(ctx context.Context, name string, r io.ReaderAt, size int64, fn func(*Event) error) (err error) {
	defer func() {
		// A corrupt file can make the decoder panic deep inside; turn that
		// into an error that names the file.
		if p := recover(); p != nil {
			err = fmt.Errorf("%s: cannot read this Parquet file (corrupt, or a column type tagspec cannot convert): %v", name, p)
		}
	}()
	f, err := parquet.OpenFile(r, size, parquet.SkipBloomFilters(true), parquet.SkipPageIndex(true))
	if err != nil {
		return fmt.Errorf("%s: not a readable Parquet file: %w", name, err)
	}
	if err := checkParquetSchema(f.Schema()); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	rd := parquet.NewGenericReader[parquetRow](f)
	defer rd.Close()
	rows := make([]parquetRow, parquetBatch)
	var ev Event
	var read int64
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		for i := range rows {
			rows[i] = parquetRow{EventParams: rows[i].EventParams[:0]}
		}
		n, rerr := rd.Read(rows)
		for i := range n {
			rows[i].toEvent(&ev)
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
