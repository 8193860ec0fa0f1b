// One Mac: its identity, every run with every stage (times, durations, results, errors), the journal's other
// records, the policy's explain trace, and the actions (docs/lab-page.md, "Machine page").
'use strict';
(() => {
  const mac = new URLSearchParams(location.search).get('mac') || '';
  const $ = id => document.getElementById(id);
  let reloadTimer = 0;
  let identity = null;

  function render(doc) {
    const m = doc.machine;
    $('title').textContent = (m.name || m.mac) + (m.name ? ' (' + m.mac + ')' : '');
    Orchard.facts($('identity'), [['MAC', m.mac], ['Name', m.name], ['Serial', m.serial], ['Model', m.model],
      ['Groups', (m.groups || []).join(', ')], ['Policy', m.policy], ['Action', m.action], ['NBI', m.nbi],
      ['Stage', m.stage ? m.stage + ' ' + (m.result || '') : null], ['Progress', m.progress === null ? null : m.progress.toFixed(0) + '%'],
      ['Last seen', Orchard.time(m.lastSeen)], ['Message', m.message],
      ['MDM erase', m.erase ? m.erase.stage + (m.erase.reason ? ' (' + m.erase.reason + ')' : '') + (m.erase.detail ? ': ' + m.erase.detail : '') + ' · since ' + Orchard.time(m.erase.since) : null],
      ['Re-run', m.rerun ? 'requested at ' + Orchard.time(m.rerun.requestedAt) + ' (' + m.rerun.by + '), waiting for the next boot' : null]]);
    const runs = $('runs'); runs.textContent = '';
    if (doc.runs.length === 0) runs.appendChild(Orchard.el('p', {class: 'muted'}, 'No agent run has reported yet.'));
    doc.runs.forEach((run, i) => {
      const box = Orchard.el('div', {class: 'run', 'data-run': run.runId || ''});
      box.appendChild(Orchard.el('h4', {}, 'Run ' + (i + 1) + ' · ' + Orchard.time(run.started) + ' · '
        + (run.result || 'running') + (run.durationMs !== null ? ' · ' + Orchard.duration(run.durationMs / 1000) : '')));
      const t = Orchard.el('table', {class: 'grid small stages'});
      const head = Orchard.el('tr');
      ['Stage', 'Step', 'Started', 'Ended', 'Duration', 'Result', 'Bytes', 'Message'].forEach(h => head.appendChild(Orchard.el('th', {}, h)));
      t.appendChild(head);
      for (const s of run.stages) {
        const tr = Orchard.el('tr', {'data-stage': s.stage, 'data-result': s.result});
        [s.stage, s.step || '', Orchard.time(s.started), Orchard.time(s.ended),
          s.durationMs === null ? '' : Orchard.duration(s.durationMs / 1000), s.result,
          s.bytesTotal ? Orchard.bytes(s.bytesDone || 0) + ' / ' + Orchard.bytes(s.bytesTotal) : '', s.message || '']
          .forEach((v, j) => tr.appendChild(Orchard.el('td', j === 5 ? {class: 'result-' + s.result} : {}, v)));
        t.appendChild(tr);
      }
      box.appendChild(t);
      runs.appendChild(box);
    });
    $('act-erase').hidden = !doc.erasable;
    identity = m;
    const rec = $('records').tBodies[0]; rec.textContent = '';
    for (const r of doc.records) {
      const tr = Orchard.el('tr', r.stage ? {'data-kind': r.kind, 'data-stage': r.stage} : {'data-kind': r.kind});
      [Orchard.time(r.at), r.kind, r.text].forEach(v => tr.appendChild(Orchard.el('td', {}, v)));
      rec.appendChild(tr);
    }
    const trace = $('trace').tBodies[0]; trace.textContent = '';
    const ex = doc.explain || {};
    for (const t of (ex.trace || [])) {
      const tr = Orchard.el('tr');
      tr.dataset.outcome = t.outcome;
      [t.policy, t.at || '', t.outcome, (t.checks || []).map(c => c.field + ' ' + c.outcome + (c.detail ? ' (' + c.detail + ')' : '')).join('; ')]
        .forEach(v => tr.appendChild(Orchard.el('td', {}, v)));
      trace.appendChild(tr);
    }
    $('explain').textContent = JSON.stringify(ex, null, 2);
  }

  async function load() {
    try { render(await Orchard.getJson('/ui/data/machine?mac=' + encodeURIComponent(mac))); }
    catch (e) { notice(e.message); }
  }

  function notice(text) { const n = $('notice'); n.textContent = text; n.hidden = !text; }

  async function act(action, question, typed) {
    if (question && !confirm(question)) return;
    const r = await Orchard.post('/ui/actions/' + action + '?mac=' + encodeURIComponent(mac)
      + (typed ? '&confirm=' + encodeURIComponent(typed) : ''));
    notice(r.body.message || ('HTTP ' + r.status));
    load();
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('act-rerun').addEventListener('click', () => act('rerun', null));
    $('act-code').addEventListener('click', () => act('code', null));
    // an erase cannot be undone: the admin types the Mac's name or serial, which the server checks again
    $('act-erase').addEventListener('click', () => {
      const m = identity || {};
      const typed = prompt('Erase ' + mac + ' through the MDM? Everything on it is lost. Type its name ('
        + (m.name || '-') + ') or serial (' + (m.serial || '-') + ') to confirm:');
      if (typed) act('erase', null, typed);
    });
    $('act-forget').addEventListener('click', () => act('forget', 'Forget ' + mac + '? Its history is dropped and its current run\'s token stops working.'));
    load();
    // the page follows this Mac live: a change of its row re-reads its history (at most every 500 ms)
    Orchard.stream((kind, data) => {
      if (data.rows.some(r => r.mac === mac) || data.removed.includes(mac)) {
        if (!reloadTimer) reloadTimer = setTimeout(() => { reloadTimer = 0; load(); }, 500);
      }
    }, () => {});
  });
})();
