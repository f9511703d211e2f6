/* Inside /embed: tell the embedding page our height whenever it changes (for widget-resize.js).
 * Only a number is sent, so any parent may hear it. */
(function () {
  "use strict";
  if (window.parent === window) return;
  var last = 0;
  function tell() {
    var height = document.documentElement.scrollHeight;
    if (height !== last) {
      last = height;
      window.parent.postMessage({type: "vejviser:height", height: height}, "*");
    }
  }
  if ("ResizeObserver" in window) new ResizeObserver(tell).observe(document.documentElement);
  document.addEventListener("vejviser:results", tell);
  window.addEventListener("load", tell);
})();
