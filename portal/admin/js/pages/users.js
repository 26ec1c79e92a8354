// Admin users: who may log in here, with which role.
import { get, post, patch, del, put, qs } from '../api.js';
import { h, field, input, select, form, page, dataTable, notice, when, action } from '../ui.js';

const ROLES = [['operator', 'operator (receptionist)'], ['auditor', 'auditor (read-only reports)'], ['admin', 'admin']];

export default async function users(ctx) {
	const root = page('Admin users');
	const locs = (await get('/api/v1/locations?per_page=1000')).items;
	const locName = (id) => (locs.find((l) => l.id === id) || { name: String(id) }).name;
	const where = () => root;
	const shown = h('div', { 'aria-live': 'polite' });
	const showPassword = (u, pw) => shown.replaceChildren(h('p', { class: 'notice warn' }, `Password of ${u} (shown this once): `, h('span', { class: 'secret' }, pw)));
	const table = dataTable({
		caption: 'Users', perPage: 50,
		load: (p) => get('/api/v1/admin/users' + qs({ page: p.page, per_page: p.per_page })),
		columns: [
			{ title: 'User', cell: (u) => u.username },
			{ title: 'Role', cell: (u) => u.role },
			{ title: 'Location', cell: (u) => (u.location ? locName(u.location) : '–') },
			{ title: 'State', cell: (u) => (u.disabled ? 'disabled' : 'enabled') },
			{ title: 'Created', cell: (u) => when(u.created_at) },
			{ title: 'Actions', cell: (u, reload) => h('div', { class: 'actions' },
				action(u.disabled ? 'Enable' : 'Disable', async () => { await patch(`/api/v1/admin/users/${encodeURIComponent(u.username)}`, { disabled: !u.disabled }); reload(); }, where, { class: 'secondary small' }),
				action('New password', async () => { const r = await put(`/api/v1/admin/users/${encodeURIComponent(u.username)}/password`, {}); showPassword(u.username, r.password); }, where, { class: 'secondary small' }),
				u.username === ctx.session.user ? null : action('Remove', async () => {
					if (!window.confirm(`Remove ${u.username}?`)) return;
					await del(`/api/v1/admin/users/${encodeURIComponent(u.username)}`); notice(root, `Removed ${u.username}.`); reload();
				}, where, { class: 'danger small' })) },
		],
	});
	const name = input('username', { autocomplete: 'off' });
	const role = select('role', ROLES);
	const location = select('location', locs.map((l) => [String(l.id), l.name]), '1');
	const password = input('password', { type: 'password', autocomplete: 'new-password', placeholder: 'empty = generate one' });
	const sync = () => (location.closest('.field').hidden = role.value !== 'operator');
	role.addEventListener('change', sync);
	const f = form([h('div', { class: 'grid' }, field('User name', name), field('Role', role), field('Location', location, 'operators only'), field('Password', password, 'at least 10 characters'))], 'Add user', async () => {
		const b = { username: name.value, role: role.value };
		if (role.value === 'operator') b.location = Number(location.value);
		if (password.value) b.password = password.value;
		const r = await post('/api/v1/admin/users', b);
		notice(root, `Added ${r.username} (${r.role}).`);
		if (r.password) showPassword(r.username, r.password);
		name.value = '';
		password.value = '';
		table.reload();
	});
	sync();
	root.append(table, shown, h('h2', {}, 'Add a user'), h('div', { class: 'card' }, f));
	table.go(1);
	return root;
}
