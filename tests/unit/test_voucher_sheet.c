/* voucher sheets: pages, text and QR codes checked with poppler's pdfinfo,
 * pdftotext and pdftoppm, and zbarimg (zbar-tools) to decode the QR codes. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>
#include <qrencode.h>

#include "voucher/generate.h"
#include "voucher/sheet.h"
#include "voucher/url.h"

#define URL_TEMPLATE "http://portal.example/login?code={code}"

struct batch {
	struct voucher_gen *gen;
	struct voucher_ticket *tickets;
	size_t n;
};

/* n tickets with real generated codes and PINs. */
static void batch_make(struct batch *b, size_t n, unsigned pin_length)
{
	struct voucher_spec spec = { .charset = "unambiguous", .prefix = "SG", .length = 8,
				     .count = (unsigned)n, .pin_length = pin_length };
	char err[256];

	assert_int_equal(voucher_gen_new(&b->gen, &spec, NULL, NULL, err, sizeof(err)), 0);
	assert_int_equal(voucher_gen_add(b->gen, (unsigned)n), 0);
	b->tickets = calloc(n, sizeof(*b->tickets));
	assert_non_null(b->tickets);
	b->n = n;
	for (size_t i = 0; i < n; i++)
		b->tickets[i] = (struct voucher_ticket){
			.code = voucher_gen_code(b->gen, (unsigned)i),
			.pin = voucher_gen_pin(b->gen, (unsigned)i),
			.plan = i % 2 ? "1 hour" : "Day pass – unlimited",
			.price_minor = i % 2 ? 250 : 500,
			.currency = "EUR",
			.validity = "Valid for 24 hours from the first login, then expires",
		};
}

static void batch_free(struct batch *b)
{
	free(b->tickets);
	voucher_gen_free(b->gen);
}

static char *write_temp_pdf(const unsigned char *pdf, size_t len)
{
	static char path[64];
	FILE *f;
	int fd;

	strcpy(path, "/tmp/sg-voucher-XXXXXX.pdf");
	fd = mkstemps(path, 4);
	assert_true(fd >= 0);
	f = fdopen(fd, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(pdf, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	return path;
}

/* Runs cmd and returns all it printed (malloc'd). */
static char *run(const char *cmd)
{
	FILE *p = popen(cmd, "r");
	size_t len = 0, cap = 4096;
	char *out = malloc(cap);
	size_t got;

	assert_non_null(p);
	assert_non_null(out);
	while ((got = fread(out + len, 1, cap - len - 1, p)) > 0) {
		len += got;
		if (cap - len < 1024) {
			cap *= 2;
			out = realloc(out, cap);
			assert_non_null(out);
		}
	}
	out[len] = '\0';
	if (pclose(p) != 0)
		fail_msg("command failed: %s", cmd);
	return out;
}

static int pdf_pages(const char *path)
{
	char cmd[128], *out, *p;
	int pages = -1;

	snprintf(cmd, sizeof(cmd), "pdfinfo %s", path);
	out = run(cmd);
	p = strstr(out, "Pages:");
	assert_non_null(p);
	pages = atoi(p + strlen("Pages:"));
	free(out);
	return pages;
}

static void render(const struct voucher_ticket *t, size_t n, const struct voucher_sheet_layout *layout,
		   unsigned char **pdf, size_t *len)
{
	char err[256] = "";
	int rc = voucher_sheet_render(t, n, layout, pdf, len, err, sizeof(err));

	if (rc)
		fail_msg("voucher_sheet_render: %d %s", rc, err);
	assert_non_null(*pdf);
	assert_memory_equal(*pdf, "%PDF-", 5);
}

static void test_25_tickets_3_pages(void **state)
{
	const struct voucher_sheet_layout layout = { .venue = "Café Zürich", .url_template = URL_TEMPLATE };
	struct batch b;
	unsigned char *pdf;
	size_t len;
	char cmd[128], *text, *path;
	(void)state;

	batch_make(&b, 25, 6);
	render(b.tickets, b.n, &layout, &pdf, &len);
	path = write_temp_pdf(pdf, len);
	assert_int_equal(pdf_pages(path), 3);

	snprintf(cmd, sizeof(cmd), "pdftotext -enc UTF-8 %s -", path);
	text = run(cmd);
	for (size_t i = 0; i < b.n; i++) {
		if (!strstr(text, b.tickets[i].code))
			fail_msg("code %s missing from the PDF text", b.tickets[i].code);
		if (!strstr(text, b.tickets[i].pin))
			fail_msg("PIN %s missing from the PDF text", b.tickets[i].pin);
	}
	/* UTF-8 in, UTF-8 out: WinAnsiEncoding carried é, ü and the en dash. */
	assert_non_null(strstr(text, "Café Zürich"));
	assert_non_null(strstr(text, "Day pass – unlimited"));
	assert_non_null(strstr(text, "EUR 5.00"));
	assert_non_null(strstr(text, "EUR 2.50"));
	assert_non_null(strstr(text, "Valid for 24 hours"));
	assert_non_null(strstr(text, "CODE"));
	assert_non_null(strstr(text, "PIN"));
	free(text);
	unlink(path);
	free(pdf);
	batch_free(&b);
}

static void test_grid_parameters(void **state)
{
	static const struct { unsigned columns, rows; size_t n; int pages; } cases[] = {
		{ 0, 0, 10, 1 },	/* defaults: 2 x 5 */
		{ 0, 0, 11, 2 },
		{ 3, 7, 25, 2 },
		{ 1, 1, 3, 3 },
		{ 4, 11, 45, 2 },	/* the densest grid allowed */
		{ 1, 2, 1, 1 },
	};
	struct batch b;
	(void)state;

	batch_make(&b, 45, 0);
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		const struct voucher_sheet_layout layout = { .venue = "Hotel", .url_template = URL_TEMPLATE,
							     .columns = cases[c].columns, .rows = cases[c].rows };
		unsigned char *pdf;
		size_t len;
		char *path;

		render(b.tickets, cases[c].n, &layout, &pdf, &len);
		path = write_temp_pdf(pdf, len);
		if (pdf_pages(path) != cases[c].pages)
			fail_msg("case %zu: expected %d pages", c, cases[c].pages);
		unlink(path);
		free(pdf);
	}
	batch_free(&b);
}

static void test_qr_encodes_the_url(void **state)
{
	const struct voucher_sheet_layout layout = { .venue = "Hotel", .url_template = URL_TEMPLATE };
	struct batch b;
	unsigned char *pdf;
	size_t len;
	char cmd[256], url[256], png[80], *path, *decoded;
	(void)state;

	batch_make(&b, 10, 4);
	/* What libqrencode makes of the URL: a small, sane symbol. */
	assert_int_equal(voucher_ticket_url(URL_TEMPLATE, b.tickets[0].code, url, sizeof(url)), 0);
	{
		QRcode *qr = QRcode_encodeString(url, 0, QR_ECLEVEL_M, QR_MODE_8, 1);

		assert_non_null(qr);
		assert_in_range(qr->version, 1, 4);
		assert_int_equal(qr->width, 17 + 4 * qr->version);
		QRcode_free(qr);
	}

	if (system("command -v zbarimg >/dev/null && command -v pdftoppm >/dev/null") != 0)
		fail_msg("zbarimg and pdftoppm are needed (scripts/deps.sh installs zbar-tools, poppler-utils)");
	render(b.tickets, b.n, &layout, &pdf, &len);
	path = write_temp_pdf(pdf, len);
	snprintf(png, sizeof(png), "%.*s", (int)(strlen(path) - 4), path);
	/* Rasterise each ticket's cell on its own and decode it, as a phone held
	 * over one ticket would: the default 2 x 5 grid inside a 10 mm margin.
	 * (A whole-page scan makes zbar miss a symbol now and then.) */
	for (size_t i = 0; i < b.n; i++) {
		const double px_per_mm = 150 / 25.4, cw = 95 * px_per_mm, ch = 277.0 / 5 * px_per_mm;
		const int x = (int)(10 * px_per_mm + (double)(i % 2) * cw);
		const int y = (int)(10 * px_per_mm + (double)(i / 2) * ch);

		snprintf(cmd, sizeof(cmd), "pdftoppm -r 150 -png -singlefile -x %d -y %d -W %d -H %d %s %s", x, y,
			 (int)cw, (int)ch, path, png);
		free(run(cmd));
		snprintf(cmd, sizeof(cmd), "zbarimg -q --raw %s.png 2>/dev/null", png);
		decoded = run(cmd);
		assert_int_equal(voucher_ticket_url(URL_TEMPLATE, b.tickets[i].code, url, sizeof(url)), 0);
		strcat(url, "\n");	/* exactly one symbol, the whole URL */
		if (strcmp(decoded, url) != 0)
			fail_msg("ticket %zu: QR for %s decoded as \"%s\"", i, b.tickets[i].code, decoded);
		free(decoded);
	}
	strcat(png, ".png");
	unlink(png);
	unlink(path);
	free(pdf);
	batch_free(&b);
}

static void test_bad_input(void **state)
{
	static const struct { unsigned columns, rows; const char *url; size_t n; int bad_ticket;
			      const char *expect; } cases[] = {
		{ 5, 5, URL_TEMPLATE, 3, 0, "columns 5 is too many: tickets would be narrower than 45 mm; use 1 to 4" },
		{ 2, 12, URL_TEMPLATE, 3, 0, "rows 12 is too many: tickets would be shorter than 25 mm; use 1 to 11" },
		{ 2, 5, "http://portal.example/login", 3, 0, "has no {code}" },
		{ 2, 5, NULL, 3, 0, "url_template \"\" has no {code}" },
		{ 2, 5, URL_TEMPLATE, 0, 0, "no tickets" },
		{ 2, 5, URL_TEMPLATE, 3, 1, "ticket 2 has no code" },
		{ 2, 5, URL_TEMPLATE, 3, 2, "currency \"Euro\" is not an ISO 4217 code" },
	};
	(void)state;

	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		struct voucher_ticket t[3] = {
			{ .code = "AAAA1", .plan = "p", .price_minor = 1, .currency = "EUR" },
			{ .code = "AAAA2", .plan = "p", .price_minor = 1, .currency = "EUR" },
			{ .code = "AAAA3", .plan = "p", .price_minor = 1, .currency = "EUR" },
		};
		const struct voucher_sheet_layout layout = { .venue = "v", .url_template = cases[c].url,
							     .columns = cases[c].columns, .rows = cases[c].rows };
		unsigned char *pdf = (unsigned char *)"unset";
		size_t len = 1;
		char err[256] = "";

		if (cases[c].bad_ticket == 1)
			t[1].code = "";
		if (cases[c].bad_ticket == 2)
			t[2].currency = "Euro";
		assert_int_equal(voucher_sheet_render(t, cases[c].n, &layout, &pdf, &len, err, sizeof(err)),
				 -EINVAL);
		if (!strstr(err, cases[c].expect))
			fail_msg("case %zu: \"%s\" lacks \"%s\"", c, err, cases[c].expect);
		assert_null(pdf);
		assert_int_equal(len, 0);
	}
}

/* 1,000 tickets make 100 pages; their speed is measured by make bench */
static void test_1000_tickets(void **state)
{
	const struct voucher_sheet_layout layout = { .venue = "Grand Hotel", .url_template = URL_TEMPLATE };
	struct batch b;
	unsigned char *pdf;
	size_t len;
	char *path;
	(void)state;

	batch_make(&b, 1000, 4);
	render(b.tickets, b.n, &layout, &pdf, &len);
	path = write_temp_pdf(pdf, len);
	assert_int_equal(pdf_pages(path), 100);
	unlink(path);
	free(pdf);
	batch_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_25_tickets_3_pages),
		cmocka_unit_test(test_grid_parameters),
		cmocka_unit_test(test_qr_encodes_the_url),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_1000_tickets),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
