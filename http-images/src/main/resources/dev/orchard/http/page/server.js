// The server: listeners, block images from their manifests, configuration version and the last reload
// (with its errors when rejected), and the lab's live throughput summed from the event stream.
'use strict';
(() => {
  const $ = id => document.getElementById(id);
  const rows = new Map();
  let frame = 0;

  function render(doc) {
    const v = doc.config || {};
    Orchard.facts($('config'), [['Version (SHA-256 of the files)', v.digest], ['Loaded', Orchard.time(v.loadedAt)],
      ['Files', v.files], ['Policies', v.policies], ['Warnings', (v.warnings || []).length]]);
    const r = doc.lastReload; const box = $('reload'); box.textContent = '';
    if (!r) { box.appendChild(Orchard.el('p', {class: 'muted'}, 'No reload since the server started.')); }
    else {
      box.appendChild(Orchard.el('p', {id: 'reload-outcome', class: r.outcome === 'rejected' ? 'result-failed' : 'result-succeeded'},
        r.outcome + ' at ' + Orchard.time(r.at)));
      if (r.problems.length) {
        const ul = Orchard.el('ul', {id: 'reload-problems'});
        r.problems.forEach(p => ul.appendChild(Orchard.el('li', {class: 'mono'}, p)));
        box.appendChild(ul);
      }
    }
    const l = $('listeners').tBodies[0]; l.textContent = '';
    doc.listeners.forEach(x => { const tr = Orchard.el('tr'); tr.appendChild(Orchard.el('td', {}, x.service)); tr.appendChild(Orchard.el('td', {class: 'mono'}, x.address)); l.appendChild(tr); });
    const im = $('images').tBodies[0]; im.textContent = '';
    doc.images.forEach(x => {
      const tr = Orchard.el('tr', {'data-image': x.name});
      [x.name, Orchard.bytes(x.size), x.sha256, x.chunks + ' × ' + Orchard.bytes(x.chunkSize), Orchard.time(x.modified)]
        .forEach((v, i) => tr.appendChild(Orchard.el('td', i === 2 ? {class: 'mono'} : {}, v)));
      im.appendChild(tr);
    });
  }

  function draw() {
    frame = 0;
    let sum = 0, active = 0;
    rows.forEach(r => { if (r.throughput) { sum += r.throughput; active++; } });
    $('throughput').textContent = Orchard.bytes(sum) + '/s';
    $('active').textContent = active + ' Mac' + (active === 1 ? '' : 's') + ' transferring';
  }

  document.addEventListener('DOMContentLoaded', () => {
    Orchard.getJson('/ui/data/server').then(render).catch(e => { $('reload').textContent = e.message; });
    Orchard.stream((kind, data) => {
      if (kind === 'snapshot') rows.clear();
      data.rows.forEach(r => rows.set(r.mac, r));
      data.removed.forEach(m => rows.delete(m));
      if (!frame) frame = requestAnimationFrame(draw);
    }, on => { const l = $('live'); l.textContent = on ? 'live' : 'reconnecting…'; l.className = 'live ' + (on ? 'on' : 'off'); });
  });
})();
