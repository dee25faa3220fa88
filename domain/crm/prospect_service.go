package crm

import (
	"context"
	"errors"
	"time"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/auth"
)

// CreateProspect opens a pipeline card, by default in the first stage.
func (s *Service) CreateProspect(ctx context.Context, p auth.Principal, in ProspectInput) (Prospect, error) {
	if err := p.Can(auth.ActionWrite); err != nil {
		return Prospect{}, err
	}
	if err := validateProspect(&in, true); err != nil {
		return Prospect{}, err
	}
	v := &domain.ValidationError{}
	now, err := historyTime(p, v, "created_at", in.CreatedAt, s.now())
	if err != nil {
		return Prospect{}, err
	}
	if err := v.Err(); err != nil {
		return Prospect{}, err
	}
	pr := Prospect{
		WorkspaceID: p.WorkspaceID, ID: domain.NewID(), Title: in.Title.Value, AccountID: in.AccountID.Ptr(),
		OwnerID: in.OwnerID.Ptr(), Amount: in.Amount.Value, Currency: DefaultCurrency,
		ExpectedCloseDate: in.ExpectedCloseDate.Ptr(), StageEnteredAt: now, CreatedAt: now, UpdatedAt: s.now(),
	}
	if in.Currency.Set {
		pr.Currency = in.Currency.Value
	}
	if !in.OwnerID.Set && !p.IsAPIKey() {
		pr.OwnerID = &p.MemberID
	}
	err = s.st.Tx.Tx(ctx, func(ctx context.Context) error {
		if err := s.checkRefs(ctx, p.WorkspaceID, in.AccountID, in.OwnerID, domain.Optional[string]{}, domain.Optional[string]{}); err != nil {
			return err
		}
		stage, err := s.initialStage(ctx, p.WorkspaceID, in.StageID)
		if err != nil {
			return err
		}
		pr.StageID, pr.Phase, pr.Status = stage.ID, stage.Phase, stage.Phase.Status()
		pr.Milestones.Enter(stage, now)
		if pr.Status != StatusOpen {
			pr.ClosedAt = &now
		}
		if err := s.st.Prospects.Create(ctx, &pr); err != nil {
			return err
		}
		// The first stage change has no "from": the prospect's history starts here.
		sc := StageChange{
			WorkspaceID: p.WorkspaceID, ID: domain.NewID(), ProspectID: pr.ID, ToStageID: stage.ID,
			ChangedAt: now, ChangedByKind: actor(p).Kind,
		}
		if a := actor(p); a.ID != "" {
			sc.ChangedByID = &a.ID
		}
		if err := s.st.Prospects.AddStageChange(ctx, &sc); err != nil {
			return err
		}
		return s.setContacts(ctx, &pr, in.Contacts, now)
	})
	if err != nil {
		return Prospect{}, err
	}
	return s.st.Prospects.Get(ctx, p.WorkspaceID, pr.ID)
}

func (s *Service) initialStage(ctx context.Context, ws string, id domain.Optional[string]) (Stage, error) {
	if id.Set && !id.Null {
		st, err := s.st.Stages.Get(ctx, ws, id.Value)
		return st, refMissing(err, "stage_id")
	}
	all, err := s.st.Stages.All(ctx, ws)
	if err != nil {
		return Stage{}, err
	}
	if len(all) == 0 {
		return Stage{}, domain.Invalid("stage_id", "no_stages", "the workspace has no stages; add one first")
	}
	return all[0], nil
}

// setContacts replaces the prospect's buying group after checking every contact is in the workspace.
func (s *Service) setContacts(ctx context.Context, pr *Prospect, in domain.Optional[[]ProspectContact], now time.Time) error {
	if !in.Set {
		return nil
	}
	links := make([]ProspectContact, 0, len(in.Value))
	for _, c := range in.Value {
		if _, err := s.st.Contacts.Get(ctx, pr.WorkspaceID, c.ContactID); err != nil {
			return refMissing(err, "contacts")
		}
		links = append(links, ProspectContact{WorkspaceID: pr.WorkspaceID, ProspectID: pr.ID, ContactID: c.ContactID, Role: c.Role, CreatedAt: now})
	}
	pr.Contacts = links
	return s.st.Prospects.SetContacts(ctx, pr.WorkspaceID, pr.ID, links)
}

// GetProspect reads one prospect with its phase and contacts.
func (s *Service) GetProspect(ctx context.Context, p auth.Principal, id string) (Prospect, error) {
	if err := p.Can(auth.ActionRead); err != nil {
		return Prospect{}, err
	}
	if err := notFoundID(id); err != nil {
		return Prospect{}, err
	}
	return s.st.Prospects.Get(ctx, p.WorkspaceID, id)
}

// UpdateProspect changes the fields that were sent. The stage moves only by MoveProspect.
func (s *Service) UpdateProspect(ctx context.Context, p auth.Principal, id string, in ProspectInput) (Prospect, error) {
	if err := p.Can(auth.ActionWrite); err != nil {
		return Prospect{}, err
	}
	if err := notFoundID(id); err != nil {
		return Prospect{}, err
	}
	if in.StageID.Set {
		return Prospect{}, domain.Invalid("stage_id", "use_stage_changes", "move a prospect with POST /prospects/{id}/stage-changes")
	}
	if err := validateProspect(&in, false); err != nil {
		return Prospect{}, err
	}
	err := s.st.Tx.Tx(ctx, func(ctx context.Context) error {
		pr, err := s.st.Prospects.GetForUpdate(ctx, p.WorkspaceID, id)
		if err != nil {
			return err
		}
		if err := s.checkRefs(ctx, p.WorkspaceID, in.AccountID, in.OwnerID, domain.Optional[string]{}, domain.Optional[string]{}); err != nil {
			return err
		}
		now := s.now()
		cols := []string{"updated_at"}
		if in.Title.Set {
			pr.Title, cols = in.Title.Value, append(cols, "title")
		}
		if in.AccountID.Set {
			pr.AccountID, cols = in.AccountID.Ptr(), append(cols, "account_id")
		}
		if in.OwnerID.Set {
			pr.OwnerID, cols = in.OwnerID.Ptr(), append(cols, "owner_id")
		}
		if in.Amount.Set {
			pr.Amount, cols = in.Amount.Value, append(cols, "amount")
		}
		if in.Currency.Set {
			pr.Currency, cols = in.Currency.Value, append(cols, "currency")
		}
		if in.ExpectedCloseDate.Set {
			pr.ExpectedCloseDate, cols = in.ExpectedCloseDate.Ptr(), append(cols, "expected_close_date")
		}
		if in.LostReason.Set {
			pr.LostReason, cols = nonEmpty(in.LostReason), append(cols, "lost_reason")
		}
		pr.UpdatedAt = now
		if err := s.st.Prospects.Update(ctx, &pr, cols...); err != nil {
			return err
		}
		return s.setContacts(ctx, &pr, in.Contacts, now)
	})
	if err != nil {
		return Prospect{}, err
	}
	return s.st.Prospects.Get(ctx, p.WorkspaceID, id)
}

// DeleteProspect removes a prospect and its stage history.
func (s *Service) DeleteProspect(ctx context.Context, p auth.Principal, id string) error {
	if err := p.Can(auth.ActionWrite); err != nil {
		return err
	}
	if err := notFoundID(id); err != nil {
		return err
	}
	return s.st.Prospects.Delete(ctx, p.WorkspaceID, id)
}

// ListProspects pages through prospects.
func (s *Service) ListProspects(ctx context.Context, p auth.Principal, f ProspectFilter) (domain.Page[Prospect], error) {
	if err := p.Can(auth.ActionRead); err != nil {
		return domain.Page[Prospect]{}, err
	}
	return s.st.Prospects.List(ctx, p.WorkspaceID, f)
}

// MoveProspect puts a prospect in another stage and records the stage change,
// both in one transaction with the prospect row locked, so concurrent moves
// each see the stage the previous one left. An imported move (OccurredAt in
// the past) must come after the prospect's latest one: history is imported
// oldest first, so each change's "from" is the stage the prospect was in.
func (s *Service) MoveProspect(ctx context.Context, p auth.Principal, id string, in MoveInput) (StageChange, error) {
	if err := p.Can(auth.ActionWrite); err != nil {
		return StageChange{}, err
	}
	if err := notFoundID(id); err != nil {
		return StageChange{}, err
	}
	v := &domain.ValidationError{}
	if !domain.ValidID(in.StageID) {
		v.Add("stage_id", "invalid_id", "must be a UUID")
	}
	domain.CheckText(v, "lost_reason", in.LostReason, domain.MaxNameLen)
	if in.Amount.Set && in.Amount.Value < 0 {
		v.Add("amount", "invalid", "must be 0 or more (minor units)")
	}
	now := s.now()
	at, err := historyTime(p, v, "occurred_at", in.OccurredAt, now)
	if err != nil {
		return StageChange{}, err
	}
	if err := v.Err(); err != nil {
		return StageChange{}, err
	}
	var sc StageChange
	err = s.st.Tx.Tx(ctx, func(ctx context.Context) error {
		pr, err := s.st.Prospects.GetForUpdate(ctx, p.WorkspaceID, id)
		if err != nil {
			return err
		}
		to, err := s.st.Stages.Get(ctx, p.WorkspaceID, in.StageID)
		if errors.Is(err, domain.ErrNotFound) {
			return domain.Invalid("stage_id", "not_found", "no such stage in this workspace")
		} else if err != nil {
			return err
		}
		if !in.OccurredAt.Set {
			// Read the clock with the row locked, so concurrent moves are
			// dated in the order they are applied.
			at = s.now()
		}
		if in.OccurredAt.Set && at.Before(pr.StageEnteredAt) {
			return domain.Invalid("occurred_at", "before_latest_change",
				"the prospect's latest stage change is at %s: import its history oldest first", pr.StageEnteredAt.UTC().Format(time.RFC3339))
		}
		if in.Amount.Set && to.Phase.Status() != StatusWon {
			return domain.Invalid("amount", "only_when_won", "an amount is recorded only with a move to a won stage")
		}
		if sc, err = Move(&pr, to, actor(p), at, in.LostReason); err != nil {
			return err
		}
		pr.UpdatedAt = s.now()
		cols := append([]string{"stage_id", "status", "stage_entered_at", "closed_at", "lost_reason", "updated_at"}, MilestonesColumns...)
		if in.Amount.Set {
			pr.Amount = in.Amount.Value
			cols = append(cols, "amount")
		}
		if err := s.st.Prospects.Update(ctx, &pr, cols...); err != nil {
			return err
		}
		return s.st.Prospects.AddStageChange(ctx, &sc)
	})
	return sc, err
}

// ListStageChanges lists a prospect's moves, oldest first.
func (s *Service) ListStageChanges(ctx context.Context, p auth.Principal, id string, q domain.ListQuery) (domain.Page[StageChange], error) {
	if err := p.Can(auth.ActionRead); err != nil {
		return domain.Page[StageChange]{}, err
	}
	if err := notFoundID(id); err != nil {
		return domain.Page[StageChange]{}, err
	}
	if _, err := s.st.Prospects.Get(ctx, p.WorkspaceID, id); err != nil {
		return domain.Page[StageChange]{}, err
	}
	return s.st.Prospects.ListStageChanges(ctx, p.WorkspaceID, id, q)
}
