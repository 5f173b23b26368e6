// Sitrep: progressive enhancement of the HTML pages. Every page works
// without this script; with it:
//   - "/" moves to the search box;
//   - empty date boxes (and the default choice of undated articles) are
//     left out of the search's address;
//   - the search page's date histogram is brushable: drag across bars, or
//     Shift+click two bars, or Shift+arrow keys from a bar then Enter, to
//     keep a range of dates (see brushChart);
//   - on wide screens every facet is open (on phones they start collapsed);
//   - a facet's Find box narrows its values as you type, from
//     /api/facets/{facet}?prefix=, instead of submitting to /facets/{facet};
//   - the article page's Copy buttons copy its citation.
(function () {
  "use strict";

  var box = document.getElementById("q");

  document.addEventListener("keydown", function (e) {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || !box) {
      return;
    }
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) {
      return;
    }
    e.preventDefault();
    box.focus();
    box.select();
  });

  var form = box && box.form;
  if (form) {
    form.addEventListener("submit", function () {
      ["from", "to", "undated"].forEach(function (name) {
        var input = form.elements[name];
        if (input && !input.value.trim()) {
          input.disabled = true;
        }
      });
    });
    // A page restored from the back/forward cache keeps them disabled.
    window.addEventListener("pageshow", function () {
      ["from", "to", "undated"].forEach(function (name) {
        if (form.elements[name]) {
          form.elements[name].disabled = false;
        }
      });
    });
  }

  var wide = window.matchMedia("(min-width: 48.01rem)");
  function openFacets() {
    if (!wide.matches) {
      return;
    }
    document.querySelectorAll("details.facet").forEach(function (d) {
      d.open = true;
    });
  }
  openFacets();
  if (wide.addEventListener) {
    wide.addEventListener("change", openFacets);
  }

  // removeValue deletes one value of a repeatable parameter.
  function removeValue(params, name, value) {
    var kept = params.getAll(name).filter(function (v) {
      return v !== value;
    });
    params.delete(name);
    kept.forEach(function (v) {
      params.append(name, v);
    });
  }

  function text(tag, className, content) {
    var el = document.createElement(tag);
    if (className) {
      el.className = className;
    }
    el.textContent = content;
    return el;
  }

  // valueItem builds the list item of one facet value, as the server does;
  // unit names what the count counts.
  // pageLink links an entity's page, as the server's pages do.
  function pageLink(id, name) {
    var a = text("a", "page-link", "");
    a.href = "/entities/" + encodeURIComponent(id);
    a.title = "About " + name;
    var mark = text("span", "", "→");
    mark.setAttribute("aria-hidden", "true");
    a.appendChild(mark);
    a.appendChild(text("span", "vh", "About " + name));
    return a;
  }

  function searchHref(params) {
    var query = params.toString();
    return query ? "/?" + query : "/";
  }

  // valueItem is one value of a facet, as the facet-value template draws
  // it: a link ticking or unticking it (an excluded value: putting it
  // back), its count, a "not" link leaving it out, its entity page.
  function valueItem(base, param, unit, v) {
    var params = new URLSearchParams(base);
    if (v.excluded) {
      removeValue(params, "not_" + param, v.value);
    } else if (v.selected) {
      removeValue(params, param, v.value);
    } else {
      params.append(param, v.value);
    }
    var a = document.createElement("a");
    a.href = searchHref(params);
    a.title = v.selected ? "Remove this filter" : v.excluded ? "Stop leaving out this value" : "Show only articles with this value";
    if (v.excluded) {
      a.className = "excl";
    }
    var name = document.createElement("span");
    name.className = "name";
    if (v.selected) {
      a.className = "sel";
      var check = text("span", "check", "✓");
      check.setAttribute("aria-hidden", "true");
      name.appendChild(check);
    }
    name.appendChild(text("bdi", "", v.value));
    if (v.selected) {
      name.appendChild(text("span", "vh", " (selected: follow to remove)"));
    }
    var n = text("span", "n", String(v.count));
    n.appendChild(text("span", "vh", " " + unit));
    a.appendChild(name);
    a.appendChild(n);
    var li = document.createElement("li");
    li.appendChild(a);
    if (!v.excluded) {
      var without = new URLSearchParams(base);
      removeValue(without, param, v.value);
      without.append("not_" + param, v.value);
      var not = text("a", "not-link", "not");
      not.href = searchHref(without);
      not.title = "Leave out the articles with this value";
      not.appendChild(text("span", "vh", " " + v.value));
      li.appendChild(not);
    }
    if (v.id) {
      li.appendChild(pageLink(v.id, v.value));
    }
    return li;
  }

  function enhanceFilter(form) {
    var input = form.querySelector('input[name="prefix"]');
    var list = document.getElementById(form.dataset.list);
    var status = document.getElementById(form.dataset.status);
    var facet = form.dataset.facet;
    var param = form.dataset.param;
    var unit = form.dataset.unit || "articles";
    if (!input || !list || !status || !facet || !param || !window.fetch) {
      return;
    }
    var more = list.parentNode.querySelector(".more-links");
    var original = Array.prototype.slice.call(list.children);
    var timer = 0;
    var latest = 0;

    function restore() {
      list.replaceChildren.apply(list, original);
      if (more) {
        more.hidden = false;
      }
      status.textContent = "";
    }

    function update() {
      var prefix = input.value.trim();
      if (!prefix) {
        latest++;
        restore();
        return;
      }
      var base = new URLSearchParams(new FormData(form));
      base.delete("prefix");
      var api = new URLSearchParams(base);
      api.set("prefix", prefix);
      api.set("size", "50");
      var mine = ++latest;
      fetch("/api/facets/" + encodeURIComponent(facet) + "?" + api.toString(), {
        headers: { Accept: "application/json" },
        credentials: "same-origin"
      })
        .then(function (res) {
          return res.ok ? res.json() : Promise.reject(new Error("HTTP " + res.status));
        })
        .then(function (data) {
          if (mine !== latest) {
            return;
          }
          var values = data.values || [];
          var items = values.map(function (v) {
            return valueItem(base, param, unit, v);
          });
          if (items.length === 0) {
            items.push(text("li", "none", "No " + facet + " match “" + prefix + "”"));
          }
          list.replaceChildren.apply(list, items);
          if (more) {
            more.hidden = true;
          }
          status.textContent =
            values.length === 1 ? "1 value matches" : values.length + (data.more ? "+" : "") + " values match";
        })
        .catch(function () {
          if (mine === latest) {
            status.textContent = "Could not look up values: press Find to search.";
          }
        });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(update, 120);
    });
    input.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && input.value) {
        input.value = "";
        update();
      }
    });
  }

  document.querySelectorAll("form.facet-filter[data-facet]").forEach(enhanceFilter);

  // brushChart makes a date histogram (a .chart with data-base, the search
  // without its dates) brushable. Each bar is a link keeping its own
  // period, which works without this script; with it a range of bars is
  // chosen, shown and announced, then kept by going to data-base with from
  // (the first bar's), to (the last's) and, when the undated bar is among
  // them, undated=include (undated=1 when it is alone):
  //   - drag across the bars (mouse, pen or touch) and let go;
  //   - Shift+click a bar, then Shift+click another;
  //   - from a focused bar, ← and → move between bars, Shift+← and Shift+→
  //     stretch the range, Enter keeps it and Escape drops it.
  function brushChart(chart) {
    var svg = chart.querySelector("svg");
    var base = chart.getAttribute("data-base");
    // The bars' links, each holding a rect.hit with the bar's data.
    var hits = Array.prototype.slice.call(chart.querySelectorAll("a > rect.hit[data-count]"));
    var bars = hits.map(function (r) {
      return r.parentNode;
    });
    if (!svg || !base || bars.length === 0 || !window.URLSearchParams) {
      return;
    }
    var panel = chart.parentNode;
    var status = panel.querySelector(".brush-status");
    var hint = panel.querySelector(".brush-hint");
    if (hint) {
      hint.hidden = false;
    }
    var anchor = -1; // where a Shift+click or Shift+arrow range starts
    var range = null; // [first, last] indexes of the bars chosen
    var drag = null; // {start, moved} while a pointer is down on a bar
    var swallowClick = false;

    function rangeHref(lo, hi) {
      var url = new URL(base, window.location.href);
      var params = url.searchParams;
      var chosen = hits.slice(lo, hi + 1);
      var dated = chosen.filter(function (r) {
        return !r.hasAttribute("data-undated");
      });
      var undated = dated.length < chosen.length;
      if (dated.length > 0) {
        params.set("from", dated[0].getAttribute("data-from"));
        params.set("to", dated[dated.length - 1].getAttribute("data-to"));
        if (undated) {
          params.set("undated", "include");
        }
      } else {
        params.set("undated", "1");
      }
      return searchHref(params);
    }

    function show(lo, hi) {
      range = lo < 0 ? null : [Math.min(lo, hi), Math.max(lo, hi)];
      var total = 0;
      bars.forEach(function (b, i) {
        var on = range !== null && i >= range[0] && i <= range[1];
        b.querySelectorAll("rect").forEach(function (rect) {
          rect.classList.toggle("brush", on);
        });
        if (on) {
          total += parseInt(hits[i].getAttribute("data-count"), 10) || 0;
        }
      });
      if (!status) {
        return;
      }
      if (range === null) {
        status.textContent = "";
        return;
      }
      var first = hits[range[0]].getAttribute("data-label");
      var last = hits[range[1]].getAttribute("data-label");
      status.textContent = (first === last ? first : first + " to " + last) + ": " + total +
        (total === 1 ? " result" : " results") + ". Let go, or press Enter, to keep them; Escape cancels.";
    }

    function cancel() {
      anchor = -1;
      show(-1, -1);
    }

    // barAt is the bar under (or nearest to) the pointer's x.
    function barAt(x) {
      var best = -1;
      var bestDistance = Infinity;
      hits.forEach(function (hit, i) {
        var r = hit.getBoundingClientRect();
        var d = x < r.left ? r.left - x : x > r.right ? x - r.right : 0;
        if (d < bestDistance) {
          best = i;
          bestDistance = d;
        }
      });
      return best;
    }

    function barOf(target) {
      var a = target && target.closest ? target.closest("a") : null;
      return a ? bars.indexOf(a) : -1;
    }

    svg.addEventListener("pointerdown", function (e) {
      if (e.button !== 0 || e.shiftKey || e.ctrlKey || e.metaKey) {
        return;
      }
      var i = barAt(e.clientX);
      if (i < 0) {
        return;
      }
      drag = { start: i, moved: false };
      e.preventDefault(); // no text selection, no dragging of the link
    });
    svg.addEventListener("pointermove", function (e) {
      if (!drag) {
        return;
      }
      var i = barAt(e.clientX);
      if (i !== drag.start && !drag.moved) {
        // A drag, no longer a click: its end may lie past the chart.
        drag.moved = true;
        if (svg.setPointerCapture) {
          svg.setPointerCapture(e.pointerId);
        }
      }
      if (drag.moved) {
        show(drag.start, i);
      }
    });
    svg.addEventListener("pointerup", function (e) {
      if (!drag) {
        return;
      }
      var d = drag;
      drag = null;
      if (!d.moved) {
        return; // a click: the bar's own link follows
      }
      var i = barAt(e.clientX);
      swallowClick = true;
      window.location.assign(rangeHref(Math.min(d.start, i), Math.max(d.start, i)));
    });
    svg.addEventListener("pointercancel", function () {
      drag = null;
      cancel();
    });
    svg.addEventListener("dragstart", function (e) {
      e.preventDefault();
    });
    svg.addEventListener("click", function (e) {
      if (swallowClick) {
        swallowClick = false;
        e.preventDefault();
        return;
      }
      var i = barOf(e.target);
      if (i < 0) {
        return;
      }
      if (e.shiftKey) {
        e.preventDefault(); // not a new window
        if (anchor < 0) {
          anchor = i;
          show(i, i);
        } else {
          window.location.assign(rangeHref(Math.min(anchor, i), Math.max(anchor, i)));
        }
      }
    }, true);
    svg.addEventListener("keydown", function (e) {
      var i = barOf(e.target);
      if (i < 0) {
        return;
      }
      var next = -1;
      switch (e.key) {
        case "ArrowLeft":
          next = Math.max(0, i - 1);
          break;
        case "ArrowRight":
          next = Math.min(bars.length - 1, i + 1);
          break;
        case "Home":
          next = 0;
          break;
        case "End":
          next = bars.length - 1;
          break;
        case "Escape":
          if (range !== null) {
            e.preventDefault();
            cancel();
          }
          return;
        case "Enter":
          if (range !== null) {
            e.preventDefault();
            window.location.assign(rangeHref(range[0], range[1]));
          }
          return;
        default:
          return;
      }
      e.preventDefault();
      if (e.shiftKey) {
        if (anchor < 0) {
          anchor = i;
        }
        show(anchor, next);
      } else {
        cancel();
      }
      bars[next].focus();
    });
  }

  document.querySelectorAll(".chart[data-base]").forEach(brushChart);

  // A Copy button (hidden without this script) copies the text of the
  // element it names to the clipboard.
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source || !navigator.clipboard) {
      return;
    }
    var label = button.textContent;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(source.textContent).then(function () {
        button.textContent = "Copied";
      }, function () {
        button.textContent = "Select the text to copy it";
      });
      setTimeout(function () {
        button.textContent = label;
      }, 2000);
    });
  });
})();
