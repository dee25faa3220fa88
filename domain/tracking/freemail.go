package tracking

import (
	"strings"

	"golang.org/x/net/publicsuffix"
)

// AccountDomain returns the company domain of an email address, for matching
// a contact to its account (DESIGN.md, "Identify"): the registrable domain,
// lower-cased, so "Jane@EU.Acme.co.uk" belongs to "acme.co.uk". It returns
// false when the address is not usable or its domain is a free-mail or
// disposable provider: a gmail.com address says nothing about an employer,
// and matching on it would put every Gmail user into one "gmail.com" account.
func AccountDomain(email string) (string, bool) {
	email = strings.ToLower(strings.TrimSpace(email))
	at := strings.LastIndexByte(email, '@')
	if at < 1 {
		return "", false
	}
	host := strings.TrimSuffix(email[at+1:], ".")
	if !strings.Contains(host, ".") || strings.ContainsAny(host, " \t\r\n<>,;:\"()[]\\/@") {
		return "", false
	}
	company, err := publicsuffix.EffectiveTLDPlusOne(host)
	if err != nil || IsFreeMail(host) {
		return "", false // a bare public suffix ("co.uk") is no company's domain
	}
	return company, true
}

// IsFreeMail reports whether a mail domain is a consumer or disposable
// mailbox provider rather than an organisation. Providers with one domain
// per country ("yahoo.co.uk", "gmx.de", "hotmail.fr") match by brand; a
// brand whose company mails from the same name ("orange.com", "zoho.com")
// is listed by its free-mail domains only.
func IsFreeMail(mailDomain string) bool {
	d := strings.TrimSuffix(strings.ToLower(strings.TrimSpace(mailDomain)), ".")
	reg := registrable(d)
	if freeMailDomains[d] || freeMailDomains[reg] {
		return true
	}
	brand, _, _ := strings.Cut(reg, ".")
	return freeMailBrands[brand]
}

// freeMailBrands are providers that register their brand under many
// country domains.
var freeMailBrands = set(
	"yahoo", "ymail", "rocketmail", "hotmail", "outlook", "live", "msn", "gmx", "yandex", "aol", "libero",
	"t-online", "btinternet", "virgilio", "seznam", "rediffmail",
)

// freeMailDomains are single-domain providers and the disposable-address
// services seen most in form spam.
var freeMailDomains = set(
	"gmail.com", "googlemail.com", "icloud.com", "me.com", "mac.com", "proton.me", "protonmail.com",
	"protonmail.ch", "pm.me", "tutanota.com", "tuta.io", "fastmail.com", "hey.com", "zohomail.com", "mail.com", "email.com",
	"gmx.com", "gmx.net", "web.de", "freenet.de", "arcor.de", "mail.ru", "inbox.ru", "list.ru", "bk.ru",
	"yandex.ru", "ya.ru", "rambler.ru", "qq.com", "163.com", "126.com", "sina.com", "naver.com", "daum.net",
	"hanmail.net", "wp.pl", "o2.pl", "onet.pl", "interia.pl", "free.fr", "sfr.fr", "orange.fr", "wanadoo.fr", "laposte.net",
	"comcast.net", "verizon.net", "att.net", "sbcglobal.net", "cox.net", "earthlink.net", "juno.com",
	"shaw.ca", "rogers.com", "bigpond.com", "optusnet.com.au", "xtra.co.nz", "rediffmail.com", "yopmail.com",
	"mailinator.com", "guerrillamail.com", "10minutemail.com", "temp-mail.org", "trashmail.com", "sharklasers.com",
)
