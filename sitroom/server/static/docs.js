// The API docs: Swagger UI when its files were installed (`make assets`), else a plain list
// of the endpoints read from /openapi.json.
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  if (window.SwaggerUIBundle) {
    window.SwaggerUIBundle({ url: "/openapi.json", domNode: root, deepLinking: true });
    return;
  }
  function add(parent, tag, text) {
    var el = document.createElement(tag);
    if (text) { el.textContent = text; }
    parent.appendChild(el);
    return el;
  }
  root.className = "plain-docs";
  add(root, "h1", "sitroom API");
  var note = add(root, "p", "Swagger UI is not installed (run `make assets`); the OpenAPI description is at ");
  var raw = add(note, "a", "/openapi.json");
  raw.href = "/openapi.json";
  fetch("/openapi.json").then(function (r) { return r.json(); }).then(function (spec) {
    Object.keys(spec.paths).forEach(function (path) {
      var op = spec.paths[path].get;
      var box = add(root, "section");
      add(box, "h2", "GET " + path);
      add(box, "p", op.summary || "");
      (op.parameters || []).forEach(function (p) {
        add(box, "div", p.name + " (" + p.in + ")" + (p.description ? ": " + p.description : ""));
      });
    });
  });
})();
