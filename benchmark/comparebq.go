package benchmark

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"

	"cloud.google.com/go/bigquery"
	"google.golang.org/api/iterator"
)

// bigQueryCompare runs CompareSQL and returns its group counts.
func (p *Plan) bigQueryCompare(ctx context.Context, client *bigquery.Client, dataset string, opts Options) (*GroupCounts, error) {
	sql, err := p.CompareSQL(dataset, opts)
	if err != nil {
		return nil, err
	}
	it, err := readQuery(ctx, client, sql)
	if err != nil {
		return nil, err
	}
	var rows []map[string]bigquery.Value
	for {
		row := map[string]bigquery.Value{}
		err := it.Next(&row)
		if errors.Is(err, iterator.Done) {
			break
		}
		if err != nil {
			return nil, err
		}
		rows = append(rows, row)
	}
	return p.groupCountsFromRows(rows, len(opts.Compare.Periods) > 0)
}

// groupCountsFromRows reads CompareSQL's rows: grp, users, hN and, for
// periods, in_both.
func (p *Plan) groupCountsFromRows(rows []map[string]bigquery.Value, periods bool) (*GroupCounts, error) {
	gc := &GroupCounts{}
	get := func(row map[string]bigquery.Value, col string) (int64, error) {
		v, ok := row[col]
		if !ok {
			return 0, fmt.Errorf("the comparison's result has no column %s: was the query edited?", col)
		}
		switch x := v.(type) {
		case nil:
			return 0, nil
		case int64:
			return x, nil
		}
		return 0, fmt.Errorf("the comparison's column %s is %T, want an integer", col, v)
	}
	type group struct {
		name  string
		users int64
		has   []int64
	}
	var groups []group
	for _, row := range rows {
		users, err := get(row, "users")
		if err != nil {
			return nil, err
		}
		grp, ok := row["grp"]
		if !ok {
			return nil, fmt.Errorf("the comparison's result has no column grp: was the query edited?")
		}
		if grp == nil {
			gc.WithoutValue += users
			continue
		}
		name, ok := grp.(string)
		if !ok {
			return nil, fmt.Errorf("the comparison's column grp is %T, want a string", grp)
		}
		g := group{name: name, users: users, has: make([]int64, len(p.slots))}
		for i := range p.slots {
			if g.has[i], err = get(row, fmt.Sprintf("h%d", i)); err != nil {
				return nil, err
			}
		}
		if periods {
			if gc.InBoth, err = get(row, "in_both"); err != nil {
				return nil, err
			}
		}
		groups = append(groups, g)
	}
	slices.SortFunc(groups, func(a, b group) int { return cmp.Compare(a.name, b.name) })
	for _, g := range groups {
		gc.Names = append(gc.Names, g.name)
		gc.Units = append(gc.Units, g.users)
		gc.Has = append(gc.Has, g.has)
	}
	return gc, nil
}
