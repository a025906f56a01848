// Changing what is in a folder: upload (several files, drag and drop, progress per file and overall, cancel),
// new folder, search, and the selection's actions (delete, copy, move, rename, download links) as server tasks.
import { api, qs, upload } from './api.js';
import { h, errorBox, formatSize, keyB64, uid, toast, formDialog, infoDialog, confirmDialog } from './dom.js';
import { routes, field, state } from './app.js';
import { followTask, batchWords, failureList } from './tasks.js';

const enc = encodeURIComponent;
const PARALLEL_UPLOADS = 3;
const MAX_LINKS = 200;

function parentOf(path) {
  const trimmed = path.endsWith('/') ? path.slice(0, -1) : path;
  return trimmed.slice(0, trimmed.lastIndexOf('/') + 1);
}

function plural(n, word) {
  return `${n.toLocaleString()} ${word}${n === 1 ? '' : 's'}`;
}

// ---------------------------------------------------------------- toolbar

/** Upload, new folder and search: the folder's own actions. */
export function toolbar(v) {
  const { cred, bucket, prefix } = v.ctx;
  const fileId = uid('upload');
  const picker = h('input', { type: 'file', id: fileId, multiple: true, class: 'sr-only', tabindex: '-1', name: 'files',
    onchange: e => { startUploads(v, [...e.target.files]); e.target.value = ''; } });
  const uploadBtn = h('button', { type: 'button', onclick: () => picker.click() }, 'Upload files');
  const folderBtn = h('button', { type: 'button', class: 'secondary', onclick: () => newFolder(v) }, 'New folder');
  const qId = uid('q');
  const q = h('input', { type: 'search', id: qId, name: 'q', placeholder: 'Part of a name', autocomplete: 'off' });
  const search = h('form', { class: 'search-form', role: 'search', onsubmit: e => {
    e.preventDefault();
    if (!q.value.trim()) { q.focus(); return; }
    location.hash = routes.search(cred, bucket, q.value.trim(), prefix);
  } }, h('label', { for: qId }, prefix ? 'Search in this folder' : 'Search this bucket'), q, h('button', { type: 'submit', class: 'secondary' }, 'Search'));
  v.uploadsBox = h('section', { class: 'uploads', 'aria-label': 'Uploads', hidden: true });
  return h('div', { class: 'toolbar-wrap' },
    h('div', { class: 'toolbar' }, h('div', { class: 'toolbar-actions' }, uploadBtn, h('label', { for: fileId, class: 'sr-only' }, 'Files to upload'), picker, folderBtn), search),
    v.uploadsBox);
}

async function newFolder(v) {
  const name = field('folder_name', 'Folder name', { required: true, autocomplete: 'off' }, `Created in ${v.ctx.bucket}/${v.ctx.prefix}`);
  const created = await formDialog('New folder', name.row, 'Create folder', async () => {
    const value = name.input.value.trim().replace(/^\/+|\/+$/g, '');
    if (!value) {
      name.input.setAttribute('aria-invalid', 'true');
      throw Object.assign(new Error('Give the folder a name.'), { fields: { folder_name: ['Give the folder a name.'] } });
    }
    const r = await api('POST', `/api/buckets/${enc(v.ctx.bucket)}/folders` + qs({ aws_cred: v.ctx.cred }), { prefix: v.ctx.prefix + value + '/' });
    return r.prefix;
  });
  if (created) {
    toast(`Created the folder ${created}.`);
    v.reload();
  }
}

// ---------------------------------------------------------------- uploads

/** Files dropped on the list upload into the open folder. */
export function dropZone(v, el) {
  let depth = 0;
  const hint = h('div', { class: 'drop-hint', 'aria-hidden': 'true' }, `Drop files to upload them to ${v.ctx.bucket}/${v.ctx.prefix}`);
  el.append(hint);
  const hasFiles = e => e.dataTransfer && [...e.dataTransfer.types].includes('Files');
  el.addEventListener('dragenter', e => { if (!hasFiles(e)) return; e.preventDefault(); depth += 1; el.classList.add('dropping'); });
  el.addEventListener('dragover', e => { if (!hasFiles(e)) return; e.preventDefault(); e.dataTransfer.dropEffect = 'copy'; });
  el.addEventListener('dragleave', () => { depth = Math.max(0, depth - 1); if (!depth) el.classList.remove('dropping'); });
  el.addEventListener('drop', e => {
    e.preventDefault();
    depth = 0;
    el.classList.remove('dropping');
    const files = [...((e.dataTransfer && e.dataTransfer.files) || [])];
    if (files.length) startUploads(v, files);
  });
}

// Leaving the page (reload, closing the tab) while bytes are on their way would cancel them: ask first.
let sendingNow = 0;
window.addEventListener('beforeunload', e => { if (sendingNow > 0) e.preventDefault(); });

function startUploads(v, files) {
  if (!files.length) return;
  const box = v.uploadsBox;
  if (!v.uploads || v.uploads.finished) {
    v.uploads = { items: [], finished: false };
    const overall = h('progress', { class: 'upload-overall', max: '1', value: '0', 'aria-label': 'All uploads' });
    const status = h('p', { class: 'upload-status', role: 'status', 'aria-live': 'polite' });
    const cancelAll = h('button', { type: 'button', class: 'secondary small', onclick: () => v.uploads.items.forEach(cancelItem) }, 'Cancel all');
    const close = h('button', { type: 'button', class: 'secondary small', hidden: true, onclick: () => { box.hidden = true; box.replaceChildren(); } }, 'Close');
    const list = h('ul', { class: 'upload-list' });
    Object.assign(v.uploads, { overall, status, cancelAll, close, list });
    box.replaceChildren(h('div', { class: 'uploads-head' }, h('h2', null, 'Uploads'), cancelAll, close), overall, status, list);
  }
  box.hidden = false;
  for (const file of files) {
    const item = { file, key: v.ctx.prefix + file.name, loaded: 0, state: 'waiting', handle: {} };
    item.bar = h('progress', { max: String(Math.max(1, file.size)), value: '0', 'aria-label': `Upload of ${file.name}` });
    item.text = h('span', { class: 'upload-state' }, 'Waiting');
    item.cancel = h('button', { type: 'button', class: 'secondary small', 'aria-label': `Cancel upload of ${file.name}`, onclick: () => cancelItem(item) }, 'Cancel');
    item.extra = h('span');
    item.row = h('li', { class: 'upload-item' }, h('span', { class: 'upload-name mono wrap' }, file.name),
      h('span', { class: 'muted' }, formatSize(file.size)), item.bar, item.text, item.cancel, item.extra);
    v.uploads.items.push(item);
    v.uploads.list.append(item.row);
  }
  v.uploads.cancelAll.hidden = false;
  v.uploads.close.hidden = true;
  pump(v, v.uploads);
}

function cancelItem(item) {
  if (item.state === 'waiting') { item.state = 'cancelled'; item.text.textContent = 'Cancelled'; item.cancel.remove(); }
  else if (item.state === 'sending') item.handle.abort();
}

function updateOverall(u) {
  const items = u.items.filter(i => i.state !== 'cancelled');
  const total = items.reduce((a, i) => a + i.file.size, 0);
  const loaded = items.reduce((a, i) => a + (i.state === 'done' ? i.file.size : i.loaded), 0);
  u.overall.max = Math.max(1, total);
  u.overall.value = total ? loaded : (items.every(i => i.state === 'done') ? 1 : 0);
  const count = s => u.items.filter(i => i.state === s).length;
  const done = count('done');
  const failed = count('failed');
  const cancelled = count('cancelled');
  const active = count('sending') + count('waiting');
  u.status.textContent = `${done} of ${u.items.length} uploaded (${formatSize(loaded)} of ${formatSize(total)})`
    + (failed ? `, ${failed} failed` : '') + (cancelled ? `, ${cancelled} cancelled` : '') + (active ? '…' : '.');
}

function pump(v, u) {
  updateOverall(u);
  const sending = u.items.filter(i => i.state === 'sending').length;
  const next = u.items.filter(i => i.state === 'waiting').slice(0, Math.max(0, PARALLEL_UPLOADS - sending));
  next.forEach(item => send(v, u, item));
  if (!sending && !next.length && !u.finished) {
    u.finished = true;
    u.cancelAll.hidden = true;
    u.close.hidden = false;
    if (u.items.some(i => i.state === 'done')) v.reload();
  }
}

async function send(v, u, item, replace) {
  item.state = 'sending';
  sendingNow += 1;
  item.text.textContent = 'Uploading';
  item.extra.replaceChildren();
  const { cred, bucket } = v.ctx;
  try {
    await upload(`/api/buckets/${enc(bucket)}/objects/${keyB64(item.key)}` + qs({ aws_cred: cred }), item.file, {
      handle: item.handle,
      headers: replace ? {} : { 'If-None-Match': '*' },
      onProgress: loaded => { item.loaded = loaded; item.bar.value = loaded; updateOverall(u); },
    });
    item.state = 'done';
    item.bar.value = item.bar.max;
    item.text.textContent = 'Uploaded';
    item.cancel.remove();
  } catch (err) {
    item.loaded = 0;
    item.bar.value = 0;
    if (err.cancelled) {
      item.state = 'cancelled';
      item.text.textContent = 'Cancelled';
      item.cancel.remove();
    } else {
      item.state = 'failed';
      item.text.textContent = 'Failed';
      item.cancel.remove();
      const again = err.status === 409
        ? h('button', { type: 'button', class: 'small danger', onclick: () => retry(v, u, item, true) }, 'Replace it')
        : h('button', { type: 'button', class: 'small secondary', onclick: () => retry(v, u, item, false) }, 'Try again');
      item.extra.replaceChildren(errorBox(`Upload of ${item.file.name}`, err.status === 409
        ? { message: `${item.key} already exists. Replace it, or rename your file and upload again.` } : err), again);
    }
  }
  sendingNow -= 1;
  pump(v, u);
}

function retry(v, u, item, replace) {
  if (u.finished) {
    u.finished = false;
    u.cancelAll.hidden = false;
    u.close.hidden = true;
  }
  item.row.insertBefore(item.cancel, item.extra);
  send(v, u, item, replace);
}

// ---------------------------------------------------------------- selection

/** The bar over the list when something is selected: delete, copy, move, rename, download links. */
export function selectionBar(v) {
  const count = h('span', { class: 'sel-count', role: 'status', 'aria-live': 'polite' });
  const rename = h('button', { type: 'button', class: 'secondary small', onclick: () => renameOne(v) }, 'Rename…');
  const links = h('button', { type: 'button', class: 'secondary small', onclick: () => downloadLinks(v) }, 'Download links…');
  const bar = h('div', { class: 'selection-bar', hidden: true },
    count,
    h('button', { type: 'button', class: 'danger small', onclick: () => deleteSelected(v) }, 'Delete…'),
    h('button', { type: 'button', class: 'secondary small', onclick: () => copyOrMove(v, 'copy') }, 'Copy to…'),
    h('button', { type: 'button', class: 'secondary small', onclick: () => copyOrMove(v, 'move') }, 'Move to…'),
    rename, links,
    h('button', { type: 'button', class: 'secondary small', onclick: () => { v.selected.clear(); v.refreshSelection(); } }, 'Clear selection'));
  v.taskBox = h('div', { class: 'task-area' });
  v.onSelection = () => {
    const n = v.selected.size;
    const files = [...v.selected.values()].filter(e => !e.folder).length;
    bar.hidden = n === 0;
    count.textContent = n ? `${plural(n, 'item')} selected` : '';
    rename.hidden = n !== 1;
    links.hidden = files === 0;
  };
  return h('div', null, bar, v.taskBox);
}

function split(v) {
  const entries = [...v.selected.values()];
  return { keys: entries.filter(e => !e.folder).map(e => e.path), prefixes: entries.filter(e => e.folder).map(e => e.path), entries };
}

function describeSelection({ keys, prefixes }) {
  return [keys.length ? plural(keys.length, 'file') : null, prefixes.length ? `${plural(prefixes.length, 'folder')} with everything in them` : null]
    .filter(Boolean).join(' and ');
}

async function runBatch(v, action, body, title) {
  const { cred, bucket } = v.ctx;
  const box = v.taskBox;
  const started = h('p', { class: 'loading' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), 'Starting…');
  box.replaceChildren(started);
  let taskId;
  try {
    taskId = (await api('POST', `/api/buckets/${enc(bucket)}/batch` + qs({ aws_cred: cred }), { action, ...body })).task_id;
  } catch (err) {
    box.replaceChildren(errorBox(`Could not start: ${title}`, err), dismiss(box));
    return;
  }
  const alive = () => v.listArea.isConnected;
  const status = await followTask(box, taskId, { title, total: body.prefixes.length ? undefined : body.keys.length, describe: batchWords, alive });
  if (!status) return;
  const result = status.result || {};
  const outcome = status.status === 'completed' ? h('p', { class: 'ok-line', role: 'status' }, `Done: ${batchWords(result)}.`)
    : status.status === 'cancelled' ? h('p', { class: 'notice', role: 'status' }, `Cancelled. What was done before stays done: ${batchWords(result)}.`)
      : errorBox(`${title} stopped`, { message: status.message || 'The task failed.' });
  box.querySelector('.task-box').append(outcome, failureList(result) || '', dismiss(box));
  v.reload();
}

function dismiss(box) {
  return h('button', { type: 'button', class: 'secondary small', onclick: () => box.replaceChildren() }, 'Dismiss');
}

async function deleteSelected(v) {
  const sel = split(v);
  const ok = await confirmDialog('Delete from S3?', `This deletes ${describeSelection(sel)} from ${v.ctx.bucket}. It cannot be undone.`, 'Delete');
  if (!ok) return;
  runBatch(v, 'delete', { keys: sel.keys, prefixes: sel.prefixes }, `Deleting ${describeSelection(sel)}`);
}

async function copyOrMove(v, action) {
  const sel = split(v);
  const sets = state.sets || [];
  const setId = uid('dest-set');
  const setSelect = h('select', { id: setId, name: 'aws_cred' }, (sets.length ? sets : [{ identifier: v.ctx.cred }])
    .map(s => h('option', { value: s.identifier, selected: s.identifier === v.ctx.cred }, s.identifier)));
  const bucketField = field('bucket', 'Destination bucket', { required: true, value: v.ctx.bucket, autocomplete: 'off', list: uid('buckets') });
  const datalist = h('datalist', { id: bucketField.input.getAttribute('list') });
  const fillBuckets = () => api('GET', '/api/buckets' + qs({ aws_cred: setSelect.value, include_grants: 'false' }))
    .then(list => datalist.replaceChildren(...list.map(b => h('option', { value: b.bucket_name }))), () => datalist.replaceChildren());
  setSelect.addEventListener('change', fillBuckets);
  fillBuckets();
  const prefixField = field('prefix', 'Destination folder', { value: v.ctx.prefix, autocomplete: 'off', placeholder: '(the top of the bucket)' },
    'Ends with /; empty is the top of the bucket. Folders keep what is inside them.');
  const verb = action === 'copy' ? 'Copy' : 'Move';
  const content = [h('p', null, `${verb} ${describeSelection(sel)}.`),
    h('div', { class: 'field' }, h('label', { for: setId }, 'Destination credential set'), setSelect), bucketField.row, datalist, prefixField.row];
  const dest = await formDialog(`${verb} to…`, content, verb, async () => {
    let prefix = prefixField.input.value.trim().replace(/^\/+/, '');
    if (prefix && !prefix.endsWith('/')) prefix += '/';
    if (!bucketField.input.value.trim()) {
      throw Object.assign(new Error('Name the destination bucket.'), { fields: { bucket: ['Name the destination bucket.'] } });
    }
    return { aws_cred: setSelect.value, bucket: bucketField.input.value.trim(), prefix };
  });
  if (!dest) return;
  runBatch(v, action, { keys: sel.keys, prefixes: sel.prefixes, destination: dest },
    `${action === 'copy' ? 'Copying' : 'Moving'} ${describeSelection(sel)} to ${dest.bucket}/${dest.prefix}`);
}

async function renameOne(v) {
  const [entry] = v.selected.values();
  if (!entry) return;
  const { cred, bucket } = v.ctx;
  const name = field('new_name', 'New name', { required: true, value: entry.name, autocomplete: 'off' },
    entry.folder ? 'Everything in the folder moves with it.' : 'An object that already has this name is not replaced.');
  const parent = parentOf(entry.path);
  const result = await formDialog(`Rename ${entry.name}${entry.folder ? '/' : ''}`, name.row, 'Rename', async () => {
    const value = name.input.value.trim().replace(/\/+$/, '');
    if (!value || value.includes('/')) {
      throw Object.assign(new Error('A name cannot be empty or contain “/”.'), { fields: { new_name: ['A name cannot be empty or contain “/”.'] } });
    }
    if (entry.folder) return { folder: true, prefix: parent + value + '/' };
    const r = await api('POST', `/api/buckets/${enc(bucket)}/objects/${keyB64(entry.path)}/copy` + qs({ aws_cred: cred }),
      { destination_key: parent + value, move: true, overwrite: false });
    return { folder: false, key: r.key, message: r.source_kept ? r.message : null };
  });
  if (!result) return;
  if (result.folder) {
    runBatch(v, 'move', { keys: [], prefixes: [entry.path], destination: { bucket, prefix: result.prefix } }, `Renaming ${entry.name}/ to ${result.prefix}`);
    return;
  }
  if (result.message) v.taskBox.replaceChildren(h('div', { class: 'notice', role: 'status' }, result.message), dismiss(v.taskBox));
  toast(`Renamed to ${result.key}.`);
  v.reload();
}

async function downloadLinks(v) {
  const files = [...v.selected.values()].filter(e => !e.folder);
  const folders = v.selected.size - files.length;
  const expiryId = uid('expiry');
  const expiry = h('select', { id: expiryId, name: 'expires_in' },
    [[300, '5 minutes'], [3600, '1 hour'], [86400, '1 day'], [604800, '7 days']].map(([s, l]) => h('option', { value: String(s), selected: s === 3600 }, l)));
  const content = [
    h('p', null, `Presigned links for ${plural(Math.min(files.length, MAX_LINKS), 'file')}: anyone with a link can download that file until it expires.`),
    folders ? h('p', { class: 'muted' }, `Folders are left out (${plural(folders, 'folder')}); open one to pick its files.`) : null,
    files.length > MAX_LINKS ? h('p', { class: 'muted' }, `Only the first ${MAX_LINKS} selected files get a link.`) : null,
    h('div', { class: 'field' }, h('label', { for: expiryId }, 'Links valid for'), expiry)];
  const links = await formDialog('Download links', content, 'Create links', async () => {
    const chosen = files.slice(0, MAX_LINKS);
    const out = new Array(chosen.length);
    let next = 0;
    const worker = async () => {
      while (next < chosen.length) {
        const i = next++;
        const r = await api('POST', `/api/buckets/${enc(v.ctx.bucket)}/objects/get_presigned_url` + qs({ aws_cred: v.ctx.cred }),
          { object_key: chosen[i].path, expires_in: Number(expiry.value) });
        out[i] = { entry: chosen[i], url: r.presigned_url };
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    return out;
  });
  if (!links) return;
  const allId = uid('all-links');
  const all = h('textarea', { id: allId, class: 'mono links-text', readonly: true, rows: String(Math.min(8, links.length + 1)) });
  all.value = links.map(l => l.url).join('\n');
  const copied = h('span', { class: 'muted', role: 'status', 'aria-live': 'polite' });
  infoDialog('Download links', [
    h('ul', { class: 'link-list' }, links.map(l => h('li', null,
      h('a', { href: l.url, download: l.entry.name, rel: 'noreferrer', class: 'wrap' }, l.entry.name)))),
    h('div', { class: 'field' }, h('label', { for: allId }, 'All links, one a line'), all),
    h('div', { class: 'actions left' }, h('button', { type: 'button', class: 'small secondary', onclick: async () => {
      try { await navigator.clipboard.writeText(all.value); } catch { all.select(); document.execCommand('copy'); }
      copied.textContent = 'Links copied.';
    } }, 'Copy all'), copied)]);
}
