// Citation previews: focusing, hovering or tapping a citation mark ([3]) opens a card with the
// source, the quote in its context and links (the cards are in the page, in a hidden
// `.cite-cards` block, one per reference). Without JavaScript a mark is a plain link to its
// reference. Keyboard: the card opens when the mark gets focus; Tab moves into the card's links;
// Escape closes it. Touch: the first tap opens the card, a second tap follows the link.
(function () {
  'use strict';
  var cards = {};
  var list = document.querySelectorAll('.cite-cards .cite-card[data-for]');
  for (var i = 0; i < list.length; i++) cards[list[i].getAttribute('data-for')] = list[i];
  if (!list.length) return;

  var pop = document.createElement('div');
  pop.id = 'cite-pop';
  pop.className = 'cite-pop';
  pop.setAttribute('role', 'dialog');
  pop.setAttribute('aria-label', 'Reference preview');
  var popover = typeof pop.showPopover === 'function';
  if (popover) pop.setAttribute('popover', 'manual'); else pop.hidden = true;
  var status = document.createElement('div');
  status.className = 'visually-hidden';
  status.setAttribute('role', 'status');
  document.body.appendChild(status);
  document.body.appendChild(pop);

  var current = null, showTimer = 0, hideTimer = 0, lastPointer = 'mouse', pointerAt = 0, refocusing = false;

  function markOf(el) {
    var a = el && el.closest ? el.closest('sup.cite a') : null;
    return a && cards[a.getAttribute('href')] ? a : null;
  }
  function isOpen() { return current !== null; }

  function place(a) {
    var r = a.getBoundingClientRect();
    var w = pop.offsetWidth, h = pop.offsetHeight;
    var vw = document.documentElement.clientWidth, vh = window.innerHeight;
    var left = Math.max(8, Math.min(r.left, vw - w - 8));
    var top = r.bottom + 6;
    if (top + h > vh - 8 && r.top - h - 6 > 8) top = r.top - h - 6;
    pop.style.left = (left + window.scrollX) + 'px';
    pop.style.top = (top + window.scrollY) + 'px';
  }

  function open(a) {
    clearTimeout(showTimer); clearTimeout(hideTimer);
    if (current === a) return;
    if (current) close(false);
    var card = cards[a.getAttribute('href')];
    pop.textContent = '';
    pop.appendChild(card.cloneNode(true));
    pop.setAttribute('aria-label', 'Reference ' + card.getAttribute('data-number'));
    // After the mark in the document, so that Tab goes from the mark into the card.
    var sup = a.closest('sup');
    sup.parentNode.insertBefore(pop, sup.nextSibling);
    if (popover) pop.showPopover(); else pop.hidden = false;
    place(a);
    current = a;
    a.setAttribute('aria-expanded', 'true');
    a.setAttribute('aria-controls', 'cite-pop');
    var src = card.querySelector('.cc-source a'), quote = card.querySelector('mark');
    status.textContent = 'Reference ' + card.getAttribute('data-number') + ': ' + (src ? src.textContent : '') +
      (quote ? ', quoting: ' + quote.textContent : '') + '. Tab for its links, Escape to close.';
  }

  function close(refocus) {
    clearTimeout(showTimer); clearTimeout(hideTimer);
    if (!current) return;
    var a = current;
    current = null;
    if (popover) { try { pop.hidePopover(); } catch (e) {} } else pop.hidden = true;
    a.setAttribute('aria-expanded', 'false');
    status.textContent = '';
    if (refocus) { refocusing = true; a.focus(); refocusing = false; }
  }

  // Marks are disclosure links: they say whether their card is open.
  document.querySelectorAll('sup.cite a').forEach(function (a) {
    if (cards[a.getAttribute('href')]) a.setAttribute('aria-expanded', 'false');
  });

  document.addEventListener('focusin', function (e) {
    var a = markOf(e.target);
    if (a) {
      // A tap focuses the mark too: on touch the click decides, so that the first tap only opens.
      if (refocusing || (lastPointer !== 'mouse' && Date.now() - pointerAt < 800)) return;
      open(a);
      return;
    }
    if (isOpen() && !pop.contains(e.target)) close(false);
  });
  document.addEventListener('pointerdown', function (e) {
    lastPointer = e.pointerType || 'mouse';
    pointerAt = Date.now();
    if (isOpen() && !pop.contains(e.target) && !markOf(e.target)) close(false);
  });
  document.addEventListener('click', function (e) {
    var a = markOf(e.target);
    if (!a) return;
    // On touch, the first tap shows the card; a tap on an open card's mark follows the link.
    if (lastPointer !== 'mouse' && current !== a) { e.preventDefault(); open(a); }
    else close(false);
  });
  document.addEventListener('pointerover', function (e) {
    if (e.pointerType !== 'mouse') return;
    var a = markOf(e.target);
    if (a) {
      clearTimeout(hideTimer);
      if (current !== a) { clearTimeout(showTimer); showTimer = setTimeout(function () { open(a); }, 150); }
    } else if (pop.contains(e.target)) {
      clearTimeout(hideTimer);
    }
  });
  document.addEventListener('pointerout', function (e) {
    if (e.pointerType !== 'mouse') return;
    if (markOf(e.target) || pop.contains(e.target)) {
      clearTimeout(showTimer);
      if (isOpen() && !current.contains(document.activeElement) && !pop.contains(document.activeElement)) {
        clearTimeout(hideTimer);
        hideTimer = setTimeout(function () { close(false); }, 300);
      }
    }
  });
  document.addEventListener('keydown', function (e) {
    if (e.key === 'Tab' || e.key.indexOf('Arrow') === 0) lastPointer = 'mouse';
    if (e.key === 'Escape' && isOpen()) {
      var back = pop.contains(document.activeElement) || current === document.activeElement;
      close(back);
    }
  });
  window.addEventListener('resize', function () { if (current) place(current); });
})();
