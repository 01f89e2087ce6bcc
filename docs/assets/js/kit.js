/* "Build your own kit": merges the PDFs a reader ticks into one printable file, with a contents page,
   in the browser. The PDFs are the site's own; pdf-lib (vendored, about 520 KB) is loaded only when the
   reader asks for a kit; nothing is sent anywhere. Form fields are flattened: the kit is for printing
   (each file on its own stays fillable). Opened from disk, a page may not read other files, so the page
   says so and points at the ready-made step toolkits instead. */
(function () {
  "use strict";
  // Beside this file's folder: assets/js/kit.js -> assets/vendor/pdf-lib/pdf-lib.min.js.
  var LIBRARY = new URL("../vendor/pdf-lib/pdf-lib.min.js", document.currentScript.src).href;
  var PAPER = { a4: [595.28, 841.89], letter: [612, 792] };
  var MARGIN = 56;

  function loadLibrary() {
    if (window.PDFLib) { return Promise.resolve(window.PDFLib); }
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = LIBRARY;
      script.onload = function () { resolve(window.PDFLib); };
      script.onerror = function () { reject(new Error("the PDF library could not be loaded")); };
      document.head.appendChild(script);
    });
  }

  // Helvetica (a standard PDF font, nothing embedded) writes only Windows-1252 characters.
  function writable(text) {
    return text.replace(/[\u2018\u2019]/g, "'").replace(/[\u201c\u201d]/g, '"').replace(/[\u2010-\u2015]/g, "-")
      .replace(/[^\x20-\x7e\xa0-\xff]/g, "?");
  }

  function wrap(text, font, size, width) {
    var lines = [], line = "";
    text.split(/\s+/).forEach(function (word) {
      var next = line ? line + " " + word : word;
      if (line && font.widthOfTextAtSize(next, size) > width) { lines.push(line); line = word; } else { line = next; }
    });
    if (line) { lines.push(line); }
    return lines;
  }

  // The contents: a title, a note, then each document's title and first page; as many pages as it takes.
  function contentsPages(lib, kit, font, bold, paper, entries) {
    var size = PAPER[paper], width = size[0] - 2 * MARGIN, grey = lib.rgb(0.25, 0.3, 0.35);
    var note = wrap("Made on " + new Date().toISOString().slice(0, 10) + " in your browser from the handbook's own " +
      "PDFs. Nothing was sent anywhere. Fill-in fields are printed as they are; download a file on its own to " +
      "fill it in on screen.", font, 9.5, width);
    var rows = [];
    entries.forEach(function (entry) {
      var lines = wrap(writable(entry.title), font, 11, width - 40);
      lines.forEach(function (line, index) {
        rows.push({ line: line, entry: index === 0 ? entry : null, last: index === lines.length - 1 });
      });
    });
    var pages = [[]], y = size[1] - MARGIN - 56 - 13 * note.length - 14;
    rows.forEach(function (row) {
      if (y < MARGIN) { pages.push([]); y = size[1] - MARGIN; }
      pages[pages.length - 1].push({ row: row, y: y });
      y -= row.last ? 19 : 15;
    });
    pages.forEach(function (placed, number) {
      var page = kit.insertPage(number, size), top = size[1] - MARGIN;
      if (number === 0) {
        page.drawText("Track II Peacemaking Handbook", { x: MARGIN, y: top, size: 9, font: font, color: grey });
        page.drawText("Your kit", { x: MARGIN, y: top - 30, size: 20, font: bold });
        note.forEach(function (line, index) {
          page.drawText(line, { x: MARGIN, y: top - 56 - 13 * index, size: 9.5, font: font, color: grey });
        });
      }
      placed.forEach(function (item) {
        page.drawText(item.row.line, { x: MARGIN, y: item.y, size: 11, font: font });
        if (item.row.entry) {
          var first = String(item.row.entry.first + pages.length);
          page.drawText(first, { x: MARGIN + width - font.widthOfTextAtSize(first, 11), y: item.y, size: 11, font: font });
        }
      });
    });
  }

  async function makeKit(lib, chosen, paper, status) {
    var kit = await lib.PDFDocument.create();
    var entries = [];
    for (var i = 0; i < chosen.length; i += 1) {
      status.textContent = "Adding " + (i + 1) + " of " + chosen.length + ": " + chosen[i].title + "…";
      var response = await fetch(chosen[i].url);
      if (!response.ok) { throw new Error(chosen[i].title + " could not be read (" + response.status + ")"); }
      var source = await lib.PDFDocument.load(await response.arrayBuffer());
      try { source.getForm().flatten(); } catch (error) { /* no fields, or none to flatten */ }
      var pages = await kit.copyPages(source, source.getPageIndices());
      entries.push({ title: chosen[i].title, first: kit.getPageCount() + 1 });  // contents pages come first
      pages.forEach(function (page) { kit.addPage(page); });
    }
    var font = await kit.embedFont(lib.StandardFonts.Helvetica);
    var bold = await kit.embedFont(lib.StandardFonts.HelveticaBold);
    contentsPages(lib, kit, font, bold, paper, entries);
    kit.setTitle("Track II Peacemaking Handbook: your kit");
    kit.setCreator("Track II Peacemaking Handbook");
    kit.setLanguage("en");
    return { bytes: await kit.save(), pages: kit.getPageCount() };
  }

  function offer(root, bytes, pages) {
    var old = root.querySelector("[data-kit-download]");
    if (old) { URL.revokeObjectURL(old.href); old.remove(); }
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([bytes], { type: "application/pdf" }));
    link.download = "track-ii-kit.pdf";
    link.className = "md-button";
    link.setAttribute("data-kit-download", "");
    link.textContent = "Save your kit (PDF, " + pages + " pages, " + Math.round(bytes.length / 1024) + " KB)";
    root.querySelector("[data-kit-status]").after(link);
    link.click();
  }

  function init() {
    var root = document.querySelector("[data-kit]");
    if (!root) { return; }
    var button = root.querySelector("[data-kit-make]"), status = root.querySelector("[data-kit-status]");
    if (!/^https?:$/.test(window.location.protocol)) {
      root.querySelector("[data-kit-unavailable]").hidden = false;
      button.disabled = true;
      return;
    }
    button.addEventListener("click", function () {
      var paper = (root.querySelector("input[name=t2-kit-paper]:checked") || { value: "a4" }).value;
      var chosen = Array.prototype.map.call(root.querySelectorAll("input[name=t2-kit-item]:checked"), function (box) {
        return { title: box.getAttribute("data-title"), url: new URL(box.getAttribute("data-" + paper), window.location.href).href };
      });
      if (!chosen.length) { status.textContent = "Tick at least one checklist, template, aid or brief first."; return; }
      button.disabled = true;
      loadLibrary()
        .then(function (lib) { return makeKit(lib, chosen, paper, status); })
        .then(function (kit) {
          status.textContent = "Your kit is ready: " + chosen.length + " documents and a contents page, " + kit.pages + " pages.";
          offer(root, kit.bytes, kit.pages);
        })
        .catch(function (error) { status.textContent = "The kit could not be made: " + error.message + "."; })
        .then(function () { button.disabled = false; });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
