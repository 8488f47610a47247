/* projscreen.c - what the four screens of one project (project, builds,
 * pre-scan, remote checks) share: loading the project by its UUID, which
 * is NULL once someone deleted it meanwhile, the notice drawn in place of
 * a deleted project, the message when it cannot be opened, and its name
 * in titles. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "tui/tui_int.h"

#include "certtrack/i18n.h"
#include "certtrack/ops.h"

bool projscreen_load(struct tui *t, const char *uuid, struct project **p)
{
	project_free(*p);
	*p = NULL;
	struct ct_error err;
	ct_error_clear(&err);
	t->load_error[0] = '\0';
	enum ct_status s = ops_project_load(t->ops, uuid, p, &err);
	if (s) {
		/* Not the project's fault: say what the database said. */
		if (s == CT_SYSTEM)
			snprintf(t->load_error, sizeof(t->load_error), "%s", err.msg);
		*p = NULL;
		return false;
	}
	return true;
}

bool projscreen_opened(struct tui *t, const struct project *p)
{
	if (!p && t->load_error[0])
		tui_msg(t, ATTR_ERROR, "%s", t->load_error);
	else if (!p)
		tui_msg(t, ATTR_ERROR, "%s", _("That project cannot be opened any more."));
	return p != NULL;
}

bool projscreen_gone(const struct project *p, WINDOW *w, int wd)
{
	if (p)
		return false;
	put_text(w, 2, 2,
		 _("This project was deleted meanwhile; u undoes the deletion, q goes back."),
		 wd - 4, tui_attr(ATTR_WARNING));
	return true;
}

const char *projscreen_name(const struct project *p)
{
	return p ? p->name : _("(deleted project)");
}
