package entity

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sitrep/sitrep/index/entity/internal/norm"
)

// lookup returns the gazetteer entity of kind k with the name key.
func (x *Extractor) lookup(k Kind, key string) *gazEntity {
	if gn, ok := x.g.names[key]; ok && x.g.ents[gn.ent].kind == k {
		return &x.g.ents[gn.ent]
	}
	return nil
}

// lookupText returns the gazetteer entity of kind k that text names, as
// written: an acronym matches only in its own case ("us" is not the US,
// "who" not the WHO).
func (x *Extractor) lookupText(k Kind, text string) *gazEntity {
	gn, ok := x.g.names[norm.Key(text)]
	if !ok || x.g.ents[gn.ent].kind != k {
		return nil
	}
	if gn.mode == modeExact && !gn.accepts(norm.Exact(text)) {
		return nil
	}
	// A name (not one that matches in any case) opens with a capital or
	// an article: "global coalition" is no name, "al-Qaida" is.
	if r, _ := utf8.DecodeRuneInString(text); gn.mode == modeName && unicode.IsLower(r) && !strings.HasPrefix(text, "al") && !strings.HasPrefix(text, "el") {
		return nil
	}
	return &x.g.ents[gn.ent]
}

// countryDemonym reports whether text is the nationality of a country
// of two words or more, which the demonyms (one word each) leave out:
// "Sri Lankan", "South Korean", "New Zealander", "East Timorese".
func (x *Extractor) countryDemonym(text string) bool {
	for _, suffix := range []string{"n", "an", "er", "ese"} {
		// Only "Korea", "Lanka", "Arabia" take a bare "n": "Hillary
		// Clinton" is looked up nowhere.
		if base, ok := strings.CutSuffix(text, suffix); ok && strings.Contains(base, " ") && (suffix != "n" || strings.HasSuffix(base, "a")) {
			if e := x.lookupText(Place, base); e != nil && e.isCountry() {
				return true
			}
		}
	}
	return false
}

// Canonical returns the canonical form of a name of kind k: the gazetteer's
// name for it when it knows it ("Daesh" -> "Islamic State", "Erbil" ->
// "Irbil"), else the name tidied (white space collapsed, a leading "the"
// dropped, and for people their titles dropped: "Gen. Joseph Votel" ->
// "Joseph Votel"). It returns "" for a person's title alone ("Capt.").
func (x *Extractor) Canonical(k Kind, name string) string {
	t := tidy(strings.TrimSpace(name))
	if len(t) > 4 && strings.EqualFold(t[:4], "the ") {
		t = t[4:]
	}
	if t == "" {
		return ""
	}
	if e := x.lookupText(k, t); e != nil {
		return e.name
	}
	words := strings.Fields(t)
	switch k {
	case Person:
		// The name is what follows the last title word or connector, less
		// the ordinary words that open it: "Pentagon Press Secretary Peter
		// Cook" -> "Peter Cook", "Secretary of State Antony Blinken" ->
		// "Antony Blinken".
		// A known person's name of two words or more that opens with a
		// title or an ordinary word is that person's, not a title before
		// a shorter name: "Secretary-General Ban Ki-moon" is Ban Ki-moon,
		// "Defense Minister Gen Nakatani" Gen Nakatani.
		cut := false
		for i := len(words) - 2; i >= 0; i-- {
			k := norm.Key(words[i])
			if x.g.titles.has(k) || x.g.english.has(k) {
				if e := x.knownPerson(words[i:]); e != nil {
					return e.name
				}
			}
			if x.g.titles.has(k) || k == "of" || k == "for" || k == "to" {
				words = words[i+1:]
				cut = true
				break
			}
		}
		for len(words) > 1 {
			k := norm.Key(words[0])
			if x.g.titles.has(k) || x.g.demonyms.has(k) || cut && (x.g.heads.has(k) || x.g.english.has(k) && !x.g.first.has(k)) {
				if e := x.knownPerson(words); e != nil {
					return e.name
				}
				words = words[1:]
				continue
			}
			// "Counter ISIL Brett McGurk": an acronym the gazetteer knows
			// is not part of a name.
			if len(words) > 2 && isAcronym(words[0]) && (x.lookupText(Organisation, words[0]) != nil || x.lookupText(Place, words[0]) != nil) {
				words = words[1:]
				continue
			}
			break
		}
		if len(words) == 1 && (x.g.titles.has(norm.Key(words[0])) || x.g.notNames.has(norm.Key(words[0]))) {
			return "" // a title alone names nobody
		}
		t = strings.TrimSuffix(strings.Join(words, " "), "'s")
		if e := x.lookupText(k, t); e != nil {
			return e.name
		}
		if e := x.givenVariant(words); e != nil {
			return e.name
		}
		return t
	case Organisation:
		if u := unitFullName(words); u != "" {
			return u
		}
		// "Hadrian Automation Inc.", "Acme Holdings, LLC": a company is
		// one entity however the article registers it; "Alpha Co." and
		// "2nd Space Company" are units, and keep their word.
		if n := len(words); n >= 2 {
			if sure, ok := legalForms[norm.Key(words[n-1])]; ok {
				comma := strings.HasSuffix(words[n-2], ",")
				rest := strings.TrimSuffix(strings.Join(words[:n-1], " "), ",")
				if e := x.lookupText(k, rest); e != nil {
					return e.name
				}
				if sure || comma || x.lookupText(Place, rest) == nil {
					return rest // not "Texas AG", an attorney general
				}
			}
		}
		// "Nimitz Strike Group" is the Navy's shorthand for the Nimitz
		// Carrier Strike Group.
		if n := len(words); n >= 3 && words[n-2] == "Strike" && words[n-1] == "Group" && !slices.ContainsFunc(words[:n-2], func(w string) bool {
			return isNumber(w) || x.g.heads.has(norm.Key(w)) || x.g.english.has(norm.Key(w)) && !x.g.first.has(norm.Key(w))
		}) {
			return strings.Join(words[:n-2], " ") + " Carrier Strike Group"
		}
		// "U.S. Army Contracting Command": a country before one of its
		// organisations.
		if len(words) > 1 {
			if p := x.lookupText(Place, words[0]); p != nil && p.nation {
				if e := x.lookupText(k, strings.Join(words[1:], " ")); e != nil && e.country == p.country {
					return e.name
				}
			}
		}
		// "Kurdish Peshmerga" -> "Peshmerga"; "U.S. Central Command" is
		// itself a name.
		for len(words) > 1 && x.g.demonyms.has(norm.Key(words[0])) {
			key := norm.Key(strings.Join(words[1:], " "))
			if e := x.lookup(k, key); e != nil {
				if x.g.names[key].generic {
					break // "Philippine Coast Guard" is not the US Coast Guard
				}
				return e.name
			}
			words = words[1:]
		}
	case Place:
		if n := len(words); n > 1 && placeHeads[norm.Key(words[n-1])] {
			if e := x.lookup(k, norm.Key(strings.Join(words[:n-1], " "))); e != nil {
				return e.name
			}
		}
		// "Al-Sinek neighborhood", "Luhaiban village": the kind of place in
		// lower case after its name is not part of it.
		if n := len(words); n > 1 && placeAfter[words[n-1]] {
			return x.Canonical(Place, strings.Join(words[:n-1], " "))
		}
		// "An Nasiriyah": a known place after its article.
		if len(words) > 1 && arabicArticle(norm.Word(words[0]), norm.Word(words[1])) {
			if e := x.lookupText(k, strings.Join(words[1:], " ")); e != nil {
				return e.name
			}
		}
	}
	return t
}

// Known reports whether the gazetteer knows name, as written, as an entity
// of kind k: an acronym only in its own case ("US", not the pronoun "us").
func (x *Extractor) Known(k Kind, name string) bool {
	return x.lookupText(k, tidy(name)) != nil
}

// isAcronym reports whether w is written in capitals, two letters or more.
func isAcronym(w string) bool {
	letters := 0
	for _, r := range w {
		if unicode.IsLetter(r) {
			if !unicode.IsUpper(r) {
				return false
			}
			letters++
		}
	}
	return letters >= 2
}

// OrdinaryWord reports whether w, in any case, is an ordinary English word
// of the embedded word list ("coalition", "forces"), or a pronoun, weekday
// or month: such a word alone names no entity.
func (x *Extractor) OrdinaryWord(w string) bool {
	k := norm.Key(w)
	return x.g.english.has(k) || x.g.notNames.has(k)
}

// GivenName reports whether w, in any case, is a given name the gazetteer
// knows ("Peter", "Haider").
func (x *Extractor) GivenName(w string) bool { return x.g.first.has(norm.Key(w)) }

// Nationality reports whether w, in any case, is a nationality word
// ("Iraqi", "Syrians", "Kurdish"): re3d's Nationality type, no place.
func (x *Extractor) Nationality(w string) bool { return x.g.demonyms.has(norm.Key(w)) }

// TitleWord reports whether w, in any case and with or without its full
// stop, is a title or role word ("Capt.", "commander", "Secretary").
func (x *Extractor) TitleWord(w string) bool { return x.g.titles.has(norm.Key(w)) }

// Describes reports whether text, a known organisation's name as
// written, describes it rather than naming it: "Iraqi government", "the
// government of Iraq" (a "government" in lower case after a nationality
// or before "of"), where "the Government of Iraq" names it.
func (x *Extractor) Describes(text string) bool {
	toks := tokenize(text, nil)
	if len(toks) > 0 && toks[0].key == "the" {
		toks = toks[1:]
	}
	return describes(toks)
}

// HeadWord reports whether w, in any case, ends the names of organisations
// ("Command", "Battalion", "Agency").
func (x *Extractor) HeadWord(w string) bool { return x.g.heads.has(norm.Key(w)) }

// knownPerson returns the gazetteer's person that the words name, with
// a possessive "'s" after the last, or nil.
func (x *Extractor) knownPerson(words []string) *gazEntity {
	return x.lookupText(Person, strings.TrimSuffix(strings.Join(words, " "), "'s"))
}

// givenVariant returns the known person a name of two words or more
// writes with another spelling of the given name: the rest of the name is
// a surname the gazetteer gives that person ("Assad", "Lavrov"), and the
// given names differ by one letter ("Bashir al-Assad" is Bashar
// al-Assad, "Sergei Lavrov" Sergey Lavrov); nil otherwise.
func (x *Extractor) givenVariant(words []string) *gazEntity {
	if len(words) < 2 || len(words[0]) < 4 {
		return nil
	}
	rest := strings.Join(words[1:], " ")
	e := x.lookupText(Person, rest)
	if e == nil {
		if len(rest) > 3 && strings.EqualFold(rest[:3], "al-") {
			e = x.lookupText(Person, rest[3:]) // "al-Assad" of "Assad"
		}
	}
	if e == nil {
		return nil
	}
	given, _, ok := strings.Cut(e.name, " ")
	if !ok || !oneEdit(strings.ToLower(given), strings.ToLower(words[0])) || !strings.EqualFold(given[:1], words[0][:1]) {
		return nil
	}
	return e
}

func (x *Extractor) canonicalPerson(text string) string { return x.Canonical(Person, text) }
func (x *Extractor) canonicalOrg(text string) string    { return x.Canonical(Organisation, text) }

// Aliases returns the other names the gazetteer knows for the canonical
// entity of kind k, sorted; nil when it knows none.
func (x *Extractor) Aliases(k Kind, canonical string) []string {
	e := x.lookup(k, norm.Key(canonical))
	if e == nil || e.aliases == "" {
		return nil
	}
	out := e.aliasList()
	slices.Sort(out)
	return out
}

// unitAbbreviations are the standard abbreviations of the kinds of US and
// allied military units, written before a unit's number ("CVW 5", "TF 70")
// or after its ordinal ("2nd BCT", "407th AEG").
var unitAbbreviations = map[string]string{
	"CVW": "Carrier Air Wing", "CSG": "Carrier Strike Group", "ESG": "Expeditionary Strike Group",
	"ARG": "Amphibious Ready Group", "DESRON": "Destroyer Squadron", "CTF": "Combined Task Force",
	"TF": "Task Force", "JTF": "Joint Task Force", "VFA": "Strike Fighter Squadron",
	"VAQ": "Electronic Attack Squadron", "VAW": "Carrier Airborne Early Warning Squadron",
	"HSC": "Helicopter Sea Combat Squadron", "HSM": "Helicopter Maritime Strike Squadron",
	"VRC": "Fleet Logistics Support Squadron", "VMFA": "Marine Fighter Attack Squadron",
	"MEU": "Marine Expeditionary Unit", "MEF": "Marine Expeditionary Force",
	"MEB": "Marine Expeditionary Brigade", "BCT": "Brigade Combat Team",
	"IBCT": "Infantry Brigade Combat Team", "ABCT": "Armored Brigade Combat Team",
	"SBCT": "Stryker Brigade Combat Team", "CAB": "Combat Aviation Brigade", "ID": "Infantry Division",
	"SFG": "Special Forces Group", "FW": "Fighter Wing", "ARW": "Air Refueling Wing",
	"AEW": "Air Expeditionary Wing", "AEG": "Air Expeditionary Group", "SOW": "Special Operations Wing",
	"EFS": "Expeditionary Fighter Squadron", "MXG": "Maintenance Group", "OG": "Operations Group",
}

// unitFullName writes a unit named by its kind's abbreviation in full:
// "CVW 5" and "Carrier Air Wing (CVW) 5" are "Carrier Air Wing 5", "2nd
// BCT" is "2nd Brigade Combat Team"; "" when words are no such name.
func unitFullName(words []string) string {
	n := len(words)
	if n < 2 {
		if n == 1 {
			// "VFA-102", "CVW-5".
			if a, num, ok := strings.Cut(words[0], "-"); ok && unitAbbreviations[a] != "" && isNumber(num) {
				return unitAbbreviations[a] + " " + num
			}
		}
		return ""
	}
	last := words[n-1]
	switch {
	case n == 2 && unitAbbreviations[words[0]] != "" && isNumber(last):
		return unitAbbreviations[words[0]] + " " + last
	case n == 2 && unitAbbreviations[last] != "" && len(words[0]) > 2 && isNumber(words[0][:1]):
		return words[0] + " " + unitAbbreviations[last]
	case n >= 3 && isNumber(last) && strings.HasPrefix(words[n-2], "(") && strings.HasSuffix(words[n-2], ")"):
		// "Task Force (CTF) 50" is Combined Task Force 50 when the
		// words are the end of the abbreviation's name, and the
		// abbreviation names the kind of unit whatever the words before
		// it when they end in its head: "Fleet Logistic Support Squadron
		// (VRC) 30", "Tactical Electronic Warfare Squadron (VAQ) 139" (the
		// old name of Electronic Attack Squadron 139).
		if full := unitAbbreviations[strings.Trim(words[n-2], "()")]; full != "" && (strings.HasSuffix(full, strings.Join(words[:n-2], " ")) || full[strings.LastIndexByte(full, ' ')+1:] == words[n-3]) {
			return full + " " + last
		}
	}
	return ""
}

func isNumber(s string) bool {
	if s == "" || len(s) > 4 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
