// The web admin's shell: who is logged in, which sections their role may
// open, and a hash router (#/plans) that loads one page module at a time.
// The API decides what a role may do; hiding a section here only spares a
// receptionist from buttons that would answer 403.
import { api, get, post, del, setCsrf } from './api.js';
import { h, field, input, form, page, showError } from './ui.js';

const PAGES = [
	{ id: 'dashboard', title: 'Dashboard', roles: ['admin', 'auditor'] },
	{ id: 'vouchers', title: 'Vouchers', roles: ['admin', 'operator'] },
	{ id: 'quick', title: 'Quick ticket', roles: ['admin', 'operator'] },
	{ id: 'sessions', title: 'Live sessions', roles: ['admin', 'operator'] },
	{ id: 'plans', title: 'Plans', roles: ['admin'] },
	{ id: 'accounts', title: 'Accounts', roles: ['admin'] },
	{ id: 'nas', title: 'NAS devices', roles: ['admin'] },
	{ id: 'lists', title: 'Allow/deny & garden', roles: ['admin'] },
	{ id: 'reports', title: 'Reports', roles: ['admin', 'auditor'] },
	{ id: 'sites', title: 'Sites visited', roles: ['admin', 'auditor'] },
	{ id: 'settings', title: 'Settings', roles: ['admin'] },
	{ id: 'locations', title: 'Locations', roles: ['admin'] },
	{ id: 'users', title: 'Admin users', roles: ['admin'] },
];

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const who = document.getElementById('who');
const ctx = { session: null, status: null };

function allowed(p) {
	return ctx.session && p.roles.includes(ctx.session.role);
}

function renderNav() {
	const current = location.hash.replace(/^#\/?/, '').split('?')[0];
	nav.replaceChildren(h('ul', {}, PAGES.filter(allowed).map((p) =>
		h('li', {}, h('a', { href: `#/${p.id}`, 'aria-current': p.id === current ? 'page' : null }, p.title)))));
	who.replaceChildren(
		h('span', {}, `${ctx.session.user} (${ctx.session.role})`),
		h('button', { type: 'button', class: 'secondary', id: 'logout', onclick: logout }, 'Log out'));
}

async function logout() {
	try {
		await del('/api/v1/session');
	} catch (e) {
		/* logged out already */
	}
	ctx.session = null;
	setCsrf(null);
	location.hash = '#/login';
	showLogin();
}

function showLogin(message) {
	nav.replaceChildren();
	who.replaceChildren();
	const user = input('username', { autocomplete: 'username', required: true, autofocus: true });
	const pass = input('password', { type: 'password', autocomplete: 'current-password', required: true });
	const f = form([field('User name', user), field('Password', pass)], 'Log in', async () => {
		const s = await post('/api/v1/session', { username: user.value, password: pass.value });
		ctx.session = s;
		setCsrf(s.csrf_token);
		pass.value = '';
		await start();
	});
	f.id = 'login-form';
	const p = page('Log in', message ? h('p', { class: 'notice error', role: 'alert' }, message) : null, f);
	p.classList.add('login');
	main.replaceChildren(p);
	user.focus();
}

async function route() {
	if (!ctx.session) return;
	const id = location.hash.replace(/^#\/?/, '').split('?')[0];
	const home = PAGES.find(allowed);
	const p = PAGES.find((x) => x.id === id);
	renderNav();
	if (!p) {
		location.replace(`#/${home.id}`);
		return;
	}
	document.title = `${p.title} · spotgate admin`;
	if (!allowed(p)) {
		main.replaceChildren(page(p.title, h('p', { class: 'notice error forbidden', role: 'alert' },
			`Your role (${ctx.session.role}) may not open ${p.title}. `, h('a', { href: `#/${home.id}` }, `Go to ${home.title}`))));
		main.querySelector('h1').focus();
		return;
	}
	main.replaceChildren(h('p', { class: 'loading' }, 'Loading…'));
	try {
		const mod = await import(`./pages/${p.id}.js`);
		const el = await mod.default({ ...ctx, title: p.title });
		main.replaceChildren(el);
	} catch (e) {
		main.replaceChildren(page(p.title, h('p', { class: 'notice error', role: 'alert' }, e.message)));
	}
	const h1 = main.querySelector('h1');
	if (h1) h1.focus();
}

async function start() {
	try {
		ctx.status = await get('/api/v1/status');
	} catch (e) {
		ctx.status = { mode: 'unknown' };
	}
	if (!location.hash || location.hash === '#/login') location.hash = `#/${PAGES.find(allowed).id}`;
	else await route();
}

window.addEventListener('hashchange', route);
window.addEventListener('spotgate:logged-out', (e) => {
	if (!ctx.session) return;
	ctx.session = null;
	showLogin(e.detail || 'Your session has ended; log in again.');
});

(async () => {
	try {
		ctx.session = await api('GET', '/api/v1/session');
		setCsrf(ctx.session.csrf_token);
		await start();
	} catch (e) {
		ctx.session = null;
		showLogin();
	}
})();

export { showError };
