// Tiny DOM helpers. Every string child becomes a text node, so values from S3 are always shown as text.
const SVG_NS = 'http://www.w3.org/2000/svg';

function build(el, props, children) {
  if (props) {
    for (const [k, v] of Object.entries(props)) {
      if (v == null || v === false) continue;
      if (k === 'style') throw new Error('inline styles are not allowed; use classes or el.style');
      if (k === 'class') el.setAttribute('class', v);
      else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
      else if (k === 'value' || k === 'checked' || k === 'selected') el[k] = v;
      else el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c == null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
}

/** An HTML element: h('button', {class: 'x', onclick: f}, 'text', child, [more]). */
export function h(tag, props, ...children) {
  return build(document.createElement(tag), props, children);
}

/** An SVG element. */
export function s(tag, props, ...children) {
  return build(document.createElementNS(SVG_NS, tag), props, children);
}

let idCounter = 0;
/** A fresh element id. */
export function uid(prefix = 'id') {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

/** A spinner with a label. */
export function spinner(label) {
  return h('p', { class: 'loading', role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), label);
}

/** An error line naming what failed. */
export function errorBox(what, err) {
  return h('div', { class: 'error', role: 'alert' }, h('strong', null, what + ': '), messageOf(err));
}

/** The API's sentence for an error, or a plain one. */
export function messageOf(err) {
  if (err && err.message) return err.message;
  return 'Something went wrong. Try again.';
}

const toastEl = () => document.getElementById('toast');
let toastTimer;
/** A short status message read out by screen readers. */
export function toast(text) {
  const t = toastEl();
  t.textContent = text;
  t.classList.add('show');
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => t.classList.remove('show'), 4000);
}

/** Human size: 1.2 MB. */
export function formatSize(n) {
  if (n == null || Number.isNaN(n)) return '';
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let v = Number(n);
  let i = 0;
  while (v >= 1000 && i < units.length - 1) { v /= 1000; i += 1; }
  return (i === 0 ? String(v) : v.toFixed(v < 10 ? 1 : 0)) + ' ' + units[i];
}

/** A date and time in the reader's locale. */
export function formatDate(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** A confirmation dialog; resolves true when confirmed. Escape or Cancel resolves false. */
export function confirmDialog(title, text, confirmLabel) {
  return new Promise(resolve => {
    const titleId = uid('dlg');
    const dlg = h('dialog', { class: 'dialog', 'aria-labelledby': titleId });
    const done = ok => { dlg.close(); dlg.remove(); resolve(ok); };
    dlg.append(
      h('h2', { id: titleId }, title),
      h('p', null, text),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'secondary', onclick: () => done(false) }, 'Cancel'),
        h('button', { type: 'button', class: 'danger', onclick: () => done(true) }, confirmLabel)));
    dlg.addEventListener('cancel', e => { e.preventDefault(); done(false); });
    document.body.appendChild(dlg);
    dlg.showModal();
    dlg.querySelector('.secondary').focus();
  });
}

/** URL-safe base64 (RFC 4648 §5, no padding) of a string's UTF-8 bytes: how the API names object keys. */
export function keyB64(key) {
  let bin = '';
  for (const b of new TextEncoder().encode(key)) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * A modal form: Enter submits, Escape or Cancel closes. `onSubmit(alertBox)` runs the work; it returns a value
 * to close the dialog with (resolved), or throws to keep it open with the API's message shown in `alertBox`.
 * Resolves null when cancelled. `content` is the form's fields (nodes).
 */
export function formDialog(title, content, submitLabel, onSubmit, { danger = false, wide = false } = {}) {
  return new Promise(resolve => {
    const titleId = uid('dlg');
    const dlg = h('dialog', { class: 'dialog' + (wide ? ' wide' : ''), 'aria-labelledby': titleId });
    const alertBox = h('div', { class: 'alerts', tabindex: '-1' });
    const submit = h('button', { type: 'submit', class: danger ? 'danger' : null }, submitLabel);
    const cancel = h('button', { type: 'button', class: 'secondary', onclick: () => done(null) }, 'Cancel');
    const form = h('form', { novalidate: true }, h('h2', { id: titleId }, title), alertBox, content,
      h('div', { class: 'actions' }, cancel, submit));
    let finished = false;
    const done = value => {
      if (finished) return;
      finished = true;
      dlg.close();
      dlg.remove();
      resolve(value);
    };
    form.addEventListener('submit', async e => {
      e.preventDefault();
      submit.disabled = true;
      const label = submit.textContent;
      for (const bad of form.querySelectorAll('[aria-invalid=true]')) bad.removeAttribute('aria-invalid');
      for (const line of form.querySelectorAll('.field-error')) line.textContent = '';
      submit.replaceChildren(h('span', { class: 'spinner', 'aria-hidden': 'true' }), 'Working…');
      try {
        const value = await onSubmit(alertBox, form);
        done(value === undefined ? true : value);
      } catch (err) {
        alertBox.replaceChildren(errorBox('Not done', err));
        for (const [name, messages] of Object.entries((err && err.fields) || {})) {
          const input = form.elements[name];
          const line = input && input.id ? document.getElementById(input.id + '-err') : null;
          if (input && input.setAttribute) input.setAttribute('aria-invalid', 'true');
          if (line) line.textContent = messages.join(' ');
        }
        submit.disabled = false;
        submit.textContent = label;
        const bad = form.querySelector('[aria-invalid=true]');
        (bad || alertBox).focus();
      }
    });
    dlg.addEventListener('cancel', e => { e.preventDefault(); done(null); });
    dlg.append(form);
    document.body.appendChild(dlg);
    dlg.showModal();
    const first = form.querySelector('input:not([type=hidden]):not([readonly]), select, textarea');
    (first || cancel).focus();
  });
}

/** A modal that only shows things (Escape or Close closes it). */
export function infoDialog(title, content) {
  const titleId = uid('dlg');
  const dlg = h('dialog', { class: 'dialog wide', 'aria-labelledby': titleId });
  const close = () => { dlg.close(); dlg.remove(); };
  const closeBtn = h('button', { type: 'button', class: 'secondary', onclick: close }, 'Close');
  dlg.append(h('h2', { id: titleId }, title), h('div', null, content), h('div', { class: 'actions' }, closeBtn));
  dlg.addEventListener('cancel', e => { e.preventDefault(); close(); });
  document.body.appendChild(dlg);
  dlg.showModal();
  closeBtn.focus();
  return dlg;
}
