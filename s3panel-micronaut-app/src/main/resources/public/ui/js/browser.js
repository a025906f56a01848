// The folder browser: breadcrumb, folders first, a virtual list (only the visible rows are in the DOM),
// "load more" / infinite scroll over next_marker, sorting within what is loaded, and the object details panel.
import { api, qs } from './api.js';
import { h, spinner, errorBox, formatSize, formatDate, keyB64, uid } from './dom.js';
import { routes, accessBadge, grantsTable, state } from './app.js';
import { toolbar, selectionBar, dropZone } from './objects.js';

const enc = encodeURIComponent;
const ROW = 44;          // px, fixed row height (see .vrow in app.css)
const OVERSCAN = 8;
const PAGE = 1000;       // entries a listing call; one call opens a folder

let view = null;         // the open folder: {ctx, entries, nextMarker, …}

function lastSegment(path) {
  const trimmed = path.endsWith('/') ? path.slice(0, -1) : path;
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

function breadcrumb(cred, bucket, prefix) {
  const items = [h('li', null, h('a', { href: routes.buckets(cred) }, 'Buckets'))];
  const segs = prefix.split('/').filter(Boolean);
  items.push(h('li', null, segs.length ? h('a', { href: routes.folder(cred, bucket) }, bucket) : h('span', { 'aria-current': 'page' }, bucket)));
  let acc = '';
  segs.forEach((seg, i) => {
    acc += seg + '/';
    items.push(h('li', null, i === segs.length - 1 ? h('span', { 'aria-current': 'page' }, seg) : h('a', { href: routes.folder(cred, bucket, acc) }, seg)));
  });
  return h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' }, h('ol', null, items));
}

function compare(sort) {
  const dir = sort.dir === 'asc' ? 1 : -1;
  const value = e => {
    if (sort.col === 'size') return e.size ?? -1;
    if (sort.col === 'modified') return e.last_modified || '';
    if (sort.col === 'class') return e.storage_class || '';
    return e.name.toLowerCase();
  };
  return (a, b) => {
    if (a.folder !== b.folder) return a.folder ? -1 : 1;   // folders first, whatever the order
    const va = value(a); const vb = value(b);
    if (va < vb) return -dir;
    if (va > vb) return dir;
    return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  };
}

/** Opens (or updates) the folder screen for {cred, bucket, prefix, key}. */
export async function folderScreen(main, ctx, reuse) {
  if (reuse && view && view.ctx.prefix === ctx.prefix) {
    view.ctx = ctx;
    detailsPanel(view, ctx.key);
    return;
  }
  const started = performance.now();
  const v = {
    ctx, entries: [], nextMarker: '', loading: false, sort: { col: 'name', dir: 'asc' }, rows: new Map(), error: null,
    selected: new Map(),
  };
  v.reload = () => reload(v);
  v.refreshSelection = () => refreshSelection(v);
  view = v;
  const heading = h('h1', null, ctx.prefix ? lastSegment(ctx.prefix) + '/' : ctx.bucket);
  v.status = h('p', { class: 'muted', role: 'status', 'aria-live': 'polite' });
  v.more = h('button', { type: 'button', class: 'secondary', hidden: true, onclick: () => loadMore(v) }, 'Load more');
  v.pad = h('div', { class: 'vpad', role: 'rowgroup' });
  v.body = h('div', { class: 'vbody', tabindex: '-1' }, v.pad);
  v.body.addEventListener('scroll', () => schedule(v), { passive: true });
  v.selectAll = h('input', { type: 'checkbox', 'aria-label': 'Select everything loaded', onchange: e => selectAll(v, e.target.checked) });
  v.head = h('div', { class: 'vhead', role: 'rowgroup' }, h('div', { class: 'vrow head', role: 'row' },
    h('div', { role: 'columnheader', class: 'cell c-sel' }, v.selectAll),
    [['name', 'Name'], ['size', 'Size'], ['modified', 'Last modified'], ['class', 'Storage class']].map(([col, label]) => {
      const b = h('button', { type: 'button', class: 'sort', onclick: () => sortBy(v, col) }, label);
      return h('div', { role: 'columnheader', class: 'cell c-' + col, 'data-col': col }, b);
    })));
  v.table = h('div', { class: 'vtable', role: 'table', 'aria-label': `Contents of ${ctx.bucket}/${ctx.prefix}`, 'aria-rowcount': '1' }, v.head, v.body);
  v.listArea = h('div', { class: 'list-area' }, spinner('Opening the folder…'));
  v.panel = h('aside', { class: 'details', hidden: true, 'aria-label': 'Object details' });
  const listCol = h('div', { class: 'list-col' }, selectionBar(v), v.listArea, h('div', { class: 'list-foot' }, v.status, v.more));
  dropZone(v, listCol);
  main.replaceChildren(breadcrumb(ctx.cred, ctx.bucket, ctx.prefix),
    h('div', { class: 'title-row' }, heading, h('a', { class: 'button small secondary', href: routes.acl(ctx.cred, ctx.bucket) }, 'Bucket permissions')),
    toolbar(v),
    h('div', { class: 'browser' }, listCol, v.panel));
  heading.setAttribute('tabindex', '-1');
  heading.focus({ preventScroll: true });
  detailsPanel(v, ctx.key);
  await loadMore(v);
  if (view === v && !v.error) {
    performance.mark('s3panel:folder-ready', { detail: { ms: performance.now() - started } });
  }
}

/** Starts the folder over (after an upload, a new folder, a batch): one listing call, selection cleared. */
function reload(v) {
  if (view !== v) return;
  v.entries = [];
  v.nextMarker = '';
  v.error = null;
  v.selected.clear();
  clearRows(v);
  refreshSelection(v);
  v.listArea.replaceChildren(spinner('Refreshing the folder…'));
  loadMore(v);
}

function selectAll(v, on) {
  v.selected.clear();
  if (on) for (const e of v.entries) v.selected.set(e.path, e);
  clearRows(v);
  render(v);
  refreshSelection(v);
}

function refreshSelection(v) {
  for (const [i, row] of v.rows) {
    const on = v.selected.has(v.entries[i].path);
    row.classList.toggle('is-selected', on);
    const box = row.querySelector('input[type=checkbox]');
    if (box) box.checked = on;
  }
  const n = v.selected.size;
  v.selectAll.checked = n > 0 && n === v.entries.length;
  v.selectAll.indeterminate = n > 0 && n < v.entries.length;
  if (v.onSelection) v.onSelection();
}

function sortBy(v, col) {
  v.sort = v.sort.col === col ? { col, dir: v.sort.dir === 'asc' ? 'desc' : 'asc' } : { col, dir: 'asc' };
  v.entries.sort(compare(v.sort));
  for (const cell of v.head.querySelectorAll('[data-col]')) {
    const c = cell.getAttribute('data-col');
    cell.setAttribute('aria-sort', c === v.sort.col ? (v.sort.dir === 'asc' ? 'ascending' : 'descending') : 'none');
  }
  clearRows(v);
  render(v);
}

async function loadMore(v) {
  if (v.loading) return;
  v.loading = true;
  v.more.disabled = true;
  const first = v.entries.length === 0 && !v.nextMarker;
  if (!first) v.status.replaceChildren(h('span', { class: 'spinner', 'aria-hidden': 'true' }), 'Loading more…');
  const { cred, bucket, prefix } = v.ctx;
  try {
    const page = await api('GET', `/api/buckets/${enc(bucket)}/folders` + qs({
      aws_cred: cred, prefix, next_marker: v.nextMarker, max_keys: PAGE, include_grants: 'false' }));
    if (view !== v) return;
    for (const f of page.folders) v.entries.push({ folder: true, path: f, name: lastSegment(f) });
    for (const f of page.files) {
      if (f.file === prefix) continue;   // the folder's own marker object
      v.entries.push({ folder: false, path: f.file, name: lastSegment(f.file), size: f.size,
        last_modified: f.last_modified, storage_class: f.storage_class, key_b64: f.key_b64 });
    }
    v.nextMarker = page.next_marker || '';
    v.entries.sort(compare(v.sort));
    v.error = null;
    if (v.entries.length && v.listArea.firstChild !== v.table) v.listArea.replaceChildren(v.table);
    else if (!v.entries.length) v.listArea.replaceChildren(emptyState(v));
    clearRows(v);
    render(v);
  } catch (err) {
    if (view !== v) return;
    v.error = err;
    if (first) v.listArea.replaceChildren(errorBox(`Could not open ${bucket}/${prefix}`, err));
    else v.status.replaceChildren(errorBox('Could not load more', err));
  } finally {
    v.loading = false;
    v.more.disabled = false;
    if (view === v) updateFoot(v);
  }
}

function emptyState(v) {
  const { cred, bucket, prefix } = v.ctx;
  const parent = prefix.split('/').filter(Boolean).slice(0, -1).join('/');
  return h('div', { class: 'empty' }, h('p', null, prefix ? 'This folder is empty.' : 'This bucket is empty.'),
    h('p', null, 'Drop files here, or use “Upload files” or “New folder” above.'),
    h('p', null, prefix ? h('a', { href: routes.folder(cred, bucket, parent ? parent + '/' : '') }, 'Go up one level')
      : h('a', { href: routes.buckets(cred) }, 'Back to the buckets')));
}

function updateFoot(v) {
  if (v.error && v.entries.length) return;
  const n = v.entries.length;
  const folders = v.entries.filter(e => e.folder).length;
  v.status.textContent = n === 0 ? '' : `${folders} folder${folders === 1 ? '' : 's'}, ${n - folders} file${n - folders === 1 ? '' : 's'} loaded`
    + (v.nextMarker ? ' — there is more; scroll down or load more. Sorting applies to what is loaded.' : '.');
  v.more.hidden = !v.nextMarker;
  v.table.setAttribute('aria-rowcount', String(n + 1));
}

let frame = 0;
function schedule(v) {
  if (frame) return;
  frame = requestAnimationFrame(() => { frame = 0; render(v); });
}

function clearRows(v) {
  v.rows.forEach(r => r.remove());
  v.rows.clear();
}

function render(v) {
  const total = v.entries.length;
  v.pad.style.height = (total * ROW) + 'px';
  const height = v.body.clientHeight || 600;
  const start = Math.max(0, Math.floor(v.body.scrollTop / ROW) - OVERSCAN);
  const end = Math.min(total, Math.ceil((v.body.scrollTop + height) / ROW) + OVERSCAN);
  for (const [i, row] of v.rows) {
    if (i < start || i >= end) { row.remove(); v.rows.delete(i); }
  }
  for (let i = start; i < end; i++) {
    if (!v.rows.has(i)) {
      const row = rowFor(v, v.entries[i], i);
      row.style.transform = `translateY(${i * ROW}px)`;
      v.rows.set(i, row);
      v.pad.appendChild(row);
    }
  }
  if (v.nextMarker && !v.loading && !v.error && end >= total - OVERSCAN * 2) loadMore(v);
}

function rowFor(v, e, i) {
  const { cred, bucket } = v.ctx;
  const name = e.folder
    ? h('a', { href: routes.folder(cred, bucket, e.path), class: 'entry folder' }, h('span', { class: 'icon', 'aria-hidden': 'true' }), e.name + '/')
    : h('a', { href: routes.folder(cred, bucket, v.ctx.prefix, e.path), class: 'entry file' + (e.path === v.ctx.key ? ' selected' : '') },
      h('span', { class: 'icon', 'aria-hidden': 'true' }), e.name);
  const box = h('input', { type: 'checkbox', checked: v.selected.has(e.path), 'aria-label': `Select ${e.name}${e.folder ? '/' : ''}`,
    onchange: ev => { if (ev.target.checked) v.selected.set(e.path, e); else v.selected.delete(e.path); refreshSelection(v); } });
  return h('div', { class: 'vrow' + (v.selected.has(e.path) ? ' is-selected' : ''), role: 'row', 'aria-rowindex': String(i + 2) },
    h('div', { role: 'cell', class: 'cell c-sel' }, box),
    h('div', { role: 'cell', class: 'cell c-name' }, name),
    h('div', { role: 'cell', class: 'cell c-size' }, e.folder ? '—' : formatSize(e.size)),
    h('div', { role: 'cell', class: 'cell c-modified' }, e.folder ? '' : formatDate(e.last_modified)),
    h('div', { role: 'cell', class: 'cell c-class' }, e.folder ? 'Folder' : (e.storage_class || '')));
}

// ---------------------------------------------------------------- object details

const EXPIRIES = [[300, '5 minutes'], [3600, '1 hour'], [86400, '1 day'], [604800, '7 days']];

function closeDetails(v) {
  location.hash = routes.folder(v.ctx.cred, v.ctx.bucket, v.ctx.prefix);
}

async function detailsPanel(v, key) {
  const panel = v.panel;
  for (const a of v.pad.querySelectorAll('a.file')) a.classList.remove('selected');
  if (!key) {
    const had = !panel.hidden;
    panel.hidden = true;
    panel.replaceChildren();
    if (had && v.returnFocus && v.returnFocus.isConnected) v.returnFocus.focus();
    return;
  }
  if (document.activeElement && v.pad.contains(document.activeElement)) v.returnFocus = document.activeElement;
  const { cred, bucket } = v.ctx;
  const close = h('button', { type: 'button', class: 'secondary small close', 'aria-label': 'Close details', onclick: () => closeDetails(v) }, '×');
  const title = h('h2', { class: 'wrap', tabindex: '-1' }, key.slice(key.lastIndexOf('/') + 1) || key);
  panel.hidden = false;
  panel.replaceChildren(h('div', { class: 'panel-head' }, title, close), spinner('Loading the object details…'));
  panel.onkeydown = e => { if (e.key === 'Escape') closeDetails(v); };
  title.focus({ preventScroll: true });
  let d;
  try {
    d = await api('GET', `/api/buckets/${enc(bucket)}/objects/${keyB64(key)}` + qs({ aws_cred: cred }));
  } catch (err) {
    if (v.ctx.key !== key) return;
    panel.replaceChildren(h('div', { class: 'panel-head' }, title, close), errorBox('Could not read the object', err));
    title.focus({ preventScroll: true });
    return;
  }
  if (v.ctx.key !== key || view !== v) return;
  const prop = (label, value, mono) => value === null || value === undefined || value === '' ? null
    : [h('dt', null, label), h('dd', { class: mono ? 'mono wrap' : 'wrap' }, String(value))];
  const meta = Object.entries(d.metadata || {});
  const preview = h('div', { class: 'preview' });
  const focusHere = panel.contains(document.activeElement) || document.activeElement === document.body;
  panel.replaceChildren(h('div', { class: 'panel-head' }, title, close),
    h('dl', { class: 'props' },
      prop('Key', d.key, true), prop('Size', `${formatSize(d.size)} (${Number(d.size).toLocaleString()} bytes)`),
      prop('Last modified', formatDate(d.last_modified)), prop('Content type', d.content_type, true),
      prop('Storage class', d.storage_class), prop('ETag', d.etag, true), prop('Version', d.version_id, true),
      prop('Encryption', d.server_side_encryption)),
    h('h3', null, 'User metadata'),
    meta.length ? h('dl', { class: 'props' }, meta.map(([k, val]) => [h('dt', { class: 'mono wrap' }, k), h('dd', { class: 'mono wrap' }, String(val))]))
      : h('p', { class: 'muted' }, 'No user metadata.'),
    h('h3', null, 'Permissions'), h('p', null, accessBadge(d.grants)), grantsTable(d.grants, 'Grants of the object ACL'),
    h('h3', null, 'Share or download'), presignForm(v, d, preview),
    preview);
  // Replacing the panel's children drops the focus the title had: give it back so Escape keeps working.
  if (focusHere) title.focus({ preventScroll: true });
  const ct = (d.content_type || '').toLowerCase();
  if (ct.startsWith('image/') || (ct.startsWith('text/plain') && d.size <= 1_000_000)) showPreview(v, d, preview, ct);
}

async function presign(v, key, expires) {
  const r = await api('POST', `/api/buckets/${enc(v.ctx.bucket)}/objects/get_presigned_url` + qs({ aws_cred: v.ctx.cred }),
    { object_key: key, expires_in: expires });
  return r.presigned_url;
}

function presignForm(v, d, preview) {
  const sel = uid('expiry');
  const out = uid('link');
  const select = h('select', { id: sel }, EXPIRIES.map(([s, label]) => h('option', { value: String(s), selected: s === 3600 }, label)));
  const link = h('input', { id: out, class: 'mono', readonly: true, value: '', placeholder: 'Create a link first' });
  const copied = h('span', { class: 'muted', role: 'status', 'aria-live': 'polite' });
  const download = h('a', { class: 'button small secondary', hidden: true, rel: 'noreferrer', download: d.key.slice(d.key.lastIndexOf('/') + 1) }, 'Download');
  const copy = h('button', { type: 'button', class: 'small secondary', disabled: true, onclick: async () => {
    try {
      await navigator.clipboard.writeText(link.value);
    } catch {
      link.select();
      document.execCommand('copy');
    }
    copied.textContent = 'Link copied.';
  } }, 'Copy');
  const alertBox = h('div');
  const make = h('button', { type: 'button', class: 'small', onclick: async () => {
    alertBox.replaceChildren();
    make.disabled = true;
    try {
      link.value = await presign(v, d.key, Number(select.value));
      copy.disabled = false;
      download.href = link.value;
      download.hidden = false;
      copied.textContent = 'Link ready.';
      link.focus();
      link.select();
    } catch (err) {
      alertBox.replaceChildren(errorBox('Could not create the link', err));
    } finally {
      make.disabled = false;
    }
  } }, 'Create link');
  return h('div', { class: 'presign' },
    h('div', { class: 'field inline' }, h('label', { for: sel }, 'Link valid for'), select, make),
    alertBox,
    h('div', { class: 'field' }, h('label', { for: out }, 'Presigned link'), link),
    h('div', { class: 'actions left' }, copy, download, copied));
}

async function showPreview(v, d, box, ct) {
  box.replaceChildren(h('h3', null, 'Preview'), spinner('Preparing the preview…'));
  try {
    const url = await presign(v, d.key, 300);
    if (v.ctx.key !== d.key) return;
    const el = ct.startsWith('image/')
      ? h('img', { src: url, alt: `Preview of ${d.key}`, class: 'preview-img' })
      : h('iframe', { src: url, sandbox: '', title: `Preview of ${d.key}`, class: 'preview-text', referrerpolicy: 'no-referrer' });
    box.replaceChildren(h('h3', null, 'Preview'), el);
  } catch (err) {
    box.replaceChildren(h('h3', null, 'Preview'), errorBox('No preview', err));
  }
}

