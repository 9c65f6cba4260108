package benchmark

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"cloud.google.com/go/bigquery"
	"google.golang.org/api/iterator"
)

// RunBigQuery evaluates the plan in BigQuery, over the GA4 export dataset
// ("PROJECT.DATASET") in opts' date range, with the query Plan.SQL prints,
// and builds the same Report the local engine builds. The client decides
// the billing project, credentials and endpoint. Data checks that need row
// by row reading (missing days, rows without ids) run only on local files.
func RunBigQuery(ctx context.Context, client *bigquery.Client, p *Plan, dataset string, opts Options) (*Report, error) {
	sql, err := p.SQL(dataset, opts)
	if err != nil {
		return nil, err
	}
	q := client.Query(sql)
	q.Labels = map[string]string{"tool": "tagspec", "command": "bench"}
	it, err := q.Read(ctx)
	if err != nil {
		return nil, fmt.Errorf("bigquery %s: %w", dataset, err)
	}
	var row map[string]bigquery.Value
	if err := it.Next(&row); err != nil {
		if errors.Is(err, iterator.Done) {
			return nil, fmt.Errorf("bigquery %s: the query returned no row", dataset)
		}
		return nil, fmt.Errorf("bigquery %s: %w", dataset, err)
	}
	c, err := p.countsFromRow(row)
	if err != nil {
		return nil, fmt.Errorf("bigquery %s: %w", dataset, err)
	}
	return p.Build(c, "bigquery", []string{dataset}, opts)
}

// countsFromRow reads the cN and dN columns of the query's one row.
func (p *Plan) countsFromRow(row map[string]bigquery.Value) (*Counts, error) {
	c := &Counts{Values: make([]int64, len(p.Counters)), Medians: make([]*int64, len(p.Durations))}
	get := func(col string) (int64, bool, error) {
		v, ok := row[col]
		if !ok {
			return 0, false, fmt.Errorf("the result has no column %s: was the query edited?", col)
		}
		switch x := v.(type) {
		case nil:
			return 0, false, nil
		case int64:
			return x, true, nil
		case float64:
			return int64(x), true, nil
		}
		return 0, false, fmt.Errorf("column %s is %T, want an integer", col, v)
	}
	rows, _, err := get("rows_read")
	if err != nil {
		return nil, err
	}
	c.Rows, c.RowsUsed = rows, rows
	for i := range p.Counters {
		n, _, err := get(fmt.Sprintf("c%d", i))
		if err != nil {
			return nil, err
		}
		c.Values[i] = n
	}
	for i := range p.Durations {
		n, ok, err := get(fmt.Sprintf("d%d", i))
		if err != nil {
			return nil, err
		}
		if ok {
			c.Medians[i] = &n
		}
	}
	return c, nil
}

// ProjectOf returns the project part of a "PROJECT.DATASET" name, the
// default billing project for the query.
func ProjectOf(dataset string) string {
	if i := strings.LastIndex(dataset, "."); i > 0 {
		return dataset[:i]
	}
	return dataset
}
