/* Timeline: events per day (or per month over long spans) by type, as stacked SVG bars. */
(function () {
  'use strict';
  var M = window.Marsad;
  var box = document.getElementById('timeline');
  if (!box) { return; }
  var W = M.json(box, 'data-words');
  var WIDTH = 900, HEIGHT = 260, PAD_L = 34, PAD_B = 34, PAD_T = 10, PAD_R = 10;

  function dayNum(s) { return Math.round(Date.UTC(+s.slice(0, 4), +s.slice(5, 7) - 1, +s.slice(8, 10)) / 86400000); }
  function dayStr(n) { return new Date(n * 86400000).toISOString().slice(0, 10); }

  function draw(data) {
    M.clear(box);
    var days = (data.days || []).filter(function (d) { return d.day; });
    if (!days.length) { M.message(box, M.word(W, 'no_events')); box.setAttribute('data-ready', '0'); return; }
    var first = dayNum(days[0].day), last = dayNum(days[days.length - 1].day);
    var monthly = last - first > 180;
    var buckets = {}, order = [], types = {};
    days.forEach(function (d) {
      var key = monthly ? d.day.slice(0, 7) : d.day;
      if (!buckets[key]) { buckets[key] = {}; order.push(key); }
      Object.keys(d.counts).forEach(function (t) {
        buckets[key][t] = (buckets[key][t] || 0) + d.counts[t];
        types[t] = (types[t] || 0) + d.counts[t];
      });
    });
    var slots = [];
    if (monthly) {
      var y = +days[0].day.slice(0, 4), m = +days[0].day.slice(5, 7);
      var ly = +days[days.length - 1].day.slice(0, 4), lm = +days[days.length - 1].day.slice(5, 7);
      while (y < ly || (y === ly && m <= lm)) {
        slots.push(y + '-' + (m < 10 ? '0' : '') + m);
        m += 1; if (m > 12) { m = 1; y += 1; }
      }
    } else {
      for (var n = first; n <= last; n++) { slots.push(dayStr(n)); }
    }
    var typeOrder = Object.keys(types).sort(function (a, b) { return types[b] - types[a]; });
    var max = 1;
    slots.forEach(function (s) {
      var tot = 0, b = buckets[s] || {};
      Object.keys(b).forEach(function (t) { tot += b[t]; });
      max = Math.max(max, tot);
    });
    var svg = M.svg('svg', { viewBox: '0 0 ' + WIDTH + ' ' + HEIGHT, role: 'img', id: 'timeline-svg', direction: 'ltr' });
    var plotW = WIDTH - PAD_L - PAD_R, plotH = HEIGHT - PAD_B - PAD_T;
    var bw = plotW / slots.length;
    var axis = M.svg('g', { 'class': 'axis' });
    axis.appendChild(M.svg('line', { x1: PAD_L, y1: HEIGHT - PAD_B, x2: WIDTH - PAD_R, y2: HEIGHT - PAD_B }));
    [0, Math.ceil(max / 2), max].forEach(function (v) {
      var yy = HEIGHT - PAD_B - (v / max) * plotH;
      axis.appendChild(M.svg('text', { x: PAD_L - 4, y: yy + 3, 'text-anchor': 'end' }, v));
    });
    var every = Math.max(1, Math.ceil(slots.length / 8));
    slots.forEach(function (s, i) {
      if (i % every === 0) {
        axis.appendChild(M.svg('text', { x: PAD_L + i * bw + bw / 2, y: HEIGHT - PAD_B + 14, 'text-anchor': 'middle' }, s));
      }
    });
    svg.appendChild(axis);
    var g = M.svg('g', { 'class': 'bars' });
    slots.forEach(function (s, i) {
      var b = buckets[s] || {}, acc = 0;
      typeOrder.forEach(function (t) {
        if (!b[t]) { return; }
        var h = (b[t] / max) * plotH;
        var rect = M.svg('rect', { 'class': 'bar', x: (PAD_L + i * bw + Math.min(1, bw * 0.1)).toFixed(2),
          y: (HEIGHT - PAD_B - acc - h).toFixed(2), width: Math.max(1, bw - Math.min(2, bw * 0.2)).toFixed(2),
          height: h.toFixed(2), fill: M.TYPE_COLORS[t] || '#a0aec0', 'data-type': t });
        rect.appendChild(M.svg('title', null, s + ' · ' + M.typeLabel(W, t) + ': ' + b[t]));
        g.appendChild(rect);
        acc += h;
      });
    });
    svg.appendChild(g);
    box.appendChild(svg);
    box.appendChild(M.typeLegend(typeOrder, W));
    if (monthly) { box.appendChild(M.el('p', { 'class': 'muted small chart-note' }, M.word(W, 'per_month_note'))); }
    box.setAttribute('data-ready', String(slots.length));
  }

  if (box.hasAttribute('data-timeline')) {
    draw(M.json(box, 'data-timeline'));
  } else {
    M.getJSON(box.getAttribute('data-api')).then(draw)
      .catch(function (err) { M.message(box, String(err.message || err)); box.setAttribute('data-ready', 'error'); });
  }
}());
