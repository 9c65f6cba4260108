// Package gtagstandin holds tagspec's stand-in for Google's gtag.js: the
// script the example site and the browser tests load where a real site
// loads https://www.googletagmanager.com/gtag/js, so that CI exercises the
// crawler on the real wire format and the real timing without running
// Google's code. Contract lists what the real builds do and the stand-in
// must do too; docs/real-tags.md records the measurements behind it.
package gtagstandin

import _ "embed"

//go:embed gtag.js
var script []byte

// Path is where the example site serves the stand-in, the path real sites
// load gtag.js from (with ?id=<measurement ID>).
const Path = "/gtag/js"

// Script returns the stand-in's JavaScript source.
func Script() []byte { return append([]byte(nil), script...) }
