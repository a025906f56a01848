// Long work on the server (batch delete/copy/move, the exposure report): start a task, follow it with a
// progress bar from GET /api/check_task_status/{id}, cancel it with DELETE /api/tasks/{id}.
import { api } from './api.js';
import { h, errorBox, formatSize } from './dom.js';

const enc = encodeURIComponent;
const POLL_MS = 500;

/**
 * Follows a task inside `box`. `total` (optional) is the number of objects expected, for a determinate bar;
 * `describe(progress)` words the progress. Resolves with the final status document
 * ({status: completed | cancelled | failed, result, message}), or null when `alive()` turns false (the user left).
 */
export async function followTask(box, taskId, { title, total, describe, measure, alive = () => true }) {
  const bar = h('progress', { class: 'task-progress', max: String(total || 1), 'aria-label': title + ': progress' });
  bar.removeAttribute('value');
  const label = h('p', { role: 'status', 'aria-live': 'polite' }, 'Waiting for the server to start…');
  const alerts = h('div');
  const cancel = h('button', { type: 'button', class: 'secondary small', onclick: async () => {
    cancel.disabled = true;
    cancel.textContent = 'Cancelling…';
    try {
      await api('DELETE', '/api/tasks/' + enc(taskId));
    } catch (err) {
      // 409: it finished meanwhile; the next poll shows how.
      if (err.status !== 409) { alerts.replaceChildren(errorBox('Could not cancel', err)); cancel.disabled = false; cancel.textContent = 'Cancel'; }
    }
  } }, 'Cancel');
  box.replaceChildren(h('div', { class: 'progress-box task-box' }, h('p', { class: 'task-title' }, title), bar,
    h('div', { class: 'task-line' }, label, cancel), alerts));
  for (;;) {
    if (!alive()) return null;
    let status;
    try {
      status = await api('GET', '/api/check_task_status/' + enc(taskId));
    } catch (err) {
      alerts.replaceChildren(errorBox('Could not follow the task', err));
      cancel.remove();
      return { status: 'failed', message: err.message };
    }
    if (status.status === 'queued' || status.status === 'running') {
      const p = status.progress || {};
      const m = measure ? measure(p) : (total && p.objects_done !== undefined ? [(p.objects_done || 0) + (p.objects_failed || 0), total] : null);
      if (m && m[1] > 0) { bar.max = m[1]; bar.value = Math.min(m[0], m[1]); }
      label.textContent = status.status === 'queued' ? 'Queued: the server starts it shortly…' : describe(p);
      await new Promise(r => setTimeout(r, POLL_MS));
      continue;
    }
    cancel.remove();
    if (status.status === 'completed') { bar.max = 1; bar.value = 1; }
    return status;
  }
}

/** The words for a batch's progress or result: "12 objects done (3.4 MB), 1 failed". */
export function batchWords(p) {
  const done = p.objects_done || 0;
  const failed = p.objects_failed || 0;
  return `${done.toLocaleString()} object${done === 1 ? '' : 's'} done (${formatSize(p.bytes_done || 0)})`
    + (failed ? `, ${failed.toLocaleString()} failed` : '');
}

/** The failures a batch listed, as a list of "key: message" lines. */
export function failureList(result) {
  const failed = (result && result.failed) || [];
  if (!failed.length) return null;
  return h('details', { class: 'failures', open: true }, h('summary', null, `Failed objects (${(result.objects_failed || failed.length).toLocaleString()})`),
    h('ul', null, failed.slice(0, 50).map(f => h('li', null, h('span', { class: 'mono wrap' }, f.key), ': ', f.message || f.code))),
    failed.length > 50 ? h('p', { class: 'muted' }, `and ${failed.length - 50} more.`) : null);
}
