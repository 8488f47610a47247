/* pg_lib.c - loading libpq when a PostgreSQL server is first opened
 * (pg_lib.h says why it is not linked). */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#define PG_LIB_NO_MACROS
#include "core/store/pg_lib.h"
#include "certtrack/i18n.h"

#include <dlfcn.h>
#include <stddef.h>
#include <stdlib.h>

struct pg_lib pg_lib;

/* The sonames libpq has had since PostgreSQL 8.0, then the development
 * link. */
static const char *const names[] = {"libpq.so.5", "libpq.so"};

bool pg_lib_load(struct ct_error *err)
{
	static bool loaded;
	if (loaded)
		return true;
	void *h = NULL;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]) && !h; i++)
		h = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		ct_fail(err, CT_SYSTEM,
			_("cannot load libpq, the PostgreSQL client library (%s); install libpq5 (Debian) or libpq (Fedora)"),
			dlerror());
		return false;
	}
	struct pg_lib l;
#define PG_FN(ret, name, params)                                                          \
	*(void **)(&l.name) = dlsym(h, #name);                                            \
	if (!l.name) {                                                                    \
		ct_fail(err, CT_SYSTEM, _("the libpq found lacks %s; install a newer libpq"), \
			#name);                                                           \
		dlclose(h);                                                               \
		return false;                                                             \
	}
#define PG_FN_OPT(ret, name, params) *(void **)(&l.name) = dlsym(h, #name);
#include "core/store/pg_lib.def"
#undef PG_FN_OPT
#undef PG_FN
	/* The tests' stand-in for a libpq older than 14 (RHEL 8 ships 13). */
	const char *old = getenv("CERTTRACK_TEST_PG_NO_PIPELINE");
	if (old && *old)
		l.PQenterPipelineMode = NULL;
	pg_lib = l;
	loaded = true;
	return true;
}
