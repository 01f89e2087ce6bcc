/* The offline copy's service worker. It only answers requests from what the reader chose to save:
   assets/js/offline.js saves the files (after the reader asks, on the "Use this site offline" page),
   keeps them up to date and removes them. Here, a saved file is served from the device; anything else
   goes to the network as usual. It never fetches or sends anything of its own. */
"use strict";

var CACHE = "t2-offline";  // offline.js writes it; the name is shared with that file

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

// The saved copy stores each page under its file name: "folder/" is "folder/index.html".
function saved(request) {
  var url = new URL(request.url);
  url.search = "";
  url.hash = "";
  if (url.pathname.endsWith("/")) { url.pathname += "index.html"; }
  return url.href;
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) { return; }
  if (/\/offline\.json$/.test(new URL(request.url).pathname)) { return; }  // always asked of the site
  if (request.headers.get("X-T2-Offline") === "save") { return; }  // offline.js saving the site's own file
  event.respondWith(caches.open(CACHE).then(function (cache) {
    return cache.match(saved(request)).then(function (hit) {
      return hit || fetch(request);
    });
  }));
});
