// Small DOM helpers shared by the pages: an element builder, forms whose
// fields show the API's errors next to them (and keep what was typed), data
// tables with sortable headers and pagination, and number formatting.

export function h(tag, attrs, ...children) {
	const el = document.createElement(tag);
	for (const [k, v] of Object.entries(attrs || {})) {
		if (v === undefined || v === null || v === false) continue;
		if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
		else if (k === 'class') el.className = v;
		else if (k === 'dataset') Object.assign(el.dataset, v);
		else if (k in el && typeof v !== 'string') el[k] = v;
		else el.setAttribute(k, v === true ? '' : v);
	}
	for (const c of children.flat(Infinity)) {
		if (c === undefined || c === null || c === false) continue;
		el.append(c instanceof Node ? c : document.createTextNode(String(c)));
	}
	return el;
}

let uid = 0;

// A labelled input; `name` is the API's field name (data-field), so an error
// naming it lands in the slot beside it.
export function field(label, input, help) {
	const id = input.id || `f${++uid}`;
	input.id = id;
	const err = h('span', { class: 'field-error', id: id + '-err', role: 'alert' });
	input.setAttribute('aria-describedby', err.id);
	return h('div', { class: 'field' }, h('label', { for: id }, label), input, help ? h('small', {}, help) : null, err);
}

export function input(name, attrs = {}) {
	return h('input', { name, dataset: { field: attrs.field || name }, ...attrs, field: undefined });
}

export function select(name, options, value, attrs = {}) {
	const s = h('select', { name, dataset: { field: attrs.field || name }, ...attrs, field: undefined },
		options.map(([v, text]) => h('option', { value: v }, text)));
	if (value !== undefined) s.value = value;
	return s;
}

export function clearErrors(root) {
	root.querySelectorAll('.field-error').forEach((e) => (e.textContent = ''));
	root.querySelectorAll('[aria-invalid]').forEach((e) => e.removeAttribute('aria-invalid'));
	root.querySelectorAll('.form-error').forEach((e) => (e.textContent = ''));
}

// Puts an ApiError next to the field it names (a path like "validity.duration"
// or "schedules[1].from" finds the closest input), else at the form's foot.
// Nothing typed is touched.
export function showError(root, err) {
	clearErrors(root);
	let target = null;
	if (err.field) {
		const path = String(err.field);
		const tries = [path, path.replace(/\[\d+\]/g, ''), path.split('.').pop()];
		for (const t of tries) {
			target = root.querySelector(`[data-field="${CSS.escape(t)}"]`);
			if (target) break;
		}
	}
	const text = err.message + (err.field && !target ? ` (field: ${err.field})` : '');
	if (target) {
		const slot = (target.id && document.getElementById(target.id + '-err')) || target.closest('.field')?.querySelector('.field-error');
		if (slot) slot.textContent = text;
		target.setAttribute('aria-invalid', 'true');
		target.focus();
		if (slot) return;
	}
	let foot = root.querySelector('.form-error');
	if (!foot) {
		foot = h('p', { class: 'form-error', role: 'alert' });
		root.append(foot);
	}
	foot.textContent = text;
}

export function notice(root, text, kind = 'ok') {
	let n = root.querySelector(':scope > .notice');
	if (!n) {
		n = h('p', { class: 'notice', role: 'status' });
		const title = root.querySelector(':scope > h1');
		if (title) title.after(n);
		else root.prepend(n);
	}
	n.className = 'notice ' + kind;
	n.textContent = text;
}

// A paged, sortable table. load({page, sort, order}) returns {items, total, page, per_page}.
export function dataTable({ columns, load, perPage = 25, empty = 'Nothing here yet.', caption }) {
	const state = { page: 1, sort: null, order: 'asc' };
	const tbody = h('tbody');
	const info = h('span', { class: 'page-info', 'aria-live': 'polite' });
	const prev = h('button', { type: 'button', class: 'secondary', onclick: () => go(state.page - 1) }, '‹ Previous');
	const next = h('button', { type: 'button', class: 'secondary', onclick: () => go(state.page + 1) }, 'Next ›');
	const head = h('tr', {}, columns.map((c) => {
		if (!c.sort) return h('th', { scope: 'col' }, c.title);
		const b = h('button', { type: 'button', class: 'sort', dataset: { sort: c.sort }, onclick: () => {
			state.order = state.sort === c.sort && state.order === 'asc' ? 'desc' : 'asc';
			state.sort = c.sort;
			go(1);
		} }, c.title);
		return h('th', { scope: 'col', 'aria-sort': 'none' }, b);
	}));
	const table = h('table', { class: 'data' }, caption ? h('caption', {}, caption) : null, h('thead', {}, head), tbody);
	const root = h('div', { class: 'table-wrap' }, table, h('div', { class: 'pager' }, prev, info, next));
	async function go(page) {
		state.page = Math.max(1, page);
		let r;
		try {
			r = await load({ page: state.page, per_page: perPage, sort: state.sort, order: state.order });
		} catch (e) {
			tbody.replaceChildren(h('tr', {}, h('td', { colspan: columns.length, class: 'error' }, e.message)));
			return;
		}
		const items = r.items || [];
		tbody.replaceChildren(...(items.length ? items.map((it) => h('tr', {}, columns.map((c) => h('td', { class: c.class }, c.cell(it, reload)))))
			: [h('tr', {}, h('td', { colspan: columns.length, class: 'empty' }, empty))]));
		const total = r.total ?? items.length, pp = r.per_page || perPage;
		const pages = Math.max(1, Math.ceil(total / pp));
		info.textContent = `page ${state.page} of ${pages} · ${total} in all`;
		prev.disabled = state.page <= 1;
		next.disabled = state.page >= pages;
		head.querySelectorAll('th[aria-sort]').forEach((th) => {
			const s = th.querySelector('button').dataset.sort;
			th.setAttribute('aria-sort', s === state.sort ? (state.order === 'asc' ? 'ascending' : 'descending') : 'none');
		});
	}
	function reload() {
		return go(state.page);
	}
	root.reload = reload;
	root.go = go;
	return root;
}

// Money in minor units; ISO 4217 currencies without minor units are few.
const ZERO_DECIMALS = new Set(['JPY', 'KRW', 'ISK', 'CLP', 'VND', 'XAF', 'XOF', 'UGX', 'PYG', 'RWF', 'KMF', 'GNF', 'VUV', 'XPF', 'DJF', 'BIF']);
export const decimals = (cur) => (ZERO_DECIMALS.has(cur) ? 0 : 2);
export function money(minor, cur) {
	if (minor === null || minor === undefined) return '–';
	const d = decimals(cur);
	const neg = minor < 0, abs = Math.abs(minor);
	const major = Math.floor(abs / 10 ** d), frac = abs % 10 ** d;
	return `${neg ? '-' : ''}${major}${d ? '.' + String(frac).padStart(d, '0') : ''} ${cur || ''}`.trim();
}
// "3.50" -> 350 without floating point; null when not a number
export function parseMoney(text, cur) {
	const d = decimals(cur);
	const m = String(text).trim().replace(',', '.').match(d ? /^(\d+)(?:\.(\d{0,2}))?$/ : /^(\d+)$/);
	if (!m) return null;
	return Number(m[1]) * 10 ** d + Number(((m[2] || '') + '00').slice(0, d) || 0);
}
export function minorToText(minor, cur) {
	return money(minor, cur).replace(/ .*$/, '');
}

export function bytes(n) {
	if (n === null || n === undefined || n < 0) return '–';
	const u = ['B', 'kB', 'MB', 'GB', 'TB'];
	let i = 0;
	while (n >= 1000 && i < u.length - 1) {
		n /= 1000;
		i++;
	}
	return `${i ? n.toFixed(n < 10 ? 2 : 1) : n} ${u[i]}`;
}

export function seconds(s) {
	if (s === null || s === undefined || s < 0) return '–';
	if (s < 60) return `${s} s`;
	const d = Math.floor(s / 86400), hh = Math.floor((s % 86400) / 3600), mm = Math.floor((s % 3600) / 60);
	return [d && `${d} d`, hh && `${hh} h`, mm && `${mm} min`].filter(Boolean).join(' ') || '0 min';
}

export function when(epoch) {
	if (!epoch) return '–';
	const d = new Date(epoch * 1000);
	const p = (x) => String(x).padStart(2, '0');
	return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

// a button that runs an async action, disabled while it runs, errors shown in `where`
export function action(label, fn, where, attrs = {}) {
	const b = h('button', { type: 'button', ...attrs }, label);
	b.addEventListener('click', async () => {
		b.disabled = true;
		try {
			await fn();
		} catch (e) {
			notice(where(), e.message, 'error');
		} finally {
			b.disabled = false;
		}
	});
	return b;
}

export function page(title, ...content) {
	return h('section', { class: 'page' }, h('h1', { tabindex: '-1' }, title), ...content);
}

// a form that calls submit(values) and shows API errors next to fields
export function form(fields, submitLabel, submit, extra) {
	const f = h('form', { novalidate: true }, fields, h('div', { class: 'actions' }, h('button', { type: 'submit' }, submitLabel), extra));
	f.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		clearErrors(f);
		const btn = f.querySelector('button[type=submit]');
		btn.disabled = true;
		try {
			await submit(f);
		} catch (e) {
			if (e.status === undefined) throw e;
			showError(f, e);
		} finally {
			btn.disabled = false;
		}
	});
	return f;
}
