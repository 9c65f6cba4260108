package main

import (
	"bufio"
	"io"

	"github.com/parquet-go/parquet-go"
)

// fullWriter writes full export rows to an NDJSON stream, a Parquet file,
// or both.
type fullWriter struct {
	jw    *bufio.Writer
	line  []byte
	pw    *parquet.GenericWriter[exportRow]
	batch []exportRow
}

// fullBatch is how many rows are handed to the Parquet writer at once.
const fullBatch = 256

func newFullWriter(jsonOut, parquetOut io.Writer, rowGroup int64) *fullWriter {
	w := &fullWriter{}
	if jsonOut != nil {
		w.jw = bufio.NewWriterSize(jsonOut, 1<<20)
	}
	if parquetOut != nil {
		w.addParquet(parquetOut, rowGroup)
	}
	return w
}

// addParquet adds a Parquet file: Snappy-compressed pages, rowGroup rows
// per row group.
func (w *fullWriter) addParquet(out io.Writer, rowGroup int64) {
	w.pw = parquet.NewGenericWriter[exportRow](out,
		parquet.Compression(&parquet.Snappy),
		parquet.MaxRowsPerRowGroup(rowGroup),
		parquet.PageBufferSize(256<<10),
		parquet.CreatedBy("tagspec gendata", "1", ""),
	)
}

func (w *fullWriter) write(row *exportRow) error {
	if w.jw != nil {
		w.line = appendRowJSON(w.line[:0], row)
		if _, err := w.jw.Write(w.line); err != nil {
			return err
		}
	}
	if w.pw != nil {
		w.batch = append(w.batch, *row)
		if len(w.batch) == fullBatch {
			return w.flush()
		}
	}
	return nil
}

func (w *fullWriter) flush() error {
	if len(w.batch) == 0 {
		return nil
	}
	_, err := w.pw.Write(w.batch)
	clear(w.batch)
	w.batch = w.batch[:0]
	return err
}

// close writes what is buffered and, for Parquet, the footer.
func (w *fullWriter) close() error {
	if w.jw != nil {
		if err := w.jw.Flush(); err != nil {
			return err
		}
	}
	if w.pw != nil {
		if err := w.flush(); err != nil {
			return err
		}
		return w.pw.Close()
	}
	return nil
}
