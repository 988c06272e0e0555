// The 正文 panel (wordbody/browser/panel.pt): 签出编辑 answers with the file itself, so the
// page stays; once the download has started, reload it to show the lock and the 签入 form.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("gongwen-word-body-checkout")) {
      return;
    }
    window.setTimeout(function () {
      window.location.reload();
    }, 1500);
  });
})();
