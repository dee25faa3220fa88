package storage

import (
	"context"
	"time"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/crm"
)

// Stages stores the pipeline's columns.
type Stages struct{ db *DB }

var _ crm.StageStore = Stages{}

func (s Stages) Create(ctx context.Context, st *crm.Stage) error {
	return translate(s.db.writer(ctx).Create(st).Error, "stage")
}

func (s Stages) Get(ctx context.Context, ws, id string) (crm.Stage, error) {
	st, err := takeOne[crm.Stage](s.db.reader(ctx).Model(&crm.Stage{}).Where("workspace_id = ? AND id = ?", ws, id))
	return st, translate(err, "stage")
}

func (s Stages) Update(ctx context.Context, st *crm.Stage, cols ...string) error {
	res := s.db.writer(ctx).Model(st).Where("workspace_id = ? AND id = ?", st.WorkspaceID, st.ID).Select(cols).Updates(st)
	return affected(res, "stage")
}

func (s Stages) Delete(ctx context.Context, ws, id string) error {
	return affected(s.db.writer(ctx).Where("workspace_id = ? AND id = ?", ws, id).Delete(&crm.Stage{}), "stage")
}

func (s Stages) All(ctx context.Context, ws string) ([]crm.Stage, error) {
	var out []crm.Stage
	err := s.db.reader(ctx).Where("workspace_id = ?", ws).Order("position, id").Find(&out).Error
	return out, translate(err, "stages")
}

func (s Stages) InUse(ctx context.Context, ws, id string) (bool, error) {
	var n int64
	err := s.db.reader(ctx).Raw(`SELECT
		(SELECT count(*) FROM prospects WHERE workspace_id = ? AND stage_id = ?) +
		(SELECT count(*) FROM stage_changes WHERE workspace_id = ? AND (to_stage_id = ? OR from_stage_id = ?))`,
		ws, id, ws, id, id).Scan(&n).Error
	return n > 0, translate(err, "stage")
}

// SeedPipeline writes the default stages of a new workspace.
func (s Stages) SeedPipeline(ctx context.Context, ws string, now time.Time) error {
	stages := crm.DefaultStages()
	for i := range stages {
		stages[i].WorkspaceID, stages[i].ID, stages[i].CreatedAt, stages[i].UpdatedAt = ws, domain.NewID(), now, now
	}
	return translate(s.db.writer(ctx).Create(&stages).Error, "stages")
}
