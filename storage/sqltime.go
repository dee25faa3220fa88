package storage

import (
	"fmt"
	"strings"
	"time"
)

// sqlTime scans a time that may come back as text: SQLite types the result
// of an expression over a DATETIME column (min(changed_at), a CASE) by value,
// so aggregates of times arrive as strings there and as time.Time on
// PostgreSQL.
type sqlTime struct {
	Time  time.Time
	Valid bool
}

var sqliteTimeLayouts = []string{
	"2006-01-02 15:04:05.999999999-07:00",
	"2006-01-02T15:04:05.999999999-07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04:05.999999999Z07:00",
	time.DateOnly,
}

func (t *sqlTime) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		*t = sqlTime{}
		return nil
	case time.Time:
		*t = sqlTime{Time: x.UTC(), Valid: true}
		return nil
	case []byte:
		return t.parse(string(x))
	case string:
		return t.parse(x)
	}
	return fmt.Errorf("sqlTime: cannot scan %T", v)
}

func (t *sqlTime) parse(s string) error {
	s = strings.TrimSpace(s)
	for _, layout := range sqliteTimeLayouts {
		if p, err := time.Parse(layout, s); err == nil {
			*t = sqlTime{Time: p.UTC(), Valid: true}
			return nil
		}
	}
	return fmt.Errorf("sqlTime: cannot parse %q", s)
}

func (t sqlTime) ptr() *time.Time {
	if !t.Valid {
		return nil
	}
	v := t.Time
	return &v
}
