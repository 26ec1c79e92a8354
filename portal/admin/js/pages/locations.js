// Locations: the venues. Each has its time zone ("until end of day",
// calendar cycles, the portal's day) and its portal branding (the name
// guests see, a template directory, the currency of new plans). Plans,
// vouchers, accounts and operators belong to one; a location can be removed
// only while nothing does.
import { get, post, patch, del, qs } from '../api.js';
import { h, field, input, form, page, dataTable, notice, when, action } from '../ui.js';

// the browser knows the IANA zones; the gateway checks them against its own tzdata
function zoneList() {
	let zones = [];
	try {
		zones = Intl.supportedValuesOf('timeZone');
	} catch (e) {
		/* an older browser: type the name */
	}
	return h('datalist', { id: 'tz-names' }, ['UTC', ...zones].map((z) => h('option', { value: z })));
}

function inUse(u) {
	if (!u) return '–';
	const parts = [[u.plans, 'plan'], [u.batches, 'batch'], [u.accounts, 'account'], [u.operators, 'operator'], [u.orders, 'order']]
		.filter(([n]) => n > 0).map(([n, w]) => `${n} ${w}${n === 1 ? '' : w.endsWith('ch') ? 'es' : 's'}`);
	return parts.length ? parts.join(', ') : 'nothing';
}

export default async function locations(ctx) {
	const root = page('Locations');
	const where = () => root;
	let editing = null;

	const table = dataTable({
		caption: 'Locations', perPage: 50,
		load: (p) => get('/api/v1/locations' + qs({ page: p.page, per_page: p.per_page })),
		columns: [
			{ title: '#', cell: (l) => l.id, class: 'num' },
			{ title: 'Name', cell: (l) => l.name },
			{ title: 'Time zone', cell: (l) => l.timezone },
			{ title: 'Venue name', cell: (l) => l.venue_name || '–' },
			{ title: 'Template', cell: (l) => l.template || '–' },
			{ title: 'Currency', cell: (l) => l.currency || '–' },
			{ title: 'In use by', cell: (l) => inUse(l.in_use) },
			{ title: 'Added', cell: (l) => when(l.created_at) },
			{ title: 'Actions', cell: (l, reload) => h('div', { class: 'actions' },
				h('button', { type: 'button', class: 'secondary small', onclick: () => { fill(l); f.scrollIntoView(); } }, 'Edit'),
				l.id === 1 ? null : action('Remove', async () => {
					if (!window.confirm(`Remove location "${l.name}"?`)) return;
					await del(`/api/v1/locations/${l.id}`);
					notice(root, `Removed location "${l.name}".`);
					reload();
				}, where, { class: 'danger small' })) },
		],
	});
	table.id = 'locations-table';

	const name = input('name', { required: true, maxlength: 64, autocomplete: 'off' });
	const timezone = input('timezone', { list: 'tz-names', value: 'UTC', placeholder: 'Europe/Berlin', autocomplete: 'off' });
	const venue = input('venue_name', { maxlength: 128, placeholder: 'empty = the venue name in Settings' });
	const template = input('template', { maxlength: 63, placeholder: 'empty = [portal] template' });
	const currency = input('currency', { maxlength: 3, size: 4, autocapitalize: 'characters', placeholder: 'EUR' });
	const heading = h('h2', { id: 'location-form-title' }, 'Add a location');
	const cancel = h('button', { type: 'button', class: 'secondary', onclick: () => fill(null) }, 'New location');
	const f = form([h('div', { class: 'grid' },
		field('Name', name, 'not a number'), field('Time zone', timezone, 'IANA name'),
		field('Venue name', venue, 'on its portal and printed tickets'), field('Portal template', template, 'a directory under [portal] dir'),
		field('Currency', currency, 'of new plans; empty = Settings'))], 'Save location', async () => {
		const b = { name: name.value, timezone: timezone.value.trim(), venue_name: venue.value, template: template.value.trim(),
			currency: currency.value.trim().toUpperCase() };
		const r = editing ? await patch(`/api/v1/locations/${editing.id}`, b) : await post('/api/v1/locations', b);
		notice(root, editing ? `Location "${r.name}" saved.` : `Location "${r.name}" added (id ${r.id}).`);
		fill(null);
		table.reload();
	}, cancel);
	f.id = 'location-form';

	function fill(l) {
		editing = l;
		heading.textContent = l ? `Edit location "${l.name}"` : 'Add a location';
		name.value = l ? l.name : '';
		timezone.value = l ? l.timezone : 'UTC';
		venue.value = l ? l.venue_name : '';
		template.value = l ? l.template : '';
		currency.value = l ? l.currency : '';
		if (l) name.focus();
	}

	root.append(h('p', {}, 'Plans, vouchers and accounts belong to a location; operators work for one. ',
		'The portal serves the location named by [portal] location; it reads that location\'s template and venue name when spotgated starts, a new time zone applies at once.'),
	table, heading, h('div', { class: 'card' }, f, zoneList()));
	table.go(1);
	return root;
}
