// Printing: each link in the content gets data-full-url, its absolute address as the browser
// resolved it, which the print stylesheet shows after the link. Works at any path, with or without
// base_url. Links within the page (#…), citation marks and the site's navigation are left alone.
(function () {
  function mark() {
    var links = document.querySelectorAll("main a[href]");
    for (var i = 0; i < links.length; i++) {
      var a = links[i];
      var raw = a.getAttribute("href");
      if (!raw || raw.charAt(0) === "#" || a.closest(".breadcrumbs, sup.cite, .backrefs, .toc, .dossier-contents, .relmap")) continue;
      if (!/^(https?|file):/.test(a.href) || a.href.split("#")[0] === location.href.split("#")[0]) continue;
      a.setAttribute("data-full-url", a.href);
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mark);
  else mark();
})();
