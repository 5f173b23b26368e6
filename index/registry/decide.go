package registry

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/sitrep/sitrep/index/entity"
)

// Corpus answers what the registry needs to know of the articles
// themselves to join two names: which organisations and places are named
// beside a name. The index implements it with term queries; the articles
// of the write being evaluated are already in it.
type Corpus interface {
	// Context returns the organisations and places named in the articles
	// that name (k, name) as extracted, each with the number of those
	// articles (Articles) and of all the index's articles (Corpus)
	// naming it.
	Context(ctx context.Context, k entity.Kind, name string) ([]Value, error)
	// Shared returns those of values that are named in an article that
	// names one of names (of kind k, as extracted) and not exclude. It
	// may miss some, never report one that is not.
	Shared(ctx context.Context, k entity.Kind, names []string, exclude string, values []Value) ([]Value, error)
}

// Value is an organisation or place named beside a name (Corpus.Context).
type Value struct {
	Kind entity.Kind
	Name string
	// Articles counts the articles of the name that name it, Corpus all
	// the articles that do.
	Articles, Corpus int
}

// Evidence thresholds. An organisation or place is evidence that two
// names are one person when it is named beside both and in at most
// ubiquityShare of the index's articles (or ubiquityFloor articles, in a
// small index): "Carrier Strike Group 11" is, "United States" and "US
// Navy" are not. A title is evidence when written before both names and
// before at most that share of the people's names (ubiquityFloor at
// least), honorifics never.
const (
	ubiquityShare = 100 // 1 in 100
	ubiquityFloor = 8
)

// informative reports whether something named in freq of n items is
// specific enough to be evidence.
func informative(freq, n int) bool { return freq <= max(ubiquityFloor, n/ubiquityShare) }

// honorific reports whether the title key says nothing of who someone
// is.
func honorific(key string) bool {
	switch key {
	case "mr", "mrs", "ms", "miss", "mx", "dr", "sir", "madam", "dame", "prof", "professor":
		return true
	}
	return false
}

// Change is a name whose entity across articles changed: the articles
// naming it (as extracted) must be written again with the new one.
type Change struct {
	Kind entity.Kind
	// Name is the name as extracted (the term of index.FieldNames).
	Name string
	// From and To are the names it resolved to before and after; equal
	// when only the reason changed.
	From, To string
}

// Evaluate decides again, for the groups of names a write touched (as
// Apply returned them), which names join which, and returns the names
// whose entity or reason changed. The registry takes the new decisions
// at once: the caller rewrites the changed names' articles (Resolve
// gives them their new names) and Applies that write.
func (r *Registry) Evaluate(ctx context.Context, c Corpus, groups []string) ([]Change, error) {
	var out []Change
	for _, g := range groups {
		if err := ctx.Err(); err != nil {
			return out, err
		}
		ch, err := r.evaluateGroup(ctx, c, g)
		if err != nil {
			return out, fmt.Errorf("join the names of %q across articles: %w", strings.TrimPrefix(g, "p"), err)
		}
		out = append(out, ch...)
	}
	return out, nil
}

// decision is where a name goes.
type decision struct{ target, why string }

// evaluateGroup decides the joins of one group of people's names (one
// surname): first the names with a short given name ("Jim Kirk" to
// "James Kirk"), then the surnames alone ("Kirk" to the one person of
// that surname left).
func (r *Registry) evaluateGroup(ctx context.Context, c Corpus, g string) ([]Change, error) {
	r.mu.RLock()
	members := slices.Clone(r.groups[g])
	r.mu.RUnlock()
	slices.SortFunc(members, func(a, b *name) int { return strings.Compare(a.name, b.name) })
	if strings.HasPrefix(g, "o") {
		return r.settle(members, r.acronyms(members)), nil
	}
	var full, single []*name
	for _, m := range members {
		if strings.Contains(m.name, " ") {
			full = append(full, m)
		} else {
			single = append(single, m)
		}
	}
	decided := make(map[*name]decision, len(members))
	for _, m := range full {
		decided[m] = decision{target: m.name}
	}
	for _, m := range full {
		first, rest, _ := strings.Cut(m.name, " ")
		var cand *name
		n := 0
		for _, f := range full {
			fFirst, fRest, _ := strings.Cut(f.name, " ")
			if f != m && entity.NameKey(fRest) == entity.NameKey(rest) && entity.ShortGivenName(first, fFirst) {
				cand = f
				n++
			}
		}
		if n != 1 {
			continue
		}
		d, err := r.join(ctx, c, m, cand.name, []string{cand.name}, "short form of the given name of")
		if err != nil {
			return nil, err
		}
		decided[m] = d
	}
	targets := map[string][]string{} // target → the full names resolving to it
	for _, m := range full {
		t := decided[m].target
		targets[t] = append(targets[t], m.name)
	}
	for _, m := range single {
		decided[m] = decision{target: m.name}
		if len(targets) != 1 {
			continue // no full name, or two people: "Smith" joins neither
		}
		for t, names := range targets {
			d, err := r.join(ctx, c, m, t, names, "surname of")
			if err != nil {
				return nil, err
			}
			if d.target == m.name {
				d = r.labelJoin(m, t, names)
			}
			decided[m] = d
		}
	}
	return r.settle(members, decided), nil
}

// settle takes the decisions for a group's members and returns the
// names whose entity or reason changed.
func (r *Registry) settle(members []*name, decided map[*name]decision) []Change {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []Change
	for _, m := range members {
		d := decided[m]
		if r.names[nameKey{m.kind, m.name}] != m || (d.target == m.target && d.why == m.why) {
			continue // forgotten meanwhile, or unchanged
		}
		out = append(out, Change{Kind: m.kind, Name: m.name, From: m.target, To: d.target})
		r.retarget(m, d.target, d.why)
	}
	return out
}

// acronyms decides the joins of one group of organisations' names (one
// set of initials): an acronym alone ("IRGC") joins the one name of
// several words that an article wrote as that acronym, that is, defined
// with it ("the Islamic Revolutionary Guard Corps (IRGC)"); when two
// names were defined with it (two "NSA"s), it joins neither. The
// definition is the evidence: no context is needed.
func (r *Registry) acronyms(members []*name) map[*name]decision {
	decided := make(map[*name]decision, len(members))
	r.mu.RLock()
	defer r.mu.RUnlock()
	for _, m := range members {
		decided[m] = decision{target: m.name}
		if !bareAcronym(m) {
			continue
		}
		var cand *name
		n := 0
		for _, f := range members {
			if !bareAcronym(f) && find(f.forms, m.name) > 0 {
				cand, n = f, n+1
			}
		}
		if n == 1 {
			decided[m] = decision{target: cand.name, why: "acronym of " + cand.name + ", defined so in another article"}
		}
	}
	return decided
}

// join returns the decision for the name m, which may be target (whose
// full names are names), given the evidence: a shared title, else an
// organisation or place named beside both. Without evidence m stays
// itself.
func (r *Registry) join(ctx context.Context, c Corpus, m *name, target string, names []string, relation string) (decision, error) {
	stay := decision{target: m.name}
	r.mu.RLock()
	title := r.sharedTitle(m, names)
	articles := r.articles
	r.mu.RUnlock()
	if title != "" {
		return decision{target: target, why: relation + " " + target + ", both titled " + title}, nil
	}
	values, err := c.Context(ctx, m.kind, m.name)
	if err != nil {
		return stay, err
	}
	values = slices.DeleteFunc(values, func(v Value) bool { return !informative(v.Corpus, articles) })
	if len(values) == 0 {
		return stay, nil
	}
	shared, err := c.Shared(ctx, m.kind, names, m.name, values)
	if err != nil || len(shared) == 0 {
		return stay, err
	}
	// The most specific: the fewest articles of the corpus.
	v := slices.MinFunc(shared, func(a, b Value) int {
		return cmp.Or(cmp.Compare(a.Corpus, b.Corpus), cmp.Compare(a.Kind, b.Kind), strings.Compare(a.Name, b.Name))
	})
	return decision{target: target, why: relation + " " + target + ", both named beside " + v.Name}, nil
}

// labelJoin returns the decision for m, a surname alone, which may be
// target (whose full names are names) without other evidence: when m is
// a speaker's label or written with an honorific ("MR KIRBY:" of a State
// Department transcript) and a source that published m also published
// an article naming one of names with a title ("Spokesperson John
// Kirby"): a publisher's label names its own people. Otherwise m stays
// itself.
func (r *Registry) labelJoin(m *name, target string, names []string) decision {
	r.mu.RLock()
	defer r.mu.RUnlock()
	label := slices.ContainsFunc(m.titles, func(t tally) bool { return honorific(entity.NameKey(t.Text)) }) ||
		slices.ContainsFunc(m.forms, func(f tally) bool {
			return len(f.Text) > 1 && strings.ToUpper(f.Text) == f.Text && strings.ToLower(f.Text) != f.Text
		})
	if !label {
		return decision{target: m.name}
	}
	for _, s := range m.sources { // sorted: the first source that fits
		for _, n := range names {
			if o := r.names[nameKey{m.kind, n}]; o != nil && find(o.roles, s.Text) > 0 {
				return decision{target: target, why: "surname of " + target + ", a label of " + s.Text + ", which names " + n + " with a title"}
			}
		}
	}
	return decision{target: m.name}
}

// sharedTitle returns the most specific title written before m and
// before one of names, when it is evidence; "" when none is. The caller
// holds r.mu.
func (r *Registry) sharedTitle(m *name, names []string) string {
	best, holders := "", 0
	for _, t := range m.titles {
		key := entity.NameKey(t.Text)
		if honorific(key) || !informative(r.titleHolders[t.Text], r.persons) {
			continue
		}
		for _, n := range names {
			o := r.names[nameKey{m.kind, n}]
			if o == nil || !slices.ContainsFunc(o.titles, func(ot tally) bool { return entity.NameKey(ot.Text) == key }) {
				continue
			}
			if h := r.titleHolders[t.Text]; best == "" || h < holders || h == holders && t.Text < best {
				best, holders = t.Text, h
			}
		}
	}
	return best
}
