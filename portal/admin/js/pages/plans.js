// Plans: the table and an add/edit form. The ticket price and the unit
// price (per hour, or per 10 MB for traffic plans) follow each other as you
// type, rounded like the billing core (half away from zero, so a round trip
// may be off by one minor unit); a cyclic plan shows what 1, 7, 14 days or
// 3, 6, 12 months cost. The API computes the same and has the last word.
// Fair use and rating schedules come from ../plan_terms.js.
import { get, post, patch, del, qs } from '../api.js';
import { h, field, input, select, form, page, dataTable, notice, money, parseMoney, minorToText, bytes, seconds, action, decimals } from '../ui.js';
import { fairUseTerms, scheduleTerms } from '../plan_terms.js';

const UNIT_SECONDS = 3600n, UNIT_BYTES = 10000000n;
const EXAMPLES = { day: [1, 7, 14], week: [1, 2, 4], month: [1, 3, 6, 12], year: [1, 2, 3] };
const PERIOD_WORD = { day: 'day', week: 'week', month: 'month', year: 'year' };

// round(value * mul / div), halves away from zero, in BigInt
function scale(value, mul, div) {
	const n = BigInt(value) * BigInt(mul), d = BigInt(div);
	let q = n / d;
	const r = n % d;
	if ((r < 0n ? -2n * r : 2n * r) >= d) q += n < 0n ? -1n : 1n;
	return Number(q);
}

const TIME_UNITS = [['60', 'minutes'], ['3600', 'hours'], ['86400', 'days']];
const DATA_UNITS = [['1000000', 'MB'], ['1000000000', 'GB']];

function splitAmount(v, units) {
	for (const [m] of [...units].reverse()) if (v && v % Number(m) === 0) return [String(v / Number(m)), m];
	return [v ? String(v / Number(units[0][0])) : '', units[0][0]];
}

export default async function plans(ctx) {
	const status = await get('/api/v1/status').catch(() => ({}));
	const locations = (await get('/api/v1/locations?per_page=1000').catch(() => ({ items: [] }))).items;
	const locName = (id) => (locations.find((l) => l.id === id) || { name: String(id) }).name;
	const root = page('Plans');
	const where = () => root;
	let editing = null;
	let currency = status.currency || 'EUR';

	const name = input('name', { required: true, maxlength: 63 });
	// a plan stays at its location: chosen when it is added
	const location = select('location', locations.map((l) => [String(l.id), l.name]), '1');
	location.addEventListener('change', () => {
		const l = locations.find((x) => String(x.id) === location.value);
		currency = (l && l.currency) || status.currency || currency;
		recalc();
	});
	const code = input('code', { maxlength: 31 });
	const payment = select('payment', [['prepaid', 'Prepaid'], ['postpaid', 'Postpaid (billed by use)']]);
	const measure = select('measure', [['time', 'Time'], ['traffic', 'Traffic'], ['both', 'Time and traffic'], ['unlimited', 'Unlimited']]);
	const timeN = input('time_amount', { inputmode: 'decimal', size: 6 });
	const timeU = select('time_unit', TIME_UNITS, '3600', { field: 'time_amount_unit', 'aria-label': 'Time unit' });
	const dataN = input('data_amount', { inputmode: 'decimal', size: 6 });
	const dataU = select('data_unit', DATA_UNITS, '1000000000', { field: 'data_amount_unit', 'aria-label': 'Data unit' });
	const price = input('price', { inputmode: 'decimal', placeholder: '0.00' });
	const unit = input('unit_price', { inputmode: 'decimal', placeholder: '0.00' });
	const unitLabel = h('span', {}, 'Unit price (per hour)');
	const down = input('speed_down', { inputmode: 'decimal', placeholder: 'no limit' });
	const up = input('speed_up', { inputmode: 'decimal', placeholder: 'no limit' });
	const vmode = select('validity_mode', [['always', 'Always'], ['from-creation', 'From creation, for…'], ['from-first-use', 'From first use, for…'], ['end-of-day', 'Until the end of the day']], 'from-first-use', { field: 'validity.mode' });
	const vdur = input('validity_duration', { value: '1d', field: 'validity.duration', placeholder: '30min, 12h, 1d, 2w, 3mo' });
	const cunit = select('cyclic_unit', [['none', 'Not cyclic'], ['day', 'Daily'], ['week', 'Weekly'], ['month', 'Monthly'], ['year', 'Yearly']], 'none', { field: 'cyclic.unit' });
	const cprice = input('cyclic_price', { inputmode: 'decimal', placeholder: '0.00', field: 'cyclic.price_per_cycle' });
	const ccycles = input('cyclic_cycles', { type: 'number', min: 1, value: '1', field: 'cyclic.cycles' });
	const pph = input('price_per_hour', { inputmode: 'decimal', placeholder: '0.00' });
	const idle = input('idle_timeout', { type: 'number', min: 0, placeholder: 'minutes, 0 = none' });
	const p10 = input('price_per_10mb', { inputmode: 'decimal', placeholder: '0.00' });
	const startCost = input('start_cost', { inputmode: 'decimal', placeholder: '0.00' });
	const minCharge = input('min_charge', { inputmode: 'decimal', placeholder: '0.00' });
	const sessionT = input('session_timeout', { type: 'number', min: 0, placeholder: 'minutes, 0 = none' });
	const interim = input('interim_interval', { type: 'number', min: 0, placeholder: '5 (the default)' });
	const purge = input('purge_delay', { type: 'number', min: 0, placeholder: '0 = keep' });
	const smart = h('input', { type: 'checkbox', name: 'smartconnect', dataset: { field: 'smartconnect' } });
	const fairUse = fairUseTerms();
	const schedules = scheduleTerms(() => currency);
	const devices = input('max_devices', { type: 'number', min: 0, placeholder: '0 = no limit' });
	const quickT = h('input', { type: 'checkbox', name: 'quick_ticket', dataset: { field: 'quick_ticket' } });
	const portal = h('input', { type: 'checkbox', name: 'sold_on_portal', dataset: { field: 'sold_on_portal' } });
	const examples = h('div', { id: 'cyclic-examples', 'aria-live': 'polite' });
	const calcNote = h('small', { id: 'price-calc', 'aria-live': 'polite' });
	let lastPriceEdit = 'price';

	const amount = () => {
		const m = measure.value;
		if (m === 'traffic') return Math.round(Number(dataN.value) * Number(dataU.value));
		if (m === 'time' || m === 'both') return Math.round(Number(timeN.value) * Number(timeU.value));
		return 0;
	};
	const unitSize = () => (measure.value === 'traffic' ? UNIT_BYTES : UNIT_SECONDS);

	function recalc() {
		const m = measure.value;
		unitLabel.textContent = m === 'traffic' ? 'Unit price (per 10 MB)' : 'Unit price (per hour)';
		const a = amount();
		const canUnit = m !== 'unlimited' && a > 0 && payment.value === 'prepaid';
		unit.disabled = !canUnit;
		if (!canUnit) {
			calcNote.textContent = m === 'unlimited' ? 'Unlimited plans have no unit price.' : '';
			if (!unit.value || m === 'unlimited') unit.value = '';
		} else if (lastPriceEdit === 'price') {
			const p = parseMoney(price.value, currency);
			unit.value = p === null ? '' : minorToText(scale(p, unitSize(), a), currency);
		} else {
			const u = parseMoney(unit.value, currency);
			price.value = u === null ? '' : minorToText(scale(u, a, unitSize()), currency);
		}
		if (canUnit) {
			const p = parseMoney(price.value, currency);
			calcNote.textContent = p === null ? '' : `${money(p, currency)} for ${m === 'traffic' ? bytes(a) : seconds(a)}`;
		}
		// cyclic examples
		const cu = cunit.value;
		const cp = parseMoney(cprice.value, currency);
		if (cu === 'none' || cp === null) {
			examples.replaceChildren(cu === 'none' ? '' : h('small', {}, 'Type a price per cycle to see totals.'));
		} else {
			examples.replaceChildren(h('table', { class: 'data', id: 'cyclic-table' }, h('caption', {}, 'Total price examples'),
				h('thead', {}, h('tr', {}, h('th', {}, 'Cycles'), h('th', { class: 'num' }, 'Total'))),
				h('tbody', {}, EXAMPLES[cu].map((n) => h('tr', {}, h('td', {}, `${n} ${PERIOD_WORD[cu]}${n > 1 ? 's' : ''}`), h('td', { class: 'num' }, money(cp * n, currency)))))));
		}
		for (const el of [timeN, timeU]) el.closest('.field').hidden = !(m === 'time' || m === 'both');
		for (const el of [dataN, dataU]) el.closest('.field').hidden = !(m === 'traffic' || m === 'both');
		for (const el of [pph, p10, startCost, minCharge]) el.closest('.field').hidden = payment.value !== 'postpaid';
		schedules.update(payment.value === 'postpaid');
		vdur.closest('.field').hidden = !(vmode.value === 'from-creation' || vmode.value === 'from-first-use');
		for (const el of [cprice, ccycles]) el.closest('.field').hidden = cu === 'none';
	}
	price.addEventListener('input', () => { lastPriceEdit = 'price'; recalc(); });
	unit.addEventListener('input', () => { lastPriceEdit = 'unit'; recalc(); });
	for (const el of [measure, payment, timeN, timeU, dataN, dataU, vmode, cunit, cprice, ccycles]) {
		el.addEventListener('input', recalc);
		el.addEventListener('change', recalc);
	}

	const money_ = (el, fieldName) => {
		if (el.value.trim() === '') return 0;
		const v = parseMoney(el.value, currency);
		if (v === null) throw Object.assign(new Error(`${fieldName}: not an amount like ${decimals(currency) ? '3.50' : '350'}`), { status: 400, field: el.dataset.field });
		return v;
	};
	const speed = (el) => (el.value.trim() === '' ? 0 : Math.round(Number(el.value.replace(',', '.')) * 1e6));

	function body() {
		const m = measure.value;
		const b = {
			name: name.value, code: code.value, payment: payment.value, measure: m,
			time_amount: m === 'time' || m === 'both' ? Math.round(Number(timeN.value || 0) * Number(timeU.value)) : 0,
			data_amount: m === 'traffic' || m === 'both' ? Math.round(Number(dataN.value || 0) * Number(dataU.value)) : 0,
			price: money_(price, 'price'),
			speed_down: speed(down), speed_up: speed(up),
			validity: { mode: vmode.value, duration: vmode.value.startsWith('from-') ? vdur.value : '0min' },
			cyclic: cunit.value === 'none' ? null : { unit: cunit.value, price_per_cycle: money_(cprice, 'price per cycle'), cycles: Number(ccycles.value || 1) },
			idle_timeout: Number(idle.value || 0) * 60, max_devices: Number(devices.value || 0),
			quick_ticket: quickT.checked, sold_on_portal: portal.checked, location: Number(location.value) || 1,
		};
		const postpaid = payment.value === 'postpaid';
		if (postpaid) b.price_per_hour = money_(pph, 'price per hour');
		Object.assign(b, {
			price_per_10mb: postpaid ? money_(p10, 'price per 10 MB') : 0,
			start_cost: postpaid ? money_(startCost, 'start cost') : 0,
			min_charge: postpaid ? money_(minCharge, 'minimum charge') : 0,
			session_timeout: Math.round(Number(sessionT.value || 0) * 60),
			interim_interval: Math.round(Number(interim.value || 0) * 60),
			purge_delay: Math.round(Number(purge.value || 0) * 86400),
			smartconnect: smart.checked,
			fair_use: fairUse.read(),
			schedules: schedules.read(),
		});
		for (const [k, el] of [['session_timeout', sessionT], ['interim_interval', interim], ['purge_delay', purge]])
			if (Number.isNaN(b[k]) || b[k] < 0) throw Object.assign(new Error(`${k}: not a number`), { status: 400, field: el.dataset.field });
		if (Number.isNaN(b.time_amount)) throw Object.assign(new Error('time: not a number'), { status: 400, field: 'time_amount' });
		if (Number.isNaN(b.data_amount)) throw Object.assign(new Error('data: not a number'), { status: 400, field: 'data_amount' });
		if (Number.isNaN(b.speed_down)) throw Object.assign(new Error('speed: not a number of Mbit/s'), { status: 400, field: 'speed_down' });
		if (Number.isNaN(b.speed_up)) throw Object.assign(new Error('speed: not a number of Mbit/s'), { status: 400, field: 'speed_up' });
		return b;
	}

	const heading = h('h2', { id: 'plan-form-title' }, 'Add a plan');
	const cancel = h('button', { type: 'button', class: 'secondary', onclick: () => fill(null) }, 'New plan');
	const f = form([
		h('div', { class: 'grid' }, field('Name', name), locations.length > 1 ? field('Location', location) : null, field('Code', code, 'for a PMS; the name when empty'), field('Payment', payment), field('Measure', measure)),
		h('fieldset', {}, h('legend', {}, 'Amount and price'), h('div', { class: 'grid' },
			field('Time', h('span', { class: 'pair' }, timeN, timeU)), field('Data', h('span', { class: 'pair' }, dataN, dataU)),
			field(`Ticket price (${currency})`, price, null), field(unitLabel, unit), field(`Price per hour (${currency})`, pph),
			field(`Price per 10 MB (${currency})`, p10), field(`Start cost per session (${currency})`, startCost),
			field(`Minimum charge per session (${currency})`, minCharge)), calcNote),
		h('fieldset', {}, h('legend', {}, 'Validity and limits'), h('div', { class: 'grid' },
			field('Valid', vmode), field('Duration', vdur), field('Download speed (Mbit/s)', down), field('Upload speed (Mbit/s)', up),
			field('Idle timeout (minutes)', idle), field('Session timeout (minutes)', sessionT), field('Devices per account', devices),
			field('Accounting interval (minutes)', interim, 'RADIUS interim updates'), field('Delete tickets after (days)', purge, 'once their validity has ended'))),
		fairUse.el,
		schedules.el,
		h('fieldset', {}, h('legend', {}, 'Cyclic terms'), h('div', { class: 'grid' }, field('Cycle', cunit), field(`Price per cycle (${currency})`, cprice), field('Cycles', ccycles)), examples),
		h('div', { class: 'actions' }, h('label', { class: 'check' }, quickT, ' Quick tickets may use it'), h('label', { class: 'check' }, portal, ' Sold on the portal'),
			h('label', { class: 'check' }, smart, ' Offered for SmartConnect self sign-up')),
	], 'Save plan', async () => {
		const b = body();
		const r = editing ? await patch(`/api/v1/plans/${editing.id}`, b) : await post('/api/v1/plans', b);
		notice(root, editing ? `Plan "${r.name}" saved${r.new_version ? ` as version ${r.version} (tickets keep their terms)` : ''}.`
			: `Plan "${r.name}" added (unit price ${r.unit_price !== undefined ? money(r.unit_price, r.currency) : '–'}).`);
		fill(null);
		table.reload();
		root.querySelector('h1').focus();
	}, cancel);
	f.id = 'plan-form';
	// the pair of amount + unit shares one label; errors go to the number
	f.querySelectorAll('.pair').forEach((p) => (p.style.display = 'flex'));

	function fill(p) {
		editing = p;
		heading.textContent = p ? `Edit plan "${p.name}" (version ${p.version})` : 'Add a plan';
		currency = p ? p.currency : status.currency || currency;
		name.value = p ? p.name : '';
		location.value = p ? String(p.location) : '1';
		location.disabled = !!p;
		code.value = p ? p.code : '';
		payment.value = p ? p.payment : 'prepaid';
		measure.value = p ? p.measure : 'time';
		[timeN.value, timeU.value] = p ? splitAmount(p.time_amount, TIME_UNITS) : ['', '3600'];
		[dataN.value, dataU.value] = p ? splitAmount(p.data_amount, DATA_UNITS) : ['', '1000000000'];
		price.value = p ? minorToText(p.price, p.currency) : '';
		pph.value = p && p.price_per_hour ? minorToText(p.price_per_hour, p.currency) : '';
		down.value = p && p.speed_down ? String(p.speed_down / 1e6) : '';
		up.value = p && p.speed_up ? String(p.speed_up / 1e6) : '';
		vmode.value = p ? p.validity.mode : 'from-first-use';
		vdur.value = p ? (p.validity.duration === '0min' ? '1d' : p.validity.duration) : '1d';
		cunit.value = p && p.cyclic ? p.cyclic.unit : 'none';
		cprice.value = p && p.cyclic ? minorToText(p.cyclic.price_per_cycle, p.currency) : '';
		ccycles.value = p && p.cyclic ? p.cyclic.cycles : '1';
		idle.value = p && p.idle_timeout ? String(p.idle_timeout / 60) : '';
		p10.value = p && p.price_per_10mb ? minorToText(p.price_per_10mb, p.currency) : '';
		startCost.value = p && p.start_cost ? minorToText(p.start_cost, p.currency) : '';
		minCharge.value = p && p.min_charge ? minorToText(p.min_charge, p.currency) : '';
		sessionT.value = p && p.session_timeout ? String(p.session_timeout / 60) : '';
		interim.value = p && p.interim_interval ? String(p.interim_interval / 60) : '';
		purge.value = p && p.purge_delay ? String(p.purge_delay / 86400) : '';
		smart.checked = p ? !!p.smartconnect : false;
		fairUse.fill(p ? p.fair_use : null);
		schedules.fill(p ? p.schedules : []);
		devices.value = p && p.max_devices ? p.max_devices : '';
		quickT.checked = p ? p.quick_ticket : true;
		portal.checked = p ? p.sold_on_portal : false;
		lastPriceEdit = 'price';
		recalc();
		if (p) name.focus();
	}

	const table = dataTable({
		caption: 'Plans', perPage: 50, empty: 'No plan yet: add one below.',
		load: (p) => get('/api/v1/plans' + qs({ page: p.page, per_page: p.per_page })),
		columns: [
			{ title: 'Name', cell: (p) => p.name },
			...(locations.length > 1 ? [{ title: 'Location', cell: (p) => locName(p.location) }] : []),
			{ title: 'Payment', cell: (p) => p.payment },
			{ title: 'Amount', cell: (p) => [p.measure !== 'traffic' && p.time_amount ? seconds(p.time_amount) : null, p.measure !== 'time' && p.data_amount ? bytes(p.data_amount) : null].filter(Boolean).join(' + ') || p.measure },
			{ title: 'Price', cell: (p) => (p.cyclic ? `${money(p.cyclic.price_per_cycle, p.currency)} / ${p.cyclic.unit}` : money(p.price, p.currency)), class: 'num' },
			{ title: 'Unit price', cell: (p) => (p.unit_price !== undefined ? `${money(p.unit_price, p.currency)} / ${p.measure === 'traffic' ? '10 MB' : 'h'}` : '–'), class: 'num' },
			{ title: 'Valid', cell: (p) => (p.validity.mode.startsWith('from-') ? `${p.validity.mode} ${p.validity.duration}` : p.validity.mode) },
			{ title: 'Version', cell: (p) => p.version, class: 'num' },
			{ title: 'Actions', cell: (p, reload) => h('div', { class: 'actions' },
				h('button', { type: 'button', class: 'secondary small', onclick: () => { fill(p); f.scrollIntoView(); } }, 'Edit'),
				action('Retire', async () => {
					if (!window.confirm(`Retire plan "${p.name}"? Tickets already sold keep working.`)) return;
					await del(`/api/v1/plans/${p.id}`);
					notice(root, `Plan "${p.name}" retired.`);
					reload();
				}, where, { class: 'danger small' })) },
		],
	});
	table.id = 'plans-table';
	root.append(table, heading, h('div', { class: 'card' }, f));
	fill(null);
	table.go(1);
	return root;
}
