/* Den sociale vejviser: the search as a widget for partner sites.
 *
 *   <div data-vejviser data-categories="varmestue" data-open-now="true" data-max="5"></div>
 *   <script src="https://OUR-HOST/widget.js" async></script>
 *
 * Attributes: data-categories, data-target-groups (comma-separated codes, see /api/v1/taxonomies;
 * like the search's filters, every code given must hold),
 * data-open-now (true by default), data-postcode, data-lang (da|en), data-max (1-20),
 * data-accent (a colour; or set --vejviser-accent in the host's CSS), data-layout (compact|full),
 * data-target (_blank: links open a new tab; the iframe variant uses it).
 *
 * Everything renders inside a Shadow DOM with a constructable stylesheet (no inline <style>, so a
 * strict host CSP works), so the host's CSS does not reach in and ours does not leak out.
 * No cookies, no storage, nothing loaded from anyone else; the only request is the search
 * (credentials omitted, no referrer).
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var ORIGIN = script ? new URL(script.src, location.href).origin : location.origin;
  var TEXT = {
    da: {label: "Søg i Den sociale vejviser", search: "Søg", openNow: "Kun åbne nu",
         found: function (n) { return n === 1 ? "1 tilbud fundet" : n + " tilbud fundet"; },
         none: "Ingen tilbud passer. Prøv at søge bredere.",
         noneOpen: "Ingen tilbud passer. Prøv at fjerne »Kun åbne nu« eller søg bredere.",
         error: "Søgningen kan ikke nås lige nu. Prøv igen om lidt.", loading: "Søger …",
         open: "Åben", closed: "Lukket", unknown: "Åbningstid ukendt", more: "Se alle resultater",
         exit: "Forlad siden hurtigt", by: "Fra Den sociale vejviser, Odense",
         results: "Resultater"},
    en: {label: "Search Den sociale vejviser", search: "Search", openNow: "Open now only",
         found: function (n) { return n === 1 ? "1 offer found" : n + " offers found"; },
         none: "No offers match. Try searching more broadly.",
         noneOpen: "No offers match. Try removing \"Open now only\" or search more broadly.",
         error: "The search cannot be reached right now. Please try again shortly.",
         loading: "Searching …", open: "Open", closed: "Closed", unknown: "Hours unknown",
         more: "See all results", exit: "Leave this page quickly",
         by: "From Den sociale vejviser, Odense", results: "Results"}
  };
  var STYLES = [
    ":host{display:block}",
    ".vv{all:initial;display:block;box-sizing:border-box;font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;",
    "color:#1a1a1a;background:#fff;border:1px solid #c8c8c8;border-radius:.5rem;padding:1rem;text-align:left;",
    "--accent:var(--vejviser-accent,#00466e)}",
    ".vv *,.vv *::before,.vv *::after{box-sizing:border-box}",
    "form{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-end;margin:0}",
    ".field{display:flex;flex-direction:column;flex:1 1 12rem;gap:.25rem}",
    "label{font-weight:600;color:#1a1a1a}",
    "input[type=search]{font:inherit;padding:.5rem;border:2px solid #4a4a4a;border-radius:.35rem;width:100%;color:#1a1a1a;background:#fff}",
    "button{font:inherit;padding:.55rem 1rem;border:2px solid var(--accent);border-radius:.35rem;background:var(--accent);color:#fff;cursor:pointer}",
    ".check{display:flex;align-items:center;gap:.4rem;flex-basis:100%;font-weight:400}",
    "input[type=checkbox]{width:1.25rem;height:1.25rem;margin:0;accent-color:var(--accent)}",
    ":focus-visible{outline:3px solid #ffbf47;outline-offset:2px}",
    ".status{margin:.75rem 0 .25rem;font-weight:600}",
    "ul{list-style:none;margin:0;padding:0;display:grid;gap:.75rem}",
    "li{border-top:1px solid #c8c8c8;padding-top:.75rem}",
    "h3{font-size:1.05rem;margin:0 0 .25rem;line-height:1.3}",
    "a{color:#0b4fa0;text-underline-offset:.15em}",
    "p{margin:.25rem 0}",
    ".state,.free{font-weight:600}.open{color:#0b6b2e}.closed{color:#9b1c1c}.muted{color:#4a4a4a;font-size:.9rem}",
    ".places{margin:.25rem 0 0;padding:0;display:block}.places span{display:block;font-size:.9rem}",
    ".exit{display:inline-block;margin-top:.4rem;background:#8a1010;color:#fff;font-weight:700;padding:.35rem .8rem;border-radius:.35rem;text-decoration:none}",
    ".foot{margin-top:.75rem;font-size:.9rem;color:#4a4a4a}",
    ".compact .summary,.compact .places{display:none}"
  ].join("");

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") node.textContent = attrs[key];
      else if (attrs[key] !== null && attrs[key] !== undefined) node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  function codes(value) {
    return (value || "").split(",").map(function (c) { return c.trim().toLowerCase(); })
      .filter(function (c) { return /^[a-z0-9][a-z0-9-]{0,63}$/.test(c); });
  }

  function sheetFor(accent) {
    var css = STYLES;
    if (accent && window.CSS && window.CSS.supports && window.CSS.supports("color", accent) &&
        !/[;{}]/.test(accent)) {
      css += ".vv{--accent:" + accent + "}";
    }
    if ("adoptedStyleSheets" in Document.prototype && "replaceSync" in CSSStyleSheet.prototype) {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      return {sheet: sheet};
    }
    return {style: el("style", {text: css})};  /* older browsers: an element in our shadow root */
  }

  var counter = 0;

  function mount(host) {
    if (host.shadowRoot || host.hasAttribute("data-vejviser-ready")) return;
    host.setAttribute("data-vejviser-ready", "");
    var data = host.dataset;
    var lang = data.lang === "en" ? "en" : "da";
    var t = TEXT[lang];
    var max = Math.min(Math.max(parseInt(data.max, 10) || 5, 1), 20);
    var id = "vv" + (++counter);
    var root = host.attachShadow({mode: "open"});
    var style = sheetFor(data.accent);
    if (style.sheet) root.adoptedStyleSheets = [style.sheet];
    else root.appendChild(style.style);

    var input = el("input", {type: "search", id: id + "-q", name: "q", autocomplete: "off",
                             enterkeyhint: "search"});
    var open = el("input", {type: "checkbox", id: id + "-open"});
    open.checked = data.openNow !== "false";
    var status = el("p", {"class": "status", role: "status", "aria-live": "polite"});
    var list = el("ul", {"aria-label": t.results});
    var more = el("a", {href: ORIGIN + "/", rel: "noreferrer", target: data.target || null,
                        text: t.more});
    var form = el("form", {role: "search", "aria-label": t.label}, [
      el("div", {"class": "field"}, [el("label", {"for": id + "-q", text: t.label}), input]),
      el("button", {type: "submit", text: t.search}),
      el("label", {"class": "check", "for": id + "-open"}, [open, document.createTextNode(t.openNow)])
    ]);
    var box = el("div", {"class": "vv" + (data.layout === "full" ? "" : " compact"), lang: lang},
                 [form, status, list, el("p", {"class": "foot"}, [more, document.createTextNode(" · " + t.by)])]);
    root.appendChild(box);

    var pending = null;
    var timer = null;

    function query() {
      var params = new URLSearchParams();
      if (input.value.trim()) params.set("q", input.value.trim());
      codes(data.categories).forEach(function (c) { params.append("category", c); });
      codes(data.targetGroups).forEach(function (c) { params.append("target_group", c); });
      if (/^\d{4}$/.test(data.postcode || "")) {
        params.set("postcode", data.postcode);
        if (!input.value.trim()) params.set("sort", "distance");
      }
      if (open.checked) params.set("open_now", "1");
      params.set("per_page", String(max));
      params.set("facets", "0");
      params.set("lang", lang);
      return params;
    }

    function card(item) {
      var state = item.open === true ? "open" : item.open === false ? "closed" : "";
      var link = el("a", {href: item.url, rel: "noreferrer", target: data.target || null,
                          text: item.name});
      var places = el("p", {"class": "places"});
      (item.places || []).forEach(function (place) {
        if (!place.name || (item.places.length < 2)) return;
        var word = place.open === true ? t.open : place.open === false ? t.closed : t.unknown;
        places.appendChild(el("span", {text: place.name + ": " + word}));
      });
      var parts = [
        el("h3", {}, [link]),
        el("p", {"class": "state " + state, text: item.status_text || t.unknown}),
        item.free_places_tonight ? el("p", {"class": "free", text: item.free_places_tonight.text})
                                 : null,
        item.summary ? el("p", {"class": "summary", text: item.summary}) : null,
        places.childNodes.length ? places : null,
        el("p", {"class": "muted", text: item.organization ? item.organization.name : ""})
      ];
      if (item.quick_exit) {
        parts.push(el("a", {"class": "exit", href: "https://www.dr.dk/", rel: "noreferrer",
                            target: "_top", text: t.exit}));
      }
      return el("li", {}, parts);
    }

    function show(body) {
      list.textContent = "";
      (body.results || []).forEach(function (item) { list.appendChild(card(item)); });
      status.textContent = body.total ? t.found(body.total) : open.checked ? t.noneOpen : t.none;
      more.href = ORIGIN + "/?" + query().toString().replace(/&?(per_page|facets)=[^&]*/g, "");
      host.dispatchEvent(new CustomEvent("vejviser:results", {bubbles: true,
                                                              detail: {total: body.total}}));
    }

    function run() {
      if (pending) pending.abort();
      pending = "AbortController" in window ? new AbortController() : null;
      status.textContent = t.loading;
      fetch(ORIGIN + "/api/v1/search?" + query().toString(), {
        credentials: "omit", referrerPolicy: "no-referrer", mode: "cors",
        signal: pending ? pending.signal : undefined
      }).then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      }).then(show, function (error) {
        if (error && error.name === "AbortError") return;
        list.textContent = "";
        status.textContent = t.error;
      });
    }

    form.addEventListener("submit", function (event) { event.preventDefault(); clearTimeout(timer); run(); });
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 350); });
    open.addEventListener("change", run);
    run();
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-vejviser]"), mount);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
