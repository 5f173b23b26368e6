package parse

import (
	"context"
	"testing"
	"time"

	"github.com/sitrep/sitrep/index"
)

// TestFindDate reads dates from datelines, URLs and "Published" lines, in
// forms taken from the sample corpus (testdata/corpus) and from news
// sites, and leaves alone what only looks like one.
func TestFindDate(t *testing.T) {
	tests := []struct {
		name, summary, body, url string
		want                     string // YYYY-MM-DD, "" for none
		wantSource               string
	}{
		// Datelines of testdata/corpus/dvids.jsonl.
		{name: "navy dateline in parentheses", body: "PHILIPPINE SEA (June 21, 2020) – The USS Theodore Roosevelt (CVN 71) and USS Nimitz (CVN 68) Carrier Strike Groups began dual carrier operations.", want: "2020-06-21", wantSource: index.DateFromDateline},
		{name: "parentheses and no dash", body: "SOUTH CHINA SEA (July 13, 2022) The Ronald Reagan Carrier Strike Group is operating in the South China Sea.", want: "2022-07-13", wantSource: index.DateFromDateline},
		{name: "place and state in parentheses", body: "REDSTONE ARSENAL, Alabama (May 31, 2022) – The U.S. Army has contracted for new rotary-wing aircraft.", want: "2022-05-31", wantSource: index.DateFromDateline},
		{name: "press release, abbreviated month", body: "BETHESDA, Md., Oct. 21, 2025 – Lockheed Martin Corporation [NYSE: LMT] reported third quarter 2025 net sales.", want: "2025-10-21", wantSource: index.DateFromDateline},
		{name: "press release, em dash", body: "MELBOURNE, Fla., April 30, 2026 — L3Harris Technologies (NYSE: LHX) reported first quarter 2026 results.", want: "2026-04-30", wantSource: index.DateFromDateline},
		{name: "after a byline", body: "By Mass Communication Specialist 3rd Class Brian Sloan\n\nCORAL SEA (June 18, 2015) – The Nimitz-class aircraft carrier USS George Washington departed.", want: "2015-06-18", wantSource: index.DateFromDateline},
		{name: "Sept. and a comma", body: "WASHINGTON, Sept. 13, 2022 — The Pentagon announced new aid.", want: "2022-09-13", wantSource: index.DateFromDateline},
		{name: "day first", body: "LONDON, 13 September 2022 - The Ministry of Defence said.", want: "2022-09-13", wantSource: index.DateFromDateline},
		{name: "dateline in the summary", summary: "KYIV, Ukraine, March 3, 2024 — Air defences were active overnight.", body: "Officials said.", want: "2024-03-03", wantSource: index.DateFromDateline},
		// URLs of testdata/corpus/re3d-dev.jsonl and of news sites.
		{name: "state.gov year and month", body: "The United States strongly condemns the attacks.", url: "https://www.state.gov/r/pa/prs/ps/2016/10/263174.htm", want: "2016-10-01", wantSource: index.DateFromURL},
		{name: "year, month and day", body: "Text.", url: "https://www.example-news.com/world/2022/09/13/carrier-group-sails/", want: "2022-09-13", wantSource: index.DateFromURL},
		{name: "day then a slug", body: "Text.", url: "https://news.example.org/2023/01/05-strikes-in-syria", want: "2023-01-05", wantSource: index.DateFromURL},
		// "Published" lines.
		{name: "published line", body: "Carrier group sails\n\nPublished Sept. 13, 2022\n\nThe carrier sailed.", want: "2022-09-13", wantSource: index.DateFromText},
		{name: "posted on, day first", body: "Posted on: 13 September 2022\n\nThe carrier sailed.", want: "2022-09-13", wantSource: index.DateFromText},
		{name: "published with a weekday", body: "Published Tuesday, September 13, 2022 10:02 AM\n\nText.", want: "2022-09-13", wantSource: index.DateFromText},
		{name: "published ISO", body: "Published: 2022-09-13\n\nText.", want: "2022-09-13", wantSource: index.DateFromText},
		{name: "the dateline before the URL", body: "WASHINGTON, Sept. 13, 2022 — Text.", url: "https://www.example-news.com/2022/09/14/x/", want: "2022-09-13", wantSource: index.DateFromDateline},
		{name: "the URL before a published line", body: "Published Sept. 20, 2022\n\nText.", url: "https://www.example-news.com/2022/09/14/x/", want: "2022-09-14", wantSource: index.DateFromURL},
		// Not dates of the article.
		{name: "centcom: a day with no year", body: "On Jan. 8, Coalition military forces conducted 34 strikes against ISIL terrorists in Syria and Iraq."},
		{name: "a dateline with no date", body: "BAGHDAD - Combined Joint Task Force - Operation Inherent Resolve provided more than 24,000 protective chemical masks."},
		{name: "a date inside the story", body: "The Syrian Democratic Forces announced that they began their advance to isolate Raqqah, Syria, Nov. 6, 2016."},
		{name: "a caption's date", body: "Iraqi forces gather in Luhaiban village in Kirkuk, Iraq, December 6, 2021. (photo credit: REUTERS)"},
		{name: "centcom article number", body: "Text.", url: "http://www.centcom.mil/MEDIA/PRESS-RELEASES/Press-Release-View/Article/904608/centcom-reinforces-support/"},
		{name: "no such month in the URL", body: "Text.", url: "https://example.com/2022/13/01/x"},
		{name: "no such day", body: "WASHINGTON, Feb. 30, 2022 — Text."},
		{name: "out of the index's years", body: "ROME, March 15, 44 — Text.", url: "https://example.com/1066/10/14/hastings"},
		{name: "a published line deep in the story", body: "One.\n\nTwo.\n\nThree.\n\nFour.\n\nPublished Sept. 13, 2022"},
		{name: "not a URL", body: "Text.", url: "/2022/09/13/relative"},
		{name: "a word that is no month", body: "WASHINGTON, Foo. 13, 2022 — Text."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, source := findDate(tt.summary, tt.body, tt.url)
			gotDay := ""
			if got != nil {
				gotDay = got.Format(time.DateOnly)
			}
			if gotDay != tt.want || source != tt.wantSource {
				t.Errorf("findDate = %q from %q, want %q from %q", gotDay, source, tt.want, tt.wantSource)
			}
		})
	}
}

// TestDatelinesAgreeWithMetadata reads the datelines of the sample
// corpus's articles that have a date in their metadata too: the two agree
// within a week for all but one, whose dateline names the day of the
// exercise and whose metadata a day seven months later (of 9 datelines, 7
// agree within a day, one a week before its metadata).
func TestDatelinesAgreeWithMetadata(t *testing.T) {
	inputs, _, err := Expand([]string{"../../testdata/corpus"})
	if err != nil {
		t.Fatal(err)
	}
	found, agree := 0, 0
	for rec, err := range Read(context.Background(), inputs, nil) {
		if err != nil {
			t.Fatal(err)
		}
		a := rec.Article
		if a.DateSource != index.DateFromMetadata {
			continue
		}
		d, source := findDate(a.Summary, a.Body, "")
		if source != index.DateFromDateline {
			continue
		}
		found++
		if diff := d.Sub(*a.Published); diff.Abs() <= 7*24*time.Hour {
			agree++
		} else {
			t.Logf("%s: dateline %s, metadata %s", a.Title, d.Format(time.DateOnly), a.Published.Format(time.DateOnly))
		}
	}
	if found < 9 || agree < found-1 {
		t.Errorf("%d datelines found in the dated articles, %d agreeing with their metadata: want at least 9, all but one agreeing", found, agree)
	}
}
