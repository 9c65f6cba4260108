package ga4export

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/tagspec/tagspec/internal/cpuclock"
	"github.com/tagspec/tagspec/internal/fuzzbudget"
)

// readJSONReference reads NDJSON or a JSON array with the generic decoder
// alone: what the NDJSON scanner must agree with.
func readJSONReference(ctx context.Context, name string, r io.Reader, opts ReadOptions, fn func(*Event) error) error {
	br, first, err := openJSON(name, r)
	if err != nil || first == 0 {
		return err
	}
	return readJSONRows(ctx, name, br, first, &opts, fn)
}

type readResult struct {
	events []Event
	err    error
}

func collectRead(read func(fn func(*Event) error) error) readResult {
	var r readResult
	r.err = read(func(e *Event) error {
		c := *e
		c.Params = append([]Param(nil), e.Params...)
		r.events = append(r.events, c)
		return nil
	})
	return r
}

// rowOfError is the "row N" part of a read error, which both readers must
// agree on. The wording after it may differ, and so may the byte offset of
// a row that does not start with a value ("{} ,0": the reference names the
// end of the row before, the scanner the comma).
var rowOfError = regexp.MustCompile(`row \d+ `)

// compareReaders reads data with the reference and with the scanner
// (blocks of blockSize bytes, on jobs goroutines) and fails on any
// difference in the events passed or in the failing row.
func compareReaders(t *testing.T, data []byte, opts ReadOptions, blockSize int) {
	t.Helper()
	defer func(old int) { jsonBlockBytes = old }(jsonBlockBytes)
	jsonBlockBytes = blockSize
	want := collectRead(func(fn func(*Event) error) error {
		return readJSONReference(t.Context(), "f.json", bytes.NewReader(data), opts, fn)
	})
	got := collectRead(func(fn func(*Event) error) error {
		return ReadJSONOptions(t.Context(), "f.json", bytes.NewReader(data), opts, fn)
	})
	if diff := cmp.Diff(want.events, got.events, cmpopts.EquateEmpty(), cmpopts.EquateNaNs()); diff != "" {
		t.Fatalf("input %q, blocks of %d, jobs %d: events differ (-reference +scanner):\n%s\nreference error: %v\nscanner error: %v", data, blockSize, opts.Jobs, diff, want.err, got.err)
	}
	if (want.err == nil) != (got.err == nil) {
		t.Fatalf("input %q, blocks of %d, jobs %d:\nreference error: %v\nscanner error:   %v", data, blockSize, opts.Jobs, want.err, got.err)
	}
	if want.err != nil {
		w, g := rowOfError.FindString(want.err.Error()), rowOfError.FindString(got.err.Error())
		if w != g {
			t.Fatalf("input %q, blocks of %d, jobs %d: errors at different rows:\nreference: %v\nscanner:   %v", data, blockSize, opts.Jobs, want.err, got.err)
		}
	}
}

// scannerCases are rows at the edges of the export format and of JSON:
// duplicate keys, nulls, escapes, invalid UTF-8, values of the wrong type,
// rows over several lines, several rows on one line.
var scannerCases = []string{
	exportLines,
	`{"event_params":[{"key":"a"}],"event_params":[{"key":"b"}]}`,
	`{"event_params":[{"key":"a","value":{"int_value":"1"},"value":{"string_value":"x"}}]}`,
	`{"event_params":[{"key":"ga_session_id","value":{"int_value":"1"},"value":null,"value":{"float_value":2}}]}`,
	`{"event_params":[{"value":{"int_value":"7"},"key":"ga_session_id"}]}`,
	`{"event_params":[{"key":"ga_session_id","value":{"string_value":"12"}},{"key":"ga_session_id","value":{"int_value":"13"}}]}`,
	`{"event_params":[{"key":"transaction_id","value":{"double_value":1.5}}],"ecommerce":{"transaction_id":""}}`,
	`{"ecommerce":{"transaction_id":"t"},"ecommerce":{"x":1}}`,
	`{"ecommerce":{"transaction_id":"t"},"ecommerce":null}`,
	`{"ecommerce":{"transaction_id":"t"},"ecommerce":{"transaction_id":null}}`,
	"{\"event_name\":\"x\"}\nnull\n{\"event_name\":\"y\"}",
	`{"event_name":"a\ud800b"}`,
	"{\"event_name\":\"a\xffb\"}",
	`{"event_name":"a\u00e9\n\t\"\\\/"}`,
	`{"event_name":"日本"}`,
	`{"event_params":[null,{"key":null},{"key":"k","value":null}]}`,
	`{"event_timestamp":"+12"}`,
	`{"event_timestamp":"1e3"}`,
	`{"event_timestamp":1.5}`,
	`{"event_timestamp":-0}`,
	`{"event_timestamp":"0x10"}`,
	`{"event_timestamp":"1_0"}`,
	`{"event_timestamp":" 1"}`,
	`{"event_timestamp":null}`,
	`{"event_timestamp":{"a":1}}`,
	`{"Event_Name":"x"}`,
	`{"event\u005fname":"x","event_params":[{"k\u0065y":"ga_session_id","value":{"int\u005fvalue":5}}]}`,
	`{"event_name":"x"} {"event_name":"y"}{"event_name":"z"}`,
	"{\"event_name\":\"x\"}\n{\n\"event_name\":\n\"y\"}\n{\"event_name\":\"z\"}\n",
	`{"event_params":{}}`,
	`{"event_name":5}`,
	`{"event_name":"x"}` + "\n" + `[1]`,
	`{"event_name":"x"}` + "\n" + `12`,
	`{"event_name":"x"}` + "\n" + `{"event_name":"scr`,
	`{"event_name":"x","a":[1,2,{"b":[true,false,null,-1.5e+3,"s"]}],"c":{}}`,
	`{"a":tru}`,
	`{"a":01}`,
	`{"a":1.}`,
	`{"a":-}`,
	`{"a":1e}`,
	`{"a":"\x"}`,
	`{"a":"\u12"}`,
	"{\"a\":\"\x01\"}",
	`{"a":1,}`,
	`{"a" 1}`,
	`{,}`,
	`{"event_name":"x"}}`,
	`{"event_params":[{"key":"k","value":{"int_value":"abc"}}]}`,
	`{"event_params":[{"key":"k","value":{"float_value":"1.5"}}]}`,
	`{"event_params":[{"key":"k","value":"v"}]}`,
	`{"event_params":[1]}`,
	"\xef\xbb\xbf" + `{"event_name":"bom"}`,
	"  \n\n" + `{"event_name":"x"}` + "\n\n   \n",
	`[{"event_name":"a"},{"event_name":"b"}]`,
	`{"traffic_source":{"name":"x","medium":"cpc","source":"google"},"geo":{"city":"Lyon","country":"France"},"device":{"category":"mobile","browser":null}}`,
	`{"geo":{"country":"A"},"geo":{"city":"x"}}`,
	`{"geo":{"country":"A"},"geo":null}`,
	`{"traffic_source":{"source":null,"medium":"m"},"traffic_source":{"source":"s"}}`,
	`{"geo":{"country":"Fran\u00e7e\n"},"device":{"category":"tab\"let"}}`,
	`{"geo":5}`,
	`{"device":[]}`,
	`{"device":{"category":7}}`,
	`{"traffic_source":{"medium":{"a":1}}}`,
	`{"traffic_source":"google"}`,
	// Params at the edges of the shape paramFast reads, and values at the
	// edges of skipFast: each must decode, or fail, as the reference does.
	`{"event_params":[{"key":"ga_session_id","value":{"int_value":"123456789012345678"}}]}`,
	`{"event_params":[{"key":"ga_session_id","value":{"int_value":"1234567890123456789"}}]}`,
	`{"event_params":[{"key":"ga_session_id","value":{"int_value":"99999999999999999999"}}]}`,
	`{"event_params":[{"key":"ga_session_id","value":{"int_value":"-"}}]}`,
	`{"event_params":[{"key":"ga_session_id","value":{"int_value":"-12"}},{"key":"k","value":{"int_value":""}}]}`,
	`{"event_params":[{"key":"ga_session_id","value":{"int_value":"007"}},{"key":"k","value":{"int_value":12}}]}`,
	`{"event_params":[{"key":"transaction_id","value":{"string_value":""}},{"key":"k","value":{"string_value":"a\"b"}}]}`,
	`{"event_params":[{"key":"transaction_id","value":{"string_value":null}}]}`,
	`{"event_params":[{"key":"transaction_id","value":{"double_value":"2.5"}},{"key":"k","value":{"float_value":1e400}}]}`,
	`{"event_params":[{"key":"transaction_id","value":{"float_value":-0.5e-3}},{"key":"k","value":{"double_value":01}}]}`,
	`{"event_params":[{"key":"k\u0065","value":{"int_value":"1"}},{"key":"ké","value":{"int_value":"1"}}]}`,
	`{"event_params":[{"key":"k","value":{"int_value":"1","string_value":"x"}},{"key":"k","value":{"int_value":"1"} }]}`,
	`{"event_params":[{"key":"k","value":{"int_value":"1"}} , {"key":"k","value":{"x_value":"1"}}]}`,
	`{"event_params":[{"key":"ga_session_id","value":{"string_value":null,"int_value":"5","float_value":null,"double_value":null}}]}`,
	`{"event_params":[{"key":"transaction_id","value":{"string_value":"x","string_value":null,"double_value":null,"float_value":2.5}}]}`,
	`{"event_params":[{"key":"ga_session_id","value":{}},{"key":"transaction_id","value":{"int_value":null}}]}`,
	`{"event_params":[{"key":"ga_session_id","value":{"int_value":"1",}}]}`,
	`{"event_params":[{"key":"ga_session_id","value":{"int_value":nul}}]}`,
	`{"event_params":[{"key":"ga_session_id","value":{"int_value":null,"string_value":nullx}}]}`,
	`{"event_params":[{"key":"ga_session_id","value":{"int_value":"1","int_value":"2"}}]}`,
	`{"event_params":[{"key":"ga_session_id","value":{"int_value":"1"}` + "\n" + `}]}`,
	`{"event_params":[{"key":"k","value":{"int_value":"1"}}]` + "\n",
	`{"event_params":[{"key":"k","value":{"int_value":"1`,
	`{"event_params":[{"key":"k","value":{"string_value":"a` + "\x01" + `"}}]}`,
	`{"a":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]],"event_name":"deep"}`,
	`{"a":[1,[2,{"b" : "c\u00e9\/"} ],{ }, [ ] ,"é",true,false,null,0,-0.5,1E+2],"event_name":"after"}`,
	`{"a":{"b":"x",}}`,
	`{"a":{"b" "x"}}`,
	`{"a":[1 2]}`,
	`{"a":{"b":1]}`,
	`{"a":[tru]}`,
	`{"a":[nul,1]}`,
	`{"a":{"b":"\q"}}`,
	`{"a":{"b":"\u12g4"}}`,
	`{"a":{"b":-01}}`,
	`{"a":{"b":1.e3}}`,
	`{"a":{1:2}}`,
	`{"a":[1,]}`,
	`{"a":"abcdefghijklmnopqrstuvwxyz0123456789` + "\t" + `"}`,
}

func TestScannerMatchesReference(t *testing.T) {
	keepNone := ReadOptions{KeepParams: map[string]bool{}}
	keepOne := ReadOptions{KeepParams: map[string]bool{"page_location": true, "k": true}}
	for i, in := range scannerCases {
		for _, opts := range []ReadOptions{{Jobs: 1}, {Jobs: 3}, keepNone, keepOne, {Jobs: 2, Dimensions: true}, {KeepParams: map[string]bool{}, Dimensions: true}} {
			for _, size := range []int{1 << 20, 64, 7, 1} {
				t.Run(fmt.Sprintf("%d/jobs%d/keep%d/dims%v/block%d", i, opts.Jobs, len(opts.KeepParams), opts.Dimensions, size), func(t *testing.T) {
					compareReaders(t, []byte(in), opts, size)
				})
			}
		}
	}
}

// TestScannerLongInput reads an export of many rows in small blocks on
// several goroutines: rows arrive complete and in order.
func TestScannerLongInput(t *testing.T) {
	var b strings.Builder
	for i := range 5000 {
		fmt.Fprintf(&b, `{"event_date":"20250301","event_timestamp":"%d","event_name":"e%d","user_pseudo_id":"u%d","event_params":[{"key":"ga_session_id","value":{"int_value":"%d"}},{"key":"page_location","value":{"string_value":"https://example.com/%d"}}],"device":{"category":"mobile"}}`+"\n", i, i%7, i%50, i/10, i)
		if i%100 == 0 {
			b.WriteString(`{"event_name":` + "\n" + `"split", "event_timestamp": 1}` + "\n")
		}
	}
	for _, size := range []int{1 << 20, 4096, 333} {
		for _, jobs := range []int{1, 2, 4} {
			compareReaders(t, []byte(b.String()), ReadOptions{Jobs: jobs}, size)
			compareReaders(t, []byte(b.String()), ReadOptions{Jobs: jobs, Dimensions: true}, size)
		}
	}
}

// TestScannerStopsOnCallbackError checks that an error from fn ends the
// read at once and is returned as it is.
func TestScannerStopsOnCallbackError(t *testing.T) {
	stop := fmt.Errorf("enough")
	n := 0
	err := ReadJSONOptions(t.Context(), "f.json", strings.NewReader(strings.Repeat(`{"event_name":"x"}`+"\n", 10000)), ReadOptions{Jobs: 2}, func(*Event) error {
		n++
		if n == 10 {
			return stop
		}
		return nil
	})
	if err != stop || n != 10 {
		t.Fatalf("err %v after %d rows, want %v after 10", err, n, stop)
	}
}

// FuzzJSONScanner holds the NDJSON scanner to the generic decoder: the same
// events and the same failing row for any input, in any block size and on
// one goroutine or several.
func FuzzJSONScanner(f *testing.F) {
	for _, c := range scannerCases {
		f.Add([]byte(c), uint8(0))
	}
	f.Fuzz(func(t *testing.T, data []byte, mode uint8) {
		fuzzbudget.Run(t, data, func() {
			opts := ReadOptions{Jobs: 1 + int(mode%3)}
			if mode&4 != 0 {
				opts.KeepParams = map[string]bool{"k": true}
			}
			opts.Dimensions = mode&8 != 0 && mode&1 != 0
			size := 1 << 20
			if mode&8 != 0 {
				size = 1 + int(mode>>4)
			}
			compareReaders(t, data, opts, size)
		})
	})
}

// wideColumns are the columns of a real export row that tagspec does not
// read (device, geo, traffic source, items, ...), about 1.7 KB of the ~2 KB
// a GA4 export row takes in NDJSON.
const wideColumns = `"event_previous_timestamp":"1740787100000000","event_value_in_usd":null,"event_bundle_sequence_id":"1234567","event_server_timestamp_offset":"853","user_id":null,"privacy_info":{"analytics_storage":"Yes","ads_storage":"Yes","uses_transient_token":"No"},"user_properties":[],"user_first_touch_timestamp":"1739000000000000","user_ltv":{"revenue":12.5,"currency":"USD"},"device":{"category":"desktop","mobile_brand_name":"Apple","mobile_model_name":"Safari","mobile_marketing_name":null,"mobile_os_hardware_model":null,"operating_system":"Macintosh","operating_system_version":"Macintosh Intel 10.15","vendor_id":null,"advertising_id":null,"language":"en-us","is_limited_ad_tracking":"No","time_zone_offset_seconds":null,"browser":null,"browser_version":null,"web_info":{"browser":"Safari","browser_version":"17.2","hostname":"www.example.com"}},"geo":{"city":"San Francisco","country":"United States","continent":"Americas","region":"California","sub_continent":"Northern America","metro":"(not set)"},"app_info":null,"traffic_source":{"name":"spring_sale","medium":"email","source":"newsletter"},"stream_id":"1234567890","platform":"WEB","event_dimensions":null,"collected_traffic_source":{"manual_campaign_id":null,"manual_campaign_name":"spring_sale","manual_source":"newsletter","manual_medium":"email","manual_term":null,"manual_content":"hero \"button\"","gclid":null,"dclid":null,"srsltid":null},"is_active_user":true,"batch_event_index":"2","batch_page_id":"1740787190123","batch_ordering_id":"5","session_traffic_source_last_click":{"manual_campaign":{"campaign_id":null,"campaign_name":"spring_sale","source":"newsletter","medium":"email","term":null,"content":null,"source_platform":"Manual"},"google_ads_campaign":null},"publisher":null,"items":[{"item_id":"SKU_12345","item_name":"Stan and Friends Tee","item_brand":"Google","item_variant":"green","item_category":"Apparel","price_in_usd":22.5,"price":22.5,"quantity":"1","item_revenue_in_usd":null,"item_list_index":"1","promotion_name":null,"item_params":[]}]`

// wideExport is rows of benchRows written as NDJSON with wideColumns
// added to each.
func wideExport(b *testing.B, n int) []byte {
	rows := benchRows(n)
	var buf bytes.Buffer
	w := NewJSONWriter(&buf)
	for i := range rows {
		if err := w.Write(&rows[i]); err != nil {
			b.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	return bytes.ReplaceAll(buf.Bytes(), []byte("}\n"), []byte(","+wideColumns+"}\n"))
}

// omitNulls drops the null value fields of JSONWriter's params, giving the
// shape bq extract writes ({"int_value":"5"} alone).
func omitNulls(data []byte) []byte {
	for _, f := range []string{`,"int_value":null`, `,"float_value":null`, `,"double_value":null`} {
		data = bytes.ReplaceAll(data, []byte(f), nil)
	}
	return bytes.ReplaceAll(data, []byte(`"string_value":null,`), nil)
}

// BenchmarkJSONEngines compares the generic decoder with the scanner on
// rows as wide as a real export's, on one goroutine and on two, keeping
// every param or none (what the benchmark asks for), with the value
// fields of params spelled out as nulls (JSONWriter) or left out (bq
// extract).
func BenchmarkJSONEngines(b *testing.B) {
	data := wideExport(b, 20000)
	omitted := omitNulls(data)
	none := map[string]bool{}
	for _, e := range []struct {
		name string
		read func([]byte) error
		in   []byte // nil: data
	}{
		{"reference", func(d []byte) error {
			return readJSONReference(b.Context(), "b.json", bytes.NewReader(d), ReadOptions{}, func(*Event) error { return nil })
		}, nil},
		{"scanner-jobs1", func(d []byte) error {
			return ReadJSONOptions(b.Context(), "b.json", bytes.NewReader(d), ReadOptions{Jobs: 1}, func(*Event) error { return nil })
		}, nil},
		{"scanner-jobs1-keepnone", func(d []byte) error {
			return ReadJSONOptions(b.Context(), "b.json", bytes.NewReader(d), ReadOptions{Jobs: 1, KeepParams: none}, func(*Event) error { return nil })
		}, nil},
		{"scanner-jobs2-keepnone", func(d []byte) error {
			return ReadJSONOptions(b.Context(), "b.json", bytes.NewReader(d), ReadOptions{Jobs: 2, KeepParams: none}, func(*Event) error { return nil })
		}, nil},
		{"scanner-jobs1-keepnone-nullsomitted", func(d []byte) error {
			return ReadJSONOptions(b.Context(), "b.json", bytes.NewReader(d), ReadOptions{Jobs: 1, KeepParams: none}, func(*Event) error { return nil })
		}, omitted},
	} {
		in := e.in
		if in == nil {
			in = data
		}
		b.Run(e.name, func(b *testing.B) {
			b.SetBytes(int64(len(in)))
			b.ReportAllocs()
			cpu0 := cpuclock.Now().Seconds()
			for b.Loop() {
				if err := e.read(in); err != nil {
					b.Fatal(err)
				}
			}
			reportMetrics(b, 20000, cpu0)
			b.ReportMetric(float64(20000*b.N)/(cpuclock.Now().Seconds()-cpu0), "rows/cpu-s")
		})
	}
}
