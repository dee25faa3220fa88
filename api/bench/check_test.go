package bench

import (
	"context"
	"fmt"
)

// checkSameAnswers makes sure the two sides do the same work before they are
// compared: for a large and a small account, the API and the raw SQL must
// page through the same contacts in the same pages.
func (f *fixture) checkSameAnswers() error {
	ctx := context.Background()
	for _, acct := range []string{f.big[0], f.small[0]} {
		var after *pageKey
		path := "/api/v1/contacts?account_id=" + acct + "&limit=50"
		pages := 0
		for {
			res, err := f.api.call("GET", path, nil, 200)
			if err != nil {
				return err
			}
			data, _ := res["data"].([]any)
			n, next, err := f.raw.contactsPage(ctx, f.ws, acct, after)
			if err != nil {
				return err
			}
			pages++
			if len(data) != n {
				return fmt.Errorf("account %s page %d: the API returned %d contacts, the SQL %d", acct, pages, len(data), n)
			}
			cur, _ := res["next_cursor"].(string)
			if (cur == "") != (next == nil) {
				return fmt.Errorf("account %s page %d: the API and the SQL disagree on whether a next page exists", acct, pages)
			}
			if next == nil {
				break
			}
			if last := data[n-1].(map[string]any)["id"]; last != next.id {
				return fmt.Errorf("account %s page %d: the API's page ends at %v, the SQL's at %s", acct, pages, last, next.id)
			}
			after, path = next, "/api/v1/contacts?account_id="+acct+"&limit=50&cursor="+cur
		}
		want := smallSize/pageLimit + 1
		if acct == f.big[0] {
			want = bigSize/pageLimit + 1
		}
		if pages != want {
			return fmt.Errorf("account %s: %d pages, want %d", acct, pages, want)
		}
	}
	return nil
}
