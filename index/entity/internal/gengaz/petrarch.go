package main

// People and groups from the PETRARCH dictionaries.

import (
	"strconv"
	"strings"

	"github.com/sitrep/sitrep/index/entity/internal/norm"
)

// readPetrarchPeople reads the leaders of the Phoenix country dictionary
// (the records marked "# CountryInfo.txt") who held a role since sinceYear, and
// returns them with the given names they use.
func readPetrarchPeople(path string, iso3 map[string]string) ([]*entry, map[string]bool, error) {
	lines, err := readLines(path)
	if err != nil {
		return nil, nil, err
	}
	var out []*entry
	firstCount := map[string]int{}
	var cur *entry
	recent := false
	flush := func() {
		if cur != nil && recent && cur.country != "" {
			out = append(out, cur)
			firstCount[norm.Key(strings.Fields(cur.name)[0])]++
		}
		cur = nil
		recent = false
	}
	for _, line := range lines {
		t := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "\t") || strings.HasPrefix(t, "["):
			if cur == nil {
				continue
			}
			role := strings.Trim(t, "[] ")
			code, dates, _ := strings.Cut(role, " ")
			if len(code) >= 3 && cur.country == "" {
				cur.country = iso3[code[:3]]
			}
			if dates == "" || strings.HasPrefix(dates, ">") || strings.Contains(dates, "-") && dateYear(dates[strings.Index(dates, "-")+1:]) >= sinceYear || strings.HasPrefix(dates, "<") && dateYear(dates[1:]) >= sinceYear {
				recent = true
			}
		case strings.HasPrefix(t, "+"):
			if cur != nil {
				a := strings.TrimSpace(strings.SplitN(t[1:], "#", 2)[0])
				if n := titleCase(a); len(strings.Fields(n)) >= 2 {
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
			n := titleCase(name)
			if len(strings.Fields(n)) < 2 || !norm.Latin(n) || strings.ContainsAny(n, "0123456789") {
				continue
			}
			cur = &entry{kind: kindPerson, name: n, prio: prioPerson}
		}
	}
	flush()
	first := map[string]bool{}
	for f, n := range firstCount {
		if n >= 3 && len(f) >= 3 {
			first[f] = true
		}
	}
	return out, first, nil
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
		if len(strings.Fields(k)) < 2 && (len(k) < 5 || l.english[k] || l.first[k]) {
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
