// Package domain holds what every capability package shares: the error kinds
// that cross layers and small value types. Capability packages live below it
// (crm, workspace, auth); they import no HTTP framework and no ORM runtime.
package domain

import (
	"errors"
	"fmt"
	"strings"
)

// Error kinds. Wrap them with %w; the API maps them to status codes with errors.Is.
var (
	// ErrNotFound: the record does not exist in the caller's workspace.
	ErrNotFound = errors.New("not found")
	// ErrConflict: a unique rule would be broken (duplicate domain, email, key).
	ErrConflict = errors.New("conflict")
	// ErrUnauthenticated: credentials are missing, wrong, expired or revoked.
	ErrUnauthenticated = errors.New("unauthenticated")
	// ErrForbidden: the caller is known but its role or scope does not allow the action.
	ErrForbidden = errors.New("forbidden")
	// ErrRateLimited: too many attempts; the caller should retry later.
	ErrRateLimited = errors.New("rate limited")
	// ErrUnavailable: a dependency (the database) is down or too slow; retrying later may work.
	ErrUnavailable = errors.New("unavailable")
	// ErrTooLarge: the request needs more than the database's time budget
	// (a report over too much data); retrying will not help, narrowing may.
	ErrTooLarge = errors.New("too large")
)

// FieldError names one invalid input field in terms the client can show.
type FieldError struct {
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// ValidationError is returned when input breaks a domain rule. Its messages are
// safe to show to the caller.
type ValidationError struct {
	Fields []FieldError
}

func (e *ValidationError) Error() string {
	parts := make([]string, 0, len(e.Fields))
	for _, f := range e.Fields {
		parts = append(parts, f.Field+": "+f.Message)
	}
	return "invalid input: " + strings.Join(parts, "; ")
}

// Add records one field error.
func (e *ValidationError) Add(field, code, format string, args ...any) {
	e.Fields = append(e.Fields, FieldError{Field: field, Code: code, Message: fmt.Sprintf(format, args...)})
}

// Err returns e as an error when it holds field errors, else nil.
func (e *ValidationError) Err() error {
	if e == nil || len(e.Fields) == 0 {
		return nil
	}
	return e
}

// Invalid is a shorthand for a one-field validation error.
func Invalid(field, code, format string, args ...any) error {
	v := &ValidationError{}
	v.Add(field, code, format, args...)
	return v
}

// MergedError is ErrNotFound for a record that was merged into another: it
// names the record that carries its history now, so clients can follow.
type MergedError struct {
	Into string // the surviving record's id
}

func (e *MergedError) Error() string { return "not found: merged into " + e.Into }

// Unwrap makes a merged record count as not found everywhere.
func (e *MergedError) Unwrap() error { return ErrNotFound }
