package entity

import "testing"

func TestID(t *testing.T) {
	cases := []struct {
		kind Kind
		name string
	}{
		{Person, "John Kirby"},
		{Place, "Basra"},
		{Place, "Tripoli (Lebanon)"},
		{Organisation, "Islamic State"},
		{Organisation, ""},
	}
	seen := map[string]string{}
	for _, c := range cases {
		id := ID(c.kind, c.name)
		if again := ID(c.kind, c.name); again != id {
			t.Errorf("ID(%v, %q) = %s then %s: not stable", c.kind, c.name, id, again)
		}
		k, ok := ParseID(id)
		if !ok || k != c.kind {
			t.Errorf("ParseID(%s) = %v, %v; want %v, true", id, k, ok, c.kind)
		}
		if other, dup := seen[id]; dup {
			t.Errorf("%q and %q share ID %s", other, c.name, id)
		}
		seen[id] = c.name
	}
	if ID(Person, "Basra") == ID(Place, "Basra") {
		t.Error("a person and a place of one name share an ID")
	}
	// A fixed value: IDs are part of URLs users keep, so the function
	// must never change.
	if got, want := ID(Person, "John Kirby"), "p256be2e2b966"; got != want {
		t.Errorf("ID(Person, John Kirby) = %s, want %s", got, want)
	}
}

func TestParseIDRejects(t *testing.T) {
	for _, s := range []string{"", "p", "John Kirby", "x0123456789ab", "p0123456789AB", "p0123456789abc", "p0123456789a"} {
		if _, ok := ParseID(s); ok {
			t.Errorf("ParseID(%q) accepted a value that is not an ID", s)
		}
	}
}
