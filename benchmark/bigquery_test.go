package benchmark

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	"cloud.google.com/go/bigquery"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"google.golang.org/api/option"
)

// fakeBigQuery is a local server speaking the part of the BigQuery REST API
// the official client uses for a query: jobs.query (POST .../queries),
// which it answers "not complete yet", then jobs.getQueryResults and
// jobs.get while the client polls. It answers with the given result row;
// it records every request so the test can check what the client sent.
type fakeBigQuery struct {
	t       *testing.T
	columns []string
	values  []*int64
	mu      sync.Mutex
	queries []string
	paths   []string
}

func (f *fakeBigQuery) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.paths = append(f.paths, r.Method+" "+r.URL.Path)
	f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	job := map[string]any{"projectId": "acme-analytics", "jobId": "tagspec-job-1", "location": "EU"}
	schema := func() map[string]any {
		var fields []map[string]any
		for _, c := range f.columns {
			fields = append(fields, map[string]any{"name": c, "type": "INTEGER", "mode": "NULLABLE"})
		}
		return map[string]any{"fields": fields}
	}
	row := func() []map[string]any {
		var cells []map[string]any
		for _, v := range f.values {
			if v == nil {
				cells = append(cells, map[string]any{"v": nil})
			} else {
				cells = append(cells, map[string]any{"v": strconv.FormatInt(*v, 10)})
			}
		}
		return []map[string]any{{"f": cells}}
	}
	switch {
	case r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/projects/acme-analytics/queries"):
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
		f.mu.Lock()
		f.queries = append(f.queries, req.Query)
		f.mu.Unlock()
		_ = json.NewEncoder(w).Encode(map[string]any{"kind": "bigquery#queryResponse", "jobReference": job, "jobComplete": false})
	case r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/projects/acme-analytics/queries/tagspec-job-1"):
		_ = json.NewEncoder(w).Encode(map[string]any{
			"kind": "bigquery#getQueryResultsResponse", "jobReference": job, "jobComplete": true,
			"schema": schema(), "rows": row(), "totalRows": "1",
		})
	case r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/projects/acme-analytics/jobs/tagspec-job-1"):
		_ = json.NewEncoder(w).Encode(map[string]any{
			"kind": "bigquery#job", "jobReference": job,
			"configuration": map[string]any{"query": map[string]any{"query": "SELECT 1",
				"destinationTable": map[string]any{"projectId": "acme-analytics", "datasetId": "_anon", "tableId": "anon1"}}},
			"status": map[string]any{"state": "DONE"},
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
		switch p.Kind {
		case ProblemNoSessionID:
			noSession += p.Count
		case ProblemNoTransactionID:
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
	if len(fake.queries) != 1 || fake.queries[0] != wantSQL {
		t.Errorf("the server received %d queries; want exactly the plan's SQL once", len(fake.queries))
	}
	if diff := cmp.Diff(local, got, cmpopts.IgnoreFields(Report{}, "Source", "Inputs", "Problems")); diff != "" {
		t.Errorf("BigQuery report differs from the local one (-local +bigquery):\n%s", diff)
	}
	t.Logf("client requests: %v", fake.paths)
	if got.Source != "bigquery" || got.Sessions == 0 {
		t.Errorf("source %q sessions %d", got.Source, got.Sessions)
	}
	var kinds []string
	for _, p := range got.Problems {
		kinds = append(kinds, fmt.Sprintf("%s:%d", p.Kind, p.Count))
	}
	wantKinds := []string{ProblemUnknownRange + ":0", fmt.Sprintf("%s:%d", ProblemNoSessionID, noSession)}
	if noTx > 0 {
		wantKinds = append(wantKinds, fmt.Sprintf("%s:%d", ProblemNoTransactionID, noTx))
	}
	if noSession == 0 || noTx == 0 {
		t.Fatalf("the test data must have rows without ga_session_id (%d) and purchases without transaction ids (%d)", noSession, noTx)
	}
	if diff := cmp.Diff(wantKinds, kinds); diff != "" {
		t.Errorf("BigQuery data problems (-want +got):\n%s", diff)
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
