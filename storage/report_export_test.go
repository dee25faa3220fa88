package storage

// ReportRows exposes reportRows to the external tests.
var ReportRows = reportRows
