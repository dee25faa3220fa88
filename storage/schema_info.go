package storage

import (
	"context"
	"fmt"
)

// SchemaInfo lists each table's columns and each unique index's columns, read
// from the database's catalog, so tests can hold the schema to its rules.
func (db *DB) SchemaInfo(ctx context.Context) (tables, uniques map[string][]string, err error) {
	tables, uniques = map[string][]string{}, map[string][]string{}
	r := db.reader(ctx)
	if db.dialect == Postgres {
		var cols []struct{ TableName, ColumnName string }
		if err := r.Raw(`SELECT table_name, column_name FROM information_schema.columns
			WHERE table_schema = current_schema() AND table_name <> 'goose_db_version'`).Scan(&cols).Error; err != nil {
			return nil, nil, err
		}
		for _, c := range cols {
			tables[c.TableName] = append(tables[c.TableName], c.ColumnName)
		}
		var idx []struct{ IndexName, ColumnName string }
		err := r.Raw(`SELECT i.relname AS index_name, a.attname AS column_name
			FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
			JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = ANY (x.indkey)
			WHERE x.indisunique AND t.relnamespace = current_schema()::regnamespace AND t.relname <> 'goose_db_version'`).Scan(&idx).Error
		for _, c := range idx {
			uniques[c.IndexName] = append(uniques[c.IndexName], c.ColumnName)
		}
		return tables, uniques, err
	}
	var names []string
	if err := r.Raw(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'goose_db_version'`).Scan(&names).Error; err != nil {
		return nil, nil, err
	}
	for _, tname := range names {
		var cols []struct{ Name string }
		if err := r.Raw(fmt.Sprintf("SELECT name FROM pragma_table_info('%s')", tname)).Scan(&cols).Error; err != nil {
			return nil, nil, err
		}
		for _, c := range cols {
			tables[tname] = append(tables[tname], c.Name)
		}
		var idx []struct {
			Name   string
			Unique int
		}
		if err := r.Raw(fmt.Sprintf(`SELECT name, "unique" FROM pragma_index_list('%s')`, tname)).Scan(&idx).Error; err != nil {
			return nil, nil, err
		}
		for _, ix := range idx {
			if ix.Unique == 0 {
				continue
			}
			var ic []struct{ Name string }
			if err := r.Raw(fmt.Sprintf("SELECT name FROM pragma_index_info('%s')", ix.Name)).Scan(&ic).Error; err != nil {
				return nil, nil, err
			}
			for _, c := range ic {
				uniques[tname+"."+ix.Name] = append(uniques[tname+"."+ix.Name], c.Name)
			}
		}
	}
	return tables, uniques, nil
}
