package templates

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// ContainerSchemaJSON is the JSON Schema (draft 2020-12) of the GTM
// container export format, written from the export files GTM produces.
//
//go:embed schema/gtm-container.schema.json
var ContainerSchemaJSON []byte

const containerSchemaURL = "https://raw.githubusercontent.com/tagspec/tagspec/main/templates/schema/gtm-container.schema.json"

// Problem is one thing wrong with a container file: where (a JSON pointer
// into the file) and what.
type Problem struct {
	Pointer string // e.g. /containerVersion/tag/3/firingTriggerId/0
	Rule    string // "schema/<keyword>" or a semantic rule such as "gtm/unknown-trigger"
	Message string
}

// String formats the problem as "<pointer>: <message> [<rule>]".
func (p Problem) String() string {
	ptr := p.Pointer
	if ptr == "" {
		ptr = "/"
	}
	return fmt.Sprintf("%s: %s [%s]", ptr, p.Message, p.Rule)
}

var (
	containerSchemaOnce sync.Once
	containerSchema     *jsonschema.Schema
	containerSchemaErr  error
)

func compiledContainerSchema() (*jsonschema.Schema, error) {
	containerSchemaOnce.Do(func() {
		c := jsonschema.NewCompiler()
		c.Draft = jsonschema.Draft2020
		if err := c.AddResource(containerSchemaURL, bytes.NewReader(ContainerSchemaJSON)); err != nil {
			containerSchemaErr = fmt.Errorf("embedded container schema: %w", err)
			return
		}
		containerSchema, containerSchemaErr = c.Compile(containerSchemaURL)
	})
	return containerSchema, containerSchemaErr
}

// ValidateContainer checks a container export file against the container
// JSON Schema, then checks what a schema cannot: every firing or blocking
// trigger ID exists, every {{Variable}} reference resolves to a variable
// or a listed built-in, IDs are unique per entity type, folders exist and
// custom-event triggers have exactly one event condition. It returns every
// problem found; the error is for a file that is not JSON at all.
//
// ValidateContainer reads files from outside, so it refuses what
// ParseContainer refuses (more than MaxContainerBytes, nesting deeper than
// MaxContainerDepth). Output tagspec has just built is checked by
// ValidateGenerated instead, which runs the same checks without those
// bounds.
func ValidateContainer(data []byte) ([]Problem, error) {
	problems, err := schemaCheck(data)
	if err != nil {
		return nil, err
	}
	c, err := ParseContainer(data, "container")
	if err != nil {
		if len(problems) > 0 {
			return problems, nil
		}
		return nil, err
	}
	problems = append(problems, CheckContainer(c)...)
	return problems, nil
}

// ValidateGenerated runs the checks of ValidateContainer on a container
// tagspec has built: data is c as Marshal wrote it. The schema checks read
// data; the semantic checks read c itself, so nothing is parsed back
// through the import reader and its bounds: a generated container of any
// size is checked in full.
func ValidateGenerated(c *Container, data []byte) ([]Problem, error) {
	problems, err := schemaCheck(data)
	if err != nil {
		return nil, err
	}
	return append(problems, CheckContainer(c)...), nil
}

// schemaCheck checks data against the container JSON Schema.
func schemaCheck(data []byte) ([]Problem, error) {
	sch, err := compiledContainerSchema()
	if err != nil {
		return nil, err
	}
	var inst any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&inst); err != nil {
		return nil, fmt.Errorf("container is not valid JSON: %w", err)
	}
	if err := sch.Validate(inst); err != nil {
		ve, ok := err.(*jsonschema.ValidationError)
		if !ok {
			return nil, err
		}
		return schemaProblems(ve), nil
	}
	return nil, nil
}

func schemaProblems(ve *jsonschema.ValidationError) []Problem {
	if len(ve.Causes) == 0 {
		kw := ve.KeywordLocation
		if i := strings.LastIndexByte(kw, '/'); i >= 0 {
			kw = kw[i+1:]
		}
		return []Problem{{Pointer: ve.InstanceLocation, Rule: "schema/" + kw, Message: ve.Message}}
	}
	var out []Problem
	for _, c := range ve.Causes {
		out = append(out, schemaProblems(c)...)
	}
	return out
}

// refRE finds {{Variable Name}} references in template text.
var refRE = regexp.MustCompile(`\{\{([^{}]+)\}\}`)

// builtInTriggerIDs are trigger IDs that exist in every container.
var builtInTriggerIDs = []string{AllPagesTriggerID, InitializationTriggerID, "2147479572", "2147479574"}

// CheckContainer runs the semantic checks of ValidateContainer on a parsed
// container and returns the problems in file order.
func CheckContainer(c *Container) []Problem {
	var out []Problem
	add := func(ptr, rule, format string, args ...any) {
		out = append(out, Problem{Pointer: ptr, Rule: rule, Message: fmt.Sprintf(format, args...)})
	}
	v := &c.Version
	const base = "/containerVersion"

	unique := func(kind, field string, ids []string) map[string]bool {
		set := make(map[string]bool, len(ids))
		for i, id := range ids {
			if id == "" {
				continue
			}
			if set[id] {
				add(fmt.Sprintf("%s/%s/%d/%s", base, kind, i, field), "gtm/duplicate-id", "%s %s is used twice", field, id)
			}
			set[id] = true
		}
		return set
	}
	tagIDs := make([]string, len(v.Tags))
	for i, t := range v.Tags {
		tagIDs[i] = t.TagID
	}
	trigIDs := make([]string, len(v.Triggers))
	for i, t := range v.Triggers {
		trigIDs[i] = t.TriggerID
	}
	varIDs := make([]string, len(v.Variables))
	for i, x := range v.Variables {
		varIDs[i] = x.VariableID
	}
	folderIDs := make([]string, len(v.Folders))
	for i, f := range v.Folders {
		folderIDs[i] = f.FolderID
	}
	unique("tag", "tagId", tagIDs)
	triggers := unique("trigger", "triggerId", trigIDs)
	unique("variable", "variableId", varIDs)
	folders := unique("folder", "folderId", folderIDs)

	names := map[string]bool{"_event": true}
	for _, x := range v.Variables {
		names[x.Name] = true
	}
	for _, b := range v.BuiltInVariables {
		names[b.Name] = true
	}
	// Format 1.3 files list enabled built-ins by type in the container.
	for _, typ := range legacyBuiltIns(c) {
		if b, ok := builtInByType(typ); ok {
			names[b.Name] = true
		}
	}
	checkRefs := func(ptr, text string) {
		for _, m := range refRE.FindAllStringSubmatch(text, -1) {
			if !names[m[1]] {
				add(ptr, "gtm/unknown-variable", "{{%s}} is neither a variable of the container nor a listed built-in variable", m[1])
			}
		}
	}
	var walk func(ptr string, ps []Parameter)
	walk = func(ptr string, ps []Parameter) {
		for i, p := range ps {
			pp := ptr + "/" + strconv.Itoa(i)
			checkRefs(pp+"/value", p.Value)
			walk(pp+"/list", p.List)
			walk(pp+"/map", p.Map)
		}
	}
	checkFolder := func(ptr, id string) {
		if id != "" && !folders[id] {
			add(ptr+"/parentFolderId", "gtm/unknown-folder", "parentFolderId %s is not a folder of the container", id)
		}
	}
	for i, t := range v.Tags {
		ptr := fmt.Sprintf("%s/tag/%d", base, i)
		for j, id := range t.FiringTriggerID {
			if !triggers[id] && !slices.Contains(builtInTriggerIDs, id) {
				add(fmt.Sprintf("%s/firingTriggerId/%d", ptr, j), "gtm/unknown-trigger", "tag %q fires on trigger %s, which does not exist", t.Name, id)
			}
		}
		for j, id := range t.BlockingTriggerID {
			if !triggers[id] && !slices.Contains(builtInTriggerIDs, id) {
				add(fmt.Sprintf("%s/blockingTriggerId/%d", ptr, j), "gtm/unknown-trigger", "tag %q is blocked by trigger %s, which does not exist", t.Name, id)
			}
		}
		walk(ptr+"/parameter", t.Parameter)
		checkFolder(ptr, t.ParentFolderID)
	}
	for i, t := range v.Triggers {
		ptr := fmt.Sprintf("%s/trigger/%d", base, i)
		if t.Type == "CUSTOM_EVENT" && len(t.CustomEventFilter) != 1 {
			add(ptr+"/customEventFilter", "gtm/custom-event-filter", "custom event trigger %q needs exactly one customEventFilter condition, has %d", t.Name, len(t.CustomEventFilter))
		}
		for _, group := range []struct {
			name  string
			conds []Condition
		}{{"customEventFilter", t.CustomEventFilter}, {"filter", t.Filter}, {"autoEventFilter", t.AutoEventFilter}} {
			for j, cnd := range group.conds {
				walk(fmt.Sprintf("%s/%s/%d/parameter", ptr, group.name, j), cnd.Parameter)
			}
		}
		walk(ptr+"/parameter", t.Parameter)
		checkFolder(ptr, t.ParentFolderID)
	}
	for i, x := range v.Variables {
		ptr := fmt.Sprintf("%s/variable/%d", base, i)
		walk(ptr+"/parameter", x.Parameter)
		checkFolder(ptr, x.ParentFolderID)
	}
	return out
}
