/* config: keys, values, errors naming file, line, key and what is allowed. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "common/sockaddr.h"
#include "config/config.h"

static char *write_temp(const char *text)
{
	static char path[64];
	int fd;

	strcpy(path, "/tmp/sg-config-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

static void test_good_file(void **state)
{
	struct config cfg;
	char err[512] = "";
	char *path = write_temp("; comment\n[general]\nlog_level = debug\nmode = controller\n"
				"[database]\npath = /tmp/x.db\n[portal]\nlisten = 127.0.0.1:8080\n"
				"[gateway]\ntc_hook = clsact\nforward = bpf\n");
	(void)state;

	config_defaults(&cfg);
	assert_int_equal(config_load(&cfg, path, err, sizeof(err)), 0);
	config_finish(&cfg);
	assert_int_equal(cfg.log_level, LOG_DEBUG);
	assert_int_equal(cfg.mode, MODE_CONTROLLER);
	assert_string_equal(cfg.db_path, "/tmp/x.db");
	assert_string_equal(cfg.portal_listen, "127.0.0.1:8080");
	assert_string_equal(cfg.tc_hook, "clsact");
	assert_string_equal(cfg.forward, "bpf");
	assert_string_equal(cfg.file, path);
	unlink(path);
}

struct bad_case {
	const char *text;
	const char *expect[3];	/* substrings the message must contain */
};

static void test_bad_files(void **state)
{
	static const struct bad_case cases[] = {
		{ "[general]\nlog_level = loud\n", { ":2: [general] log_level", "\"loud\"", "debug, info, warn or error" } },
		{ "[general]\n\nnope = 1\n", { ":3: unknown key [general] nope", NULL } },
		{ "[bogus]\nmode = gateway\n", { ":2: unknown key [bogus] mode", NULL } },
		{ "[portal]\nlisten = 999.1.1.1:80\n", { ":2: [portal] listen", "ADDRESS:PORT", NULL } },
		{ "[portal]\nlisten = 127.0.0.1:0\n", { "[portal] listen", NULL } },
		{ "[general]\nmode = router\n", { "auto, gateway or controller", NULL } },
		{ "[gateway]\nlan = a-name-longer-than-15\n", { "[gateway] lan", "1-15 characters", NULL } },
		{ "[gateway]\n\ntc_hook = ingress\n", { ":3: [gateway] tc_hook", "\"ingress\"", "auto, tcx or clsact" } },
		{ "[gateway]\nforward = xdp\n", { ":2: [gateway] forward", "\"xdp\"", "stack (the kernel routes" } },
		{ "this is not ini\n", { ":1: syntax error", NULL } },
	};
	(void)state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct config cfg;
		char err[512] = "";
		char *path = write_temp(cases[i].text);

		config_defaults(&cfg);
		assert_int_equal(config_load(&cfg, path, err, sizeof(err)), -EINVAL);
		assert_non_null(strstr(err, path));
		for (int k = 0; k < 3 && cases[i].expect[k]; k++) {
			if (!strstr(err, cases[i].expect[k]))
				fail_msg("case %zu: \"%s\" not in \"%s\"", i, cases[i].expect[k], err);
		}
		unlink(path);
	}
}

static void test_missing_file(void **state)
{
	struct config cfg;
	char err[512];
	(void)state;

	config_defaults(&cfg);
	assert_int_equal(config_load(&cfg, "/nonexistent/spotgate.conf", err, sizeof(err)), -ENOENT);
	assert_non_null(strstr(err, "/nonexistent/spotgate.conf: cannot read"));
}

static void test_derived_paths_and_mode(void **state)
{
	struct config cfg;
	char err[256];
	(void)state;

	config_defaults(&cfg);
	assert_int_equal(config_set(&cfg, "general", "state_dir", "/srv/sg", "--state-dir", err, sizeof(err)), 0);
	config_finish(&cfg);
	assert_string_equal(cfg.db_path, "/srv/sg/spotgate.db");
	assert_string_equal(cfg.admin_socket, "/srv/sg/spotgate.sock");
	assert_int_equal(cfg.mode, MODE_CONTROLLER);

	config_defaults(&cfg);
	assert_int_equal(config_set(&cfg, "gateway", "lan", "eth1", "--lan", err, sizeof(err)), 0);
	config_finish(&cfg);
	assert_int_equal(cfg.mode, MODE_GATEWAY);

	assert_int_equal(config_set(&cfg, "general", "log_level", "x", "--log-level", err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "--log-level: [general] log_level: bad value \"x\""));
}

static void test_restart_needed(void **state)
{
	struct config a, b;
	char names[256], err[256];
	(void)state;

	config_defaults(&a);
	config_finish(&a);
	b = a;
	assert_int_equal(config_set(&b, "general", "log_level", "warn", "t", err, sizeof(err)), 0);
	assert_int_equal(config_restart_needed(&a, &b, names, sizeof(names)), 0);
	assert_int_equal(config_set(&b, "database", "path", "/other.db", "t", err, sizeof(err)), 0);
	assert_int_equal(config_restart_needed(&a, &b, names, sizeof(names)), 1);
	assert_string_equal(names, "database.path");
}

static void test_print_roundtrip(void **state)
{
	struct config a, b;
	char err[512];
	char path[] = "/tmp/sg-print-XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");
	(void)state;

	config_defaults(&a);
	config_set(&a, "portal", "listen", "[2001:db8::1]:8080", "t", err, sizeof(err));
	config_finish(&a);
	config_print(&a, f);
	fclose(f);
	config_defaults(&b);
	assert_int_equal(config_load(&b, path, err, sizeof(err)), 0);
	assert_string_equal(b.portal_listen, "[2001:db8::1]:8080");
	assert_string_equal(b.db_path, a.db_path);
	unlink(path);
}

static void test_sockaddr(void **state)
{
	static const struct { const char *in; int ok; const char *out; } cases[] = {
		{ "192.0.2.1:80", 1, "192.0.2.1:80" },
		{ ":8080", 1, "0.0.0.0:8080" },
		{ "[2001:db8::1]:443", 1, "[2001:db8::1]:443" },
		{ "192.0.2.1", 0, NULL },
		{ "192.0.2.1:65536", 0, NULL },
		{ "192.0.2.1:-1", 0, NULL },
		{ "host.example:80", 0, NULL },
		{ "[2001:db8::1]443", 0, NULL },
		{ "[::1:80", 0, NULL },
	};
	(void)state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sockaddr_storage ss;
		socklen_t len;
		char buf[80];
		int rc = sockaddr_parse(cases[i].in, &ss, &len);

		if (!cases[i].ok) {
			assert_int_equal(rc, -EINVAL);
			continue;
		}
		assert_int_equal(rc, 0);
		sockaddr_format((struct sockaddr *)&ss, buf, sizeof(buf));
		assert_string_equal(buf, cases[i].out);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_file),
		cmocka_unit_test(test_bad_files),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_derived_paths_and_mode),
		cmocka_unit_test(test_restart_needed),
		cmocka_unit_test(test_print_roundtrip),
		cmocka_unit_test(test_sockaddr),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
