/* ctai-site: filter the professionals' table in the browser (no server, no library).
   Without JavaScript the filter stays hidden and every row shows. */
(function () {
  "use strict";
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function setup() {
    document.querySelectorAll("[data-ctai-filter]").forEach(function (box) {
      if (box.dataset.ctaiReady) return;
      box.dataset.ctaiReady = "1";
      var table = document.getElementById(box.dataset.ctaiFilter);
      if (!table) return;
      var input = box.querySelector("input");
      var count = box.querySelector("[data-template]");
      var rows = Array.prototype.slice.call(table.tBodies[0].rows);
      var texts = rows.map(function (row) { return fold(row.textContent); });
      function apply() {
        var words = fold(input.value).split(/\s+/).filter(Boolean);
        var shown = 0;
        rows.forEach(function (row, i) {
          var ok = words.every(function (w) { return texts[i].indexOf(w) !== -1; });
          row.hidden = !ok;
          if (ok) shown += 1;
        });
        if (count) count.textContent = count.dataset.template.replace("{n}", String(shown));
      }
      input.addEventListener("input", apply);
      box.hidden = false;
      apply();
    });
  }
  if (typeof document$ !== "undefined") {
    document$.subscribe(setup); /* Material's instant navigation, when enabled */
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
