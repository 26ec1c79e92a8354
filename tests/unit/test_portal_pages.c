/* Portal templates (tags, escaping, blocks), message catalogs and the choice
 * of language by Accept-Language. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "portal/i18n.h"
#include "portal/template.h"

static const char *vars[][2] = {
	{ "name", "Ann <b>&\"'" },
	{ "empty", "" },
	{ "frag", "<li>x</li>" },
	{ "yes", "1" },
};

static const char *lookup(void *ctx, const char *name, size_t len)
{
	(void)ctx;
	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++)
		if (strlen(vars[i][0]) == len && !memcmp(vars[i][0], name, len))
			return vars[i][1];
	return NULL;
}

static void expect(const char *tpl, const char *want)
{
	struct text_buf out = { 0 };

	assert_int_equal(template_render(tpl, strlen(tpl), lookup, NULL, &out), 0);
	assert_string_equal(out.data ? out.data : "", want);
	text_buf_free(&out);
}

static void test_template(void **state)
{
	struct text_buf out = { 0 };

	(void)state;
	expect("Hi {{name}}!", "Hi Ann &lt;b&gt;&amp;&quot;&#39;!");
	expect("{{{frag}}}", "<li>x</li>");
	expect("[{{missing}}]", "[]");
	expect("{{#yes}}A{{/yes}}{{#empty}}B{{/empty}}{{#missing}}C{{/missing}}", "A");
	expect("{{^yes}}A{{/yes}}{{^empty}}B{{/empty}}{{^missing}}C{{/missing}}", "BC");
	expect("{{#yes}}<{{name}}>{{#yes}}in{{/yes}}{{/yes}}", "<Ann &lt;b&gt;&amp;&quot;&#39;>in");
	expect("no tags at all", "no tags at all");
	expect("", "");
	/* unclosed tags and blocks are errors */
	assert_int_equal(template_render("{{name", 6, lookup, NULL, &out), -EINVAL);
	text_buf_free(&out);
	assert_int_equal(template_render("{{#yes}}x", 9, lookup, NULL, &out), -EINVAL);
	text_buf_free(&out);
	assert_int_equal(template_render("x{{/yes}}", 9, lookup, NULL, &out), -EINVAL);
	text_buf_free(&out);
}

static void test_pick(void **state)
{
	static const char *langs[] = { "en", "de", "pt-br", "fr" };
	static const struct {
		const char *al;
		int want;
	} rows[] = {
		{ NULL, 0 },
		{ "", 0 },
		{ "de", 1 },
		{ "de-AT,de;q=0.9,en;q=0.5", 1 },
		{ "fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7", 3 },
		{ "es, it;q=0.5", 0 },		/* nothing offered: English */
		{ "*", 0 },
		{ "en;q=0.2, de;q=0.8", 1 },
		{ "de;q=0, en", 0 },		/* q=0: not acceptable */
		{ "pt", 2 },			/* pt-br offered for pt */
		{ "PT-BR", 2 },
		{ "xx;q=1, fr;q=0.1", 3 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		assert_int_equal(i18n_pick(langs, 4, rows[i].al), rows[i].want);
}

static void test_catalog(void **state)
{
	struct catalogs cs = { 0 };
	int line = 0;

	(void)state;
	assert_int_equal(catalog_parse(&cs.langs[0], "en", "# comment\n a.b = Hello \n\nc = x = y\r\n", &line), 0);
	assert_int_equal(catalog_parse(&cs.langs[1], "de", "a.b = Hallo\n", &line), 0);
	cs.n = 2;
	assert_string_equal(catalog_text(&cs, 1, "a.b", 3), "Hallo");
	assert_string_equal(catalog_text(&cs, 1, "c", 1), "x = y");	/* falls back to English */
	assert_string_equal(catalog_text(&cs, 0, "a.b", 3), "Hello");
	assert_null(catalog_text(&cs, 0, "nope", 4));
	catalogs_free(&cs);
	assert_int_equal(catalog_parse(&cs.langs[0], "en", "ok = 1\nno equals sign\n", &line), -EINVAL);
	assert_int_equal(line, 2);
	assert_int_equal(catalog_parse(&cs.langs[0], "en", " = empty key\n", &line), -EINVAL);
	cs.n = 0;
}

static void test_shipped_catalogs(void **state)
{
	struct catalogs cs;
	char err[256];

	(void)state;
	/* every key of the English catalog is in the others */
	assert_int_equal(catalogs_load(&cs, "portal/default/lang", err, sizeof(err)), 0);
	assert_true(cs.n >= 2);
	assert_string_equal(cs.langs[0].lang, "en");
	for (int l = 1; l < cs.n; l++) {
		for (int k = 0; k < cs.langs[0].nkeys; k++) {
			int found = 0;

			for (int j = 0; j < cs.langs[l].nkeys; j++)
				found |= !strcmp(cs.langs[0].keys[k], cs.langs[l].keys[j]);
			if (!found)
				fail_msg("%s.txt lacks %s", cs.langs[l].lang, cs.langs[0].keys[k]);
		}
	}
	catalogs_free(&cs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_template),
		cmocka_unit_test(test_pick),
		cmocka_unit_test(test_catalog),
		cmocka_unit_test(test_shipped_catalogs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
