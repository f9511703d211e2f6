/* Den sociale vejviser: small enhancements. Every page works without this file.
   - Min liste in localStorage as well as in the URL (the URL wins: a shared link shows its list,
     and is stored only when the person changes it: a citizen opening a QR code keeps nothing)
   - live results while typing or filtering (the server renders the HTML: ?fragment=1)
   - "Brug min position" asks the browser for a position only when pressed
   - quick exit forgets everything stored here and replaces the history entry; print, copy */
(function () {
  "use strict";
  var KEY = "vejviser.liste";
  var live = document.getElementById("live");
  document.documentElement.classList.add("js");

  function say(text) { if (live && text) { live.textContent = ""; setTimeout(function () { live.textContent = text; }, 50); } }
  function load() {
    try { return (localStorage.getItem(KEY) || "").split(",").filter(Boolean); } catch (e) { return []; }
  }
  function save(list) { try { localStorage.setItem(KEY, list.join(",")); } catch (e) { /* private mode */ } }
  function forget() {
    try {
      Object.keys(localStorage).forEach(function (key) { if (key.indexOf("vejviser.") === 0) { localStorage.removeItem(key); } });
    } catch (e) { /* private mode: nothing was stored */ }
  }
  function ours(a) { return a.origin === location.origin && /^\/(tilbud\/[^/]+|liste(\/print)?)?$/.test(a.pathname); }
  /* Absolute, so a path such as "//evil.example" can never be read as another host. */
  function withList(href, list) {
    var url = new URL(href, location.href);
    if (list.length) { url.searchParams.set("liste", list.join(",")); } else { url.searchParams.delete("liste"); }
    return url.href;
  }

  /* The language switch keeps the path the server built from the route (never this address's
     raw path: "/\evil.example" leads off-site) and takes the query live results gave this page. */
  function switched(a, list) {
    var url = new URL(a.href);
    if (url.pathname === location.pathname) { url.search = location.search; }
    url.searchParams.delete("fragment");
    url.searchParams.set("lang", a.getAttribute("hreflang"));
    return withList(url.href, list);
  }

  /* Put the list into every link and form on the page, so moving around keeps it. */
  function sync(list) {
    document.querySelectorAll("a[href]").forEach(function (a) {
      if (a.hasAttribute("hreflang")) {
        a.href = switched(a, list);
      } else if (a.hasAttribute("data-list-toggle")) {
        /* A toggle button with one label; its name ends with the offer's (see _card.html). */
        var slug = a.getAttribute("data-list-toggle"), on = list.indexOf(slug) >= 0;
        a.setAttribute("role", "button");
        a.setAttribute("aria-pressed", String(on));
        a.classList.toggle("is-on", on);
        a.querySelector("[data-toggle-label]").textContent = a.getAttribute("data-label-toggle");
        a.href = withList(location.href, on ? list.filter(function (s) { return s !== slug; }) : list.concat([slug]));
      } else if (ours(a)) {
        a.href = withList(a.href, list);
      }
    });
    document.querySelectorAll("form[method=get]").forEach(function (form) {
      var input = form.querySelector("input[name=liste]");
      if (!input) { input = document.createElement("input"); input.type = "hidden"; input.name = "liste"; form.appendChild(input); }
      input.value = list.join(",");
      input.disabled = !list.length;
    });
    document.querySelectorAll("[data-list-count]").forEach(function (el) { el.textContent = String(list.length); });
  }

  var params = new URLSearchParams(location.search);
  var list = params.has("liste") ? params.get("liste").split(",").filter(Boolean) : load();
  if (location.pathname.indexOf("/liste") === 0 && !params.has("liste") && list.length) {
    location.replace(withList(location.href, list));
    return;
  }
  sync(list);

  document.addEventListener("click", function (event) {
    var toggle = event.target.closest("[data-list-toggle]");
    if (toggle) {
      var slug = toggle.getAttribute("data-list-toggle"), on = list.indexOf(slug) >= 0;
      list = on ? list.filter(function (s) { return s !== slug; }) : list.concat([slug]);
      save(list);
      if (location.pathname.indexOf("/liste") === 0) { return; } /* let the list page reload */
      event.preventDefault();
      history.replaceState(null, "", withList(location.href, list));
      sync(list);
      say(toggle.getAttribute(on ? "data-said-remove" : "data-said-add"));
      return;
    }
    var exit = event.target.closest("[data-quick-exit]");
    if (exit) { event.preventDefault(); forget(); location.replace(exit.href); }
  });
  /* A button answers the space bar too (the toggles are links underneath). */
  document.addEventListener("keydown", function (event) {
    if (event.key === " " && event.target.matches("a[role=button]")) { event.preventDefault(); event.target.click(); }
  });

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var field = document.getElementById(button.getAttribute("data-copy"));
      field.select();
      var done = function () { say(button.getAttribute("data-said")); };
      if (navigator.clipboard) { navigator.clipboard.writeText(field.value).then(done, done); } else { done(); }
    });
  });

  /* Live results: the same URL as a plain submit, asked for its results region only. The
     filters belong to the form through form="search" but stand after the results. */
  var form = document.querySelector("form[data-live-search]");
  var region = document.getElementById("resultater");
  if (!form || !region) { return; }
  var refine = document.querySelector("[data-refine]");
  if (refine && window.matchMedia("(min-width: 52rem)").matches) { refine.open = true; } /* beside the results */
  var timer = null, pending = null;
  /* A postcode is worth asking about when it is empty or has its four digits: "5", "50" and
     "500" on the way to 5000 would flash an error box and a "Nær 50" chip. */
  function postcodeDone(value) { value = String(value).trim(); return value === "" || /^\d{4}$/.test(value); }
  function query() {
    var data = new FormData(form), out = new URLSearchParams();
    data.forEach(function (value, key) {
      if (key === "postcode" && !postcodeDone(value)) { return; } /* still being typed */
      if (String(value).trim() !== "") { out.append(key, value); }
    });
    return out.toString();
  }
  function refresh() {
    var qs = query(), url = form.action.split("?")[0] + (qs ? "?" + qs : "");
    if (pending) { pending.abort(); }
    pending = new AbortController();
    fetch(url + (qs ? "&" : "?") + "fragment=1", { signal: pending.signal, headers: { "Accept": "text/html" } })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        region.innerHTML = html;
        history.replaceState(null, "", url);
        var facets = region.querySelector("[data-facets]");
        var counts = facets ? JSON.parse(facets.getAttribute("data-facets") || "{}") : {};
        document.querySelectorAll("[data-facet]").forEach(function (el) {
          var parts = el.getAttribute("data-facet").split(":"), group = counts[parts[0]];
          if (group) { el.textContent = "(" + (group[parts[1]] || 0) + ")"; }
        });
        renew(facets);
        sync(list);
        var heading = region.querySelector("[data-result-count]");
        say(heading && heading.textContent);
      })
      .catch(function () { /* aborted or offline: the submit button still works */ });
  }
  /* What else the results decide: the title, "Afgræns (3)", the field an error is about, and
     the quick-exit button once a crisis offer shows (it stays: the person may still be watched). */
  function renew(facets) {
    if (!facets) { return; }
    document.title = facets.getAttribute("data-title");
    var count = region.querySelector("template[data-next-refine-count]"), shown = document.querySelector("[data-refine-count]");
    if (count && shown) { shown.innerHTML = count.innerHTML; }
    /* The field an error is about: marked and tied to the message in the results. */
    document.querySelectorAll(".refine .field-error").forEach(function (el) { el.remove(); });
    var wrong = facets.getAttribute("data-error-field");
    Array.prototype.forEach.call(form.elements, function (field) {
      var ids = (field.getAttribute("aria-describedby") || "").split(" ").filter(function (id) { return id && !/error/.test(id); });
      if (field.id === wrong) { ids.unshift("search-error"); field.setAttribute("aria-invalid", "true"); } else { field.removeAttribute("aria-invalid"); }
      if (ids.length) { field.setAttribute("aria-describedby", ids.join(" ")); } else { field.removeAttribute("aria-describedby"); }
    });
    var exit = region.querySelector("template[data-quick-exit-bar]");
    if (exit && !document.querySelector("[data-quick-exit]")) {
      document.querySelector(".site-header").prepend(exit.content.cloneNode(true));
      document.documentElement.classList.add("has-quick-exit");
    }
  }
  function inForm(event) { return event.target.form === form; }
  document.addEventListener("input", function (event) {
    if (!inForm(event)) { return; }
    if (event.target.name !== "q" && event.target.name !== "postcode") { return; }
    if (event.target.name === "postcode" && !postcodeDone(event.target.value)) { return; }
    clearTimeout(timer);
    timer = setTimeout(refresh, 300);
  });
  document.addEventListener("change", function (event) {
    if (!inForm(event)) { return; }
    if (event.target.name === "q" || event.target.name === "postcode") { return; }
    clearTimeout(timer);
    refresh();
  });

  var locate = document.querySelector("[data-geolocate]"), near = document.querySelector("[data-near]");
  if (locate && near && navigator.geolocation) {
    locate.hidden = false;
    locate.addEventListener("click", function () {
      say(locate.getAttribute("data-said-wait"));
      navigator.geolocation.getCurrentPosition(function (position) {
        near.value = position.coords.latitude.toFixed(4) + "," + position.coords.longitude.toFixed(4);
        var postcode = form.elements.namedItem("postcode");
        if (postcode) { postcode.value = ""; }
        refresh();
      }, function () { say(locate.getAttribute("data-said-fail")); }, { timeout: 10000, maximumAge: 300000 });
    });
  }
})();
