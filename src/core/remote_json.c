/* remote_json.c - the lines of the pipe to certtrack-remote (remote_int.h),
 * written and read with jansson. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "core/remote_int.h"
#include "certtrack/util.h"

#include <jansson.h>

#include "core/json_int.h"
#include <stdlib.h>
#include <string.h>

struct remote_msg {
	json_t *o;
};

struct remote_msg *remote_msg_new(const char *op)
{
	struct remote_msg *m = xcalloc(1, sizeof(*m));
	m->o = json_object();
	if (op)
		json_object_set_new(m->o, "op", json_string(op));
	return m;
}

void remote_msg_set_str(struct remote_msg *m, const char *key, const char *value)
{
	json_object_set_new(m->o, key, json_text(value));
}

void remote_msg_set_int(struct remote_msg *m, const char *key, long long value)
{
	json_object_set_new(m->o, key, json_integer(value));
}

void remote_msg_set_bool(struct remote_msg *m, const char *key, bool value)
{
	json_object_set_new(m->o, key, json_boolean(value));
}

struct remote_msg *remote_msg_check(const struct verify_check *c)
{
	struct remote_msg *m = remote_msg_new(NULL);
	json_t *o = json_object();
	json_object_set_new(o, "kind", json_text(c->kind));
	json_object_set_new(o, "target", json_text(c->target));
	json_object_set_new(o, "outcome", json_string(verify_outcome_name(c->outcome)));
	json_object_set_new(o, "message", json_text(c->message));
	json_object_set_new(o, "fix", json_text(c->fix));
	json_object_set_new(o, "details", json_text(c->details));
	json_object_set_new(m->o, "check", o);
	return m;
}

char *remote_msg_line(struct remote_msg *m)
{
	char *s = json_dumps(m->o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	remote_msg_free(m);
	char *line = xasprintf("%s\n", s ? s : "{}");
	free(s);
	return line;
}

struct remote_msg *remote_msg_parse(const char *line)
{
	json_error_t je;
	json_t *o = json_loads(line, 0, &je);
	if (!json_is_object(o)) {
		json_decref(o);
		return NULL;
	}
	struct remote_msg *m = xcalloc(1, sizeof(*m));
	m->o = o;
	return m;
}

void remote_msg_free(struct remote_msg *m)
{
	if (!m)
		return;
	json_decref(m->o);
	free(m);
}

const char *remote_msg_str(const struct remote_msg *m, const char *key)
{
	return json_string_value(json_object_get(m->o, key));
}

long long remote_msg_int(const struct remote_msg *m, const char *key)
{
	return (long long)json_integer_value(json_object_get(m->o, key));
}

bool remote_msg_bool(const struct remote_msg *m, const char *key)
{
	return json_is_true(json_object_get(m->o, key));
}

static const char *str_of(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

bool remote_msg_take_check(const struct remote_msg *m, struct verify_checks *out)
{
	json_t *c = json_object_get(m->o, "check");
	if (!json_is_object(c))
		return false;
	static const enum verify_outcome outcomes[] = {VERIFY_PASS, VERIFY_WARN, VERIFY_SKIPPED,
						       VERIFY_FAIL, VERIFY_ERROR};
	enum verify_outcome o = VERIFY_ERROR;
	for (size_t i = 0; i < ARRAY_SIZE(outcomes); i++)
		if (str_eq(str_of(c, "outcome"), verify_outcome_name(outcomes[i])))
			o = outcomes[i];
	struct verify_check *vc = verify_checks_add(out, str_of(c, "kind") ? str_of(c, "kind") : "",
						    str_of(c, "target"), o, str_of(c, "fix"), "%s",
						    str_of(c, "message") ? str_of(c, "message") : "");
	vc->details = xstrdup(str_of(c, "details"));
	return true;
}
