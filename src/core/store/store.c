/* store.c - the store's public operations (store.h), each passed to the
 * backend that opened the database; the list of backends; and what every
 * backend shares (the default path, freeing what they return). */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "certtrack/store.h"
#include "certtrack/i18n.h"
#include "certtrack/util.h"
#include "core/store/backend.h"

#include <stdlib.h>
#include <string.h>

/* Every backend, asked in this order whether a --db value is its own; the
 * last one (SQLite, a file) takes whatever the others do not. */
static const struct store_ops *const backends[] = {
#ifdef HAVE_POSTGRESQL
	&store_pg_ops,
#endif
	&store_sqlite_ops,
};

enum ct_status store_open(const char *target, struct store **out, struct ct_error *err)
{
	*out = NULL;
	for (size_t i = 0; i < ARRAY_SIZE(backends); i++)
		if (backends[i]->accepts(target))
			return backends[i]->open(target, out, err);
	return ct_fail(err, CT_USAGE, _("no storage backend opens %s"), target);
}

bool store_target_is_file(const char *target)
{
	for (size_t i = 0; i + 1 < ARRAY_SIZE(backends); i++)
		if (backends[i]->accepts(target))
			return false;
	return true;
}

char *store_versions(void)
{
	struct strbuf sb = {0};
	/* The default (SQLite) first. */
	for (size_t i = ARRAY_SIZE(backends); i-- > 0;) {
		char buf[128];
		backends[i]->version(buf, sizeof(buf));
		sb_addf(&sb, "%s%s", sb.len ? ", " : "", buf);
	}
	return sb_detach(&sb);
}

void store_close(struct store *st)
{
	if (st)
		st->ops->close(st);
}

const char *store_backend_name(const struct store *st)
{
	return st->ops->name;
}

const char *store_warning(const struct store *st)
{
	return st->warning;
}

bool store_readonly(const struct store *st)
{
	return st->readonly;
}

long long store_data_version(struct store *st)
{
	return st->ops->data_version(st);
}

void store_rollback(struct store *st)
{
	st->ops->rollback(st);
}

void store_read_end(struct store *st)
{
	st->ops->read_end(st);
}

#define STORE_OP(ret, name, params, ...)                          \
	ret store_##name(struct store *st, STORE_UNPACK params) \
	{                                                         \
		return st->ops->name(st, __VA_ARGS__);            \
	}
#include "core/store/store_ops.def"
#undef STORE_OP

char *store_default_path(void)
{
	const char *xdg = getenv("XDG_DATA_HOME");
	if (xdg && *xdg == '/')
		return xasprintf("%s/certtrack/certtrack.db", xdg);
	const char *home = getenv("HOME");
	return xasprintf("%s/.local/share/certtrack/certtrack.db", home && *home ? home : ".");
}
