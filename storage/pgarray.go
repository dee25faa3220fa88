package storage

import (
	"database/sql/driver"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgtype"
)

// A batch of rows travels to PostgreSQL as one array parameter a column, and
// unnest turns the arrays back into rows, so a statement's text and parse
// cost stay the same whatever the batch size, where a VALUES list of
// hundreds of rows took milliseconds to build and plan.
//
// The arrays go in pgx's binary format, typed by the statement
// (CAST(? AS uuid[])). They went as the text of an array literal before,
// which the processor spent 5% of its CPU quoting and PostgreSQL as much
// parsing back (array_in, uuid_in) under a tracking load.

// pgArray is one array parameter. pgx encodes it as the array type the
// statement declares; it is a driver.Valuer only so that GORM binds it as
// one parameter instead of expanding it into a list, and so that GORM's log
// of a slow statement can show it (Value, the text of an array literal).
type pgArray[T driver.Valuer] []T

// Dimensions, Index and IndexType make the array a pgtype.ArrayGetter, which
// pgx encodes without reflection; Index hands out pointers, which box
// without an allocation.

func (a pgArray[T]) Dimensions() []pgtype.ArrayDimension {
	if a == nil {
		return nil
	}
	return []pgtype.ArrayDimension{{Length: int32(len(a)), LowerBound: 1}}
}

func (a pgArray[T]) Index(i int) any { return &a[i] }

// indexed is any pgArray, whose elements COPY takes a row at a time.
type indexed interface{ Index(i int) any }

func (a pgArray[T]) IndexType() any { return new(T) }

func (a pgArray[T]) Value() (driver.Value, error) {
	b := make([]byte, 0, 2+len(a)*40)
	b = append(b, '{')
	for i, e := range a {
		if i > 0 {
			b = append(b, ',')
		}
		v, err := e.Value()
		if err != nil {
			return nil, err
		}
		switch v := v.(type) {
		case nil:
			b = append(b, "NULL"...)
		case string:
			b = appendElement(b, v)
		case int64:
			b = strconv.AppendInt(b, v, 10)
		case time.Time:
			b = append(b, '"')
			b = v.UTC().AppendFormat(b, "2006-01-02 15:04:05.000000Z07:00")
			b = append(b, '"')
		default:
			return nil, fmt.Errorf("pgArray: element %T", v)
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

// unnest is "unnest(…)" over rows, one array parameter a column of the
// given PostgreSQL type (uuid, text, integer or timestamptz), and those
// parameters (unnestArgs).
func unnest(rows [][]any, types ...string) (string, []any, error) {
	args, err := unnestArgs(rows, types...)
	if err != nil {
		return "", nil, err
	}
	casts := make([]string, len(types))
	for c, t := range types {
		casts[c] = "CAST(? AS " + t + "[])"
	}
	return "unnest(" + strings.Join(casts, ", ") + ")", args, nil
}

// unnestArgs is rows as one array parameter a column of the given type, for
// a statement written with unnest's casts of the same types. A row's values
// may be string (a uuid as its text), *string, int, time.Time, *time.Time or
// nil; a nil pointer or nil is NULL, and times keep microseconds, as
// PostgreSQL does.
func unnestArgs(rows [][]any, types ...string) ([]any, error) {
	args := make([]any, len(types))
	for c, t := range types {
		var err error
		if args[c], err = arrayOf(t, rows, c); err != nil {
			return nil, err
		}
	}
	return args, nil
}

// arrayOf is column c of rows as the array parameter of type typ.
func arrayOf(typ string, rows [][]any, c int) (any, error) {
	switch typ {
	case "uuid":
		return arrayColumn(rows, c, func(v any) (pgtype.UUID, error) {
			s, ok, err := textOf(v)
			if err != nil || !ok {
				return pgtype.UUID{}, err
			}
			u, err := uuidBytes(s)
			return pgtype.UUID{Bytes: u, Valid: true}, err
		})
	case "text":
		return arrayColumn(rows, c, func(v any) (pgtype.Text, error) {
			s, ok, err := textOf(v)
			return pgtype.Text{String: s, Valid: ok}, err
		})
	case "integer":
		return arrayColumn(rows, c, func(v any) (pgtype.Int4, error) {
			switch v := v.(type) {
			case nil:
				return pgtype.Int4{}, nil
			case int:
				if v < math.MinInt32 || v > math.MaxInt32 {
					return pgtype.Int4{}, fmt.Errorf("array parameter: %d is out of an integer's range", v)
				}
				return pgtype.Int4{Int32: int32(v), Valid: true}, nil
			}
			return pgtype.Int4{}, fmt.Errorf("array parameter: %T is not an integer", v)
		})
	case "timestamptz":
		return arrayColumn(rows, c, func(v any) (pgtype.Timestamptz, error) {
			switch v := v.(type) {
			case nil:
				return pgtype.Timestamptz{}, nil
			case time.Time:
				return pgtype.Timestamptz{Time: v, Valid: true}, nil
			case *time.Time:
				if v == nil {
					return pgtype.Timestamptz{}, nil
				}
				return pgtype.Timestamptz{Time: *v, Valid: true}, nil
			}
			return pgtype.Timestamptz{}, fmt.Errorf("array parameter: %T is not a time", v)
		})
	}
	return nil, fmt.Errorf("array parameter: type %q is not supported", typ)
}

// arrayColumn converts column c of rows with conv.
func arrayColumn[T driver.Valuer](rows [][]any, c int, conv func(any) (T, error)) (pgArray[T], error) {
	a := make(pgArray[T], len(rows))
	for r, row := range rows {
		var err error
		if a[r], err = conv(row[c]); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// textOf reads a string or *string; ok is false for NULL.
func textOf(v any) (s string, ok bool, err error) {
	switch v := v.(type) {
	case nil:
		return "", false, nil
	case string:
		return v, true, nil
	case *string:
		if v == nil {
			return "", false, nil
		}
		return *v, true, nil
	}
	return "", false, fmt.Errorf("array parameter: %T is not text", v)
}
