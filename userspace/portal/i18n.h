/* Message catalogs for the portal: one file per language,
 * portal/<template>/lang/<code>.txt, lines "key = text" ('#' starts a
 * comment). English (en) is the fallback for a language and for a key a
 * catalog lacks. The guest's language comes from Accept-Language. */
#ifndef SPOTGATE_PORTAL_I18N_H
#define SPOTGATE_PORTAL_I18N_H

#include <stddef.h>

#define I18N_MAX_LANGS 16
#define I18N_MAX_KEYS 256

struct catalog {
	char lang[16];			/* "en", "de", "pt-br" */
	int nkeys;
	char *keys[I18N_MAX_KEYS];
	char *texts[I18N_MAX_KEYS];
};

struct catalogs {
	int n;
	struct catalog langs[I18N_MAX_LANGS];	/* [0] is English when present */
};

/* Parses one catalog's text into c (copies what it keeps). -EINVAL with the
 * line number in *line for a line that is not "key = text". */
int catalog_parse(struct catalog *c, const char *lang, const char *text, int *line);
/* Loads every <code>.txt in dir; English first. 0, -ENOENT without en.txt. */
int catalogs_load(struct catalogs *cs, const char *dir, char *err, size_t errlen);
void catalogs_free(struct catalogs *cs);

/* The best of the available languages for an Accept-Language header (q
 * values honoured, "de-AT" matches "de", "*" and nothing match English);
 * returns an index into langs. */
int i18n_pick(const char *const *langs, int n, const char *accept_language);
int catalogs_pick(const struct catalogs *cs, const char *accept_language);

/* The text of key in catalog lang (an index), else in English, else NULL. */
const char *catalog_text(const struct catalogs *cs, int lang, const char *key, size_t len);

#endif
