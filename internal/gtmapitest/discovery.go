package gtmapitest

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
)

// discovery is the part of the Tag Manager API v2 discovery document the
// server checks requests against: every method (path template, HTTP
// method, parameters, request schema) and every schema.
type discovery struct {
	methods []*method
	schemas map[string]*schema
	global  map[string]bool // standard query parameters (alt, prettyPrint, ...)
}

type method struct {
	ID         string
	HTTPMethod string
	FlatPath   string
	Params     map[string]param
	Request    string // schema name of the body, or ""
	re         *regexp.Regexp
	vars       []string
}

type param struct {
	Location string   `json:"location"`
	Required bool     `json:"required"`
	Repeated bool     `json:"repeated"`
	Enum     []string `json:"enum"`
}

type schema struct {
	Ref        string             `json:"$ref"`
	Type       string             `json:"type"`
	Format     string             `json:"format"`
	Enum       []string           `json:"enum"`
	Properties map[string]*schema `json:"properties"`
	Items      *schema            `json:"items"`
	Additional *schema            `json:"additionalProperties"`
}

var (
	discoveryOnce sync.Once
	discoveryDoc  *discovery
	discoveryErr  error
)

// DiscoveryPath returns the path of tagmanager-api.json in the module
// cache copy of google.golang.org/api that this module builds with.
func DiscoveryPath() (string, error) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "google.golang.org/api").Output()
	if err != nil {
		return "", fmt.Errorf("locating google.golang.org/api: %w", err)
	}
	return filepath.Join(strings.TrimSpace(string(out)), "tagmanager", "v2", "tagmanager-api.json"), nil
}

func loadDiscovery() (*discovery, error) {
	discoveryOnce.Do(func() {
		p, err := DiscoveryPath()
		if err != nil {
			discoveryErr = err
			return
		}
		data, err := os.ReadFile(p)
		if err != nil {
			discoveryErr = err
			return
		}
		discoveryDoc, discoveryErr = parseDiscovery(data)
	})
	return discoveryDoc, discoveryErr
}

func parseDiscovery(data []byte) (*discovery, error) {
	type rawMethod struct {
		ID         string           `json:"id"`
		HTTPMethod string           `json:"httpMethod"`
		FlatPath   string           `json:"flatPath"`
		Parameters map[string]param `json:"parameters"`
		Request    *schema          `json:"request"`
	}
	type rawResource struct {
		Methods   map[string]rawMethod    `json:"methods"`
		Resources map[string]*rawResource `json:"resources"`
	}
	var doc struct {
		Parameters map[string]param        `json:"parameters"`
		Schemas    map[string]*schema      `json:"schemas"`
		Resources  map[string]*rawResource `json:"resources"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("reading the discovery document: %w", err)
	}
	d := &discovery{schemas: doc.Schemas, global: map[string]bool{}}
	for k := range doc.Parameters {
		d.global[k] = true
	}
	var walk func(map[string]*rawResource)
	walk = func(rs map[string]*rawResource) {
		for _, r := range rs {
			for _, m := range r.Methods {
				mm := &method{ID: m.ID, HTTPMethod: m.HTTPMethod, FlatPath: m.FlatPath, Params: m.Parameters}
				if m.Request != nil {
					mm.Request = m.Request.Ref
				}
				// accounts/{accountsId}/containers/{containersId}:x -> regexp.
				var b strings.Builder
				b.WriteString("^/")
				rest := m.FlatPath
				for {
					i := strings.IndexByte(rest, '{')
					if i < 0 {
						b.WriteString(regexp.QuoteMeta(rest))
						break
					}
					j := strings.IndexByte(rest, '}')
					b.WriteString(regexp.QuoteMeta(rest[:i]))
					b.WriteString("([^/:]+)")
					mm.vars = append(mm.vars, rest[i+1:j])
					rest = rest[j+1:]
				}
				b.WriteString("$")
				mm.re = regexp.MustCompile(b.String())
				d.methods = append(d.methods, mm)
			}
			walk(r.Resources)
		}
	}
	walk(doc.Resources)
	slices.SortFunc(d.methods, func(a, b *method) int { return strings.Compare(a.ID, b.ID) })
	return d, nil
}

// match finds the method a request calls and checks its query
// parameters: every one known to the method or standard, every required
// query parameter present, no repeated value for a single parameter.
func (d *discovery) match(httpMethod, path string, query url.Values) (*method, map[string]string, error) {
	for _, m := range d.methods {
		if m.HTTPMethod != httpMethod {
			continue
		}
		sub := m.re.FindStringSubmatch(path)
		if sub == nil {
			continue
		}
		vars := map[string]string{}
		for i, v := range m.vars {
			vars[v] = sub[i+1]
		}
		for k, vs := range query {
			p, ok := m.Params[k]
			if !ok && !d.global[k] {
				return nil, nil, fmt.Errorf("%s: unknown query parameter %q", m.ID, k)
			}
			if ok && p.Location != "query" {
				return nil, nil, fmt.Errorf("%s: parameter %q belongs in the %s, not the query", m.ID, k, p.Location)
			}
			if ok && len(vs) > 1 && !p.Repeated {
				return nil, nil, fmt.Errorf("%s: parameter %q is not repeated but was given %d times", m.ID, k, len(vs))
			}
			for _, v := range vs {
				if ok && len(p.Enum) > 0 && !slices.Contains(p.Enum, v) {
					return nil, nil, fmt.Errorf("%s: parameter %s=%q is not one of the API's values", m.ID, k, v)
				}
			}
		}
		for k, p := range m.Params {
			if p.Required && p.Location == "query" && query.Get(k) == "" {
				return nil, nil, fmt.Errorf("%s: required query parameter %q missing", m.ID, k)
			}
		}
		return m, vars, nil
	}
	return nil, nil, fmt.Errorf("no method of the Tag Manager API v2 discovery document is %s %s", httpMethod, path)
}

// validate checks a decoded JSON value against a schema: known members
// only, the right JSON types, enum values from the enum.
func (d *discovery) validate(v any, s *schema, at string) error {
	if s.Ref != "" {
		ref, ok := d.schemas[s.Ref]
		if !ok {
			return fmt.Errorf("%s: unknown schema %q", at, s.Ref)
		}
		return d.validate(v, ref, at)
	}
	switch s.Type {
	case "object":
		m, ok := v.(map[string]any)
		if !ok {
			return fmt.Errorf("%s: want an object, got %T", at, v)
		}
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			ps := s.Properties[k]
			if ps == nil {
				ps = s.Additional
			}
			if ps == nil {
				return fmt.Errorf("%s: member %q is not in the API's schema", at, k)
			}
			if err := d.validate(m[k], ps, at+"."+k); err != nil {
				return err
			}
		}
	case "array":
		a, ok := v.([]any)
		if !ok {
			return fmt.Errorf("%s: want an array, got %T", at, v)
		}
		for i, x := range a {
			if err := d.validate(x, s.Items, fmt.Sprintf("%s[%d]", at, i)); err != nil {
				return err
			}
		}
	case "string":
		str, ok := v.(string)
		if !ok {
			return fmt.Errorf("%s: want a string, got %T", at, v)
		}
		if len(s.Enum) > 0 && !slices.Contains(s.Enum, str) {
			return fmt.Errorf("%s: %q is not one of the API's values (%s)", at, str, strings.Join(s.Enum, ", "))
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			return fmt.Errorf("%s: want a boolean, got %T", at, v)
		}
	case "integer", "number":
		if _, ok := v.(float64); !ok {
			return fmt.Errorf("%s: want a number, got %T", at, v)
		}
	}
	return nil
}
