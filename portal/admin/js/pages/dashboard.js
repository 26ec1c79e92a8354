// Dashboard: guests online, logins and revenue today, traffic of the last 24 hours.
import { get } from '../api.js';
import { h, page, money, bytes } from '../ui.js';
import { barChart } from '../chart.js';

export default async function dashboard(ctx) {
	const d = await get('/api/v1/reports/dashboard');
	const tile = (label, value, id) => h('div', { class: 'tile', id }, h('div', { class: 'label' }, label), h('div', { class: 'value' }, value));
	const revenue = d.revenue_today.length ? d.revenue_today.map((r) => money(r.amount, r.currency)).join(' + ') : money(0, ctx.status.currency || '');
	const hours = d.traffic_24h;
	const labels = hours.map((x) => String(new Date(x.at * 1000).getHours()).padStart(2, '0') + 'h');
	const chart = barChart({
		title: 'Traffic in the last 24 hours, per hour', labels, labelEvery: 3, format: bytes,
		series: [{ name: 'download', values: hours.map((x) => x.bytes_down) }, { name: 'upload', values: hours.map((x) => x.bytes_up) }],
	});
	return page('Dashboard',
		h('div', { class: 'tiles' },
			tile('Guests online', d.guests_online, 'tile-online'),
			tile('Logins today', d.logins_today, 'tile-logins'),
			tile('Revenue today', revenue, 'tile-revenue'),
			tile('Mode', ctx.status.mode || '–', 'tile-mode')),
		h('h2', {}, 'Traffic, last 24 hours'), chart,
		h('p', {}, h('small', {}, 'Counted when sessions end or change rate (from the usage records).')));
}
