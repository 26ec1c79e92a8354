// The web admin in a real browser (Debian's chromium, driven by
// playwright-core): an admin logs in with the keyboard, creates a plan,
// generates 10 vouchers (preview, then confirm), downloads their PDF and
// kicks a session; a receptionist makes a quick ticket and finds the plans
// page closed. Screenshots of each step go to ARTIFACTS; what the browser
// saw is written as JSON to stdout for tests/integration/test_admin_ui.py to
// check. Configuration comes as JSON in the environment (SPOTGATE_E2E).
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const cfg = JSON.parse(process.env.SPOTGATE_E2E);
const out = { steps: [], console_errors: [] };
fs.mkdirSync(cfg.artifacts, { recursive: true });
const profiles = [], contexts = [];
const ARGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
	'--disable-component-update', '--disable-sync'];

async function shot(page, name) {
	const file = path.join(cfg.artifacts, `${name}.png`);
	await page.screenshot({ path: file, fullPage: true });
	out.steps.push(name);
}

// each person gets a browser of their own with a fresh profile (--user-data-dir)
async function newPage() {
	const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'spotgate-chromium-'));
	profiles.push(profile);
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: cfg.chromium || '/usr/bin/chromium', headless: true, args: ARGS,
		acceptDownloads: true, viewport: { width: 1280, height: 900 },
	});
	contexts.push(context);
	const page = context.pages()[0] || await context.newPage();
	page.setDefaultTimeout(15000);
	// a 4xx the page expects (not logged in yet, a refused input) is logged by chromium too
	page.on('console', (m) => { if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) out.console_errors.push(m.text()); });
	page.on('pageerror', (e) => out.console_errors.push(String(e)));
	page.on('dialog', (d) => d.accept());
	return { context, page };
}

// logs in with the keyboard only: type, Tab, type, Enter
async function login(page, user, password) {
	await page.goto(cfg.base + '/admin/');
	await page.locator('#login-form').waitFor();
	await page.keyboard.type(user);	// the user name field has the focus
	await page.keyboard.press('Tab');
	await page.keyboard.type(password);
	await page.keyboard.press('Enter');
	await page.locator('#logout').waitFor();
}

// what a page's own API call answers, with the session's CSRF token
async function apiStatus(page, method, p, body) {
	return page.evaluate(async ({ method, p, body }) => {
		const s = await (await fetch('/api/v1/session')).json();
		const r = await fetch(p, { method, headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf_token }, body: body ? JSON.stringify(body) : undefined });
		return { status: r.status, body: await r.text() };
	}, { method, p, body });
}

try {
	// ---- the admin ----
	{
		const { context, page } = await newPage();
		await page.goto(cfg.base + '/admin/');
		await page.locator('#login-form').waitFor();
		// a wrong password: the message shows and what was typed stays
		await page.fill('input[name=username]', cfg.admin.user);
		await page.fill('input[name=password]', 'not-the-password');
		await page.keyboard.press('Enter');
		await page.locator('#login-form .form-error, #login-form .field-error:not(:empty)').first().waitFor();
		out.login_error = (await page.locator('#login-form [role=alert]:not(:empty)').first().textContent()).trim();
		out.login_user_kept = await page.inputValue('input[name=username]');
		await shot(page, '01-login-error');

		await login(page, cfg.admin.user, cfg.admin.password);
		await page.locator('#tile-online').waitFor();
		out.admin_nav = await page.locator('nav a').allTextContents();
		out.dashboard_online = (await page.locator('#tile-online .value').textContent()).trim();
		await shot(page, '02-dashboard');

		// a plan: price and unit price follow each other as you type
		await page.click('nav a[href="#/plans"]');
		await page.locator('#plan-form').waitFor();
		await page.fill('#plan-form input[name=time_amount]', '2');
		await page.selectOption('#plan-form select[name=time_unit]', '3600');
		await page.fill('#plan-form input[name=price]', '3.00');
		out.unit_from_price = await page.inputValue('#plan-form input[name=unit_price]');
		await page.fill('#plan-form input[name=unit_price]', '2.50');
		out.price_from_unit = await page.inputValue('#plan-form input[name=price]');
		await page.selectOption('#plan-form select[name=cyclic_unit]', 'month');
		await page.fill('#plan-form input[name=cyclic_price]', '20.00');
		out.cyclic_examples = await page.locator('#cyclic-table tbody tr').allInnerTexts();
		await shot(page, '03-plan-typing');
		await page.selectOption('#plan-form select[name=cyclic_unit]', 'none');
		// the API's error lands next to the field and nothing typed is lost
		await page.fill('#plan-form input[name=name]', '');
		await page.click('#plan-form button[type=submit]');
		await page.locator('#plan-form input[name=name][aria-invalid=true]').waitFor();
		out.plan_name_error = (await page.locator('#plan-form input[name=name] ~ .field-error').textContent()).trim();
		out.plan_price_kept = await page.inputValue('#plan-form input[name=price]');
		await shot(page, '04-plan-error');
		await page.fill('#plan-form input[name=name]', cfg.plan);
		await page.fill('#plan-form input[name=speed_down]', '10');
		// fair use and a weekend schedule; each API error lands next to its own input
		await page.selectOption('#fair-use select[name=fair_use_action]', 'throttle');
		await page.click('#schedule-add');
		const sched = page.locator('#schedules fieldset.schedule').first();
		await sched.locator('input[name=schedule_from]').fill('25:00');
		await page.click('#plan-form button[type=submit]');
		await sched.locator('input[name=schedule_from][aria-invalid=true]').waitFor();
		out.schedule_from_error = (await sched.locator('input[name=schedule_from] ~ .field-error').textContent()).trim();
		await sched.locator('input[name=schedule_from]').fill('08:00');
		await sched.locator('input[name=schedule_to]').fill('18:00');
		for (const d of ['mon', 'tue', 'wed', 'thu', 'fri'])
			await sched.locator(`input[name=schedule_day][value=${d}]`).uncheck();
		await sched.locator('input[name=schedule_speed_down]').fill('20');
		await page.click('#plan-form button[type=submit]');
		await page.locator('#fair-use input[name=fair_use_threshold][aria-invalid=true]').waitFor();
		out.fair_use_error = (await page.locator('#fair-use input[name=fair_use_threshold]').evaluate((el) => el.closest('.field').querySelector('.field-error').textContent)).trim();
		await shot(page, '04b-plan-terms-error');
		await page.fill('#fair-use input[name=fair_use_threshold]', '1');
		await page.selectOption('#fair-use select[name=fair_use_threshold_unit]', '1000000000');
		await page.selectOption('#fair-use select[name=fair_use_period]', 'month');
		await page.fill('#fair-use input[name=fair_use_speed_down]', '1');
		await page.fill('#fair-use input[name=fair_use_speed_up]', '0.5');
		await page.click('#plan-form button[type=submit]');
		await page.locator('.notice', { hasText: `Plan "${cfg.plan}" added` }).waitFor();
		await page.locator('#plans-table tbody tr', { hasText: cfg.plan }).waitFor();
		out.plan_rows = await page.locator('#plans-table tbody tr').allInnerTexts();
		await shot(page, '05-plan-added');
		// editing shows the terms the API stored
		await page.locator('#plans-table tbody tr', { hasText: cfg.plan }).getByRole('button', { name: 'Edit' }).click();
		await page.locator('#plan-form-title', { hasText: 'Edit plan' }).waitFor();
		out.edit_terms = {
			fair_use_action: await page.inputValue('#fair-use select[name=fair_use_action]'),
			fair_use_threshold: await page.inputValue('#fair-use input[name=fair_use_threshold]'),
			fair_use_unit: await page.inputValue('#fair-use select[name=fair_use_threshold_unit]'),
			fair_use_down: await page.inputValue('#fair-use input[name=fair_use_speed_down]'),
			schedules: await page.locator('#schedules fieldset.schedule').count(),
			from: await page.inputValue('#schedules input[name=schedule_from]'),
			to: await page.inputValue('#schedules input[name=schedule_to]'),
			days: await page.locator('#schedules input[name=schedule_day]:checked').evaluateAll((els) => els.map((e) => e.value)),
			speed_down: await page.inputValue('#schedules input[name=schedule_speed_down]'),
		};
		await shot(page, '05b-plan-edit');
		await page.getByRole('button', { name: 'New plan' }).click();

		// ten vouchers: preview of five, then confirm
		await page.click('nav a[href="#/vouchers"]');
		await page.locator('#gen-form').waitFor();
		await page.selectOption('#gen-form select[name=plan]', { label: cfg.plan });
		await page.fill('#gen-form input[name=count]', '10');
		await page.click('#gen-form button[type=submit]');
		await page.locator('#gen-confirm').waitFor();
		out.preview_codes = await page.locator('#gen-preview .codes code').allTextContents();
		await shot(page, '06-voucher-preview');
		await page.keyboard.press('Enter');	// the confirm button has the focus
		await page.locator('#gen-done').waitFor();
		out.batch_notice = (await page.locator('#gen-done .notice').textContent()).trim();
		await shot(page, '07-voucher-batch');
		const [download] = await Promise.all([page.waitForEvent('download'), page.click('#gen-pdf')]);
		out.pdf_name = download.suggestedFilename();
		out.pdf = path.join(cfg.artifacts, 'vouchers.pdf');
		await download.saveAs(out.pdf);
		await page.locator('#tickets tbody tr').first().waitFor();
		await shot(page, '08-batches-and-tickets');

		// kick the session the test opened over RADIUS
		await page.click('nav a[href="#/sessions"]');
		const row = page.locator('#live-sessions tbody tr', { hasText: cfg.session_user });
		await row.waitFor();
		await shot(page, '09-live-sessions');
		await row.getByRole('button', { name: /Kick/ }).click();
		await page.locator('.notice', { hasText: 'ended' }).waitFor();
		out.kick_notice = (await page.locator('.notice').first().textContent()).trim();
		out.sessions_after = await page.locator('#live-sessions tbody tr').allInnerTexts();
		await shot(page, '10-session-kicked');

		// the other pages open without an error
		out.page_errors = {};
		for (const id of ['accounts', 'nas', 'lists', 'reports', 'sites', 'settings', 'users', 'locations', 'dashboard']) {
			await page.click(`nav a[href="#/${id}"]`);
			await page.locator('main h1').waitFor();
			await page.waitForLoadState('networkidle');
			const err = await page.locator('main .notice.error').allTextContents();
			if (err.length) out.page_errors[id] = err;
			await shot(page, `11-page-${id}`);
		}
		// settings: a bad currency is named next to its field
		await page.click('nav a[href="#/settings"]');
		await page.locator('#settings-form').waitFor();
		await page.fill('#settings-form input[name=currency]', 'eur');
		await page.click('#settings-form button[type=submit]');
		await page.locator('#settings-form input[name=currency][aria-invalid=true]').waitFor();
		out.settings_error = (await page.locator('#settings-form input[name=currency] ~ .field-error').textContent()).trim();
		await shot(page, '12-settings-error');
		// locations: a time zone the gateway does not know is named by its field, then one is added
		await page.click('nav a[href="#/locations"]');
		await page.locator('#location-form').waitFor();
		await page.fill('#location-form input[name=name]', cfg.location);
		await page.fill('#location-form input[name=timezone]', 'Mars/Olympus');
		await page.click('#location-form button[type=submit]');
		await page.locator('#location-form input[name=timezone][aria-invalid=true]').waitFor();
		out.location_error = (await page.locator('#location-form input[name=timezone] ~ .field-error').textContent()).trim();
		await page.fill('#location-form input[name=timezone]', 'Europe/Vienna');
		await page.click('#location-form button[type=submit]');
		await page.locator('#locations-table tbody tr', { hasText: cfg.location }).waitFor();
		out.location_rows = await page.locator('#locations-table tbody tr').allInnerTexts();
		await shot(page, '12b-locations');
		await page.click('#logout');
		await page.locator('#login-form').waitFor();
		await context.close();
	}

	// ---- the receptionist ----
	{
		const { context, page } = await newPage();
		await login(page, cfg.desk.user, cfg.desk.password);
		out.desk_nav = await page.locator('nav a').allTextContents();
		out.desk_home = page.url();
		await shot(page, '13-desk-home');
		await page.click('nav a[href="#/quick"]');
		await page.locator('#quick-form').waitFor();
		const option = page.locator('#quick-form select[name=plan] option', { hasText: cfg.plan }).first();
		await page.selectOption('#quick-form select[name=plan]', await option.getAttribute('value'));
		await page.fill('#quick-form input[name=first_name]', 'Ada');
		await page.fill('#quick-form input[name=last_name]', 'Lovelace');
		await page.click('#quick-form button[type=submit]');
		await page.locator('#quick-username').waitFor();
		out.quick = { username: await page.locator('#quick-username').textContent(), password: await page.locator('#quick-password').textContent() };
		await shot(page, '14-desk-quick-ticket');
		await page.goto(cfg.base + '/admin/#/plans');
		await page.locator('main .forbidden').waitFor();
		out.desk_plans_text = (await page.locator('main .forbidden').textContent()).trim();
		out.desk_plan_form = await page.locator('#plan-form').count();
		await shot(page, '15-desk-plans-closed');
		out.desk_api_plans = await apiStatus(page, 'POST', '/api/v1/plans', { name: 'sneaky', time_amount: 60, price: 1 });
		out.desk_api_settings = await apiStatus(page, 'GET', '/api/v1/settings');
		await context.close();
	}
} catch (e) {
	out.failure = String(e && e.stack || e);
} finally {
	for (const c of contexts) await c.close().catch(() => {});
	for (const p of profiles) fs.rmSync(p, { recursive: true, force: true });
	process.stdout.write(JSON.stringify(out, null, 1) + '\n');
}
