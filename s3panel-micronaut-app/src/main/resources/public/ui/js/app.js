// S3 Panel: the router, the header and the account screens. Routes live in the fragment: #/sets,
// #/c/<set>/buckets, #/c/<set>/b/<bucket>?prefix=…&key=…, #/c/<set>/acl/<bucket>, #/c/<set>/stats.
import { api, login, logout, register, resume, signedIn, onExpired, qs } from './api.js';
import { h, spinner, errorBox, toast, confirmDialog, formDialog, uid, formatDate } from './dom.js';
import { folderScreen } from './browser.js';
import { statsScreen } from './stats.js';
import { searchScreen } from './search.js';
import { exposureScreen } from './exposure.js';

const main = document.getElementById('main');
const top = document.getElementById('top');
const enc = encodeURIComponent;

/** Links to every screen. */
export const routes = {
  signIn: next => '#/signin' + qs({ next }),
  signUp: next => '#/signup' + qs({ next }),
  sets: () => '#/sets',
  newSet: () => '#/sets/new',
  editSet: id => '#/sets/edit/' + enc(id),
  buckets: cred => `#/c/${enc(cred)}/buckets`,
  folder: (cred, bucket, prefix, key) => `#/c/${enc(cred)}/b/${enc(bucket)}` + qs({ prefix, key }),
  acl: (cred, bucket) => `#/c/${enc(cred)}/acl/${enc(bucket)}`,
  stats: cred => `#/c/${enc(cred)}/stats`,
  search: (cred, bucket, q, prefix) => `#/c/${enc(cred)}/search/${enc(bucket)}` + qs({ q, prefix }),
  exposure: () => '#/exposure',
};

/** Shared state: the credential sets (loaded once per sign-in) and the current one. */
export const state = { sets: null, cred: null, screen: null };

function parseHash() {
  const raw = location.hash.startsWith('#/') ? location.hash.slice(2) : '';
  const q = raw.indexOf('?');
  const path = q < 0 ? raw : raw.slice(0, q);
  const params = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1));
  const parts = path.split('/').filter(p => p !== '').map(p => { try { return decodeURIComponent(p); } catch { return p; } });
  return { parts, params };
}

function currentRoute() {
  return location.hash || '#/';
}

onExpired(() => {
  const here = currentRoute();
  if (here.startsWith('#/signin') || here.startsWith('#/signup')) return;
  state.sets = null;
  location.hash = '#/signin' + qs({ next: here, expired: '1' });
});

async function loadSets(force) {
  if (!state.sets || force) state.sets = await api('GET', '/api/aws-credentials');
  return state.sets;
}

function setTitle(text) {
  document.title = text ? `${text} · S3 Panel` : 'S3 Panel';
}

function show(...nodes) {
  main.replaceChildren(...nodes);
}

function focusMain() {
  const heading = main.querySelector('h1');
  if (heading) { heading.setAttribute('tabindex', '-1'); heading.focus({ preventScroll: true }); }
}

// ---------------------------------------------------------------- header

function renderHeader() {
  const brand = h('a', { class: 'brand', href: signedIn() ? (state.cred ? routes.buckets(state.cred) : routes.sets()) : '#/signin' },
    h('img', { src: '/ui/favicon.svg', alt: '', width: '24', height: '24' }), 'S3 Panel');
  if (!signedIn()) { top.replaceChildren(brand); return; }
  const nav = h('nav', { class: 'nav', 'aria-label': 'Main' });
  if (state.cred) {
    nav.append(h('a', { href: routes.buckets(state.cred) }, 'Buckets'), h('a', { href: routes.stats(state.cred) }, 'Statistics'));
  }
  nav.append(h('a', { href: routes.exposure() }, 'Exposure'), h('a', { href: routes.sets() }, 'Credential sets'));
  const switcher = h('div', { class: 'switcher' });
  if (state.sets && state.sets.length) {
    const id = uid('cred');
    const select = h('select', { id, onchange: e => { location.hash = routes.buckets(e.target.value); } },
      state.sets.map(s => h('option', { value: s.identifier, selected: s.identifier === state.cred }, s.identifier)));
    if (!state.cred) select.prepend(h('option', { value: '', selected: true, disabled: true }, 'Choose…'));
    switcher.append(h('label', { for: id }, 'Credential set'), select);
  }
  const out = h('button', { type: 'button', class: 'secondary', onclick: signOut }, 'Sign out');
  top.replaceChildren(brand, nav, switcher, out);
}

async function signOut() {
  try { await logout(); } catch { /* the cookie is cleared by the server; nothing else to do */ }
  state.sets = null;
  state.cred = null;
  location.hash = '#/signin?signedout=1';
}

// ---------------------------------------------------------------- forms

/** A labelled input with its error line; returns {row, input, error}. */
export function field(name, label, attrs = {}, hint) {
  const id = uid('f-' + name);
  const errId = id + '-err';
  const hintId = hint ? id + '-hint' : null;
  const input = attrs.type === 'checkbox'
    ? h('input', { id, name, ...attrs })
    : h('input', { id, name, 'aria-describedby': [hintId, errId].filter(Boolean).join(' '), ...attrs });
  if (attrs.type === 'checkbox') input.setAttribute('aria-describedby', [hintId, errId].filter(Boolean).join(' '));
  const error = h('p', { class: 'field-error', id: errId });
  const row = attrs.type === 'checkbox'
    ? h('div', { class: 'field check' }, input, h('label', { for: id }, label), hint ? h('p', { class: 'hint', id: hintId }, hint) : null, error)
    : h('div', { class: 'field' }, h('label', { for: id }, label), input, hint ? h('p', { class: 'hint', id: hintId }, hint) : null, error);
  return { row, input, error };
}

/** Shows the API's per-field messages beside their inputs; the rest in the form's alert. */
export function showErrors(form, fields, alertBox, err) {
  for (const f of Object.values(fields)) { f.error.textContent = ''; f.input.removeAttribute('aria-invalid'); }
  alertBox.replaceChildren();
  if (!err) return;
  let first = null;
  const unplaced = [];
  for (const [name, messages] of Object.entries(err.fields || {})) {
    const f = fields[name];
    if (f) {
      f.error.textContent = messages.join(' ');
      f.input.setAttribute('aria-invalid', 'true');
      first = first || f.input;
    } else {
      unplaced.push(`${name}: ${messages.join(' ')}`);
    }
  }
  alertBox.append(errorBox('Not saved', err));
  unplaced.forEach(t => alertBox.append(h('p', { class: 'error' }, t)));
  if (first) first.focus();
}

function busy(button, on, label) {
  button.disabled = on;
  if (on) { button.dataset.label = button.textContent; button.replaceChildren(h('span', { class: 'spinner', 'aria-hidden': 'true' }), label); }
  else if (button.dataset.label) button.textContent = button.dataset.label;
}

// ---------------------------------------------------------------- sign in / sign up

function signInScreen(params) {
  setTitle('Sign in');
  const next = params.get('next') || '';
  const fields = { username: field('username', 'Username', { autocomplete: 'username', required: true }),
    password: field('password', 'Password', { type: 'password', autocomplete: 'current-password', required: true }) };
  const alertBox = h('div', { class: 'alerts', tabindex: '-1' });
  const submit = h('button', { type: 'submit' }, 'Sign in');
  const form = h('form', { class: 'card narrow', novalidate: true },
    h('h1', null, 'Sign in'),
    params.get('expired') ? h('p', { class: 'notice', role: 'status' }, 'Your session has ended. Sign in again to go back to where you were.') : null,
    params.get('signedout') ? h('p', { class: 'notice', role: 'status' }, 'You are signed out.') : null,
    alertBox, fields.username.row, fields.password.row,
    h('div', { class: 'actions' }, submit),
    h('p', null, 'No account yet? ', h('a', { href: routes.signUp(next) }, 'Create one')));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    busy(submit, true, 'Signing in…');
    try {
      await login(fields.username.input.value, fields.password.input.value);
      state.sets = null;
      location.hash = next && next.startsWith('#/') && !next.startsWith('#/sign') ? next : '#/';
    } catch (err) {
      showErrors(form, fields, alertBox, err);
      alertBox.replaceChildren(errorBox('Sign-in failed', err));
      busy(submit, false);
      fields.password.input.focus();
    }
  });
  show(form);
  fields.username.input.focus();
}

function signUpScreen(params) {
  setTitle('Create an account');
  const fields = { username: field('username', 'Username', { autocomplete: 'username', required: true },
    'Letters, digits and @ . + - _ (up to 150).'),
  password: field('password', 'Password', { type: 'password', autocomplete: 'new-password', required: true },
    'At least 8 characters, not only digits, not a common password.') };
  const alertBox = h('div', { class: 'alerts', tabindex: '-1' });
  const submit = h('button', { type: 'submit' }, 'Create account');
  const form = h('form', { class: 'card narrow', novalidate: true },
    h('h1', null, 'Create an account'), alertBox, fields.username.row, fields.password.row,
    h('div', { class: 'actions' }, submit),
    h('p', null, 'Already registered? ', h('a', { href: routes.signIn(params.get('next') || undefined) }, 'Sign in')));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    busy(submit, true, 'Creating…');
    try {
      await register(fields.username.input.value, fields.password.input.value);
      await login(fields.username.input.value, fields.password.input.value);
      state.sets = null;
      toast('Account created. Add your first credential set.');
      location.hash = routes.newSet();
    } catch (err) {
      showErrors(form, fields, alertBox, err);
      busy(submit, false);
    }
  });
  show(form);
  fields.username.input.focus();
}

// ---------------------------------------------------------------- credential sets

async function setsScreen() {
  setTitle('Credential sets');
  show(h('h1', null, 'Credential sets'), spinner('Loading your credential sets…'));
  let sets;
  try { sets = await loadSets(true); } catch (err) { show(h('h1', null, 'Credential sets'), errorBox('Could not load the credential sets', err)); return; }
  renderHeader();
  const add = h('a', { class: 'button', href: routes.newSet() }, 'Add a credential set');
  if (!sets.length) {
    show(h('h1', null, 'Credential sets'),
      h('div', { class: 'empty' }, h('p', null, 'You have no credential set yet. Add one with an access key of AWS or of an S3-compatible service (MinIO, Ceph, R2, Wasabi …) to see your buckets.'), add));
    focusMain();
    return;
  }
  const rows = sets.map(s => h('tr', null,
    h('th', { scope: 'row' }, s.identifier, s.identifier === state.cred ? h('span', { class: 'badge' }, 'current') : null),
    h('td', { class: 'mono' }, s.aws_access_key_id || '—'),
    h('td', { class: 'mono' }, s.aws_secret_access_key || '—'),
    h('td', null, s.region_name),
    h('td', { class: 'mono' }, s.endpoint_url || 'AWS', s.path_style ? h('span', { class: 'badge' }, 'path-style') : null),
    h('td', { class: 'row-actions' },
      h('a', { class: 'button small', href: routes.buckets(s.identifier), 'aria-label': `Use ${s.identifier}` }, 'Use'),
      h('a', { class: 'button small secondary', href: routes.editSet(s.identifier), 'aria-label': `Edit ${s.identifier}` }, 'Edit'),
      h('button', { type: 'button', class: 'small danger', 'aria-label': `Delete ${s.identifier}`, onclick: e => deleteSet(s.identifier, e.target.closest('tr')) }, 'Delete'))));
  show(h('div', { class: 'title-row' }, h('h1', null, 'Credential sets'), add),
    h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
      h('caption', { class: 'sr-only' }, 'Your credential sets; keys are masked'),
      h('thead', null, h('tr', null, ['Name', 'Access key', 'Secret key', 'Region', 'Endpoint', 'Actions'].map(t => h('th', { scope: 'col' }, t)))),
      h('tbody', null, rows))));
  focusMain();
}

async function deleteSet(identifier, row) {
  const ok = await confirmDialog('Delete this credential set?',
    `“${identifier}” and its encrypted keys are removed from the panel. Nothing changes in S3.`, 'Delete');
  if (!ok) return;
  try {
    await api('DELETE', '/api/aws-credentials/' + enc(identifier));
    if (state.cred === identifier) state.cred = null;
    toast(`Deleted “${identifier}”.`);
    setsScreen();
  } catch (err) {
    const box = errorBox(`Could not delete “${identifier}”`, err);
    const next = row && row.nextElementSibling;
    if (next && next.classList.contains('row-error')) next.remove();
    if (row) row.after(h('tr', { class: 'row-error' }, h('td', { colspan: '6' }, box)));
    else main.prepend(box);
  }
}

async function setFormScreen(editing) {
  setTitle(editing ? 'Edit credential set' : 'Add a credential set');
  let existing = null;
  if (editing) {
    try { existing = (await loadSets(true)).find(s => s.identifier === editing); } catch (err) { show(errorBox('Could not load the credential set', err)); return; }
    if (!existing) { show(h('h1', null, 'Edit credential set'), errorBox('Not found', { message: `You have no credential set named “${editing}”.` })); return; }
  }
  const fields = {
    identifier: field('identifier', 'Name', { required: true, value: existing ? existing.identifier : '', readonly: !!existing, autocomplete: 'off' },
      existing ? 'The name cannot be changed.' : '3 to 100 letters, digits, - or _. You pick it; it names the set in the panel.'),
    aws_access_key_id: field('aws_access_key_id', 'Access key ID', { required: !existing, autocomplete: 'off', spellcheck: 'false',
      placeholder: existing ? existing.aws_access_key_id : '' }, existing ? 'Leave empty to keep the current key.' : null),
    aws_secret_access_key: field('aws_secret_access_key', 'Secret access key', { type: 'password', required: !existing, autocomplete: 'off' },
      existing ? 'Leave empty to keep the current secret.' : 'Stored encrypted; never shown again.'),
    region_name: field('region_name', 'Region', { required: true, value: existing ? existing.region_name : 'us-east-1' }),
    endpoint_url: field('endpoint_url', 'Endpoint URL (S3-compatible services)', { type: 'url', value: existing && existing.endpoint_url ? existing.endpoint_url : '',
      placeholder: 'https://minio.example.com:9000' }, 'Leave empty for AWS.'),
    path_style: field('path_style', 'Path-style addressing (most S3-compatible services need it)', { type: 'checkbox', checked: existing ? existing.path_style : false }),
    aws_session_token: field('aws_session_token', 'Session token (temporary credentials, optional)', { type: 'password', autocomplete: 'off' }),
  };
  const alertBox = h('div', { class: 'alerts', tabindex: '-1' });
  const submit = h('button', { type: 'submit' }, existing ? 'Save changes' : 'Check and add');
  const form = h('form', { class: 'card', novalidate: true },
    h('h1', null, existing ? `Edit “${existing.identifier}”` : 'Add a credential set'),
    h('p', { class: 'hint' }, 'The keys are checked against S3 before they are stored.'),
    alertBox, Object.values(fields).map(f => f.row),
    h('div', { class: 'actions' }, h('a', { class: 'button secondary', href: routes.sets() }, 'Cancel'), submit));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const body = {};
    for (const [name, f] of Object.entries(fields)) {
      if (name === 'path_style') body.path_style = f.input.checked;
      else if (f.input.value !== '' || (existing && name === 'endpoint_url')) body[name] = f.input.value;
    }
    if (existing) delete body.identifier;
    busy(submit, true, 'Checking with S3…');
    try {
      const saved = existing
        ? await api('PUT', '/api/aws-credentials/' + enc(existing.identifier), body)
        : await api('POST', '/api/aws-credentials/add', body);
      state.sets = null;
      toast(existing ? `Saved “${saved.identifier}”.` : `Added “${saved.identifier}”.`);
      location.hash = existing ? routes.sets() : routes.buckets(saved.identifier);
    } catch (err) {
      busy(submit, false);
      showErrors(form, fields, alertBox, err);
      if (!Object.keys(err.fields || {}).some(k => fields[k])) alertBox.focus();
    }
  });
  show(form);
  focusMain();
}

// ---------------------------------------------------------------- buckets

const PUBLIC_GRANTEES = {
  'http://acs.amazonaws.com/groups/global/AllUsers': 'everyone',
  'http://acs.amazonaws.com/groups/global/AuthenticatedUsers': 'any AWS user',
};

/** Who outside the account a list of grants opens to, e.g. ['everyone: READ']. */
export function publicGrants(grants) {
  return (grants || []).filter(g => g.Grantee && PUBLIC_GRANTEES[g.Grantee.URI])
    .map(g => `${PUBLIC_GRANTEES[g.Grantee.URI]}: ${g.Permission}`);
}

/** A badge saying whether grants make something public. */
export function accessBadge(grants, grantsError) {
  if (grantsError) return h('span', { class: 'badge warn', title: grantsError.error }, 'Permissions unknown');
  const pub = publicGrants(grants);
  return pub.length
    ? h('span', { class: 'badge public' }, 'Public — ' + pub.join(', '))
    : h('span', { class: 'badge ok' }, 'Private');
}

/** A table of grants. */
export function grantsTable(grants, caption) {
  if (!grants || !grants.length) return h('p', { class: 'empty' }, 'No grants.');
  return h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
    h('caption', null, caption),
    h('thead', null, h('tr', null, ['Grantee', 'Type', 'Permission'].map(t => h('th', { scope: 'col' }, t)))),
    h('tbody', null, grants.map(g => {
      const ge = g.Grantee || {};
      const who = PUBLIC_GRANTEES[ge.URI] ? h('span', { class: 'badge public' }, `Public (${PUBLIC_GRANTEES[ge.URI]})`)
        : (ge.DisplayName || ge.EmailAddress || ge.URI || ge.ID || '—');
      return h('tr', null, h('td', { class: 'mono wrap' }, who), h('td', null, ge.Type || ''), h('td', null, g.Permission));
    }))));
}

async function bucketsScreen(cred) {
  setTitle('Buckets');
  const screen = state.screen;
  const create = h('button', { type: 'button', onclick: () => createBucket(cred) }, 'Create bucket');
  show(h('div', { class: 'title-row' }, h('h1', null, 'Buckets'), create), spinner('Loading buckets and their permissions…'));
  let buckets;
  try { buckets = await api('GET', '/api/buckets' + qs({ aws_cred: cred })); } catch (err) {
    if (state.screen !== screen) return;
    show(h('h1', null, 'Buckets'), errorBox(`Could not list the buckets of “${cred}”`, err),
      h('p', null, h('a', { href: routes.sets() }, 'Check the credential set')));
    return;
  }
  if (state.screen !== screen) return;
  if (!buckets.length) {
    show(h('div', { class: 'title-row' }, h('h1', null, 'Buckets'), create), h('div', { class: 'empty' },
      h('p', null, `The credential set “${cred}” sees no bucket. Create one with “Create bucket”, or switch to another set above.`)));
    focusMain();
    return;
  }
  const publicCount = buckets.filter(b => publicGrants(b.grants).length).length;
  show(h('div', { class: 'title-row' }, h('h1', null, 'Buckets'),
    h('p', { class: 'muted' }, `${buckets.length} bucket${buckets.length === 1 ? '' : 's'}`,
      publicCount ? `, ${publicCount} public` : ''), create),
  h('div', { class: 'table-wrap' }, h('table', { class: 'table', id: 'buckets' },
    h('caption', { class: 'sr-only' }, `Buckets of ${cred}`),
    h('thead', null, h('tr', null, ['Bucket', 'Created', 'Access', 'Actions'].map(t => h('th', { scope: 'col' }, t)))),
    h('tbody', null, buckets.map(b => {
      const row = h('tr', { class: publicGrants(b.grants).length ? 'is-public' : null },
        h('th', { scope: 'row' }, h('a', { href: routes.folder(cred, b.bucket_name) }, b.bucket_name)),
        h('td', null, formatDate(b.creation_date)),
        h('td', null, accessBadge(b.grants, b.grants_error)),
        h('td', { class: 'row-actions' },
          h('a', { class: 'button small secondary', href: routes.acl(cred, b.bucket_name), 'aria-label': `Permissions of ${b.bucket_name}` }, 'Details'),
          h('button', { type: 'button', class: 'small danger', 'aria-label': `Delete ${b.bucket_name}`, onclick: () => deleteBucket(cred, b.bucket_name, row) }, 'Delete')));
      return row;
    })))));
  focusMain();
}

async function createBucket(cred) {
  const name = field('bucket_name', 'Bucket name', { required: true, autocomplete: 'off', spellcheck: 'false' },
    '3 to 63 lower-case letters, digits, dots and hyphens; unique across the whole S3 service.');
  const region = field('region', 'Region (optional)', { autocomplete: 'off', placeholder: 'the set’s region' });
  const made = await formDialog('Create a bucket', [h('p', { class: 'muted' }, `In the credential set “${cred}”.`), name.row, region.row], 'Create bucket', async () => {
    const body = { bucket_name: name.input.value.trim() };
    if (region.input.value.trim()) body.region = region.input.value.trim();
    return (await api('POST', '/api/buckets' + qs({ aws_cred: cred }), body)).bucket_name;
  });
  if (!made) return;
  toast(`Created the bucket ${made}.`);
  if (state.screen === 'buckets:' + cred) bucketsScreen(cred);
}

async function deleteBucket(cred, bucket, row) {
  const ok = await confirmDialog('Delete this bucket?', `The bucket “${bucket}” is deleted from S3. S3 deletes only an empty bucket; nothing inside it is deleted.`, 'Delete bucket');
  if (!ok) return;
  const next = row.nextElementSibling;
  if (next && next.classList.contains('row-error')) next.remove();
  try {
    await api('DELETE', `/api/buckets/${enc(bucket)}` + qs({ aws_cred: cred }));
    toast(`Deleted the bucket ${bucket}.`);
    row.remove();
  } catch (err) {
    const cell = h('td', { colspan: '4' }, errorBox(`Could not delete ${bucket}`, err));
    row.after(h('tr', { class: 'row-error' }, cell));
    const del = row.querySelector('button.danger');
    if (del) del.focus();
  }
}

async function aclScreen(cred, bucket) {
  setTitle(`${bucket} permissions`);
  const crumbs = h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' }, h('ol', null,
    h('li', null, h('a', { href: routes.buckets(cred) }, 'Buckets')),
    h('li', null, h('a', { href: routes.folder(cred, bucket) }, bucket)),
    h('li', null, h('span', { 'aria-current': 'page' }, 'Permissions'))));
  show(crumbs, h('h1', null, `Permissions of ${bucket}`), spinner('Loading the bucket ACL…'));
  try {
    const acl = await api('GET', `/api/buckets/${enc(bucket)}` + qs({ aws_cred: cred }));
    const owner = acl.Owner || {};
    show(crumbs, h('h1', null, `Permissions of ${bucket}`),
      h('p', null, accessBadge(acl.Grants)),
      h('dl', { class: 'props' }, h('dt', null, 'Owner'), h('dd', { class: 'mono wrap' }, owner.DisplayName || owner.ID || '—')),
      grantsTable(acl.Grants, 'Grants of the bucket ACL'));
    focusMain();
  } catch (err) {
    show(crumbs, h('h1', null, `Permissions of ${bucket}`), errorBox('Could not read the bucket ACL', err));
  }
}

// ---------------------------------------------------------------- routing

async function defaultScreen() {
  let sets;
  try { sets = await loadSets(); } catch (err) { show(errorBox('Could not load the credential sets', err)); return; }
  location.replace(sets.length ? routes.buckets(state.cred && sets.some(s => s.identifier === state.cred) ? state.cred : sets[0].identifier) : routes.newSet());
}

async function router() {
  const { parts, params } = parseHash();
  const [first] = parts;
  if (first === 'signin' || first === 'signup') {
    renderHeader();
    state.screen = first;
    return first === 'signin' ? signInScreen(params) : signUpScreen(params);
  }
  if (!signedIn() && !(await resume())) {
    location.replace(routes.signIn(currentRoute() === '#/' ? undefined : currentRoute()));
    return;
  }
  if (first === 'c' && parts[1]) {
    const cred = parts[1];
    if (state.cred !== cred) { state.cred = cred; }
    if (!state.sets) {
      // The header's set switcher fills in when the list arrives; the screen does not wait for it.
      loadSets().then(renderHeader, () => { /* the screen shows the error of its own call */ });
    }
  }
  renderHeader();
  const key = parts.slice(0, 4).join('/');
  if (first === 'c' && parts[2] === 'b' && parts[3]) {
    const screenKey = 'folder:' + key;
    const reuse = state.screen === screenKey;
    state.screen = screenKey;
    setTitle(parts[3]);
    return folderScreen(main, { cred: parts[1], bucket: parts[3], prefix: params.get('prefix') || '', key: params.get('key') || '' }, reuse);
  }
  state.screen = parts[2] === 'buckets' ? 'buckets:' + parts[1] : key;
  if (first === 'sets' && parts[1] === 'new') return setFormScreen(null);
  if (first === 'sets' && parts[1] === 'edit' && parts[2]) return setFormScreen(parts[2]);
  if (first === 'sets') return setsScreen();
  if (first === 'c' && parts[2] === 'buckets') return bucketsScreen(parts[1]);
  if (first === 'c' && parts[2] === 'acl' && parts[3]) return aclScreen(parts[1], parts[3]);
  if (first === 'c' && parts[2] === 'stats') { setTitle('Statistics'); return statsScreen(main, parts[1]); }
  if (first === 'c' && parts[2] === 'search' && parts[3]) {
    setTitle('Search ' + parts[3]);
    state.screen = 'search:' + location.hash;
    return searchScreen(main, { cred: parts[1], bucket: parts[3], q: params.get('q') || '', prefix: params.get('prefix') || '' });
  }
  if (first === 'exposure') { setTitle('Exposure'); return exposureScreen(main); }
  return defaultScreen();
}

window.addEventListener('hashchange', () => { router(); });
router();
