// Package crm is the pipeline: accounts, contacts, prospects, stages, stage
// changes, activities and the timeline that merges them. A prospect is one
// record from first touch to renewal; only its stage changes.
package crm
