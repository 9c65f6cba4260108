// Package gtmapitest is a stand-in for the Tag Manager API v2 for tests:
// an HTTP server with a real workspace model (entities, IDs, fingerprints,
// pagination, versions, the live version) that checks every request it
// receives against the API's discovery document, as shipped in
// google.golang.org/api/tagmanager/v2, and can answer with 429 storms.
package gtmapitest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/tagspec/tagspec/templates"
)

// Kinds of workspace entity the server keeps, with the member that holds
// each one's ID and the member that lists them in a list response.
var kinds = map[string]struct{ idKey, listKey string }{
	"tags":      {"tagId", "tag"},
	"triggers":  {"triggerId", "trigger"},
	"variables": {"variableId", "variable"},
	"folders":   {"folderId", "folder"},
}

// Request is one request the server answered (429s included), in the
// shape kept in golden files.
type Request struct {
	MethodID string // e.g. tagmanager.accounts.containers.workspaces.tags.create
	Method   string
	Path     string
	Query    string // sorted, without the client's alt and prettyPrint
	Body     []byte // indented JSON, or nil
	Status   int
}

// Server is a stateful Tag Manager API v2 stand-in for one container.
type Server struct {
	*httptest.Server
	Account, Container string

	t    testing.TB
	disc *discovery

	mu         sync.Mutex
	nextID     int
	fp         int64
	workspaces []*workspace
	versions   []map[string]any
	liveID     string
	requests   []Request
	storm      int
	stormAfter string
	// PageSize is how many entities a list page holds (2 by default, so
	// that every list of a test is paginated).
	PageSize int
	// OnRequest, when set, runs before each request is handled (under no
	// lock): tests use it to edit the workspace as another user would.
	OnRequest func(r Request)
}

type workspace struct {
	id, name string
	entities map[string][]map[string]any // by kind
	builtIns []map[string]any
}

// New starts a server for container C of account A with one workspace,
// "Default Workspace" (ID 3). It is closed when the test ends. Every
// request that does not follow the discovery document fails the test.
func New(t testing.TB, account, container string) *Server {
	t.Helper()
	d, err := loadDiscovery()
	if err != nil {
		t.Fatalf("gtmapitest: %v", err)
	}
	s := &Server{Account: account, Container: container, t: t, disc: d, nextID: 10, fp: 1767225600000, PageSize: 2}
	s.workspaces = []*workspace{{id: "3", name: "Default Workspace", entities: map[string][]map[string]any{}}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

// WorkspacePath is the path of the current default workspace.
func (s *Server) WorkspacePath() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.wsPath(s.workspaces[0])
}

func (s *Server) containerPath() string {
	return "accounts/" + s.Account + "/containers/" + s.Container
}

func (s *Server) wsPath(w *workspace) string { return s.containerPath() + "/workspaces/" + w.id }

// Storm makes the next n requests fail with 429 RESOURCE_EXHAUSTED;
// retryAfter, when not empty, is sent as the Retry-After header.
func (s *Server) Storm(n int, retryAfter string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.storm, s.stormAfter = n, retryAfter
}

// Requests returns the requests answered so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.requests)
}

// ResetRequests forgets the requests answered so far.
func (s *Server) ResetRequests() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = nil
}

// Add stores an entity of kind (tags, triggers, variables, folders) in
// the default workspace as if someone had created it in GTM's UI, and
// returns its ID.
func (s *Server) Add(kind string, e map[string]any) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	w := s.workspaces[0]
	return s.store(w, kind, clone(e))
}

// Entities returns copies of the default workspace's entities of kind.
func (s *Server) Entities(kind string) []map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []map[string]any
	for _, e := range s.workspaces[0].entities[kind] {
		out = append(out, clone(e))
	}
	return out
}

// Edit changes the entity of kind named name as another GTM user would:
// edit runs on it and its fingerprint changes. It reports whether the
// entity was found.
func (s *Server) Edit(kind, name string, edit func(e map[string]any)) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, e := range s.workspaces[0].entities[kind] {
		if e["name"] == name {
			edit(e)
			e["fingerprint"] = s.fingerprint()
			return true
		}
	}
	return false
}

// Live returns the published version, or nil.
func (s *Server) Live() map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, v := range s.versions {
		if v["containerVersionId"] == s.liveID {
			return clone(v)
		}
	}
	return nil
}

func (s *Server) fingerprint() string {
	s.fp += 1000
	return strconv.FormatInt(s.fp, 10)
}

func (s *Server) store(w *workspace, kind string, e map[string]any) string {
	s.nextID++
	id := strconv.Itoa(s.nextID)
	e[kinds[kind].idKey] = id
	e["accountId"], e["containerId"], e["workspaceId"] = s.Account, s.Container, w.id
	e["path"] = s.wsPath(w) + "/" + kind + "/" + id
	e["fingerprint"] = s.fingerprint()
	e["tagManagerUrl"] = "https://tagmanager.google.com/#/container/" + s.wsPath(w) + "/" + kind + "/" + id + "?apiLink=" + strings.TrimSuffix(kind, "s")
	w.entities[kind] = append(w.entities[kind], e)
	return id
}

func clone(m map[string]any) map[string]any {
	data, _ := json.Marshal(m)
	var out map[string]any
	_ = json.Unmarshal(data, &out)
	return out
}

// apiError writes an error body in the API's JSON error format.
func apiError(w http.ResponseWriter, code int, status, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{
		"code": code, "message": msg, "status": status,
		"errors": []any{map[string]any{"message": msg, "domain": "global", "reason": strings.ToLower(status[:1]) + status[1:]}},
	}})
}

func reply(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	if v == nil {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	json.NewEncoder(w).Encode(v)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	q := r.URL.Query()
	req := Request{Method: r.Method, Path: r.URL.Path}
	{
		qq := r.URL.Query()
		qq.Del("alt")
		qq.Del("prettyPrint")
		req.Query = qq.Encode()
	}
	if len(bytes.TrimSpace(body)) > 0 {
		var buf bytes.Buffer
		if json.Indent(&buf, bytes.TrimSpace(body), "", "  ") == nil {
			req.Body = buf.Bytes()
		} else {
			req.Body = body
		}
	}
	const prefix = "/tagmanager/v2"
	m, vars, err := s.disc.match(r.Method, strings.TrimPrefix(r.URL.Path, ""), q)
	if err == nil && !strings.HasPrefix(r.URL.Path, prefix+"/") {
		err = fmt.Errorf("path %s does not start with %s/", r.URL.Path, prefix)
	}
	if err == nil && m.Request != "" {
		var v any
		if err = json.Unmarshal(body, &v); err == nil {
			err = s.disc.validate(v, &schema{Ref: m.Request}, m.Request)
		} else {
			err = fmt.Errorf("%s: request body is not JSON: %v", m.ID, err)
		}
	}
	if err == nil && m.Request == "" && len(bytes.TrimSpace(body)) > 0 {
		err = fmt.Errorf("%s takes no request body, got %d bytes", m.ID, len(body))
	}
	if err != nil {
		s.t.Errorf("gtmapitest: request does not follow the discovery document: %v", err)
		req.Status = http.StatusBadRequest
		s.record(req)
		apiError(w, http.StatusBadRequest, "INVALID_ARGUMENT", err.Error())
		return
	}
	req.MethodID = m.ID
	if s.OnRequest != nil {
		s.OnRequest(req)
	}
	s.mu.Lock()
	if s.storm > 0 {
		s.storm--
		if s.stormAfter != "" {
			w.Header().Set("Retry-After", s.stormAfter)
		}
		req.Status = http.StatusTooManyRequests
		s.requests = append(s.requests, req)
		s.mu.Unlock()
		apiError(w, http.StatusTooManyRequests, "RESOURCE_EXHAUSTED", "Quota exceeded for quota metric 'Queries' of service 'tagmanager.googleapis.com'")
		return
	}
	code, status, msg, out := s.handle(m.ID, vars, q, body)
	req.Status = code
	s.requests = append(s.requests, req)
	s.mu.Unlock()
	if code != http.StatusOK {
		apiError(w, code, status, msg)
		return
	}
	reply(w, out)
}

func (s *Server) record(r Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, r)
}

func (s *Server) workspace(vars map[string]string) *workspace {
	if vars["accountsId"] != s.Account || vars["containersId"] != s.Container {
		return nil
	}
	for _, w := range s.workspaces {
		if w.id == vars["workspacesId"] {
			return w
		}
	}
	return nil
}

// handle runs one checked request under s.mu and returns the HTTP
// status, error status and message, and the response body.
func (s *Server) handle(id string, vars map[string]string, q map[string][]string, body []byte) (int, string, string, any) {
	notFound := func(what string) (int, string, string, any) {
		return http.StatusNotFound, "NOT_FOUND", what + " not found", nil
	}
	if vars["accountsId"] != s.Account || vars["containersId"] != s.Container {
		return notFound("container accounts/" + vars["accountsId"] + "/containers/" + vars["containersId"])
	}
	parts := strings.Split(strings.TrimPrefix(id, "tagmanager.accounts.containers."), ".")
	switch strings.Join(parts, ".") {
	case "get":
		return http.StatusOK, "", "", map[string]any{
			"path": s.containerPath(), "accountId": s.Account, "containerId": s.Container,
			"name": "tagspec test container", "publicId": "GTM-TEST123", "usageContext": []any{"web"},
			"fingerprint": "1767225600000", "tagManagerUrl": "https://tagmanager.google.com/#/container/" + s.containerPath() + "/workspaces?apiLink=container",
		}
	case "workspaces.list":
		var all []map[string]any
		for _, w := range s.workspaces {
			all = append(all, map[string]any{"path": s.wsPath(w), "accountId": s.Account, "containerId": s.Container, "workspaceId": w.id, "name": w.name, "fingerprint": "1"})
		}
		return s.page(q, "workspace", all)
	case "versions.live":
		if v := s.liveLocked(); v != nil {
			return http.StatusOK, "", "", v
		}
		return notFound("live version")
	case "versions.publish":
		for _, v := range s.versions {
			if v["containerVersionId"] == vars["versionsId"] {
				if fp := first(q["fingerprint"]); fp != "" && fp != v["fingerprint"] {
					return http.StatusConflict, "ABORTED", "Fingerprint mismatch", nil
				}
				s.liveID = vars["versionsId"]
				return http.StatusOK, "", "", map[string]any{"containerVersion": v, "compilerError": false}
			}
		}
		return notFound("version " + vars["versionsId"])
	}
	w := s.workspace(vars)
	if w == nil {
		return notFound("workspace " + vars["workspacesId"])
	}
	switch parts[1] {
	case "create_version":
		var opts struct{ Name, Notes string }
		_ = json.Unmarshal(body, &opts)
		if problems := s.integrity(w); len(problems) > 0 {
			return http.StatusOK, "", "", map[string]any{"compilerError": true, "syncStatus": map[string]any{"syncError": true}}
		}
		vid := strconv.Itoa(len(s.versions) + 1)
		v := map[string]any{
			"path": s.containerPath() + "/versions/" + vid, "accountId": s.Account, "containerId": s.Container,
			"containerVersionId": vid, "name": opts.Name, "description": opts.Notes, "fingerprint": s.fingerprint(),
			"container": map[string]any{"path": s.containerPath(), "accountId": s.Account, "containerId": s.Container, "name": "tagspec test container", "publicId": "GTM-TEST123", "usageContext": []any{"web"}},
		}
		for kind, k := range kinds {
			var list []any
			for _, e := range w.entities[kind] {
				c := clone(e)
				delete(c, "workspaceId")
				list = append(list, c)
			}
			if list != nil {
				v[k.listKey] = list
			}
		}
		if len(w.builtIns) > 0 {
			var list []any
			for _, b := range w.builtIns {
				list = append(list, clone(b))
			}
			v["builtInVariable"] = list
		}
		s.versions = append(s.versions, v)
		// As GTM does: the workspace becomes the version, and a new
		// default workspace starts from it.
		s.nextID++
		nw := &workspace{id: strconv.Itoa(s.nextID), name: "Default Workspace", entities: map[string][]map[string]any{}}
		for kind, list := range w.entities {
			for _, e := range list {
				c := clone(e)
				c["workspaceId"] = nw.id
				c["path"] = strings.Replace(c["path"].(string), "/workspaces/"+w.id+"/", "/workspaces/"+nw.id+"/", 1)
				nw.entities[kind] = append(nw.entities[kind], c)
			}
		}
		for _, b := range w.builtIns {
			c := clone(b)
			c["workspaceId"] = nw.id
			nw.builtIns = append(nw.builtIns, c)
		}
		s.workspaces = slices.DeleteFunc(s.workspaces, func(x *workspace) bool { return x == w })
		s.workspaces = append([]*workspace{nw}, s.workspaces...)
		return http.StatusOK, "", "", map[string]any{"containerVersion": v, "newWorkspacePath": s.wsPath(nw), "compilerError": false}
	case "built_in_variables":
		switch parts[2] {
		case "list":
			return s.page(q, "builtInVariable", w.builtIns)
		case "create":
			var created []any
			for _, typ := range q["type"] {
				exportType := exportEnum(typ)
				name, ok := templates.BuiltInName(exportType)
				if !ok {
					return http.StatusBadRequest, "INVALID_ARGUMENT", "built-in variable type " + typ + " is not known to this stand-in", nil
				}
				if slices.ContainsFunc(w.builtIns, func(b map[string]any) bool { return b["type"] == typ }) {
					continue
				}
				b := map[string]any{"accountId": s.Account, "containerId": s.Container, "workspaceId": w.id,
					"path": s.wsPath(w) + "/built_in_variables", "type": typ, "name": name}
				w.builtIns = append(w.builtIns, b)
				created = append(created, b)
			}
			return http.StatusOK, "", "", map[string]any{"builtInVariable": created}
		}
	}
	kind := parts[1]
	k, ok := kinds[kind]
	if !ok {
		return http.StatusNotImplemented, "UNIMPLEMENTED", id + " is in the discovery document but not in this stand-in", nil
	}
	find := func() int {
		return slices.IndexFunc(w.entities[kind], func(e map[string]any) bool { return e[k.idKey] == vars[kind+"Id"] })
	}
	switch parts[2] {
	case "list":
		return s.page(q, k.listKey, w.entities[kind])
	case "get":
		if i := find(); i >= 0 {
			return http.StatusOK, "", "", w.entities[kind][i]
		}
		return notFound(kind + " " + vars[kind+"Id"])
	case "delete":
		i := find()
		if i < 0 {
			return notFound(kind + " " + vars[kind+"Id"])
		}
		w.entities[kind] = slices.Delete(w.entities[kind], i, i+1)
		return http.StatusOK, "", "", nil
	case "create", "update":
		var e map[string]any
		if err := json.Unmarshal(body, &e); err != nil {
			return http.StatusBadRequest, "INVALID_ARGUMENT", err.Error(), nil
		}
		name, _ := e["name"].(string)
		if name == "" {
			return http.StatusBadRequest, "INVALID_ARGUMENT", "name is required", nil
		}
		i := -1
		if parts[2] == "update" {
			if i = find(); i < 0 {
				return notFound(kind + " " + vars[kind+"Id"])
			}
			if fp := first(q["fingerprint"]); fp != "" && fp != w.entities[kind][i]["fingerprint"] {
				return http.StatusConflict, "ABORTED", fmt.Sprintf("Fingerprint mismatch: %s has fingerprint %v, request has %s", w.entities[kind][i]["path"], w.entities[kind][i]["fingerprint"], fp), nil
			}
		}
		for j, o := range w.entities[kind] {
			if j != i && o["name"] == name {
				return http.StatusBadRequest, "INVALID_ARGUMENT", fmt.Sprintf("a %s named %q already exists", strings.TrimSuffix(kind, "s"), name), nil
			}
		}
		if msg := s.refsExist(w, e); msg != "" {
			return http.StatusBadRequest, "INVALID_ARGUMENT", msg, nil
		}
		if i < 0 {
			s.store(w, kind, e)
			return http.StatusOK, "", "", w.entities[kind][len(w.entities[kind])-1]
		}
		old := w.entities[kind][i]
		for _, key := range []string{k.idKey, "accountId", "containerId", "workspaceId", "path", "tagManagerUrl"} {
			e[key] = old[key]
		}
		e["fingerprint"] = s.fingerprint()
		w.entities[kind][i] = e
		return http.StatusOK, "", "", e
	}
	return http.StatusNotImplemented, "UNIMPLEMENTED", id + " is not in this stand-in", nil
}

func first(vs []string) string {
	if len(vs) == 0 {
		return ""
	}
	return vs[0]
}

func (s *Server) liveLocked() map[string]any {
	for _, v := range s.versions {
		if v["containerVersionId"] == s.liveID {
			return v
		}
	}
	return nil
}

// page returns one page of items under key, with nextPageToken when more
// follow. Page tokens are offsets.
func (s *Server) page(q map[string][]string, key string, items []map[string]any) (int, string, string, any) {
	off := 0
	if t := first(q["pageToken"]); t != "" {
		n, err := strconv.Atoi(t)
		if err != nil || n < 0 || n > len(items) {
			return http.StatusBadRequest, "INVALID_ARGUMENT", "invalid pageToken " + t, nil
		}
		off = n
	}
	size := max(s.PageSize, 1)
	end := min(off+size, len(items))
	out := map[string]any{}
	if end > off {
		list := make([]any, 0, end-off)
		for _, it := range items[off:end] {
			list = append(list, it)
		}
		out[key] = list
	}
	if end < len(items) {
		out["nextPageToken"] = strconv.Itoa(end)
	}
	return http.StatusOK, "", "", out
}

// refsExist checks an entity's trigger and folder references as GTM does
// on write.
func (s *Server) refsExist(w *workspace, e map[string]any) string {
	if f, ok := e["parentFolderId"].(string); ok && f != "" && !hasID(w.entities["folders"], "folderId", f) {
		return "parentFolderId " + f + " is not a folder of the workspace"
	}
	for _, key := range []string{"firingTriggerId", "blockingTriggerId"} {
		ids, _ := e[key].([]any)
		for _, id := range ids {
			sid, _ := id.(string)
			if !builtInTrigger(sid) && !hasID(w.entities["triggers"], "triggerId", sid) {
				return fmt.Sprintf("%s %s is not a trigger of the workspace", key, sid)
			}
		}
	}
	return ""
}

func builtInTrigger(id string) bool {
	n, err := strconv.ParseInt(id, 10, 64)
	return err == nil && n >= 2147479553
}

func hasID(list []map[string]any, key, id string) bool {
	return slices.ContainsFunc(list, func(e map[string]any) bool { return e[key] == id })
}

var varRef = regexp.MustCompile(`\{\{([^{}]+)\}\}`)

// Integrity lists every dangling reference of the default workspace: a
// tag's trigger or folder that does not exist, or a {{Name}} in any value
// that is neither a variable nor an enabled built-in variable. An empty
// list means the workspace would compile.
func (s *Server) Integrity() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.integrity(s.workspaces[0])
}

func (s *Server) integrity(w *workspace) []string {
	names := map[string]bool{"_event": true}
	for _, v := range w.entities["variables"] {
		names[v["name"].(string)] = true
	}
	for _, b := range w.builtIns {
		names[b["name"].(string)] = true
	}
	var problems []string
	for _, kind := range []string{"tags", "triggers", "variables", "folders"} {
		for _, e := range w.entities[kind] {
			if msg := s.refsExist(w, e); msg != "" {
				problems = append(problems, fmt.Sprintf("%s %q: %s", kind, e["name"], msg))
			}
			data, _ := json.Marshal(e)
			for _, m := range varRef.FindAllStringSubmatch(string(data), -1) {
				if !names[m[1]] {
					problems = append(problems, fmt.Sprintf("%s %q: {{%s}} is not a variable of the workspace", kind, e["name"], m[1]))
				}
			}
		}
	}
	slices.Sort(problems)
	return slices.Compact(problems)
}

// exportEnum turns pageUrl into PAGE_URL.
func exportEnum(s string) string {
	var b strings.Builder
	for i, r := range s {
		if r >= 'A' && r <= 'Z' && i > 0 {
			b.WriteByte('_')
		}
		b.WriteString(strings.ToUpper(string(r)))
	}
	return b.String()
}
