// Live sessions: guests online now, with a kick (the session ends now; the
// data plane or the NAS is told). Refreshes every 15 seconds.
import { get, post, qs } from '../api.js';
import { h, page, dataTable, notice, when, bytes, seconds, action } from '../ui.js';

export default async function sessions(ctx) {
	const root = page('Live sessions');
	const where = () => root;
	const table = dataTable({
		caption: 'Online now', perPage: 50, empty: 'Nobody is online.',
		load: (p) => get('/api/v1/reports/sessions' + qs({ online: 1, page: p.page, per_page: p.per_page })),
		columns: [
			{ title: 'Session', cell: (s) => s.id, class: 'num' },
			{ title: 'Account', cell: (s) => s.username },
			{ title: 'Device', cell: (s) => s.mac || '–' },
			{ title: 'Address', cell: (s) => s.ip || '–' },
			{ title: 'Where', cell: (s) => (s.nas ? `NAS ${s.nas}` : 'this gateway') },
			{ title: 'Since', cell: (s) => when(s.started_at) },
			{ title: 'Time', cell: (s) => seconds(s.seconds), class: 'num' },
			{ title: 'Up / down', cell: (s) => `${bytes(s.bytes_up)} / ${bytes(s.bytes_down)}`, class: 'num' },
			{ title: 'Actions', cell: (s, reload) => action('Kick', async () => {
				if (!window.confirm(`Disconnect ${s.username}${s.mac ? ' (' + s.mac + ')' : ''} now?`)) return;
				await post(`/api/v1/sessions/${s.id}/kick`);
				notice(root, `Session ${s.id} of ${s.username} ended.`);
				await reload();
			}, where, { class: 'danger small', 'aria-label': `Kick session ${s.id} of ${s.username}` }) },
		],
	});
	table.id = 'live-sessions';
	root.append(h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', onclick: () => table.reload() }, 'Refresh')), table);
	table.go(1);
	const timer = setInterval(() => (document.contains(table) ? table.reload() : clearInterval(timer)), 15000);
	return root;
}
