package demo

import (
	"encoding/binary"
	"math/rand/v2"
	"time"

	"github.com/google/uuid"
)

// newID is a UUIDv7 like domain.NewID's, but its random bits come from the
// plan's generator, so the same seed gives the same ids, and its time is the
// row's own (when it happened in the story), so demo rows sort and index like
// rows written as things happened.
func newID(r *rand.Rand, at time.Time) string {
	var u uuid.UUID
	var ms [8]byte
	binary.BigEndian.PutUint64(ms[:], uint64(at.UnixMilli()))
	copy(u[0:6], ms[2:8])
	binary.BigEndian.PutUint64(u[6:14], r.Uint64())
	binary.BigEndian.PutUint16(u[14:16], uint16(r.Uint32()))
	u[6] = u[6]&0x0f | 0x70 // version 7
	u[8] = u[8]&0x3f | 0x80 // RFC 9562 variant
	return u.String()
}

// newAnonymousID is a visitor id in the form tracking libraries mint (a
// random UUIDv4), drawn from the plan's generator.
func newAnonymousID(r *rand.Rand) string {
	var u uuid.UUID
	binary.BigEndian.PutUint64(u[0:8], r.Uint64())
	binary.BigEndian.PutUint64(u[8:16], r.Uint64())
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	return u.String()
}
