/* Optional, for partner pages that embed /embed in an iframe: the frame tells its height and
 * this script sets it, so the search needs no scrollbar. Only messages from our origin whose
 * source is one of our frames on this page are heeded.
 *   <iframe src="https://OUR-HOST/embed?..." title="..." data-vejviser-frame></iframe>
 *   <script src="https://OUR-HOST/widget-resize.js" async></script>
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var ORIGIN = script ? new URL(script.src, location.href).origin : location.origin;
  window.addEventListener("message", function (event) {
    if (event.origin !== ORIGIN) return;
    var data = event.data;
    if (!data || data.type !== "vejviser:height" || typeof data.height !== "number") return;
    var frames = document.querySelectorAll("iframe[data-vejviser-frame]");
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === event.source) {
        frames[i].style.height = Math.max(120, Math.min(Math.ceil(data.height), 5000)) + "px";
      }
    }
  });
})();
