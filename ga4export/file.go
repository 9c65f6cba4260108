package ga4export

import (
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Format is the physical format of an observed-data file.
type Format string

// Formats tagspec reads.
const (
	FormatJSON      Format = "json"       // BigQuery export rows, NDJSON or a JSON array (optionally gzipped)
	FormatParquet   Format = "parquet"    // BigQuery export rows as Parquet
	FormatReportCSV Format = "report-csv" // a GA4 report CSV download
)

// DetectFormat returns the format of a file from its name: .parquet;
// .csv; .json, .ndjson, .jsonl (each optionally followed by .gz).
func DetectFormat(path string) (Format, error) {
	base := strings.ToLower(filepath.Base(path))
	base = strings.TrimSuffix(base, ".gz")
	switch filepath.Ext(base) {
	case ".parquet":
		return FormatParquet, nil
	case ".csv":
		return FormatReportCSV, nil
	case ".json", ".ndjson", ".jsonl":
		return FormatJSON, nil
	}
	return "", fmt.Errorf("%s: unknown data file type: want .json, .ndjson, .jsonl (optionally .gz), .parquet or a GA4 report .csv", path)
}

// ReadEventsFile streams the events of one BigQuery export file (JSON or
// Parquet, chosen by DetectFormat) to fn, with ReadJSONOptions or
// ReadParquetOptions and the default ReadOptions. Report CSVs hold
// aggregates, not events: use ReadReportFile for them.
func ReadEventsFile(ctx context.Context, path string, fn func(*Event) error) error {
	return ReadEventsFileOptions(ctx, path, ReadOptions{}, fn)
}

// ReadEventsFileOptions is ReadEventsFile with options: which params to
// keep and how many goroutines decode the file.
func ReadEventsFileOptions(ctx context.Context, path string, opts ReadOptions, fn func(*Event) error) error {
	format, err := DetectFormat(path)
	if err != nil {
		return err
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	switch format {
	case FormatParquet:
		st, err := f.Stat()
		if err != nil {
			return err
		}
		return ReadParquetOptions(ctx, path, f, st.Size(), opts, fn)
	case FormatJSON:
		var r io.Reader = f
		if strings.HasSuffix(strings.ToLower(path), ".gz") {
			zr, err := gzip.NewReader(f)
			if err != nil {
				return fmt.Errorf("%s: %w", path, err)
			}
			defer zr.Close()
			r = zr
		}
		return ReadJSONOptions(ctx, path, r, opts, fn)
	}
	return fmt.Errorf("%s: a GA4 report CSV holds aggregates, not export rows", path)
}

// ReadReportFile parses a GA4 report CSV file; see ReadReport.
func ReadReportFile(ctx context.Context, path string) (*Report, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadReport(ctx, path, f)
}
