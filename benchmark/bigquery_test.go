package benchmark

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"cloud.google.com/go/bigquery"
	gocmp "github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"google.golang.org/api/option"

	"github.com/tagspec/tagspec/ga4export"
)

// fakeBigQuery is a local server speaking the part of the BigQuery REST API
// the official client uses for a query: jobs.query (POST .../queries),
// which it answers "not complete yet", then jobs.getQueryResults while the
// client polls. The counters query is answered with one row of the given
// columns, the rows-per-day query with dayRows. It records every request
// so the test can check what the client sent.
type fakeBigQuery struct {
	t       *testing.T
	columns []string
	values  []*int64
	dayRows [][6]string // event_date, event_name, n, without_user, without_session, purchases_without_transaction
	// timelineRows answer the user timelines query: user_pseudo_id,
	// event_name, event_timestamp.
	timelineRows [][3]string
	mu           sync.Mutex
	queries      []string
	paths        []string
}

func (f *fakeBigQuery) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.paths = append(f.paths, r.Method+" "+r.URL.Path)
	w.Header().Set("Content-Type", "application/json")
	const prefix = "/bigquery/v2/projects/acme-analytics/queries"
	job := func(id string) map[string]any {
		return map[string]any{"projectId": "acme-analytics", "jobId": id, "location": "EU"}
	}
	switch {
	case r.Method == http.MethodPost && r.URL.Path == prefix:
		body, _ := io.ReadAll(r.Body)
		var req struct {
			Query        string `json:"query"`
			UseLegacySQL *bool  `json:"useLegacySql"`
		}
		if err := json.Unmarshal(body, &req); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		if req.UseLegacySQL == nil || *req.UseLegacySQL {
			http.Error(w, `{"error":{"code":400,"message":"legacy SQL"}}`, http.StatusBadRequest)
			return
		}
		f.queries = append(f.queries, req.Query)
		id := fmt.Sprintf("tagspec-job-%d", len(f.queries))
		_ = json.NewEncoder(w).Encode(map[string]any{"kind": "bigquery#queryResponse", "jobReference": job(id), "jobComplete": false})
	case r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, prefix+"/tagspec-job-"):
		id := strings.TrimPrefix(r.URL.Path, prefix+"/")
		n, err := strconv.Atoi(strings.TrimPrefix(id, "tagspec-job-"))
		if err != nil || n < 1 || n > len(f.queries) {
			http.Error(w, `{"error":{"code":404,"message":"no such job"}}`, http.StatusNotFound)
			return
		}
		var fields []map[string]any
		var rows []map[string]any
		if strings.Contains(f.queries[n-1], "-- tagspec bench: user timelines") {
			fields = []map[string]any{{"name": "user_pseudo_id", "type": "STRING", "mode": "NULLABLE"},
				{"name": "event_name", "type": "STRING", "mode": "NULLABLE"}, {"name": "event_timestamp", "type": "INTEGER", "mode": "NULLABLE"}}
			for _, tr := range f.timelineRows {
				rows = append(rows, map[string]any{"f": []map[string]any{{"v": tr[0]}, {"v": tr[1]}, {"v": tr[2]}}})
			}
		} else if strings.Contains(f.queries[n-1], "GROUP BY event_date, event_name") {
			for _, c := range []string{"event_date", "event_name"} {
				fields = append(fields, map[string]any{"name": c, "type": "STRING", "mode": "NULLABLE"})
			}
			for _, c := range []string{"n", "without_user", "without_session", "purchases_without_transaction"} {
				fields = append(fields, map[string]any{"name": c, "type": "INTEGER", "mode": "NULLABLE"})
			}
			for _, dr := range f.dayRows {
				var cells []map[string]any
				for _, v := range dr {
					cells = append(cells, map[string]any{"v": v})
				}
				rows = append(rows, map[string]any{"f": cells})
			}
		} else {
			var cells []map[string]any
			for i, c := range f.columns {
				fields = append(fields, map[string]any{"name": c, "type": "INTEGER", "mode": "NULLABLE"})
				if v := f.values[i]; v != nil {
					cells = append(cells, map[string]any{"v": strconv.FormatInt(*v, 10)})
				} else {
					cells = append(cells, map[string]any{"v": nil})
				}
			}
			rows = []map[string]any{{"f": cells}}
		}
		_ = json.NewEncoder(w).Encode(map[string]any{
			"kind": "bigquery#getQueryResultsResponse", "jobReference": job(id), "jobComplete": true,
			"schema": map[string]any{"fields": fields}, "rows": rows, "totalRows": strconv.Itoa(len(rows)),
		})
	default:
		f.t.Errorf("unexpected request %s %s", r.Method, r.URL)
		http.Error(w, `{"error":{"code":404,"message":"not found"}}`, http.StatusNotFound)
	}
}

func TestRunBigQuery(t *testing.T) {
	d := generate(42, 5, 200)
	paths := writeExport(t, d, t.TempDir(), "json")
	plan := NewPlan(testSpec(), nil)
	opts := Options{From: "20250301", To: "20250305"}
	local, err := RunFiles(t.Context(), plan, paths, opts)
	if err != nil {
		t.Fatal(err)
	}
	// The fake server answers with the counters the local engine found,
	// so the report built from the BigQuery path must equal the local one.
	acc := plan.NewAccumulator(opts)
	for _, p := range paths {
		if err := readInto(t, p, acc); err != nil {
			t.Fatal(err)
		}
	}
	counts := acc.Counts()
	fake := &fakeBigQuery{t: t}
	// The data-check totals, as the local engine found them.
	var noSession, noTx, purchases int64
	for _, p := range counts.Problems {
		switch p.Rule {
		case RuleNoSessionID:
			noSession += p.Count
		case RuleNoTransactionID:
			noTx += p.Count
		}
	}
	for _, day := range d.rows {
		for _, ev := range day {
			if ev.Name == "purchase" {
				purchases++
			}
		}
	}
	rowsUsed, zero := counts.RowsUsed, int64(0)
	fake.columns = append(fake.columns, "rows_read", "rows_without_user", "rows_without_session", "purchases", "purchases_without_transaction")
	fake.values = append(fake.values, &rowsUsed, &zero, &noSession, &purchases, &noTx)
	for i := range counts.Values {
		fake.columns = append(fake.columns, fmt.Sprintf("c%d", i))
		fake.values = append(fake.values, &counts.Values[i])
	}
	for i := range counts.Medians {
		fake.columns = append(fake.columns, fmt.Sprintf("d%d", i))
		fake.values = append(fake.values, counts.Medians[i])
	}
	// The rows per day and event, with the rows and purchases without
	// ids, as DaysSQL defines them, tallied from the files' rows.
	type dayName struct{ day, name string }
	tally := map[dayName]*[4]int64{}
	for _, path := range paths {
		if err := ga4export.ReadEventsFile(t.Context(), path, func(ev *ga4export.Event) error {
			if ev.Date < opts.From || ev.Date > opts.To {
				return nil
			}
			k := dayName{ev.Date, ev.Name}
			if tally[k] == nil {
				tally[k] = new([4]int64)
			}
			c := tally[k]
			c[0]++
			switch {
			case ev.UserPseudoID == "":
				c[1]++
			case !ev.HasSessionID:
				c[2]++
			}
			if tx := strings.TrimSpace(ev.TransactionID); ev.Name == "purchase" && (tx == "" || tx == "(not set)") {
				c[3]++
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	keys := slices.SortedFunc(maps.Keys(tally), func(a, b dayName) int {
		return cmp.Or(strings.Compare(a.day, b.day), strings.Compare(a.name, b.name))
	})
	for _, k := range keys {
		c := tally[k]
		fake.dayRows = append(fake.dayRows, [6]string{k.day, k.name,
			strconv.FormatInt(c[0], 10), strconv.FormatInt(c[1], 10), strconv.FormatInt(c[2], 10), strconv.FormatInt(c[3], 10)})
	}
	// The user timelines, as TimelineSQL defines them: every row of a
	// spec event, and the first row per user of each start event, over
	// rows with a user and a session id.
	specNames := map[string]bool{}
	for _, e := range testSpec().Events {
		specNames[e.Name] = true
	}
	firstStart := map[[2]string]int64{}
	for _, path := range paths {
		if err := ga4export.ReadEventsFile(t.Context(), path, func(ev *ga4export.Event) error {
			if ev.Date < opts.From || ev.Date > opts.To || ev.UserPseudoID == "" || !ev.HasSessionID {
				return nil
			}
			switch {
			case specNames[ev.Name]:
				fake.timelineRows = append(fake.timelineRows, [3]string{ev.UserPseudoID, ev.Name, strconv.FormatInt(ev.Timestamp, 10)})
			case ev.Name == "session_start" || ev.Name == "first_visit":
				k := [2]string{ev.UserPseudoID, ev.Name}
				if t0, ok := firstStart[k]; !ok || ev.Timestamp < t0 {
					firstStart[k] = ev.Timestamp
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	for _, k := range slices.SortedFunc(maps.Keys(firstStart), func(a, b [2]string) int { return cmp.Or(strings.Compare(a[0], b[0]), strings.Compare(a[1], b[1])) }) {
		fake.timelineRows = append(fake.timelineRows, [3]string{k[0], k[1], strconv.FormatInt(firstStart[k], 10)})
	}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	client, err := bigquery.NewClient(t.Context(), "acme-analytics",
		option.WithEndpoint(srv.URL+"/bigquery/v2/"), option.WithoutAuthentication(), option.WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	got, err := RunBigQuery(t.Context(), client, plan, "acme-analytics.analytics_123456789", opts)
	if err != nil {
		t.Fatalf("%v (requests: %v)", err, fake.paths)
	}
	wantSQL, err := plan.SQL("acme-analytics.analytics_123456789", opts)
	if err != nil {
		t.Fatal(err)
	}
	wantDays, err := plan.DaysSQL("acme-analytics.analytics_123456789", opts)
	if err != nil {
		t.Fatal(err)
	}
	wantTimelines, err := plan.TimelineSQL("acme-analytics.analytics_123456789", opts)
	if err != nil {
		t.Fatal(err)
	}
	if diff := gocmp.Diff([]string{wantSQL, wantDays, wantTimelines}, fake.queries); diff != "" {
		t.Errorf("queries received (-want +got):\n%s", diff)
	}
	// The predictive model comes from the user timelines query, with the
	// users it does not return: it must equal the local one.
	if got.Model == nil || len(got.Model.Weights) == 0 {
		t.Errorf("BigQuery report has no predictive model: %+v", got.Model)
	}
	if diff := gocmp.Diff(local, got, cmpopts.IgnoreFields(Report{}, "Source", "Inputs")); diff != "" {
		t.Errorf("BigQuery report differs from the local one (-local +bigquery):\n%s", diff)
	}
	// The data problems must be there to be compared: missing days, rows
	// without ga_session_id (per event name) and purchases without
	// transaction ids (with their days).
	kinds := map[string]int{}
	for _, p := range got.Problems {
		kinds[p.Rule]++
	}
	for _, k := range []string{RuleMissingDays, RuleNoSessionID, RuleNoTransactionID} {
		if kinds[k] == 0 {
			t.Errorf("the test data must give a %s problem; got %v", k, kinds)
		}
	}
	if got.Momentum == nil || got.Momentum.Users == 0 || len(got.Momentum.Mined) == 0 {
		t.Errorf("the BigQuery report has no momentum analysis: %+v", got.Momentum)
	}
	t.Logf("client requests: %v", fake.paths)
	if got.Source != "bigquery" || got.Sessions == 0 {
		t.Errorf("source %q sessions %d", got.Source, got.Sessions)
	}
}

func TestRunBigQueryBadResult(t *testing.T) {
	plan := NewPlan(testSpec(), nil)
	fake := &fakeBigQuery{t: t, columns: []string{"rows_read", "rows_without_user", "rows_without_session", "purchases", "purchases_without_transaction", "c0"},
		values: []*int64{new(int64), new(int64), new(int64), new(int64), new(int64), new(int64)}}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	client, err := bigquery.NewClient(t.Context(), "acme-analytics",
		option.WithEndpoint(srv.URL+"/bigquery/v2/"), option.WithoutAuthentication(), option.WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	_, err = RunBigQuery(t.Context(), client, plan, "acme-analytics.analytics_123456789", Options{})
	if err == nil || !strings.Contains(err.Error(), "the result has no column c1: was the query edited?") {
		t.Fatalf("error = %v", err)
	}
}
