/* Case-study filters: runs over the table already in the page (no server, no download), so it
   works from file:// too. Without JavaScript the full table stays visible. */
(function () {
  "use strict";

  function setup(form) {
    var table = document.querySelector("table.t2-cases");
    var status = document.querySelector(".t2-filter-status");
    if (!table) { return; }
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));
    var everything = status.textContent;

    function apply() {
      var shown = 0;
      rows.forEach(function (row) {
        var match = selects.every(function (select) {
          var wanted = select.value;
          var values = (row.getAttribute("data-" + select.getAttribute("data-filter")) || "").split(" ");
          return !wanted || values.indexOf(wanted) !== -1;
        });
        row.hidden = !match;
        if (match) { shown += 1; }
      });
      /* The words come from the page, in its language: the count it opened with ("14 case studies") or
         "Showing %shown of %total case studies". */
      status.textContent = shown === rows.length
        ? everything
        : status.getAttribute("data-some").replace("%shown", shown).replace("%total", rows.length);
    }

    selects.forEach(function (select) { select.addEventListener("change", apply); });
    form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    apply();
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("form.t2-filters"), setup);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
