/* The search index is the heaviest file on the site (about 200 KB compressed). The theme fetches it
   as soon as any page loads, so a reader on a slow or metered connection pays for it on every first
   visit even if they never search. This shim holds that one request back until the reader shows
   they want to search: the pointer enters the search box or its button, or the search field gets
   focus (a tap, a click, or the theme's "/", "s" or "f" shortcuts), or the address carries a
   search (?q=). Search then works as before,
   with "Initializing search" shown while the index arrives. Opened from disk (file://) the theme
   loads the index differently and nothing here applies. Loaded before the theme bundle. */
(function () {
  "use strict";
  var INDEX = /\/search\/search_index\.json(\?|$)/;
  var held = [];
  var wanted = false;

  function release() {
    if (wanted) { return; }
    wanted = true;
    held.splice(0).forEach(function (send) { send(); });
  }

  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.__searchIndex = INDEX.test(String(url));
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var request = this;
    var args = arguments;
    if (!request.__searchIndex || wanted) { return send.apply(request, args); }
    held.push(function () { send.apply(request, args); });
  };

  function wantsSearch(event) {
    var target = event.target;
    return target && target.closest &&
      target.closest(".md-search, label[for='__search'], [data-md-component='search']") !== null;
  }
  ["focusin", "pointerover", "touchstart"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      if (wantsSearch(event)) { release(); }
    }, { passive: true, capture: true });
  });
  /* A shared search link (?q=...) opens the page with the search already typed. */
  if (/[?&]q=/.test(location.search)) { release(); }
})();
