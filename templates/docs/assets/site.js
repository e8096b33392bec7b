// Trackplan docs: search and filters on the event list, keyboard shortcuts, print. No
// dependencies, no network: the index is read from the page's <script type="application/json">.
(function () {
  "use strict";

  // Printed pages show everything: collapsed sections open while printing.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details:not([open])").forEach(function (details) {
      details.open = true;
      details.dataset.printOpened = "";
    });
  });
  window.addEventListener("afterprint", function () {
    document.querySelectorAll("details[data-print-opened]").forEach(function (details) {
      details.open = false;
      delete details.dataset.printOpened;
    });
  });

  var indexBlock = document.getElementById("search-index");
  var input = document.getElementById("search");
  var list = document.getElementById("event-list");
  if (!indexBlock || !input || !list) {
    return;
  }

  // Results are shown a page at a time: laying out thousands of cards on every keystroke
  // would make typing lag on large plans.
  var PAGE = 100;
  var index = JSON.parse(indexBlock.textContent);
  var rows = Array.prototype.slice.call(list.children);
  var selects = Array.prototype.slice.call(document.querySelectorAll("select[data-facet]"));
  var facetPosition = {};
  index.facets.forEach(function (facet, i) { facetPosition[facet.key] = i; });
  var count = document.getElementById("result-count");
  var noResults = document.getElementById("no-results");
  var reset = document.getElementById("reset");
  var more = document.getElementById("show-more");
  var hits = [];
  var limit = PAGE;
  var shown = rows.slice();

  // Score of an event for the query, or -1 when it does not match every word. Names count
  // most: the exact name, then a name starting with the query, then words in the name.
  function score(entry, query, words) {
    var name = entry[0];
    var total = 0;
    for (var i = 0; i < words.length; i++) {
      var at = name.indexOf(words[i]);
      if (at === 0) {
        total += 4;
      } else if (at > 0) {
        total += 2;
      } else if (entry[1].indexOf(words[i]) < 0) {
        return -1;
      }
    }
    if (name === query) {
      total += 100;
    } else if (name.indexOf(query) === 0) {
      total += 10;
    }
    return total;
  }

  function chosen() {
    return selects.map(function (select) {
      return { facet: facetPosition[select.dataset.facet], option: select.value === "" ? -1 : Number(select.value) };
    }).filter(function (choice) { return choice.option >= 0; });
  }

  function search() {
    var query = input.value.trim().toLowerCase();
    var words = query.split(/\s+/).filter(Boolean);
    var filters = chosen();
    var scored = [];
    for (var i = 0; i < index.events.length; i++) {
      var entry = index.events[i];
      var keep = true;
      for (var f = 0; f < filters.length && keep; f++) {
        keep = entry[2][filters[f].facet].indexOf(filters[f].option) >= 0;
      }
      if (keep) {
        var s = words.length ? score(entry, query, words) : 0;
        if (s >= 0) {
          scored.push({ i: i, s: s });
        }
      }
    }
    if (words.length) {
      // Array.prototype.sort is stable: equal scores keep plan order.
      scored.sort(function (a, b) { return b.s - a.s; });
    }
    hits = scored.map(function (hit) { return hit.i; });
    limit = PAGE;
    render();
    if (reset) {
      reset.hidden = filters.length === 0;
    }
    remember(query, filters);
  }

  function render() {
    var next = hits.slice(0, limit).map(function (i) { return rows[i]; });
    var same = next.length === shown.length && next.every(function (row, k) { return row === shown[k]; });
    if (!same) {
      var fragment = document.createDocumentFragment();
      next.forEach(function (row) { fragment.appendChild(row); });
      list.replaceChildren(fragment);
      shown = next;
    }
    var n = hits.length;
    count.textContent = (n === rows.length ? n + " events" : n + " of " + rows.length + " events") +
      (n > shown.length ? ", showing the first " + shown.length : "");
    noResults.hidden = n > 0;
    more.hidden = n <= shown.length;
    more.textContent = "Show " + Math.min(PAGE, n - shown.length) + " more of " + (n - shown.length);
  }

  // The search and filters live in the URL fragment, so a result list can be shared and
  // survives going back from an event page. Filter values are the option labels.
  function remember(query, filters) {
    var params = new URLSearchParams();
    if (query) {
      params.set("q", query);
    }
    filters.forEach(function (choice) {
      var facet = index.facets[choice.facet];
      params.set(facet.key, facet.values[choice.option] === null ? "" : facet.values[choice.option]);
    });
    var hash = params.toString();
    try {
      history.replaceState(null, "", hash ? "#" + hash : location.pathname + location.search);
    } catch (ignored) {
      // Some browsers refuse replaceState on file:// pages; the state is then not kept.
    }
  }

  function restore() {
    var params = new URLSearchParams(location.hash.replace(/^#/, ""));
    input.value = params.get("q") || "";
    selects.forEach(function (select) {
      var facet = index.facets[facetPosition[select.dataset.facet]];
      var value = params.get(facet.key);
      var option = value === null ? -1 : facet.values.indexOf(value === "" ? null : value);
      select.value = option >= 0 ? String(option) : "";
    });
  }

  function clearAll() {
    input.value = "";
    selects.forEach(function (select) { select.value = ""; });
    search();
    input.focus();
  }

  input.addEventListener("input", search);
  selects.forEach(function (select) { select.addEventListener("change", search); });
  more.addEventListener("click", function () {
    limit += PAGE;
    render();
  });
  if (reset) {
    reset.addEventListener("click", function () {
      selects.forEach(function (select) { select.value = ""; });
      search();
    });
  }
  document.getElementById("clear-all").addEventListener("click", clearAll);

  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      var first = list.querySelector("li a");
      if (first) {
        first.click();
      }
    } else if (event.key === "Escape") {
      clearAll();
    }
  });

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target instanceof HTMLInputElement || target instanceof HTMLSelectElement ||
      target instanceof HTMLTextAreaElement;
    if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      input.focus();
      input.select();
    }
  });

  restore();
  search();
  list.classList.add("paged");
  document.documentElement.classList.add("search-ready");
})();
