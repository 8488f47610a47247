/* backend.h - inside the store only: what a storage backend provides.
 * A backend is a table of operations (postfix's dict types are the model)
 * and a connection struct that starts with struct store; the callers of
 * store.h never know which backend they talk to. A new backend is one
 * file (with its SQL) and one line in store.c's list of backends. */
#ifndef CERTTRACK_CORE_STORE_BACKEND_H
#define CERTTRACK_CORE_STORE_BACKEND_H

#include <stdbool.h>
#include <stddef.h>

#include "certtrack/store.h"
#include "certtrack/verify.h"

#define STORE_UNPACK(...) __VA_ARGS__

struct store_ops {
	const char *name; /* "sqlite", shown in messages and --version */
	/* The library behind it, for --version: "sqlite 3.40.1". */
	void (*version)(char *buf, size_t size);
	/* Whether the --db value names a database of this backend. */
	bool (*accepts)(const char *target);
	/* Opens (creating or migrating) the database; *out starts with
	 * struct store, its ops pointing at this table. */
	enum ct_status (*open)(const char *target, struct store **out, struct ct_error *err);
	void (*close)(struct store *st);
	long long (*data_version)(struct store *st);
	void (*rollback)(struct store *st);
	void (*read_end)(struct store *st);
#define STORE_OP(ret, name, params, ...) ret (*name)(struct store *st, STORE_UNPACK params);
#include "core/store/store_ops.def"
#undef STORE_OP
};

/* What the store itself reads of every backend's connection. */
struct store {
	const struct store_ops *ops;
	char *warning; /* about the database's location, or NULL */
	bool readonly;
};

/* The backends, in the order store_open asks them (backend files). */
extern const struct store_ops store_sqlite_ops;
#ifdef HAVE_POSTGRESQL
extern const struct store_ops store_pg_ops;
#endif

#endif
