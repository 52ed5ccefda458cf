package demo

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/gobi-bi/gobi/shared/api"
)

var (
	slug      = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	paramName = regexp.MustCompile(`:([A-Za-z_][A-Za-z0-9_]*)`)
)

// usedParams lists the :name parameters in sql, each once.
func usedParams(sql string) []string {
	var names []string
	for _, m := range paramName.FindAllStringSubmatch(sql, -1) {
		if !slices.Contains(names, m[1]) {
			names = append(names, m[1])
		}
	}
	return names
}

func TestQueriesAreWellFormed(t *testing.T) {
	keys := map[string]bool{}
	for _, q := range Queries() {
		t.Run(q.Key, func(t *testing.T) {
			if !slug.MatchString(q.Key) {
				t.Errorf("key %q is not a slug", q.Key)
			}
			if keys[q.Key] {
				t.Errorf("duplicate key %q", q.Key)
			}
			keys[q.Key] = true
			if q.Name == "" || q.Description == "" {
				t.Error("name and description are required")
			}
			head := strings.ToUpper(strings.Fields(q.SQL)[0])
			if head != "SELECT" && head != "WITH" {
				t.Errorf("SQL starts with %s, want SELECT or WITH", head)
			}
			if strings.Contains(q.SQL, ";") || strings.Contains(q.SQL, "?") {
				t.Error("SQL must be one statement with named parameters only")
			}
			used := usedParams(q.SQL)
			var declared []string
			for _, p := range q.Params {
				declared = append(declared, p.Name)
				if !slices.Contains(used, p.Name) {
					t.Errorf("parameter %q is declared but not used", p.Name)
				}
				checkDefault(t, p)
			}
			for _, name := range used {
				if !slices.Contains(declared, name) {
					t.Errorf("parameter :%s is used but not declared", name)
				}
			}
		})
	}
	if len(keys) < 15 {
		t.Errorf("only %d demo queries", len(keys))
	}
}

// checkDefault insists on a default of the declared type, in the shape
// encoding/json would decode it to.
func checkDefault(t *testing.T, p api.ParamDef) {
	t.Helper()
	ok := false
	switch p.Type {
	case api.ParamString, api.ParamDate:
		_, ok = p.Default.(string)
	case api.ParamNumber:
		_, ok = p.Default.(float64)
	case api.ParamList:
		items, isList := p.Default.([]any)
		ok = isList && len(items) > 0 && p.ItemType != ""
	}
	if !ok {
		t.Errorf("parameter %q of type %s has default %#v", p.Name, p.Type, p.Default)
	}
}

// inline replaces each :name with a SQL literal, the naive way, which is
// enough for these known queries and values. The real binder is
// shared/sqlparam.
func inline(sql string, values map[string]any) (string, error) {
	var err error
	out := paramName.ReplaceAllStringFunc(sql, func(m string) string {
		v, ok := values[m[1:]]
		if !ok {
			err = fmt.Errorf("no value for %s", m)
			return m
		}
		return literal(v)
	})
	return out, err
}

func literal(v any) string {
	switch v := v.(type) {
	case string:
		return "'" + strings.ReplaceAll(v, "'", "''") + "'"
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case []any:
		parts := make([]string, len(v))
		for i, item := range v {
			parts[i] = literal(item)
		}
		return strings.Join(parts, ", ")
	}
	return fmt.Sprintf("'%v'", v)
}

func TestQueriesRun(t *testing.T) {
	db, _ := buildDB(t)
	if _, err := db.Exec("PRAGMA query_only = ON"); err != nil {
		t.Fatal(err)
	}
	others := map[string]any{
		"region":  "Asia Pacific",
		"limit":   float64(3),
		"symbol":  "INIT",
		"from":    "2024-12-01",
		"to":      "2024-12-31",
		"regions": []any{"Latin America"},
		"name":    "Gross margin %",
	}
	for _, q := range Queries() {
		defaults := map[string]any{}
		for _, p := range q.Params {
			defaults[p.Name] = p.Default
		}
		for _, run := range []struct {
			name   string
			values map[string]any
		}{{"defaults", defaults}, {"other values", others}} {
			t.Run(q.Key+"/"+run.name, func(t *testing.T) {
				sql, err := inline(q.SQL, run.values)
				if err != nil {
					t.Fatal(err)
				}
				rows, err := db.Query(sql)
				if err != nil {
					t.Fatalf("%v\n%s", err, sql)
				}
				defer rows.Close()
				cols, err := rows.Columns()
				if err != nil {
					t.Fatal(err)
				}
				n := 0
				for rows.Next() {
					n++
				}
				if err := rows.Err(); err != nil {
					t.Fatal(err)
				}
				if n == 0 {
					t.Errorf("no rows\n%s", sql)
				}
				if v, ok := run.values["limit"]; ok && slices.Contains(usedParams(q.SQL), "limit") && n != int(v.(float64)) {
					t.Errorf("%d rows, want LIMIT %v", n, v)
				}
				t.Logf("%d columns %v, %d rows", len(cols), cols, n)
			})
		}
	}
}
