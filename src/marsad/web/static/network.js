/* Network page: the actor graph drawn as SVG with a small force layout.
   Edge colour = quad class, edge width = number of distinct stories; click an edge for its
   evidence, a node for the actor's page. */
(function () {
  'use strict';
  var M = window.Marsad;
  var box = document.getElementById('network');
  var panel = document.getElementById('evidence-body');
  if (!box) { return; }
  var W = M.json(box, 'data-words');
  var WIDTH = 900, HEIGHT = 620;

  function label(n) { return (W.lang === 'en' && n.name_en) ? n.name_en : n.name; }

  function layout(nodes, edges, centerId) {
    var n = nodes.length, i, j, it;
    var k = Math.sqrt((WIDTH * HEIGHT) / Math.max(n, 1)) * 0.6;
    var idx = {};
    nodes.forEach(function (nd, i) {
      idx[nd.id] = i;
      var a = (2 * Math.PI * i) / n;
      nd.x = WIDTH / 2 + (WIDTH / 3) * Math.cos(a);
      nd.y = HEIGHT / 2 + (HEIGHT / 3) * Math.sin(a);
      nd.fixed = nd.id === centerId;
      if (nd.fixed) { nd.x = WIDTH / 2; nd.y = HEIGHT / 2; }
    });
    var links = edges.map(function (e) { return [idx[e.source], idx[e.target]]; });
    var temp = WIDTH / 8;
    for (it = 0; it < 300; it++) {
      var dx = new Float64Array(n), dy = new Float64Array(n);
      for (i = 0; i < n; i++) {
        for (j = i + 1; j < n; j++) {
          var ex = nodes[i].x - nodes[j].x, ey = nodes[i].y - nodes[j].y;
          var d2 = ex * ex + ey * ey + 0.01, d = Math.sqrt(d2);
          var f = (k * k) / d;
          dx[i] += (ex / d) * f; dy[i] += (ey / d) * f;
          dx[j] -= (ex / d) * f; dy[j] -= (ey / d) * f;
        }
      }
      links.forEach(function (l) {
        var a = nodes[l[0]], b = nodes[l[1]];
        var ex = a.x - b.x, ey = a.y - b.y, d = Math.sqrt(ex * ex + ey * ey) + 0.01;
        var f = (d * d) / k;
        dx[l[0]] -= (ex / d) * f; dy[l[0]] -= (ey / d) * f;
        dx[l[1]] += (ex / d) * f; dy[l[1]] += (ey / d) * f;
      });
      for (i = 0; i < n; i++) {
        var nd = nodes[i];
        if (nd.fixed) { continue; }
        dx[i] += (WIDTH / 2 - nd.x) * 0.05 * k / 50;   // gravity keeps loose parts on screen
        dy[i] += (HEIGHT / 2 - nd.y) * 0.05 * k / 50;
        var len = Math.sqrt(dx[i] * dx[i] + dy[i] * dy[i]) + 0.01;
        var step = Math.min(len, temp);
        nd.x = Math.min(WIDTH - 40, Math.max(40, nd.x + (dx[i] / len) * step));
        nd.y = Math.min(HEIGHT - 30, Math.max(30, nd.y + (dy[i] / len) * step));
      }
      temp *= 0.985;
    }
  }

  function radius(nd) { return Math.min(24, 6 + 3 * Math.sqrt(nd.events || 1)); }

  function draw(data) {
    M.clear(box);
    if (!data.edges.length) { M.message(box, M.word(W, 'empty_graph')); return; }
    var nodes = data.nodes, edges = data.edges;
    layout(nodes, edges, data.center);
    var byId = {};
    nodes.forEach(function (n) { byId[n.id] = n; });
    var svg = M.svg('svg', { viewBox: '0 0 ' + WIDTH + ' ' + HEIGHT, role: 'img', id: 'network-svg' });
    var defs = M.svg('defs');
    [0, 1, 2, 3, 4].forEach(function (q) {
      var mk = M.svg('marker', { id: 'arrow-q' + q, viewBox: '0 0 10 10', refX: '9', refY: '5',
        markerWidth: '5', markerHeight: '5', orient: 'auto-start-reverse' });
      mk.appendChild(M.svg('path', { d: 'M0,0 L10,5 L0,10 z', fill: M.QUAD_COLORS[q] }));
      defs.appendChild(mk);
    });
    svg.appendChild(defs);
    var gEdges = M.svg('g', { 'class': 'edges' }), gNodes = M.svg('g', { 'class': 'nodes' });
    svg.appendChild(gEdges); svg.appendChild(gNodes);
    var pairCount = {};
    var selected = null;
    edges.forEach(function (e) {
      var a = byId[e.source], b = byId[e.target];
      var key = [e.source, e.target].sort().join('\u0000');
      var nth = pairCount[key] = (pairCount[key] || 0) + 1;
      var ex = b.x - a.x, ey = b.y - a.y, d = Math.sqrt(ex * ex + ey * ey) + 0.01;
      var rb = radius(b) + 3;
      var tx = b.x - (ex / d) * rb, ty = b.y - (ey / d) * rb;
      var bend = (e.source < e.target ? 1 : -1) * 18 * nth;
      var cx = (a.x + tx) / 2 - (ey / d) * bend, cy = (a.y + ty) / 2 + (ex / d) * bend;
      var dpath = 'M' + a.x.toFixed(1) + ',' + a.y.toFixed(1) + ' Q' + cx.toFixed(1) + ',' + cy.toFixed(1) +
        ' ' + tx.toFixed(1) + ',' + ty.toFixed(1);
      var q = e.quad_code || 0;
      var path = M.svg('path', { d: dpath, 'class': 'edge q' + q, stroke: M.QUAD_COLORS[q],
        'stroke-width': String(Math.min(12, 1.5 + 2 * Math.sqrt(e.stories))), 'marker-end': 'url(#arrow-q' + q + ')',
        'data-source': e.source, 'data-target': e.target });
      var hit = M.svg('path', { d: dpath, 'class': 'edge-hit' });
      var types = Object.keys(e.types).map(function (t) { return M.typeLabel(W, t) + ' ×' + e.types[t]; }).join(', ');
      var tip = label(a) + M.arrow(W) + label(b) + ' · ' + types + ' · ' + e.stories + ' ' + M.word(W, 'stories');
      hit.appendChild(M.svg('title', null, tip));
      hit.addEventListener('click', function () {
        if (selected) { selected.classList.remove('selected'); }
        selected = path; path.classList.add('selected');
        if (panel) {
          M.renderEvidence(panel, tip + ' (' + ((W.quads || {})[String(q)] || '') + ')', e.evidence, W);
        }
      });
      gEdges.appendChild(path);
      gEdges.appendChild(hit);
    });
    nodes.forEach(function (n) {
      var g = M.svg('g', { 'class': 'node' + (n.id === data.center ? ' center' : ''),
        transform: 'translate(' + n.x.toFixed(1) + ',' + n.y.toFixed(1) + ')', 'data-id': n.id });
      g.appendChild(M.svg('circle', { r: String(radius(n)) }));
      g.appendChild(M.svg('title', null, label(n) + (n.code ? ' (' + n.code + ')' : '')));
      g.appendChild(M.svg('text', { y: String(radius(n) + 13), 'text-anchor': 'middle' }, label(n)));
      g.addEventListener('click', function () { window.location.href = M.actorHref(n.id); });
      gNodes.appendChild(g);
    });
    box.appendChild(svg);
    box.setAttribute('data-ready', String(nodes.length));
  }

  M.getJSON(box.getAttribute('data-api'))
    .then(draw)
    .catch(function (err) { M.message(box, String(err.message || err)); box.setAttribute('data-ready', 'error'); });
}());
