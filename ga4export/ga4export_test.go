package ga4export

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/parquet-go/parquet-go"

	"github.com/tagspec/tagspec/internal/golden"
)

func TestReadReportFiles(t *testing.T) {
	for _, name := range []string{"events_report.csv", "events_by_source.csv", "data-export.csv"} {
		t.Run(name, func(t *testing.T) {
			rep, err := ReadReportFile(t.Context(), filepath.Join("testdata", name))
			if err != nil {
				t.Fatal(err)
			}
			rep.Name = name
			b, err := json.MarshalIndent(rep, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			golden.Check(t, "testdata/"+strings.TrimSuffix(name, ".csv")+".golden.json", append(b, '\n'))
		})
	}
}

func TestReadReportStructure(t *testing.T) {
	t.Run("CRLF event report", func(t *testing.T) {
		rep, err := ReadReportFile(t.Context(), "testdata/events_report.csv")
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Sections) != 1 {
			t.Fatalf("got %d sections, want 1", len(rep.Sections))
		}
		s := rep.Sections[0]
		got := []string{s.Title, s.Account, s.Property, s.Segment, s.StartDate, s.EndDate}
		want := []string{"Events: Event name", "Northwind Outfitters", "Northwind Outfitters - GA4", "All Users", "20250201", "20250804"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("header facts (-want +got):\n%s", diff)
		}
		if len(s.Rows) != 11 || s.Line != 10 {
			t.Errorf("got %d rows, header at line %d; want 11 rows, header at line 10", len(s.Rows), s.Line)
		}
		if diff := cmp.Diff([]int{0}, s.Dimensions()); diff != "" {
			t.Errorf("dimensions (-want +got):\n%s", diff)
		}
		if s.Rows[6][0] != "gtm.dom" || s.Rows[10][0] != "payment-init" {
			t.Errorf("event names breaking GA4 rules must be kept: %q, %q", s.Rows[6][0], s.Rows[10][0])
		}
	})
	t.Run("secondary dimension", func(t *testing.T) {
		rep, err := ReadReportFile(t.Context(), "testdata/events_by_source.csv")
		if err != nil {
			t.Fatal(err)
		}
		s := rep.Sections[0]
		if diff := cmp.Diff([]int{0, 1}, s.Dimensions()); diff != "" {
			t.Errorf("dimensions (-want +got):\n%s", diff)
		}
		if got := s.Rows[8][0]; got != "Apps_Error, checkout" {
			t.Errorf("quoted event name = %q", got)
		}
		if s.Account != "" || s.Segment != "All Users" {
			t.Errorf("account %q segment %q", s.Account, s.Segment)
		}
	})
	t.Run("several sections", func(t *testing.T) {
		rep, err := ReadReportFile(t.Context(), "testdata/data-export.csv")
		if err != nil {
			t.Fatal(err)
		}
		if rep.Title != "Reports snapshot" || rep.Account != "Northwind Outfitters" {
			t.Errorf("preamble title %q account %q", rep.Title, rep.Account)
		}
		var titles []string
		var rows []int
		for _, s := range rep.Sections {
			titles = append(titles, s.Title)
			rows = append(rows, len(s.Rows))
		}
		wantTitles := []string{"How many users are you acquiring?", "How much revenue are you generating?", "Which events are users triggering?"}
		if diff := cmp.Diff(wantTitles, titles); diff != "" {
			t.Errorf("titles (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]int{3, 0, 4}, rows); diff != "" {
			t.Errorf("rows per section (-want +got):\n%s", diff)
		}
		if rep.Sections[2].Account != "Northwind Outfitters" {
			t.Errorf("sections must inherit the preamble account")
		}
	})
}

func TestReadReportErrors(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", "r.csv: no report table found"},
		{"only comments", "# Events: Event name\n# Start date: 20250101\n", "r.csv: no report table found"},
		{"ragged row", "# Events\nEvent name,Event count\npage_view,1\npurchase,2,3\n", "r.csv:4: row has 3 fields, the header at line 2 has 2"},
		{"bad quote", "# Events\nEvent name,Event count\n\"page_view,1\n", "r.csv:3:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadReport(t.Context(), "r.csv", strings.NewReader(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

// exportLines are two rows in the shape bq extract writes, including the
// traps: INT64 as strings, explicit nulls, empty records, escaped
// placeholders, session_engaged as a string, a string ga_session_id.
const exportLines = `{"event_date":"20201227","event_timestamp":"1609057547789405","event_name":"page_view","event_params":[{"key":"ga_session_id","value":{"string_value":null,"int_value":"6813293714","float_value":null,"double_value":null}},{"key":"page_title","value":{"string_value":"\u003cOther\u003e","int_value":null,"float_value":null,"double_value":null}},{"key":"session_engaged","value":{"string_value":"1","int_value":null,"float_value":null,"double_value":null}},{"key":"value","value":{"string_value":null,"int_value":null,"float_value":null,"double_value":12.5}}],"event_previous_timestamp":null,"user_pseudo_id":"1026454.4271112504","privacy_info":{"analytics_storage":null,"ads_storage":null},"user_properties":[],"device":{"category":"desktop","web_info":{"browser":"Chrome"}},"ecommerce":{},"items":[]}
{"event_date":"20201227","event_timestamp":1609057600000000,"event_name":"purchase","event_params":[{"key":"ga_session_id","value":{"string_value":"6813293714"}},{"key":"transaction_id","value":{"string_value":"T-1"}}],"user_pseudo_id":"1026454.4271112504","ecommerce":{"transaction_id":"(not set)","purchase_revenue":12.5}}
`

func wantExportEvents() []Event {
	return []Event{
		{
			Date: "20201227", Timestamp: 1609057547789405, Name: "page_view", UserPseudoID: "1026454.4271112504",
			SessionID: 6813293714, HasSessionID: true,
			Params: []Param{
				{Key: "ga_session_id", Kind: ValueInt, Int: 6813293714},
				{Key: "page_title", Kind: ValueString, String: "<Other>"},
				{Key: "session_engaged", Kind: ValueString, String: "1"},
				{Key: "value", Kind: ValueFloat, Float: 12.5},
			},
		},
		{
			Date: "20201227", Timestamp: 1609057600000000, Name: "purchase", UserPseudoID: "1026454.4271112504",
			SessionID: 6813293714, HasSessionID: true, TransactionID: "(not set)",
			Params: []Param{
				{Key: "ga_session_id", Kind: ValueString, String: "6813293714"},
				{Key: "transaction_id", Kind: ValueString, String: "T-1"},
			},
		},
	}
}

// collect reads all events, copying each one.
func collect(t *testing.T, read func(fn func(*Event) error) error) []Event {
	t.Helper()
	var out []Event
	if err := read(func(e *Event) error {
		c := *e
		c.Params = append([]Param(nil), e.Params...)
		out = append(out, c)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestReadJSONForms(t *testing.T) {
	lines := strings.Split(strings.TrimSpace(exportLines), "\n")
	forms := map[string]string{
		"ndjson":          exportLines,
		"ndjson no final": strings.TrimSpace(exportLines),
		"array":           "[\n  " + strings.Join(lines, ",\n  ") + "\n]\n",
		"bom and blanks":  "\uFEFF\n\n" + exportLines + "\n\n",
	}
	for _, name := range []string{"ndjson", "ndjson no final", "array", "bom and blanks"} {
		t.Run(name, func(t *testing.T) {
			got := collect(t, func(fn func(*Event) error) error {
				return ReadJSON(t.Context(), "x.json", strings.NewReader(forms[name]), fn)
			})
			if diff := cmp.Diff(wantExportEvents(), got); diff != "" {
				t.Errorf("events (-want +got):\n%s", diff)
			}
		})
	}
}

func TestReadJSONErrors(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"truncated", `{"event_name":"page_view"}` + "\n" + `{"event_name":"scr`, "x.json: row 2 (byte 27): truncated JSON"},
		{"bad int", `{"event_timestamp":"12x"}`, "x.json: row 1 (byte 0):"},
		{"not an object", `"hello"`, "x.json: byte 0: expected a JSON object per line or a JSON array"},
		{"array of numbers", `[1,2]`, "x.json: row 1"},
		{"trailing data", `[{"event_name":"a"}] {}`, "unexpected data after the JSON array"},
		{"wrong type", `{"event_params":{"key":"x"}}`, "x.json: row 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ReadJSON(t.Context(), "x.json", strings.NewReader(tt.in), func(*Event) error { return nil })
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestWritersRoundTrip(t *testing.T) {
	want := wantExportEvents()
	var js, pq bytes.Buffer
	jw := NewJSONWriter(&js)
	pw := NewParquetWriter(&pq)
	for i := range want {
		if err := jw.Write(&want[i]); err != nil {
			t.Fatal(err)
		}
		if err := pw.Write(&want[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := jw.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := pw.Close(); err != nil {
		t.Fatal(err)
	}
	gotJSON := collect(t, func(fn func(*Event) error) error {
		return ReadJSON(t.Context(), "w.json", &js, fn)
	})
	if diff := cmp.Diff(want, gotJSON); diff != "" {
		t.Errorf("JSON round trip (-want +got):\n%s", diff)
	}
	gotPQ := collect(t, func(fn func(*Event) error) error {
		return ReadParquet(t.Context(), "w.parquet", bytes.NewReader(pq.Bytes()), int64(pq.Len()), fn)
	})
	if diff := cmp.Diff(want, gotPQ); diff != "" {
		t.Errorf("Parquet round trip (-want +got):\n%s", diff)
	}
}

// bqRow mirrors more of the real export's Parquet layout, including the
// always-null columns that real sample files type as INT64.
type bqRow struct {
	EventDate      *string        `parquet:"event_date,optional"`
	EventTimestamp *int64         `parquet:"event_timestamp,optional"`
	EventName      *string        `parquet:"event_name,optional"`
	EventParams    []parquetParam `parquet:"event_params,list"`
	PrevTimestamp  *int64         `parquet:"event_previous_timestamp,optional"`
	UserID         *int64         `parquet:"user_id,optional"`
	UserPseudoID   *string        `parquet:"user_pseudo_id,optional"`
	PrivacyInfo    *struct {
		AnalyticsStorage *int64 `parquet:"analytics_storage,optional"`
		AdsStorage       *int64 `parquet:"ads_storage,optional"`
	} `parquet:"privacy_info,optional"`
	UserProperties []struct {
		Key   *int64 `parquet:"key,optional"`
		Value *struct {
			StringValue  *int64 `parquet:"string_value,optional"`
			SetTimestamp *int64 `parquet:"set_timestamp_micros,optional"`
		} `parquet:"value,optional"`
	} `parquet:"user_properties,list"`
	Device *struct {
		Category     *string `parquet:"category,optional"`
		VendorID     *int64  `parquet:"vendor_id,optional"`
		TimeZoneSecs *int64  `parquet:"time_zone_offset_seconds,optional"`
	} `parquet:"device,optional"`
	Ecommerce *struct {
		TotalItemQuantity *int64   `parquet:"total_item_quantity,optional"`
		PurchaseRevenue   *float64 `parquet:"purchase_revenue,optional"`
		TransactionID     *string  `parquet:"transaction_id,optional"`
	} `parquet:"ecommerce,optional"`
	Items []struct {
		ItemID *string  `parquet:"item_id,optional"`
		Price  *float64 `parquet:"price,optional"`
	} `parquet:"items,list"`
}

func TestReadParquetBigQueryLayout(t *testing.T) {
	var buf bytes.Buffer
	w := parquet.NewGenericWriter[bqRow](&buf, parquet.Compression(&parquet.Uncompressed))
	rows := []bqRow{
		{
			EventDate: ptr("20210131"), EventTimestamp: ptr(int64(1612069510766593)), EventName: ptr("page_view"),
			EventParams: []parquetParam{
				{Key: ptr("ga_session_id"), Value: &parquetValue{IntValue: ptr(int64(661084800))}},
				{Key: ptr("session_engaged"), Value: &parquetValue{IntValue: ptr(int64(1))}},
			},
			UserPseudoID: ptr("4406072.7636087218"),
			Device: &struct {
				Category     *string `parquet:"category,optional"`
				VendorID     *int64  `parquet:"vendor_id,optional"`
				TimeZoneSecs *int64  `parquet:"time_zone_offset_seconds,optional"`
			}{Category: ptr("mobile")},
		},
		{
			EventDate: ptr("20210131"), EventTimestamp: ptr(int64(1612069590000000)), EventName: ptr("purchase"),
			EventParams: []parquetParam{
				{Key: ptr("ga_session_id"), Value: &parquetValue{IntValue: ptr(int64(661084800))}},
			},
			UserPseudoID: ptr("4406072.7636087218"),
			Ecommerce: &struct {
				TotalItemQuantity *int64   `parquet:"total_item_quantity,optional"`
				PurchaseRevenue   *float64 `parquet:"purchase_revenue,optional"`
				TransactionID     *string  `parquet:"transaction_id,optional"`
			}{TotalItemQuantity: ptr(int64(2)), PurchaseRevenue: ptr(40.0), TransactionID: ptr("112233")},
		},
		{EventName: ptr("session_start")},
	}
	if _, err := w.Write(rows); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	got := collect(t, func(fn func(*Event) error) error {
		return ReadParquet(t.Context(), "events_20210131.parquet", bytes.NewReader(buf.Bytes()), int64(buf.Len()), fn)
	})
	want := []Event{
		{
			Date: "20210131", Timestamp: 1612069510766593, Name: "page_view", UserPseudoID: "4406072.7636087218",
			SessionID: 661084800, HasSessionID: true,
			Params: []Param{
				{Key: "ga_session_id", Kind: ValueInt, Int: 661084800},
				{Key: "session_engaged", Kind: ValueInt, Int: 1},
			},
		},
		{
			Date: "20210131", Timestamp: 1612069590000000, Name: "purchase", UserPseudoID: "4406072.7636087218",
			SessionID: 661084800, HasSessionID: true, TransactionID: "112233",
			Params: []Param{{Key: "ga_session_id", Kind: ValueInt, Int: 661084800}},
		},
		{Name: "session_start"},
	}
	if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b []Param) bool { return cmp.Equal(len(a), len(b)) && (len(a) == 0 || cmp.Equal(a, b)) })); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
}

func TestReadParquetErrors(t *testing.T) {
	t.Run("not parquet", func(t *testing.T) {
		b := []byte("PAR1 this is not a parquet file PAR1")
		err := ReadParquet(t.Context(), "bad.parquet", bytes.NewReader(b), int64(len(b)), func(*Event) error { return nil })
		if err == nil || !strings.Contains(err.Error(), "bad.parquet: ") {
			t.Fatalf("error = %v", err)
		}
	})
	t.Run("not an export", func(t *testing.T) {
		var buf bytes.Buffer
		type other struct {
			A int64 `parquet:"a"`
		}
		w := parquet.NewGenericWriter[other](&buf)
		if _, err := w.Write([]other{{A: 1}}); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		err := ReadParquet(t.Context(), "other.parquet", bytes.NewReader(buf.Bytes()), int64(buf.Len()), func(*Event) error { return nil })
		want := "other.parquet: no event_name column: not a GA4 BigQuery export"
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Fatalf("error = %v, want %q", err, want)
		}
	})
}

func TestDetectFormat(t *testing.T) {
	tests := map[string]Format{
		"events_20250101.json":    FormatJSON,
		"a/b/events.ndjson.gz":    FormatJSON,
		"x.JSONL":                 FormatJSON,
		"events_20250101.parquet": FormatParquet,
		"data-export.csv":         FormatReportCSV,
	}
	for _, name := range []string{"events_20250101.json", "a/b/events.ndjson.gz", "x.JSONL", "events_20250101.parquet", "data-export.csv"} {
		got, err := DetectFormat(name)
		if err != nil || got != tests[name] {
			t.Errorf("DetectFormat(%q) = %q, %v; want %q", name, got, err, tests[name])
		}
	}
	if _, err := DetectFormat("events.avro"); err == nil || !strings.Contains(err.Error(), "events.avro: unknown data file type") {
		t.Errorf("DetectFormat(events.avro) error = %v", err)
	}
}

// TestReadParquetConvertsColumnTypes reads a file whose columns have other
// physical types than real exports (a STRING timestamp, an INT64
// transaction id): values are converted, not rejected.
func TestReadParquetConvertsColumnTypes(t *testing.T) {
	type row struct {
		EventName      *string `parquet:"event_name,optional"`
		EventTimestamp *string `parquet:"event_timestamp,optional"`
		Ecommerce      *struct {
			TransactionID *int64 `parquet:"transaction_id,optional"`
		} `parquet:"ecommerce,optional"`
	}
	var buf bytes.Buffer
	w := parquet.NewGenericWriter[row](&buf)
	r := row{EventName: ptr("purchase"), EventTimestamp: ptr("1612069590000000")}
	r.Ecommerce = &struct {
		TransactionID *int64 `parquet:"transaction_id,optional"`
	}{TransactionID: ptr(int64(112233))}
	if _, err := w.Write([]row{r}); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	got := collect(t, func(fn func(*Event) error) error {
		return ReadParquet(t.Context(), "typed.parquet", bytes.NewReader(buf.Bytes()), int64(buf.Len()), fn)
	})
	want := []Event{{Name: "purchase", Timestamp: 1612069590000000, TransactionID: "112233"}}
	if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b []Param) bool { return len(a) == len(b) })); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
}

func TestReadEventsFileGzip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "events_20201227.json.gz")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := gzip.NewWriter(f)
	if _, err := zw.Write([]byte(exportLines)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	got := collect(t, func(fn func(*Event) error) error { return ReadEventsFile(t.Context(), path, fn) })
	if diff := cmp.Diff(wantExportEvents(), got); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
	if err := ReadEventsFile(t.Context(), "testdata/events_report.csv", func(*Event) error { return nil }); err == nil || !strings.Contains(err.Error(), "holds aggregates, not export rows") {
		t.Errorf("a report CSV read as events: %v", err)
	}
}
