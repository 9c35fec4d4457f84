/* Article page: pointing at an event in the side list marks its evidence in the text. */
(function () {
  'use strict';
  var text = document.getElementById('article-text');
  var list = document.getElementById('events');
  if (!text || !list) { return; }
  var marked = [];

  function spansOf(id) {
    return Array.prototype.filter.call(text.querySelectorAll('[data-ev]'), function (s) {
      return (s.getAttribute('data-ev') || '').split(' ').indexOf(id) >= 0;
    });
  }
  function mark(id, scroll) {
    marked.forEach(function (s) { s.classList.remove('focus'); });
    marked = id ? spansOf(id) : [];
    marked.forEach(function (s) { s.classList.add('focus'); });
    if (scroll && marked.length) { marked[0].scrollIntoView({ block: 'center', behavior: 'smooth' }); }
  }
  Array.prototype.forEach.call(list.querySelectorAll('li.ev'), function (li) {
    var id = li.getAttribute('data-ev');
    li.addEventListener('mouseenter', function () { mark(id, false); });
    li.addEventListener('focus', function () { mark(id, false); });
    li.addEventListener('click', function () { mark(id, true); });
    li.addEventListener('keydown', function (e) { if (e.key === 'Enter') { mark(id, true); } });
  });
  list.addEventListener('mouseleave', function () { mark(null, false); });
}());
