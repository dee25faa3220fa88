package storage

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/onefunnel/onefunnel/domain"
)

// sortKey is one allowlisted sort column and how to read its value from a row.
type sortKey[T any] struct {
	column string // a literal column name, never from the client
	value  func(T) any
	isTime bool
}

// keyset describes a list's allowed sorts; the tie-breaker is always id.
type keyset[T any] struct {
	keys  map[string]sortKey[T]
	def   string
	rowID func(T) string
}

// cursor is what an opaque cursor string holds.
type cursor struct {
	Sort  string          `json:"s"`
	Value json.RawMessage `json:"v"`
	ID    string          `json:"id"`
}

var errBadCursor = domain.Invalid("cursor", "invalid_cursor", "the cursor is not one this API issued for this sort")

// page applies sort, cursor and limit to q and reads one page into a Page.
func (k keyset[T]) page(q *gorm.DB, lq domain.ListQuery) (domain.Page[T], error) {
	var out domain.Page[T]
	sort := lq.Sort
	if sort == "" {
		sort = k.def
	}
	desc := strings.HasPrefix(sort, "-")
	sk, ok := k.keys[strings.TrimPrefix(sort, "-")]
	if !ok {
		return out, domain.Invalid("sort", "invalid_sort", "cannot sort by %q", sort)
	}
	op, dir := ">", "ASC"
	if desc {
		op, dir = "<", "DESC"
	}
	if lq.Cursor != "" {
		c, v, err := decodeCursor(lq.Cursor, sort, sk.isTime)
		if err != nil {
			return out, err
		}
		q = q.Where("("+sk.column+", id) "+op+" (?, ?)", v, c.ID)
	}
	if lq.UpdatedSince != nil {
		q = q.Where("updated_at >= ?", lq.UpdatedSince.UTC())
	}
	limit := lq.PageLimit()
	rows, err := findAll[T](q.Order(sk.column + " " + dir + ", id " + dir).Limit(limit + 1))
	if err != nil {
		return out, translate(err, "list")
	}
	if len(rows) > limit {
		rows = rows[:limit]
		last := rows[limit-1]
		val := sk.value(last)
		if t, ok := val.(time.Time); ok {
			val = t.UTC().Format(time.RFC3339Nano)
		}
		raw, _ := json.Marshal(cursor{Sort: sort, Value: mustJSON(val), ID: k.rowID(last)})
		out.NextCursor = base64.RawURLEncoding.EncodeToString(raw)
	}
	if rows == nil {
		rows = []T{}
	}
	out.Items = rows
	return out, nil
}

func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		return json.RawMessage("null")
	}
	return b
}

func decodeCursor(s, sort string, isTime bool) (cursor, any, error) {
	var c cursor
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || json.Unmarshal(raw, &c) != nil || c.Sort != sort || !domain.ValidID(c.ID) {
		return c, nil, errBadCursor
	}
	if isTime {
		var ts string
		if json.Unmarshal(c.Value, &ts) != nil {
			return c, nil, errBadCursor
		}
		t, err := time.Parse(time.RFC3339Nano, ts)
		if err != nil {
			return c, nil, errBadCursor
		}
		return c, t, nil
	}
	var v any
	d := json.NewDecoder(strings.NewReader(string(c.Value)))
	d.UseNumber()
	if d.Decode(&v) != nil {
		return c, nil, errBadCursor
	}
	switch x := v.(type) {
	case json.Number:
		n, err := x.Int64()
		if err != nil {
			return c, nil, errBadCursor
		}
		return c, n, nil
	case string:
		return c, x, nil
	}
	return c, nil, errBadCursor
}

// likePrefix turns user text into a safe case-insensitive LIKE prefix pattern.
func likePrefix(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(strings.ToLower(s)) + "%"
}

// timeKeys are the sort keys every record has.
func timeKeys[T any](created, updated func(T) time.Time) map[string]sortKey[T] {
	return map[string]sortKey[T]{
		"created_at": {column: "created_at", value: func(t T) any { return created(t) }, isTime: true},
		"updated_at": {column: "updated_at", value: func(t T) any { return updated(t) }, isTime: true},
	}
}
