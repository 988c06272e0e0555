/* The Word 正文's work under way (wordbody/progress.py): 「正文分析中…」 in the 正文 panel and
 * the 版本记录, 「正文清稿中…」 in the 办理 panel. Each shows an element with
 * data-progress-key (body_analyse, body_clean) and data-progress-url (@@gongwen-progress).
 * Every 3 s, ask @@gongwen-progress; once an element's key is no longer pending, fetch its
 * data-refresh-url and put it in place of the element's [data-progress-region] (the 正文
 * panel: nothing else on the 处理笺 is disturbed), or, without one, reload the page. */
(function () {
  "use strict";

  if (window.gongwenBodyWait) {
    return; /* the 正文 panel and the 办理 panel both bring this script: one loop */
  }
  window.gongwenBodyWait = true;

  var POLL_MS = 3000;
  var WAITING = "[data-progress-key][data-progress-url]";
  var timer = null;

  function replaceRegion(element) {
    var region = element.closest("[data-progress-region]");
    return fetch(element.dataset.refreshUrl, { credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.text() : null;
      })
      .then(function (html) {
        if (html === null) {
          window.location.reload();
          return;
        }
        var template = document.createElement("template");
        template.innerHTML = html.trim();
        var fresh = template.content.querySelector("[data-progress-region]");
        if (fresh && region) {
          region.replaceWith(fresh);
        } else if (region) {
          region.remove(); /* nothing to show any more */
        }
      });
  }

  function poll() {
    timer = null;
    var waiting = document.querySelectorAll(WAITING);
    if (!waiting.length) {
      return;
    }
    fetch(waiting[0].dataset.progressUrl, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (status) {
        if (!status || !status.pending) {
          return watch();
        }
        var done = Array.prototype.filter.call(waiting, function (element) {
          return status.pending.indexOf(element.dataset.progressKey) === -1;
        });
        if (done.some(function (element) { return !element.dataset.refreshUrl; })) {
          window.location.reload();
          return;
        }
        return Promise.all(done.map(replaceRegion)).then(watch);
      })
      .catch(function () {
        /* network hiccup: try again later, the page still works */
        watch();
      });
  }

  function watch() {
    if (timer === null && document.querySelector(WAITING)) {
      timer = window.setTimeout(poll, POLL_MS);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", watch);
  } else {
    watch();
  }
})();
