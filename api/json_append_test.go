package api

import (
	"math/rand/v2"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/crm"
)

// hostile holds the strings JSON encoders get wrong: every escape, HTML
// characters, invalid UTF-8, JavaScript's line separators, NUL, non-ASCII.
var hostile = []string{
	"", "plain", `quote " and backslash \`, "<script>&amp;</script>", "tab\tnew\nline\rret\bbs\fff",
	"\x00\x01\x1f\x7f", "caf\u00e9 🦄 \u2028\u2029", "bad \xff\xfe utf8 \xc3", "\xe2\x80", "ünïcödé ü\u0301", "O'Brien",
	strings.Repeat("long ", 200),
}

func randString(r *rand.Rand) string {
	if r.IntN(3) == 0 {
		return hostile[r.IntN(len(hostile))]
	}
	b := make([]byte, r.IntN(24))
	for i := range b {
		b[i] = byte(r.IntN(256))
	}
	return string(b)
}

func randTime(r *rand.Rand) time.Time {
	zones := []*time.Location{time.UTC, time.FixedZone("", -9*3600-1800), time.FixedZone("X", 14*3600)}
	sec := r.Int64N(253402300799) - 62135596800 // years 1 to 9999
	nanos := []int64{0, int64(r.IntN(1e9)), 1, 100_000_000, 120_000_000}
	return time.Unix(sec, nanos[r.IntN(len(nanos))]).In(zones[r.IntN(len(zones))])
}

func randContact(r *rand.Rand) crm.Contact {
	opt := func() *string {
		if r.IntN(2) == 0 {
			return nil
		}
		s := randString(r)
		return &s
	}
	c := crm.Contact{
		WorkspaceID: domain.NewID(), ID: domain.NewID(), Email: opt(), FirstName: randString(r), LastName: randString(r),
		Phone: opt(), JobTitle: opt(), CreatedAt: randTime(r), UpdatedAt: randTime(r),
	}
	if r.IntN(2) == 0 {
		id := domain.NewID()
		if r.IntN(4) == 0 { // spellings the UUID parser accepts and rewrites
			id = []string{strings.ToUpper(id), "urn:uuid:" + id, "{" + id + "}", strings.ReplaceAll(id, "-", "")}[r.IntN(4)]
		}
		c.AccountID = &id
	}
	if r.IntN(2) == 0 {
		t := randTime(r)
		c.FirstTouch = crm.FirstTouch{Channel: opt(), Source: opt(), Medium: opt(), Campaign: opt(), LandingPage: opt(), DeviceType: opt(), OccurredAt: &t}
	}
	return c
}

// generated is ListContacts' 200 as the generated code writes it.
func generated(t *testing.T, items []crm.Contact, next string) *httptest.ResponseRecorder {
	t.Helper()
	out := ListContacts200JSONResponse{Data: make([]Contact, len(items)), NextCursor: cursorOut(next)}
	for i, c := range items {
		out.Data[i] = contactOut(c)
	}
	w := httptest.NewRecorder()
	if err := out.VisitListContactsResponse(w); err != nil {
		t.Fatal(err)
	}
	return w
}

// The hand-written contact page must be the generated code's response, byte
// for byte: random pages of random contacts, hostile strings, NULLs, first
// touches, times in any zone with any precision, with and without a cursor.
func TestContactPageJSONMatchesGenerated(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	for n := range 400 {
		items := make([]crm.Contact, r.IntN(6))
		if n%50 == 0 {
			items = items[:0]
		}
		for i := range items {
			items[i] = randContact(r)
		}
		next := ""
		if r.IntN(2) == 0 {
			next = randString(r)
		}
		want := generated(t, items, next)
		got := httptest.NewRecorder()
		if err := (contactPage{items: items, next: next}).VisitListContactsResponse(got); err != nil {
			t.Fatal(err)
		}
		if got.Code != want.Code || got.Header().Get("Content-Type") != want.Header().Get("Content-Type") {
			t.Fatalf("status %d %q, want %d %q", got.Code, got.Header().Get("Content-Type"), want.Code, want.Header().Get("Content-Type"))
		}
		if got.Body.String() != want.Body.String() {
			t.Fatalf("page %d differs:\n got %s\nwant %s", n, got.Body.String(), want.Body.String())
		}
	}
}
