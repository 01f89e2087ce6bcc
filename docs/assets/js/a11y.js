/* Material's search dialog has no accessible name; screen readers announce it as "dialog". */
(function () {
  "use strict";
  var dialog = document.querySelector(".md-search[role=dialog]");
  if (dialog && !dialog.hasAttribute("aria-label")) { dialog.setAttribute("aria-label", "Search the handbook"); }
})();
