package momentum

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// userRows is every user's timeline as text, by user id, so timelines
// built in different ways compare whatever their user order.
func userRows(t *Timelines) map[string]string {
	out := map[string]string{}
	for u := range t.Len() {
		ev, ts := t.User(u)
		s := fmt.Sprintf("first %d start", t.First(u))
		for k := range t.Starts {
			s += fmt.Sprintf(" %d", t.Start(u, k))
		}
		for j := range ev {
			s += fmt.Sprintf(" %s@%d", t.Events[ev[j]], ts[j])
		}
		out[t.ID(u)] = s
	}
	return out
}

// TestNumberedUsersAndConcat builds the same rows once through Add and
// once through NewUser/AddEvent/AddStart split over three builders (one
// of them given users but no rows, one with no users at all), joins the
// parts with Concat and wants the same timelines, ids included.
func TestNumberedUsersAndConcat(t *testing.T) {
	events, starts := []string{"a", "b", "buy"}, []string{"first_visit"}
	type row struct {
		user, event string
		ts          int64
	}
	var rows []row
	for u := range 40 {
		id := fmt.Sprintf("user-%02d", u)
		if u%5 == 0 {
			rows = append(rows, row{id, "page_view", 1}) // neither tracked nor a start: no timeline
			continue
		}
		rows = append(rows, row{id, "first_visit", int64(100 + u)})
		for k := range u % 4 {
			rows = append(rows, row{id, events[(u+k)%3], int64(1000 - 10*k - u)})
		}
	}
	whole := NewBuilder(events, starts)
	for _, r := range rows {
		whole.Add(r.user, r.event, r.ts)
	}
	want := whole.Build()

	parts := make([]*Builder, 3)
	ids := make([][]string, 3)
	nums := make([]map[string]int32, 3)
	for i := range parts {
		parts[i] = NewBuilder(events, starts)
		nums[i] = map[string]int32{}
		parts[i].IDsFrom(func(u int32) string { return ids[i][u] })
	}
	for _, r := range rows {
		var p int
		fmt.Sscanf(r.user, "user-%d", &p)
		p %= 2 // parts 0 and 1 get rows; part 2 stays empty
		b := parts[p]
		u, ok := nums[p][r.user]
		if !ok {
			u = b.NewUser()
			nums[p][r.user] = u
			ids[p] = append(ids[p], r.user)
		}
		if e, ok := b.Event(r.event); ok {
			b.AddEvent(u, e, r.ts)
		} else if s := b.Start(r.event); s >= 0 {
			b.AddStart(u, s, r.ts)
		}
	}
	// Part 1 also has users without any row, who must be left out.
	for _, id := range []string{"ghost-1", "ghost-2"} {
		nums[1][id] = parts[1].NewUser()
		ids[1] = append(ids[1], id)
	}
	built := []*Timelines{parts[2].Build(), parts[0].Build(), parts[1].Build()}
	got := Concat(built)
	if got.Len() != want.Len() || got.Rows() != want.Rows() {
		t.Fatalf("%d users, %d rows; want %d, %d", got.Len(), got.Rows(), want.Len(), want.Rows())
	}
	if diff := cmp.Diff(userRows(want), userRows(got)); diff != "" {
		t.Errorf("concatenated timelines differ (-Add +NewUser/Concat):\n%s", diff)
	}
}
