// Reports (read-only; auditors see these and the dashboard): usage per day,
// plan or location, revenue, top users, session history and the CDR export.
import { get, qs, download } from '../api.js';
import { h, field, input, select, page, dataTable, notice, money, bytes, seconds, when, action } from '../ui.js';
import { barChart } from '../chart.js';

const day = (d) => d.toISOString().slice(0, 10);
const epoch = (text) => Math.floor(Date.parse(text + 'T00:00:00') / 1000);

export default async function reports(ctx) {
	const root = page('Reports');
	const where = () => root;
	const now = new Date();
	const from = input('from', { type: 'date', value: day(new Date(now - 29 * 86400000)) });
	const to = input('to', { type: 'date', value: day(now) });
	const group = select('group', [['day', 'per day'], ['plan', 'per plan'], ['location', 'per location']], 'day');
	const by = select('by', [['bytes', 'by traffic'], ['time', 'by time']], 'bytes');
	const usageBox = h('div', { id: 'report-usage' });
	const revenueBox = h('div', { id: 'report-revenue' });
	const topBox = h('div', { id: 'report-top' });
	// [from, to + 1 day): "to" is the last day shown
	const span = () => ({ from: epoch(from.value), to: epoch(to.value) + 86400 });

	async function refresh() {
		const s = span();
		if (!(s.from < s.to)) {
			notice(root, 'The first day must not be after the last one.', 'error');
			return;
		}
		try {
			const [u, r, t] = await Promise.all([
				get('/api/v1/reports/usage' + qs({ ...s, group: group.value })),
				get('/api/v1/reports/revenue' + qs(s)),
				get('/api/v1/reports/top-users' + qs({ ...s, by: by.value, limit: 10 })),
			]);
			usageBox.replaceChildren(
				barChart({ title: `Traffic ${group.selectedOptions[0].text}`, labels: u.rows.map((x) => x.key), labelEvery: Math.max(1, Math.ceil(u.rows.length / 12)),
					format: bytes, series: [{ name: 'download', values: u.rows.map((x) => x.bytes_down) }, { name: 'upload', values: u.rows.map((x) => x.bytes_up) }] }),
				h('table', { class: 'data' }, h('thead', {}, h('tr', {}, ['', 'Sessions', 'Time', 'Download', 'Upload', 'Charged'].map((t) => h('th', {}, t)))),
					h('tbody', {}, u.rows.length ? u.rows.map((x) => h('tr', {}, h('td', {}, x.key), h('td', { class: 'num' }, x.sessions), h('td', { class: 'num' }, seconds(x.seconds)),
						h('td', { class: 'num' }, bytes(x.bytes_down)), h('td', { class: 'num' }, bytes(x.bytes_up)), h('td', { class: 'num' }, money(x.charge, x.currency))))
						: h('tr', {}, h('td', { colspan: 6, class: 'empty' }, 'No usage in this span.')))));
			revenueBox.replaceChildren(h('table', { class: 'data' }, h('thead', {}, h('tr', {}, ['Source', 'Count', 'Amount'].map((t) => h('th', {}, t)))),
				h('tbody', {}, r.rows.length ? r.rows.map((x) => h('tr', {}, h('td', {}, x.source), h('td', { class: 'num' }, x.count), h('td', { class: 'num' }, money(x.amount, x.currency))))
					: h('tr', {}, h('td', { colspan: 3, class: 'empty' }, 'No revenue in this span.')))));
			topBox.replaceChildren(
				barChart({ title: 'Top users', labels: t.rows.map((x) => x.username || `#${x.account}`), height: 200, format: by.value === 'time' ? seconds : bytes,
					series: [{ name: by.value === 'time' ? 'time online' : 'traffic', values: t.rows.map((x) => (by.value === 'time' ? x.seconds : x.bytes)) }] }),
				h('table', { class: 'data' }, h('thead', {}, h('tr', {}, ['Account', 'Sessions', 'Time', 'Traffic'].map((x) => h('th', {}, x)))),
					h('tbody', {}, t.rows.map((x) => h('tr', {}, h('td', {}, x.username), h('td', { class: 'num' }, x.sessions), h('td', { class: 'num' }, seconds(x.seconds)), h('td', { class: 'num' }, bytes(x.bytes)))))));
			history.go(1);
		} catch (e) {
			notice(root, e.message, 'error');
		}
	}

	const history = dataTable({
		caption: 'Session history', perPage: 25, empty: 'No sessions in this span.',
		load: (p) => get('/api/v1/reports/sessions' + qs({ ...span(), page: p.page, per_page: p.per_page })),
		columns: [
			{ title: '#', cell: (s) => s.id, class: 'num' },
			{ title: 'Account', cell: (s) => s.username },
			{ title: 'Device', cell: (s) => s.mac || '–' },
			{ title: 'Start', cell: (s) => when(s.started_at) },
			{ title: 'Stop', cell: (s) => (s.stopped_at ? when(s.stopped_at) : 'online') },
			{ title: 'Why', cell: (s) => s.stop_cause || '–' },
			{ title: 'Time', cell: (s) => seconds(s.seconds), class: 'num' },
			{ title: 'Down / up', cell: (s) => `${bytes(s.bytes_down)} / ${bytes(s.bytes_up)}`, class: 'num' },
		],
	});
	const cdr = action('Export CDRs (CSV)', () => {
		const s = span();
		return download('/api/v1/cdr' + qs(s), `cdr-${from.value}-${to.value}.csv`);
	}, where, { class: 'secondary', id: 'cdr-export' });
	for (const el of [from, to, group, by]) el.addEventListener('change', refresh);
	root.append(
		h('div', { class: 'toolbar' }, field('First day', from), field('Last day', to), field('Usage', group), field('Top users', by), cdr),
		h('h2', {}, 'Usage'), usageBox,
		h('div', { class: 'two' }, h('div', {}, h('h2', {}, 'Revenue'), revenueBox), h('div', {}, h('h2', {}, 'Top users'), topBox)),
		h('h2', {}, 'Sessions'), history);
	await refresh();
	return root;
}
