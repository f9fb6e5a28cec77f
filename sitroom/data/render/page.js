// The article view's behaviour: a record clicked in the list flashes its evidence in the
// text, and a highlight clicked in the text selects its record. Used inline by the page of
// `sitroom analyze --format html` and as /static/render/page.js by `sitroom serve`.
(function () {
  "use strict";
  function clean(id) { return String(id).replace(/[^A-Za-z0-9_-]/g, ""); }

  function attach(root) {
    var text = root.querySelector("#text");
    var list = root.querySelector("#records");
    function marks(id) { return text.querySelectorAll('[data-r~="' + clean(id) + '"]'); }
    function item(id) { return list.querySelector('li[data-id="' + clean(id) + '"]'); }
    function clear() {
      root.querySelectorAll(".flash, li.on").forEach(function (el) {
        el.classList.remove("flash"); el.classList.remove("on");
      });
    }
    function show(id) {
      clear();
      var found = marks(id);
      found.forEach(function (el) { el.classList.add("flash"); });
      if (found.length) { found[0].scrollIntoView({ block: "center" }); }
      var li = item(id);
      if (li) { li.classList.add("on"); }
      return found.length;
    }
    list.querySelectorAll("li[data-id]").forEach(function (li) {
      li.addEventListener("click", function (ev) {
        if (ev.target.closest("a")) { return; }  // a link to an actor or proposition view
        show(li.getAttribute("data-id"));
      });
    });
    text.addEventListener("click", function (ev) {
      var el = ev.target.closest("[data-r]");
      if (!el) { return; }
      var ids = el.getAttribute("data-r").split(" ");
      var pick = ids.find(function (id) { return !/^m\d/.test(id); }) || ids[0];
      var li = item(pick);
      if (li) { li.scrollIntoView({ block: "nearest" }); }
      show(pick);
    });
    return { show: show };
  }

  window.sitroomArticle = attach;
  if (document.body && document.body.getAttribute("data-page") === "article") {
    var article = attach(document);
    if (location.hash.length > 1) { article.show(decodeURIComponent(location.hash.slice(1))); }
  }
})();
