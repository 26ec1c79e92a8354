#include "api/admin_ui.h"

#include <limits.h>
#include <stdio.h>

#include "common/log.h"

void admin_ui_register(h2o_hostconf_t *host, const struct app *app)
{
	static const char *index_files[] = { "index.html", NULL };
	char dir[PATH_MAX + 8];

	snprintf(dir, sizeof(dir), "%s/admin", app->cfg.portal_dir);
	/* h2o copies the path; a missing directory answers 404 until it exists */
	h2o_file_register(h2o_config_register_path(host, "/admin", 0), dir, index_files, NULL, 0);
	log_debug("admin", "web admin dir=%s path=/admin/", dir);
}
