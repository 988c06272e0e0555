/* The portal on a phone (issue 19 item 5): phone.css shows each table row as a card whose
 * cells carry their column's name (``data-label``). Our own templates write the labels;
 * this names the cells of any other table in the content from its header row, and marks
 * cells with nothing in them (hidden on a phone). It runs again when a part of the page
 * is replaced (the files panel refreshes itself while a conversion runs). */
(function () {
  "use strict";

  function headers(table) {
    var row = table.tHead && table.tHead.rows[0];
    if (!row) {
      return [];
    }
    var names = [];
    Array.prototype.forEach.call(row.cells, function (cell) {
      var span = cell.colSpan || 1;
      for (var i = 0; i < span; i += 1) {
        names.push(cell.textContent.replace(/\s+/g, " ").trim());
      }
    });
    return names;
  }

  function isEmpty(cell) {
    return (
      !cell.textContent.trim() &&
      !cell.querySelector("input, select, textarea, button, img, svg, a, time")
    );
  }

  function labelTable(table) {
    var names = headers(table);
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        var column = 0;
        Array.prototype.forEach.call(row.cells, function (cell) {
          if (!cell.hasAttribute("data-label") && names[column]) {
            cell.setAttribute("data-label", names[column]);
          }
          cell.classList.toggle("gongwen-cell-empty", isEmpty(cell));
          column += cell.colSpan || 1;
        });
      });
    });
  }

  function labelTables() {
    var content = document.getElementById("content") || document.body;
    Array.prototype.forEach.call(content.querySelectorAll("table"), labelTable);
  }

  window.gongwenLabelTables = labelTables;

  function start() {
    labelTables();
    var content = document.getElementById("content");
    if (!content || !window.MutationObserver) {
      return;
    }
    var pending = false;
    new MutationObserver(function (changes) {
      var tablesChanged = changes.some(function (change) {
        return Array.prototype.some.call(change.addedNodes, function (node) {
          return node.nodeType === 1 && (/^(TABLE|TBODY|TR)$/.test(node.tagName) || node.querySelector("table"));
        });
      });
      if (!tablesChanged || pending) {
        return;
      }
      pending = true;
      window.requestAnimationFrame(function () {
        pending = false;
        labelTables();
      });
    }).observe(content, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
