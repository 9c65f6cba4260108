package gtmruntime

import (
	_ "embed"
	"fmt"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/tagspec/tagspec/templates"
)

//go:embed runtime.js
var runtimeJS string

// containerMarker is where Script puts the container model in runtime.js.
const containerMarker = "/*TAGSPEC_CONTAINER*/null"

// CollectURL is where the runtime sends GA4 hits: Google's collection
// endpoint, which the crawler (and the preview command) intercept and
// answer inside the browser, so nothing leaves the machine.
const CollectURL = "https://www.google-analytics.com/g/collect"

// Script parses a GTM container export and returns one JavaScript source
// that runs the container in a page: evaluate it before any page script
// (for example with page.AddScriptToEvaluateOnNewDocument or
// crawler.Options.InitScripts). It also returns every part of the
// container the runtime does not emulate, in container order (tags,
// triggers, variables, then custom templates and references). A container
// that cannot be read gives an error naming the line and column.
func Script(container []byte) (js string, unsupported []Unsupported, err error) {
	c, err := templates.ParseContainer(container, "container")
	if err != nil {
		return "", nil, err
	}
	return ScriptFor(c)
}

// ScriptFor is Script for a container already parsed with
// templates.ParseContainer or built with templates.Build.
func ScriptFor(c *templates.Container) (js string, unsupported []Unsupported, err error) {
	if c == nil {
		return "", nil, fmt.Errorf("no container to run")
	}
	m, un := compile(c)
	data, err := json.Marshal(m, json.Deterministic(true), jsontext.EscapeForHTML(true), jsontext.EscapeForJS(true))
	if err != nil {
		return "", nil, fmt.Errorf("encoding the container for the runtime: %w", err)
	}
	return strings.Replace(runtimeJS, containerMarker, string(data), 1), un, nil
}
