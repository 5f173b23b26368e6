package web

import (
	"net/url"
	"testing"
)

// BenchmarkFormLayout measures what the search form adds to every page:
// the date boxes read from from and to, and the query parsed once more for
// its own date terms (DateNote).
func BenchmarkFormLayout(b *testing.B) {
	for _, c := range []struct{ name, query string }{
		{"words", "q=peshmerga+kirkuk+isis+OR+daesh&person=Haider+al-Abadi"},
		{"dates", "q=peshmerga+date%3A2016-03..2016-09+after%3A2016-04&from=2016&to=2016-08&undated=include"},
	} {
		q, err := url.ParseQuery(c.query)
		if err != nil {
			b.Fatal(err)
		}
		st := newPageState(q)
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if l := st.formLayout("t"); l.Query == "" {
					b.Fatal("no query")
				}
			}
		})
	}
}
