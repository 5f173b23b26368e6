package parse

import (
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// boilerplateNames are what a class, id or aria-label holds, in one of its
// words, on the blocks of a page that are about the site rather than the
// article: cookie and consent banners, newsletter and subscription boxes,
// paywall prompts ("cookie-banner", "CybotCookiebotDialog",
// "onetrust-consent-sdk", "newsletter-signup").
var boilerplateNames = []string{"cookie", "consent", "gdpr", "newsletter", "subscribe", "subscription", "signup", "paywall"}

// Bounds on a block stripped for its name: a wrapper named for subscribers
// ("subscriber-content") may hold the article itself.
const (
	boilerplateMaxText  = 2000 // characters of text
	boilerplateMaxShare = 3    // at most a third of the page's text
)

// stripBoilerplate removes from doc, before readability looks for the
// article, the blocks named as boilerplate (boilerplateNames) that hold
// neither a <main> nor an <article> and little text: a cookie banner that
// sits beside <main><article> would otherwise be taken into the body.
func stripBoilerplate(doc *html.Node) {
	page := len(textOf(doc))
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; {
			next := c.NextSibling
			if c.Type == html.ElementNode {
				if isBoilerplate(c, page) {
					n.RemoveChild(c)
				} else {
					walk(c)
				}
			}
			c = next
		}
	}
	walk(doc)
}

// isBoilerplate reports whether n is a block to strip from a page with
// page characters of text.
func isBoilerplate(n *html.Node, page int) bool {
	switch n.DataAtom {
	case atom.Html, atom.Head, atom.Body, atom.Main, atom.Article:
		return false
	}
	if !namedBoilerplate(attr(n, "class") + " " + attr(n, "id") + " " + attr(n, "aria-label")) {
		return false
	}
	for d := range n.Descendants() {
		if d.DataAtom == atom.Main || d.DataAtom == atom.Article {
			return false
		}
	}
	text := len(textOf(n))
	return text <= boilerplateMaxText && text*boilerplateMaxShare <= page
}

// namedBoilerplate reports whether one of the words of names (split at
// anything but letters and digits) holds a boilerplate name.
func namedBoilerplate(names string) bool {
	for _, w := range strings.FieldsFunc(strings.ToLower(names), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		for _, b := range boilerplateNames {
			if strings.Contains(w, b) {
				return true
			}
		}
	}
	return false
}

// boilerplateText matches what banners and sign-up boxes say, for those
// whose markup names nothing.
var boilerplateText = regexp.MustCompile(`(?i)\b(we|this (web)?site|our (web)?site) uses? cookies\b|\b(accept|allow|reject) all cookies\b|\b(sign up|subscribe) (for|to) our\b.{0,40}\bnewsletters?\b`)

// boilerplateMaxWords bounds a paragraph dropped for what it says: an
// article's own paragraph about cookies is longer.
const boilerplateMaxWords = 60

// isBoilerplateText reports whether a paragraph of an article is a cookie
// banner or a newsletter box by what it says: short, and in the words of
// one.
func isBoilerplateText(p string) bool {
	return len(strings.Fields(p)) <= boilerplateMaxWords && boilerplateText.MatchString(p)
}
