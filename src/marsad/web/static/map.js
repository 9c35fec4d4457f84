/* Map: events at their places on a world outline served by the package (equirectangular). */
(function () {
  'use strict';
  var M = window.Marsad;
  var box = document.getElementById('map');
  var panel = document.getElementById('evidence-body');
  if (!box) { return; }
  var W = M.json(box, 'data-words');
  var SCALE = 5;   // SVG units per degree

  function px(lon) { return (lon + 180) * SCALE; }
  function py(lat) { return (90 - lat) * SCALE; }

  function ringPath(ring) {
    var d = '';
    ring.forEach(function (p, i) { d += (i ? 'L' : 'M') + px(p[0]).toFixed(1) + ',' + py(p[1]).toFixed(1); });
    return d + 'Z';
  }

  function viewBox(points) {
    if (!points.length) { return [0, 0, 360 * SCALE, 180 * SCALE]; }
    var lons = points.map(function (p) { return p.lon; }), lats = points.map(function (p) { return p.lat; });
    var minLon = Math.min.apply(null, lons), maxLon = Math.max.apply(null, lons);
    var minLat = Math.min.apply(null, lats), maxLat = Math.max.apply(null, lats);
    var cx = (minLon + maxLon) / 2, cy = (minLat + maxLat) / 2;
    var w = Math.max(60, (maxLon - minLon) * 1.4), h = Math.max(w / 2, (maxLat - minLat) * 1.4);
    w = Math.max(w, h * 2);
    return [px(cx - w / 2), py(cy + h / 2), w * SCALE, h * SCALE];
  }

  function draw(world, data) {
    M.clear(box);
    var points = data.points || [];
    var vb = viewBox(points);
    var svg = M.svg('svg', { viewBox: vb.map(function (v) { return v.toFixed(1); }).join(' '), role: 'img', id: 'map-svg' });
    var countries = M.svg('g', { 'class': 'countries' });
    (world.features || []).forEach(function (f) {
      var d = '';
      (f.geometry.coordinates || []).forEach(function (poly) { poly.forEach(function (ring) { d += ringPath(ring); }); });
      var path = M.svg('path', { d: d, 'class': 'country', 'fill-rule': 'evenodd', 'data-iso3': f.properties.iso3 || '' });
      path.appendChild(M.svg('title', null, f.properties.name || ''));
      countries.appendChild(path);
    });
    svg.appendChild(countries);
    var g = M.svg('g', { 'class': 'points' });
    var k = vb[2] / (360 * SCALE);   // keep the dots a readable size when zoomed in
    var selected = null;
    points.forEach(function (p) {
      var c = M.svg('circle', { cx: px(p.lon).toFixed(2), cy: py(p.lat).toFixed(2),
        r: ((4 + 4 * Math.sqrt(p.events)) * k * 1.2).toFixed(2), 'class': 'point' });
      var name = (W.lang === 'en' && p.place_en) ? p.place_en : (p.place || p.place_en || '');
      var tip = name + ' · ' + p.events + ' ' + M.word(W, 'event_count');
      c.appendChild(M.svg('title', null, tip));
      c.addEventListener('click', function () {
        if (selected) { selected.classList.remove('selected'); }
        selected = c; c.classList.add('selected');
        if (panel) { M.renderEvidence(panel, tip, p.evidence, W); }
      });
      g.appendChild(c);
    });
    svg.appendChild(g);
    box.appendChild(svg);
    var count = document.getElementById('map-count');
    if (count) { count.textContent = (data.located || 0) + ' / ' + (data.events || 0) + ' ' + M.word(W, 'located'); }
    box.setAttribute('data-ready', String(points.length));
  }

  Promise.all([M.getJSON(box.getAttribute('data-world')), M.getJSON(box.getAttribute('data-api'))])
    .then(function (r) { draw(r[0], r[1]); })
    .catch(function (err) { M.message(box, String(err.message || err)); box.setAttribute('data-ready', 'error'); });
}());
