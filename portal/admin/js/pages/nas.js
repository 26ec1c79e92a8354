// NAS devices: the RADIUS clients (access points, MikroTik, controllers).
import { get, post, del, qs } from '../api.js';
import { h, field, input, select, form, page, dataTable, notice, when, action } from '../ui.js';

export default async function nas(ctx) {
	const root = page('NAS devices');
	const where = () => root;
	const table = dataTable({
		caption: 'RADIUS clients', perPage: 50, empty: 'No NAS yet.',
		load: (p) => get('/api/v1/nas' + qs({ page: p.page, per_page: p.per_page })),
		columns: [
			{ title: '#', cell: (n) => n.id, class: 'num' },
			{ title: 'Name', cell: (n) => n.name || '–' },
			{ title: 'Address', cell: (n) => n.address },
			{ title: 'Vendor', cell: (n) => n.vendor || '–' },
			{ title: 'CoA port', cell: (n) => n.coa_port ?? '–', class: 'num' },
			{ title: 'Added', cell: (n) => when(n.created_at) },
			{ title: '', cell: (n, reload) => action('Remove', async () => {
				if (!window.confirm(`Remove NAS ${n.address}?`)) return;
				await del(`/api/v1/nas/${n.id}`); notice(root, `Removed ${n.address}.`); reload();
			}, where, { class: 'danger small' }) },
		],
	});
	const address = input('address', { placeholder: '192.0.2.10 or 192.0.2.0/24' });
	const secret = input('secret', { type: 'password', autocomplete: 'new-password' });
	const name = input('name');
	const vendor = select('vendor', [['generic', 'generic (RFC 2865)'], ['mikrotik', 'MikroTik'], ['chilli', 'CoovaChilli']]);
	const coa = input('coa_port', { type: 'number', placeholder: '3799' });
	const f = form([h('div', { class: 'grid' }, field('Address', address), field('Shared secret', secret), field('Name', name), field('Vendor', vendor), field('CoA port', coa))], 'Add NAS', async () => {
		const b = { address: address.value, secret: secret.value, name: name.value, vendor: vendor.value };
		if (coa.value) b.coa_port = Number(coa.value);
		await post('/api/v1/nas', b);
		notice(root, `Added ${address.value}.`);
		for (const el of [address, secret, name, coa]) el.value = '';
		table.reload();
	});
	root.append(table, h('h2', {}, 'Add a NAS'), h('div', { class: 'card' }, f));
	table.go(1);
	return root;
}
