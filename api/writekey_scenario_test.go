package api_test

import (
	"strings"
	"testing"

	"github.com/onefunnel/onefunnel/api/apitest"
	"github.com/onefunnel/onefunnel/storage"
	"github.com/onefunnel/onefunnel/storage/storagetest"
)

func TestWriteKeys(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		e := apitest.New(t, d)
		w := e.Signup("Tracked")
		k := e.Must(201, "POST", "/api/v1/write-keys", w.Token, map[string]any{"name": "Website"})
		if !strings.HasPrefix(k.Str("key"), "ofw_") || k.Header.Get("Location") != "/api/v1/write-keys/"+k.Str("id") {
			t.Fatalf("write key = %s", k.Body)
		}
		list := e.Must(200, "GET", "/api/v1/write-keys", w.Token, nil).Data()
		if len(list) != 1 || list[0]["key"] != k.Str("key") {
			t.Fatalf("list = %v", list)
		}
		// A write key is not an API credential.
		e.Must(401, "GET", "/api/v1/accounts", k.Str("key"), nil)
		other := e.Signup("Other")
		e.Must(404, "DELETE", "/api/v1/write-keys/"+k.Str("id"), other.Token, nil)
		e.Must(204, "DELETE", "/api/v1/write-keys/"+k.Str("id"), w.Token, nil)
		if n := len(e.Must(200, "GET", "/api/v1/write-keys", w.Token, nil).Data()); n != 0 {
			t.Fatalf("%d keys listed after revocation", n)
		}
	})
}
