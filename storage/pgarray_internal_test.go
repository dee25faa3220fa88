package storage

import (
	"database/sql/driver"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgtype"
)

// An array parameter reads, in GORM's log of a slow statement, as the array
// literal PostgreSQL would parse to the same values.
func TestArrayParameterLiteral(t *testing.T) {
	at := time.Date(2026, 3, 2, 9, 30, 15, 123456789, time.FixedZone("CET", 3600))
	for _, c := range []struct {
		rows [][]any
		typ  string
		want string
	}{
		{[][]any{{`a"b\c`}, {nil}, {"NULL"}}, "text", `{"a\"b\\c",NULL,"NULL"}`},
		{[][]any{{"0193f1a2-7c4e-7b3a-9d2e-5f6a7b8c9d0e"}, {nil}}, "uuid", `{"0193f1a2-7c4e-7b3a-9d2e-5f6a7b8c9d0e",NULL}`},
		{[][]any{{-7}, {nil}}, "integer", `{-7,NULL}`},
		{[][]any{{at}, {nil}}, "timestamptz", `{"2026-03-02 08:30:15.123456Z",NULL}`},
	} {
		_, args, err := unnest(c.rows, c.typ)
		if err != nil {
			t.Fatal(err)
		}
		got, err := args[0].(driver.Valuer).Value()
		if err != nil || got != c.want {
			t.Errorf("%s: %v, %v; want %s", c.typ, got, err, c.want)
		}
	}
	if _, err := (pgArray[pgtype.Float8]{{Float64: 1, Valid: true}}).Value(); err == nil {
		t.Error("an element type the literal cannot hold gave no error")
	}
}

// pgx sends every array parameter in the binary format of its declared type,
// not as the literal: the literal was the cost this format removed.
func TestArrayParametersGoInBinary(t *testing.T) {
	m := pgtype.NewMap()
	rows := [][]any{{"0193f1a2-7c4e-7b3a-9d2e-5f6a7b8c9d0e", "x", 7, time.Now()}, {nil, nil, nil, nil}}
	_, args, err := unnest(rows, "uuid", "text", "integer", "timestamptz")
	if err != nil {
		t.Fatal(err)
	}
	for i, oid := range []uint32{pgtype.UUIDArrayOID, pgtype.TextArrayOID, pgtype.Int4ArrayOID, pgtype.TimestamptzArrayOID} {
		buf, err := m.Encode(oid, pgtype.BinaryFormatCode, args[i], nil)
		if err != nil {
			t.Fatalf("column %d: %v", i, err)
		}
		// A binary array starts with its number of dimensions, then whether
		// it has NULLs.
		if len(buf) < 8 || buf[3] != 1 || buf[7] != 1 {
			t.Errorf("column %d is not a binary one-dimensional array with NULLs: % x", i, buf[:min(len(buf), 16)])
		}
	}
}
