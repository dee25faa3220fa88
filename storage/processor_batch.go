package storage

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/tracking"
)

// batchStore is the event processor's store for one claimed batch: a unit of
// work over processorStore. The processor applies events one at a time, and
// almost all of them are page views and track calls of a few hundred
// visitors; written through one by one they cost four or five round trips
// each. batchStore instead
//
//   - claims every visitor of the batch up front, in one statement, and
//     keeps their state in memory; the new ones are written once, as the
//     batch leaves them;
//   - keeps new sessions, page-view counts, visitor state and touchpoints in
//     memory and writes each kind with one statement when the batch ends;
//   - looks each campaign key up once per batch.
//
// Linking one of the batch's visitors to a contact is done in memory too,
// on the held visitor, sessions and touchpoints, with the stored ones
// updated at once. Everything else (contacts, accounts, prospects: identify,
// group and alias calls) goes straight to processorStore; a contact that
// changes account takes its held visitors along, and a merge, or linking a
// visitor the batch does not hold, first writes what is held back and then
// has the visitors reread.
//
// A batch is one transaction, so what is held back is written before the
// commit or not at all, as before.
type batchStore struct {
	processorStore
	visitors  map[string]*heldVisitor // by workspace + "\x00" + visitor key
	keys      []visitorKey            // the batch's visitors, in lock order
	tracked   map[visitorKey]bool     // visitors with track calls, which read their session
	stale     bool                    // visitors must be reread before use
	sessions  map[string]*heldSession // by sessionKey
	touches   [][]any                 // rows of touchpointColumns
	campaigns map[string]*string      // campaign id by workspace + "\x00" + utm_campaign
}

type visitorKey struct{ ws, key string }

// sessionKey is how the batch keys sessions: workspace + "\x00" + id.
func sessionKey(ws, id string) string { return ws + "\x00" + id }

func (k visitorKey) String() string { return k.ws + "\x00" + k.key }

// heldVisitor is a visitor as the batch left it; absent when it has no row
// and the batch does not create it, new when the batch creates it and has
// not written it yet.
type heldVisitor struct {
	v      tracking.Visitor
	absent bool
	new    bool
	dirty  bool
}

// errVisitorRace: another worker created one of the visitors this batch
// creates, after the batch found it absent. The batch is rolled back and
// claimed again (processTx), and then finds the visitor.
var errVisitorRace = errors.New("visitor: created by another worker meanwhile")

// heldSession is a session the batch added (added), or page views it
// counted on a stored one (hits, last).
type heldSession struct {
	s      tracking.VisitSession
	added  bool
	loaded bool // s is read from the database (or added)
	hits   int
	last   time.Time
}

var _ tracking.ProcessorStore = (*batchStore)(nil)

// newBatchStore claims the visitors of evs. On PostgreSQL the stored ones
// are locked, in key order, so that workers claiming overlapping batches
// wait for each other instead of deadlocking. A new visitor with a page or
// screen view is created, as ClaimVisitor does at its first hit, but only in
// memory: it is inserted once, with the state the batch leaves it in
// (flushVisitors), where it used to be inserted here and updated at the end,
// two writes and a lock for one row.
func newBatchStore(ctx context.Context, db *DB, evs []tracking.QueuedEvent) (*batchStore, error) {
	b := &batchStore{
		processorStore: processorStore{db}, visitors: map[string]*heldVisitor{},
		sessions: map[string]*heldSession{}, campaigns: map[string]*string{}, tracked: map[visitorKey]bool{},
	}
	firstHit := map[visitorKey]time.Time{} // each visitor's earliest page or screen view
	seen := map[visitorKey]bool{}
	for _, ev := range evs {
		m := ev.Message
		if m.Type != tracking.TypePage && m.Type != tracking.TypeScreen && m.Type != tracking.TypeTrack {
			continue
		}
		k := visitorKey{ev.WorkspaceID, m.VisitorKey()}
		if k.key == "" {
			continue
		}
		if !seen[k] {
			seen[k] = true
			b.keys = append(b.keys, k)
		}
		if m.Type == tracking.TypeTrack {
			b.tracked[k] = true
		} else if at, ok := firstHit[k]; !ok || m.Timestamp.Before(at) {
			firstHit[k] = m.Timestamp
		}
	}
	slices.SortFunc(b.keys, func(a, b visitorKey) int { return strings.Compare(a.String(), b.String()) })
	if len(b.keys) == 0 {
		return b, nil
	}
	if err := b.load(ctx); err != nil {
		return nil, err
	}
	for k, at := range firstHit {
		if h := b.visitors[k.String()]; h.absent {
			*h = heldVisitor{v: tracking.Visitor{WorkspaceID: k.ws, AnonymousID: k.key, FirstSeenAt: at, LastSeenAt: at}, new: true}
		}
	}
	return b, nil
}

// load reads (and on PostgreSQL locks) the batch's visitors.
func (b *batchStore) load(ctx context.Context) error {
	if len(b.keys) == 0 {
		b.stale = false
		return nil
	}
	keys := make([][]any, len(b.keys))
	for i, k := range b.keys {
		keys[i] = []any{k.ws, k.key}
	}
	var rows []visitorRow
	var err error
	if b.db.dialect == Postgres {
		args, uerr := unnestArgs(keys, "uuid", "text")
		if uerr != nil {
			return uerr
		}
		rows, err = findAll[visitorRow](b.db.writer(ctx).Raw(visitorsByKeySQL, args...))
	} else {
		rows, err = findAll[visitorRow](b.db.writer(ctx).Raw(`SELECT v.*, c.account_id FROM visitors v
			LEFT JOIN contacts c ON c.workspace_id = v.workspace_id AND c.id = v.contact_id
			WHERE (v.workspace_id, v.anonymous_id) IN ?`, keys))
	}
	if err != nil {
		return translate(err, "visitor")
	}
	clear(b.visitors)
	for _, k := range b.keys {
		b.visitors[k.String()] = &heldVisitor{absent: true}
	}
	var current [][]any // the sessions track calls will read
	for _, r := range rows {
		k := visitorKey{r.WorkspaceID, r.AnonymousID}
		b.visitors[k.String()] = &heldVisitor{v: r.visitor()}
		if r.SessionID != nil && b.tracked[k] {
			if h := b.sessions[sessionKey(r.WorkspaceID, *r.SessionID)]; h == nil || !h.loaded {
				current = append(current, []any{r.WorkspaceID, *r.SessionID})
			}
		}
	}
	b.stale = false
	return b.loadSessions(ctx, current)
}

// loadSessions reads the sessions keys name (workspace, id) in one query.
func (b *batchStore) loadSessions(ctx context.Context, keys [][]any) error {
	if len(keys) == 0 {
		return nil
	}
	var rows []sessionRow
	var err error
	if b.db.dialect == Postgres {
		args, uerr := unnestArgs(keys, "uuid", "uuid")
		if uerr != nil {
			return uerr
		}
		rows, err = findAll[sessionRow](b.db.writer(ctx).Raw(sessionsByKeySQL, args...))
	} else {
		rows, err = findAll[sessionRow](b.db.writer(ctx).Raw(`SELECT * FROM sessions WHERE (workspace_id, id) IN ?`, keys))
	}
	if err != nil {
		return translate(err, "session")
	}
	for _, r := range rows {
		k := sessionKey(r.WorkspaceID, r.ID)
		h := b.sessions[k]
		if h == nil {
			h = &heldSession{}
			b.sessions[k] = h
		}
		h.s, h.loaded = tracking.VisitSession(r), true
	}
	return nil
}

// held is the batch's visitor, nil when it is not one of the batch's.
func (b *batchStore) held(ctx context.Context, ws, key string) (*heldVisitor, error) {
	if b.stale {
		if err := b.load(ctx); err != nil {
			return nil, err
		}
	}
	return b.visitors[visitorKey{ws, key}.String()], nil
}

func (b *batchStore) Visitor(ctx context.Context, ws, key string) (tracking.Visitor, error) {
	h, err := b.held(ctx, ws, key)
	switch {
	case err != nil:
		return tracking.Visitor{}, err
	case h == nil:
		return b.processorStore.Visitor(ctx, ws, key)
	case h.absent:
		return tracking.Visitor{}, fmt.Errorf("visitor: %w", domain.ErrNotFound)
	}
	return h.v, nil
}

func (b *batchStore) ClaimVisitor(ctx context.Context, ws, key string, at time.Time) (tracking.Visitor, error) {
	h, err := b.held(ctx, ws, key)
	if err != nil {
		return tracking.Visitor{}, err
	}
	if h == nil || h.absent {
		// Not claimed up front: not a hit's visitor, or deleted since.
		if err := b.flush(ctx); err != nil {
			return tracking.Visitor{}, err
		}
		b.stale = true
		return b.processorStore.ClaimVisitor(ctx, ws, key, at)
	}
	return h.v, nil
}

func (b *batchStore) SaveVisitor(ctx context.Context, v *tracking.Visitor) error {
	h, err := b.held(ctx, v.WorkspaceID, v.AnonymousID)
	if err != nil {
		return err
	}
	if h == nil || h.absent {
		if err := b.flush(ctx); err != nil {
			return err
		}
		b.stale = true
		return b.processorStore.SaveVisitor(ctx, v)
	}
	// contact_id is LinkVisitor's to set, as in processorStore.SaveVisitor.
	contact, account := h.v.ContactID, h.v.AccountID
	h.v, h.dirty = *v, true
	h.v.ContactID, h.v.AccountID = contact, account
	return nil
}

func (b *batchStore) AddSession(_ context.Context, s *tracking.VisitSession) error {
	b.sessions[sessionKey(s.WorkspaceID, s.ID)] = &heldSession{s: *s, added: true, loaded: true}
	return nil
}

func (b *batchStore) SessionHit(_ context.Context, ws, id string, at time.Time) error {
	h := b.sessions[sessionKey(ws, id)]
	if h == nil {
		h = &heldSession{}
		b.sessions[sessionKey(ws, id)] = h
	}
	if h.added {
		h.s.PageViews++
		if h.s.LastAt.Before(at) {
			h.s.LastAt = at
		}
		return nil
	}
	h.hits++
	if at.After(h.last) {
		h.last = at
	}
	return nil
}

func (b *batchStore) Session(ctx context.Context, ws, id string) (tracking.VisitSession, error) {
	h := b.sessions[sessionKey(ws, id)]
	if h == nil {
		h = &heldSession{}
		b.sessions[sessionKey(ws, id)] = h
	}
	if !h.loaded {
		s, err := b.processorStore.Session(ctx, ws, id)
		if err != nil {
			return s, err
		}
		h.s, h.loaded = s, true
	}
	s := h.s
	if !h.added && h.hits > 0 {
		s.PageViews += h.hits
		if s.LastAt.Before(h.last) {
			s.LastAt = h.last
		}
	}
	return s, nil
}

// FirstSession writes what is held back first when the batch opened a
// session for the visitor.
func (b *batchStore) FirstSession(ctx context.Context, ws, key string) (tracking.VisitSession, error) {
	for _, h := range b.sessions {
		if h.added && h.s.WorkspaceID == ws && h.s.AnonymousID == key {
			if err := b.flush(ctx); err != nil {
				return tracking.VisitSession{}, err
			}
			b.stale = true // reread the sessions track calls read, in one query
			break
		}
	}
	return b.processorStore.FirstSession(ctx, ws, key)
}

// AddTouchpoint holds the touchpoint back, linked to the campaign whose key
// it carries.
func (b *batchStore) AddTouchpoint(ctx context.Context, t *tracking.TrackedTouch) error {
	k := t.WorkspaceID + "\x00" + t.Campaign
	campaign, ok := b.campaigns[k]
	if !ok {
		var err error
		if campaign, err = b.campaignID(ctx, t.WorkspaceID, t.Campaign); err != nil {
			return err
		}
		b.campaigns[k] = campaign
	}
	b.touches = append(b.touches, []any{t.WorkspaceID, t.ID, string(t.Type), string(t.Channel), t.Source, t.Medium, t.Campaign, campaign,
		t.Content, t.Term, t.OccurredAt, t.ContactID, t.AccountID, t.AnonymousID, t.SessionID, t.EventID, t.LandingPage, t.Referrer,
		string(t.DeviceType), time.Now().UTC()})
	return nil
}

// write runs one of processorStore's writes that reads or changes
// visitors, sessions or touchpoints: after what is held back, and with the
// visitors marked for rereading when it may have linked one of them to a
// contact or moved their contact to another account. Writes to contacts,
// accounts and prospects alone go straight through.
func (b *batchStore) write(ctx context.Context, reread bool, fn func() error) error {
	if err := b.flush(ctx); err != nil {
		return err
	}
	if err := fn(); err != nil {
		return err
	}
	b.stale = b.stale || reread
	return nil
}

// FillContact moves the visitors of a contact that changes account with it.
func (b *batchStore) FillContact(ctx context.Context, ws, id string, f tracking.ContactFill, at time.Time) error {
	if err := b.processorStore.FillContact(ctx, ws, id, f, at); err != nil || f.AccountID == nil {
		return err
	}
	for _, h := range b.visitors {
		if h.v.WorkspaceID == ws && h.v.ContactID != nil && *h.v.ContactID == id {
			account := *f.AccountID
			h.v.AccountID = &account
		}
	}
	return nil
}

// LinkVisitor links a visitor of the batch in memory, with the sessions and
// touchpoints the batch holds for it, and the stored ones with
// processorStore's updates; any other visitor as processorStore does.
func (b *batchStore) LinkVisitor(ctx context.Context, ws, key, contactID string, accountID *string) error {
	h, ours := b.visitors[visitorKey{ws, key}.String()]
	if b.stale || !ours || h.absent {
		return b.write(ctx, ours, func() error { return b.processorStore.LinkVisitor(ctx, ws, key, contactID, accountID) })
	}
	contact := &contactID
	h.v.ContactID, h.v.AccountID, h.dirty = contact, nil, true
	if accountID != nil {
		account := *accountID
		h.v.AccountID = &account
	}
	for _, s := range b.sessions {
		if s.added && s.s.WorkspaceID == ws && s.s.AnonymousID == key && s.s.ContactID == nil {
			s.s.ContactID = contact
		}
	}
	for _, t := range b.touches {
		if t[0] != ws || t[13] != key {
			continue
		}
		if c, _ := t[11].(*string); c == nil {
			t[11] = contact
		}
		if c, _ := t[11].(*string); *c == contactID && accountID != nil {
			if a, _ := t[12].(*string); a == nil {
				t[12] = h.v.AccountID
			}
		}
	}
	return b.linkStored(ctx, ws, key, contactID, accountID)
}

func (b *batchStore) MergeContacts(ctx context.Context, m tracking.ContactMerge) error {
	return b.write(ctx, len(b.keys) > 0, func() error { return b.processorStore.MergeContacts(ctx, m) })
}
