package storage

import (
	"database/sql/driver"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// pgArray is one PostgreSQL array parameter, sent as the text of an array
// literal (see unnestOf). A batch of rows then travels as one parameter a
// column and unnest turns it back into rows, so a statement's text and
// parse cost stay the same whatever the batch size, where a VALUES list of
// hundreds of rows took milliseconds to build and plan.
//
// Elements may be string, *string (nil is NULL), int, time.Time and
// *time.Time; times keep microseconds, as PostgreSQL does.
type pgArray []any

func (a pgArray) Value() (driver.Value, error) {
	b := make([]byte, 0, 2+len(a)*40)
	b = append(b, '{')
	for i, v := range a {
		if i > 0 {
			b = append(b, ',')
		}
		switch v := v.(type) {
		case nil:
			b = append(b, "NULL"...)
		case string:
			b = appendElement(b, v)
		case *string:
			if v == nil {
				b = append(b, "NULL"...)
			} else {
				b = appendElement(b, *v)
			}
		case int:
			b = strconv.AppendInt(b, int64(v), 10)
		case time.Time:
			b = appendTimeElement(b, v)
		case *time.Time:
			if v == nil {
				b = append(b, "NULL"...)
			} else {
				b = appendTimeElement(b, *v)
			}
		default:
			return nil, fmt.Errorf("pgArray: %T is not supported", v)
		}
	}
	b = append(b, '}')
	return string(b), nil
}

// appendElement appends s as a double-quoted array element.
func appendElement(b []byte, s string) []byte {
	b = append(b, '"')
	for {
		i := strings.IndexAny(s, `"\`)
		if i < 0 {
			break
		}
		b = append(b, s[:i]...)
		b = append(b, '\\', s[i])
		s = s[i+1:]
	}
	b = append(b, s...)
	return append(b, '"')
}

// appendTimeElement appends t in UTC to the microsecond, as PostgreSQL keeps it.
func appendTimeElement(b []byte, t time.Time) []byte {
	b = append(b, '"')
	b = t.UTC().AppendFormat(b, "2006-01-02 15:04:05.000000Z07:00")
	return append(b, '"')
}

// unnestOf is "unnest(…)" of one pgArray parameter of each type, in order:
// the rows of a batch. Each parameter is declared text and cast by the
// server: as an array type, the driver would parse the literal and encode
// it again, which cost a fifth of the processor's time.
func unnestOf(types ...string) string {
	casts := make([]string, len(types))
	for i, t := range types {
		casts[i] = "CAST(CAST(? AS text) AS " + t + "[])"
	}
	return "unnest(" + strings.Join(casts, ", ") + ")"
}

// columns turns rows into one pgArray a column, for unnest.
func columns(rows [][]any) []any {
	out := make([]any, len(rows[0]))
	for c := range out {
		col := make(pgArray, len(rows))
		for r, row := range rows {
			col[r] = row[c]
		}
		out[c] = col
	}
	return out
}
