/* "Cite this page": when the site is read from a web server and no public address was configured,
   show the address the reader is actually at instead of the site-relative path. */
(function () {
  "use strict";
  if (!/^https?:$/.test(window.location.protocol)) { return; }
  var here = window.location.href.split("#")[0].split("?")[0];
  Array.prototype.forEach.call(document.querySelectorAll(".t2-cite-page[data-address]"), function (block) {
    var address = block.getAttribute("data-address");
    if (/^https?:/.test(address)) { return; }
    Array.prototype.forEach.call(block.querySelectorAll("code"), function (code) {
      code.textContent = code.textContent.split(address).join(here);
    });
  });
})();
