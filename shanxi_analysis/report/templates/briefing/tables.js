/* The briefing's tables, in plain script (no library, nothing fetched): sortable columns, a scroll
   cue when a table is wider than its box, rows as cards on a phone, the "hide rows without
   data" switch, and the addresses of a table's citations as numbered notes under it for a paper
   copy (shown in print only).  Without it the tables read as they are. */
(function () {
  "use strict";
  var PHONE = window.matchMedia("(max-width: 600px)");
  function text(cell) { return cell.textContent.replace(/\s+/g, " ").trim(); }
  function sortKey(cell) {
    var t = text(cell);
    if (t === "" || t === "\u2014") return null; // missing: always last
    var m = t.replace(/,/g, "").replace("\u2212", "-").match(/-?\d+(\.\d+)?/);
    return m && t.indexOf(m[0].replace(/^-/, "")) <= 2 ? parseFloat(m[0]) : t;
  }
  function compare(a, b) {
    if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
    if (typeof a === "number" && typeof b === "number") return a - b;
    if (typeof a === "number") return -1;
    if (typeof b === "number") return 1;
    return a.localeCompare(b, document.documentElement.lang);
  }
  document.querySelectorAll(".table-block").forEach(function (block) {
    var frame = block.querySelector(".table-frame");
    var box = block.querySelector(".table-scroll");
    var table = box && box.querySelector("table");
    var body = table && table.tBodies[0];
    if (!body || !table.tHead) return;
    var heads = table.tHead.rows[table.tHead.rows.length - 1].cells;
    var rows = Array.prototype.slice.call(body.rows);
    rows.forEach(function (tr, i) {
      tr.dataset.order = i;
      Array.prototype.forEach.call(tr.cells, function (cell, j) {
        if (heads[j]) cell.setAttribute("data-label", text(heads[j]));
      });
    });
    Array.prototype.forEach.call(heads, function (th, j) {
      th.classList.add("sortable");
      th.tabIndex = 0;
      th.title = block.dataset.sortHint || "";
      function sort() {
        var down = th.getAttribute("aria-sort") === "ascending";
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", down ? "descending" : "ascending");
        rows.slice().sort(function (a, b) {
          var ka = sortKey(a.cells[j] || a), kb = sortKey(b.cells[j] || b);
          var c = (ka === null || kb === null) ? compare(ka, kb) : (down ? -1 : 1) * compare(ka, kb);
          return c || a.dataset.order - b.dataset.order;
        }).forEach(function (tr) { body.appendChild(tr); });
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (e) {
        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); }
      });
    });
    var hide = block.querySelector(".table-hide-empty input");
    if (hide) {
      var word = block.dataset.empty;
      hide.addEventListener("change", function () {
        rows.forEach(function (tr) {
          tr.hidden = hide.checked && Array.prototype.some.call(tr.cells, function (c) { return text(c) === word; });
        });
        layout();
      });
    }
    function layout() {
      block.classList.remove("cards");
      var wide = box.scrollWidth > box.clientWidth + 1;
      if (wide && PHONE.matches) { block.classList.add("cards"); wide = false; }
      block.classList.toggle("scrolls", wide);
      block.classList.toggle("at-end", box.scrollLeft + box.clientWidth >= box.scrollWidth - 1);
    }
    box.addEventListener("scroll", function () {
      block.classList.toggle("at-end", box.scrollLeft + box.clientWidth >= box.scrollWidth - 1);
    });
    window.addEventListener("resize", layout);
    if (frame) layout();
  });
  // Printed citations: each linked title gets a note number, and its address is listed under the
  // table (numbers run through the page), so a paper copy can be footnoted.
  var note = 0;
  document.querySelectorAll(".table-block").forEach(function (block) {
    var links = block.querySelectorAll("td .citation a[href]");
    if (!links.length) return;
    var list = document.createElement("ol");
    list.className = "print-notes";
    list.start = note + 1;
    Array.prototype.forEach.call(links, function (a) {
      note += 1;
      var ref = document.createElement("sup");
      ref.className = "print-note";
      ref.textContent = "[" + note + "]";
      a.after(ref);
      var item = document.createElement("li");
      var address = document.createElement("code");
      address.lang = "zxx";
      address.textContent = a.href;
      item.appendChild(address);
      list.appendChild(item);
    });
    block.appendChild(list);
  });
})();
