/* The 「文件」 panel of a document page (content/browser/document.pt).
 *
 * 1. Uploads: a file over the limit (data-max-bytes) is refused here with
 *    the server's own message (data-too-large) before any byte is sent.
 * 2. Double submission: a form's buttons are disabled once it is sent.
 * 3. While a file is queued or converting (data-pending), ask
 *    @@gongwen-conversion-status every 3 s; while other work on the
 *    document is under way (data-working: e.g. the 正式文件 being typeset),
 *    ask @@gongwen-progress too. When a file's state or the work under way
 *    changes, reload the panel from the page and start the viewer in it.
 */
(function () {
  "use strict";

  var PANEL = "#gongwen-files";
  var POLL_MS = 3000;
  var timer = null;

  function formatMB(bytes) {
    return (bytes / 1024 / 1024).toFixed(1) + " MB";
  }

  function tooLargeMessage(form) {
    var inputs = form.querySelectorAll("input[type=file][data-max-bytes]");
    for (var i = 0; i < inputs.length; i++) {
      var max = Number(inputs[i].dataset.maxBytes);
      var chosen = inputs[i].files || [];
      for (var j = 0; j < chosen.length; j++) {
        if (chosen[j].size > max) {
          return chosen[j].name + "：" +
            inputs[i].dataset.tooLarge.replace("{size}", formatMB(chosen[j].size));
        }
      }
    }
    return null;
  }

  function onSubmit(event) {
    var form = event.target;
    var panel = form.closest(PANEL);
    if (!panel) {
      return;
    }
    var error = panel.querySelector(".gongwen-upload-error");
    var message = tooLargeMessage(form);
    if (message) {
      event.preventDefault();
      error.textContent = message;
      error.hidden = false;
      return;
    }
    error.hidden = true;
    form.querySelectorAll("button").forEach(function (button) {
      button.disabled = true;
    });
  }

  function states(panel) {
    var found = {};
    panel.querySelectorAll("tr[data-uid]").forEach(function (row) {
      found[row.dataset.uid] = row.dataset.state || "";
    });
    return found;
  }

  function reloadPanel() {
    return fetch(window.location.href, { credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.text() : null;
      })
      .then(function (html) {
        var fresh = html && new DOMParser().parseFromString(html, "text/html").querySelector(PANEL);
        var panel = document.querySelector(PANEL);
        if (!fresh || !panel) {
          return;
        }
        panel.replaceWith(fresh);
        if (window.gongwenStartViewers) {
          window.gongwenStartViewers();
        }
        watch();
      });
  }

  function waiting(panel) {
    return Boolean(panel && (panel.dataset.pending || panel.dataset.working));
  }

  function getJSON(url) {
    return fetch(url, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    }).then(function (response) {
      // No status service (yet): keep the page as it is.
      return response.ok ? response.json() : null;
    });
  }

  function conversionsChanged(panel) {
    if (!panel.dataset.pending) {
      return Promise.resolve(false);
    }
    return getJSON(panel.dataset.statusUrl).then(function (status) {
      if (!status || !status.files) {
        return null;
      }
      var shown = states(panel);
      return status.files.some(function (file) {
        return file.uid in shown && shown[file.uid] !== (file.state || "");
      });
    });
  }

  function workChanged(panel) {
    if (!panel.dataset.working) {
      return Promise.resolve(false);
    }
    return getJSON(panel.dataset.progressUrl).then(function (status) {
      if (!status || !status.pending) {
        return null;
      }
      return status.pending.join(" ") !== panel.dataset.working;
    });
  }

  function poll() {
    var panel = document.querySelector(PANEL);
    timer = null;
    if (!waiting(panel)) {
      return;
    }
    Promise.all([conversionsChanged(panel), workChanged(panel)])
      .then(function (changed) {
        if (changed[0] === null || changed[1] === null) {
          return;
        }
        if (changed[0] || changed[1]) {
          return reloadPanel();
        }
        watch();
      })
      .catch(function () {
        /* network hiccup or no JSON: stop asking, the page still works */
      });
  }

  function watch() {
    var panel = document.querySelector(PANEL);
    if (waiting(panel) && timer === null) {
      timer = window.setTimeout(poll, POLL_MS);
    }
  }

  document.addEventListener("submit", onSubmit);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", watch);
  } else {
    watch();
  }
})();
