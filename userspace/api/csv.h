/* CSV bodies for exports (RFC 4180: CRLF line ends, fields with a comma,
 * quote or line break are quoted, quotes doubled). */
#ifndef SPOTGATE_API_CSV_H
#define SPOTGATE_API_CSV_H

#include <stddef.h>
#include <stdint.h>

struct csv {
	char *data;
	size_t len, cap;
	int failed;
	int in_row;	/* a field was written on this row: the next needs a comma */
};

void csv_field(struct csv *c, const char *text);
void csv_int(struct csv *c, int64_t v);
void csv_end_row(struct csv *c);

#endif
