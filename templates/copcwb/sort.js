/* copcwb tables: a click (or Enter) on a column header sorts the rows by that column,
   again for the other direction. Cells sort by their data-sort value when they have one
   (the raw number behind "81.2%"), else by their text; numbers as numbers, text in the
   page's language, empty cells last. Rows marked copcwb-pinned (totals) stay at the end.
   One listener for the whole page: nothing runs while the page loads. */
(function () {
  "use strict";
  function value(cell) {
    var raw = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
    if (raw === "" || raw === "\u2013") return null;
    var n = Number(raw), m = /^([+\-\u2212]?[\d,]*\.?\d+)\D*$/.exec(raw);
    return !isNaN(n) ? n : m ? Number(m[1].replace(/,/g, "").replace("\u2212", "-")) : raw;
  }
  function compare(a, b) {
    if (typeof a === "number" && typeof b === "number") return a - b;
    return String(a).localeCompare(String(b), document.documentElement.lang || undefined, {numeric: true});
  }
  function sort(th) {
    var table = th.closest("table"), body = table.tBodies[0], index = th.cellIndex;
    var down = th.getAttribute("aria-sort") === "ascending", pinned = [], keyed = [];
    Array.prototype.forEach.call(body.rows, function (row, i) {
      if (row.classList.contains("copcwb-pinned")) pinned.push(row);
      else keyed.push([row.cells[index] ? value(row.cells[index]) : null, i, row]);
    });
    keyed.sort(function (x, y) {
      if (x[0] === null || y[0] === null) return (x[0] === null) - (y[0] === null) || x[1] - y[1];
      return (down ? -1 : 1) * compare(x[0], y[0]) || x[1] - y[1];
    });
    keyed.forEach(function (k) { body.appendChild(k[2]); });
    pinned.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(th.parentNode.cells, function (c) { c.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", down ? "descending" : "ascending");
  }
  function header(event) {
    var th = event.target.closest && event.target.closest("table.copcwb-sortable > thead th");
    return th && th.closest("table").tBodies.length ? th : null;
  }
  document.addEventListener("click", function (event) {
    var th = header(event);
    if (th) sort(th);
  });
  document.addEventListener("keydown", function (event) {
    var th = (event.key === "Enter" || event.key === " ") && header(event);
    if (th) { event.preventDefault(); sort(th); }
  });
})();
