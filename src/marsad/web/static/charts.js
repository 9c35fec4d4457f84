/* Shared helpers for the dashboard's charts. Data from the server is only ever put into the page
   with textContent or setAttribute on known attributes: never as markup. */
(function () {
  'use strict';
  var SVG_NS = 'http://www.w3.org/2000/svg';
  var M = {};

  M.QUAD_COLORS = { 0: '#718096', 1: '#2f855a', 2: '#2b6cb0', 3: '#dd6b20', 4: '#c53030' };
  M.TYPE_COLORS = {
    AGREE: '#38a169', CONSULT: '#4299e1', SUPPORT: '#2f855a', CONCEDE: '#81e6d9', COOPERATE: '#3182ce',
    AID: '#2c5282', RETREAT: '#9ae6b4', REQUEST: '#90cdf4', ACCUSE: '#ed8936', REJECT: '#dd6b20',
    THREATEN: '#c05621', PROTEST: '#f6ad55', SANCTION: '#9b2c2c', MOBILIZE: '#b83280', COERCE: '#e53e3e',
    ASSAULT: '#742a2a'
  };

  M.el = function (tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) { Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); }); }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  };

  M.svg = function (tag, attrs, text) {
    var e = document.createElementNS(SVG_NS, tag);
    if (attrs) { Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); }); }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  };

  M.clear = function (node) { while (node.firstChild) { node.removeChild(node.firstChild); } };

  M.json = function (node, attr) {
    try { return JSON.parse(node.getAttribute(attr) || '{}'); } catch (e) { return {}; }
  };

  M.getJSON = function (url) {
    return fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (r) { if (!r.ok) { throw new Error('HTTP ' + r.status); } return r.json(); });
  };

  /* Arrows are not mirrored by the bidi algorithm: point them the way the text reads. */
  M.arrow = function (W) { return W.lang === 'ar' ? ' ← ' : ' → '; };
  M.word = function (W, key) { return (W.words && W.words[key]) || key; };
  M.typeLabel = function (W, t) { return (W.types && W.types[t]) || t || ''; };
  M.articleHref = function (id) { return '/article/' + encodeURIComponent(id); };
  M.actorHref = function (id) { return '/actor/' + encodeURIComponent(id); };

  M.message = function (node, text) {
    M.clear(node);
    node.appendChild(M.el('p', { 'class': 'muted' }, text));
  };

  /* A list of evidence items ({date, actor, event, recipient, negated, hedged, attributed_to, text,
     article_id, title, source}) under a heading. */
  M.renderEvidence = function (container, heading, items, W) {
    M.clear(container);
    container.classList.remove('muted');
    container.appendChild(M.el('h3', { dir: 'auto' }, heading));
    (items || []).forEach(function (it) {
      var box = M.el('div', { 'class': 'item' });
      var who = M.el('div', { 'class': 'who' });
      who.appendChild(M.el('span', { 'class': 'date' }, it.date || '?'));
      who.appendChild(M.el('bdi', null, it.actor || '—'));
      who.appendChild(M.el('span', { 'class': 'arrow' }, M.arrow(W)));
      who.appendChild(M.el('span', { 'class': 'etype' }, M.typeLabel(W, it.event)));
      who.appendChild(M.el('span', { 'class': 'arrow' }, M.arrow(W)));
      who.appendChild(M.el('bdi', null, it.recipient || '—'));
      box.appendChild(who);
      var badges = M.el('div', { 'class': 'badges' });
      if (it.negated) { badges.appendChild(M.el('span', { 'class': 'badge b-negated' }, M.word(W, 'negated'))); }
      if (it.hedged) { badges.appendChild(M.el('span', { 'class': 'badge b-hedged' }, M.word(W, 'hedged'))); }
      if (it.attributed_to) {
        badges.appendChild(M.el('span', { 'class': 'badge b-claimed' },
          M.word(W, 'claimed') + ': ' + M.word(W, 'according_to') + ' ' + it.attributed_to));
      }
      box.appendChild(badges);
      box.appendChild(M.el('blockquote', { dir: 'auto' }, it.text || ''));
      if (it.article_id) {
        var a = M.el('a', { href: M.articleHref(it.article_id), dir: 'auto' }, it.title || M.word(W, 'open_article'));
        var src = M.el('div', { 'class': 'src' });
        src.appendChild(a);
        if (it.source) { src.appendChild(M.el('span', { 'class': 'muted' }, ' — ' + it.source)); }
        box.appendChild(src);
      }
      container.appendChild(box);
    });
  };

  /* Legend of event types with their colours. */
  M.typeLegend = function (types, W) {
    var box = M.el('div', { 'class': 'chart-legend' });
    types.forEach(function (t) {
      var span = M.el('span');
      var sw = M.el('i');
      sw.style.backgroundColor = M.TYPE_COLORS[t] || '#a0aec0';
      span.appendChild(sw);
      span.appendChild(document.createTextNode(M.typeLabel(W, t)));
      box.appendChild(span);
    });
    return box;
  };

  window.Marsad = M;
}());
