/* Material's search dialog has no accessible name; screen readers announce it as "dialog". It takes the
   search box's placeholder, which the theme writes in the page's language. */
(function () {
  "use strict";
  var dialog = document.querySelector(".md-search[role=dialog]");
  var input = dialog && dialog.querySelector("input[placeholder]");
  if (input && !dialog.hasAttribute("aria-label")) { dialog.setAttribute("aria-label", input.placeholder); }
})();

/* Material puts each table in a box that scrolls sideways when the table is wider than the page (the
   templates' forms often are, and most tables are on a phone). A keyboard user can only scroll such a
   box if it can take focus, so a box that scrolls takes focus and is named after its table's columns;
   one that does not scroll stays out of the tab order. */
(function () {
  "use strict";
  /* The words come with the page, in its language (site_pages.page_words). */
  var words = document.querySelector("[data-t2-words]");
  function label(wrap) {
    var heads = Array.prototype.map.call(wrap.querySelectorAll("thead th"), function (th) {
      return th.textContent.trim();
    }).filter(Boolean);
    if (!heads.length) { return words.getAttribute("data-table-untitled"); }
    var columns = heads.slice(0, 3).join(words.getAttribute("data-comma") + " ") + (heads.length > 3 ? "…" : "");
    return words.getAttribute("data-table").split("%columns").join(columns);
  }
  function update() {
    if (!words) { return; }
    Array.prototype.forEach.call(document.querySelectorAll(".md-typeset__scrollwrap"), function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        wrap.tabIndex = 0;
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", label(wrap));
      } else if (wrap.hasAttribute("tabindex")) {
        ["tabindex", "role", "aria-label"].forEach(function (name) { wrap.removeAttribute(name); });
      }
    });
  }
  var pending = 0;
  function soon() { window.clearTimeout(pending); pending = window.setTimeout(update, 150); }
  window.addEventListener("load", update);
  window.addEventListener("resize", soon);
})();
