package ga4export

import (
	"bufio"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"github.com/parquet-go/parquet-go"
)

// JSONWriter writes events as newline-delimited JSON in the shape of the
// GA4 BigQuery export (bq extract --destination_format
// NEWLINE_DELIMITED_JSON): INT64 values as strings, unset value fields as
// explicit nulls. tagspec uses it for example data and test fixtures.
type JSONWriter struct {
	w   *bufio.Writer
	buf []byte
}

// NewJSONWriter returns a JSONWriter writing to w. Call Flush when done.
func NewJSONWriter(w io.Writer) *JSONWriter {
	return &JSONWriter{w: bufio.NewWriterSize(w, 64<<10)}
}

// Write appends one event as one line.
func (jw *JSONWriter) Write(ev *Event) error {
	b := jw.buf[:0]
	b = append(b, `{"event_date":`...)
	b = strconv.AppendQuote(b, ev.Date)
	b = append(b, `,"event_timestamp":"`...)
	b = strconv.AppendInt(b, ev.Timestamp, 10)
	b = append(b, `","event_name":`...)
	b = strconv.AppendQuote(b, ev.Name)
	b = append(b, `,"event_params":[`...)
	for i, p := range ev.Params {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"key":`...)
		b = strconv.AppendQuote(b, p.Key)
		b = append(b, `,"value":{"string_value":`...)
		if p.Kind == ValueString {
			b = strconv.AppendQuote(b, p.String)
		} else {
			b = append(b, "null"...)
		}
		b = append(b, `,"int_value":`...)
		if p.Kind == ValueInt {
			b = append(b, '"')
			b = strconv.AppendInt(b, p.Int, 10)
			b = append(b, '"')
		} else {
			b = append(b, "null"...)
		}
		b = append(b, `,"float_value":null,"double_value":`...)
		if p.Kind == ValueFloat {
			fb, err := json.Marshal(p.Float)
			if err != nil {
				return fmt.Errorf("event %q: param %q: %w", ev.Name, p.Key, err)
			}
			b = append(b, fb...)
		} else {
			b = append(b, "null"...)
		}
		b = append(b, "}}"...)
	}
	b = append(b, `],"user_pseudo_id":`...)
	b = strconv.AppendQuote(b, ev.UserPseudoID)
	b = append(b, `,"ecommerce":`...)
	if ev.TransactionID != "" {
		b = append(b, `{"transaction_id":`...)
		b = strconv.AppendQuote(b, ev.TransactionID)
		b = append(b, '}')
	} else {
		b = append(b, "{}"...)
	}
	if ev.Source != "" || ev.Medium != "" {
		b = append(b, `,"traffic_source":{"name":null,"medium":`...)
		b = strconv.AppendQuote(b, ev.Medium)
		b = append(b, `,"source":`...)
		b = strconv.AppendQuote(b, ev.Source)
		b = append(b, '}')
	}
	if ev.Country != "" {
		b = append(b, `,"geo":{"country":`...)
		b = strconv.AppendQuote(b, ev.Country)
		b = append(b, '}')
	}
	if ev.Device != "" {
		b = append(b, `,"device":{"category":`...)
		b = strconv.AppendQuote(b, ev.Device)
		b = append(b, '}')
	}
	b = append(b, `,"platform":"WEB"}`...)
	b = append(b, '\n')
	jw.buf = b
	_, err := jw.w.Write(b)
	return err
}

// Flush writes any buffered data to the underlying writer.
func (jw *JSONWriter) Flush() error { return jw.w.Flush() }

// parquetOutRow is the row shape ParquetWriter writes: the export's column
// names and nesting, with event_params as a three-level LIST.
type parquetOutRow struct {
	EventDate      *string           `parquet:"event_date,optional"`
	EventTimestamp *int64            `parquet:"event_timestamp,optional"`
	EventName      *string           `parquet:"event_name,optional"`
	EventParams    []parquetParam    `parquet:"event_params,list"`
	UserPseudoID   *string           `parquet:"user_pseudo_id,optional"`
	Ecommerce      *parquetEcommerce `parquet:"ecommerce,optional"`
	Platform       *string           `parquet:"platform,optional"`
	TrafficSource  *parquetTraffic   `parquet:"traffic_source,optional"`
	Geo            *parquetGeo       `parquet:"geo,optional"`
	Device         *parquetDevice    `parquet:"device,optional"`
}

// ParquetRowGroupRows is how many rows ParquetWriter puts in one row
// group. Files of several row groups, as BigQuery writes them, let
// ReadParquetOptions decode row groups in parallel.
const ParquetRowGroupRows = 8192

// ParquetWriter writes events as a Parquet file with the GA4 BigQuery
// export's column layout, string columns dictionary-encoded. tagspec uses
// it for test fixtures and for the throughput benchmark; memory is
// bounded by the row group size.
type ParquetWriter struct {
	w     *parquet.GenericWriter[parquetOutRow]
	batch []parquetOutRow
	web   string
}

// parquetWriterConfig varies the files ParquetWriter writes, so that tests
// can cover small row groups and pages, plain and dictionary pages, and
// both data page versions.
type parquetWriterConfig struct {
	rowGroupRows int64 // 0: ParquetRowGroupRows
	pageBytes    int   // page buffer size; 0: 256 KiB
	plain        bool  // no dictionary encoding
	dictMaxBytes int64 // dictionary size after which pages fall back to plain; 0: parquet-go's default
	pageVersion  int   // data page version; 0: parquet-go's default (2)
}

// NewParquetWriter returns a ParquetWriter writing to w. Call Close when
// done; it writes the footer.
func NewParquetWriter(w io.Writer) *ParquetWriter {
	return newParquetWriter(w, parquetWriterConfig{})
}

func newParquetWriter(w io.Writer, cfg parquetWriterConfig) *ParquetWriter {
	opts := []parquet.WriterOption{
		parquet.PageBufferSize(cmp.Or(cfg.pageBytes, 256<<10)),
		parquet.MaxRowsPerRowGroup(cmp.Or(cfg.rowGroupRows, ParquetRowGroupRows)),
	}
	if !cfg.plain {
		opts = append(opts, parquet.DefaultEncodingFor(parquet.ByteArray, &parquet.RLEDictionary))
	}
	if cfg.dictMaxBytes > 0 {
		opts = append(opts, parquet.DictionaryMaxBytes(cfg.dictMaxBytes))
	}
	if cfg.pageVersion > 0 {
		opts = append(opts, parquet.DataPageVersion(cfg.pageVersion))
	}
	return &ParquetWriter{
		w:   parquet.NewGenericWriter[parquetOutRow](w, opts...),
		web: "WEB",
	}
}

// Write appends one event.
func (pw *ParquetWriter) Write(ev *Event) error {
	row := parquetOutRow{
		EventDate:      ptr(ev.Date),
		EventTimestamp: ptr(ev.Timestamp),
		EventName:      ptr(ev.Name),
		UserPseudoID:   ptr(ev.UserPseudoID),
		Platform:       &pw.web,
		EventParams:    make([]parquetParam, 0, len(ev.Params)),
	}
	if ev.TransactionID != "" {
		row.Ecommerce = &parquetEcommerce{TransactionID: ptr(ev.TransactionID)}
	}
	if ev.Source != "" || ev.Medium != "" {
		row.TrafficSource = &parquetTraffic{Source: ptr(ev.Source), Medium: ptr(ev.Medium)}
	}
	if ev.Country != "" {
		row.Geo = &parquetGeo{Country: ptr(ev.Country)}
	}
	if ev.Device != "" {
		row.Device = &parquetDevice{Category: ptr(ev.Device)}
	}
	for _, p := range ev.Params {
		v := &parquetValue{}
		switch p.Kind {
		case ValueString:
			v.StringValue = ptr(p.String)
		case ValueInt:
			v.IntValue = ptr(p.Int)
		case ValueFloat:
			v.DoubleValue = ptr(p.Float)
		}
		row.EventParams = append(row.EventParams, parquetParam{Key: ptr(p.Key), Value: v})
	}
	return pw.writeRow(row)
}

// writeRow appends one row as it is, nulls included: tests write rows an
// Event cannot describe (a null event_name, a param without a key).
func (pw *ParquetWriter) writeRow(row parquetOutRow) error {
	pw.batch = append(pw.batch, row)
	if len(pw.batch) == parquetBatch {
		return pw.flushBatch()
	}
	return nil
}

func (pw *ParquetWriter) flushBatch() error {
	if len(pw.batch) == 0 {
		return nil
	}
	_, err := pw.w.Write(pw.batch)
	pw.batch = pw.batch[:0]
	return err
}

// Close flushes the rows and writes the file footer.
func (pw *ParquetWriter) Close() error {
	if err := pw.flushBatch(); err != nil {
		return err
	}
	return pw.w.Close()
}

func ptr[T any](v T) *T { return &v }
