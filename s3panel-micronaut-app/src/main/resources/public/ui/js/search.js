// Search within a bucket: keys under a prefix containing the words, ignoring case. S3 cannot search, so each
// call walks listing pages for a couple of seconds; "Search further" goes on from the API's continuation.
import { api, qs } from './api.js';
import { h, spinner, errorBox, formatSize, formatDate, uid } from './dom.js';
import { routes, state } from './app.js';

const enc = encodeURIComponent;

export function searchScreen(main, { cred, bucket, q, prefix }) {
  const screen = state.screen;
  const qId = uid('q');
  const pId = uid('prefix');
  const qInput = h('input', { type: 'search', id: qId, name: 'q', value: q, required: true, autocomplete: 'off' });
  const pInput = h('input', { id: pId, name: 'prefix', value: prefix, autocomplete: 'off', placeholder: '(the whole bucket)' });
  const form = h('form', { class: 'search-form wide', role: 'search', onsubmit: e => {
    e.preventDefault();
    if (!qInput.value.trim()) { qInput.focus(); return; }
    location.hash = routes.search(cred, bucket, qInput.value.trim(), pInput.value.trim());
  } },
  h('div', { class: 'field' }, h('label', { for: qId }, 'Name contains'), qInput),
  h('div', { class: 'field' }, h('label', { for: pId }, 'In folder'), pInput),
  h('button', { type: 'submit' }, 'Search'));
  const crumbs = h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' }, h('ol', null,
    h('li', null, h('a', { href: routes.buckets(cred) }, 'Buckets')),
    h('li', null, h('a', { href: routes.folder(cred, bucket, prefix) }, prefix ? `${bucket}/${prefix}` : bucket)),
    h('li', null, h('span', { 'aria-current': 'page' }, 'Search'))));
  const status = h('p', { class: 'muted', role: 'status', 'aria-live': 'polite' });
  const body = h('tbody');
  const table = h('div', { class: 'table-wrap', hidden: true }, h('table', { class: 'table', id: 'search-results' },
    h('caption', { class: 'sr-only' }, `Keys containing ${q}`),
    h('thead', null, h('tr', null, ['Key', 'Size', 'Last modified'].map(t => h('th', { scope: 'col' }, t)))), body));
  const area = h('div');
  const further = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Search further');
  const heading = h('h1', { tabindex: '-1' }, `Search in ${bucket}`);
  main.replaceChildren(crumbs, heading, form, status, table, area, h('div', { class: 'actions left' }, further));
  if (!q) { status.textContent = 'Type part of a name to find the objects whose key contains it.'; qInput.focus(); return; }
  heading.focus({ preventScroll: true });
  let found = 0;
  let scanned = 0;
  const step = async continuation => {
    further.hidden = true;
    area.replaceChildren(spinner(continuation ? 'Searching further…' : 'Searching… S3 cannot search, so the panel reads the key list.'));
    let r;
    try {
      r = await api('GET', `/api/buckets/${enc(bucket)}/search` + qs({ aws_cred: cred, q, prefix, max_results: 200, continuation }));
    } catch (err) {
      if (state.screen !== screen) return;
      area.replaceChildren(errorBox('The search failed', err));
      if (continuation) { further.hidden = false; further.onclick = () => step(continuation); }
      return;
    }
    if (state.screen !== screen) return;
    area.replaceChildren();
    found += r.results.length;
    scanned += Number(r.scanned) || 0;
    for (const hit of r.results) {
      const slash = hit.key.lastIndexOf('/');
      const folder = hit.key.slice(0, slash + 1);
      body.append(h('tr', null,
        h('th', { scope: 'row', class: 'mono wrap' }, h('a', { href: routes.folder(cred, bucket, folder, hit.key) }, hit.key)),
        h('td', null, formatSize(hit.size)), h('td', null, formatDate(hit.last_modified))));
    }
    table.hidden = found === 0;
    const more = !!r.continuation;
    status.textContent = `${found.toLocaleString()} match${found === 1 ? '' : 'es'} in ${scanned.toLocaleString()} keys read`
      + (more ? ' so far. There are more keys to read: search further to go on.' : '; the whole folder was searched.');
    if (!found && !more) area.replaceChildren(h('div', { class: 'empty' }, h('p', null, `No key under ${bucket}/${prefix} contains “${q}”. Try fewer letters, or another folder.`)));
    if (more) { further.hidden = false; further.onclick = () => step(r.continuation); if (continuation) further.focus(); }
  };
  step('');
}
