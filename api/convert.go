package api

import (
	"time"

	"github.com/google/uuid"
	"github.com/oapi-codegen/nullable"
	openapi_types "github.com/oapi-codegen/runtime/types"

	"github.com/onefunnel/onefunnel/domain"
)

// Conversions between the generated wire types and domain values.

func uid(s string) openapi_types.UUID { return uuid.MustParse(s) }

// optional reads a nullable PATCH field.
func optional[T any](n nullable.Nullable[T]) domain.Optional[T] {
	if !n.IsSpecified() {
		return domain.Optional[T]{}
	}
	if n.IsNull() {
		return domain.Null[T]()
	}
	return domain.Some(n.MustGet())
}

// optionalID reads a nullable id field as a string.
func optionalID(n nullable.Nullable[openapi_types.UUID]) domain.Optional[string] {
	o := optional(n)
	return domain.Optional[string]{Set: o.Set, Null: o.Null, Value: idString(o)}
}

func idString(o domain.Optional[openapi_types.UUID]) string {
	if !o.Set || o.Null {
		return ""
	}
	return o.Value.String()
}

// ptr reads a plain optional field.
func ptr[T any](p *T) domain.Optional[T] {
	if p == nil {
		return domain.Optional[T]{}
	}
	return domain.Some(*p)
}

// ptrID reads a plain optional id field.
func ptrID(p *openapi_types.UUID) domain.Optional[string] {
	if p == nil {
		return domain.Optional[string]{}
	}
	return domain.Some(p.String())
}

func strOrEmpty(p *openapi_types.UUID) string {
	if p == nil {
		return ""
	}
	return p.String()
}

// wire writes a nullable value.
func wire[T any](p *T) nullable.Nullable[T] {
	if p == nil {
		return nullable.NewNullNullable[T]()
	}
	return nullable.NewNullableWithValue(*p)
}

func wireID(p *string) nullable.Nullable[openapi_types.UUID] {
	if p == nil {
		return nullable.NewNullNullable[openapi_types.UUID]()
	}
	return nullable.NewNullableWithValue(uid(*p))
}

func wireDate(t *time.Time) nullable.Nullable[openapi_types.Date] {
	if t == nil {
		return nullable.NewNullNullable[openapi_types.Date]()
	}
	return nullable.NewNullableWithValue(openapi_types.Date{Time: t.UTC()})
}

func optionalDate(n nullable.Nullable[openapi_types.Date]) domain.Optional[time.Time] {
	o := optional(n)
	return domain.Optional[time.Time]{Set: o.Set, Null: o.Null, Value: o.Value.UTC()}
}

func cursorOut(s string) nullable.Nullable[string] {
	if s == "" {
		return nullable.NewNullNullable[string]()
	}
	return nullable.NewNullableWithValue(s)
}

func listQuery(limit *int, cursor *string, sort string, since *time.Time) domain.ListQuery {
	q := domain.ListQuery{Sort: sort, UpdatedSince: since}
	if limit != nil {
		q.Limit = *limit
	}
	if cursor != nil {
		q.Cursor = *cursor
	}
	return q
}

func location(path string) *string { return &path }
