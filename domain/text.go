package domain

import (
	"strings"
	"unicode/utf8"
)

// MaxNameLen is the limit on names and titles (SECURITY.md).
const MaxNameLen = 255

// CheckText reports whether s is storable text of at most max characters:
// valid UTF-8 and free of NUL, which PostgreSQL refuses and SQLite would keep,
// so both databases answer the same.
func CheckText(v *ValidationError, field, s string, max int) {
	switch {
	case !utf8.ValidString(s):
		v.Add(field, "invalid_utf8", "must be valid UTF-8")
	case strings.ContainsRune(s, 0):
		v.Add(field, "nul_character", "must not contain NUL characters")
	case utf8.RuneCountInString(s) > max:
		v.Add(field, "too_long", "must be at most %d characters", max)
	}
}

// CheckName is CheckText for a required name: trimmed, non-empty, ≤ 255 characters.
func CheckName(v *ValidationError, field, s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		v.Add(field, "required", "must not be empty")
		return s
	}
	CheckText(v, field, s, MaxNameLen)
	return s
}

// NormalizeEmail trims and lower-cases an email and checks its basic shape.
// Deliverability is not our business; uniqueness per workspace is.
func NormalizeEmail(v *ValidationError, field, s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	CheckText(v, field, s, 320)
	at := strings.LastIndexByte(s, '@')
	if at < 1 || at == len(s)-1 || strings.ContainsAny(s, " \t\r\n<>,;\"") || !strings.Contains(s[at:], ".") {
		v.Add(field, "invalid_email", "must be an email address")
	}
	return s
}
