// Sites visited: which device asked for which DNS name, when (hotEx's "log of
// all sites visited, report for security agencies"). Search by device and
// name, and export what the search shows as CSV.
import { get, qs, download } from '../api.js';
import { h, page, field, input, form, dataTable, when, showError } from '../ui.js';

export default async function sites() {
	const root = page('Sites visited');
	let filter = {};
	const table = dataTable({
		caption: 'Newest first', perPage: 100, empty: 'Nothing logged for this search.',
		load: (p) => get('/api/v1/sites' + qs({ ...filter, page: p.page, per_page: p.per_page })),
		columns: [
			{ title: 'Time (UTC)', cell: (v) => when(v.seen_at) },
			{ title: 'Device', cell: (v) => v.mac },
			{ title: 'Name', cell: (v) => v.name },
		],
	});
	table.id = 'sites-visited';
	const search = form([
		field('Device (MAC)', input('mac', { placeholder: 'aa:bb:cc:dd:ee:ff' })),
		field('Name contains', input('q', { placeholder: 'example.com' })),
	], 'Search', async (f) => {
		filter = { mac: f.mac.value.trim(), q: f.q.value.trim() };
		await table.go(1);
	}, h('button', { type: 'button', class: 'secondary', onclick: async () => {
		try {
			await download('/api/v1/sites/csv' + qs(filter), 'sites-visited.csv');
		} catch (e) {
			showError(search, e);
		}
	} }, 'Export CSV'));
	root.append(search, table);
	table.go(1);
	return root;
}
