package tracking

import "testing"

func TestGroupFacts(t *testing.T) {
	tests := []struct {
		name    string
		groupID string
		traits  map[string]any
		want    GroupFacts
	}{
		{"all of it", " org-1 ", map[string]any{"name": " Initech ", "website": "https://www.Initech.com/about"}, GroupFacts{GroupID: "org-1", Name: "Initech", Domain: "initech.com"}},
		{"domain instead of website", "org-1", map[string]any{"domain": "eu.globex.co.uk"}, GroupFacts{GroupID: "org-1", Domain: "globex.co.uk"}},
		{"a website that is no host", "org-1", map[string]any{"website": "localhost"}, GroupFacts{GroupID: "org-1"}},
		{"the groupId alone", "42", nil, GroupFacts{GroupID: "42"}},
	}
	for _, tt := range tests {
		if got := groupFacts(Message{Type: TypeGroup, GroupID: tt.groupID, Traits: tt.traits}); got != tt.want {
			t.Errorf("%s: %+v, want %+v", tt.name, got, tt.want)
		}
	}
	if n := (GroupFacts{GroupID: "org-1", Domain: "initech.com"}).NewAccountName(); n != "initech.com" {
		t.Errorf("an account without a name trait is named %q, want its domain", n)
	}
	if n := (GroupFacts{GroupID: "org-1"}).NewAccountName(); n != "org-1" {
		t.Errorf("an account known by its groupId alone is named %q", n)
	}
}

func TestGroupFill(t *testing.T) {
	g := GroupFacts{GroupID: "org-1", Name: "Initech", Domain: "initech.com"}
	tests := []struct {
		name string
		org  Org
		g    GroupFacts
		want AccountFill
	}{
		{"created by groupId alone: everything", Org{Name: "org-1", ExternalID: "org-1"}, g, AccountFill{Name: "Initech", Domain: "initech.com"}},
		{"named by its domain: the real name", Org{Name: "initech.com", Domain: "initech.com"}, g, AccountFill{Name: "Initech", ExternalID: "org-1"}},
		{"a name someone set stays", Org{Name: "Initech Corp", Domain: "initech.com", ExternalID: "org-1"}, g, AccountFill{}},
		{"a domain someone set stays", Org{Name: "Initech", Domain: "initech.io", ExternalID: "org-1"}, g, AccountFill{}},
		{"another groupId is not taken over", Org{Name: "Initech", Domain: "initech.com", ExternalID: "org-9"}, g, AccountFill{}},
		{"traits without a name change no name", Org{Name: "org-1", ExternalID: "org-1"}, GroupFacts{GroupID: "org-1"}, AccountFill{}},
		{"no groupId, nothing to adopt", Org{Name: "initech.com", Domain: "initech.com"}, GroupFacts{Name: "Initech"}, AccountFill{Name: "Initech"}},
	}
	for _, tt := range tests {
		if got := GroupFill(tt.org, tt.g); got != tt.want {
			t.Errorf("%s: %+v, want %+v", tt.name, got, tt.want)
		}
	}
}
