#include "portal/i18n.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

static void catalog_free(struct catalog *c)
{
	for (int i = 0; i < c->nkeys; i++) {
		free(c->keys[i]);
		free(c->texts[i]);
	}
	c->nkeys = 0;
}

int catalog_parse(struct catalog *c, const char *lang, const char *text, int *line)
{
	char *copy = strdup(text), *save = NULL, *l;
	int n = 0;

	if (!copy)
		return -ENOMEM;
	memset(c, 0, sizeof(*c));
	snprintf(c->lang, sizeof(c->lang), "%s", lang);
	for (l = copy; l; l = save) {
		char *nl = strchr(l, '\n'), *eq, *key;

		save = nl ? nl + 1 : NULL;
		if (nl)
			*nl = '\0';
		n++;
		l = trim(l);
		if (!*l || *l == '#')
			continue;
		eq = strchr(l, '=');
		if (!eq || c->nkeys == I18N_MAX_KEYS) {
			*line = n;
			free(copy);
			catalog_free(c);
			return -EINVAL;
		}
		*eq = '\0';
		key = trim(l);
		if (!*key) {
			*line = n;
			free(copy);
			catalog_free(c);
			return -EINVAL;
		}
		c->keys[c->nkeys] = strdup(key);
		c->texts[c->nkeys] = strdup(trim(eq + 1));
		c->nkeys++;
	}
	free(copy);
	return 0;
}

void catalogs_free(struct catalogs *cs)
{
	for (int i = 0; i < cs->n; i++)
		catalog_free(&cs->langs[i]);
	cs->n = 0;
}

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long size;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = size >= 0 ? malloc((size_t)size + 1) : NULL;
	if (buf && fread(buf, 1, (size_t)size, f) != (size_t)size) {
		free(buf);
		buf = NULL;
	}
	if (buf)
		buf[size] = '\0';
	fclose(f);
	return buf;
}

int catalogs_load(struct catalogs *cs, const char *dir, char *err, size_t errlen)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int have_en = 0;

	memset(cs, 0, sizeof(*cs));
	if (!d) {
		snprintf(err, errlen, "%s: cannot open: %s", dir, strerror(errno));
		return -ENOENT;
	}
	/* English first, then the rest in directory order */
	for (int pass = 0; pass < 2; pass++) {
		rewinddir(d);
		while ((e = readdir(d)) != NULL && cs->n < I18N_MAX_LANGS) {
			char lang[16], path[4200];
			size_t len = strlen(e->d_name);
			char *text;
			int line = 0;

			if (len < 5 || len - 4 >= sizeof(lang) || strcmp(e->d_name + len - 4, ".txt"))
				continue;
			memcpy(lang, e->d_name, len - 4);
			lang[len - 4] = '\0';
			if ((pass == 0) != (strcmp(lang, "en") == 0))
				continue;
			snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
			if (!(text = read_file(path)))
				continue;
			if (catalog_parse(&cs->langs[cs->n], lang, text, &line) != 0) {
				snprintf(err, errlen, "%s:%d: expected \"key = text\"", path, line);
				free(text);
				closedir(d);
				catalogs_free(cs);
				return -EINVAL;
			}
			free(text);
			cs->n++;
			have_en |= pass == 0;
		}
	}
	closedir(d);
	if (!have_en) {
		snprintf(err, errlen, "%s: no en.txt (English is the fallback catalog)", dir);
		catalogs_free(cs);
		return -ENOENT;
	}
	return 0;
}

/* whether the range tag matches lang: equal, or tag is lang's prefix up to a '-' */
static int tag_matches(const char *tag, size_t len, const char *lang)
{
	size_t l = strlen(lang);

	if (len == l && strncasecmp(tag, lang, len) == 0)
		return 2;
	/* "de-AT" asked, "de" offered; or "pt" asked, "pt-br" offered */
	if (len > l && tag[l] == '-' && strncasecmp(tag, lang, l) == 0)
		return 1;
	if (l > len && lang[len] == '-' && strncasecmp(tag, lang, len) == 0)
		return 1;
	return 0;
}

int i18n_pick(const char *const *langs, int n, const char *al)
{
	int best = 0;
	double best_q = 0;

	if (!al)
		return 0;
	for (const char *p = al; *p;) {
		const char *tag, *end;
		size_t len;
		double q = 1.0;

		while (*p == ' ' || *p == ',')
			p++;
		tag = p;
		while (*p && *p != ',' && *p != ';' && *p != ' ')
			p++;
		len = (size_t)(p - tag);
		end = strchr(p, ',');
		if (!end)
			end = p + strlen(p);
		/* parameters: ;q=0.8 */
		for (const char *s = p; s < end; s++) {
			if (s[0] == 'q' && s[1] == '=') {
				q = strtod(s + 2, NULL);
				break;
			}
		}
		p = end;
		if (len == 0 || q <= 0 || q > 1)
			continue;
		for (int i = 0; i < n; i++) {
			int m = tag_matches(tag, len, langs[i]);
			/* an exact match counts a little more than a prefix at the same q */
			double score = q - (m == 1 ? 0.0001 : 0);

			if (m && score > best_q) {
				best_q = score;
				best = i;
			}
		}
	}
	return best;
}

int catalogs_pick(const struct catalogs *cs, const char *accept_language)
{
	const char *langs[I18N_MAX_LANGS];

	for (int i = 0; i < cs->n; i++)
		langs[i] = cs->langs[i].lang;
	return i18n_pick(langs, cs->n, accept_language);
}

static const char *lookup(const struct catalog *c, const char *key, size_t len)
{
	for (int i = 0; i < c->nkeys; i++)
		if (strlen(c->keys[i]) == len && memcmp(c->keys[i], key, len) == 0)
			return c->texts[i];
	return NULL;
}

const char *catalog_text(const struct catalogs *cs, int lang, const char *key, size_t len)
{
	const char *t = NULL;

	if (lang >= 0 && lang < cs->n)
		t = lookup(&cs->langs[lang], key, len);
	if (!t && cs->n)
		t = lookup(&cs->langs[0], key, len);
	return t;
}
