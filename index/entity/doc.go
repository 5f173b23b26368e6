// Package entity finds the people, places and organisations an article is
// about, under canonical names that are the same across articles, so that
// facet counts add up and an analyst who picks "Kirkuk" or "Celeste
// Wallander" gets every article about them and nothing else.
//
// It owns the extraction rules and the gazetteer that ships inside the
// binary (data/gazetteer.tsv.gz, embedded; built by internal/gengaz from
// GeoNames, the Phoenix/PETRARCH dictionaries and the hand-curated lists in
// data/curated — run `go generate ./index/entity/` after editing those).
// It imports nothing else of Sitrep. Extraction works in four layers:
//
//   - the gazetteer: countries, regions, cities and conflict-zone towns with
//     their spelling variants, armed forces, ministries, international
//     organisations, militant groups, defence companies and leaders, each
//     with its aliases ("Daesh", "ISIL" -> "Islamic State");
//   - rules for names the gazetteer lacks: people after a title
//     ("Lt. Gen. ...") or before a speech verb ("... said"), organisations
//     ending in a head word ("... Forces", "... Agency") or defined with an
//     acronym ("Rapid Support Forces (RSF)"), places after or before a cue
//     ("the town of ...", "... province", "near ...");
//   - a sequence tagger (internal/tagger, weights in data/tagger.bin.gz,
//     embedded; trained by internal/train, `make train-entities`) that finds
//     names from the words around them ("Colonel Jan Koval said", "the
//     Black Watch"); what it finds counts where the gazetteer and the rules
//     found nothing, and only when plausible (tagging.go);
//   - coreference within the article: a later surname or acronym resolves to
//     the full name given earlier.
//
// Photo credits are ignored, caption mentions count less, and headlines
// (the title, and headline-case lines) only confirm names found by the
// gazetteer or elsewhere in the article; the rows of a table or a list of
// results, capitalised like headlines, are read as running text.
//
// Use:
//
//	x, err := entity.New() // once; safe for concurrent use
//	if err != nil { ... }
//	r := x.Extract(entity.Document{Title: t, Summary: s, Body: b, Captions: c})
//	for _, p := range r.Places {
//		fmt.Println(p.Name, p.Count, p.Country, p.Lat, p.Lon)
//	}
//	x.Canonical(entity.Organisation, "Daesh") // "Islamic State"
//
// The evaluation against gold annotations lives in entityeval and its
// command in eval (`go run ./index/entity/eval`); see docs/ENTITIES.md.
package entity

//go:generate go run ./internal/gengaz -curated data/curated -out data/gazetteer.tsv.gz
