package benchmark

import (
	"cmp"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// exportNameRE matches the names GA4's BigQuery export gives its daily
// tables (events_YYYYMMDD, events_intraday_YYYYMMDD) as files, optionally
// after a prefix such as "project.dataset." and with the shard number that
// an extract with a wildcard URI appends (events_20250301-000000000001.json).
var exportNameRE = regexp.MustCompile(`(?i)(?:^|[^a-z0-9])events_(intraday_)?(\d{8})(?:[-_](\d+))?(\.(?:parquet|json|ndjson|jsonl)(?:\.gz)?)$`)

// exportName is what a file's name says about the export rows inside it.
type exportName struct {
	path     string
	day      string // YYYYMMDD
	intraday bool
	shard    string // "" for an unsharded file
	format   string // ".parquet", ".json.gz", ...
}

func parseExportName(path string) (exportName, bool) {
	m := exportNameRE.FindStringSubmatch(filepath.Base(path))
	if m == nil {
		return exportName{}, false
	}
	if _, err := time.Parse("20060102", m[2]); err != nil {
		return exportName{}, false
	}
	return exportName{path: path, day: m[2], intraday: m[1] != "", shard: m[3], format: strings.ToLower(m[4])}, true
}

func (n exportName) kind() string {
	if n.intraday {
		return "intraday"
	}
	return "daily"
}

// OrderExportFiles puts export files in the order RunFiles reads them and
// refuses sets that would count a day twice. A path given twice is read
// once. When every file is named like a GA4 export table
// (events_YYYYMMDD.parquet, events_intraday_YYYYMMDD.json.gz, a shard
// events_YYYYMMDD-000000000001.ndjson, ...), the files are sorted by day
// and span is the first and last day they name; otherwise the order given
// is kept and span is empty.
//
// Two files for one day are an error unless they are shards of one export
// (same daily or intraday table, same format, distinct shard numbers):
// events_20250301.parquet next to events_20250301.json, or
// events_intraday_20250301 next to events_20250301, hold the same rows
// twice, and a benchmark that silently added them up would double every
// count of that day.
func OrderExportFiles(paths []string) (ordered []string, span [2]string, err error) {
	seen := map[string]bool{}
	var names []exportName
	all := true
	for _, p := range paths {
		if c := filepath.Clean(p); seen[c] {
			continue
		} else {
			seen[c] = true
		}
		ordered = append(ordered, p)
		n, ok := parseExportName(p)
		if !ok {
			all = false
			continue
		}
		names = append(names, n)
	}
	byDay := map[string][]exportName{}
	for _, n := range names {
		byDay[n.day] = append(byDay[n.day], n)
	}
	for _, day := range sortedKeys(byDay) {
		if err := checkOneExport(byDay[day]); err != nil {
			return nil, span, err
		}
	}
	if !all || len(names) == 0 {
		return ordered, span, nil
	}
	slices.SortStableFunc(names, func(a, b exportName) int {
		if c := cmp.Compare(a.day, b.day); c != 0 {
			return c
		}
		an, _ := strconv.ParseUint(a.shard, 10, 64)
		bn, _ := strconv.ParseUint(b.shard, 10, 64)
		return cmp.Compare(an, bn)
	})
	ordered = ordered[:0]
	for _, n := range names {
		ordered = append(ordered, n.path)
	}
	return ordered, [2]string{names[0].day, names[len(names)-1].day}, nil
}

// checkOneExport checks that the files naming one day are one export of
// it: a single file, or shards of one table in one format.
func checkOneExport(ns []exportName) error {
	first := ns[0]
	shards := map[string]string{}
	for _, n := range ns {
		switch {
		case n.intraday != first.intraday:
			daily, intraday := first, n
			if first.intraday {
				daily, intraday = n, first
			}
			return fmt.Errorf("%s and %s both hold %s (intraday and daily tables): GA4 replaces the intraday table with the daily one, so reading both would count that day twice; drop the intraday file",
				intraday.path, daily.path, isoDay(n.day))
		case n.format != first.format:
			return fmt.Errorf("%s and %s are both %s exports of %s (%s and %s): reading both would count that day twice; give one of them",
				first.path, n.path, first.kind(), isoDay(n.day), strings.TrimPrefix(first.format, "."), strings.TrimPrefix(n.format, "."))
		case (n.shard == "") != (first.shard == ""):
			return fmt.Errorf("%s and %s are both %s exports of %s, one whole and one a shard: reading both would count that day twice; give the whole file or all of its shards",
				first.path, n.path, first.kind(), isoDay(n.day))
		}
		num := n.shard
		if v, err := strconv.ParseUint(n.shard, 10, 64); err == nil {
			num = strconv.FormatUint(v, 10)
		}
		if other, dup := shards[num]; dup {
			return fmt.Errorf("%s and %s are both %s exports of %s: reading both would count that day twice; give one of them",
				other, n.path, n.kind(), isoDay(n.day))
		}
		shards[num] = n.path
	}
	return nil
}
