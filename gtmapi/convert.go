package gtmapi

import (
	stdjson "encoding/json"
	"fmt"
	"strings"
	"unicode"

	"github.com/go-json-experiment/json"
	tagmanager "google.golang.org/api/tagmanager/v2"

	"github.com/tagspec/tagspec/templates"
)

// The export file spells enum values in UPPER_SNAKE_CASE (CUSTOM_EVENT,
// ONCE_PER_EVENT); the API spells the same values in lowerCamelCase
// (customEvent, oncePerEvent). The root type of a tag or variable is a
// short code (gaawe, v) in both and is never converted.

// apiEnum turns an export enum value into the API's spelling:
// YOU_TUBE_VIDEO becomes youTubeVideo. A value that already has a lower
// case letter is returned as it is.
func apiEnum(s string) string {
	if s == "" || strings.IndexFunc(s, unicode.IsLower) >= 0 {
		return s
	}
	var b strings.Builder
	for i, part := range strings.Split(strings.ToLower(s), "_") {
		if i > 0 && part != "" {
			part = strings.ToUpper(part[:1]) + part[1:]
		}
		b.WriteString(part)
	}
	return b.String()
}

// exportEnum turns an API enum value into the export file's spelling:
// youTubeVideo becomes YOU_TUBE_VIDEO. A value with no lower case letter
// is returned as it is.
func exportEnum(s string) string {
	if strings.IndexFunc(s, unicode.IsLower) < 0 {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		if unicode.IsUpper(r) && i > 0 {
			b.WriteByte('_')
		}
		b.WriteRune(unicode.ToUpper(r))
	}
	return b.String()
}

func convParams(ps []templates.Parameter, f func(string) string) {
	for i := range ps {
		convParam(&ps[i], f)
	}
}

func convParam(p *templates.Parameter, f func(string) string) {
	if p == nil {
		return
	}
	p.Type = f(p.Type)
	convParams(p.List, f)
	convParams(p.Map, f)
}

func convConds(cs []templates.Condition, f func(string) string) {
	for i := range cs {
		cs[i].Type = f(cs[i].Type)
		convParams(cs[i].Parameter, f)
	}
}

func convTag(t *templates.Tag, f func(string) string) {
	convParam(t.Priority, f)
	convParams(t.Parameter, f)
	convParam(t.Monitoring, f)
	t.TagFiringOption = f(t.TagFiringOption)
	if t.ConsentSettings != nil {
		t.ConsentSettings.ConsentStatus = f(t.ConsentSettings.ConsentStatus)
		convParam(t.ConsentSettings.ConsentType, f)
	}
}

func convTrigger(t *templates.Trigger, f func(string) string) {
	t.Type = f(t.Type)
	convConds(t.CustomEventFilter, f)
	convConds(t.Filter, f)
	convConds(t.AutoEventFilter, f)
	for _, p := range []*templates.Parameter{t.WaitForTags, t.CheckValidation, t.WaitForTagsTimeout, t.UniqueTriggerID, t.EventName, t.Interval, t.Limit} {
		convParam(p, f)
	}
	convParams(t.Parameter, f)
}

func convVariable(v *templates.Variable, f func(string) string) {
	convParams(v.Parameter, f)
}

// recode copies in (a templates or tagmanager value) into out through
// JSON, so the two models meet only at their shared wire format.
func recode(in, out any) error {
	var data []byte
	var err error
	switch in.(type) {
	case *templates.Tag, *templates.Trigger, *templates.Variable, *templates.Folder, *templates.BuiltInVariable, *templates.ContainerInfo:
		data, err = json.Marshal(in, json.Deterministic(true))
	default:
		data, err = stdjson.Marshal(in)
	}
	if err != nil {
		return err
	}
	switch out.(type) {
	case *templates.Tag, *templates.Trigger, *templates.Variable, *templates.Folder, *templates.BuiltInVariable, *templates.ContainerInfo:
		err = json.Unmarshal(data, out)
	default:
		err = stdjson.Unmarshal(data, out)
	}
	if err != nil {
		return fmt.Errorf("converting %T to %T: %w", in, out, err)
	}
	return nil
}

// tagToAPI converts a tag in export form into the API's Tag.
func tagToAPI(t templates.Tag) (*tagmanager.Tag, error) {
	var c templates.Tag
	if err := recode(&t, &c); err != nil {
		return nil, err
	}
	convTag(&c, apiEnum)
	var out tagmanager.Tag
	return &out, recode(&c, &out)
}

func triggerToAPI(t templates.Trigger) (*tagmanager.Trigger, error) {
	var c templates.Trigger
	if err := recode(&t, &c); err != nil {
		return nil, err
	}
	convTrigger(&c, apiEnum)
	var out tagmanager.Trigger
	return &out, recode(&c, &out)
}

func variableToAPI(v templates.Variable) (*tagmanager.Variable, error) {
	var c templates.Variable
	if err := recode(&v, &c); err != nil {
		return nil, err
	}
	convVariable(&c, apiEnum)
	var out tagmanager.Variable
	return &out, recode(&c, &out)
}

func folderToAPI(f templates.Folder) (*tagmanager.Folder, error) {
	var out tagmanager.Folder
	return &out, recode(&f, &out)
}

// The fromAPI functions drop the API-only members (path, workspaceId,
// tagManagerUrl) that an export file does not carry for entities.

func tagFromAPI(t *tagmanager.Tag) (templates.Tag, error) {
	c := *t
	c.Path, c.WorkspaceId, c.TagManagerUrl = "", "", ""
	var out templates.Tag
	if err := recode(&c, &out); err != nil {
		return out, err
	}
	convTag(&out, exportEnum)
	return out, nil
}

func triggerFromAPI(t *tagmanager.Trigger) (templates.Trigger, error) {
	c := *t
	c.Path, c.WorkspaceId, c.TagManagerUrl = "", "", ""
	var out templates.Trigger
	if err := recode(&c, &out); err != nil {
		return out, err
	}
	convTrigger(&out, exportEnum)
	return out, nil
}

func variableFromAPI(v *tagmanager.Variable) (templates.Variable, error) {
	c := *v
	c.Path, c.WorkspaceId, c.TagManagerUrl = "", "", ""
	var out templates.Variable
	if err := recode(&c, &out); err != nil {
		return out, err
	}
	convVariable(&out, exportEnum)
	return out, nil
}

func folderFromAPI(f *tagmanager.Folder) (templates.Folder, error) {
	c := *f
	c.Path, c.WorkspaceId, c.TagManagerUrl = "", "", ""
	var out templates.Folder
	return out, recode(&c, &out)
}

func builtInFromAPI(b *tagmanager.BuiltInVariable) templates.BuiltInVariable {
	return templates.BuiltInVariable{AccountID: b.AccountId, ContainerID: b.ContainerId, Type: exportEnum(b.Type), Name: b.Name}
}
