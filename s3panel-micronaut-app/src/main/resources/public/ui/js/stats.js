// Storage statistics: start a scan, follow its task with a progress bar, then chart size and count per bucket.
import { api, qs } from './api.js';
import { h, s, spinner, errorBox, formatSize } from './dom.js';
import { state } from './app.js';

const enc = encodeURIComponent;
const POLL_MS = 700;

export function statsScreen(main, cred) {
  const screen = state.screen;
  const area = h('div', { class: 'stats-area' });
  const start = h('button', { type: 'button', onclick: () => run(cred, area, start, screen) }, 'Start a scan');
  main.replaceChildren(h('div', { class: 'title-row' }, h('h1', { tabindex: '-1' }, 'Storage statistics'), start),
    h('p', { class: 'muted' }, `Counts every object of every bucket of “${cred}”: size and number of objects per bucket. Big accounts take a while; the scan runs on the server, so you can leave this page.`),
    area);
  area.append(h('div', { class: 'empty' }, h('p', null, 'No scan shown yet. Start one to see the chart.')));
  main.querySelector('h1').focus({ preventScroll: true });
}

async function run(cred, area, button, screen) {
  button.disabled = true;
  const bar = h('progress', { max: '1', value: '0', id: 'stats-progress', 'aria-label': 'Scan progress' });
  const label = h('p', { role: 'status', 'aria-live': 'polite' }, 'Starting the scan…');
  const cancel = h('button', { type: 'button', class: 'secondary small', hidden: true }, 'Cancel');
  const alerts = h('div');
  area.replaceChildren(h('div', { class: 'progress-box' }, bar, h('div', { class: 'task-line' }, label, cancel), alerts));
  let task;
  try {
    task = (await api('POST', '/api/objects/metadata' + qs({ aws_cred: cred }))).task_id;
  } catch (err) {
    area.replaceChildren(errorBox('Could not start the scan', err));
    button.disabled = false;
    return;
  }
  cancel.hidden = false;
  cancel.onclick = async () => {
    cancel.disabled = true;
    try {
      await api('DELETE', `/api/tasks/${enc(task)}`);
    } catch (err) {
      if (err.status !== 409) { alerts.replaceChildren(errorBox('Could not cancel the scan', err)); cancel.disabled = false; }
    }
  };
  for (;;) {
    if (state.screen !== screen) return;   // the user left; the server keeps scanning
    let status;
    try {
      status = await api('GET', `/api/check_task_status/${enc(task)}`);
    } catch (err) {
      area.replaceChildren(errorBox('Could not follow the scan', err));
      button.disabled = false;
      return;
    }
    if (status.status === 'running' || status.status === 'queued') {
      const p = status.progress || {};
      if (p.buckets_total) { bar.max = p.buckets_total; bar.value = p.buckets_done || 0; } else bar.removeAttribute('value');
      label.textContent = `${p.buckets_done || 0} of ${p.buckets_total ?? '?'} buckets, ${(p.objects_counted || 0).toLocaleString()} objects counted…`;
      await new Promise(r => setTimeout(r, POLL_MS));
      continue;
    }
    button.disabled = false;
    button.textContent = 'Scan again';
    if (status.status === 'completed') area.replaceChildren(results(status.result || {}));
    else if (status.status === 'cancelled') area.replaceChildren(h('p', { class: 'notice', role: 'status' }, 'The scan was cancelled. Start it again to see the chart.'));
    else area.replaceChildren(errorBox('The scan failed', { message: status.message || status.status }));
    return;
  }
}

function results(result) {
  const rows = Object.entries(result).filter(([k]) => k !== 'overall_total')
    .map(([bucket, r]) => ({ bucket, bytes: Number(r.size_bytes) || 0, size: r.size, count: Number(r.count) || 0 }))
    .sort((a, b) => b.bytes - a.bytes);
  const total = result.overall_total || {};
  if (!rows.length) return h('div', { class: 'empty' }, h('p', null, 'This credential set sees no bucket, so there is nothing to count.'));
  return h('div', { class: 'stats-result' },
    h('p', { class: 'total' }, `Total: ${total.total_size || formatSize(total.total_size_bytes)} in ${(total.total_count || 0).toLocaleString()} objects, ${rows.length} bucket${rows.length === 1 ? '' : 's'}.`),
    h('div', { class: 'charts' },
      chart('Size per bucket', rows, r => r.bytes, r => formatSize(r.bytes)),
      chart('Objects per bucket', rows, r => r.count, r => r.count.toLocaleString())),
    h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
      h('caption', null, 'Size and object count per bucket'),
      h('thead', null, h('tr', null, ['Bucket', 'Size', 'Objects'].map(t => h('th', { scope: 'col' }, t)))),
      h('tbody', null, rows.map(r => h('tr', null, h('th', { scope: 'row' }, r.bucket), h('td', null, r.size || formatSize(r.bytes)), h('td', null, r.count.toLocaleString())))))));
}

/** A horizontal bar chart drawn as SVG; labels are text nodes. */
function chart(title, rows, value, format) {
  const barH = 22; const gap = 8; const labelW = 140; const valueW = 90; const width = 560;
  const plotW = width - labelW - valueW;
  const max = Math.max(1, ...rows.map(value));
  const height = rows.length * (barH + gap) + gap;
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img', 'aria-label': title + ': ' + rows.map(r => `${r.bucket} ${format(r)}`).join(', ') });
  rows.forEach((r, i) => {
    const y = gap + i * (barH + gap);
    const w = Math.max(2, Math.round(plotW * value(r) / max));
    svg.append(
      s('text', { x: labelW - 8, y: y + barH / 2, class: 'chart-label', 'text-anchor': 'end', 'dominant-baseline': 'middle' }, r.bucket.length > 20 ? r.bucket.slice(0, 19) + '…' : r.bucket),
      s('rect', { x: labelW, y, width: w, height: barH, rx: 3, class: 'chart-bar' }, s('title', null, `${r.bucket}: ${format(r)}`)),
      s('text', { x: labelW + w + 6, y: y + barH / 2, class: 'chart-value', 'dominant-baseline': 'middle' }, format(r)));
  });
  return h('figure', { class: 'chart-box' }, h('figcaption', null, title), svg);
}
