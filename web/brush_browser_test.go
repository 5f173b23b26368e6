package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// histogramBar is a bar of the search page's date histogram as the page
// draws it: its data and the centre of its clickable area, in CSS pixels
// of the viewport.
type histogramBar struct {
	Label, From, To string
	Count           int
	Undated         bool
	X, Y            float64
}

// histogramBars opens the date facet, scrolls it into view and returns its
// bars that link somewhere (those with articles), in order.
func (tb *tab) histogramBars(t *testing.T) []histogramBar {
	t.Helper()
	bars := run(t, tb, chromedp.Evaluate[[]histogramBar](`(() => {
		const d = document.getElementById("facet-published");
		d.open = true;
		d.scrollIntoView({block: "center"});
		return [...d.querySelectorAll("a > rect.hit[data-count]")].map(r => {
			const b = r.getBoundingClientRect();
			return {Label: r.dataset.label, From: r.dataset.from || "", To: r.dataset.to || "", Count: +r.dataset.count,
				Undated: r.hasAttribute("data-undated"), X: b.left + b.width / 2, Y: b.top + b.height / 2};
		});
	})()`))
	if len(bars) < 4 {
		t.Fatalf("%d histogram bars with articles, want 4 at least: %+v", len(bars), bars)
	}
	return bars
}

// sumCounts adds the counts of bars.
func sumCounts(bars []histogramBar) int {
	n := 0
	for _, b := range bars {
		n += b.Count
	}
	return n
}

// held is a mouse event with the left button down.
func held(p *input.DispatchMouseEventParams) {
	p.Button, p.Buttons = input.MouseButtonLeft, 1
}

// dragMouse presses the mouse at from, moves it in steps to to and lets go.
func dragMouse(from, to histogramBar) chromedp.Action[chromedp.Void] {
	actions := []chromedp.Action[chromedp.Void]{chromedp.MouseEvent(chromedp.MousePressed, from.X, from.Y, held, chromedp.ClickCount(1))}
	for i := 1; i <= 8; i++ {
		x := from.X + (to.X-from.X)*float64(i)/8
		actions = append(actions, chromedp.MouseEvent(chromedp.MouseMoved, x, from.Y, held))
	}
	actions = append(actions, chromedp.MouseEvent(chromedp.MouseReleased, to.X, to.Y, held, chromedp.ClickCount(1)))
	return chromedp.Steps(actions...)
}

// dragTouch puts a finger down at from, slides it to to and lifts it.
func dragTouch(from, to histogramBar) chromedp.Action[chromedp.Void] {
	touch := func(typ input.DispatchTouchEventType, x, y float64) chromedp.Action[chromedp.Void] {
		id := 1.0
		points := []*input.TouchPoint{{X: x, Y: y, ID: &id}}
		if typ == input.DispatchTouchEventTypeTouchEnd {
			points = []*input.TouchPoint{}
		}
		return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := cdp.Call(ctx, t, input.DispatchTouchEvent, input.DispatchTouchEventParams{Type: typ, TouchPoints: points})
			return err
		})
	}
	actions := []chromedp.Action[chromedp.Void]{touch(input.DispatchTouchEventTypeTouchStart, from.X, from.Y)}
	for i := 1; i <= 8; i++ {
		actions = append(actions, touch(input.DispatchTouchEventTypeTouchMove, from.X+(to.X-from.X)*float64(i)/8, from.Y))
	}
	return chromedp.Steps(append(actions, touch(input.DispatchTouchEventTypeTouchEnd, 0, 0))...)
}

// brushTests are TestBrowser's tests of the date boxes' choice of undated
// articles and of the brushable histogram, run in its browser.
func brushTests(t *testing.T, b *browser) {
	t.Run("the date boxes and the choice of undated articles narrow the total", func(t *testing.T) {
		tb := b.newTab(t, 1280, 900)
		tb.open(t, "/?q=isis")
		all := tb.total(t)
		var undated int
		if _, err := fmt.Sscanf(run(t, tb, chromedp.Text(chromedp.CSS("p.undated-count"))), "%d of them undated", &undated); err != nil {
			t.Fatal(err)
		}
		tb.do(t,
			chromedp.SendKeys(chromedp.ID("from"), "06012016"),
			chromedp.SendKeys(chromedp.ID("to"), "01312017\n"),
			chromedp.WaitVisible(chromedp.CSS(".chips .chip")),
		)
		dated := tb.total(t)
		if dated == 0 || dated >= all-undated {
			t.Errorf("2016-06-01 to 2017-01-31: %d of the %d dated results, want fewer but some", dated, all-undated)
		}
		tb.do(t,
			chromedp.SetValue(chromedp.ID("undated"), "include"),
			chromedp.SendKeys(chromedp.ID("q"), "\n"),
			chromedp.WaitVisible(chromedp.CSS("p.undated-count")),
		)
		if loc := tb.location(t); loc != "/?q=isis&from=2016-06-01&to=2017-01-31&undated=include" {
			t.Errorf("location %s, want the dates and undated=include", loc)
		}
		if n := tb.total(t); n != dated+undated {
			t.Errorf("with the undated kept: %d results, want %d dated and %d undated", n, dated, undated)
		}
		if v := run(t, tb, chromedp.Value(chromedp.ID("undated"))); v != "include" {
			t.Errorf("the choice of undated articles reads %q after the search", v)
		}
	})

	t.Run("dragging across bars keeps their range, and its total is theirs", func(t *testing.T) {
		tb := b.newTab(t, 1280, 900)
		tb.open(t, "/?q=isis")
		bars := tb.histogramBars(t)
		if bars[0].Undated || bars[3].Undated {
			t.Fatalf("bars %+v: want four dated ones first", bars)
		}
		tb.do(t, dragMouse(bars[0], bars[3]), chromedp.WaitVisible(chromedp.CSS(".chips .chip")))
		want := "/?q=isis&from=" + bars[0].From + "&to=" + bars[3].To
		if loc := tb.location(t); loc != want {
			t.Errorf("the drag went to %s, want %s", loc, want)
		}
		if n, sum := tb.total(t), sumCounts(bars[:4]); n != sum {
			t.Errorf("the range holds %d results, the four bars dragged across %d", n, sum)
		}
		// The range's bars are drawn selected, and Every date clears it.
		if n := run(t, tb, chromedp.Evaluate[int](`document.querySelectorAll("#facet-published rect.bar.sel").length`)); n == 0 {
			t.Error("no bar drawn selected in the range")
		}
		tb.do(t, chromedp.Click(chromedp.CSS(".clear-dates a")), chromedp.WaitNotPresent(chromedp.CSS(".chips")))
		if loc := tb.location(t); loc != "/?q=isis" {
			t.Errorf("Every date went to %s", loc)
		}
	})

	t.Run("a finger dragged onto the undated bar keeps the range and the undated", func(t *testing.T) {
		tb := b.newTab(t, 1280, 900)
		tb.open(t, "/?q=isis")
		bars := tb.histogramBars(t)
		last, undated := bars[len(bars)-2], bars[len(bars)-1]
		if last.Undated || !undated.Undated {
			t.Fatalf("bars %+v: want the undated bar last", bars)
		}
		tb.do(t, dragTouch(last, undated), chromedp.WaitVisible(chromedp.CSS(".chips .chip")))
		want := "/?q=isis&from=" + last.From + "&to=" + last.To + "&undated=include"
		if loc := tb.location(t); loc != want {
			t.Errorf("the drag went to %s, want %s", loc, want)
		}
		if n := tb.total(t); n != last.Count+undated.Count {
			t.Errorf("%d results, want the %d of %s and the %d undated", n, last.Count, last.Label, undated.Count)
		}
	})

	t.Run("the keyboard stretches a range with Shift and arrows, Enter keeps it", func(t *testing.T) {
		tb := b.newTab(t, 1280, 900)
		tb.open(t, "/?q=isis")
		bars := tb.histogramBars(t)
		if hint := run(t, tb, chromedp.Evaluate[bool](`!document.getElementById("brush-hint").hidden`)); !hint {
			t.Error("the hint on brushing is hidden with the script running")
		}
		shift := chromedp.KeyModifiers(chromedp.ModifierShift)
		tb.do(t,
			chromedp.Evaluate[chromedp.Void](`document.querySelector("#facet-published a").focus()`),
			chromedp.KeyEvent(kb.ArrowRight),
			chromedp.KeyEvent(kb.ArrowRight, shift),
			chromedp.KeyEvent(kb.ArrowRight, shift),
		)
		status := run(t, tb, chromedp.Text(chromedp.ID("brush-status")))
		wantStatus := fmt.Sprintf("%s to %s: %d results.", bars[1].Label, bars[3].Label, sumCounts(bars[1:4]))
		if !strings.HasPrefix(status, wantStatus) {
			t.Errorf("the status reads %q, want %q…", status, wantStatus)
		}
		// Escape drops the range; stretched again, Enter keeps it.
		tb.do(t, chromedp.KeyEvent(kb.Escape))
		if status := run(t, tb, chromedp.Text(chromedp.ID("brush-status"))); status != "" {
			t.Errorf("after Escape the status reads %q", status)
		}
		tb.do(t,
			chromedp.KeyEvent(kb.ArrowLeft, shift),
			chromedp.KeyEvent(kb.Enter),
			chromedp.WaitVisible(chromedp.CSS(".chips .chip")),
		)
		want := "/?q=isis&from=" + bars[2].From + "&to=" + bars[3].To
		if loc := tb.location(t); loc != want {
			t.Errorf("Enter went to %s, want %s", loc, want)
		}
		if n, sum := tb.total(t), sumCounts(bars[2:4]); n != sum {
			t.Errorf("the range holds %d results, its two bars %d", n, sum)
		}
	})

	t.Run("Shift+click on two bars keeps the range between them", func(t *testing.T) {
		tb := b.newTab(t, 1280, 900)
		tb.open(t, "/?q=isis")
		bars := tb.histogramBars(t)
		shift := chromedp.ButtonModifiers(chromedp.ModifierShift)
		tb.do(t, chromedp.MouseClickXY(bars[3].X, bars[3].Y, shift))
		if loc := tb.location(t); loc != "/?q=isis" {
			t.Fatalf("the first Shift+click went to %s", loc)
		}
		tb.do(t, chromedp.MouseClickXY(bars[1].X, bars[1].Y, shift), chromedp.WaitVisible(chromedp.CSS(".chips .chip")))
		want := "/?q=isis&from=" + bars[1].From + "&to=" + bars[3].To
		if loc := tb.location(t); loc != want {
			t.Errorf("the second Shift+click went to %s, want %s", loc, want)
		}
		if n, sum := tb.total(t), sumCounts(bars[1:4]); n != sum {
			t.Errorf("the range holds %d results, its three bars %d", n, sum)
		}
	})
}
