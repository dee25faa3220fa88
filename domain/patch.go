package domain

// Optional is a PATCH field: Set tells whether the client sent it, Null whether
// it sent null. It keeps "leave alone", "clear" and "set" apart.
type Optional[T any] struct {
	Set   bool
	Null  bool
	Value T
}

// Some is a field that was sent with a value.
func Some[T any](v T) Optional[T] { return Optional[T]{Set: true, Value: v} }

// Null is a field that was sent as null.
func Null[T any]() Optional[T] { return Optional[T]{Set: true, Null: true} }

// Ptr returns the value as a pointer: nil when null or not sent.
func (o Optional[T]) Ptr() *T {
	if !o.Set || o.Null {
		return nil
	}
	v := o.Value
	return &v
}
