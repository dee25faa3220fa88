package crm

import (
	"errors"
	"strings"
	"testing"

	"github.com/onefunnel/onefunnel/domain"
)

func fieldCodes(err error) string {
	var ve *domain.ValidationError
	if !errors.As(err, &ve) {
		return ""
	}
	var out []string
	for _, f := range ve.Fields {
		out = append(out, f.Field+":"+f.Code)
	}
	return strings.Join(out, ",")
}

func TestNormalizeDomain(t *testing.T) {
	for in, want := range map[string]string{
		"acme.com": "acme.com", "ACME.com": "acme.com", "https://www.acme.com/about?x=1": "acme.com",
		" http://Sub.Acme.co.uk ": "sub.acme.co.uk", "acme.com.": "acme.com", "www.acme.com#top": "acme.com",
	} {
		if got := NormalizeDomain(in); got != want {
			t.Errorf("NormalizeDomain(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestValidateAccount(t *testing.T) {
	tests := []struct {
		name string
		in   AccountInput
		want string
	}{
		{"ok", AccountInput{Name: domain.Some("Acme"), Domain: domain.Some("acme.com")}, ""},
		{"name required", AccountInput{Name: domain.Some("  ")}, "name:required"},
		{"name too long", AccountInput{Name: domain.Some(strings.Repeat("é", 256))}, "name:too_long"},
		{"name of 255 characters", AccountInput{Name: domain.Some(strings.Repeat("é", 255))}, ""},
		{"NUL refused", AccountInput{Name: domain.Some("a\x00b")}, "name:nul_character"},
		{"invalid UTF-8 refused", AccountInput{Name: domain.Some("a\xffb")}, "name:invalid_utf8"},
		{"domain without a dot", AccountInput{Name: domain.Some("A"), Domain: domain.Some("localhost")}, "domain:invalid_domain"},
		{"email is not a domain", AccountInput{Name: domain.Some("A"), Domain: domain.Some("me@acme.com")}, "domain:invalid_domain"},
		{"null domain clears", AccountInput{Name: domain.Some("A"), Domain: domain.Null[string]()}, ""},
		{"markup in a domain", AccountInput{Name: domain.Some("A"), Domain: domain.Some(`evil.com"><svg`)}, "domain:invalid_domain"},
		{"space in a domain", AccountInput{Name: domain.Some("A"), Domain: domain.Some("acme .com")}, "domain:invalid_domain"},
		{"label over 63 characters", AccountInput{Name: domain.Some("A"), Domain: domain.Some(strings.Repeat("a", 64) + ".com")}, "domain:invalid_domain"},
		{"an IDN is accepted", AccountInput{Name: domain.Some("A"), Domain: domain.Some("bücher.de")}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := fieldCodes(validateAccount(&tt.in, true)); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestIDNDomainsAreStoredInASCII(t *testing.T) {
	in := AccountInput{Name: domain.Some("A"), Domain: domain.Some("https://www.Bücher.de/")}
	if err := validateAccount(&in, true); err != nil || in.Domain.Value != "xn--bcher-kva.de" {
		t.Fatalf("domain = %q, %v", in.Domain.Value, err)
	}
}

func TestValidateContact(t *testing.T) {
	tests := []struct {
		name string
		in   ContactInput
		want string
	}{
		{"email only", ContactInput{Email: domain.Some("a@b.co")}, ""},
		{"name only", ContactInput{FirstName: domain.Some("Ann")}, ""},
		{"nothing at all", ContactInput{}, "email:required"},
		{"bad email", ContactInput{Email: domain.Some("not-an-email")}, "email:invalid_email"},
		{"bad account id", ContactInput{FirstName: domain.Some("A"), AccountID: domain.Some("42")}, "account_id:invalid_id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := fieldCodes(validateContact(&tt.in, true)); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
	in := ContactInput{Email: domain.Some("  Ann@Example.COM ")}
	if err := validateContact(&in, true); err != nil || in.Email.Value != "ann@example.com" {
		t.Errorf("email not normalised: %q %v", in.Email.Value, err)
	}
}

func TestValidateProspect(t *testing.T) {
	id := domain.NewID()
	tests := []struct {
		name string
		in   ProspectInput
		want string
	}{
		{"ok", ProspectInput{Title: domain.Some("Deal"), Amount: domain.Some[int64](100), Currency: domain.Some("eur")}, ""},
		{"negative amount", ProspectInput{Title: domain.Some("Deal"), Amount: domain.Some[int64](-1)}, "amount:invalid"},
		{"unknown currency", ProspectInput{Title: domain.Some("Deal"), Currency: domain.Some("XYZ")}, "currency:invalid_currency"},
		{"unknown role", ProspectInput{Title: domain.Some("Deal"), Contacts: domain.Some([]ProspectContact{{ContactID: id, Role: "boss"}})}, "contacts:invalid_role"},
		{"duplicate contact", ProspectInput{Title: domain.Some("Deal"), Contacts: domain.Some([]ProspectContact{{ContactID: id}, {ContactID: id}})}, "contacts:duplicate"},
		{"title required", ProspectInput{}, "title:required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := fieldCodes(validateProspect(&tt.in, true)); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
	in := ProspectInput{Title: domain.Some("D"), Currency: domain.Some("eur"), Contacts: domain.Some([]ProspectContact{{ContactID: id}})}
	if err := validateProspect(&in, true); err != nil || in.Currency.Value != "EUR" || in.Contacts.Value[0].Role != "other" {
		t.Errorf("normalised = %+v, %v", in, err)
	}
}

func TestValidateStage(t *testing.T) {
	if got := fieldCodes(validateStage(&StageInput{Name: domain.Some("X"), Phase: domain.Some(Phase("done"))}, true)); got != "phase:invalid" {
		t.Errorf("unknown phase: %q", got)
	}
	if got := fieldCodes(validateStage(&StageInput{Phase: domain.Some(PhaseWon)}, false)); got != "phase:immutable" {
		t.Errorf("phase change on update: %q", got)
	}
}

func TestValidateActivity(t *testing.T) {
	if got := fieldCodes(validateActivity(&ActivityInput{Type: domain.Some(ActivityNote)}, true)); got != "body:required" {
		t.Errorf("empty note: %q", got)
	}
	if got := fieldCodes(validateActivity(&ActivityInput{Type: domain.Some(ActivityType("fax")), Subject: domain.Some("x")}, true)); got != "type:invalid" {
		t.Errorf("unknown type: %q", got)
	}
	if got := fieldCodes(validateActivity(&ActivityInput{Type: domain.Some(ActivityTask), Subject: domain.Some("Call back")}, true)); got != "" {
		t.Errorf("valid task: %q", got)
	}
}
