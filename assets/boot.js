// Starts Gobi's WebAssembly client. Kept out of index.html because the
// Content-Security-Policy allows no inline script.
"use strict";
(function () {
  // The theme picked in the header (wasm/theme.go), applied before the
  // module loads so the page does not flash light.
  try {
    const th = localStorage.getItem("gobi.theme");
    if (th === "light" || th === "dark") document.documentElement.setAttribute("data-theme", th);
  } catch (e) { /* storage blocked: follow the system */ }
  // Marks the first chart painted (any element getting data-ready="1"),
  // and each chart drawn in the first 10 s ("gobi-chart", its id as the
  // detail), for bench/client and anyone profiling the page.
  let first = true;
  const mo = new MutationObserver(function (records) {
    for (const r of records) {
      if (r.target.getAttribute && r.target.getAttribute("data-ready") === "1") {
        if (first) performance.mark("gobi-first-chart");
        first = false;
        performance.mark("gobi-chart", { detail: r.target.id });
      }
    }
  });
  mo.observe(document.documentElement, { subtree: true, attributes: true, attributeFilter: ["data-ready"] });
  setTimeout(function () { mo.disconnect(); }, 10000);

  // gobiPrefetch holds the answers boot.js asked for while the module
  // downloads and compiles: the dashboard in the address and its tiles'
  // data. The client (wasm/fetch.go) takes an answer instead of sending
  // the same GET again: each once, with the same Authorization header,
  // and not after 15 s (the data may have changed).
  const held = new Map();
  const keep = 15000;
  window.gobiPrefetch = {
    take: function (url, auth) {
      const k = auth + " " + url;
      const e = held.get(k);
      if (!e) return null;
      held.delete(k);
      return performance.now() - e.at <= keep ? e.res : null;
    }
  };
  // hold fetches url and keeps the answer for the client. With next, the
  // answer is handed over only once next(response) has run: the tiles'
  // requests are then held before the client can ask for them itself.
  function hold(url, auth, next) {
    const k = auth + " " + url;
    performance.mark("gobi-prefetch", { detail: url });
    let res = fetch(url, { headers: { "Accept": "application/json", "Authorization": auth }, credentials: "omit" });
    if (next) {
      res = res.then(function (r) {
        const done = function () { return r; };
        return Promise.resolve(r.ok ? next(r) : null).then(done, done);
      });
    }
    res.catch(function () { /* the client asks again */ });
    held.set(k, { at: performance.now(), res: res });
    setTimeout(function () { held.delete(k); }, keep);
    return res;
  }
  // goQuery escapes a query value as Go's url.QueryEscape does, so the
  // URL is the one the client builds.
  function goQuery(s) {
    return encodeURIComponent(s).replace(/[!'()*]/g, function (c) {
      return "%" + c.charCodeAt(0).toString(16).toUpperCase();
    }).replace(/%20/g, "+");
  }
  // goJSON writes a value as Go's encoding/json does: object keys sorted,
  // <, > and & escaped.
  function goJSON(v) {
    if (Array.isArray(v)) return "[" + v.map(goJSON).join(",") + "]";
    if (v && typeof v === "object") {
      return "{" + Object.keys(v).sort().map(function (k) { return goJSON(k) + ":" + goJSON(v[k]); }).join(",") + "}";
    }
    return JSON.stringify(v).replace(/[<>&\u2028\u2029]/g, function (c) {
      return "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0");
    });
  }
  // tiles asks for each tile's data as drawDashboard (wasm/dashboard.go)
  // will: the parameters' defaults, overridden by locked ones.
  function tiles(d, locked, path, auth) {
    const values = {};
    let n = 0;
    for (const p of d.params || []) {
      if (p.default !== undefined && p.default !== null) { values[p.name] = p.default; n++; }
    }
    for (const k in locked || {}) { values[k] = locked[k]; n++; }
    let q = "?dashboard=1";
    if (n > 0) q += "&params=" + goQuery(goJSON(values));
    for (const t of d.tiles || []) hold(path.replace("%d", t.chart_id) + q, auth);
  }
  function prefetch() {
    try {
      const meta = document.querySelector('meta[name="gobi-embed"]');
      if (meta) {
        const auth = "Embed " + meta.getAttribute("content");
        hold("/api/embed/view", auth, function (r) {
          return r.clone().json().then(function (v) {
            if (v && v.dashboard) tiles(v.dashboard, v.params, "/api/embed/charts/%d/data", auth);
            else if (v && v.chart) hold("/api/embed/charts/" + v.chart.id + "/data", auth);
          });
        });
        return;
      }
      const m = /^#\/dashboards\/(\d+)$/.exec(location.hash);
      const token = localStorage.getItem("gobi.token");
      if (!m || !token) return;
      const auth = "Bearer " + token;
      hold("/api/dashboards/" + m[1], auth, function (r) {
        return r.clone().json().then(function (d) {
          if (d) tiles(d, null, "/api/charts/%d/data", auth);
        });
      });
    } catch (e) { /* storage blocked: the client fetches everything itself */ }
  }

  function fail(msg) {
    const l = document.getElementById("loading");
    if (l) {
      l.className = "loading failed";
      l.textContent = msg;
    }
  }
  if (typeof WebAssembly !== "object" || typeof Go !== "function") {
    fail("This browser cannot run Gobi's web client (WebAssembly is missing).");
    return;
  }
  const go = new Go();
  performance.mark("gobi-wasm-fetch");
  // The module's URL carries its content hash (the server writes it into
  // the preload link), so a cached copy is used without asking again.
  const link = document.querySelector('link[rel="preload"][as="fetch"]');
  const wasmURL = (link && link.getAttribute("href")) || "/assets/app.wasm";
  const module = fetch(wasmURL);
  prefetch();
  WebAssembly.instantiateStreaming(module, go.importObject)
    .then(function (r) {
      performance.mark("gobi-wasm-ready");
      return go.run(r.instance);
    })
    .catch(function (e) {
      fail("Gobi's web client could not start: " + e + ". If you built from source, run `make build`.");
    });
})();
