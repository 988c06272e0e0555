/* The Word 正文's work under way (wordbody/progress.py): 「正文分析中…」 in the 正文 panel and
 * the 版本记录, 「正文清稿中…」 in the 办理 panel. Each shows an element with
 * data-progress-key (body_analyse, body_clean) and data-progress-url (@@gongwen-progress).
 * Every 3 s, ask @@gongwen-progress; once an element's key is no longer pending, fetch its
 * data-refresh-url and put it in place of the element's [data-progress-region] (the 正文
 * panel: nothing else on the 处理笺 is disturbed), or, without one, reload the page.
 * 签出编辑 (the 正文 panel's form.gongwen-word-body-checkout) answers with the file itself, so
 * the page stays: once the download has started, the same swap puts in place every part that
 * shows the lock ([data-body-lock-region]: the 正文 panel with the lock, the 签入 form and the
 * message; the hand-over warning above 提交) — a half-written 办理意见 stays as it was. */
(function () {
  "use strict";

  if (window.gongwenBodyWait) {
    return; /* the 正文 panel and the 办理 panel both bring this script: one loop */
  }
  window.gongwenBodyWait = true;

  var POLL_MS = 3000;
  var CHECKOUT_MS = 1500;
  var WAITING = "[data-progress-key][data-progress-url]";
  var timer = null;

  function replaceRegion(element) {
    return swapRegion(element.closest("[data-progress-region]"), element.dataset.refreshUrl);
  }

  /* Put what ``url`` answers in place of ``region`` (its [data-progress-region] element). */
  function swapRegion(region, url) {
    return fetch(url, { credentials: "same-origin" })
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

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("gongwen-word-body-checkout")) {
      return;
    }
    var panel = form.closest("[data-body-lock-region][data-refresh-url]");
    if (!panel) {
      return;
    }
    window.setTimeout(function () {
      /* the messages shown before belong to the action before: the panel brings its own */
      Array.prototype.forEach.call(
        panel.parentElement.querySelectorAll(":scope > .gongwen-messages"),
        function (old) { old.remove(); }
      );
      var regions = document.querySelectorAll("[data-body-lock-region][data-refresh-url]");
      Promise.all(
        Array.prototype.map.call(regions, function (region) {
          return swapRegion(region, region.dataset.refreshUrl);
        })
      )
        .then(watch)
        .catch(function () {
          window.location.reload();
        });
    }, CHECKOUT_MS);
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", watch);
  } else {
    watch();
  }
})();
