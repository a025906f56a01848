// The API client. The access token lives only in this module's memory; the refresh token is an HttpOnly
// cookie the page never sees. Session routes carry the CSRF header the server requires.
const CSRF = { 'X-S3Panel-CSRF': '1' };

let access = null;
let expiresAt = 0;
let timer = null;
let inflight = null;
let expiredHandler = () => {};

/** An error answered by the API: its status, its sentence, its code and per-field messages. */
export class ApiError extends Error {
  constructor(status, body) {
    super((body && (body.error || body.detail)) || `The server answered ${status}.`);
    this.status = status;
    this.code = body && body.code;
    this.fields = (body && body.fields) || {};
  }
}

/** Called once when the session cannot be renewed any more. */
export function onExpired(handler) {
  expiredHandler = handler;
}

/** True while an access token is held. */
export function signedIn() {
  return access !== null;
}

async function readBody(res) {
  const text = await res.text();
  if (!text) return null;
  try { return JSON.parse(text); } catch { return { error: text.slice(0, 200) }; }
}

async function failure(res) {
  return new ApiError(res.status, await readBody(res));
}

function networkError() {
  return new ApiError(0, { error: 'The server cannot be reached. Check your connection and try again.' });
}

function take(session) {
  access = session.access;
  const ttl = Math.max(2, Number(session.expires_in) || 300) * 1000;
  expiresAt = Date.now() + ttl;
  clearTimeout(timer);
  // Renew silently at three quarters of the lifetime, well before the token expires.
  timer = setTimeout(() => { refresh().catch(() => {}); }, Math.floor(ttl * 0.75));
}

function drop() {
  access = null;
  expiresAt = 0;
  clearTimeout(timer);
}

async function sessionCall(path, body) {
  let res;
  try {
    res = await fetch('/api/session/' + path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: body ? { ...CSRF, 'Content-Type': 'application/json' } : CSRF,
      body: body ? JSON.stringify(body) : undefined,
    });
  } catch {
    throw networkError();
  }
  if (!res.ok) throw await failure(res);
  return res.status === 204 ? null : res.json();
}

/** Signs in: the access token is kept here, the refresh cookie is set by the server. */
export async function login(username, password) {
  take(await sessionCall('login', { username, password }));
}

/** Renews the access token with the refresh cookie; concurrent callers share one call. */
export function refresh() {
  if (!inflight) {
    inflight = sessionCall('refresh')
      .then(s => { take(s); return true; })
      .catch(e => {
        const hadSession = access !== null;
        drop();
        if (hadSession && e.status === 401) expiredHandler();
        throw e;
      })
      .finally(() => { inflight = null; });
  }
  return inflight;
}

/** Tries to resume a session from the cookie (page load); false when there is none. */
export async function resume() {
  try { await refresh(); return true; } catch { return false; }
}

/** Signs out: the server revokes the refresh token and clears the cookie. */
export async function logout() {
  try { await sessionCall('logout'); } finally { drop(); }
}

/** Registers a user. */
export async function register(username, password) {
  let res;
  try {
    res = await fetch('/api/register', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password }),
    });
  } catch {
    throw networkError();
  }
  if (!res.ok) throw await failure(res);
}

function send(method, path, body) {
  const headers = { Authorization: 'Bearer ' + access };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  return fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

/** An authenticated API call; renews the token once on 401 and ends the session if that fails. */
export async function api(method, path, body) {
  if (access === null || Date.now() > expiresAt - 1000) {
    try { await refresh(); } catch (e) {
      expiredHandler();
      throw new ApiError(401, { error: 'Your session has ended. Sign in again.' });
    }
  }
  let res;
  try {
    res = await send(method, path, body);
    if (res.status === 401) {
      await refresh();
      res = await send(method, path, body);
    }
  } catch (e) {
    if (e instanceof ApiError) {
      expiredHandler();
      throw new ApiError(401, { error: 'Your session has ended. Sign in again.' });
    }
    throw networkError();
  }
  if (res.status === 401) {
    drop();
    expiredHandler();
    throw await failure(res);
  }
  if (!res.ok) throw await failure(res);
  return res.status === 204 ? null : readBody(res);
}

/** Query string from an object, skipping empty values. */
export function qs(params) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') p.set(k, v);
  const s = p.toString();
  return s ? '?' + s : '';
}

async function freshToken() {
  if (access === null || Date.now() > expiresAt - 5000) {
    try { await refresh(); } catch {
      expiredHandler();
      throw new ApiError(401, { error: 'Your session has ended. Sign in again.' });
    }
  }
  return access;
}

/**
 * Streams one file with PUT (XMLHttpRequest, for upload progress). `onProgress(loaded, total)` follows the
 * bytes sent; `handle.abort()` cancels (the server then aborts the S3 upload). Resolves with the API's answer.
 */
export function upload(path, file, { onProgress, handle = {}, headers = {} } = {}) {
  let aborted = false;
  let xhr = null;
  handle.abort = () => { aborted = true; if (xhr) xhr.abort(); };
  const once = token => new Promise((resolve, reject) => {
    xhr = new XMLHttpRequest();
    xhr.open('PUT', path);
    xhr.setRequestHeader('Authorization', 'Bearer ' + token);
    xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
    for (const [k, v] of Object.entries(headers)) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = e => { if (onProgress) onProgress(e.loaded, e.lengthComputable ? e.total : file.size); };
    xhr.onload = () => {
      let body = null;
      try { body = xhr.responseText ? JSON.parse(xhr.responseText) : null; } catch { body = { error: xhr.responseText.slice(0, 200) }; }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body);
      else reject(new ApiError(xhr.status, body));
    };
    xhr.onerror = () => reject(networkError());
    xhr.onabort = () => reject(Object.assign(new ApiError(0, { error: 'Cancelled.' }), { cancelled: true }));
    xhr.send(file);
  });
  return (async () => {
    let token = await freshToken();
    if (aborted) throw Object.assign(new ApiError(0, { error: 'Cancelled.' }), { cancelled: true });
    try {
      return await once(token);
    } catch (e) {
      if (e.status !== 401 || aborted) throw e;
      try { await refresh(); } catch { expiredHandler(); throw e; }
      return once(access);
    }
  })();
}
