// Progressive enhancement only: every page works without this file.
// "/" focuses the search box; focusing or hovering a sentence outlines its aligned sentences.
(function () {
  "use strict";
  document.addEventListener("keydown", function (e) {
    var t = e.target;
    if (e.key === "/" && !(t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement)) {
      var box = document.getElementById("quick-q");
      if (box) { e.preventDefault(); box.focus(); }
    }
  });
  function mark(el, on) {
    var ids = (el.getAttribute("data-aligned") || "").split(" ");
    ids.forEach(function (id) {
      var other = id && document.getElementById(id);
      if (other) { other.classList.toggle("linked", on); }
    });
    if (ids[0]) { el.classList.toggle("linked", on); }
  }
  document.addEventListener("mouseover", function (e) {
    var s = e.target.closest && e.target.closest(".s[data-aligned]");
    if (s) { mark(s, true); }
  });
  document.addEventListener("mouseout", function (e) {
    var s = e.target.closest && e.target.closest(".s[data-aligned]");
    if (s) { mark(s, false); }
  });
})();
