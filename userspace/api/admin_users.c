/* /api/v1/admin/users: the people who administer spotgate (admin only).
 * A password is set by the caller or, when left out, generated and returned
 * once in the reply. Changing a user's role, password or disabling them ends
 * their sessions. The last enabled admin cannot be removed, disabled or
 * demoted, so the web admin cannot lock itself out. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "api/api.h"
#include "api/locations.h"
#include "api/params.h"
#include "auth/password.h"
#include "auth/sessions.h"
#include "auth/users.h"

static const char *const role_names[] = { "admin", "operator", "auditor", NULL };

static json_t *user_json(const struct admin_user *u)
{
	return json_pack("{s:I, s:s, s:s, s:o, s:b, s:I, s:I}",
			 "id", (json_int_t)u->id,
			 "username", u->username,
			 "role", u->role,
			 "location", u->location_id ? json_integer(u->location_id) : json_null(),
			 "disabled", u->disabled,
			 "created_at", (json_int_t)u->created_at,
			 "password_changed_at", (json_int_t)u->password_changed_at);
}

static int find_user(struct api_call *call, struct api_reply *reply, struct admin_user *u)
{
	int rc = admin_user_get(call->app->db, call->params[0], u);

	if (rc == -ENOENT)
		api_error(reply, 404, "username", "no admin user \"%s\"", call->params[0]);
	else if (rc)
		api_error(reply, 500, NULL, "database error reading admin users");
	return rc;
}

/* "password" from the body (checked), or a generated one into buf */
static int new_password(struct api_call *call, struct api_reply *reply, char *buf, size_t size,
			int *generated)
{
	const char *given = NULL;
	int rc = param_string(call, reply, "password", 0, PASSWORD_MAX_LEN, &given);

	if (rc < 0)
		return rc;
	if (rc == 0) {
		if (strlen(given) < PASSWORD_MIN_LEN) {
			api_error(reply, 400, "password", "password must have at least %d characters",
				  PASSWORD_MIN_LEN);
			return -EINVAL;
		}
		snprintf(buf, size, "%s", given);
		*generated = 0;
		return 0;
	}
	if (password_generate(buf, size) != 0) {
		api_error(reply, 500, NULL, "cannot generate a password");
		return -EIO;
	}
	*generated = 1;
	return 0;
}

/* role and location from the body onto u; operators need a location, the others have none */
static int role_and_location(struct api_call *call, struct api_reply *reply, struct admin_user *u)
{
	int role = -1;
	int64_t location = u->location_id;
	json_t *loc = json_object_get(call->body, "location");

	if (param_enum(call, reply, "role", 0, role_names, &role) < 0)
		return -EINVAL;
	if (role >= 0)
		snprintf(u->role, sizeof(u->role), "%s", role_names[role]);
	if (loc && json_is_null(loc))
		location = 0;
	else if (api_body_location(call, reply, "location", &location) < 0)	/* an id or a name */
		return -EINVAL;
	if (strcmp(u->role, "operator") == 0 && location == 0) {
		api_error(reply, 400, "location", "an operator needs a location (the venue they work for)");
		return -EINVAL;
	}
	if (strcmp(u->role, "operator") != 0) {
		if (loc && !json_is_null(loc)) {
			api_error(reply, 400, "location", "only operators have a location; a%s %s sees all",
				  u->role[0] == 'a' ? "n" : "", u->role);
			return -EINVAL;
		}
		location = 0;
	}
	u->location_id = location;
	return 0;
}

static void add_item(const struct admin_user *u, void *arg)
{
	json_array_append_new(arg, user_json(u));
}

static void list_users(struct api_call *call, struct api_reply *reply)
{
	struct page page;
	int64_t total;
	json_t *items;

	if (param_page(call, reply, 100, 1000, &page))
		return;
	items = json_array();
	if (admin_user_list(call->app->db, (page.page - 1) * page.per_page, page.per_page, &total,
			    add_item, items) != 0) {
		json_decref(items);
		api_error(reply, 500, NULL, "database error reading admin users");
		return;
	}
	api_ok(reply, 200, page_result(items, total, &page));
}

static void add_user(struct api_call *call, struct api_reply *reply)
{
	struct admin_user u = { 0 };
	const char *username;
	char password[PASSWORD_MAX_LEN + 1];
	int generated, rc;

	if (param_string(call, reply, "username", 1, ADMIN_USERNAME_MAX, &username) < 0)
		return;
	if (!admin_username_valid(username)) {
		api_error(reply, 400, "username",
			  "username may have 1-64 letters, digits and . _ @ -, not \"%s\"", username);
		return;
	}
	if (!json_object_get(call->body, "role")) {
		api_error(reply, 400, "role", "role is required: admin, operator or auditor");
		return;
	}
	snprintf(u.username, sizeof(u.username), "%s", username);
	if (role_and_location(call, reply, &u) != 0 ||
	    new_password(call, reply, password, sizeof(password), &generated) != 0)
		return;
	rc = admin_user_add(call->app->db, &u, password, time(NULL));
	if (rc == -EEXIST) {
		api_error(reply, 409, "username", "there is already an admin user \"%s\"", username);
		return;
	}
	if (rc == -ENOENT) {
		api_error(reply, 400, "location", "no location %lld", (long long)u.location_id);
		return;
	}
	if (rc) {
		api_error(reply, 500, NULL, "database error adding the admin user");
		return;
	}
	json_t *o = user_json(&u);
	if (generated)
		json_object_set_new(o, "password", json_string(password));
	api_ok(reply, 201, o);
}

static void get_user(struct api_call *call, struct api_reply *reply)
{
	struct admin_user u;

	if (find_user(call, reply, &u) == 0)
		api_ok(reply, 200, user_json(&u));
}

/* would u (as it is about to be saved, or removed) leave no enabled admin? */
static int last_admin(struct api_call *call, const struct admin_user *before, int still_admin)
{
	return strcmp(before->role, "admin") == 0 && !before->disabled && !still_admin &&
	       admin_user_count_admins(call->app->db, 1) <= 1;
}

static void edit_user(struct api_call *call, struct api_reply *reply)
{
	struct admin_user before, u;
	int disabled = -1;

	if (find_user(call, reply, &before) != 0)
		return;
	u = before;
	if (role_and_location(call, reply, &u) != 0 ||
	    param_bool(call, reply, "disabled", 0, &disabled) < 0)
		return;
	if (disabled >= 0)
		u.disabled = disabled;
	if (last_admin(call, &before, strcmp(u.role, "admin") == 0 && !u.disabled)) {
		api_error(reply, 409, "username", "%s is the last enabled admin; add another admin first",
			  before.username);
		return;
	}
	int rc = admin_user_update(call->app->db, &u);
	if (rc == -ENOENT) {
		api_error(reply, 400, "location", "no location %lld", (long long)u.location_id);
		return;
	}
	if (rc) {
		api_error(reply, 500, NULL, "database error saving the admin user");
		return;
	}
	/* what the user may do changed: their sessions end */
	if (strcmp(u.role, before.role) != 0 || u.disabled != before.disabled ||
	    u.location_id != before.location_id)
		admin_session_delete_user(call->app->db, u.id);
	api_ok(reply, 200, user_json(&u));
}

static void remove_user(struct api_call *call, struct api_reply *reply)
{
	struct admin_user u;

	if (find_user(call, reply, &u) != 0)
		return;
	if (last_admin(call, &u, 0)) {
		api_error(reply, 409, "username", "%s is the last enabled admin; add another admin first",
			  u.username);
		return;
	}
	if (admin_user_remove(call->app->db, u.id) != 0) {
		api_error(reply, 500, NULL, "database error removing the admin user");
		return;
	}
	api_ok(reply, 200, json_pack("{s:I, s:s}", "id", (json_int_t)u.id, "removed", u.username));
}

static void set_password(struct api_call *call, struct api_reply *reply)
{
	struct admin_user u;
	char password[PASSWORD_MAX_LEN + 1];
	int generated;

	if (find_user(call, reply, &u) != 0 ||
	    new_password(call, reply, password, sizeof(password), &generated) != 0)
		return;
	if (admin_user_set_password(call->app->db, u.id, password, time(NULL)) != 0 ||
	    admin_session_delete_user(call->app->db, u.id) != 0) {
		api_error(reply, 500, NULL, "database error setting the password");
		return;
	}
	json_t *o = json_pack("{s:I, s:s}", "id", (json_int_t)u.id, "username", u.username);
	if (generated)
		json_object_set_new(o, "password", json_string(password));
	api_ok(reply, 200, o);
}

const struct api_route admin_user_routes[] = {
	{ "GET", "/api/v1/admin/users", list_users, 0 },
	{ "POST", "/api/v1/admin/users", add_user, 0 },
	{ "GET", "/api/v1/admin/users/:name", get_user, 0 },
	{ "PATCH", "/api/v1/admin/users/:name", edit_user, 0 },
	{ "DELETE", "/api/v1/admin/users/:name", remove_user, 0 },
	{ "PUT", "/api/v1/admin/users/:name/password", set_password, 0 },
	{ 0 },
};
