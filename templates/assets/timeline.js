// Timeline filters by country, actor and source: every item carries its keys in data attributes.
// Without JavaScript the form stays hidden and every item shows.
(function () {
  'use strict';
  var form = document.querySelector('.t-filters');
  if (!form) return;
  var selects = form.querySelectorAll('select[data-filter]');
  var items = document.querySelectorAll('ol.timeline > li');
  var years = document.querySelectorAll('section.year');
  var count = form.querySelector('.t-count');
  function has(list, value) { return (' ' + (list || '') + ' ').indexOf(' ' + value + ' ') >= 0; }
  function apply() {
    var want = {}, any = false;
    selects.forEach(function (s) { want[s.getAttribute('data-filter')] = s.value; if (s.value) any = true; });
    var shown = 0;
    items.forEach(function (li) {
      var ok = (!want.countries || has(li.getAttribute('data-countries'), want.countries)) &&
               (!want.actors || has(li.getAttribute('data-actors'), want.actors)) &&
               (!want.source || li.getAttribute('data-source') === want.source);
      li.hidden = !ok;
      if (ok) shown++;
    });
    years.forEach(function (y) {
      y.hidden = !y.querySelector('ol.timeline > li:not([hidden])');
      // The year's link in the list of years goes with it.
      var h = y.querySelector('h2[id]'), link = h && document.querySelector('.group-nav a[href="#' + h.id + '"]');
      if (link) link.parentNode.hidden = y.hidden;
    });
    count.textContent = any ? shown + ' of ' + items.length + ' entries shown' : '';
  }
  selects.forEach(function (s) { s.addEventListener('change', apply); });
  form.addEventListener('submit', function (e) { e.preventDefault(); });
  form.hidden = false;
})();
