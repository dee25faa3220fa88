package storage

import (
	"reflect"
	"strings"
	"sync"

	"gorm.io/gorm"
)

// findAll runs q and reads its rows into a slice of T, like q.Find(&rows).
//
// GORM's Find sets every field of every row through its own reflection and a
// pool of per-field values: about a sixth of a contact list request's CPU
// (docs/benchmarks.md#rest-api). findAll hands database/sql the fields'
// addresses instead, so the driver's values land in place. Which column goes
// to which field is still GORM's answer, read once per model and column list
// from GORM's parse of the model; a column it cannot place that way (a
// serializer, a pointer-embedded struct, a column with no field) sends the
// whole query back to GORM's own scan.
func findAll[T any](q *gorm.DB) ([]T, error) {
	rows, err := q.Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	plan, ok := planFor[T](q, cols)
	if !ok {
		var out []T
		for rows.Next() {
			var v T
			if err := q.ScanRows(rows, &v); err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, rows.Err()
	}
	var out []T
	dest := make([]any, len(cols))
	for rows.Next() {
		var zero T
		out = append(out, zero)
		row := reflect.ValueOf(&out[len(out)-1]).Elem()
		for i, index := range plan {
			dest[i] = row.FieldByIndex(index).Addr().Interface()
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
	}
	return out, rows.Err()
}

// scanPlans caches, per model type and column list, the index path of each
// column's struct field; a nil plan means GORM scans that query itself.
var scanPlans sync.Map // planKey → [][]int

type planKey struct {
	model reflect.Type
	cols  string
}

func planFor[T any](q *gorm.DB, cols []string) ([][]int, bool) {
	key := planKey{reflect.TypeFor[T](), strings.Join(cols, ",")}
	if p, ok := scanPlans.Load(key); ok {
		plan := p.([][]int)
		return plan, plan != nil
	}
	plan := buildPlan[T](q, cols)
	scanPlans.Store(key, plan)
	return plan, plan != nil
}

func buildPlan[T any](q *gorm.DB, cols []string) [][]int {
	stmt := &gorm.Statement{DB: q}
	if err := stmt.Parse(new(T)); err != nil {
		return nil
	}
	plan := make([][]int, len(cols))
	seen := map[string]bool{}
	for i, col := range cols {
		f := stmt.Schema.LookUpField(col)
		if f == nil || seen[col] || f.Serializer != nil || !f.Readable {
			return nil
		}
		seen[col] = true
		for _, x := range f.StructField.Index {
			if x < 0 { // a pointer-embedded struct: GORM allocates it
				return nil
			}
		}
		plan[i] = f.StructField.Index
	}
	return plan
}

// takeOne is q.Take(&row) read through findAll: the first row, or
// gorm.ErrRecordNotFound.
func takeOne[T any](q *gorm.DB) (T, error) {
	rows, err := findAll[T](q.Limit(1))
	if err != nil || len(rows) == 0 {
		var zero T
		if err == nil {
			err = gorm.ErrRecordNotFound
		}
		return zero, err
	}
	return rows[0], nil
}
