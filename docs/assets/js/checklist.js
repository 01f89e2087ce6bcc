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

  function setup(panel) {
    var id = panel.getAttribute("data-checklist");
    var boxes = Array.prototype.slice.call(
      document.querySelectorAll('ul.t2-items[data-checklist="' + id + '"] input[type="checkbox"][data-item]'));
    var status = panel.querySelector(".t2-progress-text");
    var movedFrom = (panel.getAttribute("data-moved-from") || "").split(" ").filter(Boolean);
    var ticks = adopt(id, load(id), movedFrom, boxes.map(function (box) { return box.getAttribute("data-item"); }));

    function refresh() {
      var done = boxes.filter(function (box) { return box.checked; }).length;
      status.textContent = done + " of " + boxes.length + " done";
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
