package spec

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestRulesCatalogueEveryRuleID fails when the loader reports a rule id that
// Rules does not list (so tagspec lint --list-rules would not show it): the
// ids written as string literals in the package's code, and schema/<keyword>
// for every keyword of the JSON Schema that keeps its own id.
func TestRulesCatalogueEveryRuleID(t *testing.T) {
	var ids []string
	for _, r := range Rules() {
		if slices.Contains(ids, r.ID) {
			t.Errorf("rule %s is listed twice", r.ID)
		}
		ids = append(ids, r.ID)
		if r.Summary == "" || (r.Severity != SeverityError && r.Severity != SeverityWarning && r.Severity != SeverityInfo) {
			t.Errorf("rule %s: want a summary and a severity, got %+v", r.ID, r)
		}
	}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	literal := regexp.MustCompile(`"((?:schema|spec)/[a-zA-Z-]+)"`)
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range literal.FindAllStringSubmatch(string(src), -1) {
			if !slices.Contains(ids, m[1]) {
				t.Errorf("%s uses rule id %s, which Rules does not list", f, m[1])
			}
		}
	}
	schema, err := os.ReadFile(filepath.Join("schema", "tagspec-v1.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	// Keywords whose failures get another id in schemaMapper.add, or that
	// only hold other keywords.
	mapped := []string{"$defs", "$id", "$ref", "$schema", "additionalProperties", "anyOf", "oneOf", "description",
		"items", "properties", "propertyNames", "required", "title", "type", "enum", "const", "pattern"}
	for _, m := range regexp.MustCompile(`"([$a-zA-Z]+)":`).FindAllStringSubmatch(string(schema), -1) {
		kw := m[1]
		if slices.Contains(mapped, kw) || !isSchemaKeyword(kw) {
			continue
		}
		if !slices.Contains(ids, "schema/"+kw) {
			t.Errorf("the schema uses %s, whose failures are schema/%s, which Rules does not list", kw, kw)
		}
	}
}

// isSchemaKeyword tells JSON Schema keywords from property names in the
// schema file (which are snake_case or single lower-case words).
func isSchemaKeyword(s string) bool {
	return slices.Contains([]string{"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength",
		"minItems", "maxItems", "uniqueItems", "minProperties", "maxProperties", "multipleOf", "format", "dependentRequired", "not", "if", "then", "else", "contains"}, s)
}
