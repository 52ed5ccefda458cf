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
  // for bench/client and anyone profiling the page.
  const mo = new MutationObserver(function (records) {
    for (const r of records) {
      if (r.target.getAttribute && r.target.getAttribute("data-ready") === "1") {
        performance.mark("gobi-first-chart");
        mo.disconnect();
        return;
      }
    }
  });
  mo.observe(document.documentElement, { subtree: true, attributes: true, attributeFilter: ["data-ready"] });

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
  WebAssembly.instantiateStreaming(fetch("/assets/app.wasm"), go.importObject)
    .then(function (r) {
      performance.mark("gobi-wasm-ready");
      return go.run(r.instance);
    })
    .catch(function (e) {
      fail("Gobi's web client could not start: " + e + ". If you built from source, run `make build`.");
    });
})();
