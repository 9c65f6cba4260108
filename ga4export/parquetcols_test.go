package ga4export

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/parquet-go/parquet-go"

	"github.com/tagspec/tagspec/internal/fuzzbudget"
	"github.com/tagspec/tagspec/internal/golden"
)

// randomExport writes rows drawn from seed with ParquetWriter, in a file
// layout (row group and page sizes, encodings, page version) also drawn
// from seed. Rows have random nulls at every level, missing, duplicate and
// string ga_session_ids, empty params, and transaction ids in ecommerce or
// in a param.
func randomExport(t testing.TB, seed uint64, rows int) ([]byte, parquetWriterConfig) {
	rng := rand.New(rand.NewPCG(seed, seed>>32^0x9e3779b97f4a7c15))
	cfg := parquetWriterConfig{
		rowGroupRows: int64(1 + rng.IntN(40)),
		pageBytes:    64 << rng.IntN(8),
		plain:        rng.IntN(3) == 0,
		pageVersion:  1 + rng.IntN(2),
	}
	if rng.IntN(2) == 0 {
		cfg.dictMaxBytes = int64(16 + rng.IntN(256)) // dictionary pages, then plain ones
	}
	var buf bytes.Buffer
	w := newParquetWriter(&buf, cfg)
	some := func(p int) bool { return rng.IntN(100) < p }
	pick := func(s ...string) *string { return ptr(s[rng.IntN(len(s))]) }
	for range rows {
		row := parquetOutRow{Platform: pick("WEB", "ANDROID")}
		if some(90) {
			row.EventDate = pick("20250301", "20250302", "")
		}
		if some(90) {
			row.EventTimestamp = ptr(rng.Int64N(1 << 52))
		}
		if some(95) {
			row.EventName = pick("page_view", "session_start", "purchase", "scroll", "")
		}
		if some(90) {
			row.UserPseudoID = ptr(fmt.Sprintf("%d.%d", rng.IntN(50), rng.IntN(3)))
		}
		switch rng.IntN(4) {
		case 1:
			row.Ecommerce = &parquetEcommerce{}
		case 2:
			row.Ecommerce = &parquetEcommerce{TransactionID: pick("", "T-1", fmt.Sprint(rng.IntN(1000)))}
		}
		if some(10) {
			row.EventParams = nil // a null event_params
		} else {
			row.EventParams = []parquetParam{}
		}
		for range rng.IntN(7) {
			var p parquetParam
			if some(95) {
				p.Key = pick("ga_session_id", "ga_session_id", "transaction_id", "page_location", "value", "engagement_time_msec", "", "session_engaged")
			}
			if some(92) {
				v := &parquetValue{}
				if some(40) {
					v.StringValue = pick("1740000000", "17400x", "", "https://www.example.com/", " 12", "-5")
				}
				if some(50) {
					v.IntValue = ptr(rng.Int64N(4) + 1740000000*rng.Int64N(2))
				}
				if some(20) {
					v.FloatValue = ptr(rng.Float64() * 100)
				}
				if some(20) {
					v.DoubleValue = ptr(float64(rng.IntN(1000)) / 8)
				}
				p.Value = v
			}
			row.EventParams = append(row.EventParams, p)
		}
		switch rng.IntN(4) {
		case 1:
			row.TrafficSource = &parquetTraffic{}
		case 2, 3:
			row.TrafficSource = &parquetTraffic{Source: pick("google", "(direct)", ""), Medium: pick("cpc", "organic", "(none)")}
			if some(20) {
				row.TrafficSource.Medium = nil
			}
		}
		if some(80) {
			row.Geo = &parquetGeo{Country: pick("France", "United States", "", "(not set)")}
		}
		if some(80) {
			row.Device = &parquetDevice{Category: pick("desktop", "mobile", "tablet")}
			if some(10) {
				row.Device.Category = nil
			}
		}
		if err := w.writeRow(row); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), cfg
}

// keepChoices are the KeepParams the comparisons run with.
var keepChoices = []map[string]bool{nil, {}, {"page_location": true, "value": true, "ga_session_id": true}}

// readAll collects a reader's events, with Params copied (nil when empty).
func readAll(read func(fn func(*Event) error) error) ([]Event, error) {
	var out []Event
	err := read(func(e *Event) error {
		c := *e
		c.Params = append([]Param(nil), e.Params...)
		out = append(out, c)
		return nil
	})
	return out, err
}

// sameAsRows reads data with the column reader and the row reader and
// fails t when the events or the errors differ.
func sameAsRows(t testing.TB, ctx context.Context, name string, data []byte, opts ReadOptions) []Event {
	t.Helper()
	return sameAsRowsSliced(t, ctx, name, data, opts, pqSliceRows)
}

// sameAsRowsSliced is sameAsRows with the column reader decoding
// sliceRows rows at once.
func sameAsRowsSliced(t testing.TB, ctx context.Context, name string, data []byte, opts ReadOptions, sliceRows int) []Event {
	t.Helper()
	want, wantErr := readAll(func(fn func(*Event) error) error {
		return readParquetRows(ctx, name, bytes.NewReader(data), int64(len(data)), opts, fn)
	})
	got, gotErr := readAll(func(fn func(*Event) error) error {
		return readParquetColumns(ctx, name, bytes.NewReader(data), int64(len(data)), opts, sliceRows, fn)
	})
	if (wantErr == nil) != (gotErr == nil) {
		t.Fatalf("%s (%+v): row reader error %v, column reader error %v", name, opts, wantErr, gotErr)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("%s (%+v): column reader differs from the row reader (-rows +columns):\n%s", name, opts, diff)
	}
	return got
}

func FuzzParquetColumnsMatchRows(f *testing.F) {
	for seed := range uint64(12) {
		f.Add(seed, uint16(seed*37%300), uint8(seed))
		f.Add(seed+100, uint16(seed*53%300), uint8(seed)|16) // with Dimensions
	}
	f.Fuzz(func(t *testing.T, seed uint64, rows uint16, choice uint8) {
		fuzzbudget.Run(t, fmt.Sprint(seed, rows, choice), func() {
			data, _ := randomExport(t, seed, int(rows%600))
			opts := ReadOptions{KeepParams: keepChoices[int(choice)%len(keepChoices)], Jobs: 1 + int(choice/4)%4, Dimensions: choice&16 != 0}
			sameAsRowsSliced(t, t.Context(), "random.parquet", data, opts, 1+int(seed%64))
		})
	})
}

// TestParquetColumnsRandomLayouts checks that the random files do cover
// what the fuzz target is meant to: several row groups, and both
// dictionary and plain pages, in the same file too.
func TestParquetColumnsRandomLayouts(t *testing.T) {
	var multiGroup, dict, plain, mixed bool
	for seed := range uint64(40) {
		data, cfg := randomExport(t, seed, 200)
		f, err := parquet.OpenFile(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatal(err)
		}
		multiGroup = multiGroup || len(f.RowGroups()) > 1
		dict = dict || !cfg.plain
		plain = plain || cfg.plain
		if !cfg.plain && cfg.dictMaxBytes > 0 {
			for _, rg := range f.Metadata().RowGroups {
				for _, cc := range rg.Columns {
					if cc.MetaData.PathInSchema[len(cc.MetaData.PathInSchema)-1] == "key" && cc.MetaData.DictionaryPageOffset > 0 && len(cc.MetaData.Encoding) > 2 {
						mixed = true
					}
				}
			}
		}
		for _, keep := range keepChoices {
			sameAsRowsSliced(t, t.Context(), fmt.Sprintf("random-%d.parquet", seed), data, ReadOptions{KeepParams: keep, Jobs: 3}, 1+int(seed%9))
		}
	}
	if !multiGroup || !dict || !plain || !mixed {
		t.Fatalf("random files: several row groups %v, dictionary %v, plain %v, dictionary then plain in one chunk %v", multiGroup, dict, plain, mixed)
	}
}

// TestParquetColumnsTestdataFiles compares both readers on every Parquet
// file kept under testdata.
func TestParquetColumnsTestdataFiles(t *testing.T) {
	var files []string
	for _, root := range []string{"testdata", "../benchmark/testdata"} {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(path, ".parquet") {
				files = append(files, path)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(files) == 0 {
		t.Fatal("no Parquet files under testdata: is the walk wrong?")
	}
	for _, path := range files {
		t.Run(path, func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			for _, keep := range keepChoices {
				for _, jobs := range []int{1, 2, 0} {
					if evs := sameAsRows(t, t.Context(), path, data, ReadOptions{KeepParams: keep, Jobs: jobs}); len(evs) == 0 {
						t.Fatal("no events")
					}
					sameAsRowsSliced(t, t.Context(), path, data, ReadOptions{KeepParams: keep, Jobs: jobs}, 3)
				}
			}
		})
	}
}

// TestParquetLayoutFixture keeps testdata/events_bq_layout.parquet, a file
// in the layout of a real export (extra columns of odd types, nested
// records, dictionary pages, version 1 pages, several row groups); run
// with TAGSPEC_UPDATE=1 to write it again.
func TestParquetLayoutFixture(t *testing.T) {
	path := filepath.Join("testdata", "events_bq_layout.parquet")
	if golden.Update(t) {
		var buf bytes.Buffer
		w := parquet.NewGenericWriter[bqRow](&buf, parquet.MaxRowsPerRowGroup(7), parquet.DataPageVersion(1),
			parquet.DefaultEncodingFor(parquet.ByteArray, &parquet.RLEDictionary), parquet.PageBufferSize(512))
		rng := rand.New(rand.NewPCG(13, 1))
		for i := range 60 {
			r := bqRow{
				EventDate: ptr("20210131"), EventTimestamp: ptr(int64(1612069510766593 + i*1000)),
				EventName:    ptr([]string{"page_view", "purchase", "scroll"}[i%3]),
				UserPseudoID: ptr(fmt.Sprintf("%d.7636087218", 4406072+i/5)),
				EventParams: []parquetParam{
					{Key: ptr("ga_session_id"), Value: &parquetValue{IntValue: ptr(int64(661084800 + i/10))}},
					{Key: ptr("page_location"), Value: &parquetValue{StringValue: ptr(fmt.Sprintf("https://shop.example.com/p/%d", rng.IntN(9)))}},
				},
			}
			if i%3 == 1 {
				r.Ecommerce = &struct {
					TotalItemQuantity *int64   `parquet:"total_item_quantity,optional"`
					PurchaseRevenue   *float64 `parquet:"purchase_revenue,optional"`
					TransactionID     *string  `parquet:"transaction_id,optional"`
				}{TotalItemQuantity: ptr(int64(1)), PurchaseRevenue: ptr(9.5), TransactionID: ptr(fmt.Sprint(1000 + i))}
			}
			if i%7 == 0 {
				r.EventParams = append(r.EventParams, parquetParam{Key: ptr("value"), Value: &parquetValue{DoubleValue: ptr(float64(i) / 4)}})
			}
			if _, err := w.Write([]bqRow{r}); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		golden.Check(t, path, buf.Bytes()) // in update mode: writes the file and logs it
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with TAGSPEC_UPDATE=1 to create it)", err)
	}
	f, err := parquet.OpenFile(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	if lay, ok := planParquetColumns(f.Root(), false); !ok || lay.cols[pqKey].index < 0 {
		t.Fatalf("the fixture is not read column by column: %+v, %v", lay, ok)
	}
	if n := len(f.RowGroups()); n < 2 {
		t.Fatalf("the fixture has %d row groups, want several", n)
	}
	evs := sameAsRows(t, t.Context(), path, data, ReadOptions{})
	if len(evs) != 60 || evs[1].TransactionID != "1001" || !evs[59].HasSessionID || evs[59].SessionID != 661084805 {
		t.Fatalf("unexpected events: %d, %+v, %+v", len(evs), evs[1], evs[59])
	}
}

// writeRows writes rows of any struct type as a Parquet file.
func writeRows[T any](t *testing.T, rows []T, opts ...parquet.WriterOption) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := parquet.NewGenericWriter[T](&buf, opts...)
	if _, err := w.Write(rows); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestParquetColumnsOtherShapes reads files whose columns have other
// shapes than ParquetWriter's; both readers must agree, and the column
// reader must be the one that reads the shapes it can.
func TestParquetColumnsOtherShapes(t *testing.T) {
	type required struct {
		EventName      string `parquet:"event_name"`
		EventTimestamp int64  `parquet:"event_timestamp"`
		EventParams    []struct {
			Key   string `parquet:"key"`
			Value struct {
				IntValue    int64   `parquet:"int_value"`
				StringValue *string `parquet:"string_value,optional"`
			} `parquet:"value"`
		} `parquet:"event_params,list"`
		Ecommerce struct {
			TransactionID string `parquet:"transaction_id"`
		} `parquet:"ecommerce"`
	}
	type noParams struct {
		EventName      *string `parquet:"event_name,optional"`
		EventTimestamp *int64  `parquet:"event_timestamp,optional"`
		UserPseudoID   *string `parquet:"user_pseudo_id,optional"`
	}
	type noValue struct {
		EventName      *string `parquet:"event_name,optional"`
		EventTimestamp *int64  `parquet:"event_timestamp,optional"`
		EventParams    []struct {
			Key *string `parquet:"key,optional"`
		} `parquet:"event_params,list"`
	}
	type flatRepeated struct { // event_params without the LIST levels
		EventName      *string `parquet:"event_name,optional"`
		EventTimestamp *int64  `parquet:"event_timestamp,optional"`
		EventParams    []struct {
			Key   *string       `parquet:"key,optional"`
			Value *parquetValue `parquet:"value,optional"`
		} `parquet:"event_params"`
	}
	type stringTimestamp struct {
		EventName      *string `parquet:"event_name,optional"`
		EventTimestamp *string `parquet:"event_timestamp,optional"`
		EventDate      *int64  `parquet:"event_date,optional"`
	}
	type floatValues struct {
		EventName      *string `parquet:"event_name,optional"`
		EventTimestamp *int64  `parquet:"event_timestamp,optional"`
		EventParams    []struct {
			Key   *string `parquet:"key,optional"`
			Value *struct {
				FloatValue *float32 `parquet:"float_value,optional"`
			} `parquet:"value,optional"`
		} `parquet:"event_params,list"`
	}
	s := ptr[string]
	i64 := ptr[int64]
	req := []required{{EventName: "purchase", EventTimestamp: 7}, {EventName: "page_view", EventTimestamp: 8}}
	req[0].Ecommerce.TransactionID = "T9"
	req[0].EventParams = make([]struct {
		Key   string `parquet:"key"`
		Value struct {
			IntValue    int64   `parquet:"int_value"`
			StringValue *string `parquet:"string_value,optional"`
		} `parquet:"value"`
	}, 2)
	req[0].EventParams[0].Key, req[0].EventParams[0].Value.IntValue = "ga_session_id", 42
	req[0].EventParams[1].Key, req[0].EventParams[1].Value.StringValue = "transaction_id", s("T10")
	nv := []noValue{{EventName: s("a"), EventTimestamp: i64(1)}, {EventName: s("b")}}
	nv[0].EventParams = append(nv[0].EventParams, struct {
		Key *string `parquet:"key,optional"`
	}{Key: s("ga_session_id")}, struct {
		Key *string `parquet:"key,optional"`
	}{})
	fr := []flatRepeated{{EventName: s("a"), EventTimestamp: i64(1)}}
	fr[0].EventParams = append(fr[0].EventParams, struct {
		Key   *string       `parquet:"key,optional"`
		Value *parquetValue `parquet:"value,optional"`
	}{Key: s("ga_session_id"), Value: &parquetValue{IntValue: i64(5)}})
	fv := []floatValues{{EventName: s("a"), EventTimestamp: i64(1)}}
	fv[0].EventParams = append(fv[0].EventParams, struct {
		Key   *string `parquet:"key,optional"`
		Value *struct {
			FloatValue *float32 `parquet:"float_value,optional"`
		} `parquet:"value,optional"`
	}{Key: s("value"), Value: &struct {
		FloatValue *float32 `parquet:"float_value,optional"`
	}{FloatValue: ptr(float32(1.25))}})

	tests := []struct {
		name    string
		data    []byte
		columns bool // read by the column reader
		want    []Event
	}{
		{"required columns", writeRows(t, req), true, []Event{
			{Name: "purchase", Timestamp: 7, TransactionID: "T9", SessionID: 42, HasSessionID: true, Params: []Param{
				{Key: "ga_session_id", Kind: ValueInt, Int: 42}, {Key: "transaction_id", Kind: ValueString, String: "T10"}}},
			{Name: "page_view", Timestamp: 8},
		}},
		{"no event_params", writeRows(t, []noParams{{EventName: s("a"), EventTimestamp: i64(1), UserPseudoID: s("u")}, {}}), true, []Event{
			{Name: "a", Timestamp: 1, UserPseudoID: "u"}, {},
		}},
		{"event_params without value", writeRows(t, nv), true, []Event{
			{Name: "a", Timestamp: 1, Params: []Param{{Key: "ga_session_id"}}}, {Name: "b"},
		}},
		{"event_params without LIST levels", writeRows(t, fr), true, []Event{{Name: "a", Timestamp: 1}}},
		{"float_value", writeRows(t, fv), true, []Event{
			{Name: "a", Timestamp: 1, Params: []Param{{Key: "value", Kind: ValueFloat, Float: 1.25}}},
		}},
		{"string timestamp, int date", writeRows(t, []stringTimestamp{{EventName: s("a"), EventTimestamp: s("12"), EventDate: i64(20250301)}}), false, []Event{
			{Name: "a", Timestamp: 12, Date: "20250301"},
		}},
		{"dictionary int64 and plain v1 pages", writeRows(t, []noParams{{EventName: s("a"), EventTimestamp: i64(3)}, {EventName: s("a"), EventTimestamp: i64(3)}},
			parquet.DefaultEncodingFor(parquet.Int64, &parquet.RLEDictionary), parquet.DataPageVersion(1)), true, []Event{
			{Name: "a", Timestamp: 3}, {Name: "a", Timestamp: 3},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := parquet.OpenFile(bytes.NewReader(tt.data), int64(len(tt.data)))
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := planParquetColumns(f.Root(), false); ok != tt.columns {
				t.Errorf("read column by column: %v, want %v", ok, tt.columns)
			}
			got := sameAsRows(t, t.Context(), tt.name+".parquet", tt.data, ReadOptions{})
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("events (-want +got):\n%s", diff)
			}
		})
	}
}

// TestReadParquetOptionsKeepParams checks that KeepParams chooses
// Event.Params and that SessionID and TransactionID are filled whatever
// it keeps.
func TestReadParquetOptionsKeepParams(t *testing.T) {
	var buf bytes.Buffer
	w := NewParquetWriter(&buf)
	evs := []Event{
		{Name: "purchase", Params: []Param{
			{Key: "ga_session_id", Kind: ValueString, String: "17"},
			{Key: "ga_session_id", Kind: ValueInt, Int: 18},
			{Key: "transaction_id", Kind: ValueInt, Int: 99},
			{Key: "value", Kind: ValueFloat, Float: 2.5},
		}},
		{Name: "refund", TransactionID: "T1", Params: []Param{{Key: "transaction_id", Kind: ValueString, String: "T2"}}},
	}
	for i := range evs {
		if err := w.Write(&evs[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	tests := []struct {
		keep map[string]bool
		want [][]Param
	}{
		{nil, [][]Param{evs[0].Params, evs[1].Params}},
		{map[string]bool{}, [][]Param{nil, nil}},
		{map[string]bool{"value": true}, [][]Param{{{Key: "value", Kind: ValueFloat, Float: 2.5}}, nil}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.keep), func(t *testing.T) {
			got := sameAsRows(t, t.Context(), "keep.parquet", data, ReadOptions{KeepParams: tt.keep})
			want := []Event{
				{Name: "purchase", SessionID: 17, HasSessionID: true, TransactionID: "99", Params: tt.want[0]},
				{Name: "refund", TransactionID: "T1", Params: tt.want[1]},
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("events (-want +got):\n%s", diff)
			}
		})
	}
}

// manyGroups is a file of n rows in row groups of 3, each row's timestamp
// its row number.
func manyGroups(t *testing.T, n int) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := newParquetWriter(&buf, parquetWriterConfig{rowGroupRows: 3})
	for i := range n {
		if err := w.Write(&Event{Name: "e", Timestamp: int64(i + 1)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestReadParquetOptionsOrderAndStop checks ordered delivery with several
// decoding goroutines, and that an error from fn or a cancelled context
// ends the read with that error.
func TestReadParquetOptionsOrderAndStop(t *testing.T) {
	data := manyGroups(t, 300)
	for _, jobs := range []int{1, 2, 5, 0} {
		t.Run(fmt.Sprint("jobs=", jobs), func(t *testing.T) {
			next := int64(1)
			err := ReadParquetOptions(t.Context(), "many.parquet", bytes.NewReader(data), int64(len(data)), ReadOptions{Jobs: jobs}, func(e *Event) error {
				if e.Timestamp != next {
					return fmt.Errorf("row %d delivered as row %d", e.Timestamp, next)
				}
				next++
				return nil
			})
			if err != nil || next != 301 {
				t.Fatalf("err %v after %d rows", err, next-1)
			}

			stop := errors.New("enough")
			n := 0
			err = ReadParquetOptions(t.Context(), "many.parquet", bytes.NewReader(data), int64(len(data)), ReadOptions{Jobs: jobs}, func(e *Event) error {
				if n++; n == 100 {
					return stop
				}
				return nil
			})
			if err != stop || n != 100 {
				t.Fatalf("err %v after %d rows, want %v after 100", err, n, stop)
			}

			ctx, cancel := context.WithCancel(t.Context())
			n = 0
			err = ReadParquetOptions(ctx, "many.parquet", bytes.NewReader(data), int64(len(data)), ReadOptions{Jobs: jobs}, func(e *Event) error {
				if n++; n == 50 {
					cancel()
				}
				return nil
			})
			if !errors.Is(err, context.Canceled) || n >= 300 {
				t.Fatalf("err %v after %d rows, want context.Canceled before the end", err, n)
			}
		})
	}
}

// TestReadParquetOptionsParamsCapped checks that a callback appending to
// Event.Params cannot change the next row's params.
func TestReadParquetOptionsParamsCapped(t *testing.T) {
	var buf bytes.Buffer
	w := NewParquetWriter(&buf)
	for i := range 3 {
		if err := w.Write(&Event{Name: "e", Params: []Param{{Key: "n", Kind: ValueInt, Int: int64(i)}}}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	i := int64(0)
	err := ReadParquetOptions(t.Context(), "cap.parquet", bytes.NewReader(buf.Bytes()), int64(buf.Len()), ReadOptions{}, func(e *Event) error {
		if len(e.Params) != 1 || e.Params[0].Int != i {
			return fmt.Errorf("row %d: params %+v", i, e.Params)
		}
		e.Params = append(e.Params, Param{Key: "added"})
		i++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestReadParquetOptionsCorruptPages damages the page data of a file
// byte by byte: every read must end in an error naming the file, or in
// events, never in a panic or a hang.
func TestReadParquetOptionsCorruptPages(t *testing.T) {
	data, _ := randomExport(t, 7, 60)
	dataEnd := len(data) - 8 - int(binary.LittleEndian.Uint32(data[len(data)-8:]))
	step := max(1, dataEnd/400)
	errs := 0
	for at := 4; at < dataEnd; at += step {
		bad := bytes.Clone(data)
		bad[at] ^= 0x5a
		err := ReadParquetOptions(t.Context(), "bad.parquet", bytes.NewReader(bad), int64(len(bad)), ReadOptions{Jobs: 2}, func(*Event) error { return nil })
		if err != nil {
			errs++
			if !strings.HasPrefix(err.Error(), "bad.parquet: ") {
				t.Fatalf("byte %d: error does not name the file: %v", at, err)
			}
		}
	}
	if errs == 0 {
		t.Fatal("no damaged file was reported")
	}
}

// TestCountLevel checks the eight-at-a-time count against a plain loop
// for every level value and lengths around the word size.
func TestCountLevel(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for n := range 40 {
		levels := make([]byte, n)
		for i := range levels {
			levels[i] = byte(r.IntN(4))
			if r.IntN(9) == 0 {
				levels[i] = byte(r.IntN(256))
			}
		}
		for level := range 256 {
			want := 0
			for _, l := range levels {
				if l == byte(level) {
					want++
				}
			}
			if got := countLevel(levels, byte(level)); got != want {
				t.Fatalf("countLevel(%v, %d) = %d, want %d", levels, level, got, want)
			}
		}
	}
}

// TestReadParquetOptionsValuePrecedence covers the entries the column
// reader reads int_value for first: a string_value in the same entry
// still decides the value, and a transaction_id param is read only for
// rows without ecommerce.transaction_id, in plain and dictionary pages.
func TestReadParquetOptionsValuePrecedence(t *testing.T) {
	both := func(key, s string, n int64) parquetParam {
		return parquetParam{Key: ptr(key), Value: &parquetValue{StringValue: ptr(s), IntValue: ptr(n)}}
	}
	rows := []parquetOutRow{
		{EventName: ptr("purchase"), Ecommerce: &parquetEcommerce{TransactionID: ptr("T-col")}, EventParams: []parquetParam{
			both("ga_session_id", "17", 5), both("transaction_id", "T-param", 9),
		}},
		{EventName: ptr("purchase"), Ecommerce: &parquetEcommerce{TransactionID: ptr("")}, EventParams: []parquetParam{
			both("ga_session_id", "x17", 6), // an unparsable string still wins: no session id
			{Key: ptr("transaction_id"), Value: &parquetValue{IntValue: ptr(int64(42)), DoubleValue: ptr(1.5)}},
		}},
		{EventName: ptr("page_view"), EventParams: []parquetParam{
			{Key: ptr("ga_session_id"), Value: &parquetValue{IntValue: ptr(int64(7)), FloatValue: ptr(2.0)}},
			both("transaction_id", "", 3), // an empty string is the value
		}},
	}
	want := []Event{
		{Name: "purchase", SessionID: 17, HasSessionID: true, TransactionID: "T-col"},
		{Name: "purchase", TransactionID: "42"},
		{Name: "page_view", SessionID: 7, HasSessionID: true},
	}
	for _, cfg := range []parquetWriterConfig{{plain: true}, {pageVersion: 1}} {
		var buf bytes.Buffer
		w := newParquetWriter(&buf, cfg)
		for _, row := range rows {
			if err := w.writeRow(row); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		for _, keep := range []map[string]bool{{}, {"value": true}} {
			got := sameAsRows(t, t.Context(), "precedence.parquet", buf.Bytes(), ReadOptions{KeepParams: keep, Jobs: 1})
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%+v, keep %v: events (-want +got):\n%s", cfg, keep, diff)
			}
		}
	}
}
