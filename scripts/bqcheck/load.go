package main

import (
	"context"
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
}

// runLoad creates the dataset and one events_YYYYMMDD table per NDJSON
// file of the directory, loading each file's bytes unchanged with a load
// job, the way `bq load --source_format=NEWLINE_DELIMITED_JSON` would.
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
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	src := bigquery.NewReaderSource(f)
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
