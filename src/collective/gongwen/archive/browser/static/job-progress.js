/* The progress of an archive job (归档, 四性检测, 归档文件目录, 移交, 执行销毁), on every page
 * that shows one (archive/browser/progress.pt; jobstatus.py gives the one JSON shape).
 *
 * An element carrying data-gongwen-job-progress="<JSON url>" and data-gongwen-job="<job id>"
 * asks that url every 1.5 s. Its answer holds the job (as "job", or in "jobs" by id) with
 * percent, state_title, total, done, failed and finished. Inside the element the bar
 * (.gongwen-archive-job-bar), the state (.gongwen-archive-job-state) and the counts
 * (.gongwen-archive-job-total, -done, -failed) follow it; once the job is finished the page
 * is reloaded, to show what the job made. Several elements asking one url share one request.
 * An answer that is refused (not signed in, no permission) stops the polling.
 */
(function () {
  "use strict";

  var ATTRIBUTE = "data-gongwen-job-progress";
  var FIRST_MS = 1000;
  var POLL_MS = 1500;
  var RETRY_MS = 4000;

  function jobOf(data, id) {
    if (data && data.job && String(data.job.id) === id) { return data.job; }
    var jobs = (data && data.jobs) || [];
    for (var i = 0; i < jobs.length; i++) {
      if (String(jobs[i].id) === id) { return jobs[i]; }
    }
    return null;
  }

  function show(box, selector, value) {
    var nodes = box.querySelectorAll(selector);
    for (var i = 0; i < nodes.length; i++) { nodes[i].textContent = value; }
  }

  function update(box, job) {
    var bars = box.querySelectorAll(".gongwen-archive-job-bar");
    for (var i = 0; i < bars.length; i++) {
      bars[i].style.width = job.percent + "%";
      bars[i].textContent = job.percent + "%";
      bars[i].parentNode.setAttribute("aria-valuenow", job.percent);
    }
    show(box, ".gongwen-archive-job-state", job.state_title);
    show(box, ".gongwen-archive-job-total", job.total);
    show(box, ".gongwen-archive-job-done", job.done);
    show(box, ".gongwen-archive-job-failed", job.failed);
  }

  function follow(url, boxes) {
    function poll() {
      fetch(url, {credentials: "same-origin", cache: "no-store", headers: {Accept: "application/json"}})
        .then(function (response) {
          if (response.status >= 400 && response.status < 500) { return null; }
          if (!response.ok) { throw new Error(String(response.status)); }
          return response.json();
        })
        .then(function (data) {
          if (data === null) { return; }  // refused: nothing more to follow
          var running = false;
          for (var i = 0; i < boxes.length; i++) {
            var job = jobOf(data, boxes[i].getAttribute("data-gongwen-job"));
            if (!job) { continue; }
            update(boxes[i], job);
            if (job.finished) {
              window.setTimeout(function () { window.location.reload(); }, 800);
              return;
            }
            running = true;
          }
          if (running) { window.setTimeout(poll, POLL_MS); }
        })
        .catch(function () { window.setTimeout(poll, RETRY_MS); });
    }
    window.setTimeout(poll, FIRST_MS);
  }

  function start() {
    var byUrl = {};
    var nodes = document.querySelectorAll("[" + ATTRIBUTE + "]");
    for (var i = 0; i < nodes.length; i++) {
      var url = nodes[i].getAttribute(ATTRIBUTE);
      if (!url) { continue; }  // a finished job: nothing to follow
      (byUrl[url] = byUrl[url] || []).push(nodes[i]);
    }
    Object.keys(byUrl).forEach(function (url) { follow(url, byUrl[url]); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
