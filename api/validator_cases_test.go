package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// reqCase is one request to validate and, where the spec's meaning is
// plain, the verdict every validator must reach.
type reqCase struct {
	name    string
	method  string
	path    string
	query   url.Values
	header  map[string]string
	body    any // nil: no body
	verdict verdict
}

type verdict int

const (
	either verdict = iota // e.g. formats kin-openapi does not enforce by default
	accept
	reject
)

func (c reqCase) request() *http.Request {
	var body *bytes.Reader
	if c.body != nil {
		raw, _ := json.Marshal(c.body)
		body = bytes.NewReader(raw)
	} else {
		body = bytes.NewReader(nil)
	}
	r := httptest.NewRequest(c.method, c.path+"?"+c.query.Encode(), body)
	if c.body != nil {
		r.Header.Set("Content-Type", "application/json")
	}
	for k, v := range c.header {
		r.Header.Set(k, v)
	}
	return r
}

// specCases derives requests from every operation of the spec: one valid
// request built from its schemas, then that request with one parameter or
// one body field broken in each way the schema forbids, and with each
// optional field set.
func specCases(spec *openapi3.T) []reqCase {
	var cases []reqCase
	for path, item := range spec.Paths.Map() {
		for method, op := range item.Operations() {
			base := reqCase{method: method, path: path, query: url.Values{}, header: map[string]string{}, verdict: accept}
			params := append(slices.Clone(item.Parameters), op.Parameters...)
			for _, p := range params {
				pv := p.Value
				v := paramString(sample(pv.Schema.Value))
				switch pv.In {
				case "path":
					base.path = strings.ReplaceAll(base.path, "{"+pv.Name+"}", v)
				case "query":
					if pv.Required {
						base.query.Set(pv.Name, v)
					}
				case "header":
					if pv.Required {
						base.header[pv.Name] = v
					}
				}
			}
			var bodySchema *openapi3.Schema
			if op.RequestBody != nil {
				if mt := op.RequestBody.Value.Content.Get("application/json"); mt != nil && mt.Schema != nil {
					bodySchema = mt.Schema.Value
					base.body = sample(bodySchema)
				}
			}
			base.name = method + " " + base.path
			cases = append(cases, base)
			for _, p := range params {
				if pv := p.Value; pv.In == "query" || pv.In == "header" {
					cases = append(cases, paramCases(base, pv)...)
				}
			}
			if bodySchema != nil {
				for _, m := range mutations(bodySchema, base.body) {
					c := base
					c.name, c.body, c.verdict = base.name+" body"+m.name, m.value, m.verdict
					cases = append(cases, c)
				}
			}
		}
	}
	return cases
}

// paramCases sets one query or header parameter to a valid value, then to
// each kind of invalid one.
func paramCases(base reqCase, p *openapi3.Parameter) []reqCase {
	s := p.Schema.Value
	set := func(name string, v any, want verdict) reqCase {
		c := base
		c.name = fmt.Sprintf("%s %s %s=%s", base.name, p.In, p.Name, name)
		c.query, c.header = url.Values{}, map[string]string{}
		for k, vs := range base.query {
			c.query[k] = vs
		}
		for k, v := range base.header {
			c.header[k] = v
		}
		if p.In == "query" {
			c.query.Set(p.Name, paramString(v))
		} else {
			c.header[p.Name] = paramString(v)
		}
		c.verdict = want
		return c
	}
	out := []reqCase{set("valid", sample(s), accept)}
	for _, m := range scalarMutations(s) {
		// A parameter is text: it cannot be null, and a number is a string.
		if m.value == nil || (mainType(s) == "string" && m.name == " number") {
			continue
		}
		out = append(out, set(m.name, m.value, m.verdict))
	}
	return out
}

func paramString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return fmt.Sprintf("%v", x)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = paramString(e)
		}
		return strings.Join(parts, ",")
	}
	return fmt.Sprint(v)
}

// mutation is a value with one thing changed, named by where and how.
type mutation struct {
	name    string
	value   any
	verdict verdict
}

// mutations breaks v (valid for s) one field at a time, recursing into
// objects and arrays.
func mutations(s *openapi3.Schema, v any) []mutation {
	out := scalarMutations(s)
	obj, ok := v.(map[string]any)
	if !ok || mainType(s) != "object" {
		if arr, ok := v.([]any); ok && s.Items != nil && len(arr) > 0 {
			for _, m := range mutations(s.Items.Value, arr[0]) {
				out = append(out, mutation{"[0]" + m.name, append([]any{m.value}, arr[1:]...), m.verdict})
			}
		}
		return out
	}
	with := func(k string, val any) map[string]any {
		c := make(map[string]any, len(obj)+1)
		for kk, vv := range obj {
			c[kk] = vv
		}
		c[k] = val
		return c
	}
	if s.AdditionalProperties.Has != nil && !*s.AdditionalProperties.Has {
		out = append(out, mutation{".unknown_field", with("unknown_field", 1), reject})
	}
	for _, r := range s.Required {
		c := with(r, nil)
		delete(c, r)
		out = append(out, mutation{"." + r + " missing", c, reject})
	}
	for name, ref := range s.Properties {
		ps := ref.Value
		cur, present := obj[name]
		if !present {
			cur = sample(ps)
			out = append(out, mutation{"." + name + " set", with(name, cur), accept})
		}
		for _, m := range mutations(ps, cur) {
			out = append(out, mutation{"." + name + m.name, with(name, m.value), m.verdict})
		}
	}
	return out
}

// scalarMutations are the ways a single value can break s.
func scalarMutations(s *openapi3.Schema) []mutation {
	var out []mutation
	nullable := s.Type != nil && s.Type.IncludesNull()
	nullVerdict := reject
	if nullable {
		nullVerdict = accept
	}
	if len(s.OneOf)+len(s.AnyOf)+len(s.AllOf) == 0 {
		out = append(out, mutation{" null", nil, nullVerdict})
	}
	switch mainType(s) {
	case "string":
		out = append(out, mutation{" number", 12345.0, reject})
		if s.MaxLength != nil {
			out = append(out, mutation{" too long", strings.Repeat("a", int(*s.MaxLength)+1), reject})
		}
		if s.MinLength > 0 {
			out = append(out, mutation{" too short", strings.Repeat("a", int(s.MinLength)-1), reject})
		}
		if len(s.Enum) > 0 {
			out = append(out, mutation{" not in enum", "not-in-enum", reject})
		}
		if s.Format != "" {
			out = append(out, mutation{" bad " + s.Format, "not-a-" + s.Format, either})
		}
	case "integer", "number":
		out = append(out, mutation{" string", "abc", reject})
		if mainType(s) == "integer" {
			out = append(out, mutation{" fraction", 1.5, reject})
		}
		if s.Min != nil {
			out = append(out, mutation{" below minimum", *s.Min - 1, reject})
		}
		if s.Max != nil {
			out = append(out, mutation{" above maximum", *s.Max + 1, reject})
		}
	case "boolean":
		out = append(out, mutation{" string", "yes", reject})
	case "array":
		out = append(out, mutation{" string", "abc", reject})
		if s.MaxItems != nil && s.Items != nil {
			many := make([]any, *s.MaxItems+1)
			for i := range many {
				many[i] = sample(s.Items.Value)
			}
			out = append(out, mutation{" too many items", many, either}) // uniqueItems may also object
		}
	case "object":
		out = append(out, mutation{" string", "abc", reject})
	}
	return out
}

// sample is a value s accepts.
func sample(s *openapi3.Schema) any {
	for _, e := range s.Enum {
		if e != nil {
			return e
		}
	}
	switch {
	case len(s.OneOf) > 0:
		return sample(s.OneOf[0].Value)
	case len(s.AnyOf) > 0:
		return sample(s.AnyOf[0].Value)
	}
	switch mainType(s) {
	case "string":
		switch s.Format {
		case "uuid":
			return "0190a0a0-0000-7000-8000-000000000001"
		case "date-time":
			return "2026-01-02T03:04:05Z"
		case "date":
			return "2026-01-02"
		case "email":
			return "someone@example.com"
		case "uri", "url":
			return "https://example.com/"
		}
		return strings.Repeat("a", max(1, int(s.MinLength)))
	case "integer", "number":
		n := 1.0
		if s.Min != nil && *s.Min > n {
			n = *s.Min
		}
		if s.Max != nil && *s.Max < n {
			n = *s.Max
		}
		return n
	case "boolean":
		return true
	case "array":
		out := []any{}
		for range s.MinItems {
			out = append(out, sample(s.Items.Value))
		}
		return out
	case "object":
		out := map[string]any{}
		for _, r := range s.Required {
			out[r] = sample(s.Properties[r].Value)
		}
		return out
	}
	return "a"
}

// mainType is the schema's type other than null.
func mainType(s *openapi3.Schema) string {
	if s.Type != nil {
		for _, t := range *s.Type {
			if t != "null" {
				return t
			}
		}
	}
	if len(s.Properties) > 0 {
		return "object"
	}
	return ""
}
