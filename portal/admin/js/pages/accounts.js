// Accounts: search, details with buckets and devices, top-up, suspend/resume.
import { get, post, del, qs } from '../api.js';
import { h, field, input, select, form, page, dataTable, notice, when, bytes, seconds, action } from '../ui.js';

export default async function accounts(ctx) {
	const root = page('Accounts');
	const where = () => root;
	const q = input('q', { type: 'search', placeholder: 'user name, name or number' });
	const detail = h('div', { id: 'account-detail' });
	const table = dataTable({
		caption: 'Accounts', perPage: 25, empty: 'No account matches.',
		load: (p) => get('/api/v1/accounts' + qs({ q: q.value.trim(), page: p.page, per_page: p.per_page })),
		columns: [
			{ title: 'User name', cell: (a) => a.username },
			{ title: 'Name', cell: (a) => a.name },
			{ title: 'Kind', cell: (a) => a.kind },
			{ title: 'Plan', cell: (a) => a.plan_name },
			{ title: 'Status', cell: (a) => h('span', { class: `badge ${a.status}` }, a.status) },
			{ title: 'Created', cell: (a) => when(a.created_at) },
			{ title: '', cell: (a) => h('button', { type: 'button', class: 'secondary small', onclick: () => show(a.id) }, 'Open') },
		],
	});
	let timer;
	q.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(() => table.go(1), 250); });

	async function show(id) {
		const a = await get(`/api/v1/accounts/${id}`);
		const time = input('time', { placeholder: 'e.g. 1h, 30min' });
		const data = input('data', { placeholder: 'e.g. 500MB, 1GB' });
		const extend = input('extend', { placeholder: 'e.g. 1d' });
		const unitSec = { min: 60, h: 3600, d: 86400 }, unitB = { MB: 1e6, GB: 1e9 };
		const parse = (v, units, fieldName) => {
			if (!v.trim()) return undefined;
			const m = v.trim().match(/^(\d+(?:\.\d+)?)\s*([A-Za-z]+)$/);
			if (!m || !units[m[2]]) throw Object.assign(new Error(`${fieldName}: a number and one of ${Object.keys(units).join(', ')}`), { status: 400, field: fieldName });
			return Math.round(Number(m[1]) * units[m[2]]);
		};
		const topup = form([h('div', { class: 'grid' }, field('Add time', time), field('Add data', data), field('Extend validity', extend))], 'Top up', async () => {
			const b = {};
			const t = parse(time.value, unitSec, 'time'), d = parse(data.value, unitB, 'data');
			if (t) b.time = t;
			if (d) b.data = d;
			if (extend.value.trim()) b.extend = extend.value.trim();
			await post(`/api/v1/accounts/${a.id}/topup`, b);
			notice(root, `Topped up ${a.username}.`);
			show(a.id);
		});
		const mac = input('mac', { placeholder: 'aa:bb:cc:dd:ee:ff' });
		const addDev = form([field('Bind a device (MAC)', mac)], 'Add device', async () => {
			await post(`/api/v1/accounts/${a.id}/devices`, { mac: mac.value });
			show(a.id);
		});
		const suspended = a.status === 'suspended';
		detail.replaceChildren(h('div', { class: 'card' },
			h('h2', { tabindex: '-1' }, `${a.username} (${a.kind})`),
			h('p', {}, `Plan ${a.plan_name} · status `, h('span', { class: `badge ${a.status}` }, a.status)),
			h('table', { class: 'data' }, h('caption', {}, 'Buckets'), h('thead', {}, h('tr', {}, ['Kind', 'Time left', 'Data left', 'Valid until'].map((t) => h('th', {}, t)))),
				h('tbody', {}, a.buckets.map((b) => h('tr', {}, h('td', {}, b.kind), h('td', {}, b.time_left < 0 ? 'unlimited' : seconds(b.time_left)),
					h('td', {}, b.data_left < 0 ? 'unlimited' : bytes(b.data_left)), h('td', {}, b.valid_until ? when(b.valid_until) : '–'))))),
			h('h3', {}, 'Devices'),
			a.devices.length ? h('ul', {}, a.devices.map((d) => h('li', {}, typeof d === 'string' ? d : d.mac, ' ',
				action('Remove', async () => { await del(`/api/v1/accounts/${a.id}/devices/${encodeURIComponent(typeof d === 'string' ? d : d.mac)}`); show(a.id); }, where, { class: 'danger small' })))) : h('p', {}, 'No device bound.'),
			addDev,
			h('h3', {}, 'Top-up'), topup,
			h('div', { class: 'actions' }, suspended
				? action('Resume', async () => { await post(`/api/v1/accounts/${a.id}/resume`); notice(root, `${a.username} resumed.`); show(a.id); table.reload(); }, where)
				: action('Suspend', async () => { await post(`/api/v1/accounts/${a.id}/suspend`); notice(root, `${a.username} suspended; their sessions ended.`); show(a.id); table.reload(); }, where, { class: 'danger' }))));
		detail.querySelector('h2').focus();
	}

	root.append(h('div', { class: 'toolbar' }, field('Search', q)), table, detail);
	table.go(1);
	return root;
}
