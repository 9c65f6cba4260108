package benchmark

import (
	"context"
	"errors"
	"fmt"
	"github.com/tagspec/tagspec/momentum"
	"strings"

	"cloud.google.com/go/bigquery"
	"google.golang.org/api/iterator"
)

// RunBigQuery evaluates the plan in BigQuery, over the GA4 export dataset
// ("PROJECT.DATASET") in opts' date range, with the query Plan.SQL prints,
// and builds the same Report the local engine builds. The client decides
// the billing project, credentials and endpoint. Rows without ids and
// purchases without transaction ids are counted in BigQuery too, and a
// second query (DaysSQL) gives the rows per day for the missing-days check,
// and a third (TimelineSQL) the users' timelines of spec events, on which
// the same momentum analysis and predictive model as the local engine's
// run.
func RunBigQuery(ctx context.Context, client *bigquery.Client, p *Plan, dataset string, opts Options) (*Report, error) {
	sql, err := p.SQL(dataset, opts)
	if err != nil {
		return nil, err
	}
	it, err := readQuery(ctx, client, sql)
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
	days, ids, err := p.bigQueryDays(ctx, client, dataset, opts)
	if err != nil {
		return nil, fmt.Errorf("bigquery %s: rows per day: %w", dataset, err)
	}
	// Same problems, in the same order, as the local engine: no data,
	// days, then ids.
	c.Problems = append(c.Problems, p.dayProblems(days, c.RowsUsed, [2]string{})...)
	c.Problems = append(c.Problems, idProblems(ids.noSession, ids.noUser, ids.purchases, ids.purchaseNoTx, ids.noTxDays)...)
	c.First, c.Last = dataSpan(days)
	if opts.Compare != nil {
		if c.Groups, err = p.bigQueryCompare(ctx, client, dataset, opts); err != nil {
			return nil, fmt.Errorf("bigquery %s: comparison: %w", dataset, err)
		}
	}
	var tl *momentum.Timelines
	if c.Momentum, tl, err = p.bigQueryMomentum(ctx, client, dataset, opts); err != nil {
		return nil, fmt.Errorf("bigquery %s: user timelines: %w", dataset, err)
	}
	// The predictive model from the same timelines, with the users who
	// have none of their rows (see timelinePatterns).
	c.Patterns = p.timelinePatterns(tl, c.Values[p.allUsers])
	return p.Build(c, "bigquery", []string{dataset}, opts)
}

// readQuery runs one query of bench in BigQuery, labelled so that a
// project's job list says which tool ran it, and returns its rows.
func readQuery(ctx context.Context, client *bigquery.Client, sql string) (*bigquery.RowIterator, error) {
	q := client.Query(sql)
	q.Labels = map[string]string{"tool": "tagspec", "command": "bench"}
	return q.Read(ctx)
}

// idTallies are the rows and purchases without ids, as DaysSQL gives them
// per day and event name.
type idTallies struct {
	noSession, noUser       map[string]int64 // per event name
	purchases, purchaseNoTx int64
	noTxDays                map[string]bool
}

// bigQueryDays runs DaysSQL and folds its rows into per-day slot counts
// (the last cell of each day is its total row count) and the id tallies.
func (p *Plan) bigQueryDays(ctx context.Context, client *bigquery.Client, dataset string, opts Options) (map[string][]int64, *idTallies, error) {
	sql, err := p.DaysSQL(dataset, opts)
	if err != nil {
		return nil, nil, err
	}
	it, err := readQuery(ctx, client, sql)
	if err != nil {
		return nil, nil, err
	}
	days := map[string][]int64{}
	ids := &idTallies{noSession: map[string]int64{}, noUser: map[string]int64{}, noTxDays: map[string]bool{}}
	for {
		var row struct {
			EventDate      bigquery.NullString `bigquery:"event_date"`
			EventName      bigquery.NullString `bigquery:"event_name"`
			N              int64               `bigquery:"n"`
			WithoutUser    int64               `bigquery:"without_user"`
			WithoutSession int64               `bigquery:"without_session"`
			PurchasesNoTx  int64               `bigquery:"purchases_without_transaction"`
		}
		err := it.Next(&row)
		if errors.Is(err, iterator.Done) {
			return days, ids, nil
		}
		if err != nil {
			return nil, nil, err
		}
		name := row.EventName.StringVal
		if row.WithoutUser > 0 {
			ids.noUser[name] += row.WithoutUser
		}
		if row.WithoutSession > 0 {
			ids.noSession[name] += row.WithoutSession
		}
		if name == "purchase" {
			ids.purchases += row.N
		}
		if row.PurchasesNoTx > 0 {
			ids.purchaseNoTx += row.PurchasesNoTx
			ids.noTxDays[row.EventDate.StringVal] = true
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

// countsFromRow reads the cN and dN columns of the query's one row and its
// row count. The data problems about ids come from the rows-per-day query,
// which names their events and days.
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
		c.Problems = append(c.Problems, NewProblem(ProblemFields{Rule: RuleNoData, Message: "no rows to benchmark in the date range"}))
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
