/* session.h - one invocation's hold on the data, shared by the front
 * ends: which database (--db, $CERTTRACK_DB or the default path), which
 * templates (--templates or $CERTTRACK_TEMPLATES, then the installed
 * ones), and who is acting. The CLI and the TUI open it the same way and
 * meet only here and in the operations it serves (ops_ctx); the clock is
 * util.h's time_now_iso ($CERTTRACK_NOW in tests). */
#ifndef CERTTRACK_SESSION_H
#define CERTTRACK_SESSION_H

#include <stdbool.h>

#include "certtrack/ops.h"
#include "certtrack/status.h"
#include "certtrack/store.h"
#include "certtrack/template.h"

struct ct_session {
	const char *db;            /* NULL or "": $CERTTRACK_DB, then the default */
	const char *templates_dir; /* extra folder searched first; NULL: env */
	const char *user;          /* who is acting */
	char *default_db;          /* the default path, when it was used */
	struct store *st;
	struct template_set templates;
	bool templates_loaded;
	struct ops_ctx ops; /* st, templates and user, for the operations */
};

/* Loads the templates (once). CT_USAGE when the extra folder does not
 * exist, CT_DATA for a bad template; err says which and how to fix it. */
enum ct_status session_load_templates(struct ct_session *s, struct ct_error *err);
/* Loads the templates and opens the database (once). */
enum ct_status session_open(struct ct_session *s, struct ct_error *err);
/* The template a command uses when it names none (id NULL): see
 * template_set_default; $CERTTRACK_TEMPLATE and the config file's line
 * "set template ID" come before the one marked "default". */
const struct template *session_template(struct ct_session *s, const char *id,
					struct ct_error *err);
/* The user may change after opening (a command's --user). */
void session_set_user(struct ct_session *s, const char *user);
void session_close(struct ct_session *s);

#endif
