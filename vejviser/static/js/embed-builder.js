/* "Indlejr søgningen": the preview and both snippets follow the form as it changes (without
 * JavaScript the form's button does the same through the server). */
(function () {
  "use strict";
  var form = document.querySelector("[data-embed-builder]");
  if (!form) return;
  var origin = form.getAttribute("data-origin");
  var preview = document.querySelector("[data-embed-preview]");
  var scriptBox = document.querySelector("[data-snippet=script]");
  var frameBox = document.querySelector("[data-snippet=iframe]");
  var timer = null;

  function escape(text) {
    return String(text).replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  }
  function values(name) {
    return Array.prototype.map.call(form.querySelectorAll("[name=" + name + "]:checked"),
                                    function (box) { return box.value; });
  }
  function options() {
    var data = new FormData(form);
    var postcode = /^\d{4}$/.test(data.get("postcode") || "") ? data.get("postcode") : "";
    var max = Math.min(Math.max(parseInt(data.get("max"), 10) || 5, 1), 20);
    var height = Math.min(Math.max(parseInt(data.get("height"), 10) || 600, 200), 2000);
    return {categories: values("category"), targetGroups: values("target_group"),
            openNow: !!form.querySelector("[name=open_now]:checked"), postcode: postcode,
            lang: data.get("sprog") === "en" ? "en" : "da", max: max,
            accent: /^#[0-9a-fA-F]{6}$/.test(data.get("accent") || "") ? data.get("accent") : "",
            layout: data.get("layout") === "full" ? "full" : "compact", height: height};
  }
  function attributes(o) {
    var pairs = [["data-categories", o.categories.join(",")],
                 ["data-target-groups", o.targetGroups.join(",")],
                 ["data-open-now", o.openNow ? "true" : "false"], ["data-postcode", o.postcode],
                 ["data-lang", o.lang], ["data-max", String(o.max)], ["data-accent", o.accent],
                 ["data-layout", o.layout]];
    return pairs.filter(function (p) { return p[1]; })
      .map(function (p) { return " " + p[0] + "=\"" + escape(p[1]) + "\""; }).join("");
  }
  function query(o) {
    var params = new URLSearchParams();
    o.categories.forEach(function (c) { params.append("category", c); });
    o.targetGroups.forEach(function (c) { params.append("target_group", c); });
    params.set("open_now", o.openNow ? "1" : "0");
    if (o.postcode) params.set("postcode", o.postcode);
    params.set("lang", o.lang);
    params.set("max", String(o.max));
    if (o.accent) params.set("accent", o.accent);
    params.set("layout", o.layout);
    return params.toString();
  }
  function update() {
    var o = options();
    var q = query(o);
    var title = frameBox.value.match(/title="([^"]*)"/);
    scriptBox.value = "<div data-vejviser" + attributes(o) + "></div>\n<script src=\"" + origin +
      "/widget.js\" async></script>";
    frameBox.value = "<iframe src=\"" + origin + "/embed?" + escape(q) + "\" title=\"" +
      (title ? title[1] : "") + "\" width=\"100%\" height=\"" + o.height +
      "\" data-vejviser-frame></iframe>\n<script src=\"" + origin + "/widget-resize.js\" async></script>";
    clearTimeout(timer);
    timer = setTimeout(function () {
      preview.src = "/embed?" + q;
      preview.height = String(o.height);
    }, 400);
  }
  form.addEventListener("input", update);
  form.addEventListener("change", update);
})();
