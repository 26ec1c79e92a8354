/* Printable voucher sheets: an A4 PDF with a grid of tickets separated by
 * dashed cut lines. Each ticket shows the venue, plan, price, validity, code,
 * PIN (when there is one) and a QR code that opens the portal with the code
 * filled in. Built-in PDF fonts only (Helvetica, Courier), so nothing needs
 * fonts installed. The result is a malloc'd buffer, so the daemon can serve
 * it over HTTP and the CLI can write it to a file.
 *
 * Rendering 1,000 tickets takes a few hundred milliseconds; the daemon runs it
 * on a worker thread. libhpdf keeps no global state, so renders on different
 * threads are independent. */
#ifndef SPOTGATE_VOUCHER_SHEET_H
#define SPOTGATE_VOUCHER_SHEET_H

#include <stddef.h>
#include <stdint.h>

struct voucher_ticket {
	const char *code;
	const char *pin;	/* NULL or "" for none */
	const char *plan;	/* plan name, UTF-8 */
	int64_t price_minor;	/* integer minor units of currency */
	const char *currency;	/* ISO 4217, e.g. "EUR" */
	const char *validity;	/* UTF-8, e.g. "Valid 24 hours from first login"; NULL for none */
};

#define VOUCHER_SHEET_COLUMNS 2	/* defaults: 10 tickets per A4 page */
#define VOUCHER_SHEET_ROWS    5

struct voucher_sheet_layout {
	const char *venue;		/* UTF-8, printed on every ticket */
	const char *url_template;	/* see url.h: "http://portal.example/login?code={code}" */
	unsigned columns;		/* 0 = VOUCHER_SHEET_COLUMNS */
	unsigned rows;			/* 0 = VOUCHER_SHEET_ROWS */
};

/* Renders n tickets, columns x rows per page, into *pdf (malloc'd; the caller
 * frees it) of *pdf_len bytes. Returns 0; -EINVAL with the reason in err for
 * a bad layout or ticket (a grid whose tickets would be too small to read, a
 * template without "{code}", an unknown currency, a code too long for a QR
 * code); -ENOMEM; -EIO with libhpdf's error number in err. */
int voucher_sheet_render(const struct voucher_ticket *tickets, size_t n,
			 const struct voucher_sheet_layout *layout,
			 unsigned char **pdf, size_t *pdf_len, char *err, size_t errlen);

#endif
