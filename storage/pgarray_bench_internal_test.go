package storage

import (
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgtype"
)

// BenchmarkArrayParameters encodes a batch's worth of rows as pgx sends them.
func BenchmarkArrayParameters(b *testing.B) {
	rows := make([][]any, 500)
	for i := range rows {
		rows[i] = []any{"0193f1a2-7c4e-7b3a-9d2e-5f6a7b8c9d0e", "anon-123456", i, time.Now()}
	}
	m := pgtype.NewMap()
	oids := []uint32{pgtype.UUIDArrayOID, pgtype.TextArrayOID, pgtype.Int4ArrayOID, pgtype.TimestamptzArrayOID}
	var buf []byte
	for b.Loop() {
		_, args, err := unnest(rows, "uuid", "text", "integer", "timestamptz")
		if err != nil {
			b.Fatal(err)
		}
		for i, oid := range oids {
			if buf, err = m.Encode(oid, pgtype.BinaryFormatCode, args[i], buf[:0]); err != nil {
				b.Fatal(err)
			}
		}
	}
}
