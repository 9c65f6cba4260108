package starters

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestNames(t *testing.T) {
	want := []string{"b2b-saas", "content", "ecommerce", "lead-gen"}
	if diff := cmp.Diff(want, Names()); diff != "" {
		t.Errorf("Names() mismatch (-want +got):\n%s", diff)
	}
}

func TestGet(t *testing.T) {
	for _, name := range Names() {
		t.Run(name, func(t *testing.T) {
			data, err := Get(name)
			if err != nil {
				t.Fatalf("Get(%q): %v", name, err)
			}
			if !bytes.HasPrefix(data, []byte(describePrefix)) {
				t.Errorf("Get(%q) does not start with %q", name, describePrefix)
			}
			// The caller owns the returned bytes.
			data[0] = 'X'
			again, err := Get(name)
			if err != nil {
				t.Fatal(err)
			}
			if again[0] != '#' {
				t.Errorf("Get(%q) returned shared bytes: a caller's change leaked into the next call", name)
			}
		})
	}
}

func TestGetUnknown(t *testing.T) {
	tests := []struct {
		name string
		in   string
	}{
		{"empty", ""},
		{"typo", "ecommerse"},
		{"with extension", "ecommerce.yaml"},
		{"path", "../starters/content"},
		{"upper case", "B2B-SAAS"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, err := Get(tt.in)
			if err == nil {
				t.Fatalf("Get(%q) = %d bytes, want an error", tt.in, len(data))
			}
			msg := err.Error()
			if !strings.Contains(msg, fmt.Sprintf("%q", tt.in)) {
				t.Errorf("error %q does not name the unknown template %q", msg, tt.in)
			}
			if !strings.Contains(msg, strings.Join(Names(), ", ")) {
				t.Errorf("error %q does not list the valid names", msg)
			}
		})
	}
}

func TestDescribe(t *testing.T) {
	for _, name := range Names() {
		d := Describe(name)
		switch {
		case d == "":
			t.Errorf("Describe(%q) is empty", name)
		case strings.Contains(d, "\n"):
			t.Errorf("Describe(%q) = %q spans several lines", name, d)
		case len(d) > 160:
			t.Errorf("Describe(%q) is %d characters long, want at most 160 for --help", name, len(d))
		}
	}
	if d := Describe("no-such-template"); d != "" {
		t.Errorf("Describe of an unknown name = %q, want empty", d)
	}
}
