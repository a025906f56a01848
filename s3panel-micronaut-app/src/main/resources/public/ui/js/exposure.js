// The exposure report: public buckets and objects across all of the user's credential sets, each set's key
// health beside it. The report is a task (POST /api/exposure); the newest finished one is shown on arrival.
import { api, qs } from './api.js';
import { h, spinner, errorBox, formatDate, uid } from './dom.js';
import { state, routes } from './app.js';
import { followTask } from './tasks.js';

const enc = encodeURIComponent;
const MODES = [['sample', 'A sample of objects (up to 1,000 a bucket)'], ['none', 'Buckets only (fastest)'], ['all', 'Every object (slow on big buckets)']];
const VERDICT = { public: ['public', 'Public'], not_public: ['ok', 'Not public'], unknown: ['warn', 'Unknown'] };

export async function exposureScreen(main) {
  const screen = state.screen;
  const alive = () => state.screen === screen;
  const modeId = uid('mode');
  const mode = h('select', { id: modeId, name: 'objects' }, MODES.map(([v, l]) => h('option', { value: v }, l)));
  const run = h('button', { type: 'button' }, 'Run the report');
  const progress = h('div');
  const area = h('div', { class: 'exposure-area' }, spinner('Loading the last report and your keys’ health…'));
  const heading = h('h1', { tabindex: '-1' }, 'Exposure and key health');
  main.replaceChildren(heading,
    h('p', { class: 'muted' }, 'What is public in every bucket of every credential set, and whether each set’s keys still work. The report runs on the server; you can leave this page.'),
    h('div', { class: 'card wide-card' }, h('div', { class: 'field inline' }, h('label', { for: modeId }, 'Objects to check'), mode, run), progress),
    area);
  heading.focus({ preventScroll: true });

  let sets = [];
  const load = async () => {
    sets = await api('GET', '/api/aws-credentials');
    state.sets = sets;
  };
  run.addEventListener('click', async () => {
    run.disabled = true;
    progress.replaceChildren(spinner('Starting the report…'));
    try {
      const { task_id: id } = await api('POST', '/api/exposure', { objects: mode.value });
      const status = await followTask(progress, id, { title: 'Exposure report', alive,
        describe: p => `${(p.buckets_done || 0).toLocaleString()} of ${p.buckets_total ?? '?'} buckets, ${(p.objects_checked || 0).toLocaleString()} objects checked…`,
        measure: p => [p.buckets_done || 0, p.buckets_total || 0] });
      if (!status) return;
      if (status.status === 'completed') {
        progress.replaceChildren();
        await load().catch(() => {});
        area.replaceChildren(h('div', null, report(status.result, new Date(), sets)));
      } else {
        progress.append(errorBox(status.status === 'cancelled' ? 'The report was cancelled' : 'The report failed', { message: status.message || 'It stopped before the end.' }));
      }
    } catch (err) {
      progress.replaceChildren(errorBox('Could not run the report', err));
    } finally {
      run.disabled = false;
    }
  });

  let last = null;
  try {
    await load();
    const done = await api('GET', '/api/tasks' + qs({ status: 'completed' }));
    const newest = done.find(t => t.kind === 'exposure');
    if (newest) {
      const status = await api('GET', '/api/check_task_status/' + enc(newest.task_id));
      if (status.status === 'completed') last = { result: status.result, at: newest.created_at };
    }
  } catch (err) {
    if (!alive()) return;
    area.replaceChildren(errorBox('Could not load the last report', err));
    return;
  }
  if (!alive()) return;
  if (!sets.length) {
    area.replaceChildren(h('div', { class: 'empty' }, h('p', null, 'You have no credential set yet. '), h('a', { class: 'button', href: routes.newSet() }, 'Add a credential set')));
    return;
  }
  area.replaceChildren(h('div', null, last ? report(last.result, last.at, sets)
    : [h('div', { class: 'empty' }, h('p', null, 'No report yet. Run one above to see what is public; the keys’ health is below.')), report(null, null, sets)]));
}

function healthBadge(health) {
  const st = (health && health.status) || 'never_checked';
  if (st === 'ok') return h('span', { class: 'badge ok' }, 'Keys work');
  if (st === 'failing') return h('span', { class: 'badge public' }, 'Keys failing' + (health.code ? ` (${health.code})` : ''));
  return h('span', { class: 'badge warn' }, 'Not checked yet');
}

function healthLine(set) {
  const badge = h('span', null, healthBadge(set.health));
  const when = h('span', { class: 'muted' }, set.health && set.health.checked_at
    ? ` checked ${formatDate(set.health.checked_at)}${set.health.latency_ms != null ? `, ${set.health.latency_ms} ms` : ''}` : '');
  const out = h('div', { class: 'health-msg' });
  const check = h('button', { type: 'button', class: 'small secondary', 'aria-label': `Check the keys of ${set.identifier} now` }, 'Check now');
  check.addEventListener('click', async () => {
    check.disabled = true;
    out.replaceChildren(spinner('Asking S3…'));
    try {
      const r = await api('GET', `/api/aws-credentials/${enc(set.identifier)}/health`);
      badge.replaceChildren(healthBadge({ status: r.ok ? 'ok' : 'failing', code: r.code }));
      when.textContent = ` checked ${formatDate(r.checked_at)}${r.latency_ms != null ? `, ${r.latency_ms} ms` : ''}`;
      out.replaceChildren(r.ok
        ? h('p', { class: 'muted' }, `${r.buckets != null ? `Sees ${r.buckets} bucket${r.buckets === 1 ? '' : 's'}. ` : ''}${r.key_info_note || ''}`)
        : errorBox(`The keys of ${set.identifier} fail`, { message: r.message || r.code }));
    } catch (err) {
      out.replaceChildren(errorBox('Could not check the keys', err));
    } finally {
      check.disabled = false;
    }
  });
  return h('div', { class: 'health' }, h('span', { class: 'health-label' }, 'Key health: '), badge, when, check, out);
}

function report(result, at, sets) {
  const bySet = new Map(((result && result.credential_sets) || []).map(s => [s.identifier, s]));
  const sum = result && result.summary;
  const parts = [];
  if (sum) {
    parts.push(h('p', { class: 'total', id: 'exposure-summary' },
      `${sum.public_buckets} public bucket${sum.public_buckets === 1 ? '' : 's'}, ${sum.not_public_buckets} not public, ${sum.unknown_buckets} unknown`
      + ` across ${sum.sets} credential set${sum.sets === 1 ? '' : 's'}` + (sum.failing_sets ? `; ${sum.failing_sets} set${sum.failing_sets === 1 ? '' : 's'} could not be read.` : '.')),
    h('p', { class: 'muted' }, `Report of ${formatDate(at)}; objects checked: ${result.objects}.`));
  }
  for (const set of sets) {
    const r = bySet.get(set.identifier);
    const section = h('section', { class: 'exposure-set', 'aria-label': `Credential set ${set.identifier}` },
      h('h2', null, set.identifier), healthLine(set));
    if (!result) { parts.push(section); continue; }
    if (!r) section.append(h('p', { class: 'muted' }, 'Not in this report (added after it ran).'));
    else if (!r.ok) section.append(errorBox(`Could not read ${set.identifier}`, { message: r.message || r.code }));
    else {
      if (r.account_public_access_block_reason) section.append(h('p', { class: 'muted' }, r.account_public_access_block_reason));
      const names = Object.keys(r.buckets || {}).sort((a, b) => rank(r.buckets[a]) - rank(r.buckets[b]) || a.localeCompare(b));
      if (!names.length) section.append(h('p', { class: 'muted' }, 'This set sees no bucket.'));
      else section.append(h('div', { class: 'table-wrap' }, h('table', { class: 'table exposure-table' },
        h('caption', { class: 'sr-only' }, `Buckets of ${set.identifier}`),
        h('thead', null, h('tr', null, ['Bucket', 'Verdict', 'Why', 'Objects'].map(t => h('th', { scope: 'col' }, t)))),
        h('tbody', null, names.map(name => bucketRow(set.identifier, name, r.buckets[name]))))));
    }
    parts.push(section);
  }
  return parts;
}

function rank(b) {
  return b.verdict === 'public' ? 0 : b.verdict === 'unknown' ? 1 : 2;
}

function bucketRow(cred, name, b) {
  const [cls, label] = VERDICT[b.verdict] || ['warn', b.verdict];
  const o = b.objects;
  const objects = !o ? '—' : [`${o.public} public of ${o.checked} checked${o.complete ? '' : ' (a sample)'}`,
    o.unreadable ? `, ${o.unreadable} unreadable` : '',
    (o.examples || []).length ? h('ul', { class: 'examples' }, o.examples.slice(0, 5).map(e => h('li', { class: 'mono wrap' }, typeof e === 'string' ? e : (e.key || JSON.stringify(e))))) : null];
  return h('tr', { class: b.verdict === 'public' ? 'is-public' : null },
    h('th', { scope: 'row' }, h('a', { href: routes.folder(cred, name) }, name)),
    h('td', null, h('span', { class: 'badge ' + cls }, label)),
    h('td', null, (b.reasons || []).length ? h('ul', { class: 'reasons' }, b.reasons.map(t => h('li', null, t))) : ''),
    h('td', null, objects));
}
