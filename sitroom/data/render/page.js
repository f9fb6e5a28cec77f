(function () {
  "use strict";
  var text = document.getElementById("text");
  var items = document.querySelectorAll("#records li[data-id]");
  function marks(id) {
    return text.querySelectorAll('[data-r~="' + id.replace(/[^A-Za-z0-9_-]/g, "") + '"]');
  }
  function clear() {
    document.querySelectorAll(".flash, li.on").forEach(function (el) {
      el.classList.remove("flash"); el.classList.remove("on");
    });
  }
  function show(id) {
    clear();
    var found = marks(id);
    found.forEach(function (el) { el.classList.add("flash"); });
    if (found.length) { found[0].scrollIntoView({ block: "center", behavior: "smooth" }); }
    var item = document.querySelector('#records li[data-id="' + id.replace(/[^A-Za-z0-9_-]/g, "") + '"]');
    if (item) { item.classList.add("on"); }
  }
  items.forEach(function (li) {
    li.addEventListener("click", function () { show(li.getAttribute("data-id")); });
  });
  text.addEventListener("click", function (ev) {
    var el = ev.target.closest("[data-r]");
    if (!el) { return; }
    var ids = el.getAttribute("data-r").split(" ");
    var pick = ids.find(function (id) { return !/^m\d/.test(id); }) || ids[0];
    var li = document.querySelector('#records li[data-id="' + pick + '"]');
    if (li) { li.scrollIntoView({ block: "nearest", behavior: "smooth" }); }
    show(pick);
  });
  if (location.hash.length > 1) { show(decodeURIComponent(location.hash.slice(1))); }
})();
