package api

import (
	"context"
	"errors"
	"net/http"
	"regexp"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/labstack/echo/v4"
	mw "github.com/oapi-codegen/nethttp-middleware"

	"github.com/onefunnel/onefunnel/domain"
)

// validator checks every request against openapi.yaml before it reaches a
// handler: parameters, enums, formats, lengths and unknown body fields.
// Authentication is our own middleware's job, so the filter skips it.
//
// It runs kin-openapi's OpenAPI 3.0 schema validator, which walks the parsed
// schemas, rather than its JSON Schema 2020-12 one: for a 3.1 document
// kin-openapi (v0.152) compiles a new JSON Schema validator for every
// parameter and body of every request (getkin/kin-openapi#1186), which cost
// as much CPU as the handler and its queries. The 3.0 validator enforces
// every keyword our spec uses, and names the field at fault in its messages;
// validator_test.go checks both against each other over the whole spec and
// fails if the spec starts using a keyword only 3.1 validates.
func validator(spec *openapi3.T) echo.MiddlewareFunc {
	// kin-openapi keeps string formats in a package-level registry; "uuid" is
	// not checked unless defined. Defining it is idempotent.
	uuidFormat.Do(func() {
		openapi3.DefineStringFormatValidator("uuid", openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringForUUIDOfRFC9562))
	})
	return echo.WrapMiddleware(mw.OapiRequestValidatorWithOptions(validationSpec(spec), validatorOptions()))
}

// validationSpec is the spec as the validator reads it: the same paths and
// schemas, marked 3.0 so that kin-openapi takes its 3.0 validator, and
// without servers so that paths match on any host. The served spec keeps
// its version and servers.
func validationSpec(spec *openapi3.T) *openapi3.T {
	v := *spec
	v.OpenAPI = "3.0.3"
	v.Servers = nil
	return &v
}

func validatorOptions() *mw.Options {
	return &mw.Options{
		DoNotValidateServers:  true,
		SilenceServersWarning: true,
		Options: openapi3filter.Options{
			AuthenticationFunc: func(context.Context, *openapi3filter.AuthenticationInput) error { return nil },
			MultiError:         false,
		},
		ErrorHandlerWithOpts: func(_ context.Context, err error, w http.ResponseWriter, r *http.Request, o mw.ErrorHandlerOpts) {
			p := toProblem(validationProblem(err, o.StatusCode))
			p.Instance = r.URL.Path // as errorHandler does, so every problem names its request
			w.Header().Set("Content-Type", "application/problem+json")
			w.WriteHeader(p.Status)
			_ = jsonEncode(w, p)
		},
	}
}

var uuidFormat sync.Once

// validationProblem turns the filter's error into our problem: body schema
// errors are 422 with the field; parameter errors 400; unknown routes 404.
func validationProblem(err error, status int) *apiError {
	var re *openapi3filter.RequestError
	var se *openapi3.SchemaError
	switch {
	case status == http.StatusNotFound || status == http.StatusMethodNotAllowed:
		return newAPIError(status, codeFor(status), http.StatusText(status))
	case errors.As(err, &se) && errors.As(err, &re) && re.RequestBody != nil:
		return &apiError{Status: http.StatusUnprocessableEntity, Code: "validation_failed", Detail: "The request has invalid fields.",
			Fields: []domain.FieldError{schemaFieldError(se)}}
	case errors.As(err, &re) && re.Parameter != nil:
		return &apiError{Status: http.StatusBadRequest, Code: "invalid_parameter", Detail: "invalid query or path parameter",
			Fields: []domain.FieldError{{Field: re.Parameter.Name, Code: "invalid", Message: firstLine(re.Error())}}}
	case errors.As(err, &re) && re.RequestBody != nil:
		return newAPIError(http.StatusBadRequest, "bad_request", firstLine(re.Error()))
	}
	return newAPIError(http.StatusBadRequest, "bad_request", firstLine(err.Error()))
}

// schemaCodes names, for clients, the schema keyword a value broke.
var schemaCodes = map[string]string{
	"required": "required", "additionalProperties": "unknown_field", "type": "wrong_type", "enum": "not_allowed",
	"minLength": "too_short", "maxLength": "too_long", "minimum": "too_small", "maximum": "too_large",
	"minItems": "too_few", "maxItems": "too_many", "format": "invalid_format", "pattern": "invalid_format",
}

// quotedProperty reads the property a required or additionalProperties error names.
var quotedProperty = regexp.MustCompile(`^property "([^"]+)" is (missing|unsupported)`)

// schemaFieldError points at the field itself: a missing or unknown property is
// reported on that property, not on the object holding it.
func schemaFieldError(se *openapi3.SchemaError) domain.FieldError {
	path := se.JSONPointer()
	code, ok := schemaCodes[se.SchemaField]
	if m := quotedProperty.FindStringSubmatch(se.Reason); m != nil {
		if len(path) == 0 || path[len(path)-1] != m[1] {
			path = append(path, m[1])
		}
		if m[2] == "unsupported" {
			code, ok = "unknown_field", true
		}
	}
	field := strings.Join(path, ".")
	if field == "" {
		field = "body"
	}
	if !ok {
		code = "invalid"
	}
	return domain.FieldError{Field: field, Code: code, Message: se.Reason}
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}
