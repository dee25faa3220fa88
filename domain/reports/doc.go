// Package reports answers the marketer's and the seller's questions from the
// records both teams work: the funnel, velocity, attribution, lift, ROI and
// outside metrics. It validates a report's filters, reads through a Store
// (storage aggregates in SQL where it can) and leaves the maths to
// domain/analytics.
package reports
