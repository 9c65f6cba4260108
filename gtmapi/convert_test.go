package gtmapi

import "testing"

func TestEnumSpellings(t *testing.T) {
	tests := []struct{ export, api string }{
		{"CUSTOM_EVENT", "customEvent"},
		{"YOU_TUBE_VIDEO", "youTubeVideo"},
		{"PAGEVIEW", "pageview"},
		{"MATCH_REGEX", "matchRegex"},
		{"GREATER_OR_EQUALS", "greaterOrEquals"},
		{"ONCE_PER_EVENT", "oncePerEvent"},
		{"NOT_SET", "notSet"},
		{"TAG_REFERENCE", "tagReference"},
		{"SCROLL_DEPTH_THRESHOLD", "scrollDepthThreshold"},
		{"ELEMENT_VISIBILITY_RATIO", "elementVisibilityRatio"},
		{"WEB", "web"},
	}
	for _, tt := range tests {
		if got := apiEnum(tt.export); got != tt.api {
			t.Errorf("apiEnum(%q) = %q, want %q", tt.export, got, tt.api)
		}
		if got := exportEnum(tt.api); got != tt.export {
			t.Errorf("exportEnum(%q) = %q, want %q", tt.api, got, tt.export)
		}
		// Already in the target spelling: unchanged.
		if got := apiEnum(tt.api); got != tt.api {
			t.Errorf("apiEnum(%q) = %q, want it unchanged", tt.api, got)
		}
		if got := exportEnum(tt.export); got != tt.export {
			t.Errorf("exportEnum(%q) = %q, want it unchanged", tt.export, got)
		}
	}
}
