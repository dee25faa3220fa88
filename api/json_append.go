package api

import (
	"net/http"

	"github.com/onefunnel/onefunnel/domain"
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
		b = domain.AppendJSONString(b, p.next)
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
	if b, err = domain.AppendJSONTime(b, c.CreatedAt); err != nil {
		return nil, err
	}
	b = append(b, `,"email":`...)
	b = appendStringOrNull(b, c.Email)
	b = append(b, `,"first_name":`...)
	b = domain.AppendJSONString(b, c.FirstName)
	b = append(b, `,"first_touch":`...)
	if b, err = appendFirstTouch(b, c.FirstTouch); err != nil {
		return nil, err
	}
	b = append(b, `,"id":`...)
	b = appendID(b, c.ID)
	b = append(b, `,"job_title":`...)
	b = appendStringOrNull(b, c.JobTitle)
	b = append(b, `,"last_name":`...)
	b = domain.AppendJSONString(b, c.LastName)
	b = append(b, `,"phone":`...)
	b = appendStringOrNull(b, c.Phone)
	b = append(b, `,"updated_at":`...)
	if b, err = domain.AppendJSONTime(b, c.UpdatedAt); err != nil {
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
	b = domain.AppendJSONString(b, deref(f.Campaign))
	b = append(b, `,"channel":`...)
	b = domain.AppendJSONString(b, deref(f.Channel))
	b = append(b, `,"device_type":`...)
	b = domain.AppendJSONString(b, deref(f.DeviceType))
	b = append(b, `,"landing_page":`...)
	b = domain.AppendJSONString(b, deref(f.LandingPage))
	b = append(b, `,"medium":`...)
	b = domain.AppendJSONString(b, deref(f.Medium))
	b = append(b, `,"occurred_at":`...)
	b, err := domain.AppendJSONTime(b, f.OccurredAt.UTC())
	if err != nil {
		return nil, err
	}
	b = append(b, `,"source":`...)
	b = domain.AppendJSONString(b, deref(f.Source))
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

func appendStringOrNull(b []byte, s *string) []byte {
	if s == nil {
		return append(b, "null"...)
	}
	return domain.AppendJSONString(b, *s)
}
