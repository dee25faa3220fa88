package api

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"
)

// csvTable builds a report's CSV export: a header row and one row per line
// of the chart, the same numbers the JSON carries.
type csvTable struct {
	buf bytes.Buffer
	w   *csv.Writer
}

func newCSV(header ...string) *csvTable {
	t := &csvTable{}
	t.w = csv.NewWriter(&t.buf)
	t.row(header...)
	return t
}

// row writes text cells, each made safe for spreadsheets.
func (t *csvTable) row(cells ...string) {
	for i, c := range cells {
		cells[i] = csvSafe(c)
	}
	_ = t.w.Write(cells) // writes to a bytes.Buffer cannot fail
}

func (t *csvTable) bytes() (*bytes.Reader, int64) {
	t.w.Flush()
	return bytes.NewReader(t.buf.Bytes()), int64(t.buf.Len())
}

// csvSafe defuses formula injection (OWASP): a spreadsheet runs a cell that
// starts with = + - @ (or a tab or carriage return before one) as a formula,
// so such text gets a leading apostrophe. Numbers we format ourselves are
// left alone: "-0.25" is a value, not a formula.
func csvSafe(s string) string {
	if s == "" || isNumber(s) {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

func isNumber(s string) bool {
	_, err := strconv.ParseFloat(s, 64)
	return err == nil && !strings.ContainsAny(s, "xXpPnN_")
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func inum(i int64) string { return strconv.FormatInt(i, 10) }

// optNum is a number or an empty cell.
func optNum(f *float64) string {
	if f == nil {
		return ""
	}
	return num(*f)
}

// wantCSV reads a report's format parameter.
func wantCSV[T ~string](f *T) bool { return f != nil && string(*f) == "csv" }
