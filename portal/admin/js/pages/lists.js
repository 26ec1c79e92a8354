// Allow/deny lists (MAC, IP, CIDR) and the walled garden (hosts reachable
// before login). They act in the data plane, so a daemon in controller mode
// may not offer them: a 404 or 409 is shown as "not available".
import { get, post, del } from '../api.js';
import { h, field, input, select, form, page, notice, when, action } from '../ui.js';

function unavailable(e) {
	return e.status === 404 || e.status === 409;
}

async function section(root, { title, path, columns, fields, body, id }) {
	const where = () => root;
	const box = h('section', { class: 'card', id }, h('h2', {}, title));
	let list;
	try {
		list = await get(path);
	} catch (e) {
		box.append(h('p', { class: 'notice warn', role: 'status' }, unavailable(e)
			? `Not available here: ${e.message || 'this daemon runs in controller mode, without a data plane'}.`
			: e.message));
		return box;
	}
	const tbody = h('tbody');
	const render = (items) => tbody.replaceChildren(...(items.length ? items.map((it) => h('tr', {}, columns.map((c) => h('td', {}, c.cell(it))),
		h('td', {}, action('Remove', async () => {
			await del(`${path}/${it.id}`);
			notice(box, `Removed ${it.value}.`);
			render((await get(path)).items);
		}, () => box, { class: 'danger small' }))))
		: [h('tr', {}, h('td', { colspan: columns.length + 1, class: 'empty' }, 'No entries.'))]));
	render(list.items || []);
	const f = form(h('div', { class: 'grid' }, fields.map(([label, el]) => field(label, el))), 'Add', async () => {
		try {
			await post(path, body());
		} catch (e) {
			if (unavailable(e) && !e.field) {
				notice(box, `Not available here: ${e.message}`, 'warn');
				return;
			}
			throw e;
		}
		fields.forEach(([, el]) => el.tagName === 'INPUT' && (el.value = ''));
		render((await get(path)).items);
	});
	box.append(h('table', { class: 'data' }, h('thead', {}, h('tr', {}, columns.map((c) => h('th', {}, c.title)), h('th', {}, ''))), tbody), f);
	return box;
}

export default async function lists(ctx) {
	const root = page('Allow/deny lists and walled garden');
	if (ctx.status.mode === 'controller')
		root.append(h('p', { class: 'notice warn' }, 'This daemon runs in controller mode (no data plane): entries are kept, and act once a gateway runs with --lan.'));
	const aclList = select('list', [['allow', 'allow (no login needed)'], ['deny', 'deny (blocked)']]);
	const aclValue = input('value', { placeholder: 'MAC, IP or CIDR' });
	const aclNote = input('note');
	const gValue = input('value', { placeholder: 'example.com or 192.0.2.0/24' });
	const gNote = input('note');
	root.append(
		await section(root, {
			title: 'Allow and deny lists', path: '/api/v1/acl', id: 'acl',
			columns: [{ title: 'List', cell: (e) => e.list }, { title: 'Kind', cell: (e) => e.kind }, { title: 'Value', cell: (e) => e.value },
				{ title: 'Note', cell: (e) => e.note }, { title: 'Hits', cell: (e) => (e.packets !== undefined ? `${e.packets} packets` : '–') }, { title: 'Added', cell: (e) => when(e.created_at) }],
			fields: [['List', aclList], ['Value', aclValue], ['Note', aclNote]],
			body: () => ({ list: aclList.value, value: aclValue.value, note: aclNote.value }),
		}),
		await section(root, {
			title: 'Walled garden', path: '/api/v1/garden', id: 'garden',
			columns: [{ title: 'Value', cell: (e) => e.value }, { title: 'Note', cell: (e) => e.note }, { title: 'Added', cell: (e) => when(e.created_at) }],
			fields: [['Domain or CIDR', gValue], ['Note', gNote]],
			body: () => ({ value: gValue.value, note: gNote.value }),
		}));
	return root;
}
