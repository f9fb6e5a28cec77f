// sitroom's page: one view per route (#/actor/ID, #/network, ...), each drawn from one call to
// the JSON API. Text from the corpus only ever goes into the page as text (textContent); the
// one exception is the article view, whose HTML comes escaped from the server's renderer.
(function () {
  "use strict";
  var view = document.getElementById("view");
  var SVG = "http://www.w3.org/2000/svg";
  var QUADS = { 1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict" };
  var basemap = null;

  // --- building blocks -------------------------------------------------------------------

  function h(tag, attrs) {
    var el = document.createElement(tag);
    setAttrs(el, attrs);
    for (var i = 2; i < arguments.length; i++) { append(el, arguments[i]); }
    return el;
  }
  function s(tag, attrs) {
    var el = document.createElementNS(SVG, tag);
    setAttrs(el, attrs);
    for (var i = 2; i < arguments.length; i++) { append(el, arguments[i]); }
    return el;
  }
  function setAttrs(el, attrs) {
    Object.keys(attrs || {}).forEach(function (k) {
      if (attrs[k] === null || attrs[k] === undefined || attrs[k] === false) { return; }
      if (k === "href") { el.setAttribute("href", safeHref(attrs[k])); }
      else if (k === "on") { Object.keys(attrs.on).forEach(function (e) { el.addEventListener(e, attrs.on[e]); }); }
      else { el.setAttribute(k, attrs[k]); }
    });
  }
  function append(el, child) {
    if (child === null || child === undefined || child === false) { return; }
    if (Array.isArray(child)) { child.forEach(function (c) { append(el, c); }); return; }
    el.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  // Links go to our own routes, or to a web page (http/https); nothing else is ever an href.
  function safeHref(url) {
    url = String(url);
    if (url.charAt(0) === "#" || /^\/(?!\/)/.test(url) || /^https?:\/\//i.test(url)) { return url; }
    return "#/";
  }
  function route(path, params) {
    var query = new URLSearchParams();
    Object.keys(params || {}).forEach(function (k) {
      [].concat(params[k]).forEach(function (v) { if (v !== "" && v !== null && v !== undefined) { query.append(k, v); } });
    });
    var q = query.toString();
    return "#/" + path + (q ? "?" + q : "");
  }
  function enc(value) { return encodeURIComponent(value); }
  function actorLink(id, name) {
    if (!id) { return h("span", { class: "muted" }, name || "(none)"); }
    if (id === "author" || id === "unknown") { return h("span", { class: "muted" }, name || id); }
    return h("a", { href: "#/actor/" + enc(id), class: "actor" }, name || id);
  }
  function articleLink(docId, record, text) {
    return h("a", { href: "#/article/" + enc(docId) + (record ? "/" + enc(record) : ""), class: "article" }, text);
  }
  function propositionLink(p, text) { return h("a", { href: route("stance", { p: p }) }, text || p); }
  function num(n) { return n === null || n === undefined ? "–" : Number(n).toLocaleString("en"); }
  function signed(g) { return g === null || g === undefined ? "–" : (g > 0 ? "+" : "") + Number(g).toFixed(1); }

  // Goldstein -10 (red) .. 0 (grey) .. +10 (green); tone -1 .. +1 the same way.
  function colour(value, scale) {
    if (value === null || value === undefined) { return "#98a2b3"; }
    var t = Math.max(-1, Math.min(1, value / scale));
    var grey = [152, 162, 179], end = t < 0 ? [217, 45, 32] : [3, 152, 85];
    var mix = grey.map(function (g, i) { return Math.round(g + (end[i] - g) * Math.abs(t)); });
    return "rgb(" + mix.join(",") + ")";
  }

  function api(path, params) {
    var query = route("", params).slice(2);
    return fetch("/api/" + path + query, { headers: { accept: "application/json" } }).then(function (r) {
      return r.json().then(function (body) {
        if (!r.ok) { throw new Error(body.error || (body.detail && JSON.stringify(body.detail)) || r.statusText); }
        return body;
      });
    });
  }

  function panel(title, body, cls) {
    return h("section", { class: "panel " + (cls || "") }, h("h2", {}, title), body);
  }
  function table(headers, rows) {
    if (!rows.length) { return h("p", { class: "empty" }, "Nothing yet."); }
    return h("table", {}, h("thead", {}, h("tr", {}, headers.map(function (x) { return h("th", {}, x); }))),
      h("tbody", {}, rows.map(function (cells) { return h("tr", {}, cells.map(function (c) { return h("td", {}, c); })); })));
  }
  function chip(value, kind) { return h("span", { class: "chip " + kind }, value); }

  // --- charts (SVG, drawn here) ------------------------------------------------------------

  function bars(points, opts) {
    opts = opts || {};
    var w = opts.width || 560, ht = opts.height || 140, pad = 22;
    if (!points.length) { return h("p", { class: "empty" }, "No data."); }
    var max = Math.max.apply(null, points.map(function (p) { return p.value; }).concat([1]));
    var bw = Math.min((w - pad) / points.length, 48);
    var chart = s("svg", { viewBox: "0 0 " + w + " " + (ht + pad), class: "chart", role: "img" });
    points.forEach(function (p, i) {
      var bh = (p.value / max) * (ht - 4);
      chart.appendChild(s("rect", { x: pad + i * bw + 0.5, y: ht - bh, width: Math.max(1, bw - 1), height: bh,
        fill: p.colour || "#7a5af8" }, s("title", {}, p.label + ": " + num(p.value) + (p.note ? " (" + p.note + ")" : ""))));
    });
    axis(chart, points, pad, bw, ht, max);
    if (opts.line) { line(chart, points, pad, bw, ht); }
    return chart;
  }
  function axis(chart, points, pad, bw, ht, max) {
    chart.appendChild(s("text", { x: 0, y: 10, class: "tick" }, num(max)));
    chart.appendChild(s("line", { x1: pad, x2: pad + points.length * bw, y1: ht, y2: ht, class: "axis" }));
    var step = Math.max(1, Math.ceil(points.length / 8));
    points.forEach(function (p, i) {
      if (i % step === 0) { chart.appendChild(s("text", { x: pad + i * bw, y: ht + 14, class: "tick" }, p.label)); }
    });
  }
  // Mean Goldstein per period as a line over the bars, on a -10..+10 scale (0 in the middle).
  function line(chart, points, pad, bw, ht) {
    var pts = [];
    points.forEach(function (p, i) {
      if (p.goldstein !== null && p.goldstein !== undefined) {
        pts.push((pad + (i + 0.5) * bw).toFixed(1) + "," + (ht / 2 - (p.goldstein / 10) * (ht / 2 - 4)).toFixed(1));
      }
    });
    chart.appendChild(s("line", { x1: pad, x2: pad + points.length * bw, y1: ht / 2, y2: ht / 2, class: "zero" }));
    if (pts.length) { chart.appendChild(s("polyline", { points: pts.join(" "), class: "goldstein" })); }
  }
  function legend(items) {
    return h("div", { class: "legend-row" }, items.map(function (it) {
      var sw = h("span", { class: "swatch" });
      sw.style.background = it[1];
      return h("span", {}, sw, it[0]);
    }));
  }

  // --- views -------------------------------------------------------------------------------

  var views = {};

  views.home = function (params) {
    if (params.get("q")) { return views.search(params); }
    return Promise.all([api("stats"), api("actors", { limit: 15 }), api("propositions", { limit: 15 }), api("dyads", { limit: 10 })])
      .then(function (r) {
        var st = r[0];
        return [h("h1", {}, "Corpus"),
          h("p", { class: "muted" }, num(st.documents) + " articles, " + num(st.quotes) + " quotes, " + num(st.events) +
            " events, " + num(st.stances) + " stances, " + num(st.places) + " places"),
          h("div", { class: "grid" },
            panel("Actors", actorTable(r[1])),
            panel("Propositions", propositionTable(r[2])),
            panel("Dyads", table(["source", "target", "events", "Goldstein"], r[3].map(function (d) {
              return [actorLink(d.source, d.source_name), actorLink(d.target, d.target_name),
                h("a", { href: route("timeline", { source: d.source, target: d.target }) }, num(d.events)), goldChip(d.goldstein)];
            }))))];
      });
  };

  views.search = function (params) {
    var q = params.get("q") || "";
    document.getElementById("q").value = q;
    return api("search", { q: q, limit: 30 }).then(function (r) {
      return [h("h1", {}, "Search: ", h("q", {}, q)),
        h("div", { class: "grid" },
          panel("Articles (" + r.articles.length + ")", r.articles.length ? h("ol", { class: "hits" }, r.articles.map(function (a) {
            return h("li", {}, articleLink(a.id, null, a.title || a.id), h("div", { class: "muted" }, [a.published, a.outlet].filter(Boolean).join(" · ")),
              h("div", { class: "snippet" }, a.snippet));
          })) : h("p", { class: "empty" }, "No article.")),
          panel("Actors (" + r.actors.length + ")", actorTable(r.actors)),
          panel("Propositions (" + r.propositions.length + ")", propositionTable(r.propositions)))];
    });
  };

  function actorTable(list) {
    return table(["actor", "kind", "mentions", "quotes", "events", "stances"], list.map(function (a) {
      return [actorLink(a.id, a.name), a.kind, num(a.mentions), num(a.quotes), num(a.events), num(a.stances)];
    }));
  }
  function propositionTable(list) {
    return table(["proposition", "for", "against", "neutral"], list.map(function (p) {
      return [propositionLink(p.proposition), chip(num(p.favor), "favor"), chip(num(p.against), "against"), chip(num(p.neutral), "neutral")];
    }));
  }

  views.article = function (params, parts) {
    var docId = parts[0], record = parts[1];
    return api("articles/" + enc(docId) + "/view").then(function (r) {
      var d = r.document;
      var meta = [d.published, d.outlet, d.id].filter(Boolean).map(function (x) { return h("span", {}, x); });
      if (d.url) {
        meta.push(/^https?:\/\//i.test(d.url) ? h("a", { href: d.url, rel: "noopener noreferrer", target: "_blank" }, d.url)
          : h("span", {}, d.url));
      }
      if (d.duplicate_of) { meta.push(h("span", {}, "copy of ", articleLink(d.duplicate_of, null, d.duplicate_of))); }
      var body = h("div", { class: "article-view" });
      // The renderer's output: every piece of article text in it was escaped by the server,
      // and the page's Content-Security-Policy would stop any script or handler anyway.
      body.innerHTML = r.html;
      var out = [h("header", { class: "article-head" }, h("h1", {}, d.title || "Article"), h("div", { class: "meta" }, meta),
        r.problems.map(function (p) { return h("p", { class: "empty" }, p.stage + ": " + p.reason); })), body];
      return { nodes: out, after: function () {
        var behaviour = window.sitroomArticle(body);
        if (record) { behaviour.show(record); }
      } };
    });
  };

  views.actor = function (params, parts) {
    return api("actors/" + enc(parts[0])).then(function (p) {
      var a = p.actor;
      var facts = [a.kind, a.country, a.sector, a.code].filter(Boolean).join(" · ");
      return [h("h1", {}, a.name), h("p", { class: "muted" }, facts + " — " + a.id + " · ",
          h("a", { href: route("claims", { claimant: a.id }) }, "causal claims by " + a.name)),
        h("p", {}, num(a.mentions) + " mentions in " + num(a.documents) + " articles · " + num(a.quotes) + " quotes · " +
          num(a.events) + " events · " + num(a.stances) + " stances"),
        h("div", { class: "grid" },
          panel("Quotes over time", bars(p.quotes_by_month.map(function (r) { return { label: r.period || "undated", value: r.quotes }; }))),
          panel("Latest quotes", quoteList(p.recent_quotes), "quotes"),
          panel("Stances", table(["proposition", "for", "against", "neutral", "latest"], p.stances.map(function (st) {
            return [propositionLink(st.proposition), chip(st.favor, "favor"), chip(st.against, "against"), chip(st.neutral, "neutral"),
              chip(st.latest > 0 ? "for" : st.latest < 0 ? "against" : "neutral", st.latest > 0 ? "favor" : st.latest < 0 ? "against" : "neutral")];
          }))),
          panel("Events over time", bars(p.events_by_month.map(function (r) {
            return { label: r.period || "undated", value: r.events, goldstein: r.goldstein, colour: colour(r.goldstein, 10), note: "Goldstein " + signed(r.goldstein) };
          }), { line: true })),
          panel("Events as source (to whom)", dyadTable(p.as_source, "target")),
          panel("Events as target (from whom)", dyadTable(p.as_target, "source")),
          panel("Counterparts", table(["actor", "to", "from", "Goldstein"], p.counterparts.map(function (c) {
            return [actorLink(c.actor, c.name), num(c.to), num(c.from), goldChip(c.goldstein)];
          }))),
          panel("Tone towards " + a.name + (p.tone.mean === null ? "" : ": " + signed(p.tone.mean * 10) + " /10 over " + num(p.tone.scores) + " scores"),
            bars(p.tone_by_month.map(function (r) { return { label: r.period || "undated", value: r.scores, colour: colour(r.tone, 0.5), note: "tone " + r.tone }; }))),
          panel("Latest events", eventList(p.recent_events), "events"))];
    });
  };
  function goldChip(g) { var c = chip(signed(g), "g"); c.style.background = colour(g, 10); return c; }
  function dyadTable(list, role) {
    return table([role, "events", "Goldstein", "quad classes (1-4)"], list.map(function (r) {
      return [actorLink(r.other, r.other_name), num(r.events), goldChip(r.goldstein),
        [r.verbal_coop, r.material_coop, r.verbal_conflict, r.material_conflict].join(" / ")];
    }));
  }
  function quoteList(list) {
    if (!list.length) { return h("p", { class: "empty" }, "No quote."); }
    return h("ol", { class: "quotes" }, list.map(function (q) {
      return h("li", { class: "quote" }, h("div", { class: "muted" }, (q.date || "undated") + " · " + q.kind + (q.cue ? " · " + q.cue : "")),
        articleLink(q.doc_id, q.quote_id, "“" + q.quote + "”"), h("div", { class: "muted" }, q.title || ""));
    }));
  }
  function eventList(list) {
    if (!list.length) { return h("p", { class: "empty" }, "No event."); }
    return h("ol", { class: "events" }, list.map(function (e) {
      return h("li", {}, h("span", { class: "muted" }, (e.date || "undated") + " · " + e.role + " · CAMEO " + e.cameo + " "), goldChip(e.goldstein), " ",
        articleLink(e.doc_id, e.event_id, e.trigger), " ", e.role === "source" ? "→ " : "← ", actorLink(e.other, e.other_name));
    }));
  }

  function filters(name, params, extra) {
    var since = h("input", { type: "date", name: "since", value: params.get("since") || "" });
    var until = h("input", { type: "date", name: "until", value: params.get("until") || "" });
    var chosen = params.getAll("quad");
    var boxes = Object.keys(QUADS).map(function (q) {
      return h("label", {}, h("input", { type: "checkbox", name: "quad", value: q, checked: !chosen.length || chosen.indexOf(q) >= 0 }), " " + QUADS[q]);
    });
    var form = h("form", { class: "filters" }, h("label", {}, "from ", since), h("label", {}, "to ", until), boxes, extra || [], h("button", { type: "submit" }, "Show"));
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var data = new FormData(form), out = {};
      data.forEach(function (v, k) { out[k] = (out[k] || []).concat([v]); });
      if (out.quad && out.quad.length === 4) { delete out.quad; }
      location.hash = route(name, out);
    });
    return form;
  }
  function windowParams(params) {
    return { since: params.get("since"), until: params.get("until"), quad: params.getAll("quad") };
  }

  views.network = function (params) {
    var opts = windowParams(params);
    opts.limit = params.get("limit") || 120;
    return api("network", opts).then(function (net) {
      return [h("h1", {}, "Actor network"),
        filters("network", params),
        h("p", { class: "muted" }, net.nodes.length + " actors, " + net.edges.length + " dyads (busiest first). Edge width: events; colour: mean Goldstein."),
        legend([["conflict (−10)", colour(-10, 10)], ["neutral", colour(0, 10)], ["cooperation (+10)", colour(10, 10)]]),
        net.nodes.length ? drawNetwork(net) : h("p", { class: "empty" }, "No event between two known actors in this window.")];
    });
  };

  // A force-directed layout computed here: nodes repel, edges pull; fixed start, fixed steps.
  function layout(nodes, edges, w, ht) {
    var pos = {}, n = nodes.length;
    nodes.forEach(function (node, i) {
      var a = (2 * Math.PI * i) / n, r = 0.35 * Math.min(w, ht) * (0.5 + 0.5 * ((i * 7919) % 101) / 101);
      pos[node.id] = { x: w / 2 + r * Math.cos(a), y: ht / 2 + r * Math.sin(a) };
    });
    var k = Math.sqrt((w * ht) / Math.max(n, 1)) * 0.4;
    for (var step = 0; step < 250; step++) {
      var move = {}, heat = (w / 10) * (1 - step / 250) + 1;
      nodes.forEach(function (u) { move[u.id] = { x: 0, y: 0 }; });
      nodes.forEach(function (u, i) {
        for (var j = i + 1; j < n; j++) {
          var v = nodes[j], dx = pos[u.id].x - pos[v.id].x, dy = pos[u.id].y - pos[v.id].y;
          var d = Math.max(0.01, Math.sqrt(dx * dx + dy * dy)), f = (k * k) / d;
          move[u.id].x += (dx / d) * f; move[u.id].y += (dy / d) * f;
          move[v.id].x -= (dx / d) * f; move[v.id].y -= (dy / d) * f;
        }
      });
      edges.forEach(function (e) {
        if (e.source === e.target) { return; }
        var dx = pos[e.source].x - pos[e.target].x, dy = pos[e.source].y - pos[e.target].y;
        var d = Math.max(0.01, Math.sqrt(dx * dx + dy * dy)), f = (d * d) / k;
        move[e.source].x -= (dx / d) * f; move[e.source].y -= (dy / d) * f;
        move[e.target].x += (dx / d) * f; move[e.target].y += (dy / d) * f;
      });
      nodes.forEach(function (u) {  // gravity: keeps separate groups on the canvas
        move[u.id].x += (w / 2 - pos[u.id].x) * 1.5; move[u.id].y += (ht / 2 - pos[u.id].y) * 1.5;
      });
      nodes.forEach(function (u) {
        var m = move[u.id], d = Math.max(0.01, Math.sqrt(m.x * m.x + m.y * m.y)), lim = Math.min(d, heat);
        pos[u.id].x = Math.min(w - 120, Math.max(30, pos[u.id].x + (m.x / d) * lim));
        pos[u.id].y = Math.min(ht - 20, Math.max(20, pos[u.id].y + (m.y / d) * lim));
      });
    }
    return pos;
  }
  function drawNetwork(net) {
    var w = 1000, ht = 640, pos = layout(net.nodes, net.edges, w, ht);
    var maxE = Math.max.apply(null, net.edges.map(function (e) { return e.events; }).concat([1]));
    var maxN = Math.max.apply(null, net.nodes.map(function (n) { return n.events; }).concat([1]));
    var chart = s("svg", { viewBox: "0 0 " + w + " " + ht, class: "network", role: "img" },
      s("defs", {}, s("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 9, markerHeight: 9, markerUnits: "userSpaceOnUse", orient: "auto" },
        s("path", { d: "M 0 0 L 10 5 L 0 10 z", fill: "#667085" }))));
    function radius(node) { return 4 + 14 * Math.sqrt(node.events / maxN); }
    var byId = {};
    net.nodes.forEach(function (node) { byId[node.id] = node; });
    net.edges.forEach(function (e) {
      var a = pos[e.source], b = pos[e.target], dx = b.x - a.x, dy = b.y - a.y;
      var d = Math.max(1, Math.sqrt(dx * dx + dy * dy)), stop = (radius(byId[e.target]) + 2) / d;
      chart.appendChild(s("line", { x1: a.x, y1: a.y, x2: b.x - dx * stop, y2: b.y - dy * stop, stroke: colour(e.goldstein, 10), "stroke-width": 1 + 7 * Math.sqrt(e.events / maxE),
        "stroke-opacity": 0.75, "marker-end": "url(#arrow)", class: "edge" },
        s("title", {}, e.source + " → " + e.target + ": " + num(e.events) + " events, mean Goldstein " + signed(e.goldstein))));
    });
    net.nodes.forEach(function (node) {
      var p = pos[node.id], r = radius(node);
      var link = s("a", { href: "#/actor/" + enc(node.id), class: "node" },
        s("circle", { cx: p.x, cy: p.y, r: r }), s("text", { x: p.x + r + 2, y: p.y + 4 }, node.name || node.id),
        s("title", {}, (node.name || node.id) + ": " + num(node.events) + " events"));
      link.setAttribute("href", safeHref("#/actor/" + enc(node.id)));
      chart.appendChild(link);
    });
    return chart;
  }

  views.stance = function (params) {
    var p = params.get("p");
    if (!p) {
      return api("propositions", { limit: 100 }).then(function (list) {
        return [h("h1", {}, "Stances"), h("p", { class: "muted" }, "Pick a proposition."), propositionTable(list)];
      });
    }
    var by = params.get("by") || "month";
    return api("stance", { p: p, by: by }).then(function (b) {
      var sides = { favor: [], against: [], neutral: [] };
      b.holders.forEach(function (x) { sides[x.position].push(x); });
      function column(side, title) {
        return h("div", { class: "side " + side }, h("h3", {}, title + " (" + sides[side].length + ")"),
          h("ul", {}, sides[side].map(function (x) {
            return h("li", {}, actorLink(x.holder, x.name), " ", h("span", { class: "muted" }, x.favor + " for / " + x.against + " against / " + x.neutral + " neutral"));
          })));
      }
      return [h("h1", {}, "Stance board: ", b.proposition), h("p", { class: "muted" }, "“" + (b.text || "") + "” — " + num(b.stances) + " stances by " + num(b.holders.length) + " holders"),
        h("div", { class: "board" }, column("favor", "For"), column("against", "Against"), column("neutral", "Neutral")),
        panel("How it changed (by " + by + ")", [periodBars(b.periods), changeGrid(b)]),
        panel("Evidence", h("ol", { class: "quotes" }, b.evidence.map(function (e) {
          return h("li", {}, h("div", { class: "muted" }, (e.date || "undated") + " · "), actorLink(e.holder, e.holder_name), " ",
            chip(e.polarity > 0 ? "for" : e.polarity < 0 ? "against" : "neutral", e.polarity > 0 ? "favor" : e.polarity < 0 ? "against" : "neutral"), " ",
            articleLink(e.doc_id, e.record, e.evidence));
        })))];
    });
  };
  function periodBars(rows) {
    var per = {};
    rows.forEach(function (r) {
      var k = r.period || "undated";
      per[k] = per[k] || { favor: 0, against: 0, neutral: 0 };
      per[k].favor += r.favor; per[k].against += r.against; per[k].neutral += r.neutral;
    });
    var keys = Object.keys(per).sort(), w = 560, ht = 120, pad = 22, bw = Math.min((w - pad) / Math.max(keys.length, 1), 48);
    var max = Math.max.apply(null, keys.map(function (k) { return per[k].favor + per[k].against + per[k].neutral; }).concat([1]));
    var chart = s("svg", { viewBox: "0 0 " + w + " " + (ht + pad), class: "chart" });
    keys.forEach(function (k, i) {
      var y = ht;
      [["favor", "#039855"], ["neutral", "#98a2b3"], ["against", "#d92d20"]].forEach(function (side) {
        var bh = (per[k][side[0]] / max) * (ht - 4);
        y -= bh;
        chart.appendChild(s("rect", { x: pad + i * bw + 0.5, y: y, width: Math.max(1, bw - 1), height: bh, fill: side[1] },
          s("title", {}, k + ": " + per[k][side[0]] + " " + side[0])));
      });
    });
    axis(chart, keys.map(function (k) { return { label: k }; }), pad, bw, ht, max);
    return chart;
  }
  // Holders (rows) by period (columns): green for, red against, grey neutral or mixed.
  function changeGrid(b) {
    var periods = [], seen = {};
    b.periods.forEach(function (r) { var k = r.period || "undated"; if (!seen[k]) { seen[k] = 1; periods.push(k); } });
    periods.sort();
    var cells = {};
    b.periods.forEach(function (r) { cells[r.holder + "|" + (r.period || "undated")] = r; });
    var rows = b.holders.slice(0, 15).map(function (x) {
      return h("tr", {}, h("th", {}, actorLink(x.holder, x.name)), periods.map(function (k) {
        var c = cells[x.holder + "|" + k], td = h("td", { class: "cell" });
        if (c) {
          td.style.background = colour(c.favor - c.against, Math.max(1, c.favor + c.against + c.neutral));
          td.setAttribute("title", k + ": " + c.favor + " for, " + c.against + " against, " + c.neutral + " neutral");
        }
        return td;
      }));
    });
    return h("div", { class: "scroll" }, h("table", { class: "change" }, h("thead", {}, h("tr", {}, h("th", {}, ""), periods.map(function (k) { return h("th", { class: "period" }, k); }))), h("tbody", {}, rows)));
  }

  views.claims = function (params) {
    var query = { claimant: params.get("claimant"), about: params.get("about"), since: params.get("since"), until: params.get("until") };
    var dates = { since: query.since, until: query.until }, limit = 100;
    return Promise.all([api("claims", Object.assign({ limit: limit }, query)), api("sourcing", dates),
      api("sourcing", Object.assign({ by: "document", limit: 15 }, dates))]).then(function (r) {
      var found = r[0].claims;
      var title = "Causal claims" + (query.claimant ? " by " + query.claimant : "") + (query.about ? " about " + query.about : "");
      return [h("h1", {}, title), claimFilters(params),
        r[0].actors.length ? h("p", { class: "muted" }, "“" + query.claimant + "” names ", r[0].actors.map(function (a, i) {
          return [i ? ", " : "", actorLink(a.id, a.name)];
        }), "; an unnamed speaker matches on its words.") : null,
        h("div", { class: "claims-row" },
          panel("Claims (" + (found.length === limit ? "the newest " : "") + num(found.length) + "): cause → signal → effect", claimTable(found), "claims"),
          h("div", {},
            panel("Sourcing per outlet", [legend(SOURCING), shareTable(r[1].rows)], "sourcing"),
            panel("Most unsourced articles", [h("p", { class: "muted" }, "Their unattributed assertions are underlined in the article."),
              unsourcedTable(r[2].rows)], "unsourced")))];
    });
  };
  function claimFilters(params) {
    var field = function (name, hint) { return h("label", {}, name + " ", h("input", { name: name, value: params.get(name) || "", placeholder: hint })); };
    var form = h("form", { class: "filters" }, field("claimant", "anyone (e.g. Putin, author, Analysts)"), field("about", "anything (e.g. NATO)"),
      h("label", {}, "from ", h("input", { type: "date", name: "since", value: params.get("since") || "" })),
      h("label", {}, "to ", h("input", { type: "date", name: "until", value: params.get("until") || "" })), h("button", { type: "submit" }, "Show"));
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var out = {};
      new FormData(form).forEach(function (v, k) { out[k] = v.trim(); });
      location.hash = route("claims", out);
    });
    return form;
  }
  // Each claim links to its article with the claim's cause, signal and effect flashed.
  function claimTable(list) {
    if (!list.length) { return h("p", { class: "empty" }, "No claim."); }
    return table(["date", "claimant", "claim", "outlet"], list.map(function (c) {
      return [c.date || "undated", actorLink(c.claimant_actor, c.claimant),
        articleLink(c.doc_id, c.record, [h("span", { class: "mk-cause" }, c.cause), " → ",
          c.signal ? [h("span", { class: "mk-signal" }, c.signal), " → "] : null, h("span", { class: "mk-effect" }, c.effect)]),
        c.outlet || ""];
    }));
  }
  var SOURCING = [["quoted", "#fdb022"], ["attributed", "#7a5af8"], ["unattributed", "#f04438"]];
  function shareBar(r) {
    var chart = s("svg", { viewBox: "0 0 100 10", preserveAspectRatio: "none", class: "share", role: "img" }), x = 0;
    SOURCING.forEach(function (part) {
      var w = r.sentences ? (100 * r[part[0]]) / r.sentences : 0;
      chart.appendChild(s("rect", { x: x, y: 0, width: w, height: 10, fill: part[1], "data-part": part[0] },
        s("title", {}, part[0] + ": " + num(r[part[0]]) + " of " + num(r.sentences) + " sentences")));
      x += w;
    });
    return chart;
  }
  function percent(share) { return share === null || share === undefined ? "–" : Math.round(share * 100) + "%"; }
  function shareTable(rows) {
    return table(["outlet", "sentences", "unsourced"], rows.map(function (r) {
      return [[r.outlet || "(no outlet)", h("div", { class: "muted" }, num(r.documents) + (r.documents === 1 ? " article" : " articles"))],
        h("span", { class: "share-cell" }, shareBar(r), num(r.sentences)), percent(r.unsourced_share)];
    }));
  }
  function unsourcedTable(rows) {
    return table(["article", "sentences", "unsourced"], rows.map(function (r) {
      return [[articleLink(r.doc_id, null, r.title || r.doc_id), h("div", { class: "muted" }, r.outlet || "")],
        h("span", { class: "share-cell" }, shareBar(r), num(r.sentences)), percent(r.unsourced_share)];
    }));
  }

  views.map = function (params) {
    var opts = windowParams(params);
    return Promise.all([api("map", opts), loadBasemap()]).then(function (r) {
      var places = r[0].places, side = h("div", { class: "place-events" }, h("p", { class: "muted" }, "Click a place for its latest events."));
      return [h("h1", {}, "Map of events and places"), filters("map", params),
        legend([["conflict", colour(-10, 10)], ["neutral", colour(0, 10)], ["cooperation", colour(10, 10)], ["named only", "#2e90fa"]]),
        h("div", { class: "map-row" }, drawMap(places, side), side)];
    });
  };
  function loadBasemap() {
    if (basemap) { return Promise.resolve(basemap); }
    return fetch("/static/vendor/world.json").then(function (r) { return r.ok ? r.json() : { countries: [] }; })
      .then(function (m) { basemap = m; return m; });
  }
  function drawMap(places, side) {
    var chart = s("svg", { viewBox: "0 0 360 180", class: "map", role: "img" }, s("rect", { x: 0, y: 0, width: 360, height: 180, class: "sea" }));
    basemap.countries.forEach(function (c) { chart.appendChild(s("path", { d: c.d, class: "land" }, s("title", {}, c.name))); });
    if (!basemap.countries.length) { chart.appendChild(s("text", { x: 8, y: 14, class: "tick" }, "basemap not built: run `make assets`")); }
    var max = Math.max.apply(null, places.map(function (p) { return p.events + p.mentions; }).concat([1]));
    places.slice().reverse().forEach(function (p) {
      var r = 0.8 + 5 * Math.sqrt((p.events + p.mentions) / max);
      var dot = s("circle", { cx: p.lon + 180, cy: 90 - p.lat, r: r, class: "place", fill: p.events ? colour(p.goldstein, 10) : "#2e90fa", "data-key": p.key },
        s("title", {}, p.name + (p.country ? ", " + p.country : "") + ": " + num(p.events) + " events (Goldstein " + signed(p.goldstein) + "), named " + num(p.mentions) + " times"));
      dot.addEventListener("click", function () { showPlace(p, side); });
      chart.appendChild(dot);
    });
    return chart;
  }
  function showPlace(p, side) {
    api("places/" + p.key).then(function (r) {
      side.textContent = "";
      append(side, [h("h2", {}, r.place.name + (r.place.country ? ", " + r.place.country : "")),
        h("ol", { class: "events" }, r.events.map(function (e) {
          return h("li", {}, h("span", { class: "muted" }, (e.date || "undated") + " "), goldChip(e.goldstein), " ", actorLink(e.source_actor, e.source_name), " ",
            articleLink(e.doc_id, e.event_id, e.trigger), " ", actorLink(e.target_actor, e.target_name));
        }))]);
    });
  }

  views.timeline = function (params) {
    var source = params.get("source") || "", target = params.get("target") || "", by = params.get("by") || "month";
    var query = { source: source, target: target, by: by, since: params.get("since"), until: params.get("until") };
    return Promise.all([api("timeline", query), api("dyads", { limit: 20 })]).then(function (r) {
      var t = r[0];
      var from = h("input", { name: "source", value: source, placeholder: "anyone (e.g. RUS, Putin)" });
      var to = h("input", { name: "target", value: target, placeholder: "anyone (e.g. UKR)" });
      var period = h("select", { name: "by" }, ["day", "week", "month", "year"].map(function (x) { return h("option", { value: x, selected: x === by }, x); }));
      var form = h("form", { class: "filters" }, h("label", {}, "source ", from), h("label", {}, "target ", to), h("label", {}, "by ", period), h("button", { type: "submit" }, "Show"));
      form.addEventListener("submit", function (ev) { ev.preventDefault(); location.hash = route("timeline", { source: from.value, target: to.value, by: period.value }); });
      function named(side) { return t.actors[side] ? t.actors[side].map(function (a) { return a.name; }).join(", ") || "nobody known" : "anyone"; }
      return [h("h1", {}, "Timeline: ", named("source"), " → ", named("target")), form,
        h("div", { class: "dyads" }, r[1].map(function (d) { return h("a", { href: route("timeline", { source: d.source, target: d.target, by: by }), class: "pill" }, (d.source_name || d.source) + " → " + (d.target_name || d.target)); })),
        panel("Events per " + by + " (bars, coloured by mean Goldstein) and mean Goldstein (line, −10…+10)",
          bars(t.periods.map(function (p) { return { label: p.period || "undated", value: p.events, goldstein: p.goldstein, colour: colour(p.goldstein, 10), note: "Goldstein " + signed(p.goldstein) }; }), { line: true, width: 900, height: 220 })),
        panel("Per period", table(["period", "events", "Goldstein", QUADS[1], QUADS[2], QUADS[3], QUADS[4]], t.periods.slice().reverse().map(function (p) {
          return [p.period || "undated", num(p.events), goldChip(p.goldstein), num(p.verbal_cooperation), num(p.material_cooperation), num(p.verbal_conflict), num(p.material_conflict)];
        })))];
    });
  };

  // --- routing -----------------------------------------------------------------------------

  var ROUTES = { "": views.home, search: views.search, article: views.article, actor: views.actor, network: views.network,
    stance: views.stance, claims: views.claims, map: views.map, timeline: views.timeline };

  function show() {
    var hash = location.hash.replace(/^#\/?/, ""), at = hash.indexOf("?");
    var path = at < 0 ? hash : hash.slice(0, at), params = new URLSearchParams(at < 0 ? "" : hash.slice(at + 1));
    var parts = path.split("/").map(function (x) { try { return decodeURIComponent(x); } catch (e) { return x; } });
    var name = parts.shift(), draw = ROUTES[name] || views.home;
    view.setAttribute("data-view", ROUTES[name] ? (name || "home") : "home");
    view.setAttribute("aria-busy", "true");
    view.textContent = "";
    append(view, h("p", { class: "muted" }, "Loading…"));
    draw(params, parts).then(function (out) {
      view.textContent = "";
      append(view, out.nodes || out);
      if (out.after) { out.after(); } else { window.scrollTo(0, 0); }
    }).catch(function (err) {
      view.textContent = "";
      append(view, [h("h1", {}, "Not available"), h("p", { class: "error" }, err.message)]);
    }).then(function () { view.setAttribute("aria-busy", "false"); });
  }

  document.getElementById("find").addEventListener("submit", function (ev) {
    ev.preventDefault();
    location.hash = route("search", { q: document.getElementById("q").value });
  });
  window.addEventListener("hashchange", show);
  show();
})();
