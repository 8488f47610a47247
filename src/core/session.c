/* session.c - opening the templates and the database for a front end. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "certtrack/session.h"
#include "certtrack/i18n.h"
#include "certtrack/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static bool is_dir(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

enum ct_status session_load_templates(struct ct_session *s, struct ct_error *err)
{
	if (s->templates_loaded)
		return CT_OK;
	const char *dirs[2];
	size_t n = 0;
	const char *extra = s->templates_dir ? s->templates_dir : getenv("CERTTRACK_TEMPLATES");
	if (extra && *extra) {
		if (!is_dir(extra))
			return ct_fail(err, CT_USAGE,
				       _("template folder %s does not exist; give an existing folder with --templates"),
				       extra);
		dirs[n++] = extra;
	}
	/* The installed templates; from a build tree that is not installed
	 * yet, the source tree's. */
	if (is_dir(CT_PKGDATADIR "/checklists"))
		dirs[n++] = CT_PKGDATADIR "/checklists";
	else
		dirs[n++] = CT_SRCDIR "/checklists";
	enum ct_status st = template_set_load(dirs, n, &s->templates, err);
	if (!st)
		s->templates_loaded = true;
	return st;
}

/* "set template ID" in the user's config file (the TUI reads its other
 * lines), or NULL. */
static char *config_template(void)
{
	char *path = user_config_path();
	FILE *f = path ? fopen(path, "r") : NULL;
	free(path);
	if (!f)
		return NULL;
	char line[1024], *id = NULL;
	while (fgets(line, sizeof(line), f)) {
		char *save, *w0 = strtok_r(line, " \t\r\n", &save);
		char *w1 = w0 ? strtok_r(NULL, " \t\r\n", &save) : NULL;
		char *w2 = w1 ? strtok_r(NULL, " \t\r\n", &save) : NULL;
		if (w2 && strcmp(w0, "set") == 0 && strcmp(w1, "template") == 0) {
			free(id);
			id = xstrdup(w2);
		}
	}
	fclose(f);
	return id;
}

const struct template *session_template(struct ct_session *s, const char *id,
					struct ct_error *err)
{
	if (session_load_templates(s, err))
		return NULL;
	char *conf = NULL;
	if (!id || !*id)
		id = getenv("CERTTRACK_TEMPLATE");
	if (!id || !*id)
		id = conf = config_template();
	const struct template *t = template_set_default(&s->templates, id, err);
	free(conf);
	return t;
}

void session_set_user(struct ct_session *s, const char *user)
{
	s->user = user;
	s->ops.user = user;
}

enum ct_status session_open(struct ct_session *s, struct ct_error *err)
{
	enum ct_status st = session_load_templates(s, err);
	if (st || s->st)
		return st;
	const char *path = s->db;
	if (!path || !*path)
		path = getenv("CERTTRACK_DB");
	if (!path || !*path) {
		s->default_db = store_default_path();
		path = s->default_db;
	}
	if ((st = store_open(path, &s->st, err)))
		return st;
	s->ops.st = s->st;
	s->ops.templates = &s->templates;
	s->ops.user = s->user;
	return CT_OK;
}

void session_close(struct ct_session *s)
{
	store_close(s->st);
	s->st = NULL;
	s->ops.st = NULL;
	if (s->templates_loaded)
		template_set_free(&s->templates);
	s->templates_loaded = false;
	x_free(&s->default_db);
}
