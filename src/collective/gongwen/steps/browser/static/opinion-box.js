/* The 处理笺 page (steps/browser/phrases.py, content/browser/document.pt):
 * - a 常用意见 button puts its text into the opinion box: at the caret, or in place of
 *   what is selected; into an empty box as it is. The buttons are hidden without this script.
 * - the messages of the last action (#gongwen-messages) are brought into view and focused,
 *   so a refusal is read where the person is working.
 */
(function () {
  "use strict";

  function insert(box, text) {
    var value = box.value;
    if (!value.trim()) {
      box.value = text;
    } else {
      var start = typeof box.selectionStart === "number" ? box.selectionStart : value.length;
      var end = typeof box.selectionEnd === "number" ? box.selectionEnd : value.length;
      box.value = value.slice(0, start) + text + value.slice(end);
      start += text.length;
      box.setSelectionRange(start, start);
    }
    box.dispatchEvent(new Event("input", { bubbles: true }));
    box.focus();
  }

  function setUp() {
    document.querySelectorAll(".gongwen-phrases").forEach(function (bar) {
      var form = bar.closest("form");
      var box = form && form.querySelector("textarea[name=opinion]");
      if (!box) {
        return;
      }
      bar.hidden = false;
      bar.addEventListener("click", function (event) {
        var button = event.target.closest(".gongwen-phrase");
        if (button) {
          event.preventDefault();
          insert(box, button.getAttribute("data-text") || "");
        }
      });
    });
    var messages = document.getElementById("gongwen-messages");
    if (messages) {
      messages.scrollIntoView({ block: "center" });
      messages.focus({ preventScroll: true });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
