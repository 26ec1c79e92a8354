// Plan terms for the plan form beyond amount and price: the fair-use policy
// (a data threshold per period, then throttle or block until the period
// starts over) and up to four rating schedules (days and hours, optional
// first and last day, a usage price on postpaid plans and/or other speeds).
// Every input carries the API's path for its value (fair_use.threshold_bytes,
// schedules[1].from), so an error the API names lands next to it. Each part
// reads itself into the plan JSON, fills itself from a plan, and update()s
// what it shows when the plan's payment changes.
import { h, field, input, select, parseMoney, minorToText, decimals } from './ui.js';

const MAX_SCHEDULES = 4;	// RATING_MAX_SCHEDULES in the billing core
const PERIODS = [['day', 'day'], ['week', 'week'], ['month', 'month'], ['year', 'year']];
const SIZE_UNITS = [['1000000', 'MB'], ['1000000000', 'GB']];
const DAYS = [['mon', 'Mon'], ['tue', 'Tue'], ['wed', 'Wed'], ['thu', 'Thu'], ['fri', 'Fri'], ['sat', 'Sat'], ['sun', 'Sun']];

let uid = 0;

function bad(message, path) {
	return Object.assign(new Error(message), { status: 400, field: path });
}

// Mbit/s as typed -> bit/s; undefined when empty
function mbit(el, label) {
	const text = el.value.trim().replace(',', '.');
	if (text === '') return undefined;
	const n = Number(text);
	if (!Number.isFinite(n) || n < 0) throw bad(`${label}: not a number of Mbit/s`, el.dataset.field);
	return Math.round(n * 1e6);
}
const mbitText = (v) => (v === undefined || v === null ? '' : String(v / 1e6));

function money(el, label, currency) {
	const v = parseMoney(el.value, currency);
	if (v === null) throw bad(`${label}: not an amount like ${decimals(currency) ? '0.50' : '50'}`, el.dataset.field);
	return v;
}

// bytes -> [number, unit] in the largest unit that divides it
function splitBytes(v) {
	for (const [m] of [...SIZE_UNITS].reverse()) if (v && v % Number(m) === 0) return [String(v / Number(m)), m];
	return [v ? String(v / Number(SIZE_UNITS[0][0])) : '', SIZE_UNITS[0][0]];
}

export function fairUseTerms() {
	const action = select('fair_use_action', [['off', 'Off'], ['throttle', 'Throttle: slow down'], ['block', 'Block until the period ends']],
		'off', { field: 'fair_use.action' });
	const thrN = input('fair_use_threshold', { inputmode: 'decimal', size: 6, field: 'fair_use.threshold_bytes' });
	const thrU = select('fair_use_threshold_unit', SIZE_UNITS, '1000000000', { field: 'fair_use.threshold_unit', 'aria-label': 'Threshold unit' });
	const perN = input('fair_use_period_count', { type: 'number', min: 1, value: '1', size: 4, field: 'fair_use.period.count', 'aria-label': 'Number of periods' });
	const perU = select('fair_use_period', PERIODS, 'month', { field: 'fair_use.period.unit', 'aria-label': 'Period' });
	const aligned = h('input', { type: 'checkbox', name: 'fair_use_aligned', dataset: { field: 'fair_use.period.aligned' } });
	const down = input('fair_use_speed_down', { inputmode: 'decimal', field: 'fair_use.speed_down', placeholder: 'not throttled' });
	const up = input('fair_use_speed_up', { inputmode: 'decimal', field: 'fair_use.speed_up', placeholder: 'not throttled' });
	const pair = (...els) => h('span', { class: 'pair' }, els);
	const details = [
		field('Threshold (data, up + down)', pair(thrN, thrU)),
		field('Per', pair(perN, perU), 'the count starts over every period'),
		field('Throttled download (Mbit/s)', down),
		field('Throttled upload (Mbit/s)', up),
	];
	const alignedLabel = h('label', { class: 'check' }, aligned, ' Periods follow the calendar (midnight, Monday, the 1st)');
	const el = h('fieldset', { id: 'fair-use' }, h('legend', {}, 'Fair use'),
		h('div', { class: 'grid' }, field('After the threshold', action), details), alignedLabel);

	function update() {
		const a = action.value;
		for (const d of details) d.hidden = a === 'off';
		alignedLabel.hidden = a === 'off';
		for (const s of [down, up]) s.closest('.field').hidden = a !== 'throttle';
	}
	action.addEventListener('change', update);

	function read() {
		const a = action.value;
		if (a === 'off') return null;
		const n = thrN.value.trim().replace(',', '.');
		const threshold = n === '' ? 0 : Math.round(Number(n) * Number(thrU.value));
		if (Number.isNaN(threshold)) throw bad('fair use threshold: not a number', 'fair_use.threshold_bytes');
		const fu = {
			action: a, threshold_bytes: threshold,
			period: { unit: perU.value, count: Number(perN.value || 1), aligned: aligned.checked },
			speed_down: 0, speed_up: 0,
		};
		if (a === 'throttle') {
			fu.speed_down = mbit(down, 'throttled download') || 0;
			fu.speed_up = mbit(up, 'throttled upload') || 0;
		}
		return fu;
	}

	function fill(fu) {
		action.value = fu ? fu.action : 'off';
		[thrN.value, thrU.value] = fu ? splitBytes(fu.threshold_bytes) : ['', '1000000000'];
		perN.value = fu ? String(fu.period.count || 1) : '1';
		perU.value = fu && fu.period.unit !== 'none' ? fu.period.unit : 'month';
		aligned.checked = fu ? !!fu.period.aligned : true;
		down.value = fu && fu.speed_down ? mbitText(fu.speed_down) : '';
		up.value = fu && fu.speed_up ? mbitText(fu.speed_up) : '';
		update();
	}

	return { el, read, fill, update };
}

export function scheduleTerms(getCurrency) {
	const list = h('div', { class: 'schedule-list' });
	const add = h('button', { type: 'button', class: 'secondary', id: 'schedule-add' }, 'Add a schedule');
	const empty = h('p', { class: 'empty' }, 'No schedule: the base price and speeds apply at all times.');
	const el = h('fieldset', { id: 'schedules' }, h('legend', {}, 'Rating schedules (time of day, day of week)'),
		h('small', {}, `Up to ${MAX_SCHEDULES}; the first that matches the time applies (in the location's time zone). `
			+ 'A schedule changes the speed, and on postpaid plans the price per use.'),
		empty, list, h('div', { class: 'actions' }, add));
	let rows = [];
	let postpaid = false;

	function renumber() {
		rows.forEach((r, i) => r.setIndex(i));
		add.disabled = rows.length >= MAX_SCHEDULES;
		empty.hidden = rows.length > 0;
	}

	function makeRow(s) {
		const cur = getCurrency();
		const days = DAYS.map(([d, text]) => h('label', { class: 'day' },
			h('input', { type: 'checkbox', name: 'schedule_day', value: d, checked: !s || !s.days || s.days.includes(d) }), ` ${text}`));
		const boxes = days.map((l) => l.querySelector('input'));
		const dayId = `sched-days-${++uid}`;
		boxes[0].id = dayId;
		const daysErr = h('span', { class: 'field-error', id: dayId + '-err', role: 'alert' });
		const daysField = h('div', { class: 'field days' }, h('span', { class: 'label' }, 'Days'),
			h('div', { role: 'group', 'aria-label': 'Days', class: 'day-group' }, days),
			h('small', {}, 'none ticked: every day'), daysErr);
		const from = input('schedule_from', { value: s ? s.from : '00:00', placeholder: 'HH:MM', maxlength: 5, inputmode: 'numeric' });
		const to = input('schedule_to', { value: s ? s.to : '00:00', placeholder: 'HH:MM', maxlength: 5, inputmode: 'numeric' });
		const start = input('schedule_start_date', { type: 'date', value: (s && s.start_date) || '' });
		const end = input('schedule_end_date', { type: 'date', value: (s && s.end_date) || '' });
		const pph = input('schedule_price_per_hour', { inputmode: 'decimal', placeholder: 'free',
			value: s && s.price_per_hour !== undefined ? minorToText(s.price_per_hour, cur) : '' });
		const p10 = input('schedule_price_per_10mb', { inputmode: 'decimal', placeholder: 'free',
			value: s && s.price_per_10mb !== undefined ? minorToText(s.price_per_10mb, cur) : '' });
		const down = input('schedule_speed_down', { inputmode: 'decimal', placeholder: 'no limit', value: s ? mbitText(s.speed_down) : '' });
		const up = input('schedule_speed_up', { inputmode: 'decimal', placeholder: 'no limit', value: s ? mbitText(s.speed_up) : '' });
		const legend = h('legend', {});
		const priceFields = [field(`Price per hour (${cur})`, pph), field(`Price per 10 MB (${cur})`, p10)];
		const priceNote = h('span', {}, ' The two prices likewise (empty: free).');
		const r = {
			el: null,
			setIndex(i) {
				legend.textContent = `Schedule ${i + 1}`;
				const at = (k) => `schedules[${i}].${k}`;
				boxes[0].dataset.field = at('days');
				from.dataset.field = at('from');
				to.dataset.field = at('to');
				start.dataset.field = at('start_date');
				end.dataset.field = at('end_date');
				pph.dataset.field = at('price_per_hour');
				p10.dataset.field = at('price_per_10mb');
				down.dataset.field = at('speed_down');
				up.dataset.field = at('speed_up');
			},
			update() {
				for (const f of [...priceFields, priceNote]) f.hidden = !postpaid;
			},
			read(i) {
				const o = { days: boxes.filter((b) => b.checked).map((b) => b.value), from: from.value.trim() || '00:00', to: to.value.trim() || '00:00' };
				if (start.value) o.start_date = start.value;
				if (end.value) o.end_date = end.value;
				if (postpaid) {
					if (pph.value.trim() !== '') o.price_per_hour = money(pph, `schedule ${i + 1} price per hour`, getCurrency());
					if (p10.value.trim() !== '') o.price_per_10mb = money(p10, `schedule ${i + 1} price per 10 MB`, getCurrency());
				}
				const d = mbit(down, `schedule ${i + 1} download speed`), u = mbit(up, `schedule ${i + 1} upload speed`);
				if (d !== undefined) o.speed_down = d;
				if (u !== undefined) o.speed_up = u;
				return o;
			},
		};
		const remove = h('button', { type: 'button', class: 'secondary small', onclick: () => {
			rows = rows.filter((x) => x !== r);
			r.el.remove();
			renumber();
			add.focus();
		} }, 'Remove');
		r.el = h('fieldset', { class: 'schedule' }, legend, h('div', { class: 'grid' },
			daysField, field('From', from, 'HH:MM'), field('To', to, '00:00 = midnight; before From: past midnight'),
			field('First day', start, 'optional'), field('Last day', end, 'optional'),
			priceFields, field('Download speed (Mbit/s)', down), field('Upload speed (Mbit/s)', up)),
		h('small', {}, 'The two speeds replace the plan\'s speeds together while the schedule applies (empty: no limit); '
			+ 'leave both empty to keep the plan\'s.', priceNote),
		h('div', { class: 'actions' }, remove));
		r.update();
		return r;
	}

	function append(s) {
		const r = makeRow(s);
		rows.push(r);
		list.append(r.el);
		renumber();
		return r;
	}

	add.addEventListener('click', () => {
		if (rows.length >= MAX_SCHEDULES) return;
		const r = append(null);
		r.el.querySelector('input[name=schedule_from]').focus();
	});

	function update(isPostpaid) {
		postpaid = isPostpaid;
		rows.forEach((r) => r.update());
	}

	function read() {
		return rows.map((r, i) => r.read(i));
	}

	function fill(schedules) {
		rows = [];
		list.replaceChildren();
		for (const s of schedules || []) append(s);
		renumber();
	}

	return { el, read, fill, update };
}
