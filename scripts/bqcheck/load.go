package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"cloud.google.com/go/bigquery"
	"google.golang.org/api/option"
)

// exportSchema is the part of the GA4 export schema the check's files
// hold, with the export's types and nesting.
var exportSchema = bigquery.Schema{
	{Name: "event_date", Type: bigquery.StringFieldType},
	{Name: "event_timestamp", Type: bigquery.IntegerFieldType},
	{Name: "event_name", Type: bigquery.StringFieldType},
	{Name: "event_params", Type: bigquery.RecordFieldType, Repeated: true, Schema: bigquery.Schema{
		{Name: "key", Type: bigquery.StringFieldType},
		{Name: "value", Type: bigquery.RecordFieldType, Schema: bigquery.Schema{
			{Name: "string_value", Type: bigquery.StringFieldType},
			{Name: "int_value", Type: bigquery.IntegerFieldType},
			{Name: "float_value", Type: bigquery.FloatFieldType},
			{Name: "double_value", Type: bigquery.FloatFieldType},
		}},
	}},
	{Name: "user_pseudo_id", Type: bigquery.StringFieldType},
	{Name: "ecommerce", Type: bigquery.RecordFieldType, Schema: bigquery.Schema{
		{Name: "transaction_id", Type: bigquery.StringFieldType},
		{Name: "purchase_revenue", Type: bigquery.FloatFieldType},
	}},
	{Name: "platform", Type: bigquery.StringFieldType},
	{Name: "device", Type: bigquery.RecordFieldType, Schema: bigquery.Schema{
		{Name: "category", Type: bigquery.StringFieldType},
	}},
	{Name: "geo", Type: bigquery.RecordFieldType, Schema: bigquery.Schema{
		{Name: "country", Type: bigquery.StringFieldType},
	}},
	{Name: "traffic_source", Type: bigquery.RecordFieldType, Schema: bigquery.Schema{
		{Name: "name", Type: bigquery.StringFieldType},
		{Name: "medium", Type: bigquery.StringFieldType},
		{Name: "source", Type: bigquery.StringFieldType},
	}},
}

// fillRecords rewrites NDJSON rows so that every RECORD of the schema
// names all its fields, adding the absent ones as null: "ecommerce":{}
// becomes {"transaction_id":null,"purchase_revenue":null}. For BigQuery
// the two are the same row; bigquery-emulator v0.6.6 stores {} as a struct
// without fields and panics (index out of range in STRUCT_FIELD) when a
// query reads ecommerce.transaction_id from it. Values are kept as
// written (numbers as their JSON text).
func fillRecords(data []byte, schema bigquery.Schema) ([]byte, error) {
	var out bytes.Buffer
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	for line := 1; dec.More(); line++ {
		var row map[string]any
		if err := dec.Decode(&row); err != nil {
			return nil, fmt.Errorf("row %d: %w", line, err)
		}
		fillRecord(row, schema)
		if err := enc.Encode(row); err != nil {
			return nil, err
		}
	}
	return out.Bytes(), nil
}

func fillRecord(row map[string]any, schema bigquery.Schema) {
	for _, f := range schema {
		v, ok := row[f.Name]
		if !ok {
			row[f.Name] = nil
			continue
		}
		if f.Type != bigquery.RecordFieldType || v == nil {
			continue
		}
		if f.Repeated {
			if xs, ok := v.([]any); ok {
				for _, x := range xs {
					if m, ok := x.(map[string]any); ok {
						fillRecord(m, f.Schema)
					}
				}
			}
			continue
		}
		if m, ok := v.(map[string]any); ok {
			fillRecord(m, f.Schema)
		}
	}
}

// runLoad creates the dataset and one events_YYYYMMDD table per NDJSON
// file of the directory and loads each file with a load job, the way
// `bq load --source_format=NEWLINE_DELIMITED_JSON` would, after
// fillRecords (the one change made for the emulator).
func runLoad(ctx context.Context, args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("load", flag.ContinueOnError)
	fs.SetOutput(stderr)
	endpoint := fs.String("endpoint", "", "emulator base URL, e.g. http://127.0.0.1:9050")
	dataset := fs.String("dataset", "", "PROJECT.DATASET to create")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 || *endpoint == "" {
		return fmt.Errorf("usage: bqcheck load -endpoint URL -dataset PROJECT.DATASET DIR")
	}
	project, ds, ok := strings.Cut(*dataset, ".")
	if !ok || project == "" || ds == "" {
		return fmt.Errorf("-dataset %q: want PROJECT.DATASET", *dataset)
	}
	files, err := filepath.Glob(filepath.Join(fs.Arg(0), "events_*.json"))
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("%s: no events_*.json files", fs.Arg(0))
	}
	client, err := bigquery.NewClient(ctx, project,
		option.WithEndpoint(strings.TrimRight(*endpoint, "/")+"/bigquery/v2/"), option.WithoutAuthentication())
	if err != nil {
		return err
	}
	defer client.Close()
	d := client.Dataset(ds)
	if err := d.Create(ctx, &bigquery.DatasetMetadata{Location: "US"}); err != nil {
		return fmt.Errorf("create dataset %s: %w", *dataset, err)
	}
	for _, path := range files {
		table := strings.TrimSuffix(filepath.Base(path), ".json")
		if err := d.Table(table).Create(ctx, &bigquery.TableMetadata{Schema: exportSchema}); err != nil {
			return fmt.Errorf("create table %s: %w", table, err)
		}
		if err := loadFile(ctx, d.Table(table), path); err != nil {
			return fmt.Errorf("load %s into %s: %w", path, table, err)
		}
	}
	fmt.Fprintf(stderr, "bqcheck load: %d tables into %s\n", len(files), *dataset)
	return nil
}

func loadFile(ctx context.Context, t *bigquery.Table, path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	data, err = fillRecords(data, exportSchema)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	src := bigquery.NewReaderSource(bytes.NewReader(data))
	src.SourceFormat = bigquery.JSON
	src.Schema = exportSchema
	l := t.LoaderFrom(src)
	l.WriteDisposition = bigquery.WriteAppend
	job, err := l.Run(ctx)
	if err != nil {
		return err
	}
	status, err := job.Wait(ctx)
	if err != nil {
		return err
	}
	if err := status.Err(); err != nil {
		errs := []error{err}
		for _, e := range status.Errors {
			errs = append(errs, e)
		}
		return errors.Join(errs...)
	}
	return nil
}
