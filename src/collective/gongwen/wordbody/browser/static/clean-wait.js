/* 「正文清稿中…」 on the 处理笺 (wordbody/browser/clean_button.pt): while a worker cleans the
 * Word 正文, ask @@gongwen-progress every 3 s; once the 清稿 is no longer under way, reload
 * the page, which then shows the clean version and lets the print room number it. */
(function () {
  "use strict";

  var POLL_MS = 3000;
  var KEY = "body_clean";

  function poll() {
    var note = document.querySelector(".gongwen-body-clean-pending[data-progress-url]");
    if (!note) {
      return;
    }
    fetch(note.dataset.progressUrl, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (status) {
        if (status && status.pending && status.pending.indexOf(KEY) === -1) {
          window.location.reload();
          return;
        }
        window.setTimeout(poll, POLL_MS);
      })
      .catch(function () {
        /* network hiccup: try again later, the page still works */
        window.setTimeout(poll, POLL_MS);
      });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      window.setTimeout(poll, POLL_MS);
    });
  } else {
    window.setTimeout(poll, POLL_MS);
  }
})();
