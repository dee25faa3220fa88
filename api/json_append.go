package api

import (
	"net/http"
	"time"
	"unicode/utf8"

	"github.com/onefunnel/onefunnel/domain/crm"
)

// The contact list, the API's busiest read, is written by hand instead of
// through encoding/json. The generated types hold every nullable field as a
// map (oapi-codegen's nullable.Nullable), and encoding/json calls and then
// re-scans a MarshalJSON for each of those and for each time: about 360
// allocations and a sixth of a list request's CPU for a page of 30
// (docs/benchmarks.md#rest-api). The bytes are the generated path's, byte
// for byte: TestContactPageJSONMatchesGenerated holds them to it.

// contactPage is ListContacts' 200 response.
type contactPage struct {
	items []crm.Contact
	next  string
}

func (p contactPage) VisitListContactsResponse(w http.ResponseWriter) error {
	b := make([]byte, 0, 512+350*len(p.items))
	b = append(b, `{"data":[`...)
	for i, c := range p.items {
		if i > 0 {
			b = append(b, ',')
		}
		var err error
		if b, err = appendContact(b, c); err != nil {
			return err
		}
	}
	b = append(b, `],"next_cursor":`...)
	if p.next == "" {
		b = append(b, "null"...)
	} else {
		b = appendString(b, p.next)
	}
	b = append(b, "}\n"...)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_, err := w.Write(b)
	return err
}

// appendContact writes c as contactOut(c) encodes, its fields in the
// generated struct's order.
func appendContact(b []byte, c crm.Contact) ([]byte, error) {
	var err error
	b = append(b, `{"account_id":`...)
	b = appendIDOrNull(b, c.AccountID)
	b = append(b, `,"created_at":`...)
	if b, err = appendTime(b, c.CreatedAt); err != nil {
		return nil, err
	}
	b = append(b, `,"email":`...)
	b = appendStringOrNull(b, c.Email)
	b = append(b, `,"first_name":`...)
	b = appendString(b, c.FirstName)
	b = append(b, `,"first_touch":`...)
	if b, err = appendFirstTouch(b, c.FirstTouch); err != nil {
		return nil, err
	}
	b = append(b, `,"id":`...)
	b = appendID(b, c.ID)
	b = append(b, `,"job_title":`...)
	b = appendStringOrNull(b, c.JobTitle)
	b = append(b, `,"last_name":`...)
	b = appendString(b, c.LastName)
	b = append(b, `,"phone":`...)
	b = appendStringOrNull(b, c.Phone)
	b = append(b, `,"updated_at":`...)
	if b, err = appendTime(b, c.UpdatedAt); err != nil {
		return nil, err
	}
	return append(b, '}'), nil
}

// appendFirstTouch writes f as firstTouchOut(f) encodes.
func appendFirstTouch(b []byte, f crm.FirstTouch) ([]byte, error) {
	if !f.Known() {
		return append(b, "null"...), nil
	}
	b = append(b, `{"campaign":`...)
	b = appendString(b, deref(f.Campaign))
	b = append(b, `,"channel":`...)
	b = appendString(b, deref(f.Channel))
	b = append(b, `,"device_type":`...)
	b = appendString(b, deref(f.DeviceType))
	b = append(b, `,"landing_page":`...)
	b = appendString(b, deref(f.LandingPage))
	b = append(b, `,"medium":`...)
	b = appendString(b, deref(f.Medium))
	b = append(b, `,"occurred_at":`...)
	b, err := appendTime(b, f.OccurredAt.UTC())
	if err != nil {
		return nil, err
	}
	b = append(b, `,"source":`...)
	b = appendString(b, deref(f.Source))
	return append(b, '}'), nil
}

// appendID writes an id as its UUID encodes. Stored ids are canonical
// (lower-case, hyphenated) and go out as they are; any other spelling is
// parsed and written canonically, as the generated path would.
func appendID(b []byte, id string) []byte {
	b = append(b, '"')
	if canonicalUUID(id) {
		b = append(b, id...)
	} else {
		b = append(b, uid(id).String()...)
	}
	return append(b, '"')
}

func canonicalUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < 36; i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
				return false
			}
		}
	}
	return true
}

func appendIDOrNull(b []byte, id *string) []byte {
	if id == nil {
		return append(b, "null"...)
	}
	return appendID(b, *id)
}

// appendTime writes t as time.Time's MarshalJSON does. That refuses years
// outside 0–9999; the rare time that needs the check goes through it.
func appendTime(b []byte, t time.Time) ([]byte, error) {
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

func appendStringOrNull(b []byte, s *string) []byte {
	if s == nil {
		return append(b, "null"...)
	}
	return appendString(b, *s)
}

const hexDigits = "0123456789abcdef"

// appendString writes s as encoding/json does with HTML escaping on (its
// default, and the generated code's): quotes, backslashes and control
// characters escaped, \b \f \n \r \t short, <, > and & as \u00XX, invalid
// UTF-8 as U+FFFD, and U+2028 and U+2029 escaped for JavaScript.
func appendString(b []byte, s string) []byte {
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
