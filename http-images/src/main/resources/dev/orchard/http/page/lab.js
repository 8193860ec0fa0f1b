// The lab view: every Mac as a row, kept live from the server's event stream (docs/lab-page.md).
// Updates are applied to a Map at once and drawn at most once per animation frame, touching only the
// rows that changed: a storm of events for 500 Macs costs one DOM pass per frame, not one per event.
'use strict';
(() => {
  const STAGES = ['plan', 'erase', 'restore', 'verify', 'install', 'workflow', 'bless', 'reboot', 'done'];
  const rows = new Map();        // mac -> row document, as the server shaped it
  const trs = new Map();         // mac -> <tr>
  const dirty = new Set();
  let all = false;               // filters, sort or a snapshot changed: re-filter and re-order everything
  let frame = 0;
  let sortKey = 'mac', sortDir = 1;
  const $ = id => document.getElementById(id);
  const tbody = $('rows');

  const groupText = r => (r.groups || []).join(', ');
  const COLUMNS = [
    ['name', r => r.name || ''], ['mac', r => r.mac], ['serial', r => r.serial || ''], ['model', r => r.model || ''],
    ['group', groupText], ['policy', r => r.policy || ''], ['action', r => r.action || ''], ['nbi', r => r.nbi || ''],
    ['stage', r => [r.stage ? r.stage + (r.step ? ' ' + r.step : '') + ' ' + (r.result || '') : '',
      r.erase ? 'MDM erase ' + r.erase.stage + (r.erase.reason ? ' (' + r.erase.reason + ')' : '') : '',
      r.rerun ? 're-run requested' : ''].filter(Boolean).join(' · ')],
    ['progress', null], ['throughput', r => r.throughput ? Orchard.bytes(r.throughput) + '/s' : ''],
    ['eta', r => Orchard.duration(r.eta)], ['lastSeen', r => Orchard.ago(r.lastSeen)], ['message', r => r.message || (r.erase && r.erase.detail) || '']];

  function sortValue(r, key) {
    switch (key) {
      case 'group': return groupText(r);
      case 'stage': return r.stage ? STAGES.indexOf(r.stage) : -1;
      case 'progress': case 'throughput': case 'eta': return r[key] === null || r[key] === undefined ? -1 : r[key];
      default: return (r[key] || '').toString().toLowerCase();
    }
  }

  function matches(r) {
    const stage = $('f-stage').value, group = $('f-group').value, q = $('f-search').value.trim().toLowerCase();
    if (stage && r.stage !== stage) return false;
    if (group && !(r.groups || []).includes(group)) return false;
    if ($('f-failed').checked && !r.failed) return false;
    if (q) {
      const hay = [r.name, r.mac, r.mac.replace(/:/g, ''), r.serial, r.model, r.policy].join(' ').toLowerCase();
      if (!hay.includes(q)) return false;
    }
    return true;
  }

  function build(mac) {
    const tr = Orchard.el('tr', {'data-mac': mac});
    for (const [key] of COLUMNS) {
      const td = Orchard.el('td', {class: 'c-' + key});
      if (key === 'name') td.appendChild(Orchard.el('a', {href: '/ui/machine?mac=' + encodeURIComponent(mac)}));
      if (key === 'progress') {
        const outer = Orchard.el('span', {class: 'bar-outer'}); outer.appendChild(Orchard.el('span', {class: 'bar-inner'}));
        td.appendChild(outer); td.appendChild(Orchard.el('span', {class: 'pct'}));
      }
      tr.appendChild(td);
    }
    trs.set(mac, tr);
    return tr;
  }

  function fill(tr, r) {
    tr.dataset.stage = r.stage || '';
    tr.dataset.result = r.result || '';
    tr.dataset.rerun = r.rerun ? 'requested' : '';
    tr.dataset.erase = r.erase ? r.erase.stage : '';
    tr.className = (r.failed ? 'failed' : '') + (r.stage === 'done' && r.result === 'succeeded' ? ' done' : '');
    COLUMNS.forEach(([key, text], i) => {
      const td = tr.children[i];
      if (key === 'name') { td.firstChild.textContent = r.name || r.mac; return; }
      if (key === 'progress') {
        const pct = r.progress === null || r.progress === undefined ? null : r.progress;
        td.firstChild.firstChild.style.width = (pct || 0) + '%';
        td.lastChild.textContent = pct === null ? '' : pct.toFixed(0) + '%' + (r.bytesTotal ? ' of ' + Orchard.bytes(r.bytesTotal) : '');
        return;
      }
      const t = text(r);
      if (td.textContent !== t) td.textContent = t;
    });
  }

  function draw() {
    frame = 0;
    for (const mac of dirty) {
      const r = rows.get(mac);
      if (!r) { const tr = trs.get(mac); if (tr) { tr.remove(); trs.delete(mac); } continue; }
      fill(trs.get(mac) || build(mac), r);
    }
    const wasAll = all;
    all = false;
    // order and membership change only when a shown row changed or filters/sort did
    const shown = [...rows.values()].filter(matches)
      .sort((a, b) => { const x = sortValue(a, sortKey), y = sortValue(b, sortKey);
        return (x < y ? -1 : x > y ? 1 : a.mac < b.mac ? -1 : 1) * sortDir; });
    let same = !wasAll && shown.length === tbody.children.length;
    for (let i = 0; same && i < shown.length; i++) { same = tbody.children[i] === trs.get(shown[i].mac); }
    if (!same) {
      const f = document.createDocumentFragment();
      for (const r of shown) f.appendChild(trs.get(r.mac) || (fill(build(r.mac), r), trs.get(r.mac)));
      tbody.textContent = '';
      tbody.appendChild(f);
    }
    dirty.clear();
    refreshFilters();
    const failed = [...rows.values()].filter(r => r.failed).length;
    const done = [...rows.values()].filter(r => r.stage === 'done' && r.result === 'succeeded').length;
    $('counts').textContent = shown.length + ' shown · ' + rows.size + ' Macs · ' + done + ' done · ' + failed + ' failed';
    $('empty').hidden = rows.size > 0;
  }

  function schedule() { if (!frame) frame = requestAnimationFrame(draw); }

  function refreshFilters() {
    const groups = new Set();
    rows.forEach(r => (r.groups || []).forEach(g => groups.add(g)));
    const sel = $('f-group');
    const have = new Set([...sel.options].map(o => o.value));
    [...groups].sort().forEach(g => { if (!have.has(g)) sel.appendChild(Orchard.el('option', {value: g}, g)); });
  }

  function onEvent(kind, data) {
    if (kind === 'snapshot') {
      rows.forEach((r, mac) => dirty.add(mac));
      rows.clear();
      all = true;
    }
    for (const r of data.rows) { rows.set(r.mac, r); dirty.add(r.mac); }
    for (const mac of data.removed) { rows.delete(mac); dirty.add(mac); }
    schedule();
  }

  function live(on) { const l = $('live'); l.textContent = on ? 'live' : 'reconnecting…'; l.className = 'live ' + (on ? 'on' : 'off'); }

  document.addEventListener('DOMContentLoaded', () => {
    STAGES.forEach(s => $('f-stage').appendChild(Orchard.el('option', {value: s}, s)));
    ['f-stage', 'f-group', 'f-failed', 'f-search'].forEach(id => $(id).addEventListener('input', () => { all = true; schedule(); }));
    document.querySelectorAll('#lab th[data-sort]').forEach(th => th.addEventListener('click', () => {
      const key = th.dataset.sort;
      sortDir = key === sortKey ? -sortDir : 1;
      sortKey = key;
      document.querySelectorAll('#lab th').forEach(h => h.classList.remove('sorted-asc', 'sorted-desc'));
      th.classList.add(sortDir > 0 ? 'sorted-asc' : 'sorted-desc');
      all = true; schedule();
    }));
    // "last seen" ages: one pass every 5 s over what is shown (no request)
    setInterval(() => { rows.forEach((r, mac) => dirty.add(mac)); schedule(); }, 5000);
    Orchard.stream(onEvent, live);
  });
})();
