/* Starts the DocumentCloud viewer shipped by collective.documentviewer,
 * in the page's language, with a search that finds Chinese.
 *
 * Start-up: collective.documentviewer 6.0.3 wraps the viewer in a
 * RequireJS/mockup pattern; Plone 6 has neither, so its page stays on
 * "Loading". Its template still renders every viewer placeholder with the
 * viewer's settings as JSON in data-pat-documentviewer; this script hands
 * them to window.DV, which the bundles loaded before it define.
 *
 * Language: the viewer has no translation hook. Its words are English in
 * its templates (window.JST, from templates.js) and in a few strings its
 * code sets with its own jQuery's .text(). On a Chinese page
 * (<html lang="zh-…">) CHINESE rewrites both; on any other page the viewer
 * keeps its English. Notes (annotations) and the old-browser page are left
 * out: collective.documentviewer sends no notes and Chromium never gets it.
 *
 * Search: the search box asks dv-search.json (viewer/search.py) which pages
 * hold the query, then the viewer marks the query in the page text with a
 * pattern that needs the text's exact spacing, while line breaks split
 * Chinese phrases and some OCR puts spaces between Chinese characters. Our
 * highlightSearchResponses marks what the server matched: whitespace next
 * to a Chinese character is optional, Latin case is ignored.
 */
(function () {
  "use strict";

  var DV = window.DV;

  // Chinese for the viewer's English. "markup" rewrites the templates'
  // HTML; "text" the whole strings the viewer's code sets as text.
  var CHINESE = {
    markup: [
      [">Document<", ">文档<"],
      [">Pages<", ">缩略图<"],
      [">Notes<", ">批注<"],
      [">Text<", ">文本<"],
      ['placeholder="Search"', 'placeholder="搜索"'],
      [">Zoom<", ">缩放<"],
      // "Page 1 of 3" becomes "第 1 页 / 共 3 页"
      [">Page<", ">第<"],
      ["of&nbsp;", "页 / 共&nbsp;"],
      [/(class="DV-totalPages">\d+<\/span>)/g, "$1&nbsp;页"],
      [">Loading<", ">正在加载<"],
      // "p. 3" becomes "第3页"; the page-number gutters are 30px wide.
      [/(>\s*)p\.(?:&nbsp;|\s)*(\d+)/g, "$1第$2页"],
      [/class="(DV-pageNumber|DV-textCurrentPage)"/g, 'class="$1" style="white-space:nowrap"'],
      ['title="View Document in Fullscreen"', 'title="全屏查看"'],
      [/Close Fullscreen/g, "退出全屏"],
      ['title="Click to Add a Page Note"', 'title="添加页面批注"'],
      [">CLOSE<", ">关闭<"],
      [">Previous<", ">上一处<"],
      [">Next<", ">下一处<"],
      ["<span> for &ldquo;", "<span> 关键词&ldquo;"],
      [">Contents<", ">目录<"],
      [/>\s*Toggle Description</, ">展开/收起<"],
      [/(<\/span>\s*)Description(\s*<\/div>)/, "$1说明$2"],
      [">Expand<", ">展开<"],
      ["Original Document (PDF) &raquo;", "原始文档（PDF）&raquo;"],
      ["Print Notes &raquo;", "打印批注 &raquo;"],
      ["Related Article &raquo;", "相关文章 &raquo;"],
      ["Contributed by: ", "提供者："],
      [/To print the document,[\s\S]*?with annotations\./, "打印请点击“原始文档”打开原 PDF。"]
    ],
    text: [
      [/^No Results$/, "未找到"],
      [/^Page (\d+) $/, "第 $1 "],
      [/^of (\d+) $/, "/ 共 $1 页 "],
      [/^p\. (\d+)$/, "第$1页"],
      [/^Searching$/, "正在查找"],
      [/^Search is not available at this time$/, "暂时无法搜索"]
    ],
    searchPlaceholder: "搜索"
  };

  function replaceAll(value, rules) {
    rules.forEach(function (rule) {
      value = typeof rule[0] === "string" ? value.split(rule[0]).join(rule[1]) : value.replace(rule[0], rule[1]);
    });
    return value;
  }

  function translateViewer(words) {
    // Each template renders English HTML; hand back the translated HTML.
    Object.keys(window.JST).forEach(function (name) {
      var render = window.JST[name];
      window.JST[name] = function () {
        return replaceAll(render.apply(this, arguments), words.markup);
      };
    });
    // The viewer's private jQuery: only its own .text(string) calls pass
    // here. The query a person typed is shown as typed.
    var $fn = DV.jQuery.fn;
    var setText = $fn.text;
    $fn.text = function (value) {
      if (typeof value === "string" && !this.is(".DV-searchQuery")) {
        return setText.call(this, replaceAll(value, words.text));
      }
      return setText.apply(this, arguments);
    };
    // The search box's placeholder plugin compares the box's value with
    // its message; the message must be the translated placeholder.
    var placeholder = $fn.placeholder;
    $fn.placeholder = function (options) {
      return placeholder.call(this, DV.jQuery.extend({}, options, { message: words.searchPlaceholder }));
    };
  }

  // Scripts written without spaces between words (UNSPACED in viewer/search.py).
  var UNSPACED = "[\u2e80-\u2fff\u3000-\u30ff\u3100-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]";
  var IS_UNSPACED = new RegExp(UNSPACED);
  var SPACE_BY_UNSPACED = new RegExp("\\s+(?=" + UNSPACED + ")|(" + UNSPACED + ")\\s+", "g");

  function searchPattern(query) {
    // The server's search_key, as a pattern over the page's own spacing.
    var key = query.replace(SPACE_BY_UNSPACED, "$1").replace(/\s+/g, " ").trim();
    var chars = Array.from(key);
    if (!chars.length) {
      return null;
    }
    var source = chars
      .map(function (char, index) {
        if (char === " ") {
          return "\\s+";
        }
        var previous = chars[index - 1];
        var gap = previous && previous !== " " && (IS_UNSPACED.test(previous) || IS_UNSPACED.test(char)) ? "\\s*" : "";
        return gap + char.replace(/[-[\]{}()*+?.,\\^$|#\/]/g, "\\$&");
      })
      .join("");
    return new RegExp(source, "gi");
  }

  function markMatches(text, query) {
    var pattern = searchPattern(query);
    var html = "";
    var last = 0;
    if (pattern) {
      text.replace(pattern, function (match, offset) {
        html += DV._.escape(text.slice(last, offset)) + '<span class="DV-searchMatch">' + DV._.escape(match) + "</span>";
        last = offset + match.length;
        return match;
      });
    }
    return html + DV._.escape(text.slice(last));
  }

  function unescapeHTML(value) {
    // dv-search.json sends the query HTML-escaped, as collective.documentviewer does.
    var element = document.createElement("textarea");
    element.innerHTML = value || "";
    return element.value;
  }

  // Replaces DV.Schema.helpers.highlightSearchResponses (same duties: the
  // result line, the .DV-searchMatch spans, then highlightMatch).
  function highlightSearchResponses() {
    var response = this.viewer.searchResponse;
    if (!response) {
      return false;
    }
    var status = this.viewer.$(".DV-currentSearchResult");
    var position = DV._.indexOf(response.results, this.models.document.currentPage());
    this.viewer.$(".DV-searchResults").toggleClass("DV-noResults", !response.results.length);
    if (!response.results.length) {
      status.text("No Results");
    } else if (position >= 0) {
      status.text("Page " + (position + 1) + " ");
    }
    var contents = this.viewer.$(".DV-textContents");
    contents.html(markMatches(contents.text(), unescapeHTML(response.query)));
    this.highlightMatch(this.viewer.toHighLight || 0);
  }

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
    // On a phone the viewer leaves room above and below it to scroll the page itself
    // (a finger inside the viewer scrolls the document's pages).
    // DocumentCloud leaves the search out of a viewer with a set width under 540 px
    // (documentviewer.css shows the box it would then hide): the page's width is it.
    if (window.innerWidth < 576) {
      var phoneHeight = Math.round(window.innerHeight * 0.7);
      settings.height = settings.height ? Math.min(settings.height, phoneHeight) : phoneHeight;
      delete settings.width;
    }
    container.dataset.gongwenViewerStarted = "1";
    DV.load(documentData, settings);
  }

  // A viewer whose container left the page (the files panel replaced it)
  // would go on polling its removed elements every 100 ms: unload it.
  function unloadDetached() {
    Object.keys(DV.viewers || {}).forEach(function (id) {
      var viewer = DV.viewers[id];
      var container = DV.jQuery(viewer.options.container)[0];
      if (!container || !document.contains(container)) {
        viewer.api.unload();
      }
    });
  }

  function startAll() {
    unloadDetached();
    document.querySelectorAll(".pat-documentviewer").forEach(startViewer);
  }

  if (!DV || !DV.load || !window.JST) {
    window.console.error("collective.gongwen: DocumentCloud viewer not loaded");
    return;
  }
  if (/^zh\b/i.test(document.documentElement.lang || "")) {
    translateViewer(CHINESE);
  }
  DV.Schema.helpers.highlightSearchResponses = highlightSearchResponses;
  // The document page's files panel (content/browser/static/files-panel.js)
  // replaces its viewer when a conversion finishes, then starts it again.
  window.gongwenStartViewers = startAll;

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", startAll);
  } else {
    startAll();
  }
})();
