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
// the billing project, credentials and endpoint. Rows without ids and
// purchases without transaction ids are counted in BigQuery too, and a
// second query (DaysSQL) gives the rows per day for the missing-days check.
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
	days, err := p.bigQueryDays(ctx, client, dataset, opts)
	if err != nil {
		return nil, fmt.Errorf("bigquery %s: rows per day: %w", dataset, err)
	}
	// Same order as the local engine: no data, days, then ids.
	var probs []Problem
	rest := c.Problems
	if len(rest) > 0 && rest[0].Kind == ProblemNoData {
		probs, rest = append(probs, rest[0]), rest[1:]
	}
	probs = append(probs, p.dayProblems(days, c.RowsUsed, [2]string{})...)
	c.First, c.Last = dataSpan(days)
	c.Problems = append(probs, rest...)
	return p.Build(c, "bigquery", []string{dataset}, opts)
}

// bigQueryDays runs DaysSQL and folds its rows into per-day slot counts
// (the last cell of each day is its total row count).
func (p *Plan) bigQueryDays(ctx context.Context, client *bigquery.Client, dataset string, opts Options) (map[string][]int64, error) {
	sql, err := p.DaysSQL(dataset, opts)
	if err != nil {
		return nil, err
	}
	q := client.Query(sql)
	q.Labels = map[string]string{"tool": "tagspec", "command": "bench"}
	it, err := q.Read(ctx)
	if err != nil {
		return nil, err
	}
	days := map[string][]int64{}
	for {
		var row struct {
			EventDate bigquery.NullString `bigquery:"event_date"`
			EventName bigquery.NullString `bigquery:"event_name"`
			N         int64               `bigquery:"n"`
		}
		err := it.Next(&row)
		if errors.Is(err, iterator.Done) {
			return days, nil
		}
		if err != nil {
			return nil, err
		}
		dc := days[row.EventDate.StringVal]
		if dc == nil {
			dc = make([]int64, len(p.slots)+1)
			days[row.EventDate.StringVal] = dc
		}
		dc[len(dc)-1] += row.N
		if slot, ok := p.slotIndex[row.EventName.StringVal]; ok {
			dc[slot] += row.N
		}
	}
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
	var totals [5]int64
	for i, col := range []string{"rows_read", "rows_without_user", "rows_without_session", "purchases", "purchases_without_transaction"} {
		n, _, err := get(col)
		if err != nil {
			return nil, err
		}
		totals[i] = n
	}
	c.Rows, c.RowsUsed = totals[0], totals[0]
	if totals[0] == 0 {
		c.Problems = append(c.Problems, Problem{Kind: ProblemNoData, Message: "no rows to benchmark in the date range"})
	}
	if n := totals[2]; n > 0 {
		c.Problems = append(c.Problems, Problem{Kind: ProblemNoSessionID, Count: n,
			Message: fmt.Sprintf("%d row(s) have no ga_session_id and are left out of sessions and users", n)})
	}
	if n := totals[1]; n > 0 {
		c.Problems = append(c.Problems, Problem{Kind: ProblemNoUserID, Count: n,
			Message: fmt.Sprintf("%d row(s) have no user_pseudo_id (cookieless or consent-denied pings) and are left out of sessions and users", n)})
	}
	if n := totals[4]; n > 0 {
		c.Problems = append(c.Problems, Problem{Kind: ProblemNoTransactionID, Event: "purchase", Count: n,
			Message: fmt.Sprintf("%d of %d purchase row(s) have no transaction id (empty or \"(not set)\"), so duplicates cannot be removed", n, totals[3])})
	}
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
