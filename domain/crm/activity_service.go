package crm

import (
	"context"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/auth"
)

// CreateActivity writes a note, call, meeting, email or task on records' timelines.
func (s *Service) CreateActivity(ctx context.Context, p auth.Principal, in ActivityInput) (Activity, error) {
	if err := p.Can(auth.ActionWrite); err != nil {
		return Activity{}, err
	}
	if err := validateActivity(&in, true); err != nil {
		return Activity{}, err
	}
	now := s.now()
	a := Activity{
		WorkspaceID: p.WorkspaceID, ID: domain.NewID(), Type: in.Type.Value, Subject: in.Subject.Value, Body: in.Body.Value,
		OccurredAt: now, DueAt: in.DueAt.Ptr(), ProspectID: in.ProspectID.Ptr(), ContactID: in.ContactID.Ptr(),
		AccountID: in.AccountID.Ptr(), OwnerID: in.OwnerID.Ptr(), CreatedAt: now, UpdatedAt: now,
	}
	if in.OccurredAt.Set && !in.OccurredAt.Null {
		a.OccurredAt = in.OccurredAt.Value.UTC()
	}
	if !p.IsAPIKey() {
		a.CreatedByID = &p.MemberID
		if !in.OwnerID.Set && a.Type == ActivityTask {
			a.OwnerID = &p.MemberID
		}
	}
	applyDone(&a, in.Done.Value, now)
	err := s.st.Tx.Tx(ctx, func(ctx context.Context) error {
		if err := s.checkRefs(ctx, p.WorkspaceID, in.AccountID, in.OwnerID, in.ProspectID, in.ContactID); err != nil {
			return err
		}
		return s.st.Activities.Create(ctx, &a)
	})
	return a, err
}

// GetActivity reads one activity.
func (s *Service) GetActivity(ctx context.Context, p auth.Principal, id string) (Activity, error) {
	if err := p.Can(auth.ActionRead); err != nil {
		return Activity{}, err
	}
	if err := notFoundID(id); err != nil {
		return Activity{}, err
	}
	return s.st.Activities.Get(ctx, p.WorkspaceID, id)
}

// UpdateActivity edits an activity or ticks a task done.
func (s *Service) UpdateActivity(ctx context.Context, p auth.Principal, id string, in ActivityInput) (Activity, error) {
	if err := p.Can(auth.ActionWrite); err != nil {
		return Activity{}, err
	}
	if err := notFoundID(id); err != nil {
		return Activity{}, err
	}
	if err := validateActivity(&in, false); err != nil {
		return Activity{}, err
	}
	var a Activity
	err := s.st.Tx.Tx(ctx, func(ctx context.Context) error {
		var err error
		if a, err = s.st.Activities.Get(ctx, p.WorkspaceID, id); err != nil {
			return err
		}
		if err := s.checkRefs(ctx, p.WorkspaceID, domain.Optional[string]{}, in.OwnerID, domain.Optional[string]{}, domain.Optional[string]{}); err != nil {
			return err
		}
		now := s.now()
		cols := []string{"updated_at"}
		if in.Subject.Set {
			a.Subject, cols = in.Subject.Value, append(cols, "subject")
		}
		if in.Body.Set {
			a.Body, cols = in.Body.Value, append(cols, "body")
		}
		if in.OccurredAt.Set && !in.OccurredAt.Null {
			a.OccurredAt, cols = in.OccurredAt.Value.UTC(), append(cols, "occurred_at")
		}
		if in.DueAt.Set {
			a.DueAt, cols = in.DueAt.Ptr(), append(cols, "due_at")
		}
		if in.OwnerID.Set {
			a.OwnerID, cols = in.OwnerID.Ptr(), append(cols, "owner_id")
		}
		if in.Done.Set {
			applyDone(&a, in.Done.Value, now)
			cols = append(cols, "done", "done_at")
		}
		a.UpdatedAt = now
		return s.st.Activities.Update(ctx, &a, cols...)
	})
	return a, err
}

// DeleteActivity removes an activity.
func (s *Service) DeleteActivity(ctx context.Context, p auth.Principal, id string) error {
	if err := p.Can(auth.ActionWrite); err != nil {
		return err
	}
	if err := notFoundID(id); err != nil {
		return err
	}
	return s.st.Activities.Delete(ctx, p.WorkspaceID, id)
}

// ListActivities pages through activities (and "my tasks" with owner, done and due_before).
func (s *Service) ListActivities(ctx context.Context, p auth.Principal, f ActivityFilter) (domain.Page[Activity], error) {
	if err := p.Can(auth.ActionRead); err != nil {
		return domain.Page[Activity]{}, err
	}
	return s.st.Activities.List(ctx, p.WorkspaceID, f)
}
