/* sqlite_ops.c - the SQLite backend's table of operations (backend.h):
 * each passes the connection on to its sqlite_NAME() in sqlite*.c. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "core/store/sqlite_int.h"

#include <stdio.h>

/* The backend's table: --db values that no other backend claims are
 * SQLite files. */
static bool sqlite_accepts(const char *target)
{
	(void)target;
	return true;
}

static enum ct_status op_open(const char *target, struct store **out, struct ct_error *err)
{
	enum ct_status s = sqlite_open(target, out, err);
	if (!s)
		(*out)->ops = &store_sqlite_ops;
	return s;
}

static void op_close(struct store *st)
{
	sqlite_close(sqlite_of(st));
}

static long long op_data_version(struct store *st)
{
	return sqlite_data_version(sqlite_of(st));
}

static void op_rollback(struct store *st)
{
	sqlite_rollback(sqlite_of(st));
}

static void op_read_end(struct store *st)
{
	sqlite_read_end(sqlite_of(st));
}

#define STORE_OP(ret, name, params, ...)                            \
	static ret op_##name(struct store *st, STORE_UNPACK params) \
	{                                                           \
		return sqlite_##name(sqlite_of(st), __VA_ARGS__);   \
	}
#include "core/store/store_ops.def"
#undef STORE_OP

static void sqlite_version(char *buf, size_t size)
{
	snprintf(buf, size, "sqlite %s", sqlite3_libversion());
}

const struct store_ops store_sqlite_ops = {
	.name = "sqlite",
	.version = sqlite_version,
	.accepts = sqlite_accepts,
	.open = op_open,
	.close = op_close,
	.data_version = op_data_version,
	.rollback = op_rollback,
	.read_end = op_read_end,
#define STORE_OP(ret, name, params, ...) .name = op_##name,
#include "core/store/store_ops.def"
#undef STORE_OP
};
