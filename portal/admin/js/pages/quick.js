// Quick ticket: one account with a generated user name and password, for
// the front desk (a guest at the counter, no batch needed).
import { get, post } from '../api.js';
import { h, field, input, select, form, page, money } from '../ui.js';

export default async function quick(ctx) {
	const plans = (await get('/api/v1/plans?per_page=1000')).items.filter((p) => p.payment === 'prepaid');
	const planSel = select('plan', plans.map((p) => [String(p.id), `${p.name} · ${money(p.price, p.currency)}`]));
	const first = input('first_name', { autocomplete: 'off' });
	const last = input('last_name', { autocomplete: 'off' });
	const result = h('div', { id: 'quick-result', 'aria-live': 'polite' });
	const f = form([h('div', { class: 'grid' }, field('Plan', planSel), field('First name', first, 'optional'), field('Last name', last, 'optional'))],
		'Make ticket', async () => {
			const r = await post('/api/v1/quick-tickets', { plan: Number(planSel.value) || planSel.value, first_name: first.value, last_name: last.value });
			const printBtn = h('button', { type: 'button', class: 'secondary', onclick: () => window.print() }, 'Print');
			result.replaceChildren(h('div', { class: 'card ticket' },
				h('h2', {}, `Ticket for ${[r.first_name, r.last_name].filter(Boolean).join(' ') || 'a guest'}`),
				h('p', {}, `Plan: ${r.plan_name}`),
				h('p', {}, 'User name: ', h('span', { class: 'secret', id: 'quick-username' }, r.username)),
				h('p', {}, 'Password: ', h('span', { class: 'secret', id: 'quick-password' }, r.password)),
				h('p', { class: 'notice warn' }, 'The password is shown this once: write it down or print it now.'),
				h('div', { class: 'actions' }, printBtn)));
			first.value = '';
			last.value = '';
			printBtn.focus();
		});
	f.id = 'quick-form';
	return page('Quick ticket',
		plans.length ? null : h('p', { class: 'notice warn' }, 'There is no prepaid plan yet.'),
		h('div', { class: 'card' }, f), result);
}
