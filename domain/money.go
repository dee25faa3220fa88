package domain

import "golang.org/x/text/currency"

// CheckCurrency validates an ISO 4217 code and returns it upper-cased
// ("eur" → "EUR"). Money is an integer of minor units plus this code.
func CheckCurrency(v *ValidationError, field, s string) string {
	u, err := currency.ParseISO(s)
	if err != nil || len(s) != 3 {
		v.Add(field, "invalid_currency", "must be an ISO 4217 code such as EUR")
		return s
	}
	return u.String()
}
