// Settings: venue name, currency of new plans, where a ticket's QR code points.
import { get, patch } from '../api.js';
import { h, field, input, form, page, notice } from '../ui.js';

export default async function settings(ctx) {
	const s = await get('/api/v1/settings');
	const root = page('Settings');
	const venue = input('venue_name', { value: s.venue_name, maxlength: 100 });
	const currency = input('currency', { value: s.currency, maxlength: 3, size: 4, autocapitalize: 'characters' });
	const url = input('voucher_url', { value: s.voucher_url, type: 'url' });
	const f = form([
		field('Venue name', venue, 'on printed tickets and the portal'),
		field('Currency', currency, 'ISO 4217, e.g. EUR; for new plans (existing plans keep theirs)'),
		field('Voucher URL', url, 'where a ticket\'s QR code points; {code} becomes the code'),
	], 'Save settings', async () => {
		const r = await patch('/api/v1/settings', { venue_name: venue.value, currency: currency.value, voucher_url: url.value });
		notice(root, `Saved: ${r.venue_name}, ${r.currency}.`);
	});
	f.id = 'settings-form';
	root.append(h('div', { class: 'card' }, f));
	return root;
}
