package pii

import "strings"

func isEmailLocal(c byte) bool {
	return isAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-' || c == '\''
}

func isDomainChar(c byte) bool {
	return isAlnum(c) || c == '.' || c == '-'
}

// findEmail returns the first email address in s, or "".
func findEmail(s string) string {
	for off := 0; off < len(s); {
		i := strings.IndexByte(s[off:], '@')
		if i < 0 {
			return ""
		}
		at := off + i
		off = at + 1
		start := at
		for start > 0 && isEmailLocal(s[start-1]) {
			start--
		}
		end := at + 1
		for end < len(s) && isDomainChar(s[end]) {
			end++
		}
		local, domain := s[start:at], strings.TrimRight(s[at+1:end], ".-")
		if strings.Trim(local, ".") == "" {
			continue
		}
		dot := strings.LastIndexByte(domain, '.')
		if dot <= 0 || len(domain)-dot-1 < 2 || domain[0] == '.' || domain[0] == '-' {
			continue
		}
		tld := domain[dot+1:]
		letters := true
		for j := 0; j < len(tld); j++ {
			if !isLetter(tld[j]) {
				letters = false
				break
			}
		}
		if letters && !fileExtensions[strings.ToLower(tld)] && !serviceLocals[strings.ToLower(local)] {
			return s[start : at+1+len(domain)]
		}
	}
	return ""
}

// fileExtensions end file names that look like addresses: logo@2x.png.
var fileExtensions = map[string]bool{"png": true, "jpg": true, "jpeg": true, "gif": true, "webp": true, "svg": true,
	"avif": true, "ico": true, "bmp": true, "tif": true, "tiff": true, "css": true, "js": true, "mjs": true, "map": true,
	"json": true, "pdf": true, "mp4": true, "webm": true, "woff": true, "woff2": true, "ttf": true, "html": true, "htm": true}

// serviceLocals are addresses that reach a machine, not a person:
// git@github.com in an SSH remote, noreply@ senders.
var serviceLocals = map[string]bool{"git": true, "noreply": true, "no-reply": true, "donotreply": true,
	"do-not-reply": true, "mailer-daemon": true, "postmaster": true}
