package benchmark

import (
	"fmt"
	"regexp"
	"strings"
)

var (
	datasetRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9.:-]*\.[A-Za-z0-9_]+$`)
	dateRE    = regexp.MustCompile(`^[0-9]{8}$`)
)

// SQL returns the BigQuery Standard SQL that evaluates the plan's counters
// and durations over a GA4 export dataset ("PROJECT.DATASET", the
// analytics_<property_id> dataset holding events_YYYYMMDD tables). It
// reads the daily tables whose suffix lies in opts' date range (intraday
// tables are never matched, so nothing is counted twice) and returns one
// row: column cN holds counter N, column dN duration N, and the row_counts
// columns the totals behind the data checks (rows in the date range, rows
// without user_pseudo_id or ga_session_id, purchases without a
// transaction id).
//
// The query follows the same definitions as the local Accumulator:
// sessions are distinct (user_pseudo_id, ga_session_id) pairs over rows
// that have both, ga_session_id is the first such parameter holding an
// int_value or a string_value that is a decimal integer, users are the
// users of those sessions, and an event's time in a session or user is its
// first timestamp. scripts/bigquery-check.sh runs this SQL on a BigQuery
// engine and compares its report with the local engine's.
func (p *Plan) SQL(dataset string, opts Options) (string, error) {
	if !datasetRE.MatchString(dataset) {
		return "", fmt.Errorf("BigQuery dataset %q: want PROJECT.DATASET, e.g. my-project.analytics_123456789", dataset)
	}
	from, to := "00000000", "99999999"
	if opts.From != "" {
		from = opts.From
	}
	if opts.To != "" {
		to = opts.To
	}
	for _, d := range []string{from, to} {
		if !dateRE.MatchString(d) {
			return "", fmt.Errorf("date %q: want YYYYMMDD", d)
		}
	}
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w("-- tagspec bench: metric counters for %s\n", sqlComment(p.SpecName))
	w("-- Generated from the same plan as the local engine; one row: cN = counter N, dN = duration N\n")
	w("-- (lower median, whole seconds). Edit the spec, not this query.\n")
	w("WITH %s,\n", eventsCTE(dataset, from, to))
	w("sessions AS (\n")
	w("  SELECT\n")
	w("    user_pseudo_id,\n")
	cols := []string{"    ga_session_id"}
	for i, name := range p.slots {
		cols = append(cols, fmt.Sprintf("    MIN(IF(%s, event_timestamp, NULL)) AS t%d -- %s", p.slotMatch(name), i, sqlComment(name)))
	}
	w("%s\n  FROM events\n", joinSQLColumns(cols))
	w("  WHERE user_pseudo_id IS NOT NULL AND user_pseudo_id != '' AND ga_session_id IS NOT NULL\n")
	w("  GROUP BY user_pseudo_id, ga_session_id\n")
	w("),\n")
	w("users AS (\n")
	w("  SELECT\n")
	w("    user_pseudo_id")
	for i := range p.slots {
		w(",\n    MIN(t%d) AS t%d", i, i)
	}
	w("\n  FROM sessions\n")
	w("  GROUP BY user_pseudo_id\n")
	w(")")
	for _, unit := range []Unit{UnitSessions, UnitUsers} {
		w(",\n%s_counts AS (\n  SELECT\n", unit[:len(unit)-1])
		var cols []string
		for i := range p.Counters {
			c := &p.Counters[i]
			if c.Unit == unit {
				cols = append(cols, fmt.Sprintf("    COUNTIF(%s) AS c%d -- %s", c.sql(), i, sqlComment(c.String())))
			}
		}
		for i := range p.Durations {
			d := &p.Durations[i]
			if d.Unit != unit {
				continue
			}
			cond := fmt.Sprintf("t%d IS NOT NULL AND t%d IS NOT NULL AND t%d <= t%d", d.from, d.to, d.from, d.to)
			gap := fmt.Sprintf("IF(%s, DIV(t%d - t%d, 1000000), NULL)", cond, d.to, d.from)
			cols = append(cols, fmt.Sprintf("    ARRAY_AGG(%s IGNORE NULLS ORDER BY %s)[SAFE_OFFSET(DIV(COUNTIF(%s) - 1, 2))] AS d%d -- %s",
				gap, gap, cond, i, sqlComment(fmt.Sprintf("%s: median seconds from %s to %s", unit, d.From, d.To))))
		}
		if len(cols) == 0 {
			cols = append(cols, "    COUNT(*) AS unused")
		}
		w("%s\n  FROM %s\n)", joinSQLColumns(cols), unit)
	}
	w(",\nrow_counts AS (\n  SELECT\n")
	w("    COUNT(*) AS rows_read,\n")
	w("    COUNTIF(user_pseudo_id IS NULL OR user_pseudo_id = '') AS rows_without_user,\n")
	w("    COUNTIF(user_pseudo_id IS NOT NULL AND user_pseudo_id != '' AND ga_session_id IS NULL) AS rows_without_session,\n")
	w("    COUNTIF(event_name = 'purchase') AS purchases,\n")
	w("    COUNTIF(event_name = 'purchase' AND (transaction_id IS NULL OR TRIM(transaction_id) IN ('', '(not set)'))) AS purchases_without_transaction\n")
	w("  FROM events\n)")
	w("\nSELECT * FROM row_counts CROSS JOIN session_counts CROSS JOIN user_counts\n")
	return b.String(), nil
}

// eventsCTE is the "events AS (...)" part both queries share: one row per
// export row in the date range, with the ids read the way the local reader
// (ga4export) reads them. Of a parameter's value fields the string_value
// counts first, as in the local reader. ga_session_id is the first such
// parameter that holds an int_value or a decimal integer string_value
// (strconv.ParseInt's syntax: BigQuery's CAST would also take hex and
// surrounding spaces). The transaction id is ecommerce.transaction_id when
// not empty, else the first non-empty transaction_id parameter. extra are
// more columns ("expression AS name"), for the comparison's query.
func eventsCTE(dataset, from, to string, extra ...string) string {
	const sessionID = "IF(ep.value.string_value IS NOT NULL,\n" +
		"         IF(REGEXP_CONTAINS(ep.value.string_value, r'^[+-]?[0-9]+$'), SAFE_CAST(ep.value.string_value AS INT64), NULL),\n" +
		"         ep.value.int_value)"
	const txID = "IF(ep.value.string_value IS NOT NULL, NULLIF(ep.value.string_value, ''),\n" +
		"           COALESCE(CAST(ep.value.int_value AS STRING), CAST(ep.value.double_value AS STRING),\n" +
		"             CAST(ep.value.float_value AS STRING)))"
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w("events AS (\n")
	w("  SELECT\n")
	w("    event_date,\n")
	w("    user_pseudo_id,\n")
	w("    (SELECT id FROM (\n")
	w("       SELECT %s AS id, pos\n", sessionID)
	w("       FROM UNNEST(event_params) AS ep WITH OFFSET AS pos WHERE ep.key = 'ga_session_id')\n")
	w("     WHERE id IS NOT NULL ORDER BY pos LIMIT 1) AS ga_session_id,\n")
	w("    event_name,\n")
	w("    event_timestamp,\n")
	w("    COALESCE(NULLIF(ecommerce.transaction_id, ''),\n")
	w("      (SELECT id FROM (\n")
	w("         SELECT %s AS id, pos\n", txID)
	w("         FROM UNNEST(event_params) AS ep WITH OFFSET AS pos WHERE ep.key = 'transaction_id')\n")
	w("       WHERE id IS NOT NULL ORDER BY pos LIMIT 1)) AS transaction_id")
	for _, col := range extra {
		w(",\n    %s", col)
	}
	w("\n  FROM `%s.events_*`\n", dataset)
	w("  WHERE _TABLE_SUFFIX BETWEEN '%s' AND '%s'\n", from, to)
	w(")")
	return b.String()
}

// joinSQLColumns joins column lines, putting each comma before the
// trailing comment so the SQL stays valid.
func joinSQLColumns(cols []string) string {
	out := make([]string, len(cols))
	for i, c := range cols {
		if i < len(cols)-1 {
			if j := strings.Index(c, " -- "); j >= 0 {
				c = c[:j] + "," + c[j:]
			} else {
				c += ","
			}
		}
		out[i] = c
	}
	return strings.Join(out, "\n")
}

// slotMatch is the SQL condition on event_name for a slot.
func (p *Plan) slotMatch(name string) string {
	if name == AnyMacro {
		quoted := make([]string, len(p.macroNames))
		for i, m := range p.macroNames {
			quoted[i] = sqlString(m)
		}
		return "event_name IN (" + strings.Join(quoted, ", ") + ")"
	}
	return "event_name = " + sqlString(name)
}

// sql renders the counter's condition over the t<slot> columns.
func (c *Counter) sql() string {
	var parts []string
	for _, i := range c.has {
		parts = append(parts, fmt.Sprintf("t%d IS NOT NULL", i))
	}
	for _, i := range c.not {
		parts = append(parts, fmt.Sprintf("t%d IS NULL", i))
	}
	for k, i := range c.ordered {
		parts = append(parts, fmt.Sprintf("t%d IS NOT NULL", i))
		if k > 0 {
			parts = append(parts, fmt.Sprintf("t%d <= t%d", c.ordered[k-1], i))
		}
	}
	if len(parts) == 0 {
		return "TRUE"
	}
	return strings.Join(parts, " AND ")
}

// sqlComment makes text safe inside a -- comment.
func sqlComment(s string) string {
	return strings.NewReplacer("\n", " ", "\r", " ").Replace(s)
}

// DaysSQL returns the second BigQuery query of a benchmark: rows per day
// and event name, for the check that reports days on which a spec event is
// missing entirely (or the property has no rows at all), with the rows
// without user_pseudo_id or ga_session_id and the purchases without a
// transaction id of that day and name, so the data problems name events
// and days as the local engine's do. It reads the same rows as SQL and
// returns (event_date, event_name, n, without_user, without_session,
// purchases_without_transaction) rows.
func (p *Plan) DaysSQL(dataset string, opts Options) (string, error) {
	if _, err := p.SQL(dataset, opts); err != nil { // validates dataset and dates
		return "", err
	}
	from, to := "00000000", "99999999"
	if opts.From != "" {
		from = opts.From
	}
	if opts.To != "" {
		to = opts.To
	}
	var b strings.Builder
	fmt.Fprintf(&b, "-- tagspec bench: rows per day and event for %s (missing-days and id checks)\n", sqlComment(p.SpecName))
	fmt.Fprintf(&b, "WITH %s\n", eventsCTE(dataset, from, to))
	b.WriteString("SELECT\n")
	b.WriteString("  event_date,\n")
	b.WriteString("  event_name,\n")
	b.WriteString("  COUNT(*) AS n,\n")
	b.WriteString("  COUNTIF(user_pseudo_id IS NULL OR user_pseudo_id = '') AS without_user,\n")
	b.WriteString("  COUNTIF(user_pseudo_id IS NOT NULL AND user_pseudo_id != '' AND ga_session_id IS NULL) AS without_session,\n")
	b.WriteString("  COUNTIF(event_name = 'purchase' AND (transaction_id IS NULL OR TRIM(transaction_id) IN ('', '(not set)'))) AS purchases_without_transaction\n")
	b.WriteString("FROM events\n")
	b.WriteString("GROUP BY event_date, event_name\n")
	b.WriteString("ORDER BY event_date, event_name\n")
	return b.String(), nil
}

// Script returns the BigQuery queries of the benchmark as one script, for
// review or scheduling: the counters (SQL), the rows per day (DaysSQL) and,
// when the spec has a macro-conversion, the user timelines (TimelineSQL).
func (p *Plan) Script(dataset string, opts Options) (string, error) {
	main, err := p.SQL(dataset, opts)
	if err != nil {
		return "", err
	}
	days, err := p.DaysSQL(dataset, opts)
	if err != nil {
		return "", err
	}
	out := strings.TrimRight(main, "\n") + ";\n\n" + strings.TrimRight(days, "\n") + ";\n"
	timelines, err := p.TimelineSQL(dataset, opts)
	if err != nil {
		return "", err
	}
	if timelines != "" {
		out += "\n" + strings.TrimRight(timelines, "\n") + ";\n"
	}
	return out, nil
}
