/* The offline copy: saved on the reader's request, kept up to date, removed on request.
   The build lists every file of the site with its size and hash in offline.json. "Save for offline use"
   (on the "Use this site offline" page) stores those files in this browser's Cache Storage and registers
   sw.js, which then answers from them, with or without a network. On later visits with a network, the
   list is fetched again (once per browser session) and changed files are replaced, with a quiet notice.
   Nothing is sent anywhere: the only requests are for the site's own files. */
(function () {
  "use strict";
  var CACHE = "t2-offline";  // sw.js reads the same cache; every language saves into it
  // Each language is a site of its own (/fr/, /es/, /ar/) with its own list and its own saved state.
  var LANGUAGE = document.documentElement.lang || "en";
  var STATE = "t2-offline" + (LANGUAGE === "en" ? "" : "-" + LANGUAGE);  // localStorage: what was saved
  var CHECKED = STATE + "-checked";  // sessionStorage: the update check already ran this session
  var ROOT = new URL("../../", document.currentScript.src);  // assets/js/offline.js -> this language's root
  var LIST = new URL("offline.json", ROOT).href;
  var PARALLEL = 4;
  var SAVING = { "X-T2-Offline": "save" };  // sw.js lets these through to the site: the copy wants the site's file

  function readState() {
    try { return JSON.parse(window.localStorage.getItem(STATE) || "null"); } catch (error) { return null; }
  }
  function writeState(state) { window.localStorage.setItem(STATE, JSON.stringify(state)); }
  function megabytes(bytes) { return (bytes / 1e6).toFixed(1) + " MB"; }
  function supported() {
    return /^https?:$/.test(window.location.protocol) && "serviceWorker" in navigator && "caches" in window;
  }

  function fetchList() {
    return fetch(LIST, { cache: "no-store" }).then(function (response) {
      if (!response.ok) { throw new Error("the list of files could not be read (" + response.status + ")"); }
      return response.json();
    });
  }
  function wanted(list, downloads) {
    return list.files.filter(function (file) { return downloads || file.group === "site"; });
  }
  function total(files) { return files.reduce(function (sum, file) { return sum + file.bytes; }, 0); }

  // Fetch and store files, a few at a time; calls progress(done, count) after each.
  function store(cache, files, progress) {
    var next = 0, done = 0;
    function worker() {
      if (next >= files.length) { return Promise.resolve(); }
      var file = files[next++];
      var url = new URL(file.path, ROOT).href;
      return fetch(url, { cache: "no-cache", headers: SAVING }).then(function (response) {
        if (!response.ok) { throw new Error(file.path + " could not be saved (" + response.status + ")"); }
        return cache.put(url, response);
      }).then(function () { done += 1; progress(done, files.length); return worker(); });
    }
    var workers = [];
    for (var i = 0; i < PARALLEL; i += 1) { workers.push(worker()); }
    return Promise.all(workers);
  }

  // The saved files and their hashes, kept beside them: the next update compares against it.
  function remember(cache, list, files) {
    var saved = JSON.stringify({ version: list.version, files: files });
    return cache.put(LIST, new Response(saved, { headers: { "Content-Type": "application/json" } }));
  }

  function save(downloads, progress) {
    return fetchList().then(function (list) {
      var files = wanted(list, downloads);
      return caches.open(CACHE).then(function (cache) {
        return store(cache, files, progress).then(function () {
          return remember(cache, list, files);
        });
      }).then(function () {
        // One worker, at the site root, answers for every language and the shared downloads.
        var site = new URL(list.root || "", ROOT).href;
        return navigator.serviceWorker.register(new URL("sw.js", site).href, { scope: site });
      }).then(function () {
        var state = { version: list.version, downloads: downloads, files: files.length, bytes: total(files),
                      saved: new Date().toISOString().slice(0, 10) };
        writeState(state);
        return state;
      });
    });
  }

  // Replace what changed since the saved list, drop what is gone; returns how many files changed.
  function update(state) {
    return Promise.all([fetchList(), caches.open(CACHE)]).then(function (both) {
      var list = both[0], cache = both[1];
      if (list.version === state.version) { return 0; }
      return cache.match(LIST).then(function (old) { return old ? old.json() : { files: [] }; }).then(function (old) {
        var before = {};
        old.files.forEach(function (file) { before[file.path] = file.hash; });
        var files = wanted(list, state.downloads);
        var keep = {};
        files.forEach(function (file) { keep[file.path] = true; });
        var changed = files.filter(function (file) { return before[file.path] !== file.hash; });
        var gone = Object.keys(before).filter(function (path) { return !keep[path]; });
        return store(cache, changed, function () {}).then(function () {
          return Promise.all(gone.map(function (path) { return cache.delete(new URL(path, ROOT).href); }));
        }).then(function () {
          return remember(cache, list, files);
        }).then(function () {
          writeState({ version: list.version, downloads: state.downloads, files: files.length, bytes: total(files),
                       saved: new Date().toISOString().slice(0, 10) });
          return changed.length + gone.length;
        });
      });
    });
  }

  function removeCopy() {  // the whole copy, every language's
    storedKeys().filter(function (key) { return key.indexOf("t2-offline") === 0; })
      .forEach(function (key) { window.localStorage.removeItem(key); });
    return caches.delete(CACHE).then(function () {
      return navigator.serviceWorker.getRegistrations();
    }).then(function (registrations) {
      return Promise.all(registrations.map(function (registration) { return registration.unregister(); }));
    });
  }

  // Everything this site keeps in this browser: checklist ticks, the offline copy and its worker.
  function storedKeys() {
    var keys = [];
    for (var i = 0; i < window.localStorage.length; i += 1) {
      if (window.localStorage.key(i).indexOf("t2-") === 0) { keys.push(window.localStorage.key(i)); }
    }
    return keys;
  }
  function clearAll() {
    storedKeys().forEach(function (key) { window.localStorage.removeItem(key); });
    window.sessionStorage.removeItem(CHECKED);
    var copy = supported() ? removeCopy() : Promise.resolve();
    return copy.then(function () {
      return "caches" in window ? caches.keys().then(function (names) {
        return Promise.all(names.filter(function (name) { return name.indexOf("t2-") === 0; })
          .map(function (name) { return caches.delete(name); }));
      }) : null;
    });
  }

  function notice(text) {
    var box = document.createElement("div");
    box.className = "t2-offline-notice";
    box.setAttribute("role", "status");
    box.textContent = text + " ";
    var close = document.createElement("button");
    close.type = "button";
    close.className = "md-button";
    close.textContent = "Dismiss";
    close.addEventListener("click", function () { box.remove(); });
    box.appendChild(close);
    var content = document.querySelector(".md-content__inner") || document.body;
    content.insertBefore(box, content.firstChild);
  }

  function checkForUpdate() {
    var state = readState();
    if (!state || !supported() || !navigator.onLine || window.sessionStorage.getItem(CHECKED)) { return; }
    window.sessionStorage.setItem(CHECKED, "1");
    update(state).then(function (changed) {
      if (changed) {
        notice("The offline copy of this site was brought up to date (" + changed +
               (changed === 1 ? " file" : " files") + " changed). Reload a page to see the newest version.");
      }
    }).catch(function () { /* no network after all: the saved copy stays as it is */ });
  }

  function describe(panel) {
    var state = readState();
    var ticks = storedKeys().filter(function (key) { return key.indexOf("t2-checklist:") === 0; }).length;
    var saved = state ? "a copy of the site (" + state.files + " files, " + megabytes(state.bytes) + ", saved " +
      state.saved + (state.downloads ? ", with the PDFs and Word files" : "") + ") in this browser's cache storage"
      : "no copy of the site";
    panel.querySelector("[data-offline-stored]").textContent = "On this device this site keeps " + saved +
      ", and ticks for " + ticks + (ticks === 1 ? " checklist" : " checklists") + " in this browser's local storage.";
    panel.querySelector("[data-offline-remove]").disabled = !state;
  }

  function setupPanel(panel) {
    var status = panel.querySelector("[data-offline-status]");
    var button = panel.querySelector("[data-offline-save]");
    var downloads = panel.querySelector("[data-offline-downloads]");
    panel.hidden = false;
    describe(panel);
    panel.querySelector("[data-offline-clear]").addEventListener("click", function () {
      clearAll().then(function () {
        status.textContent = "Everything this site stored in this browser was removed.";
        describe(panel);
      });
    });
    if (!supported()) {
      panel.querySelector("[data-offline-unavailable]").hidden = false;
      button.disabled = true;
      return;
    }
    fetchList().then(function (list) {
      var site = total(wanted(list, false)), all = total(list.files);
      panel.querySelector("[data-offline-size]").textContent = "Saving takes " + megabytes(site) +
        " of space; with the PDFs and Word files, " + megabytes(all) + ".";
    }).catch(function () { /* offline now: the sizes are shown next time */ });
    button.addEventListener("click", function () {
      button.disabled = true;
      status.textContent = "Saving…";
      save(downloads.checked, function (done, count) {
        status.textContent = "Saving: " + done + " of " + count + " files…";
      }).then(function (state) {
        status.textContent = "Saved: " + state.files + " files (" + megabytes(state.bytes) +
          "). This site now opens, navigates and searches in this browser without a connection.";
        describe(panel);
      }).catch(function (error) {
        status.textContent = "The site could not be saved: " + error.message + ". Nothing was kept; try again.";
        return removeCopy();
      }).then(function () { button.disabled = false; });
    });
    panel.querySelector("[data-offline-remove]").addEventListener("click", function () {
      removeCopy().then(function () {
        status.textContent = "The offline copy was removed. Checklist ticks were kept.";
        describe(panel);
      });
    });
  }

  function init() {
    var panel = document.querySelector("[data-offline]");
    if (panel) { setupPanel(panel); }
    checkForUpdate();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
