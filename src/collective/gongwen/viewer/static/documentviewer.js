/* Starts the DocumentCloud viewer shipped by collective.documentviewer.
 *
 * collective.documentviewer 6.0.3 wraps the viewer in a RequireJS/mockup
 * pattern; Plone 6 has neither, so its page stays on "Loading". Its
 * template still renders every viewer placeholder with the viewer's
 * settings as JSON in data-pat-documentviewer; this script hands them to
 * window.DV, which the bundles loaded before it define.
 */
(function () {
  "use strict";

  function startViewer(container) {
    if (container.dataset.gongwenViewerStarted) {
      return;
    }
    var settings = JSON.parse(container.dataset.patDocumentviewer || "{}");
    var documentData = settings.data;
    delete settings.data;
    settings.container = container;
    // The page-list sidebar takes the room a narrow screen needs for the page.
    if (window.innerWidth < 800) {
      settings.sidebar = false;
    }
    container.dataset.gongwenViewerStarted = "1";
    window.DV.load(documentData, settings);
  }

  function startAll() {
    if (!window.DV || !window.DV.load) {
      window.console.error("collective.gongwen: DocumentCloud viewer not loaded");
      return;
    }
    document.querySelectorAll(".pat-documentviewer").forEach(startViewer);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", startAll);
  } else {
    startAll();
  }
})();
