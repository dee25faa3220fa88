package crm

import (
	"time"

	"context"
	"fmt"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/auth"
)

// ListStages returns the pipeline in board order.
func (s *Service) ListStages(ctx context.Context, p auth.Principal) ([]Stage, error) {
	if err := p.Can(auth.ActionRead); err != nil {
		return nil, err
	}
	return s.st.Stages.All(ctx, p.WorkspaceID)
}

// GetStage reads one stage.
func (s *Service) GetStage(ctx context.Context, p auth.Principal, id string) (Stage, error) {
	if err := p.Can(auth.ActionRead); err != nil {
		return Stage{}, err
	}
	if err := notFoundID(id); err != nil {
		return Stage{}, err
	}
	return s.st.Stages.Get(ctx, p.WorkspaceID, id)
}

// CreateStage adds a stage at the given position (default: last) and shifts the rest.
func (s *Service) CreateStage(ctx context.Context, p auth.Principal, in StageInput) (Stage, error) {
	if err := p.Can(auth.ActionManage); err != nil {
		return Stage{}, err
	}
	if err := validateStage(&in, true); err != nil {
		return Stage{}, err
	}
	now := s.now()
	st := Stage{WorkspaceID: p.WorkspaceID, ID: domain.NewID(), Name: in.Name.Value, Phase: in.Phase.Value, CreatedAt: now, UpdatedAt: now}
	err := s.st.Tx.Tx(ctx, func(ctx context.Context) error {
		all, err := s.st.Stages.All(ctx, p.WorkspaceID)
		if err != nil {
			return err
		}
		if len(all) >= MaxStages {
			return domain.Invalid("name", "too_many", "a pipeline has at most %d stages", MaxStages)
		}
		st.Position = len(all)
		if err := s.st.Stages.Create(ctx, &st); err != nil {
			return err
		}
		if in.Position.Set {
			return s.renumber(ctx, append(all, st), st.ID, in.Position.Value, now)
		}
		return nil
	})
	if err != nil {
		return Stage{}, err
	}
	return s.st.Stages.Get(ctx, p.WorkspaceID, st.ID)
}

// MaxStages bounds a pipeline so the board stays usable.
const MaxStages = 50

// UpdateStage renames or moves a stage.
func (s *Service) UpdateStage(ctx context.Context, p auth.Principal, id string, in StageInput) (Stage, error) {
	if err := p.Can(auth.ActionManage); err != nil {
		return Stage{}, err
	}
	if err := notFoundID(id); err != nil {
		return Stage{}, err
	}
	if err := validateStage(&in, false); err != nil {
		return Stage{}, err
	}
	err := s.st.Tx.Tx(ctx, func(ctx context.Context) error {
		st, err := s.st.Stages.Get(ctx, p.WorkspaceID, id)
		if err != nil {
			return err
		}
		now := s.now()
		if in.Name.Set {
			st.Name, st.UpdatedAt = in.Name.Value, now
			if err := s.st.Stages.Update(ctx, &st, "name", "updated_at"); err != nil {
				return err
			}
		}
		if in.Position.Set {
			all, err := s.st.Stages.All(ctx, p.WorkspaceID)
			if err != nil {
				return err
			}
			return s.renumber(ctx, all, id, in.Position.Value, now)
		}
		return nil
	})
	if err != nil {
		return Stage{}, err
	}
	return s.st.Stages.Get(ctx, p.WorkspaceID, id)
}

// renumber moves one stage and writes every position that changed.
func (s *Service) renumber(ctx context.Context, all []Stage, id string, pos int, now time.Time) error {
	before := map[string]int{}
	for _, st := range all {
		before[st.ID] = st.Position
	}
	for _, st := range Reorder(all, id, pos) {
		if before[st.ID] == st.Position {
			continue
		}
		st.UpdatedAt = now
		if err := s.st.Stages.Update(ctx, &st, "position", "updated_at"); err != nil {
			return err
		}
	}
	return nil
}

// DeleteStage removes a stage nothing refers to, then closes the gap.
func (s *Service) DeleteStage(ctx context.Context, p auth.Principal, id string) error {
	if err := p.Can(auth.ActionManage); err != nil {
		return err
	}
	if err := notFoundID(id); err != nil {
		return err
	}
	return s.st.Tx.Tx(ctx, func(ctx context.Context) error {
		if _, err := s.st.Stages.Get(ctx, p.WorkspaceID, id); err != nil {
			return err
		}
		used, err := s.st.Stages.InUse(ctx, p.WorkspaceID, id)
		if err != nil {
			return err
		}
		if used {
			return fmt.Errorf("%w: the stage holds prospects or history; move them first", domain.ErrConflict)
		}
		if err := s.st.Stages.Delete(ctx, p.WorkspaceID, id); err != nil {
			return err
		}
		all, err := s.st.Stages.All(ctx, p.WorkspaceID)
		if err != nil || len(all) == 0 {
			return err
		}
		return s.renumber(ctx, all, all[0].ID, 0, s.now())
	})
}
