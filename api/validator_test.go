package api

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/labstack/echo/v4"
)

// The validator runs kin-openapi's 3.0 schema validator on our 3.1 spec for
// speed (see validator.go). These tests hold it to the JSON Schema 2020-12
// validator kin-openapi would otherwise use: the same verdict on every
// request derived from the spec, and no keyword in the spec that only the
// 2020-12 validator enforces.

func TestValidatorAgreesWithJSONSchema2020OnEveryOperation(t *testing.T) {
	spec, err := GetSpec()
	if err != nil {
		t.Fatal(err)
	}
	reference := jsonSchema2020Validator(t, spec)
	ours := echo.New()
	ours.Use(validator(spec))
	ours.Any("/*", func(c echo.Context) error { return c.NoContent(http.StatusNoContent) })

	cases := specCases(spec)
	counts := map[int]int{}
	for _, c := range cases {
		want := reference(c.request())
		rec := httptest.NewRecorder()
		ours.ServeHTTP(rec, c.request())
		got := rec.Code
		if got == http.StatusNoContent {
			got = 0
		}
		counts[got]++
		if got != want {
			t.Errorf("%s: JSON Schema 2020-12 answers %d, our validator %d: %s", c.name, want, got, rec.Body)
		}
		if (c.verdict == accept && got != 0) || (c.verdict == reject && got == 0) {
			t.Errorf("%s: status %d, but the spec says this request is %s", c.name, got, map[verdict]string{accept: "valid", reject: "invalid"}[c.verdict])
		}
	}
	// A comparison proves something only if both verdicts and both kinds of
	// rejection occurred, over many requests.
	if len(cases) < 300 || counts[0] == 0 || counts[http.StatusBadRequest] == 0 || counts[http.StatusUnprocessableEntity] == 0 {
		t.Errorf("too weak a comparison: %d requests, statuses %v", len(cases), counts)
	}
}

// jsonSchema2020Validator is kin-openapi's default for our 3.1 spec, with
// errors mapped as the validator middleware maps them. 0 means accepted.
func jsonSchema2020Validator(t *testing.T, spec *openapi3.T) func(*http.Request) int {
	ref := *spec
	ref.Servers = nil
	if !ref.IsOpenAPI31OrLater() {
		t.Fatalf("the reference must read the spec as 3.1, not %s", ref.OpenAPI)
	}
	router, err := gorillamux.NewRouter(&ref)
	if err != nil {
		t.Fatal(err)
	}
	opts := validatorOptions().Options
	return func(r *http.Request) int {
		route, params, err := router.FindRoute(r)
		if err != nil {
			t.Fatalf("%s %s: %v", r.Method, r.URL, err)
		}
		in := &openapi3filter.RequestValidationInput{Request: r, PathParams: params, Route: route, Options: &opts}
		if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
			return validationProblem(err, http.StatusBadRequest).Status
		}
		return 0
	}
}

func TestSpecUsesNoKeywordOnlyJSONSchema2020Enforces(t *testing.T) {
	spec, err := GetSpec()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[*openapi3.Schema]bool{}
	var walk func(where string, ref *openapi3.SchemaRef)
	walk = func(where string, ref *openapi3.SchemaRef) {
		if ref == nil || ref.Value == nil || seen[ref.Value] {
			return
		}
		s := ref.Value
		seen[s] = true
		if kw := only2020Keywords(s); len(kw) > 0 {
			t.Errorf("%s uses %s, which kin-openapi's 3.0 validator does not enforce; see validator.go", where, strings.Join(kw, ", "))
		}
		for name, p := range s.Properties {
			walk(where+"."+name, p)
		}
		walk(where+"[]", s.Items)
		walk(where+"{}", s.AdditionalProperties.Schema)
		walk(where+" not", s.Not)
		for _, group := range []openapi3.SchemaRefs{s.AllOf, s.AnyOf, s.OneOf} {
			for _, sub := range group {
				walk(where+" of", sub)
			}
		}
	}
	for path, item := range spec.Paths.Map() {
		for method, op := range item.Operations() {
			for _, p := range append(item.Parameters, op.Parameters...) {
				walk(method+" "+path+" "+p.Value.Name, p.Value.Schema)
			}
			if op.RequestBody != nil {
				for ct, mt := range op.RequestBody.Value.Content {
					walk(method+" "+path+" "+ct, mt.Schema)
				}
			}
		}
	}
	if len(seen) < 20 {
		t.Errorf("walked only %d schemas; the walk is broken", len(seen))
	}
}

// only2020Keywords lists what s uses that the 3.0 validator ignores or reads
// differently: 3.1-only keywords, numeric exclusive bounds, and 3.0's
// nullable (which the 3.0 validator honours and 3.1 does not have).
func only2020Keywords(s *openapi3.Schema) []string {
	var out []string
	for kw, used := range map[string]bool{
		"const": s.Const != nil, "prefixItems": len(s.PrefixItems) > 0, "contains": s.Contains != nil,
		"minContains": s.MinContains != nil, "maxContains": s.MaxContains != nil,
		"patternProperties": len(s.PatternProperties) > 0, "dependentSchemas": len(s.DependentSchemas) > 0,
		"dependentRequired": len(s.DependentRequired) > 0, "propertyNames": s.PropertyNames != nil,
		"unevaluatedItems":      s.UnevaluatedItems.Has != nil || s.UnevaluatedItems.Schema != nil,
		"unevaluatedProperties": s.UnevaluatedProperties.Has != nil || s.UnevaluatedProperties.Schema != nil,
		"if/then/else":          s.If != nil || s.Then != nil || s.Else != nil, "$defs": len(s.Defs) > 0,
		"$dynamicRef": s.DynamicRef != "", "contentSchema": s.ContentSchema != nil,
		"exclusiveMinimum": s.ExclusiveMin.IsSet(), "exclusiveMaximum": s.ExclusiveMax.IsSet(),
		"nullable": s.Nullable, "readOnly": s.ReadOnly, "writeOnly": s.WriteOnly,
	} {
		if used {
			out = append(out, kw)
		}
	}
	return out
}

func TestOnly2020KeywordsFindsThem(t *testing.T) {
	one := 1.0
	for _, c := range []struct {
		name   string
		schema *openapi3.Schema
		want   []string
	}{
		{"plain string", openapi3.NewStringSchema().WithMaxLength(10), nil},
		{"const", &openapi3.Schema{Const: "x"}, []string{"const"}},
		{"3.0 nullable", &openapi3.Schema{Nullable: true}, []string{"nullable"}},
		{"numeric exclusive bound", &openapi3.Schema{ExclusiveMin: openapi3.ExclusiveBound{Value: &one}}, []string{"exclusiveMinimum"}},
	} {
		if got := only2020Keywords(c.schema); strings.Join(got, ",") != strings.Join(c.want, ",") {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}
}
