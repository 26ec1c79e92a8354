// Vouchers: the generator (preview of five codes, then confirm), the
// batches (load their settings back into the generator, delete unused
// tickets, CSV, PDF) and the tickets table.
import { get, post, del, qs, download } from '../api.js';
import { h, field, input, select, form, page, dataTable, notice, when, action, showError, clearErrors } from '../ui.js';

const CHARSETS = [['unambiguous', 'Unambiguous (A-Z, 2-9 without O/I/0/1)'], ['digits', 'Digits'], ['upper', 'Upper case'], ['lower-digits', 'Lower case and digits']];

export default async function vouchers(ctx) {
	const admin = ctx.session.role === 'admin';
	const plans = (await get('/api/v1/plans?per_page=1000')).items;
	// an admin picks the location; an operator's plans are their location's already
	const locations = admin ? (await get('/api/v1/locations?per_page=1000')).items : [];
	const root = page('Vouchers');
	const where = () => root;

	// generator
	const locSel = select('location', locations.map((l) => [String(l.id), l.name]), '1');
	const planSel = select('plan', []);
	const planOptions = () => {
		const here = admin ? plans.filter((p) => String(p.location) === locSel.value) : plans;
		planSel.replaceChildren(...here.map((p) => h('option', { value: String(p.id) }, p.name)));
	};
	locSel.addEventListener('change', planOptions);
	planOptions();
	const count = input('count', { type: 'number', min: 1, value: '10', inputmode: 'numeric' });
	const length = input('length', { type: 'number', min: 4, value: '8', inputmode: 'numeric' });
	const charset = select('charset', CHARSETS, 'unambiguous');
	const prefix = input('prefix', { maxlength: 8 });
	const pin = input('pin_length', { type: 'number', min: 0, value: '0', inputmode: 'numeric' });
	const note = input('note', { maxlength: 100 });
	const preview = h('div', { id: 'gen-preview', 'aria-live': 'polite' });
	const body = () => ({
		...(admin ? { location: Number(locSel.value) } : {}),
		plan: Number(planSel.value) || planSel.value, count: Number(count.value), length: Number(length.value),
		charset: charset.value, prefix: prefix.value, pin_length: Number(pin.value || 0), note: note.value,
	});
	const gen = form([h('div', { class: 'grid' },
		admin && locations.length > 1 ? field('Location', locSel) : null, field('Plan', planSel), field('How many', count), field('Code length', length), field('Characters', charset),
		field('Prefix', prefix, 'optional, part of every code'), field('PIN length', pin, '0 = no PIN'), field('Note', note, 'e.g. lobby, event'))],
		'Preview', async () => {
			const sent = body();
			const r = await post('/api/v1/batches', { ...sent, dry_run: true });
			showPreview(r, sent);
		});
	gen.id = 'gen-form';
	if (!plans.length) gen.prepend(h('p', { class: 'notice warn' }, 'There is no plan yet: an admin adds plans first.'));

	function showPreview(r, sent) {
		const confirm = h('button', { type: 'button', id: 'gen-confirm' }, `Generate ${sent.count} voucher${sent.count === 1 ? '' : 's'}`);
		const cancel = h('button', { type: 'button', class: 'secondary', onclick: () => { preview.replaceChildren(); count.focus(); } }, 'Change settings');
		confirm.addEventListener('click', async () => {
			confirm.disabled = true;
			try {
				const b = await post('/api/v1/batches', sent);
				showBatch(b);
				batches.reload();
				tickets.reload();
			} catch (e) {
				confirm.disabled = false;
				showError(gen, e);
			}
		});
		preview.replaceChildren(h('div', { class: 'card' },
			h('h3', {}, `Preview: ${r.count} × ${r.plan_name}`),
			h('p', {}, 'The first codes of a batch like this (nothing is stored yet):'),
			h('ul', { class: 'codes' }, r.preview.map((c) => h('li', {}, h('code', {}, c.code), c.pin ? ` PIN ${c.pin}` : ''))),
			h('div', { class: 'actions' }, confirm, cancel)));
		confirm.focus();
	}

	function showBatch(b) {
		const pdf = h('button', { type: 'button', id: 'gen-pdf' }, 'Download PDF to print');
		pdf.addEventListener('click', () => download(`/api/v1/batches/${b.id}/pdf`, `vouchers-batch-${b.id}.pdf`).catch((e) => notice(root, e.message, 'error')));
		const csv = h('button', { type: 'button', class: 'secondary' }, 'Export CSV');
		csv.addEventListener('click', () => download(`/api/v1/batches/${b.id}/csv`, `vouchers-batch-${b.id}.csv`).catch((e) => notice(root, e.message, 'error')));
		preview.replaceChildren(h('div', { class: 'card', id: 'gen-done' },
			h('p', { class: 'notice', role: 'status' }, `Batch ${b.id} stored: ${b.count} vouchers for ${b.plan_name}.`),
			h('ul', { class: 'codes' }, b.preview.map((c) => h('li', {}, h('code', {}, c.code)))),
			b.count > b.preview.length ? h('p', {}, `… and ${b.count - b.preview.length} more in the PDF and CSV.`) : null,
			h('div', { class: 'actions' }, pdf, csv)));
		pdf.focus();
	}

	function loadSettings(b) {
		if (admin) {
			locSel.value = String(b.location);
			planOptions();
		}
		planSel.value = String(b.plan);
		count.value = b.count;
		length.value = b.length;
		charset.value = b.charset;
		prefix.value = b.prefix;
		pin.value = b.pin_length;
		note.value = b.note;
		clearErrors(gen);
		preview.replaceChildren();
		gen.scrollIntoView();
		count.focus();
	}

	// batches
	const batches = dataTable({
		perPage: 10, empty: 'No batch yet.',
		load: (p) => get('/api/v1/batches' + qs({ page: p.page, per_page: p.per_page })),
		columns: [
			{ title: '#', cell: (b) => b.id, class: 'num' },
			{ title: 'Plan', cell: (b) => b.plan_name },
			{ title: 'Count', cell: (b) => b.count, class: 'num' },
			{ title: 'Unused / active / used up / expired', cell: (b) => `${b.states.unused} / ${b.states.active} / ${b.states.depleted} / ${b.states.expired + b.states.revoked}` },
			{ title: 'Created', cell: (b) => when(b.created_at) },
			{ title: 'Note', cell: (b) => b.note },
			{ title: 'Actions', cell: (b, reload) => h('div', { class: 'actions' },
				h('button', { type: 'button', class: 'secondary small', onclick: () => loadSettings(b) }, 'Load settings'),
				action('PDF', () => download(`/api/v1/batches/${b.id}/pdf`, `vouchers-batch-${b.id}.pdf`), where, { class: 'secondary small' }),
				action('CSV', () => download(`/api/v1/batches/${b.id}/csv`, `vouchers-batch-${b.id}.csv`), where, { class: 'secondary small' }),
				admin && b.states.unused > 0 ? action('Delete unused', async () => {
					if (!window.confirm(`Delete the ${b.states.unused} unused vouchers of batch ${b.id}?`)) return;
					const r = await post(`/api/v1/batches/${b.id}/delete-unused`);
					notice(root, `Deleted ${r.deleted} unused vouchers of batch ${b.id}.`);
					reload();
					tickets.reload();
				}, where, { class: 'danger small' }) : null) },
		],
	});
	batches.id = 'batches';

	// tickets
	const q = input('q', { type: 'search', placeholder: 'code starts with…' });
	const hideUnused = h('input', { type: 'checkbox', name: 'hide_unused' });
	const hideExpired = h('input', { type: 'checkbox', name: 'hide_expired' });
	const tickets = dataTable({
		perPage: 20, empty: 'No tickets match.',
		load: (p) => get('/api/v1/vouchers' + qs({ page: p.page, per_page: p.per_page, sort: p.sort, order: p.sort ? p.order : null,
			q: q.value.trim(), hide_unused: hideUnused.checked, hide_expired: hideExpired.checked })),
		columns: [
			{ title: 'Code', sort: 'code', cell: (v) => h('code', { class: 'code' }, v.code) },
			{ title: 'State', cell: (v) => h('span', { class: `badge ${v.state}` }, v.state) },
			{ title: 'Plan', cell: (v) => v.plan_name },
			{ title: 'Batch', cell: (v) => v.batch ?? '–', class: 'num' },
			{ title: 'Created', sort: 'created', cell: (v) => when(v.created_at) },
			{ title: 'First used', cell: (v) => when(v.first_used_at) },
			{ title: 'Actions', cell: (v, reload) => admin ? (v.state === 'unused'
				? action('Delete', async () => { await del(`/api/v1/vouchers/${encodeURIComponent(v.code)}`); notice(root, `Deleted ${v.code}.`); reload(); batches.reload(); }, where, { class: 'danger small' })
				: v.state === 'active' ? action('Expire now', async () => {
					if (!window.confirm(`End ticket ${v.code} now? A guest online with it goes offline.`)) return;
					await post(`/api/v1/vouchers/${encodeURIComponent(v.code)}/expire`); notice(root, `Expired ${v.code}.`); reload(); batches.reload();
				}, where, { class: 'danger small' }) : null) : null },
		],
	});
	tickets.id = 'tickets';
	let timer;
	q.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(() => tickets.go(1), 250); });
	hideUnused.addEventListener('change', () => tickets.go(1));
	hideExpired.addEventListener('change', () => tickets.go(1));

	root.append(
		h('h2', {}, 'Generate vouchers'), h('div', { class: 'card' }, gen, preview),
		h('h2', {}, 'Batches'), batches,
		h('h2', {}, 'Tickets'),
		h('div', { class: 'toolbar' }, field('Search', q), h('label', { class: 'field check' }, hideUnused, 'Hide unused'),
			h('label', { class: 'field check' }, hideExpired, 'Hide expired')),
		tickets);
	batches.go(1);
	tickets.go(1);
	return root;
}
