package benchmark

import (
	"fmt"
	"strings"
)

// CompareSQL returns the BigQuery Standard SQL of opts.Compare: one row
// per group (grp NULL for the users with no row carrying the dimension)
// with its users (column users), how many of them did each plan slot
// (column hN for slot N) and, comparing periods, how many users are active
// in both (in_both). It reads the rows Plan.SQL reads and follows the
// local engine's rules: users are the users of rows with a user_pseudo_id
// and a ga_session_id; each user belongs to the group of the dimension's
// value on their earliest row that has one (the smaller value on a tie);
// comparing periods, the unit is a user in a period.
func (p *Plan) CompareSQL(dataset string, opts Options) (string, error) {
	if opts.Compare == nil {
		return "", fmt.Errorf("compare: no comparison asked for")
	}
	co := *opts.Compare
	if err := co.Check(); err != nil {
		return "", err
	}
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
	periods := len(co.Periods) > 0
	var dim string
	switch {
	case periods:
		var b strings.Builder
		b.WriteString("CASE")
		for _, pr := range co.Periods {
			fmt.Fprintf(&b, " WHEN event_date BETWEEN %s AND %s THEN %s", sqlString(pr[0]), sqlString(pr[1]), sqlString(periodName(pr)))
		}
		b.WriteString(" END")
		dim = b.String()
	case co.By == DimSource:
		dim = "COALESCE(NULLIF(traffic_source.source, ''), '(not set)')"
	case co.By == DimMedium:
		dim = "COALESCE(NULLIF(traffic_source.medium, ''), '(not set)')"
	case co.By == DimSourceMedium:
		dim = "IF(COALESCE(traffic_source.source, '') = '' AND COALESCE(traffic_source.medium, '') = '', '(not set)',\n" +
			"      CONCAT(COALESCE(NULLIF(traffic_source.source, ''), '(not set)'), ' / ', COALESCE(NULLIF(traffic_source.medium, ''), '(not set)')))"
	case co.By == DimCountry:
		dim = "COALESCE(NULLIF(geo.country, ''), '(not set)')"
	case co.By == DimDevice:
		dim = "COALESCE(NULLIF(device.category, ''), '(not set)')"
	default:
		// The first parameter with the key, as Event.Param finds it; a
		// parameter without any value carries no group.
		dim = "(SELECT CASE WHEN v = '' THEN '(not set)' ELSE v END FROM (\n" +
			"       SELECT COALESCE(ep.value.string_value, CAST(ep.value.int_value AS STRING),\n" +
			"         CAST(ep.value.double_value AS STRING), CAST(ep.value.float_value AS STRING)) AS v, pos\n" +
			"       FROM UNNEST(event_params) AS ep WITH OFFSET AS pos WHERE ep.key = " + sqlString(co.paramName()) + ")\n" +
			"     ORDER BY pos LIMIT 1)"
	}
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w("-- tagspec bench --compare: users of %s by %s\n", sqlComment(p.SpecName), sqlComment(co.describe()))
	w("-- Generated from the same plan as the local engine; one row per group (grp NULL: users without a value):\n")
	w("-- users, then hN = users who did slot N. Edit the spec, not this query.\n")
	w("WITH %s,\n", eventsCTE(dataset, from, to, dim+" AS dim"))
	w("units AS (\n  SELECT\n    user_pseudo_id,\n")
	cols := []string{}
	if periods {
		cols = append(cols, "    dim AS grp")
	} else {
		cols = append(cols, "    ARRAY_AGG(dim IGNORE NULLS ORDER BY event_timestamp, dim LIMIT 1)[SAFE_OFFSET(0)] AS grp")
	}
	for i, name := range p.slots {
		cols = append(cols, fmt.Sprintf("    LOGICAL_OR(%s) AS h%d -- %s", p.slotMatch(name), i, sqlComment(name)))
	}
	w("%s\n  FROM events\n", joinSQLColumns(cols))
	w("  WHERE user_pseudo_id IS NOT NULL AND user_pseudo_id != '' AND ga_session_id IS NOT NULL")
	if periods {
		w(" AND dim IS NOT NULL\n  GROUP BY user_pseudo_id, dim\n")
	} else {
		w("\n  GROUP BY user_pseudo_id\n")
	}
	w(")")
	if periods {
		// How many periods each user is in, joined back: a user in both
		// counts in each (a GROUP BY, not a window over the grouped rows,
		// which some GoogleSQL engines evaluate slowly).
		w(",\nper_user AS (\n  SELECT user_pseudo_id, COUNT(*) AS periods_of_user\n  FROM units\n  GROUP BY user_pseudo_id\n)")
	}
	w("\nSELECT\n")
	cols = []string{"  grp", "  COUNT(*) AS users"}
	for i, name := range p.slots {
		cols = append(cols, fmt.Sprintf("  COUNTIF(h%d) AS h%d -- %s", i, i, sqlComment(name)))
	}
	if periods {
		cols = append(cols, "  COUNTIF(periods_of_user = 2) AS in_both")
		w("%s\nFROM units JOIN per_user USING (user_pseudo_id)\nGROUP BY grp\nORDER BY grp\n", joinSQLColumns(cols))
	} else {
		w("%s\nFROM units\nGROUP BY grp\nORDER BY grp\n", joinSQLColumns(cols))
	}
	return b.String(), nil
}
