/* spotctl: the admin command line for spotgated. */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "ctl/ctl.h"

struct ctl_options ctl;

static int do_help(int argc, char **argv);

static const struct cmd nouns[] = {
	{ "status", do_status, "status                  version, uptime, database, mode, counts" },
	{ "plan", do_plan, "plan add|list|show|edit|retire   plans (rates, packages)" },
	{ "voucher", do_voucher, "voucher generate|quick|list|show|export|print|expire|delete   tickets" },
	{ "batch", do_batch, "batch list|show|delete-unused|export   voucher batches" },
	{ "account", do_account, "account add|list|show|topup|suspend|resume|device-add|device-rm   guest accounts" },
	{ "cdr", do_cdr, "cdr export              usage records (CSV)" },
	{ "sites", do_sites, "sites list|export        the sites-visited log (DNS names per device)" },
	{ "report", do_report, "report usage|revenue|top-users|sessions   reports" },
	{ "client", do_client, "client list|show|authorize|kick   guests in the data plane" },
	{ "acl", do_acl, "acl allow|deny|rm|list  allow and deny lists (MAC, IP, CIDR)" },
	{ "garden", do_garden, "garden add|rm|list      walled garden (CIDRs, domains)" },
	{ "order", do_order, "order list|show|confirm   packages bought on the guest portal" },
	{ "portal", do_portal, "portal access-code      the guest portal's code of the day" },
	{ "location", do_location, "location add|list|show|set|rm   venues: time zone, portal branding" },
	{ "nas", do_nas, "nas add|list|show|rm    RADIUS clients (access points, gateways, controllers)" },
	{ "aaa", do_aaa, "aaa test-login|sessions|interim|stop|status   remote AAA ([aaa] mode = radius)" },
	{ "admin", do_admin, "admin add|list|show|passwd|disable|enable|rm   admin users and roles" },
	{ "audit", do_audit, "audit list              who changed what, when, from where" },
	{ "help", do_help, "help                    this list; spotctl NOUN help lists a noun's commands" },
	{ 0 },
};

static void usage(FILE *out)
{
	fprintf(out, "Usage: spotctl [--json] [--socket PATH] NOUN VERB [ARGS]\n\n"
		     "Options:\n"
		     "  -j, --json         machine-readable output\n"
		     "  -s, --socket PATH  the daemon's admin socket (default: the state directory's\n"
		     "                     spotgate.sock, or $SPOTGATE_SOCKET)\n"
		     "  -V, --version      print the version\n\n"
		     "Commands:\n");
	for (const struct cmd *c = nouns; c->name; c++)
		fprintf(out, "  spotctl %s\n", c->help);
	fprintf(out, "\nExit status: 0 ok, 1 failure, 2 usage error.\n");
}

static int do_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	usage(stdout);
	return EXIT_OK;
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "socket", required_argument, NULL, 's' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	static char default_socket[PATH_MAX + 16];
	int opt;

	/* options may come anywhere: "spotctl status --json" as well */
	while ((opt = getopt_long(argc, argv, "+js:Vh", options, NULL)) != -1) {
		switch (opt) {
		case 'j': ctl.json = 1; break;
		case 's': ctl.socket = optarg; break;
		case 'V': printf("spotctl %s\n", SPOTGATE_VERSION); return EXIT_OK;
		case 'h': usage(stdout); return EXIT_OK;
		default: usage(stderr); return EXIT_USAGE;
		}
	}
	/* a trailing --json after the verb is common: accept it anywhere */
	int n = 0;
	for (int i = optind; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0 || strcmp(argv[i], "-j") == 0)
			ctl.json = 1;
		else
			argv[optind + n++] = argv[i];
	}
	argc = optind + n;

	if (!ctl.socket)
		ctl.socket = getenv("SPOTGATE_SOCKET");
	if (!ctl.socket) {
		char dir[PATH_MAX];

		config_default_state_dir(dir, sizeof(dir));
		snprintf(default_socket, sizeof(default_socket), "%s/spotgate.sock", dir);
		ctl.socket = default_socket;
	}
	if (optind >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	for (const struct cmd *c = nouns; c->name; c++)
		if (strcmp(c->name, argv[optind]) == 0)
			return c->fn(argc - optind - 1, argv + optind + 1);
	fprintf(stderr, "spotctl: unknown command \"%s\"\n\n", argv[optind]);
	usage(stderr);
	return EXIT_USAGE;
}
