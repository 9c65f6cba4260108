package gtmapitest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// recordingTB keeps the stand-in's complaints instead of failing the
// test, so a test can check that drift is caught.
type recordingTB struct {
	testing.TB
	mu   sync.Mutex
	errs []string
}

func (r *recordingTB) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func (r *recordingTB) complaints() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.errs
	r.errs = nil
	return out
}

func do(t *testing.T, method, url, body string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	var out map[string]any
	_ = json.Unmarshal(data, &out)
	return resp.StatusCode, out
}

func TestRequestsOffTheDiscoveryDocumentAreCaught(t *testing.T) {
	tb := &recordingTB{TB: t}
	s := New(tb, "1", "2")
	ws := s.URL + "/tagmanager/v2/" + s.WorkspacePath()
	tests := []struct {
		name, method, url, body, complaint string
	}{
		{"export enum spelling", http.MethodPost, ws + "/tags", `{"name":"x","type":"html","parameter":[{"type":"TEMPLATE","key":"html","value":"<p>"}]}`,
			`Tag.parameter[0].type: "TEMPLATE" is not one of the API's values`},
		{"unknown member", http.MethodPost, ws + "/triggers", `{"name":"x","type":"click","firingTriggerIds":["1"]}`,
			`Trigger: member "firingTriggerIds" is not in the API's schema`},
		{"wrong JSON type", http.MethodPost, ws + "/variables", `{"name":"x","type":"v","parameter":{"type":"template"}}`,
			`Variable.parameter: want an array`},
		{"unknown query parameter", http.MethodPut, ws + "/tags/5?fp=1", `{"name":"x","type":"html"}`,
			`tags.update: unknown query parameter "fp"`},
		{"no such method", http.MethodPatch, ws + "/tags/5", `{}`,
			`no method of the Tag Manager API v2 discovery document is PATCH`},
		{"body where none is taken", http.MethodDelete, ws + "/tags/5", `{"name":"x"}`,
			`tags.delete takes no request body`},
		{"enum in the query", http.MethodPost, ws + "/built_in_variables?type=PAGE_URL", ``,
			`parameter type="PAGE_URL" is not one of the API's values`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _ := do(t, tt.method, tt.url, tt.body)
			if code != http.StatusBadRequest {
				t.Errorf("status %d, want 400", code)
			}
			got := tb.complaints()
			if len(got) != 1 || !strings.Contains(got[0], tt.complaint) {
				t.Errorf("complaints %q, want one containing %q", got, tt.complaint)
			}
		})
	}
}

func TestPaginationFingerprintsAndReferences(t *testing.T) {
	s := New(t, "1", "2")
	ws := s.URL + "/tagmanager/v2/" + s.WorkspacePath()
	for i := range 5 {
		s.Add("triggers", map[string]any{"name": fmt.Sprintf("t%d", i), "type": "click"})
	}
	var names []string
	token := ""
	for pages := 0; ; pages++ {
		if pages > 5 {
			t.Fatal("pagination does not end")
		}
		url := ws + "/triggers"
		if token != "" {
			url += "?pageToken=" + token
		}
		code, out := do(t, http.MethodGet, url, "")
		if code != http.StatusOK {
			t.Fatalf("list: %d", code)
		}
		list, _ := out["trigger"].([]any)
		if len(list) > 2 {
			t.Errorf("page of %d, want at most 2", len(list))
		}
		for _, e := range list {
			names = append(names, e.(map[string]any)["name"].(string))
		}
		token, _ = out["nextPageToken"].(string)
		if token == "" {
			break
		}
	}
	if strings.Join(names, ",") != "t0,t1,t2,t3,t4" {
		t.Errorf("listed %v", names)
	}

	trig := s.Entities("triggers")[0]
	path := s.URL + "/tagmanager/v2/" + trig["path"].(string)
	if code, _ := do(t, http.MethodPut, path+"?fingerprint=1", `{"name":"t0","type":"linkClick"}`); code != http.StatusConflict {
		t.Errorf("stale fingerprint: status %d, want 409", code)
	}
	code, out := do(t, http.MethodPut, path+"?fingerprint="+trig["fingerprint"].(string), `{"name":"t0","type":"linkClick"}`)
	if code != http.StatusOK || out["fingerprint"] == trig["fingerprint"] {
		t.Errorf("update with the current fingerprint: status %d, fingerprint %v (was %v)", code, out["fingerprint"], trig["fingerprint"])
	}
	if code, _ := do(t, http.MethodPost, ws+"/tags", `{"name":"x","type":"html","firingTriggerId":["999"]}`); code != http.StatusBadRequest {
		t.Errorf("tag firing on a trigger that does not exist: status %d, want 400", code)
	}
	if code, _ := do(t, http.MethodPost, ws+"/triggers", `{"name":"t1","type":"click"}`); code != http.StatusBadRequest {
		t.Errorf("second trigger named t1: status %d, want 400", code)
	}
	s.Add("tags", map[string]any{"name": "dangling", "type": "html", "parameter": []any{map[string]any{"type": "template", "key": "html", "value": "{{Nope}}"}}})
	if got := s.Integrity(); len(got) != 1 || !strings.Contains(got[0], "{{Nope}} is not a variable") {
		t.Errorf("Integrity() = %q", got)
	}
}
