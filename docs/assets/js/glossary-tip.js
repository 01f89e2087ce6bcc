/* Glossary terms (links with class t2-term) show their definition on hover and on keyboard focus;
   a tap follows the link to the glossary. The definition is the link's title, so it also works as a plain browser tooltip
   and as the link's description without JavaScript.

   The theme's own tooltips (content.tooltips) do the same for every titled element but measure each
   one as the page loads, which cost a phone about 0.4 s of blocked main thread on a long chapter.
   This does nothing until a reader points at or focuses a term. One tooltip element is shared, it
   can be hovered without disappearing, and Escape dismisses it (WCAG 1.4.13). */
(function () {
  "use strict";
  var tip = null;
  var current = null;
  var hideTimer = 0;

  function tipElement() {
    if (!tip) {
      tip = document.createElement("div");
      tip.className = "t2-tip";
      tip.id = "t2-tip";
      tip.setAttribute("role", "tooltip");
      tip.hidden = true;
      tip.addEventListener("pointerenter", function () { clearTimeout(hideTimer); });
      tip.addEventListener("pointerleave", function () { hideSoon(); });
      document.body.appendChild(tip);
    }
    return tip;
  }

  function termOf(node) {
    return node && node.closest ? node.closest("a.t2-term") : null;
  }

  function show(term) {
    clearTimeout(hideTimer);
    var box = tipElement();
    var definition = term.getAttribute("data-definition") || term.getAttribute("title") || "";
    /* The title moves aside while the tooltip shows, so the browser does not draw a second one. */
    if (term.hasAttribute("title")) {
      term.setAttribute("data-definition", definition);
      term.removeAttribute("title");
    }
    if (current && current !== term) { current.removeAttribute("aria-describedby"); }
    current = term;
    term.setAttribute("aria-describedby", box.id);
    box.textContent = definition;
    box.hidden = false;
    var rect = term.getBoundingClientRect();
    var width = Math.min(box.offsetWidth, document.documentElement.clientWidth - 16);
    var left = Math.max(8, Math.min(rect.left, document.documentElement.clientWidth - width - 8));
    box.style.left = (left + window.scrollX) + "px";
    box.style.top = (rect.bottom + window.scrollY + 6) + "px";
  }

  function hide() {
    if (tip) { tip.hidden = true; }
    if (current) {
      current.removeAttribute("aria-describedby");
      current.setAttribute("title", current.getAttribute("data-definition") || "");
      current = null;
    }
  }

  function hideSoon() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, 300);  /* time to move the pointer onto the tooltip */
  }

  document.addEventListener("pointerover", function (event) {
    var term = termOf(event.target);
    if (term) { show(term); }
  });
  document.addEventListener("pointerout", function (event) {
    var term = termOf(event.target);
    if (term && !term.contains(event.relatedTarget)) { hideSoon(); }
  });
  document.addEventListener("focusin", function (event) {
    var term = termOf(event.target);
    if (term) { show(term); } else if (current) { hide(); }
  });
  document.addEventListener("focusout", function (event) {
    if (termOf(event.target)) { hideSoon(); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && tip && !tip.hidden) { hide(); }
  });
})();
