package domain

import (
	"time"
	"unicode/utf8"
)

// Hand-written JSON for the hot paths (the contact list, the stored form of
// tracked events): the bytes are encoding/json's, which FuzzAppendJSONString
// and the callers' own tests hold them to.

const hexDigits = "0123456789abcdef"

// AppendJSONString appends s as encoding/json does with HTML escaping on (its
// default, and the generated code's): quotes, backslashes and control
// characters escaped, \b \f \n \r \t short, <, > and & as \u00XX, invalid
// UTF-8 as U+FFFD, and U+2028 and U+2029 escaped for JavaScript.
func AppendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// AppendJSONTime appends t as time.Time's MarshalJSON does. That refuses years
// outside 0–9999; the rare time that needs the check goes through it.
func AppendJSONTime(b []byte, t time.Time) ([]byte, error) {
	if y := t.Year(); y < 1 || y > 9998 {
		j, err := t.MarshalJSON()
		if err != nil {
			return nil, err
		}
		return append(b, j...), nil
	}
	b = append(b, '"')
	b = t.AppendFormat(b, time.RFC3339Nano)
	return append(b, '"'), nil
}
