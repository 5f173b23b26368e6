// Package registry resolves entities across the articles of an index:
// it knows every person, place and organisation the index's articles
// name, the surface forms each was written with (and in how many
// articles), the titles written before people's names, and the joins it
// made between names of one entity that no single article showed to be
// one ("Jim Kirk" of one article and "James Kirk" of another, both
// commanders of Carrier Strike Group 11), each with its reason.
//
// The index owns the truth. Each article stores what it says of each of
// its entities (a Named: the name extraction gave it, its surface forms,
// titles, and the name it resolved to across articles, with why); the
// Registry is their sum, kept in memory, saved beside the index in one
// file written atomically, and rebuilt from the articles when that file
// is missing, damaged or older than the index. Package index calls it on
// every write:
//
//	reg.Resolve(named)                     // give each name its entity
//	reg.Apply(gen, removed, added)         // after the batch is written
//	changes, err := reg.Evaluate(ctx, corpus, touched) // joins to make or undo
//	// …rewrite the articles of the changed names, Apply again, Save.
//
// Joins are conservative: a person named by surname alone, or with a
// short given name, joins the one full name of the corpus that fits, and
// only with evidence (a title written before both names, or an
// organisation or place named beside both that is not near-ubiquitous).
// An organisation's acronym alone ("IRGC") joins the one name an article
// defined with it ("Islamic Revolutionary Guard Corps (IRGC)"); an
// acronym defined two ways joins neither.
// A decision depends only on the articles in the index, so the order in
// which articles arrive does not change the outcome.
package registry
