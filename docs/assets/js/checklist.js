/* Checklist progress, saved in this browser only (localStorage), keyed by checklist id and item id.
   Nothing is sent anywhere. Ticks for items whose ids still exist survive content changes. */
(function () {
  "use strict";
  var PREFIX = "t2-checklist:";

  function load(id) {
    try {
      var saved = JSON.parse(window.localStorage.getItem(PREFIX + id) || "{}");
      return saved && typeof saved === "object" ? saved : {};
    } catch (error) {
      return {};
    }
  }

  function save(id, ticks) {
    try {
      window.localStorage.setItem(PREFIX + id, JSON.stringify(ticks));
    } catch (error) {
      /* storage full or disabled: ticks simply are not remembered */
    }
  }

  /* Items that moved here from another checklist (data-moved-from) keep their ids: their saved ticks
     move with them, once, and leave the old checklist's record. */
  function adopt(id, ticks, oldIds, itemIds) {
    oldIds.forEach(function (oldId) {
      var old = load(oldId);
      var moved = itemIds.filter(function (item) { return old[item] === true; });
      if (!moved.length) { return; }
      moved.forEach(function (item) { ticks[item] = true; delete old[item]; });
      save(id, ticks);
      save(oldId, old);
    });
    return ticks;
  }

  /* Ticks carried between devices: a small JSON file naming the checklist and its ticked item ids. */
  var FORMAT = "t2-checklist-ticks";
  var MAX_FILE = 100000;

  function exported(id, ticks) {
    return JSON.stringify({ format: FORMAT, version: 1, checklist: id, ticked: Object.keys(ticks).sort(),
                            exported: new Date().toISOString().slice(0, 10) }, null, 2) + "\n";
  }

  /* The ticked ids a file holds for this checklist, or an error a reader can act on (the key of its
     words, and the checklist the file is for). Only ids of items on this page are taken; anything else
     in the file is ignored. */
  function imported(text, id, movedFrom, itemIds) {
    var data;
    try { data = JSON.parse(text); } catch (error) { data = null; }
    if (!data || typeof data !== "object" || data.format !== FORMAT || !Array.isArray(data.ticked)) {
      return { error: "not-ticks" };
    }
    if (data.checklist !== id && movedFrom.indexOf(data.checklist) < 0) {
      return { error: "other-checklist", name: String(data.checklist).slice(0, 80) };
    }
    var ticked = data.ticked.filter(function (item) { return typeof item === "string" && itemIds.indexOf(item) >= 0; });
    return { ticked: ticked, unknown: data.ticked.length - ticked.length };
  }

  function setup(panel) {
    var id = panel.getAttribute("data-checklist");
    var boxes = Array.prototype.slice.call(
      document.querySelectorAll('ul.t2-items[data-checklist="' + id + '"] input[type="checkbox"][data-item]'));
    var status = panel.querySelector(".t2-progress-text");
    var movedFrom = (panel.getAttribute("data-moved-from") || "").split(" ").filter(Boolean);
    var ticks = adopt(id, load(id), movedFrom, boxes.map(function (box) { return box.getAttribute("data-item"); }));

    function refresh() {
      var done = boxes.filter(function (box) { return box.checked; }).length;
      // The words come with the page, in its language ("%done of %total done").
      var words = panel.getAttribute("data-progress") || "%done of %total done";
      status.textContent = words.replace("%done", done).replace("%total", boxes.length);
    }

    boxes.forEach(function (box) {
      box.checked = ticks[box.getAttribute("data-item")] === true;
      box.addEventListener("change", function () {
        var item = box.getAttribute("data-item");
        if (box.checked) { ticks[item] = true; } else { delete ticks[item]; }
        save(id, ticks);
        refresh();
      });
    });
    panel.querySelector(".t2-reset").addEventListener("click", function () {
      ticks = {};
      save(id, ticks);
      boxes.forEach(function (box) { box.checked = false; });
      refresh();
    });
    var said = panel.querySelector("[data-ticks-said]");
    /* What the panel says, in the page's language: its data-said-* words with %file and %name filled in
       (set as text, never as HTML). A message with a count has a word per plural form of the language
       (data-said-exported-one, -few, -other...): the browser's plural rules pick it, then "#" becomes the count. */
    var plural = new Intl.PluralRules(panel.closest("[lang]") ? panel.closest("[lang]").lang : "en");
    function say(key, values) {
      var words = panel.getAttribute("data-said-" + key) || "";
      if (values && values.count !== undefined) {
        words = (panel.getAttribute("data-said-" + key + "-" + plural.select(values.count)) ||
                 panel.getAttribute("data-said-" + key + "-other") || "").split("#").join(values.count);
      }
      Object.keys(values || {}).forEach(function (name) { words = words.split("%" + name).join(values[name]); });
      return words;
    }
    function show() {
      boxes.forEach(function (box) { box.checked = ticks[box.getAttribute("data-item")] === true; });
      refresh();
    }
    panel.querySelector("[data-ticks-export]").addEventListener("click", function () {
      var file = exported(id, ticks);
      var link = document.createElement("a");
      link.href = URL.createObjectURL(new Blob([file], { type: "application/json" }));
      link.download = "ticks-" + id + ".json";
      document.body.appendChild(link);
      link.click();
      link.remove();
      said.textContent = say("exported", { count: Object.keys(ticks).length, file: link.download });
    });
    var picker = panel.querySelector("[data-ticks-file]");
    panel.querySelector("[data-ticks-import]").addEventListener("click", function () { picker.click(); });
    picker.addEventListener("change", function () {
      var chosen = picker.files[0];
      picker.value = "";
      if (!chosen) { return; }
      if (chosen.size > MAX_FILE) { said.textContent = say("too-large"); return; }
      chosen.text().then(function (text) {
        var result = imported(text, id, movedFrom, boxes.map(function (box) { return box.getAttribute("data-item"); }));
        if (result.error) { said.textContent = say(result.error, { name: result.name }); return; }
        result.ticked.forEach(function (item) { ticks[item] = true; });
        save(id, ticks);
        show();
        said.textContent = say("imported", { count: result.ticked.length }) +
          (result.unknown ? " " + say("left-out", { count: result.unknown }) : "");
      });
    });
    panel.querySelector("[data-ticks-print]").addEventListener("click", function () { window.print(); });
    panel.hidden = false;
    refresh();
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll(".t2-progress[data-checklist]"), setup);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
