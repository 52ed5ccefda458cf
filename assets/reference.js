// Gobi's API reference: renders the OpenAPI 3.1 document served at
// /api/openapi.json, offline, with no framework and no build step.
//
// Safety: nothing from the document is ever parsed as HTML. Every string
// becomes a text node (see h and prose); links are made only for http(s),
// same-site and #fragment URLs. The page's CSP (no inline script) is a
// second line of defence, not the first.
"use strict";
(function () {
  const SPEC = "/api/openapi.json";
  const METHODS = ["get", "put", "post", "patch", "delete", "head", "options", "trace"];
  const SCHEMA_PREFIX = "#/components/schemas/";
  let doc = {};

  // h builds an element. attrs: class, on<event> handlers, other
  // attributes (null and false are left out); kids: nodes, or anything
  // else as text (null and false skipped, arrays flattened).
  function h(tag, attrs, ...kids) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v == null || v === false) continue;
      if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
      else if (k === "class") el.className = v;
      else el.setAttribute(k, v === true ? "" : String(v));
    }
    add(el, kids);
    return el;
  }
  function add(el, kids) {
    for (const k of kids) {
      if (k == null || k === false) continue;
      if (Array.isArray(k)) add(el, k);
      else el.append(k instanceof Node ? k : String(k));
    }
  }
  const isObj = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
  const str = (v) => (typeof v === "string" ? v : "");

  // ---- Descriptions: text with a small Markdown subset ----

  // prose renders a description: paragraphs split at blank lines, "- "
  // and "1. " lists, ``` code blocks, and inline `code`, **strong**,
  // *em* and [text](url). It returns null for an empty description.
  function prose(src, cls) {
    if (typeof src !== "string" || !src.trim()) return null;
    const box = h("div", { class: "prose" + (cls ? " " + cls : "") });
    let para = [], list = null, code = null;
    const flush = () => {
      if (para.length) box.append(h("p", null, inline(para.join(" "))));
      para = [];
      list = null;
    };
    for (const line of src.replace(/\r\n?/g, "\n").split("\n")) {
      if (code) {
        if (/^\s*```/.test(line)) code = null;
        else code.append((code.textContent ? "\n" : "") + line);
        continue;
      }
      if (/^\s*```/.test(line)) {
        flush();
        code = h("code");
        box.append(h("pre", null, code));
        continue;
      }
      const item = /^\s*(?:[-*+]|(\d+)[.)])\s+(.*)$/.exec(line);
      if (item) {
        if (para.length) flush();
        const tag = item[1] ? "ol" : "ul";
        if (!list || list.tagName.toLowerCase() !== tag) box.append((list = h(tag)));
        list.append(h("li", null, inline(item[2])));
      } else if (!line.trim()) {
        flush();
      } else if (list && /^\s+\S/.test(line)) {
        add(list.lastChild, [" ", inline(line.trim())]);
      } else {
        list = null;
        para.push(line.trim().replace(/^#{1,6}\s+/, ""));
      }
    }
    flush();
    return box;
  }

  const INLINE = /`([^`]+)`|\*\*(.+?)\*\*|\*(\S(?:.*?\S)?)\*|\[([^\]]+)\]\(([^)\s]+)\)/g;
  function inline(s) {
    const out = [];
    let last = 0;
    for (const m of s.matchAll(INLINE)) {
      out.push(s.slice(last, m.index));
      last = m.index + m[0].length;
      if (m[1] != null) out.push(h("code", null, m[1]));
      else if (m[2] != null) out.push(h("strong", null, m[2]));
      else if (m[3] != null) out.push(h("em", null, m[3]));
      else if (safeURL(m[5])) out.push(h("a", { href: m[5], rel: "noopener noreferrer" }, m[4]));
      else out.push(m[0]);
    }
    out.push(s.slice(last));
    return out;
  }
  const safeURL = (u) => typeof u === "string" && /^(https?:\/\/|\/(?![/\\])|#)/i.test(u);

  // ---- References ----

  // pointer resolves a same-document JSON pointer ("#/components/…").
  function pointer(ref) {
    if (typeof ref !== "string" || !ref.startsWith("#/")) return undefined;
    let v = doc;
    for (const raw of ref.slice(2).split("/")) {
      let k = raw;
      try {
        k = decodeURIComponent(raw);
      } catch (e) {
        /* keep it raw */
      }
      k = k.replace(/~1/g, "/").replace(/~0/g, "~");
      if (!isObj(v) && !Array.isArray(v)) return undefined;
      if (!Object.prototype.hasOwnProperty.call(v, k)) return undefined;
      v = v[k];
    }
    return v;
  }
  // deref follows $refs of parameters, bodies, responses and headers.
  function deref(v) {
    for (let i = 0; isObj(v) && typeof v.$ref === "string" && i < 16; i++) v = pointer(v.$ref);
    return isObj(v) ? v : {};
  }
  const refName = (ref) => ref.slice(ref.lastIndexOf("/") + 1);
  const schemaLink = (ref) =>
    ref.startsWith(SCHEMA_PREFIX) && h("a", { class: "ref", href: "#schema-" + ref.slice(SCHEMA_PREFIX.length), title: "Schema " + refName(ref) }, "↗");

  // resolve merges a schema's $ref target under its siblings (3.1 allows
  // description, deprecated… beside $ref). seen holds the refs on the
  // path from the root: meeting one again is a cycle, not expanded.
  function resolve(schema, seen) {
    if (!isObj(schema) || typeof schema.$ref !== "string") return { s: isObj(schema) ? schema : {}, any: schema !== false, seen };
    const ref = schema.$ref;
    const target = pointer(ref);
    const rest = Object.assign({}, schema);
    delete rest.$ref;
    return {
      s: Object.assign({}, isObj(target) ? target : {}, rest),
      ref,
      missing: !isObj(target),
      cyclic: seen.includes(ref),
      seen: seen.concat(ref),
    };
  }

  // ---- Schemas ----

  const typesOf = (s) => (Array.isArray(s.type) ? s.type : typeof s.type === "string" ? [s.type] : []);
  const nullable = (s) => s.nullable === true || typesOf(s).includes("null");

  // typeLabel summarises a schema in a line: "string<date-time>",
  // "array of Filter", "integer | string", "one of 5".
  function typeLabel(s, depth) {
    if (s === true || s == null) return "any";
    if (s === false) return "nothing";
    if (typeof s.$ref === "string") return refName(s.$ref);
    if ((depth || 0) > 4) return "…";
    const types = typesOf(s).filter((t) => t !== "null");
    const fmt = typeof s.format === "string" ? "<" + s.format + ">" : "";
    const arrayOf = (items) => {
      const l = typeLabel(items, (depth || 0) + 1);
      return "array of " + (/ /.test(l) ? "(" + l + ")" : l);
    };
    const parts = types.map((t) => (t === "array" ? arrayOf(s.items) : t + fmt));
    if (!parts.length) {
      if (Array.isArray(s.oneOf)) parts.push("one of " + s.oneOf.length);
      else if (Array.isArray(s.anyOf)) parts.push("any of " + s.anyOf.length);
      else if (Array.isArray(s.allOf)) parts.push(s.allOf.length === 1 ? typeLabel(s.allOf[0], (depth || 0) + 1) : "all of " + s.allOf.length);
      else if (s.const !== undefined) parts.push("const");
      else if (s.properties) parts.push("object");
      else if (s.items) parts.push(arrayOf(s.items));
      else parts.push(typesOf(s).includes("null") ? "null" : "any");
    }
    return parts.join(" | ");
  }

  const json = (v) => {
    const t = typeof v === "string" ? v : JSON.stringify(v);
    return t && t.length > 120 ? t.slice(0, 117) + "…" : String(t);
  };
  const literal = (v) => h("code", { class: "lit" }, typeof v === "string" ? v : json(v));

  // facts are a schema's constraints, as short chips.
  function facts(s) {
    const out = [];
    const chip = (...kids) => out.push(h("span", { class: "chip" }, kids));
    const range = (what, lo, hi) => {
      if (lo != null && hi != null) chip(what, " ", lo, "–", hi);
      else if (lo != null) chip(what, " ≥ ", lo);
      else if (hi != null) chip(what, " ≤ ", hi);
    };
    const num = (v) => (typeof v === "number" ? v : null);
    // 3.0 exclusiveMinimum is a flag on minimum; 3.1 is a number.
    if (num(s.minimum) != null) chip(s.exclusiveMinimum === true ? "> " : "≥ ", s.minimum);
    if (num(s.exclusiveMinimum) != null) chip("> ", s.exclusiveMinimum);
    if (num(s.maximum) != null) chip(s.exclusiveMaximum === true ? "< " : "≤ ", s.maximum);
    if (num(s.exclusiveMaximum) != null) chip("< ", s.exclusiveMaximum);
    if (num(s.multipleOf) != null) chip("multiple of ", s.multipleOf);
    range("length", num(s.minLength), num(s.maxLength));
    range("items", num(s.minItems), num(s.maxItems));
    range("properties", num(s.minProperties), num(s.maxProperties));
    if (s.uniqueItems === true) chip("unique items");
    if (typeof s.pattern === "string") chip("pattern ", h("code", null, "/" + s.pattern + "/"));
    if (Array.isArray(s.enum)) chip("one of ", s.enum.map((v, i) => [i ? " " : "", literal(v)]));
    if (s.const !== undefined) chip("equals ", literal(s.const));
    if (s.default !== undefined) chip("default ", literal(s.default));
    const examples = Array.isArray(s.examples) ? s.examples : s.example !== undefined ? [s.example] : [];
    if (examples.length) chip(examples.length > 1 ? "examples " : "example ", examples.slice(0, 3).map((v, i) => [i ? " " : "", literal(v)]));
    if (typeof s.contentMediaType === "string") chip("content ", s.contentMediaType);
    if (typeof s.contentEncoding === "string") chip("encoding ", s.contentEncoding);
    // An array's own row shows what its items must be.
    if (isObj(s.items) && s.items.$ref === undefined) {
      const inner = facts(s.items);
      if (inner.length) out.push(h("span", { class: "chip sub" }, "items: ", inner));
    }
    return out;
  }

  function flags(s, required) {
    return [
      required && h("span", { class: "flag req" }, "required"),
      nullable(s) && typesOf(s).some((t) => t !== "null") && h("span", { class: "flag" }, "nullable"),
      s.readOnly === true && h("span", { class: "flag" }, "read-only"),
      s.writeOnly === true && h("span", { class: "flag" }, "write-only"),
      s.deprecated === true && h("span", { class: "flag dep" }, "deprecated"),
    ];
  }

  const nonEmpty = (v) => isObj(v) && Object.keys(v).length > 0;
  // expandable says whether a (resolved) schema has parts to list.
  function expandable(s, seen) {
    if (nonEmpty(s.properties) || nonEmpty(s.patternProperties) || nonEmpty(s.additionalProperties)) return true;
    if (["oneOf", "anyOf", "allOf", "prefixItems"].some((k) => Array.isArray(s[k]) && s[k].length)) return true;
    if (isObj(s.items)) {
      const r = resolve(s.items, seen);
      return !r.cyclic && expandable(r.s, r.seen);
    }
    return false;
  }

  // node renders one schema as a row (name, type, flags, description,
  // constraints) with its parts below. Parts are built on first expand,
  // so a deep or cyclic document costs only what is opened.
  function node(name, schema, opt) {
    opt = opt || {};
    const r = resolve(schema, opt.seen || []);
    const s = r.s;
    const own = typeLabel(Object.assign({}, s, { $ref: undefined }));
    const label = [
      name != null && h("code", { class: "prop" + (s.deprecated === true ? " deprecated" : "") }, name),
      h("span", { class: "type" }, r.ref && !opt.root ? refName(r.ref) + (own === "object" ? "" : " · " + own) : own),
    ];
    // An array of a schema on the path (Filter.and: Filter[]) is a cycle too.
    const items = isObj(s.items) && !r.cyclic ? resolve(s.items, r.seen) : {};
    const more = [
      flags(s, opt.required),
      (r.cyclic || items.cyclic) && h("span", { class: "flag" }, "recursive"),
      r.missing && h("span", { class: "flag dep" }, "unresolved " + r.ref),
      r.ref && !opt.root && schemaLink(r.ref),
      items.ref && !r.ref && schemaLink(items.ref),
    ];
    const el = h("div", { class: "node" });
    const kids = !r.cyclic && !r.missing && expandable(s, r.seen);
    const body = h("div", { class: "kids", hidden: true });
    let built = false;
    const set = (open) => {
      if (open && !built) {
        built = true;
        add(body, parts(s, r.seen));
      }
      body.hidden = !open;
      btn.setAttribute("aria-expanded", String(open));
    };
    const btn = kids
      ? h("button", { type: "button", class: "toggle", "aria-expanded": "false", onclick: () => set(btn.getAttribute("aria-expanded") !== "true") }, h("span", { class: "chev", "aria-hidden": "true" }), label)
      : h("span", { class: "toggle leaf" }, h("span", { class: "chev", "aria-hidden": "true" }), label);
    add(el, [h("div", { class: "row" }, btn, more), prose(s.description, "desc")]);
    const f = facts(s);
    if (f.length) el.append(h("div", { class: "facts" }, f));
    if (kids) {
      el.append(body);
      if (opt.open) set(true);
    }
    return el;
  }

  // parts lists what a schema is made of: variants, properties, items.
  function parts(s, seen) {
    const out = [];
    for (const [k, word] of [["allOf", "All of"], ["oneOf", "One of"], ["anyOf", "Any of"]]) {
      if (!Array.isArray(s[k])) continue;
      out.push(h("div", { class: "combo" }, word + ":"));
      s[k].forEach((v, i) => out.push(node(k === "allOf" ? "" + (i + 1) : "option " + (i + 1), v, { seen })));
    }
    if (Array.isArray(s.prefixItems)) s.prefixItems.forEach((v, i) => out.push(node("[" + i + "]", v, { seen })));
    if (isObj(s.items)) {
      const r = resolve(s.items, seen);
      if (!r.cyclic) out.push(r.s.description && r.ref ? prose(r.s.description, "desc") : null, ...parts(r.s, r.seen));
    }
    const req = Array.isArray(s.required) ? s.required : [];
    for (const [k, v] of Object.entries(isObj(s.properties) ? s.properties : {})) out.push(node(k, v, { seen, required: req.includes(k) }));
    for (const [k, v] of Object.entries(isObj(s.patternProperties) ? s.patternProperties : {})) out.push(node("/" + k + "/", v, { seen }));
    const ap = s.additionalProperties;
    if (isObj(ap) && Object.keys(ap).length) out.push(node("[key: string]", ap, { seen }));
    else if (ap === true || (isObj(ap) && s.properties)) out.push(h("div", { class: "note" }, "Other properties are allowed."));
    else if (ap === false) out.push(h("div", { class: "note" }, "No other properties are allowed."));
    return out;
  }

  // ---- Operations ----

  function operations() {
    const ops = [];
    const used = new Set();
    const collect = (items, webhook) => {
      for (const [path, raw] of Object.entries(isObj(items) ? items : {})) {
        const item = deref(raw);
        for (const method of METHODS) {
          if (!isObj(item[method])) continue;
          const op = item[method];
          let id = "operation-" + (str(op.operationId) || (method + path).replace(/[^A-Za-z0-9_-]+/g, "-"));
          for (let n = 2; used.has(id); n++) id = id.replace(/-\d+$/, "") + "-" + n;
          used.add(id);
          const tags = Array.isArray(op.tags) && op.tags.length ? op.tags.map(String) : [webhook ? "Webhooks" : "Other"];
          ops.push({ id, method, path, op, item, tags, webhook });
        }
      }
    };
    collect(doc.paths, false);
    collect(doc.webhooks, true);
    return ops;
  }

  // tagList is the document's tags in its order, then any others used.
  function tagList(ops) {
    const tags = new Map();
    for (const t of Array.isArray(doc.tags) ? doc.tags : []) if (isObj(t) && typeof t.name === "string") tags.set(t.name, { name: t.name, description: t.description, ops: [] });
    for (const o of ops) for (const t of o.tags) {
      if (!tags.has(t)) tags.set(t, { name: t, ops: [] });
      tags.get(t).ops.push(o);
    }
    return [...tags.values()].filter((t) => t.ops.length);
  }

  const badge = (method) => h("span", { class: "method " + method }, method.toUpperCase());
  const pathEl = (p) => h("code", { class: "path" }, p.split(/(\{[^}]*\})/).map((seg) => (seg.startsWith("{") ? h("span", { class: "param" }, seg) : seg)));
  const slug = (s) => s.replace(/[^A-Za-z0-9_-]+/g, "-");

  // security shows who may call: alternatives joined by "or", schemes
  // needed together by "+"; an empty requirement means anyone.
  function security(op) {
    const reqs = Array.isArray(op.security) ? op.security : Array.isArray(doc.security) ? doc.security : null;
    if (!reqs) return null;
    if (!reqs.length || reqs.some((r) => isObj(r) && !Object.keys(r).length)) return [h("span", { class: "flag" }, "none"), " anyone may call this"];
    const out = [];
    reqs.forEach((r, i) => {
      if (i) out.push(h("span", { class: "or" }, " or "));
      Object.entries(isObj(r) ? r : {}).forEach(([name, scopes], j) => {
        if (j) out.push(h("span", { class: "and" }, " + "));
        out.push(h("a", { class: "scheme", href: "#auth-" + slug(name) }, name));
        if (Array.isArray(scopes) && scopes.length) out.push(" (", scopes.join(", "), ")");
      });
    });
    return out;
  }

  function parameters(o) {
    const byKey = new Map();
    for (const list of [o.item.parameters, o.op.parameters]) for (const raw of Array.isArray(list) ? list : []) {
      const p = deref(raw);
      if (typeof p.name === "string") byKey.set(p.in + ":" + p.name, p);
    }
    if (!byKey.size) return null;
    const rows = [...byKey.values()].map((p) => {
      let schema = p.schema;
      if (!schema && isObj(p.content)) schema = (deref(Object.values(p.content)[0]) || {}).schema;
      const r = resolve(schema, []);
      const s = Object.assign({}, r.s, p.example !== undefined ? { example: p.example } : null);
      const tree = expandable(r.s, r.seen) ? node(null, schema, {}) : null;
      return h("tr", null,
        h("td", null, h("code", { class: "prop" + (p.deprecated ? " deprecated" : "") }, p.name), p.deprecated && h("span", { class: "flag dep" }, "deprecated")),
        h("td", null, str(p.in)),
        h("td", null, h("span", { class: "type" }, typeLabel(schema)), nullable(r.s) && h("span", { class: "flag" }, "nullable")),
        h("td", null, p.required ? h("span", { class: "flag req" }, "required") : h("span", { class: "muted" }, "optional")),
        h("td", null, prose(p.description || r.s.description), h("div", { class: "facts" }, facts(s)), tree));
    });
    return [h("h4", null, "Parameters"), h("div", { class: "table-wrap" }, h("table", { class: "params" },
      h("thead", null, h("tr", null, ["Name", "In", "Type", "Required", "Description"].map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", null, rows)))];
  }

  function content(c, open) {
    return Object.entries(isObj(c) ? c : {}).map(([type, raw]) => {
      const m = deref(raw);
      return h("div", { class: "media" }, h("div", { class: "ctype" }, h("code", null, type)), m.schema !== undefined ? node(null, m.schema, { open }) : null);
    });
  }

  function requestBody(o) {
    if (o.op.requestBody === undefined) return null;
    const b = deref(o.op.requestBody);
    return [h("h4", null, "Request body", b.required ? h("span", { class: "flag req" }, "required") : null), prose(b.description), content(b.content, true)];
  }

  function responses(o) {
    const all = Object.entries(isObj(o.op.responses) ? o.op.responses : {});
    if (!all.length) return null;
    all.sort(([a], [b]) => (a === "default") - (b === "default") || a.localeCompare(b));
    return [h("h4", null, "Responses"), all.map(([code, raw]) => {
      const r = deref(raw);
      const cls = "scode s" + (/^[1-5]/.test(code) ? code[0] : "d");
      const headers = Object.entries(isObj(r.headers) ? r.headers : {}).map(([name, hraw]) => {
        const hd = deref(hraw);
        return h("li", null, h("code", { class: "prop" }, name), " ", h("span", { class: "type" }, typeLabel(hd.schema)), prose(hd.description || (isObj(hd.schema) && hd.schema.description)));
      });
      return h("div", { class: "response" },
        h("div", { class: "response-head" }, h("span", { class: cls }, code), prose(r.description, "inline")),
        headers.length ? h("div", { class: "headers" }, h("span", { class: "muted" }, "Headers"), h("ul", null, headers)) : null,
        content(r.content, code[0] === "2"));
    })];
  }

  function operation(o) {
    const op = o.op;
    const sec = security(op);
    return h("section", { class: "op", id: o.id, tabindex: "-1", "aria-labelledby": o.id + "-title" },
      h("div", { class: "op-head" }, badge(o.method), pathEl(o.path),
        op.deprecated === true && h("span", { class: "flag dep" }, "deprecated"),
        h("a", { class: "anchor", href: "#" + o.id, "aria-label": "Link to this operation" }, "#")),
      h("h3", { id: o.id + "-title" }, str(op.summary) || o.method.toUpperCase() + " " + o.path),
      prose(op.description),
      h("dl", { class: "meta" },
        sec && [h("dt", null, "Authentication"), h("dd", null, sec)],
        typeof op.operationId === "string" && [h("dt", null, "Operation id"), h("dd", null, h("code", null, op.operationId))]),
      parameters(o), requestBody(o), responses(o));
  }

  // ---- Page sections ----

  function intro() {
    const info = isObj(doc.info) ? doc.info : {};
    const servers = (Array.isArray(doc.servers) ? doc.servers : []).filter(isObj);
    const lic = isObj(info.license) ? info.license : null;
    const contact = isObj(info.contact) ? info.contact : null;
    return h("section", { id: "intro", class: "intro" },
      h("h1", null, str(info.title) || "API reference"),
      h("p", { class: "muted" }, "Version ", h("code", null, str(info.version) || "?"), " · OpenAPI ", h("code", null, str(doc.openapi) || "?")),
      str(info.summary) && h("p", { class: "lead" }, info.summary),
      prose(info.description),
      servers.length > 0 && [h("h4", null, "Servers"), h("ul", { class: "servers" }, servers.map((s) => h("li", null, h("code", null, str(s.url)), s.description ? [" — ", str(s.description)] : null)))],
      (lic || contact) && h("p", { class: "muted" },
        lic && ["License: ", safeURL(lic.url) ? h("a", { href: lic.url, rel: "noopener noreferrer" }, str(lic.name)) : str(lic.name || lic.identifier)],
        lic && contact && " · ",
        contact && ["Contact: ", str(contact.name), contact.email ? [" <", str(contact.email), ">"] : null, safeURL(contact.url) ? [" ", h("a", { href: contact.url, rel: "noopener noreferrer" }, contact.url)] : null]));
  }

  function schemeText(s) {
    const type = str(s.type);
    if (type === "http") {
      const scheme = str(s.scheme).toLowerCase();
      if (scheme === "bearer") return ["HTTP bearer token", s.bearerFormat ? [" (", str(s.bearerFormat), ")"] : null, ": send ", h("code", null, "Authorization: Bearer <token>")];
      if (scheme === "basic") return ["HTTP basic: send ", h("code", null, "Authorization: Basic <base64(user:password)>")];
      return ["HTTP ", h("code", null, scheme || "?"), " authentication"];
    }
    if (type === "apiKey") {
      const where = { header: "header", query: "query parameter", cookie: "cookie" }[s.in] || str(s.in);
      return ["API key in the ", where, " ", h("code", null, str(s.name))];
    }
    if (type === "oauth2") {
      return ["OAuth 2.0: ", Object.entries(isObj(s.flows) ? s.flows : {}).map(([flow, f], i) => [i ? "; " : "", flow, " flow",
        isObj(f) && f.authorizationUrl ? [", authorize at ", h("code", null, str(f.authorizationUrl))] : null,
        isObj(f) && f.tokenUrl ? [", token at ", h("code", null, str(f.tokenUrl))] : null,
        isObj(f) && isObj(f.scopes) && Object.keys(f.scopes).length ? [", scopes ", Object.keys(f.scopes).join(", ")] : null])];
    }
    if (type === "openIdConnect") return ["OpenID Connect, discovery at ", h("code", null, str(s.openIdConnectUrl))];
    if (type === "mutualTLS") return ["Mutual TLS: a client certificate"];
    return [type || "unknown scheme"];
  }

  function authentication() {
    const schemes = isObj(doc.components) && isObj(doc.components.securitySchemes) ? doc.components.securitySchemes : {};
    const names = Object.keys(schemes);
    if (!names.length) return null;
    const def = security({});
    return h("section", { id: "authentication", class: "block" },
      h("h2", null, "Authentication"),
      def && h("p", null, "Unless an operation says otherwise, it needs: ", def, "."),
      names.map((name) => {
        const s = deref(schemes[name]);
        return h("div", { class: "scheme-box", id: "auth-" + slug(name) },
          h("h3", null, h("code", null, name)), h("p", null, schemeText(s)), prose(s.description));
      }));
  }

  function schemas() {
    const all = isObj(doc.components) && isObj(doc.components.schemas) ? doc.components.schemas : {};
    const names = Object.keys(all).sort((a, b) => a.localeCompare(b));
    if (!names.length) return null;
    return h("section", { id: "schemas", class: "block" },
      h("h2", null, "Schemas"),
      names.map((name) => h("div", { class: "schema", id: "schema-" + name, tabindex: "-1" },
        h("h3", null, name), node(null, { $ref: SCHEMA_PREFIX + name.replace(/~/g, "~0").replace(/\//g, "~1") }, { root: true }))));
  }

  function toc(tags) {
    const link = (href, text) => h("li", null, h("a", { href, class: "plain" }, text));
    const items = [h("ul", { class: "toc-top" }, link("#intro", "Introduction"),
      doc.components && doc.components.securitySchemes && link("#authentication", "Authentication"),
      doc.components && doc.components.schemas && link("#schemas", "Schemas"))];
    for (const t of tags) {
      items.push(h("div", { class: "toc-tag" }, h("h2", null, t.name), h("ul", null, t.ops.map((o) =>
        h("li", { "data-search": [o.method, o.path, o.op.summary, o.op.operationId].map(str).join(" ").toLowerCase() },
          h("a", { href: "#" + o.id, class: o.op.deprecated === true ? "deprecated" : null },
            badge(o.method), h("span", { class: "toc-text" }, h("span", { class: "toc-path" }, o.path), str(o.op.summary) && h("span", { class: "toc-sum" }, o.op.summary))))))));
    }
    return items;
  }

  // ---- Navigation ----

  function target() {
    let id = location.hash.slice(1);
    try {
      id = decodeURIComponent(id);
    } catch (e) {
      /* keep it raw */
    }
    return id ? document.getElementById(id) : null;
  }

  // follow scrolls to the hash's element, highlights it, and marks its
  // sidebar entry.
  function follow() {
    const el = target();
    for (const old of document.querySelectorAll(".highlight")) old.classList.remove("highlight");
    for (const old of document.querySelectorAll("#toc [aria-current]")) old.removeAttribute("aria-current");
    if (!el) return;
    el.scrollIntoView({ block: "start" });
    el.classList.add("highlight");
    const toggle = el.classList.contains("schema") && el.querySelector(".toggle[aria-expanded=false]");
    if (toggle) toggle.click();
    if (el.hasAttribute("tabindex")) el.focus({ preventScroll: true });
    for (const a of document.querySelectorAll("#toc a")) if (a.getAttribute("href") === "#" + el.id) a.setAttribute("aria-current", "location");
  }

  function filter() {
    const words = document.getElementById("search").value.toLowerCase().split(/\s+/).filter(Boolean);
    let any = false;
    for (const group of document.querySelectorAll("#toc .toc-tag")) {
      let shown = 0;
      for (const li of group.querySelectorAll("li")) {
        const ok = words.every((w) => li.dataset.search.includes(w));
        li.hidden = !ok;
        shown += ok ? 1 : 0;
      }
      group.hidden = shown === 0;
      any = any || shown > 0;
    }
    document.getElementById("no-match").hidden = any;
  }

  function keys() {
    const search = document.getElementById("search");
    search.addEventListener("input", filter);
    search.addEventListener("keydown", (e) => {
      if (e.key === "Escape") {
        search.value = "";
        filter();
      } else if (e.key === "Enter") {
        const first = document.querySelector("#toc .toc-tag li:not([hidden]) a");
        if (first) {
          e.preventDefault();
          location.hash = first.getAttribute("href");
          follow();
        }
      }
    });
    document.addEventListener("keydown", (e) => {
      const t = e.target;
      if (e.key === "/" && !e.ctrlKey && !e.metaKey && !e.altKey && !(t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || (t && t.isContentEditable))) {
        e.preventDefault();
        search.focus();
        search.select();
      }
    });
    window.addEventListener("hashchange", follow);
  }

  // ---- Start ----

  function fail(msg) {
    const s = document.getElementById("status");
    s.className = "status error";
    s.setAttribute("role", "alert");
    s.textContent = msg;
    document.body.dataset.ready = "error";
  }

  function render(d) {
    if (!isObj(d) || (!isObj(d.paths) && !isObj(d.webhooks))) throw new Error("it is not an OpenAPI document");
    doc = d;
    const info = isObj(d.info) ? d.info : {};
    document.title = (str(info.title) || "API") + " reference";
    document.getElementById("version").textContent = str(info.version) && "v" + info.version;
    const ops = operations();
    const tags = tagList(ops);
    const main = document.getElementById("content");
    const done = new Set();
    main.replaceChildren(intro(), authentication(), ...tags.map((t) => {
      const mine = t.ops.filter((o) => !done.has(o.id));
      mine.forEach((o) => done.add(o.id));
      return mine.length && h("section", { class: "block tag", id: "tag-" + slug(t.name) }, h("h2", null, t.name), prose(t.description), mine.map(operation));
    }).filter(Boolean), schemas() || []);
    document.getElementById("toc").replaceChildren(...toc(tags));
    keys();
    filter();
    follow();
    document.body.dataset.ready = "1";
  }

  fetch(SPEC, { headers: { Accept: "application/json" }, credentials: "same-origin" })
    .then((res) => {
      if (!res.ok) throw new Error("HTTP " + res.status + (res.statusText ? " " + res.statusText : ""));
      return res.json();
    })
    .then(render)
    .catch((err) => fail("Could not show the API reference: " + SPEC + ": " + (err && err.message ? err.message : err)));
})();
