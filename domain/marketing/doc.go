// Package marketing holds campaigns, their spend per period, and touchpoints:
// the marketing and sales interactions that attribution will credit. A
// touchpoint names a contact or an account (or, when it comes from tracking,
// a visitor), a GA4 channel and the campaign whose utm_campaign key it was
// tagged with.
//
// It depends on tracking for the channel rules and the touchpoint types, and
// never on crm: it reaches CRM records through the small Parties interface,
// so crm can show touchpoints on its timelines without an import cycle.
package marketing
