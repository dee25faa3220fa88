package tracking

import "testing"

func TestAccountDomain(t *testing.T) {
	tests := []struct {
		email  string
		want   string
		wantOK bool
	}{
		{"jane@acme.com", "acme.com", true},
		{"  Jane.Doe@ACME.com ", "acme.com", true},
		{"jane@eu.acme.co.uk", "acme.co.uk", true},
		{"jane@cs.stanford.edu", "stanford.edu", true},
		{"jane@acme.com.", "acme.com", true},
		{"odd+tag@sub.acme.io", "acme.io", true},
		{"jane@orange.com", "orange.com", true}, // the company, not its free mail
		{"jane@zoho.com", "zoho.com", true},

		// Free mail, one domain.
		{"jane@gmail.com", "", false},
		{"jane@GoogleMail.com", "", false},
		{"jane@icloud.com", "", false},
		{"jane@proton.me", "", false},
		{"jane@aol.com", "", false},
		{"jane@web.de", "", false},
		{"jane@mail.ru", "", false},
		{"jane@yandex.ru", "", false},
		{"jane@outlook.com", "", false},
		{"jane@orange.fr", "", false},
		// Free mail, one domain per country: matched by brand.
		{"jane@yahoo.com", "", false},
		{"jane@yahoo.co.uk", "", false},
		{"jane@yahoo.fr", "", false},
		{"jane@hotmail.com", "", false},
		{"jane@hotmail.de", "", false},
		{"jane@gmx.de", "", false},
		{"jane@gmx.at", "", false},
		{"jane@live.co.uk", "", false},
		{"jane@outlook.fr", "", false},
		// Disposable.
		{"x@mailinator.com", "", false},
		// Not an address.
		{"", "", false},
		{"jane", "", false},
		{"@acme.com", "", false},
		{"jane@", "", false},
		{"jane@localhost", "", false},
		{"jane@co.uk", "", false},
		{"jane@[192.0.2.1]", "", false},
		{"jane@acme .com", "", false},
	}
	for _, tt := range tests {
		got, ok := AccountDomain(tt.email)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("AccountDomain(%q) = %q, %v; want %q, %v", tt.email, got, ok, tt.want, tt.wantOK)
		}
	}
}
