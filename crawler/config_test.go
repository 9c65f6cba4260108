package crawler

import (
	"strings"
	"testing"

	"github.com/tagspec/tagspec/spec"
)

func TestBaseURLAndResolve(t *testing.T) {
	s := &spec.Spec{
		Environments: []spec.Environment{
			{Name: "staging", BaseURL: "https://staging.example.test/shop/"},
			{Name: "production", BaseURL: "https://www.example.test"},
		},
		Journeys: []spec.Journey{{Name: "j", Start: "/"}},
	}
	cases := []struct {
		name    string
		opts    Options
		path    string
		want    string
		wantErr string
	}{
		{"env with a path prefix", Options{Env: "staging"}, "/pricing", "https://staging.example.test/shop/pricing", ""},
		{"env without prefix", Options{Env: "production"}, "pricing?a=1#x", "https://www.example.test/pricing?a=1#x", ""},
		{"base URL wins", Options{Env: "staging", BaseURL: "http://127.0.0.1:8080"}, "/demo", "http://127.0.0.1:8080/demo", ""},
		{"absolute journey URL", Options{BaseURL: "http://127.0.0.1:8080"}, "https://other.test/x", "https://other.test/x", ""},
		{"unknown env", Options{Env: "qa"}, "/", "", `environment "qa" is not in the spec (it has: staging, production)`},
		{"no env among several", Options{}, "/", "", "pass --base-url URL or --env NAME"},
		{"relative base", Options{BaseURL: "example.test"}, "/", "", `base URL "example.test": not an absolute URL`},
		{"bad scheme", Options{BaseURL: "file:///tmp/x"}, "/", "", "scheme must be http or https"},
		{"colon without a port", Options{BaseURL: "http://127.0.0.1:"}, "/", "", `base URL "http://127.0.0.1:": there is a colon after the host but no port`},
		{"port out of range", Options{BaseURL: "http://127.0.0.1:65536"}, "/", "", "port 65536 is out of range"},
		{"no host", Options{BaseURL: "http://:8080"}, "/", "", "no host name before the port"},
		{"query", Options{BaseURL: "http://a.test/?x=1"}, "/", "", `it has a query ("?x=1")`},
		{"highest port", Options{BaseURL: "http://127.0.0.1:65535"}, "/p", "http://127.0.0.1:65535/p", ""},
		{"IPv6 with port", Options{BaseURL: "http://[::1]:8080/"}, "/p", "http://[::1]:8080/p", ""},
		{"unknown journey", Options{BaseURL: "http://a.test", Journeys: []string{"nope"}}, "/", "", `journey "nope" is not in the spec`},
		{"missing route file", Options{BaseURL: "http://a.test", Routes: []Route{{Pattern: "x.test", File: "testdata/none.js"}}}, "/", "", "route x.test=testdata/none.js"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg, err := newConfig(s, c.opts)
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := cfg.resolve(c.path); got != c.want {
				t.Errorf("resolve(%q) = %q, want %q", c.path, got, c.want)
			}
		})
	}
}

func TestParseRoute(t *testing.T) {
	r, err := ParseRoute("www.youtube.com/iframe_api=testdata/yt.js")
	if err != nil || r.Pattern != "www.youtube.com/iframe_api" || r.File != "testdata/yt.js" {
		t.Errorf("ParseRoute = %+v, %v", r, err)
	}
	for _, bad := range []string{"", "x", "=f", "p="} {
		if _, err := ParseRoute(bad); err == nil {
			t.Errorf("ParseRoute(%q) accepted", bad)
		}
	}
}
