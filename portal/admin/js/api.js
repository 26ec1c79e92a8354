// The admin API from the browser: same-origin fetch with the session cookie
// (HttpOnly, so never seen here) and the CSRF token on unsafe methods.
// Errors become ApiError with the API's message and the field it names.

let csrf = null;

export class ApiError extends Error {
	constructor(status, message, field) {
		super(message);
		this.status = status;
		this.field = field || null;
	}
}

export function setCsrf(token) {
	csrf = token;
}

const SAFE = new Set(['GET', 'HEAD']);

export async function api(method, path, body) {
	const headers = { Accept: 'application/json' };
	const init = { method, headers, credentials: 'same-origin' };
	if (body !== undefined) {
		headers['Content-Type'] = 'application/json';
		init.body = JSON.stringify(body);
	}
	if (!SAFE.has(method) && csrf) headers['X-CSRF-Token'] = csrf;
	let res;
	try {
		res = await fetch(path, init);
	} catch (e) {
		throw new ApiError(0, 'the gateway did not answer: ' + e.message);
	}
	const type = res.headers.get('Content-Type') || '';
	if (!type.startsWith('application/json')) {
		if (!res.ok) throw new ApiError(res.status, `${res.status} ${res.statusText}`);
		return res;
	}
	const json = await res.json().catch(() => null);
	if (!res.ok) {
		const err = (json && json.error) || {};
		if (res.status === 401 && path !== '/api/v1/session')
			window.dispatchEvent(new CustomEvent('spotgate:logged-out', { detail: err.message }));
		throw new ApiError(res.status, err.message || `${res.status} ${res.statusText}`, err.field);
	}
	return json;
}

export const get = (path) => api('GET', path);
export const post = (path, body) => api('POST', path, body === undefined ? {} : body);
export const patch = (path, body) => api('PATCH', path, body);
export const put = (path, body) => api('PUT', path, body);
export const del = (path) => api('DELETE', path);

// query string from an object, leaving out empty values
export function qs(params) {
	const u = new URLSearchParams();
	for (const [k, v] of Object.entries(params))
		if (v !== undefined && v !== null && v !== '' && v !== false) u.set(k, v === true ? '1' : String(v));
	const s = u.toString();
	return s ? '?' + s : '';
}

// downloads a GET (CSV, PDF) as a file, keeping the API's error message
export async function download(path, filename) {
	const res = await fetch(path, { credentials: 'same-origin' });
	if (!res.ok) {
		const j = await res.json().catch(() => null);
		throw new ApiError(res.status, (j && j.error && j.error.message) || res.statusText);
	}
	const blob = await res.blob();
	const url = URL.createObjectURL(blob);
	const a = document.createElement('a');
	a.href = url;
	a.download = filename;
	document.body.append(a);
	a.click();
	a.remove();
	setTimeout(() => URL.revokeObjectURL(url), 10000);
}
