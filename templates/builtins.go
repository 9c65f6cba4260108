package templates

import "strings"

// builtIn is one GTM built-in variable: its export type and display name.
type builtIn struct {
	Type string // e.g. PAGE_PATH
	Name string // e.g. Page Path; references use {{Page Path}}
}

// builtIns lists the built-in variables of web containers in a stable order.
var builtIns = []builtIn{
	{"PAGE_URL", "Page URL"}, {"PAGE_HOSTNAME", "Page Hostname"}, {"PAGE_PATH", "Page Path"},
	{"REFERRER", "Referrer"}, {"EVENT", "Event"},
	{"CLICK_ELEMENT", "Click Element"}, {"CLICK_CLASSES", "Click Classes"}, {"CLICK_ID", "Click ID"},
	{"CLICK_TARGET", "Click Target"}, {"CLICK_URL", "Click URL"}, {"CLICK_TEXT", "Click Text"},
	{"FORM_ELEMENT", "Form Element"}, {"FORM_CLASSES", "Form Classes"}, {"FORM_ID", "Form ID"},
	{"FORM_TARGET", "Form Target"}, {"FORM_URL", "Form URL"}, {"FORM_TEXT", "Form Text"},
	{"SCROLL_DEPTH_THRESHOLD", "Scroll Depth Threshold"}, {"SCROLL_DEPTH_UNITS", "Scroll Depth Units"},
	{"SCROLL_DEPTH_DIRECTION", "Scroll Direction"},
	{"VIDEO_PROVIDER", "Video Provider"}, {"VIDEO_URL", "Video URL"}, {"VIDEO_TITLE", "Video Title"},
	{"VIDEO_DURATION", "Video Duration"}, {"VIDEO_PERCENT", "Video Percent"}, {"VIDEO_VISIBLE", "Video Visible"},
	{"VIDEO_STATUS", "Video Status"}, {"VIDEO_CURRENT_TIME", "Video Current Time"},
	{"ELEMENT_VISIBILITY_RATIO", "Percent Visible"}, {"ELEMENT_VISIBILITY_TIME", "On-Screen Duration"},
	{"NEW_HISTORY_FRAGMENT", "New History Fragment"}, {"OLD_HISTORY_FRAGMENT", "Old History Fragment"},
	{"NEW_HISTORY_STATE", "New History State"}, {"OLD_HISTORY_STATE", "Old History State"},
	{"NEW_HISTORY_URL", "New History URL"}, {"OLD_HISTORY_URL", "Old History URL"},
	{"HISTORY_SOURCE", "History Source"},
	{"ERROR_MESSAGE", "Error Message"}, {"ERROR_URL", "Error URL"}, {"ERROR_LINE", "Error Line"},
	{"CONTAINER_ID", "Container ID"}, {"CONTAINER_VERSION", "Container Version"},
	{"DEBUG_MODE", "Debug Mode"}, {"RANDOM_NUMBER", "Random Number"}, {"HTML_ID", "HTML ID"},
	{"ENVIRONMENT_NAME", "Environment Name"},
}

// lookupBuiltIn finds a built-in variable by display name ("Page Path"),
// export type ("PAGE_PATH") or snake case ("page_path"), ignoring case.
func lookupBuiltIn(name string) (builtIn, bool) {
	n := strings.TrimSpace(name)
	for _, b := range builtIns {
		if strings.EqualFold(b.Name, n) || strings.EqualFold(b.Type, n) ||
			strings.EqualFold(strings.ReplaceAll(b.Name, " ", "_"), n) {
			return b, true
		}
	}
	return builtIn{}, false
}

// builtInByName finds a built-in variable by its exact display name.
func builtInByName(name string) (builtIn, bool) {
	for _, b := range builtIns {
		if b.Name == name {
			return b, true
		}
	}
	return builtIn{}, false
}

// builtInByType finds a built-in variable by its export type.
func builtInByType(typ string) (builtIn, bool) {
	for _, b := range builtIns {
		if b.Type == typ {
			return b, true
		}
	}
	return builtIn{}, false
}

// BuiltInName returns the display name ("Page Path") of the GTM built-in
// variable with the given export type ("PAGE_PATH").
func BuiltInName(typ string) (string, bool) {
	b, ok := builtInByType(typ)
	return b.Name, ok
}

// BuiltInType returns the export type ("PAGE_PATH") of the GTM built-in
// variable with the given exact display name ("Page Path").
func BuiltInType(name string) (string, bool) {
	b, ok := builtInByName(name)
	return b.Type, ok
}
