package api

import (
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/onefunnel/onefunnel/domain"
)

// queryGuard applies the body's text rules to query parameters: filters and
// searches reach SQL as bound values, and PostgreSQL refuses NUL there (a 500)
// where SQLite quietly matches nothing. Both databases must answer the same,
// so both get a 400 before any query runs.
func queryGuard(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		for name, values := range c.Request().URL.Query() {
			for _, s := range append([]string{name}, values...) {
				if err := checkParam(name, s); err != nil {
					return err
				}
			}
		}
		return next(c)
	}
}

func checkParam(name, s string) error {
	switch {
	case !utf8.ValidString(s):
		return &apiError{Status: http.StatusBadRequest, Code: "invalid_utf8", Detail: "query parameters must be valid UTF-8",
			Fields: []domain.FieldError{{Field: name, Code: "invalid_utf8", Message: "must be valid UTF-8"}}}
	case strings.ContainsRune(s, 0):
		return &apiError{Status: http.StatusBadRequest, Code: "nul_character", Detail: "query parameters must not contain NUL characters",
			Fields: []domain.FieldError{{Field: name, Code: "nul_character", Message: "must not contain NUL characters"}}}
	}
	return nil
}
