// The guest portal in a real browser (Debian's chromium, driven by
// playwright-core), run inside a lab guest namespace by
// tests/integration/test_portal_browser.py: open a web page, land on the
// portal, log in with a voucher (flow "voucher") or a mobile number and the
// SMS code the daemon's log driver wrote (flow "otp"), see the status page,
// and arrive at the page first asked for. JavaScript stays off in the page, as
// the portal must work without it. Screenshots of each step go to ARTIFACTS;
// what the browser saw goes to stdout as JSON. Configuration comes as JSON in
// the environment (SPOTGATE_E2E).
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const cfg = JSON.parse(process.env.SPOTGATE_E2E);
const out = { flow: cfg.flow, steps: [], urls: [], texts: {} };
fs.mkdirSync(cfg.artifacts, { recursive: true });

async function shot(page, name) {
	await page.screenshot({ path: path.join(cfg.artifacts, `${cfg.flow}-${name}.png`), fullPage: true });
	out.steps.push(name);
	out.urls.push(page.url());
}

// the newest code the log driver wrote for the number
async function smsCode(number) {
	const re = new RegExp(`sms: message to=\\${number} text="[^"]*?(\\d{6})`, 'g');
	for (let i = 0; i < 100; i++) {
		const log = fs.readFileSync(cfg.daemon_log, 'utf8');
		const all = [...log.matchAll(re)];
		if (all.length) return all[all.length - 1][1];
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error('no SMS code in the daemon log');
}

const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'spotgate-portal-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
	executablePath: '/usr/bin/chromium',
	headless: true,
	javaScriptEnabled: false,
	locale: cfg.locale || 'en-GB',
	viewport: { width: 420, height: 860 },
	args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
		'--disable-component-update', '--disable-sync'],
});
let status = 0;
try {
	const page = context.pages()[0] || (await context.newPage());
	page.setDefaultTimeout(15000);
	await page.goto(cfg.start_url);
	await page.waitForURL((u) => u.href.startsWith(cfg.portal));
	await shot(page, '1-portal');
	out.texts.portal = await page.locator('main').innerText();

	if (cfg.flow === 'voucher') {
		await page.fill('#code', cfg.voucher);
		await shot(page, '2-voucher-entered');
		await Promise.all([page.waitForURL(/\/status/), page.click('#voucher button[type=submit]')]);
	} else {
		await page.fill('#phone', cfg.phone);
		await Promise.all([page.waitForURL(/\/otp\/send/), page.click('#sms button[type=submit]')]);
		await shot(page, '2-code-sent');
		out.texts.otp = await page.locator('main').innerText();
		await page.fill('#otpcode', await smsCode(cfg.phone_e164));
		await shot(page, '3-code-entered');
		await Promise.all([page.waitForURL(/\/status/), page.click('#otp button[type=submit]')]);
	}
	await shot(page, '4-status');
	out.texts.status = await page.locator('main').innerText();
	// the status page moves on by itself (meta refresh) to the page first asked for
	await page.waitForURL(cfg.start_url, { timeout: 15000 });
	await page.waitForLoadState('load');
	await shot(page, '5-original-page');
	out.texts.original = await page.locator('body').innerText();
} catch (e) {
	out.error = String(e && e.stack || e);
	status = 1;
} finally {
	await context.close();
	fs.rmSync(profile, { recursive: true, force: true });
}
process.stdout.write(JSON.stringify(out) + '\n');
process.exit(status);
