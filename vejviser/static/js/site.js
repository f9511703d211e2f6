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
  function withList(href, list) {
    var url = new URL(href, location.href);
    if (list.length) { url.searchParams.set("liste", list.join(",")); } else { url.searchParams.delete("liste"); }
    return url.pathname + url.search + url.hash;
  }

  /* The language switch: this very address (live results change it) in the other language. */
  function switched(a, list) {
    var url = new URL(location.href);
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
        var slug = a.getAttribute("data-list-toggle"), on = list.indexOf(slug) >= 0;
        a.classList.toggle("is-on", on);
        a.textContent = a.getAttribute(on ? "data-label-remove" : "data-label-add");
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

  /* Live results: the same URL as a plain submit, asked for its results region only. */
  var form = document.querySelector("form[data-live-search]");
  var region = document.getElementById("resultater");
  if (!form || !region) { return; }
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
        sync(list);
        var heading = region.querySelector("[data-result-count]");
        say(heading && heading.textContent);
      })
      .catch(function () { /* aborted or offline: the submit button still works */ });
  }
  form.addEventListener("input", function (event) {
    if (event.target.name !== "q" && event.target.name !== "postcode") { return; }
    if (event.target.name === "postcode" && !postcodeDone(event.target.value)) { return; }
    clearTimeout(timer);
    timer = setTimeout(refresh, 300);
  });
  form.addEventListener("change", function (event) {
    if (event.target.name === "q" || event.target.name === "postcode") { return; }
    clearTimeout(timer);
    refresh();
  });

  var locate = form.querySelector("[data-geolocate]"), near = form.querySelector("[data-near]");
  if (locate && near && navigator.geolocation) {
    locate.hidden = false;
    locate.addEventListener("click", function () {
      say(locate.getAttribute("data-said-wait"));
      navigator.geolocation.getCurrentPosition(function (position) {
        near.value = position.coords.latitude.toFixed(4) + "," + position.coords.longitude.toFixed(4);
        var postcode = form.querySelector("[name=postcode]");
        if (postcode) { postcode.value = ""; }
        refresh();
      }, function () { say(locate.getAttribute("data-said-fail")); }, { timeout: 10000, maximumAge: 300000 });
    });
  }
})();
