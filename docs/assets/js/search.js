/* Site search, answered from an index built ahead of time (macros/outputs/search_index.py).

   The theme's search box, keyboard shortcuts, result list and highlighting stay as readers know
   them; only the engine behind them changes. The theme starts a web worker that downloads the whole
   index and builds it in the browser: on a phone that took seconds before a first result. Instead,
   the theme's worker is replaced by this engine, which speaks the same messages, keeps no index of
   its own and loads the few small parts a query needs with plain <script> tags, so it works the same
   over HTTP and from disk (file://, the offline bundle). Nothing is loaded until a reader searches.

   The arithmetic (folding, stop words, prefix factor, sums, the share of query words matched, the
   order of ties) is the same as `Searcher` in search_index.py; tests compare the two.
   Loaded before the theme's bundle, after the iframe-worker shim. */
(function () {
  "use strict";
  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3; /* the theme's search message types */
  var WORKER = /\/workers\/search\.[^/]*\.js(\?|$)/;
  var script = document.currentScript;
  var base = new URL("../../search/t2/", script ? script.src : location.href);
  var loaded = {};
  var waiting = {};
  var meta = null;

  /* Each part file calls T2Search.add({...}) with the JSON the build wrote. */
  function partName(part) {
    if ("index" in part) { return "index.js"; }
    if ("shard" in part) { return shardFile(part.shard); }
    return "d-" + part.docs + ".js";
  }
  window.T2Search = {
    add: function (part) {
      var name = partName(part);
      loaded[name] = part;
      (waiting[name] || []).forEach(function (done) { done(part); });
      delete waiting[name];
    }
  };

  function load(name) {
    if (loaded[name]) { return Promise.resolve(loaded[name]); }
    return new Promise(function (resolve) {
      if (waiting[name]) { waiting[name].push(resolve); return; }
      waiting[name] = [resolve];
      var tag = document.createElement("script");
      tag.src = new URL(name, base).href;
      tag.async = true;
      tag.onerror = function () { window.T2Search.add(name === "index.js" ? { index: "" } : emptyPart(name)); };
      document.head.appendChild(tag);
    });
  }

  function emptyPart(name) {
    var match = /^d-(\d+)\.js$/.exec(name);
    return match ? { docs: +match[1], entries: {} } : { shard: keyOfFile(name), forms: {}, stems: {} };
  }

  /* A word's part: its first two characters, or three where the build split those two's part. */
  function shardKey(text) {
    var chars = Array.from(text), two = chars.slice(0, 2).join("");
    return meta.split.indexOf(two) >= 0 && chars.length > 2 ? chars.slice(0, 3).join("") : two;
  }
  function shardFile(key) {
    return "s-" + Array.from(key).map(function (c) { return c.codePointAt(0).toString(16); }).join(".") + ".js";
  }
  function keyOfFile(name) {
    return name.slice(2, -3).split(".").map(function (h) { return String.fromCodePoint(parseInt(h, 16)); }).join("");
  }

  function shard(key) {
    if (!meta || meta.shards.indexOf(key) < 0) { return Promise.resolve({ forms: {}, stems: {} }); }
    return load(shardFile(key));
  }

  var SPLIT = /[^\p{L}\p{N}]+|_+/u;
  function queryWords(query) {
    var lowered = query.toLowerCase(), folded = "";
    for (var ch of lowered) { folded += meta.fold.hasOwnProperty(ch) ? meta.fold[ch] : ch; }
    var found = folded.split(SPLIT).filter(function (w) { return Array.from(w).length > 1 || /^\p{Nd}$/u.test(w); });
    var kept = found.filter(function (w) { return meta.stop.indexOf(w) < 0; });
    return (kept.length ? kept : found).slice(0, meta.maxWords);
  }

  /* The stems a word reaches: its own form's stem in full, longer forms' stems at the prefix factor. */
  function stemsFor(word, forms) {
    var found = {};
    if (Array.from(word).length > 1) {
      for (var form in forms) {
        if (form !== word && form.lastIndexOf(word, 0) === 0) { found[forms[form]] = meta.prefixFactor; }
      }
    }
    if (forms.hasOwnProperty(word)) { found[forms[word]] = 1.0; }
    return found;
  }

  function scores(words) {
    return Promise.all(words.map(function (w) { return shard(shardKey(w)); })).then(function (shards) {
      var reached = words.map(function (w, i) { return stemsFor(w, shards[i].forms); });
      var keys = {};
      reached.forEach(function (stems) { Object.keys(stems).forEach(function (s) { keys[shardKey(s)] = true; }); });
      var keyList = Object.keys(keys);
      return Promise.all(keyList.map(shard)).then(function (stemShards) {
        var byKey = {};
        keyList.forEach(function (k, i) { byKey[k] = stemShards[i].stems; });
        var totals = new Map(), matched = new Map();
        reached.forEach(function (stems, position) {
          var best = new Map();
          /* The best value per document; the order stems are visited in cannot change a maximum. */
          for (var stem in stems) {
            var flat = byKey[shardKey(stem)][stem] || [];
            for (var i = 0; i < flat.length; i += 2) {
              var value = stems[stem] * flat[i + 1];
              if (value > (best.get(flat[i]) || 0)) { best.set(flat[i], value); }
            }
          }
          Array.from(best.keys()).sort(function (a, b) { return a - b; }).forEach(function (doc) {
            totals.set(doc, (totals.get(doc) || 0) + best.get(doc));
            if (!matched.has(doc)) { matched.set(doc, []); }
            matched.get(doc).push(position);
          });
        });
        var final = new Map();
        totals.forEach(function (total, doc) {
          var share = matched.get(doc).length / words.length;
          final.set(doc, total * (share * share));
        });
        return { final: final, matched: matched };
      });
    });
  }

  function groups(final) {
    var byGroup = new Map(), top = new Map();
    final.forEach(function (score, doc) {
      var group = meta.groups[doc];
      if (!byGroup.has(group)) { byGroup.set(group, []); top.set(group, score); }
      byGroup.get(group).push(doc);
      if (score > top.get(group)) { top.set(group, score); }
    });
    var ranked = Array.from(byGroup.keys()).sort(function (a, b) { return (top.get(b) - top.get(a)) || a - b; });
    return ranked.slice(0, meta.maxGroups).map(function (group) {
      var docs = byGroup.get(group).sort(function (a, b) {
        return (final.get(b) - final.get(a)) || a - b;
      }).slice(0, meta.maxPerGroup);
      return docs.indexOf(group) < 0 ? [group].concat(docs) : docs;
    });
  }

  /* Location, title and teaser of each document shown: one file per page shown. */
  function entries(shown) {
    var docsFile = function (doc) { return "d-" + meta.groups[doc] + ".js"; };
    return Promise.all(shown.map(function (docs) { return load(docsFile(docs[0])); })).then(function () {
      return function (doc) { return (loaded[docsFile(doc)].entries || {})[doc] || ["", "", ""]; };
    });
  }

  var ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" };
  function escapeHtml(text) { return String(text).replace(/[&<>"']/g, function (c) { return ESCAPES[c]; }); }

  /* The theme inserts a result's title and text as HTML: everything from the index is escaped here,
     and only the <mark> around words the query starts is added. */
  function marked(text, words) {
    return String(text).split(/([^\p{L}\p{N}]+)/u).map(function (piece) {
      var folded = "";
      for (var ch of piece.toLowerCase()) { folded += meta.fold.hasOwnProperty(ch) ? meta.fold[ch] : ch; }
      var hit = piece && words.some(function (w) { return folded.lastIndexOf(w, 0) === 0; });
      return hit ? "<mark>" + escapeHtml(piece) + "</mark>" : escapeHtml(piece);
    }).join("");
  }

  /* What the theme's worker answers: one list of documents per page, each with title, text (HTML),
     score and which query words it matched. */
  function answer(query) {
    var words = queryWords(query);
    if (!words.length) { return Promise.resolve({ items: [], total: 0, words: words }); }
    return scores(words).then(function (result) {
      var shown = groups(result.final);
      return entries(shown).then(function (entry) {
        var items = shown.map(function (docs) {
          return docs.map(function (doc) {
            var e = entry(doc), found = result.matched.get(doc) || [], terms = {};
            words.forEach(function (w, i) { terms[w] = found.indexOf(i) >= 0; });
            var location = new URL(e[0], new URL("../../", base)).href;
            return { location: location, title: marked(e[1], words), text: e[2] ? "<p>" + marked(e[2], words) + "</p>" : "",
                     score: result.final.get(doc) || 0, terms: terms };
          });
        });
        return { items: items, total: result.final.size, words: words };
      });
    });
  }

  function ready() {
    return load("index.js").then(function (index) { meta = index.index ? index : null; return meta; });
  }

  /* The engine, shaped as the theme's search worker: messages in, messages out, newest query wins. */
  function SearchEngine() {
    var listeners = [], latest = 0, self = this;
    function emit(data) {
      var event = { data: data, target: self };
      listeners.forEach(function (listener) { listener.call(self, event); });
      if (typeof self.onmessage === "function") { self.onmessage(event); }
    }
    this.addEventListener = function (type, listener) { if (type === "message") { listeners.push(listener); } };
    this.removeEventListener = function (type, listener) {
      listeners = listeners.filter(function (l) { return l !== listener; });
    };
    this.terminate = function () { listeners = []; };
    this.postMessage = function (message) {
      if (!message) { return; }
      if (message.type === SETUP) { setTimeout(function () { emit({ type: READY }); }, 0); return; }
      if (message.type !== QUERY) { return; }
      var mine = ++latest;
      if (!String(message.data).trim()) {  /* the theme asks with an empty box as soon as it starts */
        setTimeout(function () { if (mine === latest) { emit({ type: RESULT, data: { items: [], total: 0 } }); } }, 0);
        return;
      }
      ready().then(function () { return meta ? answer(String(message.data)) : { items: [], total: 0 }; })
        .then(function (data) { if (mine === latest) { emit({ type: RESULT, data: data }); } });
    };
  }

  window.T2Search.query = function (query) { return ready().then(function () { return answer(query); }); };
  window.T2Search.base = base.href;

  var Base = window.Worker;
  function Worker(url, options) {
    if (WORKER.test(String(url))) { return new SearchEngine(); }
    return new Base(url, options);
  }
  if (typeof Base === "function") { Worker.prototype = Base.prototype; }
  window.Worker = Worker;
})();
