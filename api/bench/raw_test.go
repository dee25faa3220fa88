package bench

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/crm"
)

// rawDB runs the workloads' SQL straight on the database, without HTTP, Echo
// or GORM: the baseline the API is compared with.
type rawDB interface {
	// contactsPage reads an account's contacts after the key (nil: from the
	// start), pageLimit+1 rows as the API does, and returns how many it
	// keeps and the key of the next page (nil after the last).
	contactsPage(ctx context.Context, ws, account string, after *pageKey) (int, *pageKey, error)
	// move runs a stage change in one transaction, as crm.Service.MoveProspect
	// does: lock the prospect, read the target stage, update, record.
	move(ctx context.Context, ws, prospect, to, actor string) error
	// selectOne is a round trip that does nothing.
	selectOne(ctx context.Context) error
	close()
}

// pageKey is the keyset position after a row (sort created_at, then id).
type pageKey struct {
	createdAt time.Time
	id        string
}

// The statements, written once with ? placeholders; numbered() turns them
// into PostgreSQL's $n. They are the statements the stores send, with the
// columns spelled out.
const (
	contactColumns = "workspace_id, id, email, first_name, last_name, phone, job_title, account_id, created_at, updated_at"
	sqlFirstPage   = "SELECT " + contactColumns + " FROM contacts WHERE workspace_id = ? AND account_id = ? ORDER BY created_at ASC, id ASC LIMIT ?"
	sqlNextPage    = "SELECT " + contactColumns + " FROM contacts WHERE workspace_id = ? AND account_id = ? AND (created_at, id) > (?, ?) ORDER BY created_at ASC, id ASC LIMIT ?"

	sqlProspect = "SELECT workspace_id, id, title, account_id, owner_id, stage_id, amount, currency, expected_close_date, status, lost_reason, stage_entered_at, closed_at, created_at, updated_at, entered_stages, opportunity_at, won_at FROM prospects WHERE workspace_id = ? AND id = ?"
	sqlStage    = "SELECT workspace_id, id, name, phase, position, created_at, updated_at FROM stages WHERE workspace_id = ? AND id = ?"
	sqlUpdate   = "UPDATE prospects SET stage_id = ?, status = ?, stage_entered_at = ?, closed_at = ?, lost_reason = ?, updated_at = ?, entered_stages = ?, opportunity_at = ?, won_at = ? WHERE workspace_id = ? AND id = ?"
	sqlInsert   = "INSERT INTO stage_changes (workspace_id, id, prospect_id, from_stage_id, to_stage_id, changed_at, changed_by_kind, changed_by_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)

// numbered rewrites ? placeholders as $1, $2, ….
func numbered(q string) string {
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// scanner is a row of either driver.
type scanner interface{ Scan(dest ...any) error }

func scanContact(r scanner) (crm.Contact, error) {
	var c crm.Contact
	err := r.Scan(&c.WorkspaceID, &c.ID, &c.Email, &c.FirstName, &c.LastName, &c.Phone, &c.JobTitle, &c.AccountID, &c.CreatedAt, &c.UpdatedAt)
	return c, err
}

func scanProspect(r scanner) (crm.Prospect, error) {
	var p crm.Prospect
	err := r.Scan(&p.WorkspaceID, &p.ID, &p.Title, &p.AccountID, &p.OwnerID, &p.StageID, &p.Amount, &p.Currency,
		&p.ExpectedCloseDate, &p.Status, &p.LostReason, &p.StageEnteredAt, &p.ClosedAt, &p.CreatedAt, &p.UpdatedAt,
		&p.Milestones.EnteredStages, &p.Milestones.OpportunityAt, &p.Milestones.WonAt)
	return p, err
}

func scanStage(r scanner) (crm.Stage, error) {
	var s crm.Stage
	err := r.Scan(&s.WorkspaceID, &s.ID, &s.Name, &s.Phase, &s.Position, &s.CreatedAt, &s.UpdatedAt)
	return s, err
}

// pageOf is what a page read with pageLimit+1 rows holds: its size and the
// key of the next page, or nil.
func pageOf(rows []crm.Contact) (int, *pageKey) {
	if len(rows) <= pageLimit {
		return len(rows), nil
	}
	last := rows[pageLimit-1]
	return pageLimit, &pageKey{createdAt: last.CreatedAt, id: last.ID}
}

// applyMove is the domain rule the service applies between the reads and the writes.
func applyMove(p *crm.Prospect, to crm.Stage, actor string) (crm.StageChange, error) {
	return crm.Move(p, to, crm.Actor{Kind: crm.ActorMember, ID: actor}, domain.Now(), "")
}

var errNoRow = errors.New("no row changed")
