// Shared helpers of the lab page's scripts (plain ES2017, no framework, no build step).
'use strict';
const Orchard = (() => {
  const csrf = () => (document.querySelector('meta[name="orchard-csrf"]') || {}).content || '';
  async function post(url) {
    // the session's CSRF token in a header a cross-site form cannot set (docs/lab-page.md, "Access")
    const r = await fetch(url, {method: 'POST', headers: {'X-Orchard-CSRF': csrf()}, credentials: 'same-origin'});
    if (r.status === 401) { location.href = '/ui/login'; }
    let body = {};
    try { body = await r.json(); } catch (e) { /* a redirect or an empty answer */ }
    return {status: r.status, body};
  }
  async function getJson(url) {
    const r = await fetch(url, {credentials: 'same-origin'});
    if (r.status === 401) { location.href = '/ui/login'; throw new Error('not logged in'); }
    const body = await r.json();
    if (!r.ok) { throw new Error(body.message || ('HTTP ' + r.status)); }
    return body;
  }
  function bytes(n) {
    if (n === null || n === undefined) return '';
    const u = ['B', 'KB', 'MB', 'GB', 'TB']; let i = 0; let v = n;
    while (v >= 1000 && i < u.length - 1) { v /= 1000; i++; }
    return (i === 0 ? v : v.toFixed(v < 10 ? 1 : 0)) + ' ' + u[i];
  }
  function duration(seconds) {
    if (seconds === null || seconds === undefined || !isFinite(seconds)) return '';
    const s = Math.max(0, Math.round(seconds));
    if (s < 60) return s + ' s';
    if (s < 3600) return Math.floor(s / 60) + ' min ' + (s % 60) + ' s';
    return Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min';
  }
  function ago(iso) {
    if (!iso) return '';
    return duration((Date.now() - Date.parse(iso)) / 1000) + ' ago';
  }
  function time(iso) { return iso ? new Date(iso).toLocaleString() : ''; }
  function el(tag, attrs, text) {
    const e = document.createElement(tag);
    for (const k in (attrs || {})) { e.setAttribute(k, attrs[k]); }
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }
  // a two-column table of label and value ('–' when unknown)
  function facts(table, pairs) {
    table.textContent = '';
    for (const [k, v] of pairs) {
      const tr = el('tr'); tr.appendChild(el('th', {}, k)); tr.appendChild(el('td', {}, v === null || v === undefined ? '–' : String(v)));
      table.appendChild(tr);
    }
  }
  function stream(onEvent, live) {
    const es = new EventSource('/ui/stream');
    es.addEventListener('open', () => live(true));
    ['snapshot', 'rows'].forEach(kind => es.addEventListener(kind, m => onEvent(kind, JSON.parse(m.data))));
    es.addEventListener('logout', () => { es.close(); location.href = '/ui/login'; });
    es.addEventListener('error', () => {
      live(false);
      // EventSource gives up on a 401; find out whether the session is over (then log in again)
      if (es.readyState === EventSource.CLOSED) {
        fetch('/ui/data/server', {credentials: 'same-origin'}).then(r => { if (r.status === 401) location.href = '/ui/login'; });
      }
    });
    return es;
  }
  document.addEventListener('DOMContentLoaded', () => {
    document.querySelectorAll('[data-logout]').forEach(b => b.addEventListener('click', async () => {
      await fetch('/ui/logout', {method: 'POST', headers: {'X-Orchard-CSRF': csrf()}, credentials: 'same-origin'});
      location.href = '/ui/login';
    }));
  });
  return {csrf, post, getJson, bytes, duration, ago, time, el, facts, stream};
})();
