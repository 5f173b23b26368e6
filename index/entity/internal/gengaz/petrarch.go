package main

// People and groups from the PETRARCH dictionaries.

import (
	"slices"
	"strconv"
	"strings"

	"github.com/sitrep/sitrep/index/entity/internal/norm"
)

// readPetrarchPeople reads the leaders of the Phoenix country dictionary
// (the records marked "# CountryInfo.txt") who held a role since sinceYear, and
// returns them with the given names they use. A name the dictionary writes
// with its titles is written without them (personName).
func readPetrarchPeople(path string, iso3 map[string]string, l *lists) ([]*entry, map[string]bool, error) {
	lines, err := readLines(path)
	if err != nil {
		return nil, nil, err
	}
	var out []*entry
	firstCount := map[string]int{}
	// given: the entries whose name, without its titles, is one word
	// ("Foreign Minister Abdullah"), and that word; untitled: the entries
	// whose name lost its titles.
	given := map[*entry]string{}
	untitled := map[*entry]bool{}
	var cur *entry
	// recent: cur held a role since sinceYear; roles: cur's roles began,
	// so a plain line is no longer one of its names.
	recent, roles := false, false
	flush := func() {
		if cur != nil && recent && cur.country != "" {
			out = append(out, cur)
			firstCount[norm.Key(strings.Fields(cur.name)[0])]++
		}
		cur = nil
		recent, roles = false, false
	}
	for _, line := range lines {
		t := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "\t") || strings.HasPrefix(t, "["):
			if cur == nil {
				continue
			}
			roles = true
			role := strings.Trim(t, "[] ")
			code, dates, _ := strings.Cut(role, " ")
			if len(code) >= 3 && cur.country == "" {
				cur.country = iso3[code[:3]]
			}
			if dates == "" || strings.HasPrefix(dates, ">") || strings.Contains(dates, "-") && dateYear(dates[strings.Index(dates, "-")+1:]) >= sinceYear || strings.HasPrefix(dates, "<") && dateYear(dates[1:]) >= sinceYear {
				recent = true
			}
		case strings.HasPrefix(t, "+") || cur != nil && !roles && t != "" && !strings.Contains(t, "#"):
			// "+BORIS_N._YELTSIN", or a plain line between the record and
			// its roles ("BORIS_YELTSIN_ # CountryInfo.txt" then
			// "BORIS_N._YELTSIN"): a name of the same person.
			if cur != nil {
				a := strings.TrimSpace(strings.SplitN(strings.TrimPrefix(t, "+"), "#", 2)[0])
				// a phrase with a comma is no name ("President of the
				// Russian Federated Republic, Boris N. Yeltsin"), nor one
				// that ends in a body's head word ("Gorbachev
				// Administration", "Clinton Administration")
				if n, _ := personName(titleCase(a), l); len(strings.Fields(n)) >= 2 && !strings.Contains(n, ",") && !endsInHead(n, l) || bareSurname(n, l) {
					cur.aliases = append(cur.aliases, n)
				}
			}
		default:
			flush()
			head, comment, _ := strings.Cut(t, "#")
			if !strings.Contains(comment, "CountryInfo.txt") {
				continue
			}
			name := strings.TrimSpace(head)
			if i := strings.IndexAny(name, "[("); i >= 0 {
				name = strings.TrimSpace(name[:i])
			}
			titled := titleCase(name)
			n, rest := personName(titled, l)
			if len(strings.Fields(n)) < 2 || !norm.Latin(n) || strings.ContainsAny(n, "0123456789") {
				continue
			}
			cur = &entry{kind: kindPerson, name: n, prio: prioPerson}
			if rest != "" {
				given[cur] = rest
			} else if len(strings.Fields(n)) < len(strings.Fields(titled)) {
				untitled[cur] = true
			}
		}
	}
	flush()
	// "Foreign Minister Abdullah" is no name once its titles are gone: a
	// given name that opens other people's names ("Abdullah Gul", "Abdullah
	// Abdullah"), which the longest match would take for this entry. A
	// surname after a title stays as written ("Gen Nakatani", "Prince
	// Johnson": Gen and Prince are their given names here).
	out = slices.DeleteFunc(out, func(e *entry) bool {
		w, ok := given[e]
		return ok && l.first[w] && firstCount[w] > 0
	})
	// A name that lost its titles may be another record's name or alias
	// of the same country ("Prince Juan Carlos" is Juan Carlos I, "King
	// Juan Carlos"; "Sir Paulias Matane" is Paulius Matane): one person.
	owner := map[string]*entry{}
	for _, e := range out {
		if untitled[e] {
			continue
		}
		for _, a := range append([]string{e.name}, e.aliases...) {
			if k := e.country + "\x1f" + norm.Key(a); owner[k] == nil {
				owner[k] = e
			}
		}
	}
	out = slices.DeleteFunc(out, func(e *entry) bool {
		o := owner[e.country+"\x1f"+norm.Key(e.name)]
		if !untitled[e] || o == nil {
			return false
		}
		o.aliases = append(o.aliases, e.aliases...)
		return true
	})
	first := map[string]bool{}
	for f, n := range firstCount {
		if n >= 3 && len(f) >= 3 {
			first[f] = true
		}
	}
	return out, first, nil
}

// bareSurname reports whether n, one of a leader's names, is a surname
// alone that the dictionary gives as the leader's ("YELTSIN", "MERKEL"):
// its editors list one only where the press names the leader so, as the
// curated people.tsv lists "Putin". Not a given name, an ordinary word, a
// title, nor a word of three letters or fewer ("LBJ", "JFK").
func bareSurname(n string, l *lists) bool {
	k := norm.Key(n)
	return !strings.Contains(k, " ") && len(k) >= 4 && !l.first[k] && !l.given[k] && !l.english[k] && !l.titles[k]
}

// endsInHead reports whether the name n ends in a body's head word: "Bush
// Administration" names a government, not the person.
func endsInHead(n string, l *lists) bool {
	w := strings.Fields(n)
	return len(w) > 0 && l.heads[norm.Key(w[len(w)-1])]
}

// personName returns a person's name without the titles that open it
// ("Commodore Josaia Voreqe Bainimarama" -> "Josaia Voreqe Bainimarama",
// "Minister of Defense Ehud Barak" -> "Ehud Barak") and a regnal number
// that ends it in capitals ("Elizabeth Ii" -> "Elizabeth II"). When the
// titles leave one word, the name stays as written and rest is the key
// of that word.
func personName(name string, l *lists) (n, rest string) {
	words := strings.Fields(name)
	if k := len(words) - 1; k > 0 && romanNumeral(words[k]) {
		words[k] = strings.ToUpper(words[k])
		name = strings.Join(words, " ")
	}
	i := 0
	for i < len(words)-1 {
		k := norm.Key(words[i])
		if l.titles[k] {
			i++
		} else if i > 0 && (k == "of" || k == "for") && i+2 < len(words) {
			i += 2 // the title's object: "of Defense", "for Health"
		} else {
			break
		}
	}
	switch {
	case i == 0:
		return name, ""
	case len(words)-i >= 2:
		return strings.Join(words[i:], " "), ""
	}
	return name, norm.Key(words[len(words)-1])
}

// romanNumeral reports whether w, title-cased, is a regnal number of two
// letters or more ("Ii", "Iii", "Vi"): "I", "V" may be initials.
func romanNumeral(w string) bool {
	switch strings.ToLower(w) {
	case "ii", "iii", "iv", "vi", "vii", "viii", "ix", "xi", "xii", "xiii", "xiv", "xv", "xvi":
		return true
	}
	return false
}

// dateYear reads the year of a PETRARCH date, YYMMDD or YYYYMMDD.
func dateYear(s string) int {
	s = strings.TrimSpace(s)
	switch len(s) {
	case 6:
		y, _ := strconv.Atoi(s[:2])
		if y > 30 {
			return 1900 + y
		}
		return 2000 + y
	case 8:
		y, _ := strconv.Atoi(s[:4])
		return y
	case 9: // a typo in the source, one digit too many
		y, _ := strconv.Atoi(s[1:5])
		return y
	}
	return 0
}

// personShaped reports whether the key of a group's name is a person's
// name: a given name and one to three more words, or a kunya ("Abu" and a
// given name, and up to three more words), none a body's head word. The
// TOPS list names some groups by their leaders ("Ayman al-Zawahiri", "Abu
// Mus'ab al-Zarqawi"); the person is the person, and a group named so
// ("Abu Sayyaf") keeps a name no given name opens. The caller asks it of
// names of two words or more as written: a hyphened word is one
// ("Saif-Ul-Muslimeen" is a group).
func personShaped(k string, l *lists) bool {
	w := strings.Fields(k)
	least := 2
	if len(w) > 0 && w[0] == "abu" {
		w, least = w[1:], 1 // "Abu Musab"
	}
	if len(w) < least || len(w) > 4 || !l.first[w[0]] {
		return false
	}
	for _, x := range w {
		if l.heads[x] || l.heads[strings.TrimSuffix(x, "s")] {
			return false // "Salah al-Din Battalions"
		}
	}
	return true
}

// readPetrarchGroups reads the militant non-state groups (START's TOPS list).
func readPetrarchGroups(path string, l *lists) ([]*entry, error) {
	lines, err := readLines(path)
	if err != nil {
		return nil, err
	}
	var out []*entry
	var cur *entry
	add := func(raw string) {
		raw = strings.TrimSpace(strings.SplitN(raw, "#", 2)[0])
		if i := strings.Index(raw, "["); i >= 0 {
			raw = raw[:i]
		}
		var acronym string
		if i := strings.Index(raw, "("); i >= 0 {
			if j := strings.Index(raw[i:], ")"); j > 0 {
				acronym = strings.Trim(raw[i+1:i+j], "_ ")
				raw = raw[:i] + raw[i+j+1:]
			}
		}
		n := titleCase(raw)
		if n == "" || !norm.Latin(n) || strings.ContainsAny(n, "+/") {
			return
		}
		k := norm.Key(n)
		if len(strings.Fields(k)) < 2 && (len(k) < 5 || l.english[k] || l.first[k]) || strings.Contains(n, " ") && personShaped(k, l) {
			return
		}
		if cur == nil {
			cur = &entry{kind: kindOrg, name: n, prio: prioGroup}
		} else {
			cur.aliases = append(cur.aliases, n)
		}
		if len(acronym) >= 3 && !strings.ContainsAny(acronym, " _") && strings.ToUpper(acronym) == acronym && !l.english[strings.ToLower(acronym)] {
			cur.aliases = append(cur.aliases, acronym)
		}
	}
	for _, line := range lines {
		t := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(t, "+"):
			if cur != nil {
				add(t[1:])
			}
		case strings.HasPrefix(t, "["):
		default:
			if cur != nil {
				out = append(out, cur)
			}
			cur = nil
			add(t)
		}
	}
	if cur != nil {
		out = append(out, cur)
	}
	return out, nil
}
