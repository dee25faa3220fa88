// Package demo generates a workspace's worth of believable data — accounts,
// contacts, campaigns with spend, months of visits and ad, social, email and
// webinar touches, prospects moving through the pipeline — from a model whose
// effect is known (see Truth). The dashboards then tell a story, and a lift
// report run on the data can be checked against the number it should find.
//
// Everything is a pure function of the Config: the same seed, clock and
// target workspace give the same rows and the same ids. Nothing here touches
// a database; storage writes a Plan chunk by chunk, so a plan of millions of
// touchpoints never has to fit in memory. docs/demo.md explains the model.
package demo
