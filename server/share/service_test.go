package share

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"github.com/gobi-bi/gobi/server/auth"
	"github.com/gobi-bi/gobi/server/chart"
	"github.com/gobi-bi/gobi/server/dashboard"
	"github.com/gobi-bi/gobi/server/datasource"
	"github.com/gobi-bi/gobi/server/fault"
	"github.com/gobi-bi/gobi/server/query"
	"github.com/gobi-bi/gobi/server/store"
	"github.com/gobi-bi/gobi/shared/api"
)

// world is a small metadata database: users ann (owner), bob, cat and an
// admin; ann's query, two charts of it (one on her dashboard), and the
// dashboard.
type world struct {
	db                   *bun.DB
	s                    *Service
	ann, bob, cat, admin auth.Principal
	query, onBoard, off  int64
	board                int64
}

func newWorld(t testing.TB, db *bun.DB) *world {
	t.Helper()
	ctx := context.Background()
	w := &world{db: db}
	w.s = NewService(w.db)
	now := time.Now().UTC().Truncate(time.Second)
	insert := func(m any) {
		t.Helper()
		if _, err := w.db.NewInsert().Model(m).Exec(ctx); err != nil {
			t.Fatal(err)
		}
	}
	user := func(name string, role auth.Role) auth.Principal {
		u := &auth.User{Username: name, PasswordHash: "x", Role: role, CreatedAt: now, UpdatedAt: now}
		insert(u)
		return auth.Principal{UserID: u.ID, Username: name, Role: role}
	}
	w.ann, w.bob, w.cat, w.admin = user("ann", auth.RoleUser), user("bob", auth.RoleUser), user("cat", auth.RoleUser), user("root", auth.RoleAdmin)
	ds := &datasource.Datasource{OwnerID: w.ann.UserID, Name: "src", Type: api.SQLite, CreatedAt: now, UpdatedAt: now}
	insert(ds)
	q := &query.Query{OwnerID: w.ann.UserID, DatasourceID: ds.ID, Name: "q", SQL: "SELECT 1", Params: "[]", CreatedAt: now, UpdatedAt: now}
	insert(q)
	w.query = q.ID
	chartOf := func(name string) int64 {
		c := &chart.Chart{OwnerID: w.ann.UserID, QueryID: &q.ID, Name: name, Type: "bar", Spec: `{"type":"bar"}`, CreatedAt: now, UpdatedAt: now}
		insert(c)
		return c.ID
	}
	w.onBoard, w.off = chartOf("on"), chartOf("off")
	tiles, _ := json.Marshal([]api.Tile{{ChartID: w.onBoard, W: 6, H: 4}})
	b := &dashboard.Dashboard{OwnerID: w.ann.UserID, Title: "b", Tiles: string(tiles), Params: "[]", CreatedAt: now, UpdatedAt: now}
	insert(b)
	w.board = b.ID
	return w
}

func (w *world) role(t *testing.T, p auth.Principal, kind api.ShareKind, id int64) api.Access {
	t.Helper()
	a, err := w.s.Role(context.Background(), p, kind, id, w.ann.UserID)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// TestRole: each way a share reaches a user, and how far it reaches, on
// every metadata dialect configured.
func TestRole(t *testing.T) {
	store.EachDialect(t, func(t *testing.T, d api.Dialect, _ string) {
		w := newWorld(t, store.OpenTest(t, d).DB)
		type item struct {
			kind api.ShareKind
			id   *int64
		}
		board, on, off, q := item{api.ShareDashboard, &w.board}, item{api.ShareChart, &w.onBoard}, item{api.ShareChart, &w.off}, item{api.ShareQuery, &w.query}
		tests := []struct {
			name   string
			on     item
			shares []api.Share
			who    *auth.Principal
			check  item
			want   api.Access
		}{
			{"the owner", board, nil, &w.ann, board, api.AccessOwner},
			{"an admin", board, nil, &w.admin, q, api.AccessOwner},
			{"unshared", board, nil, &w.bob, board, ""},
			{"viewer", board, []api.Share{{UserID: w.bob.UserID, Role: api.ShareViewer}}, &w.bob, board, api.AccessViewer},
			{"editor", board, []api.Share{{UserID: w.bob.UserID, Role: api.ShareEditor}}, &w.bob, board, api.AccessEditor},
			{"someone else's share", board, []api.Share{{UserID: w.cat.UserID, Role: api.ShareEditor}}, &w.bob, board, ""},
			{"everyone", board, []api.Share{{Everyone: true, Role: api.ShareViewer}}, &w.cat, board, api.AccessViewer},
			{"the higher of everyone and own", board, []api.Share{{Everyone: true, Role: api.ShareViewer}, {UserID: w.bob.UserID, Role: api.ShareEditor}}, &w.bob, board, api.AccessEditor},
			{"a tile through the dashboard", board, []api.Share{{UserID: w.bob.UserID, Role: api.ShareEditor}}, &w.bob, on, api.AccessViewer},
			{"a chart not on it", board, []api.Share{{UserID: w.bob.UserID, Role: api.ShareViewer}}, &w.bob, off, ""},
			{"a tile's query", board, []api.Share{{Everyone: true, Role: api.ShareViewer}}, &w.cat, q, api.AccessViewer},
			{"a chart's query", off, []api.Share{{UserID: w.bob.UserID, Role: api.ShareEditor}}, &w.bob, q, api.AccessViewer},
			{"a chart is not its dashboard", on, []api.Share{{UserID: w.bob.UserID, Role: api.ShareViewer}}, &w.bob, board, ""},
			{"a query is not its charts", q, []api.Share{{UserID: w.bob.UserID, Role: api.ShareViewer}}, &w.bob, off, ""},
			{"a query shared", q, []api.Share{{UserID: w.bob.UserID, Role: api.ShareEditor}}, &w.bob, q, api.AccessEditor},
			{"revoked", board, []api.Share{}, &w.bob, on, ""},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				for _, k := range []item{board, on, off, q} {
					if _, err := w.s.Set(t.Context(), w.ann, k.kind, *k.id, nil); err != nil {
						t.Fatal(err)
					}
				}
				if _, err := w.s.Set(t.Context(), w.ann, tt.on.kind, *tt.on.id, tt.shares); err != nil {
					t.Fatal(err)
				}
				if got := w.role(t, *tt.who, tt.check.kind, *tt.check.id); got != tt.want {
					t.Fatalf("access %q, want %q", got, tt.want)
				}
			})
		}
	})
}

// TestSet: who may set an item's shares, what the list must be, and what
// Shared, List and Drop then see.
func TestSet(t *testing.T) {
	store.EachDialect(t, func(t *testing.T, d api.Dialect, _ string) {
		w := newWorld(t, store.OpenTest(t, d).DB)
		ctx := t.Context()
		viewBob := []api.Share{{UserID: w.bob.UserID, Role: api.ShareViewer}}
		tests := []struct {
			name   string
			by     auth.Principal
			id     int64
			shares []api.Share
			kind   fault.Kind // Internal: success
		}{
			{"by the owner", w.ann, w.board, viewBob, fault.Internal},
			{"by the viewer", w.bob, w.board, nil, fault.Forbidden},
			{"by a stranger", w.cat, w.board, nil, fault.NotFound},
			{"missing item", w.ann, 1 << 40, nil, fault.NotFound},
			{"bad role", w.ann, w.board, []api.Share{{UserID: w.bob.UserID, Role: "admin"}}, fault.Invalid},
			{"unknown user", w.ann, w.board, []api.Share{{UserID: 1 << 40, Role: api.ShareViewer}}, fault.Invalid},
			{"by an admin", w.admin, w.board, append(viewBob, api.Share{UserID: w.cat.UserID, Role: api.ShareEditor}), fault.Internal},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := w.s.Set(ctx, tt.by, api.ShareDashboard, tt.id, tt.shares)
				if tt.kind == fault.Internal {
					if err != nil {
						t.Fatal(err)
					}
					return
				}
				if fault.KindOf(err) != tt.kind {
					t.Fatalf("err %v (%v), want %v", err, fault.KindOf(err), tt.kind)
				}
			})
		}
		got, err := w.s.List(ctx, w.ann, api.ShareDashboard, w.board)
		if err != nil || len(got) != 2 || got[0].Username != "bob" || got[1].Username != "cat" || got[1].Role != api.ShareEditor {
			t.Fatalf("listed %+v, %v", got, err)
		}
		shared, err := w.s.Shared(ctx, w.cat, api.ShareDashboard)
		if err != nil || len(shared) != 1 || shared[w.board] != api.AccessEditor {
			t.Fatalf("cat's shared dashboards %v, %v", shared, err)
		}
		if err := w.s.Drop(ctx, api.ShareDashboard, w.board); err != nil {
			t.Fatal(err)
		}
		if shared, err := w.s.Shared(ctx, w.cat, api.ShareDashboard); err != nil || len(shared) != 0 {
			t.Fatalf("after Drop: %v, %v", shared, err)
		}
		if got, err := w.s.List(ctx, w.ann, api.ShareDashboard, w.board); err != nil || len(got) != 0 {
			t.Fatalf("after Drop, listed %+v, %v", got, err)
		}
	})
}

// BenchmarkRoleThroughDashboards is the worst case of an access check on
// SQLite: a chart on none of the 100 dashboards (10 tiles each) shared
// with the caller, so every one is read.
func BenchmarkRoleThroughDashboards(b *testing.B) {
	ctx := context.Background()
	db, err := store.Open(ctx, api.SQLite, b.TempDir()+"/meta.db")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := store.Migrate(ctx, db); err != nil {
		b.Fatal(err)
	}
	w := newWorld(b, db)
	now := time.Now().UTC()
	tiles := make([]api.Tile, 10)
	for i := range tiles {
		tiles[i] = api.Tile{ChartID: w.onBoard, X: 0, Y: i * 2, W: 6, H: 2}
	}
	raw, _ := json.Marshal(tiles)
	for i := range 100 {
		d := &dashboard.Dashboard{OwnerID: w.ann.UserID, Title: fmt.Sprintf("d%d", i), Tiles: string(raw), Params: "[]", CreatedAt: now, UpdatedAt: now}
		if _, err := w.db.NewInsert().Model(d).Exec(ctx); err != nil {
			b.Fatal(err)
		}
		if _, err := w.s.Set(ctx, w.ann, api.ShareDashboard, d.ID, []api.Share{{UserID: w.bob.UserID, Role: api.ShareViewer}}); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for b.Loop() {
		if a, err := w.s.Role(ctx, w.bob, api.ShareChart, w.off, w.ann.UserID); err != nil || a != "" {
			b.Fatal(a, err)
		}
	}
}
