/* pg_ops.c - the PostgreSQL backend's table of operations (backend.h):
 * each passes the connection on to its pg_NAME() in pg*.c. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "core/store/pg_int.h"

#include <stdio.h>

static enum ct_status op_open(const char *target, struct store **out, struct ct_error *err)
{
	enum ct_status s = pg_open(target, out, err);
	if (!s)
		(*out)->ops = &store_pg_ops;
	return s;
}

static void op_close(struct store *st)
{
	pg_close(pg_of(st));
}

static long long op_data_version(struct store *st)
{
	return pg_data_version(pg_of(st));
}

static void op_rollback(struct store *st)
{
	pg_rollback(pg_of(st));
}

static void op_read_end(struct store *st)
{
	pg_read_end(pg_of(st));
}

static void op_version(char *buf, size_t size)
{
	/* The version built against: libpq is loaded only when a server is
	 * opened, and --version must not load it. */
	snprintf(buf, size, "postgresql (libpq %s)", CT_LIBPQ_VERSION);
}

#define STORE_OP(ret, name, params, ...)                            \
	static ret op_##name(struct store *st, STORE_UNPACK params) \
	{                                                           \
		return pg_##name(pg_of(st), __VA_ARGS__);           \
	}
#include "core/store/store_ops.def"
#undef STORE_OP

const struct store_ops store_pg_ops = {
	.name = "postgresql",
	.version = op_version,
	.accepts = pg_accepts,
	.open = op_open,
	.close = op_close,
	.data_version = op_data_version,
	.rollback = op_rollback,
	.read_end = op_read_end,
#define STORE_OP(ret, name, params, ...) .name = op_##name,
#include "core/store/store_ops.def"
#undef STORE_OP
};
