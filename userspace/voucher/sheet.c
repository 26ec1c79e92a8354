#include "voucher/sheet.h"

#include <errno.h>
#include <hpdf.h>
#include <qrencode.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "voucher/price.h"
#include "voucher/url.h"
#include "voucher/winansi.h"

/* Sizes in PDF points (1/72 inch). */
#define MM        2.8346457f
#define PAGE_W    (210 * MM)
#define PAGE_H    (297 * MM)
#define MARGIN    (10 * MM)	/* most office printers cannot print the edge */
#define PAD       (3 * MM)	/* inside a ticket, so a crooked cut spares the text */
#define MIN_CELL_W (45 * MM)	/* below this the code and QR stop being legible */
#define MIN_CELL_H (25 * MM)
#define TEXT_H    112.0f	/* a ticket's text at full size, with a gap between top and bottom */
#define URL_MAX   1024
#define LINE_MAX  256

struct render {
	HPDF_Doc pdf;
	HPDF_Font regular, bold, mono;
	HPDF_STATUS error;	/* first libhpdf error, 0 if none */
	HPDF_STATUS detail;
};

/* libhpdf reports errors through this callback as well as return codes;
 * keeping the first one lets the code below check once per page. */
static void on_hpdf_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user_data)
{
	struct render *r = user_data;

	if (!r->error) {
		r->error = error_no;
		r->detail = detail_no;
	}
}

static float text_width(HPDF_Font font, float size, const char *text, size_t len)
{
	HPDF_TextWidth tw = HPDF_Font_TextWidth(font, (const HPDF_BYTE *)text, (HPDF_UINT)len);

	return (float)tw.width * size / 1000.0f;
}

static void text_at(HPDF_Page page, HPDF_Font font, float size, float x, float y,
		    const char *text)
{
	HPDF_Page_SetFontAndSize(page, font, size);
	HPDF_Page_TextOut(page, x, y, text);
}

/* Draws one line of WinAnsi text into width: shrunk down to 3/4 of size when
 * that is enough, else cut short with "...". */
static void line_fit(HPDF_Page page, HPDF_Font font, float size, float x, float y,
		     float width, const char *text)
{
	size_t len = strlen(text);
	float w = text_width(font, size, text, len);
	char cut[LINE_MAX + 4];

	if (w <= width) {
		text_at(page, font, size, x, y, text);
		return;
	}
	if (w * 0.75f <= width) {
		text_at(page, font, size * width / w, x, y, text);
		return;
	}
	size *= 0.75f;
	if (len > LINE_MAX)
		len = LINE_MAX;
	while (len > 0 && text_width(font, size, text, len) + text_width(font, size, "...", 3) > width)
		len--;
	memcpy(cut, text, len);
	memcpy(cut + len, "...", 4);
	text_at(page, font, size, x, y, cut);
}

/* The code is never cut: it shrinks as far as it has to. */
static void line_shrink(HPDF_Page page, HPDF_Font font, float size, float x, float y,
			float width, const char *text)
{
	float w = text_width(font, size, text, strlen(text));

	text_at(page, font, w > width ? size * width / w : size, x, y, text);
}

/* Wraps text onto at most two lines at a space; returns the lines used. */
static int lines_wrap2(HPDF_Page page, HPDF_Font font, float size, float x, float y,
		       float leading, float width, const char *text)
{
	size_t len = strlen(text), brk = 0;
	char first[LINE_MAX];

	if (text_width(font, size, text, len) <= width || len >= LINE_MAX) {
		line_fit(page, font, size, x, y, width, text);
		return 1;
	}
	for (size_t i = 1; i < len; i++)
		if (text[i] == ' ' && text_width(font, size, text, i) <= width)
			brk = i;
	if (!brk) {
		line_fit(page, font, size, x, y, width, text);
		return 1;
	}
	memcpy(first, text, brk);
	first[brk] = '\0';
	text_at(page, font, size, x, y, first);
	line_fit(page, font, size, x, y - leading, width, text + brk + 1);
	return 2;
}

/* Dark modules as filled squares, merged into runs along each row so a page
 * holds a few hundred rectangles per code instead of a thousand. A 4-module
 * quiet zone is left inside side x side, as scanners expect. */
static void draw_qr(HPDF_Page page, const QRcode *qr, float x, float y, float side)
{
	const int n = qr->width;
	const float m = side / (float)(n + 8);
	const float left = x + 4 * m, top = y + side - 4 * m;

	for (int row = 0; row < n; row++) {
		const unsigned char *line = qr->data + (size_t)row * n;

		for (int col = 0; col < n;) {
			int start;

			if (!(line[col] & 1)) {
				col++;
				continue;
			}
			start = col;
			while (col < n && (line[col] & 1))
				col++;
			HPDF_Page_Rectangle(page, left + start * m, top - (row + 1) * m,
					    (col - start) * m, m);
		}
	}
	HPDF_Page_Fill(page);
}

/* Dashed lines between tickets and along the outer edge, over the rows that
 * hold tickets (a last, part-filled page gets no empty frames below). */
static void draw_cut_lines(HPDF_Page page, unsigned columns, unsigned rows_used,
			   float cw, float ch)
{
	static const HPDF_UINT16 dash[] = { 3, 3 };
	const float top = PAGE_H - MARGIN, bottom = top - rows_used * ch;

	HPDF_Page_SetGrayStroke(page, 0.5f);
	HPDF_Page_SetLineWidth(page, 0.5f);
	HPDF_Page_SetDash(page, dash, 2, 0);
	for (unsigned c = 0; c <= columns; c++) {
		HPDF_Page_MoveTo(page, MARGIN + c * cw, top);
		HPDF_Page_LineTo(page, MARGIN + c * cw, bottom);
	}
	for (unsigned r = 0; r <= rows_used; r++) {
		HPDF_Page_MoveTo(page, MARGIN, top - r * ch);
		HPDF_Page_LineTo(page, MARGIN + columns * cw, top - r * ch);
	}
	HPDF_Page_Stroke(page);
	HPDF_Page_SetDash(page, NULL, 0, 0);
}

/* One ticket in the cell whose bottom-left corner is (x, y). Text on the
 * left, scaled by s when the cell is short; QR code on the right. */
static int draw_ticket(struct render *r, HPDF_Page page, const struct voucher_ticket *t,
		       const char *venue, const char *url_template,
		       float x, float y, float cw, float ch, char *err, size_t errlen)
{
	const float s = ch - 2 * PAD < TEXT_H ? (ch - 2 * PAD) / TEXT_H : 1.0f;
	const float side = ch - 2 * PAD < cw * 0.45f ? ch - 2 * PAD : cw * 0.45f;
	const float tx = x + PAD, tw = cw - 3 * PAD - side;
	char url[URL_MAX], price[32], line[LINE_MAX];
	float ty = y + ch - PAD;
	QRcode *qr;

	/* The template was checked, so only the length can fail here. */
	if (voucher_ticket_url(url_template, t->code, url, sizeof(url))) {
		snprintf(err, errlen, "ticket %s: portal URL is longer than %d bytes",
			 t->code, URL_MAX - 1);
		return -EINVAL;
	}
	if (voucher_price_format(t->price_minor, t->currency, price, sizeof(price))) {
		snprintf(err, errlen, "ticket %s: currency \"%s\" is not an ISO 4217 code",
			 t->code, t->currency ? t->currency : "");
		return -EINVAL;
	}
	/* Case-sensitive 8-bit mode: the URL must come back byte for byte. */
	qr = QRcode_encodeString(url, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!qr) {
		int rc = errno == ENOMEM ? -ENOMEM : -EINVAL;

		snprintf(err, errlen, "ticket %s: cannot make a QR code of %s", t->code, url);
		return rc;
	}
	draw_qr(page, qr, x + cw - PAD - side, y + (ch - side) / 2, side);
	QRcode_free(qr);

	HPDF_Page_BeginText(page);
	voucher_utf8_to_winansi(venue, line, sizeof(line));
	ty -= 11 * s;
	line_fit(page, r->bold, 11 * s, tx, ty, tw, line);
	voucher_utf8_to_winansi(t->plan ? t->plan : "", line, sizeof(line));
	ty -= 13 * s;
	line_fit(page, r->regular, 10 * s, tx, ty, tw, line);
	ty -= 12 * s;
	line_fit(page, r->bold, 10 * s, tx, ty, tw, price);
	if (t->validity && *t->validity) {
		voucher_utf8_to_winansi(t->validity, line, sizeof(line));
		ty -= 10 * s;
		lines_wrap2(page, r->regular, 8 * s, tx, ty, 9 * s, tw, line);
	}

	/* Code and PIN sit at the bottom, in Courier so 0/O and 1/l differ. */
	ty = y + PAD;
	if (t->pin && *t->pin) {
		line_shrink(page, r->mono, 12 * s, tx, ty, tw, t->pin);
		ty += 14 * s;
		text_at(page, r->regular, 7 * s, tx, ty, "PIN");
		ty += 12 * s;
	}
	line_shrink(page, r->mono, 14 * s, tx, ty, tw, t->code);
	ty += 16 * s;
	text_at(page, r->regular, 7 * s, tx, ty, "CODE");
	HPDF_Page_EndText(page);
	return 0;
}

static int check_layout(const struct voucher_sheet_layout *layout, unsigned columns,
			unsigned rows, char *err, size_t errlen)
{
	if (!layout->url_template || !strstr(layout->url_template, VOUCHER_URL_PLACEHOLDER)) {
		snprintf(err, errlen, "url_template \"%s\" has no %s where the code goes",
			 layout->url_template ? layout->url_template : "", VOUCHER_URL_PLACEHOLDER);
		return -EINVAL;
	}
	if ((PAGE_W - 2 * MARGIN) / columns < MIN_CELL_W) {
		snprintf(err, errlen, "columns %u is too many: tickets would be narrower than %d mm; "
			 "use 1 to %u", columns, (int)(MIN_CELL_W / MM),
			 (unsigned)((PAGE_W - 2 * MARGIN) / MIN_CELL_W));
		return -EINVAL;
	}
	if ((PAGE_H - 2 * MARGIN) / rows < MIN_CELL_H) {
		snprintf(err, errlen, "rows %u is too many: tickets would be shorter than %d mm; "
			 "use 1 to %u", rows, (int)(MIN_CELL_H / MM),
			 (unsigned)((PAGE_H - 2 * MARGIN) / MIN_CELL_H));
		return -EINVAL;
	}
	return 0;
}

/* Copies the finished document out of libhpdf's memory stream. */
static int take_output(struct render *r, unsigned char **pdf, size_t *pdf_len)
{
	HPDF_UINT32 size, got = 0;
	unsigned char *buf;

	if (HPDF_SaveToStream(r->pdf) != HPDF_OK)
		return -EIO;
	size = HPDF_GetStreamSize(r->pdf);
	buf = malloc(size ? size : 1);
	if (!buf)
		return -ENOMEM;
	HPDF_ResetStream(r->pdf);
	while (got < size) {
		HPDF_UINT32 chunk = size - got;
		HPDF_STATUS st = HPDF_ReadFromStream(r->pdf, buf + got, &chunk);

		if ((st != HPDF_OK && st != HPDF_STREAM_EOF) || chunk == 0) {
			free(buf);
			return -EIO;
		}
		got += chunk;
	}
	/* Reading up to the end may report end-of-stream through the handler;
	 * with every byte in hand that is not a failure. */
	if (r->error == HPDF_STREAM_EOF)
		r->error = 0;
	*pdf = buf;
	*pdf_len = size;
	return 0;
}

int voucher_sheet_render(const struct voucher_ticket *tickets, size_t n,
			 const struct voucher_sheet_layout *layout,
			 unsigned char **pdf, size_t *pdf_len, char *err, size_t errlen)
{
	const unsigned columns = layout->columns ? layout->columns : VOUCHER_SHEET_COLUMNS;
	const unsigned rows = layout->rows ? layout->rows : VOUCHER_SHEET_ROWS;
	const unsigned per_page = columns * rows;
	const float cw = (PAGE_W - 2 * MARGIN) / columns, ch = (PAGE_H - 2 * MARGIN) / rows;
	struct render r = { 0 };
	int rc;

	*pdf = NULL;
	*pdf_len = 0;
	if (n == 0) {
		snprintf(err, errlen, "no tickets to print");
		return -EINVAL;
	}
	rc = check_layout(layout, columns, rows, err, errlen);
	if (rc)
		return rc;
	for (size_t i = 0; i < n; i++) {
		if (!tickets[i].code || !*tickets[i].code) {
			snprintf(err, errlen, "ticket %zu has no code", i + 1);
			return -EINVAL;
		}
	}

	r.pdf = HPDF_New(on_hpdf_error, &r);
	if (!r.pdf)
		return -ENOMEM;
	HPDF_SetCompressionMode(r.pdf, HPDF_COMP_ALL);
	HPDF_SetInfoAttr(r.pdf, HPDF_INFO_CREATOR, "spotgate");
	HPDF_SetInfoAttr(r.pdf, HPDF_INFO_TITLE, "Vouchers");
	r.regular = HPDF_GetFont(r.pdf, "Helvetica", "WinAnsiEncoding");
	r.bold = HPDF_GetFont(r.pdf, "Helvetica-Bold", "WinAnsiEncoding");
	r.mono = HPDF_GetFont(r.pdf, "Courier-Bold", "WinAnsiEncoding");

	for (size_t first = 0; first < n && !r.error && !rc; first += per_page) {
		HPDF_Page page = HPDF_AddPage(r.pdf);
		size_t on_page = n - first < per_page ? n - first : per_page;

		if (!page)
			break;
		HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
		draw_cut_lines(page, columns, (unsigned)((on_page + columns - 1) / columns), cw, ch);
		for (size_t k = 0; k < on_page && !rc; k++) {
			float x = MARGIN + (float)(k % columns) * cw;
			float y = PAGE_H - MARGIN - (float)(k / columns + 1) * ch;

			rc = draw_ticket(&r, page, &tickets[first + k], layout->venue ? layout->venue : "",
					 layout->url_template, x, y, cw, ch, err, errlen);
		}
	}
	if (!rc && !r.error)
		rc = take_output(&r, pdf, pdf_len);
	if (!rc && r.error)
		rc = -EIO;
	if (rc == -EIO)
		snprintf(err, errlen, "PDF rendering failed: libhpdf error 0x%04x detail %u",
			 (unsigned)r.error, (unsigned)r.detail);
	if (rc && *pdf) {
		free(*pdf);
		*pdf = NULL;
		*pdf_len = 0;
	}
	HPDF_Free(r.pdf);
	return rc;
}
