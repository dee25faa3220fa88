package bench

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/onefunnel/onefunnel/domain"
)

// loader bulk-writes rows: COPY on PostgreSQL, multi-row INSERT on SQLite.
type loader interface {
	load(ctx context.Context, table string, cols []string, rows [][]any) error
	// close finishes the load and refreshes the planner's statistics.
	close(ctx context.Context) error
}

// seed writes the data set and returns the number of rows. Rows are created
// oldest first with time-ordered ids, like a workspace that grew over a year;
// an account's contacts are scattered over the table, as they would be.
func (f *fixture) seed(ctx context.Context, l loader) (int, error) {
	rng := rand.New(rand.NewPCG(1, 2))
	t0 := time.Now().UTC().Add(-365 * 24 * time.Hour).Truncate(time.Microsecond)
	at := func(i, of int) time.Time {
		return t0.Add(time.Duration(i) * (300 * 24 * time.Hour) / time.Duration(of))
	}

	nAcc := bigAccounts + smallAccounts
	accIDs := make([]string, nAcc)
	accRows := make([][]any, nAcc)
	for i := range accIDs {
		accIDs[i] = domain.NewID()
		accRows[i] = []any{f.ws, accIDs[i], fmt.Sprintf("Account %04d", i), fmt.Sprintf("acct%04d.example", i), at(i, nAcc), at(i, nAcc)}
	}
	f.big, f.small = accIDs[:bigAccounts], accIDs[bigAccounts:]

	// owners[i] is the account of contact i: large accounts appear bigSize
	// times, small ones smallSize times, in random order.
	owners := make([]int, 0, bigAccounts*bigSize+smallAccounts*smallSize)
	for a := range nAcc {
		n := smallSize
		if a < bigAccounts {
			n = bigSize
		}
		for range n {
			owners = append(owners, a)
		}
	}
	rng.Shuffle(len(owners), func(i, j int) { owners[i], owners[j] = owners[j], owners[i] })
	firsts := []string{"Ada", "Grace", "Alan", "Edsger", "Barbara", "Ken", "Margaret", "Dennis", "Frances", "Niklaus"}
	titles := []string{"CEO", "CTO", "Head of Sales", "Marketing Manager", "Buyer", "Engineer"}
	contactIDs := make([]string, len(owners))
	byAccount := make([][]string, nAcc)
	contactRows := make([][]any, len(owners))
	for i, a := range owners {
		id := domain.NewID()
		contactIDs[i], byAccount[a] = id, append(byAccount[a], id)
		contactRows[i] = []any{
			f.ws, id, fmt.Sprintf("person%06d@acct%04d.example", i, a), firsts[i%len(firsts)], fmt.Sprintf("Name%06d", i),
			fmt.Sprintf("+1 555 %07d", i), titles[i%len(titles)], accIDs[a], at(i, len(owners)), at(i, len(owners)),
		}
	}

	f.prospects = make([]string, numProspects)
	f.stageAt = make([]int, numProspects)
	var prospectRows, linkRows, changeRows [][]any
	for i := range numProspects {
		a := rng.IntN(nAcc)
		id, created := domain.NewID(), at(i, numProspects)
		f.prospects[i] = id
		prospectRows = append(prospectRows, []any{
			f.ws, id, fmt.Sprintf("Deal %05d", i), accIDs[a], f.owner, f.open[0], int64(rng.IntN(100_000) * 100), "USD", "open",
			created, created, created,
		})
		first := rng.IntN(len(byAccount[a]))
		for k := range contactsPerDeal {
			c := byAccount[a][(first+k)%len(byAccount[a])]
			linkRows = append(linkRows, []any{f.ws, id, c, "champion", created})
		}
		changeRows = append(changeRows, []any{f.ws, domain.NewID(), id, f.open[0], created, "member", f.owner})
	}

	tables := []struct {
		name string
		cols []string
		rows [][]any
	}{
		{"accounts", []string{"workspace_id", "id", "name", "domain", "created_at", "updated_at"}, accRows},
		{"contacts", []string{"workspace_id", "id", "email", "first_name", "last_name", "phone", "job_title", "account_id", "created_at", "updated_at"}, contactRows},
		{"prospects", []string{"workspace_id", "id", "title", "account_id", "owner_id", "stage_id", "amount", "currency", "status", "stage_entered_at", "created_at", "updated_at"}, prospectRows},
		{"prospect_contacts", []string{"workspace_id", "prospect_id", "contact_id", "role", "created_at"}, linkRows},
		{"stage_changes", []string{"workspace_id", "id", "prospect_id", "to_stage_id", "changed_at", "changed_by_kind", "changed_by_id"}, changeRows},
	}
	n := 0
	for _, t := range tables {
		if err := l.load(ctx, t.name, t.cols, t.rows); err != nil {
			return n, fmt.Errorf("load %s: %w", t.name, err)
		}
		n += len(t.rows)
	}
	return n, nil
}
