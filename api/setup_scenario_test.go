package api_test

import (
	"testing"

	"github.com/onefunnel/onefunnel/api/apitest"
	"github.com/onefunnel/onefunnel/domain/workspace"
	"github.com/onefunnel/onefunnel/storage"
	"github.com/onefunnel/onefunnel/storage/storagetest"
)

// The web app asks, without credentials, whether to show its setup page.
func TestSetupStatus(t *testing.T) {
	cases := []struct {
		name             string
		mode             workspace.SignupMode
		wantBefore       string
		wantAfter        string
		wantSecondSignup int
	}{
		{name: "open server stays open", mode: workspace.SignupOpen, wantBefore: "open", wantAfter: "open", wantSecondSignup: 201},
		{name: "first-only server closes after the first workspace", mode: workspace.SignupFirst, wantBefore: "first", wantAfter: "closed", wantSecondSignup: 403},
		{name: "closed server says so before and after", mode: workspace.SignupClosed, wantBefore: "closed", wantAfter: "closed"},
	}
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				e := apitest.New(t, d, apitest.Options{Signup: tc.mode})
				before := e.Must(200, "GET", "/api/v1/auth/setup", "", nil)
				if before.JSON["needs_setup"] != true || before.Str("signup") != tc.wantBefore {
					t.Fatalf("empty server: %s", before.Body)
				}
				if tc.mode == workspace.SignupClosed {
					e.Must(403, "POST", "/api/v1/auth/signup", "", map[string]any{"workspace_name": "Acme", "name": "Ann", "email": "ann@acme.test", "password": "correct horse battery"})
					return
				}
				e.Signup("Acme")
				after := e.Must(200, "GET", "/api/v1/auth/setup", "", nil)
				if after.JSON["needs_setup"] != false || after.Str("signup") != tc.wantAfter {
					t.Fatalf("after the first workspace: %s", after.Body)
				}
				e.Must(tc.wantSecondSignup, "POST", "/api/v1/auth/signup", "", map[string]any{"workspace_name": "Beta", "name": "Bob", "email": "bob@beta.test", "password": "correct horse battery"})
			})
		}
	})
}
