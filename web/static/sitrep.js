// Sitrep: progressive enhancement of the HTML pages. Every page works
// without this script; with it:
//   - "/" moves to the search box;
//   - empty date boxes are left out of the search's address;
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
      ["from", "to"].forEach(function (name) {
        var input = form.elements[name];
        if (input && !input.value.trim()) {
          input.disabled = true;
        }
      });
    });
    // A page restored from the back/forward cache keeps them disabled.
    window.addEventListener("pageshow", function () {
      ["from", "to"].forEach(function (name) {
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
