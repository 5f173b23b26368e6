package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// headingRe finds the number of matching articles in a search page's
// heading ("1–10 of 42 articles", "40 stories (42 articles)", "3 articles").
var headingRe = regexp.MustCompile(`<h1>(?:[^<]*? of )?(?:\d+ stor(?:y|ies) \()?(\d+) articles?`)

// pageTotal is the number of articles a search page counts, or -1 when
// its heading counts none.
func pageTotal(body string) int {
	if strings.Contains(body, "<h1>No articles") {
		return 0
	}
	m := headingRe.FindStringSubmatch(body)
	if m == nil {
		return -1
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// TestDateForm checks the search form's date boxes and its choice of
// undated articles as a browser without JavaScript sends them (every
// field, the empty ones too), against the counts of the JSON API; and
// that the boxes show the filter in force.
func TestDateForm(t *testing.T) {
	type counts struct{ Total, Undated int }
	api := func(params string) counts {
		var c counts
		if res := get(t, "/api/search?size=0&"+params, &c); res.StatusCode != http.StatusOK {
			t.Fatalf("GET /api/search?%s: %d", params, res.StatusCode)
		}
		return c
	}
	all, in2016 := api("q=isis"), api("q=isis&from=2016&to=2016")
	if all.Undated == 0 || in2016.Total == 0 || in2016.Total+all.Undated >= all.Total {
		t.Fatalf("isis: %+v, in 2016 %+v: want undated matches and some, not all, of the dated in 2016", all, in2016)
	}
	// The API reads the choice of undated articles as the page does.
	if c := api("q=isis&from=2016&to=2016&undated=include"); c.Total != in2016.Total+all.Undated || c.Undated != all.Undated {
		t.Errorf("API, 2016 and the undated: %+v, want %d with the %d undated", c, in2016.Total+all.Undated, all.Undated)
	}
	if c := api("q=isis&undated=exclude"); c.Total != all.Total-all.Undated || c.Undated != 0 {
		t.Errorf("API, dated only: %+v, want the %d dated", c, all.Total-all.Undated)
	}
	for _, c := range []struct {
		name, form string
		want       int
		// from and to are what the date boxes show, undated the choice
		// selected; more is what else the page must hold.
		from, to, undated string
		more              []string
	}{
		{name: "empty fields change nothing", form: "q=isis&from=&to=&undated=", want: all.Total},
		{name: "a range leaves out the undated", form: "q=isis&from=2016-01-01&to=2016-12-31&undated=", want: in2016.Total,
			from: "2016-01-01", to: "2016-12-31", more: []string{`<bdi>2016-01-01 to 2016-12-31</bdi>`}},
		{name: "a year and a month are shown as days", form: "q=isis&from=2016&to=2016-02", want: api("q=isis&from=2016-01-01&to=2016-02-29").Total,
			from: "2016-01-01", to: "2016-02-29", more: []string{`<bdi>2016 to 2016-02</bdi>`}},
		{name: "undated always kept", form: "q=isis&from=2016-01-01&to=2016-12-31&undated=include", want: in2016.Total + all.Undated,
			from: "2016-01-01", to: "2016-12-31", undated: "include", more: []string{`<bdi>also undated</bdi>`, fmt.Sprintf("%d of them undated", all.Undated)}},
		{name: "undated always kept, no range", form: "q=isis&from=&to=&undated=include", want: all.Total, undated: "include"},
		{name: "undated left out without a range", form: "q=isis&from=&to=&undated=exclude", want: all.Total - all.Undated,
			undated: "exclude", more: []string{`<bdi>dated only</bdi>`}},
		{name: "undated only", form: "q=isis&from=&to=&undated=1", want: all.Undated, undated: "1"},
		{name: "the query's dates are noted, and both apply", form: "q=isis+date%3A2016&from=2016-07-01&to=", want: api("q=isis&from=2016-07-01&to=2016-12-31").Total,
			from: "2016-07-01", more: []string{`<p class="date-note">The query&#39;s own dates keep 2016-01-01 to 2016-12-31; the boxes can narrow that, not widen it.</p>`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			res, body := getPage(t, server, "/?"+c.form)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("GET /?%s: %d", c.form, res.StatusCode)
			}
			if n := pageTotal(body); n != c.want {
				t.Errorf("GET /?%s: %d articles, want %d", c.form, n, c.want)
			}
			want := append([]string{
				`<input id="from" name="from" type="date" value="` + c.from + `"`,
				`<input id="to" name="to" type="date" value="` + c.to + `"`,
				`<option value="` + c.undated + `" selected>`,
			}, c.more...)
			for _, s := range want {
				if !strings.Contains(body, s) {
					t.Errorf("GET /?%s: the page lacks %q", c.form, s)
				}
			}
			if strings.Count(body, " selected>") != 1 {
				t.Errorf("GET /?%s: %d choices of undated articles selected, want 1", c.form, strings.Count(body, " selected>"))
			}
			q, _ := url.ParseQuery(c.form)
			if q.Get("q") == "isis" && strings.Contains(body, "date-note") {
				t.Errorf("GET /?%s: a note on the query's dates, which it has none of", c.form)
			}
		})
	}
}

// TestDateFormMistakes checks that a range the form cannot keep is a page
// saying what to fix, with the form still there.
func TestDateFormMistakes(t *testing.T) {
	for _, tt := range []pageCase{
		{
			name: "from after to", target: "/?q=isis&from=2016-06-01&to=2016-03-01&undated=", wantStatus: http.StatusBadRequest,
			want: []string{
				"from=2016-06-01 is after to=2016-03-01: the range ends before it starts; swap the two dates or change one",
				`<input id="from" name="from" type="date" value="2016-06-01"`,
				`search without the other parameters`,
			},
		},
		{
			name: "no date", target: "/?q=isis&from=2016-13-01", wantStatus: http.StatusBadRequest,
			want: []string{"from=&#34;2016-13-01&#34;: want a date as YYYY, YYYY-MM or YYYY-MM-DD, such as 2024-03-05", `<a href="/?q=isis">search without the other parameters</a>`},
		},
		{
			name: "only undated within a range", target: "/?q=isis&from=2016-01-01&to=&undated=1", wantStatus: http.StatusBadRequest,
			want: []string{"undated=1 keeps the articles without a date, and from and to keep dated ones: leave out one or the other"},
		},
		{
			name: "an unknown choice of undated", target: "/?q=isis&undated=maybe", wantStatus: http.StatusBadRequest,
			want: []string{"undated=&#34;maybe&#34;: want 1 (only the articles without a date), include (them too, beside from and to) or exclude (leave them out)"},
		},
	} {
		t.Run(tt.name, func(t *testing.T) { tt.check(t, server) })
	}
}

// TestBrushableHistogram checks what the histogram's script reads: each
// bar's period and count, the search without its dates, and the link
// clearing them, shown only when there is a range to clear.
func TestBrushableHistogram(t *testing.T) {
	for _, tt := range []pageCase{
		{
			name: "no range", target: "/?q=isis", wantStatus: http.StatusOK,
			want: []string{
				`<div class="chart" data-base="/?q=isis">`,
				`data-label="2016-05" data-count="1" data-from="2016-05" data-to="2016-05"`,
				`data-label="undated" data-count="`, `data-undated=""`,
				`<p class="brush-hint" id="brush-hint" hidden>`, `<p class="brush-status" id="brush-status" role="status"></p>`,
			},
			notWant: []string{`class="clear-dates"`},
		},
		{
			name: "a range", target: "/?q=isis&from=2016-03&to=2016-08&sort=newest", wantStatus: http.StatusOK,
			want: []string{
				`data-base="/?q=isis&amp;sort=newest"`, `data-from="2016-07" data-to="2016-07"`,
				`<p class="clear-dates"><a href="/?q=isis&amp;sort=newest">Every date</a>`,
			},
		},
		{
			name: "undated only", target: "/?q=isis&undated=1", wantStatus: http.StatusOK,
			want: []string{`<p class="clear-dates"><a href="/?q=isis">Every date</a>`},
		},
	} {
		t.Run(tt.name, func(t *testing.T) { tt.check(t, server) })
	}
}
