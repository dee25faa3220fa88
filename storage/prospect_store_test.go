package storage_test

import (
	"context"
	"sync"
	"testing"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/auth"
	"github.com/onefunnel/onefunnel/domain/crm"
	"github.com/onefunnel/onefunnel/domain/workspace"
	"github.com/onefunnel/onefunnel/storage"
	"github.com/onefunnel/onefunnel/storage/storagetest"
)

// newWorkspace makes a workspace with the default pipeline and an owner principal.
func newWorkspace(t testing.TB, db *storage.DB) auth.Principal {
	t.Helper()
	ctx := context.Background()
	st := db.Tenancy()
	now := domain.Now()
	w := workspace.Workspace{ID: domain.NewID(), Name: "W", CreatedAt: now, UpdatedAt: now}
	m := workspace.Member{WorkspaceID: w.ID, ID: domain.NewID(), Email: w.ID + "@example.com", Name: "O", Role: auth.RoleOwner, PasswordHash: "x", CreatedAt: now, UpdatedAt: now}
	err := st.Tx(ctx, func(ctx context.Context) error {
		if err := st.CreateWorkspace(ctx, &w); err != nil {
			return err
		}
		if err := st.SeedPipeline(ctx, w.ID, now); err != nil {
			return err
		}
		return st.CreateMember(ctx, &m)
	})
	if err != nil {
		t.Fatal(err)
	}
	return auth.Principal{WorkspaceID: w.ID, MemberID: m.ID, Role: auth.RoleOwner}
}

// stages lists the workspace's pipeline.
func stages(t testing.TB, db *storage.DB, p auth.Principal) []crm.Stage {
	t.Helper()
	all, err := crm.New(db.CRM()).ListStages(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	return all
}

// Concurrent moves of one prospect serialise: the stage changes form one
// unbroken chain, each starting where the previous one ended.
func TestConcurrentMovesKeepOneChain(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		db := storagetest.Open(t, d)
		ctx := context.Background()
		svc := crm.New(db.CRM())
		p := newWorkspace(t, db)
		pipeline := stages(t, db, p)
		pr, err := svc.CreateProspect(ctx, p, crm.ProspectInput{Title: domain.Some("Race")})
		if err != nil {
			t.Fatal(err)
		}
		const movers, moves = 4, 10
		var wg sync.WaitGroup
		var mu sync.Mutex
		ok := 0
		for g := 0; g < movers; g++ {
			wg.Add(1)
			go func(g int) {
				defer wg.Done()
				for i := 0; i < moves; i++ {
					to := pipeline[(g*moves+i)%len(pipeline)].ID
					if _, err := svc.MoveProspect(ctx, p, pr.ID, crm.MoveInput{StageID: to}); err == nil {
						mu.Lock()
						ok++
						mu.Unlock()
					}
				}
			}(g)
		}
		wg.Wait()
		if ok < moves {
			t.Fatalf("only %d of %d moves succeeded", ok, movers*moves)
		}
		changes, err := svc.ListStageChanges(ctx, p, pr.ID, domain.ListQuery{Limit: 200})
		if err != nil {
			t.Fatal(err)
		}
		if len(changes.Items) != ok+1 {
			t.Fatalf("%d stage changes for %d successful moves (+1 opening)", len(changes.Items), ok)
		}
		for i := 1; i < len(changes.Items); i++ {
			if *changes.Items[i].FromStageID != changes.Items[i-1].ToStageID {
				t.Fatalf("chain broken at %d: from %s after to %s", i, *changes.Items[i].FromStageID, changes.Items[i-1].ToStageID)
			}
		}
		got, _ := svc.GetProspect(ctx, p, pr.ID)
		if got.StageID != changes.Items[len(changes.Items)-1].ToStageID {
			t.Errorf("prospect in %s, last change to %s", got.StageID, changes.Items[len(changes.Items)-1].ToStageID)
		}
	})
}

// Stage reordering keeps positions dense and deleting refuses stages in use.
func TestStageReorderAndDelete(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		db := storagetest.Open(t, d)
		ctx := context.Background()
		svc := crm.New(db.CRM())
		p := newWorkspace(t, db)
		added, err := svc.CreateStage(ctx, p, crm.StageInput{Name: domain.Some("Demo"), Phase: domain.Some(crm.PhaseOpportunity), Position: domain.Some(1)})
		if err != nil {
			t.Fatal(err)
		}
		all, _ := svc.ListStages(ctx, p)
		if len(all) != 13 || all[1].ID != added.ID || added.Position != 1 {
			t.Fatalf("inserted at 1: %+v", added)
		}
		for i, s := range all {
			if s.Position != i {
				t.Fatalf("position %d holds %d", i, s.Position)
			}
		}
		if _, err := svc.CreateProspect(ctx, p, crm.ProspectInput{Title: domain.Some("In demo"), StageID: domain.Some(added.ID)}); err != nil {
			t.Fatal(err)
		}
		if err := svc.DeleteStage(ctx, p, added.ID); err == nil {
			t.Fatal("deleted a stage holding a prospect")
		}
		if err := svc.DeleteStage(ctx, p, all[3].ID); err != nil {
			t.Fatalf("delete an empty stage: %v", err)
		}
		all, _ = svc.ListStages(ctx, p)
		for i, s := range all {
			if s.Position != i {
				t.Fatalf("after delete, position %d holds %d", i, s.Position)
			}
		}
	})
}
