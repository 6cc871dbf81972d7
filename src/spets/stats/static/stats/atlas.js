/* The atlas's buttons: copy the view's link, download a chart or the map as SVG or PNG.
   Everything happens in the browser from the SVG on the page (no request, no library); the listeners sit
   on the document, so they keep working after HTMX swaps the view. */
(function () {
  "use strict";

  function svgOf(targetId) {
    var node = document.getElementById(targetId);
    if (!node) return null;
    return node.tagName.toLowerCase() === "svg" ? node : node.querySelector("svg");
  }

  function svgText(svg) {
    var copy = svg.cloneNode(true);
    copy.setAttribute("xmlns", "http://www.w3.org/2000/svg");
    var box = svg.viewBox && svg.viewBox.baseVal;
    var width = box && box.width ? box.width : svg.clientWidth;
    var height = box && box.height ? box.height : svg.clientHeight;
    // a white background and a fixed size, so the file looks like the page in any viewer
    copy.setAttribute("width", width);
    copy.setAttribute("height", height);
    var bg = document.createElementNS("http://www.w3.org/2000/svg", "rect");
    bg.setAttribute("x", box ? box.x : 0);
    bg.setAttribute("y", box ? box.y : 0);
    bg.setAttribute("width", width);
    bg.setAttribute("height", height);
    bg.setAttribute("fill", "#ffffff");
    copy.insertBefore(bg, copy.firstChild);
    return { text: new XMLSerializer().serializeToString(copy), width: width, height: height };
  }

  function save(blob, name) {
    var url = URL.createObjectURL(blob);
    var a = document.createElement("a");
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  function download(button) {
    var svg = svgOf(button.dataset.target);
    if (!svg) return;
    var out = svgText(svg);
    var name = button.dataset.name || "chart";
    var svgBlob = new Blob([out.text], { type: "image/svg+xml;charset=utf-8" });
    if (button.dataset.downloadChart === "svg") {
      save(svgBlob, name + ".svg");
      return;
    }
    var scale = Math.max(1, Math.ceil(1600 / out.width));  // sharp enough for a report
    var img = new Image();
    var url = URL.createObjectURL(svgBlob);
    img.onload = function () {
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(out.width * scale);
      canvas.height = Math.round(out.height * scale);
      var ctx = canvas.getContext("2d");
      ctx.fillStyle = "#ffffff";
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
      URL.revokeObjectURL(url);
      canvas.toBlob(function (png) { save(png, name + ".png"); }, "image/png");
    };
    img.src = url;
  }

  function copyLink(button) {
    var box = button.parentNode.querySelector("input.view-link");
    var done = button.parentNode.querySelector(".copied");
    var shown = function () { if (done) done.textContent = button.dataset.copiedText || ""; };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(box.value).then(shown, function () { box.select(); });
    } else {  // plain http: select the link so the user can copy it
      box.focus();
      box.select();
      try { if (document.execCommand("copy")) shown(); } catch (e) { /* the link stays selected */ }
    }
  }

  document.addEventListener("click", function (event) {
    var chart = event.target.closest("[data-download-chart]");
    if (chart) { event.preventDefault(); download(chart); return; }
    var copy = event.target.closest("[data-copy-link]");
    if (copy) { event.preventDefault(); copyLink(copy); }
  });
})();
