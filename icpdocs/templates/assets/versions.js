// The outdated banner links to the same page in the latest release. When that page no longer
// exists there, point the link at its section's index (or the home page) instead. Which pages
// exist is read from the latest release's sitemap.xml: one request, and no 404 in the console.
// Also names Material's version button by what it shows, for screen readers and voice control.
(function () {
  "use strict";
  var known = {};

  function pagesOf(root) {
    if (!known[root]) {
      known[root] = fetch(root + "sitemap.xml")
        .then(function (response) { return response.ok ? response.text() : ""; })
        .then(function (text) { return relativePaths(text, root); })
        .catch(function () { return null; });
    }
    return known[root];
  }

  // Sitemap entries are absolute; the shortest one is the home page, the rest are relative to it.
  function relativePaths(text, root) {
    var doc = new DOMParser().parseFromString(text, "text/xml");
    var paths = Array.prototype.map.call(doc.querySelectorAll("url > loc"), function (loc) {
      return new URL(loc.textContent.trim(), root).pathname;
    });
    if (!paths.length) { return null; }
    var home = paths.reduce(function (a, b) { return a.length <= b.length ? a : b; });
    return new Set(paths.map(function (path) { return path.slice(home.length); }));
  }

  function fallback(pages, page) {
    if (pages.has(page)) { return page; }
    var section = page.split("/")[0] + "/";
    return page.indexOf("/") > 0 && pages.has(section) ? section : "";
  }

  function update() {
    var link = document.querySelector("a[data-icpdocs-latest]");
    if (!link) { return; }
    var root = new URL(link.getAttribute("data-icpdocs-latest"), location.href).href;
    var page = link.getAttribute("data-icpdocs-page") || "";
    pagesOf(root).then(function (pages) {
      if (pages) { link.href = new URL(fallback(pages, page), root).href; }
    });
  }

  // Material's button is named "Select version" but shows the version: a name must contain what
  // is shown (WCAG 2.5.3). The menu appears after Material has fetched versions.json.
  function nameVersionButton() {
    var button = document.querySelector(".md-version__current");
    var shown = button ? button.textContent.trim() : "";
    if (shown && button.getAttribute("aria-label") !== shown + ", select version") {
      button.setAttribute("aria-label", shown + ", select version");
    }
  }

  nameVersionButton();
  new MutationObserver(nameVersionButton).observe(document.body, { childList: true, subtree: true });

  if (typeof document$ !== "undefined") {
    document$.subscribe(update);  // Material's instant navigation swaps the banner on every page
  } else {
    update();
  }
})();
