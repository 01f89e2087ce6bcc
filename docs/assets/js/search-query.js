/* Readers type questions ("how do I choose participants"). The site's search makes every word a
   prefix, so "i" or "a" would match thousands of words and bury the answer. This shim removes
   lunr's English stop words from a query before it reaches the search worker (the index never
   contains them anyway); a query made only of stop words is left as it is. Loaded before the theme
   bundle, after the iframe-worker shim, so it wraps whichever Worker the page uses.
   scripts/search.py (macros/search.py) applies the same rule, so tests see what readers see. */
(function () {
  "use strict";
  var Base = window.Worker;
  var QUERY = 2; /* Material's SearchMessageType.QUERY */
  var STOP = {};
  "a able about across after all almost also am among an and any are as at be because been but by can cannot could dear did do does either else ever every for from get got had has have he her hers him his how however i if in into is it its just least let like likely may me might most must my neither no nor not of off often on only or other our own rather said say says she should since so some than that the their them then there these they this tis to too twas us wants was we were what when where which while who whom why will with would yet you your".split(" ").forEach(function (word) { STOP[word] = true; });

  function strip(query) {
    var kept = query.split(/\s+/).filter(function (word) {
      return word && !STOP[word.toLowerCase()];
    });
    return kept.length ? kept.join(" ") : query;
  }

  if (typeof Base !== "function") { return; }
  function QueryWorker(url, options) {
    var worker = new Base(url, options);
    var post = worker.postMessage.bind(worker);
    worker.postMessage = function (message, transfer) {
      if (message && message.type === QUERY && typeof message.data === "string") {
        message = { type: QUERY, data: strip(message.data) };
      }
      return transfer ? post(message, transfer) : post(message);
    };
    return worker;
  }
  QueryWorker.prototype = Base.prototype;
  window.Worker = QueryWorker;
})();
