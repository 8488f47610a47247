/* screen_wizard.c - the new-project wizard: every project-creation field
 * of the template in the guide's order, one at a time, with its help, its
 * choices and live validation (the name's parts, errors with the fix,
 * warnings with a key that applies the suggested value). Nothing is
 * written until the summary is confirmed; then one ops_project_create. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "tui/tui_int.h"

#include "certtrack/engine.h"
#include "certtrack/i18n.h"
#include "certtrack/validate.h"

#include <stdlib.h>
#include <string.h>

struct wizard {
	const struct template *tpl;
	struct project *p; /* scratch: holds the answers for cross-field rules */
	size_t *fields;
	int nf;
	int step; /* nf is the summary */
	struct lineedit ed;
	int choice;
	bool touched;
	char **offered; /* per field: the value offered from the last project */
};

static const struct tpl_field *cur_field(struct wizard *z)
{
	return z->step < z->nf ? &z->tpl->fields[z->fields[z->step]] : NULL;
}

static bool is_choice(const struct tpl_field *f)
{
	return f && (f->type == FT_CHOICE || f->type == FT_BOOL);
}

static size_t n_choices(const struct tpl_field *f)
{
	return f->type == FT_BOOL ? 2 : f->n_choices;
}

static const char *choice_value(const struct tpl_field *f, size_t i)
{
	if (f->type == FT_BOOL)
		return i ? "true" : "false";
	return f->choices[i];
}

static const char *choice_label(const struct tpl_field *f, size_t i)
{
	if (f->type == FT_BOOL)
		return i ? _("yes") : _("no");
	return f->choices[i];
}

/* The value being edited on the current step (caller frees). */
static char *cur_value(struct wizard *z)
{
	const struct tpl_field *f = cur_field(z);
	if (!f)
		return NULL;
	if (is_choice(f))
		return z->choice >= 0 ? xstrdup(choice_value(f, (size_t)z->choice)) : xstrdup("");
	return le_get(&z->ed);
}

static void step_enter(struct wizard *z)
{
	const struct tpl_field *f = cur_field(z);
	if (!f)
		return;
	const char *v = z->p->fields[z->fields[z->step]].value;
	if (!v)
		v = f->def;
	if (is_choice(f)) {
		z->choice = -1;
		for (size_t i = 0; v && i < n_choices(f); i++)
			if (strcmp(choice_value(f, i), v) == 0)
				z->choice = (int)i;
	} else {
		le_set(&z->ed, v);
	}
}

static void step_store(struct wizard *z)
{
	const struct tpl_field *f = cur_field(z);
	if (!f)
		return;
	char *v = cur_value(z);
	size_t fi = z->fields[z->step];
	free(z->p->fields[fi].value);
	z->p->fields[fi].value = *v ? xstrdup(v) : NULL;
	if (strcmp(f->key, "project_name") == 0) {
		free(z->p->name);
		z->p->name = xstrdup(v);
	}
	free(v);
}

static void field_check(struct tui *t, struct wizard *z, size_t fi, const char *v,
			struct problems *ps)
{
	const struct tpl_field *f = &z->tpl->fields[fi];
	engine_field_problems(z->p, fi, v, ps);
	if (!str_is_empty(v))
		engine_rule_problems(z->p, fi, v, ps);
	if (strcmp(f->key, "project_name") == 0 && !str_is_empty(v) &&
	    store_name_taken(t->sess->st, v, 0))
		problems_add(ps, CT_SEV_ERROR, "name.taken", f->key, NULL, NULL,
			     _("choose another name, or open the existing project"),
			     _("a project named \"%s\" exists already"), v);
}

/* A team's projects often share the product and its version: the text
 * fields of 7.1 without a default start from the project changed last. */
static void offer_previous(struct tui *t, struct wizard *z)
{
	struct project_summary *v = NULL;
	size_t n = 0;
	if (store_project_list(t->sess->st, &v, &n, NULL) || !n)
		return;
	const struct project_summary *last = NULL;
	for (size_t i = 0; i < n; i++)
		if (str_eq(v[i].template_id, z->tpl->id)) {
			int c = last ? strcmp(v[i].updated_at ? v[i].updated_at : "",
					      last->updated_at ? last->updated_at : "")
				     : 1;
			/* Within one second, the newer project. */
			if (c > 0 || (c == 0 && v[i].id > last->id))
				last = &v[i];
		}
	struct project *prev = NULL;
	if (last && !ops_project_load(t->ops, last->uuid, &prev, NULL)) {
		bool any = false;
		for (int i = 0; i < z->nf; i++) {
			size_t fi = z->fields[i];
			const struct tpl_field *f = &z->tpl->fields[fi];
			if (f->def || f->type != FT_TEXT || strcmp(f->key, "project_name") == 0 ||
			    str_is_empty(prev->fields[fi].value))
				continue;
			free(z->p->fields[fi].value);
			z->p->fields[fi].value = xstrdup(prev->fields[fi].value);
			z->offered[fi] = xstrdup(prev->fields[fi].value);
			any = true;
		}
		if (any)
			tui_msg(t, ATTR_NORMAL,
				_("Product and version offered from %s, changed last."),
				prev->name);
		project_free(prev);
	}
	project_summaries_free(v, n);
}

static void *wizard_open(struct tui *t, const char *arg)
{
	struct ct_error err;
	ct_error_clear(&err);
	const struct template *tpl = session_template(t->sess, arg, &err);
	if (!tpl) {
		tui_msg(t, ATTR_ERROR, "%s", err.msg);
		return NULL;
	}
	struct wizard *z = xcalloc(1, sizeof(*z));
	z->tpl = tpl;
	z->p = project_new(tpl, "");
	z->fields = xcalloc(tpl->n_fields ? tpl->n_fields : 1, sizeof(size_t));
	/* The guide's order is the template's creation order, name first. */
	int name = template_field_index(tpl, "project_name");
	if (name >= 0)
		z->fields[z->nf++] = (size_t)name;
	for (size_t i = 0; i < tpl->n_fields; i++)
		if (tpl->fields[i].creation && (int)i != name)
			z->fields[z->nf++] = i;
	z->offered = xcalloc(tpl->n_fields + 1, sizeof(char *));
	offer_previous(t, z);
	step_enter(z);
	return z;
}

static void wizard_close(void *data)
{
	struct wizard *z = data;
	for (size_t i = 0; i < z->tpl->n_fields; i++)
		free(z->offered[i]);
	free(z->offered);
	project_free(z->p);
	free(z->fields);
	le_free(&z->ed);
	free(z);
}

static void draw_name_parts(struct wizard *z, WINDOW *w, int y, int x, int width,
			    const char *v)
{
	struct name_parts np;
	memset(&np, 0, sizeof(np));
	struct validate_ctx ctx = {0};
	template_validate_ctx(z->tpl, &ctx);
	name_split(&ctx, v, &np);
	char *major = np.major ? xasprintf("%s%s", z->tpl->name_prefix, np.major) : xstrdup("?");
	int used = put_text(w, y, x, _("Parts: "), width, tui_attr(ATTR_DIM));
	used += put_text(w, y, x + used, major, width - used, A_BOLD);
	used += put_text(w, y, x + used, " | ", width - used, tui_attr(ATTR_DIM));
	used += put_text(w, y, x + used, np.base_image ? np.base_image : "?", width - used,
			 np.base_known ? A_BOLD : tui_attr(ATTR_WARNING));
	used += put_text(w, y, x + used, " | ", width - used, tui_attr(ATTR_DIM));
	put_text(w, y, x + used, np.plugin ? np.plugin : "?", width - used, A_BOLD);
	put_text(w, y + 1, x + 7, _("major version | base image | plugin"), width - 7,
		 tui_attr(ATTR_DIM));
	free(major);
	name_parts_free(&np);
}

static void draw_summary(struct tui *t, struct wizard *z, WINDOW *w, int h, int x, int width)
{
	int y = 1;
	put_text(w, y++, x, _("Summary: nothing is written until you confirm."), width,
		 tui_attr(ATTR_HEADING));
	y++;
	int errors = 0;
	for (int i = 0; i < z->nf && y < h - 3; i++) {
		size_t fi = z->fields[i];
		const struct tpl_field *f = &z->tpl->fields[fi];
		const char *v = z->p->fields[fi].value;
		struct problems ps = {0};
		field_check(t, z, fi, v ? v : "", &ps);
		errors += (int)problems_count(&ps, CT_SEV_ERROR);
		bool err = problems_count(&ps, CT_SEV_ERROR) > 0;
		bool warn = !err && ps.n > 0;
		int u2 = 27;
		put_cell(w, y, x, _(f->title), u2 - 1, A_NORMAL);
		const char *shown = v ? v : _("(empty)");
		if (f->type == FT_BOOL)
			shown = str_eq(v, "true") ? _("yes") : _("no");
		put_text(w, y, x + u2, err ? "\u2717 " : warn ? "! " : "  ", 2,
			 tui_attr(err ? ATTR_ERROR : ATTR_WARNING));
		put_text(w, y, x + u2 + 2, shown, width - u2 - 2, A_BOLD);
		y++;
		problems_free(&ps);
	}
	y++;
	if (errors)
		put_text(w, y, x, _("Some values have errors (\u2717): go back with Shift-Tab and fix them."),
			 width, tui_attr(ATTR_ERROR));
	else
		put_text(w, y, x, _("Press Enter to create the project, Shift-Tab to go back, Esc to leave."),
			 width, tui_attr(ATTR_OK));
}

static void wizard_draw(struct tui *t, void *data, WINDOW *w, int h, int wd)
{
	struct wizard *z = data;
	int x = 1, width = wd - 2;
	/* Steps on the left when there is room. */
	if (wd >= 76 && z->step < z->nf) {
		int sw = wd >= 100 ? 26 : 20;
		put_text(w, 1, 1, _("Steps"), sw, tui_attr(ATTR_HEADING));
		for (int i = 0; i <= z->nf && i + 2 < h; i++) {
			const char *title = i < z->nf ? _(z->tpl->fields[z->fields[i]].title)
						      : _("Summary");
			bool here = i == z->step;
			bool done = i < z->step;
			char *row = xasprintf("%s %s", here ? ">" : done ? "\u2713" : " ", title);
			put_cell(w, i + 2, 1, row, sw - 1, here ? tui_attr(ATTR_SELECTED) : A_NORMAL);
			free(row);
		}
		draw_vline(w, 0, sw + 1, h);
		x = sw + 3;
		width = wd - x - 1;
	}
	if (z->step >= z->nf) {
		draw_summary(t, z, w, h, x, width);
		return;
	}
	const struct tpl_field *f = cur_field(z);
	size_t fi = z->fields[z->step];
	char *head = xasprintf(_("New project \u00b7 step %d of %d \u00b7 %s"), z->step + 1, z->nf + 1,
			       _(f->title));
	put_text(w, 0, x, head, width, tui_attr(ATTR_HEADING));
	free(head);
	int y = 2;
	char *label = xasprintf("%s%s", _(f->title), f->required ? _(" (required)") : "");
	put_text(w, y++, x, label, width, A_BOLD);
	free(label);
	char *v = cur_value(z);
	int edit_y = y;
	if (is_choice(f)) {
		for (size_t i = 0; i < n_choices(f) && y < h - 4; i++) {
			bool sel = (int)i == z->choice;
			char *row = xasprintf("%s %s", sel ? "(\u2022)" : "( )", choice_label(f, i));
			put_cell(w, y++, x + 1, row, width - 1, sel ? tui_attr(ATTR_SELECTED) : A_NORMAL);
			free(row);
		}
	} else {
		y++;
	}
	if (strcmp(f->key, "project_name") == 0) {
		draw_name_parts(z, w, y, x, width, v);
		y += 2;
	}
	struct problems ps = {0};
	field_check(t, z, fi, v, &ps);
	y++;
	if (!ps.n && !str_is_empty(v))
		put_text(w, y++, x, _("\u2713 ok"), width, tui_attr(ATTR_OK));
	int ymax = h - 1;
	/* An empty field is not an error yet, just a question. */
	if (str_is_empty(v) && f->required) {
		put_text(w, y++, x, is_choice(f) ? _("Required: choose one, then Enter.")
					      : _("Required: type a value, then Enter."), width, A_BOLD);
		problems_free(&ps);
	}
	for (size_t i = 0; i < ps.n && y < ymax; i++) {
		draw_problem(w, &y, x, width, ymax, &ps.v[i]);
		if (ps.v[i].suggestion && y < ymax) {
			char keys[32];
			keymap_keys(ACT_WIZ_FIX, keys, sizeof(keys));
			char *s = xasprintf(_("%s applies: %s"), keys, ps.v[i].suggestion);
			put_text(w, y++, x + 2, s, width - 2, A_BOLD);
			free(s);
		}
	}
	problems_free(&ps);
	free(v);
	if (f->help && y + 1 < ymax) {
		y++;
		struct strlist lines = {0};
		text_wrap(_(f->help), width, &lines);
		for (size_t i = 0; i < lines.n && y < ymax; i++)
			put_text(w, y++, x, lines.v[i], width, tui_attr(ATTR_DIM));
		strlist_free(&lines);
	}
	if (is_choice(f))
		put_text(w, h - 1, x, _("Up/Down or the digit chooses; Enter goes on."), width,
			 tui_attr(ATTR_DIM));
	if (!is_choice(f)) {
		le_draw(&z->ed, w, edit_y, x, width, A_UNDERLINE);
		tui_cursor_here(w);
	}
}

static void go_next(struct tui *t, struct wizard *z)
{
	char *v = cur_value(z);
	struct problems ps = {0};
	field_check(t, z, z->fields[z->step], v, &ps);
	free(v);
	if (problems_count(&ps, CT_SEV_ERROR)) {
		tui_msg_problems(t, _("Not yet:"), &ps);
		problems_free(&ps);
		return;
	}
	problems_free(&ps);
	step_store(z);
	z->step++;
	step_enter(z);
}

static void go_back(struct wizard *z)
{
	if (z->step == 0)
		return;
	if (z->step < z->nf)
		step_store(z);
	z->step--;
	step_enter(z);
}

static void apply_fix(struct tui *t, struct wizard *z)
{
	const struct tpl_field *f = cur_field(z);
	if (!f)
		return;
	char *v = cur_value(z);
	struct problems ps = {0};
	field_check(t, z, z->fields[z->step], v, &ps);
	free(v);
	const char *sug = NULL;
	for (size_t i = 0; i < ps.n && !sug; i++)
		sug = ps.v[i].suggestion;
	if (!sug) {
		tui_msg(t, ATTR_WARNING, "%s", _("There is no suggested fix for this value."));
	} else if (is_choice(f)) {
		for (size_t i = 0; i < n_choices(f); i++)
			if (strcmp(choice_value(f, i), sug) == 0)
				z->choice = (int)i;
	} else {
		le_set(&z->ed, sug);
		z->touched = true;
		tui_msg(t, ATTR_OK, _("Applied: %s"), sug);
	}
	problems_free(&ps);
}

static void create(struct tui *t, struct wizard *z)
{
	struct assignment *a = xcalloc((size_t)z->nf + 1, sizeof(*a));
	size_t n = 0;
	const char *name = "";
	for (int i = 0; i < z->nf; i++) {
		size_t fi = z->fields[i];
		const char *v = z->p->fields[fi].value;
		if (strcmp(z->tpl->fields[fi].key, "project_name") == 0) {
			name = v ? v : "";
			continue;
		}
		if (v)
			a[n++] = (struct assignment){.key = z->tpl->fields[fi].key, .value = v};
	}
	struct problems ps = {0};
	struct ct_error err;
	ct_error_clear(&err);
	char uuid[37];
	enum ct_status s = ops_project_create(t->ops, z->tpl->id, name, a, n, false, &ps, uuid, &err);
	free(a);
	if (s) {
		if (problems_count(&ps, CT_SEV_ERROR))
			tui_msg_problems(t, _("Not created:"), &ps);
		else
			tui_msg(t, ATTR_ERROR, _("Not created: %s"), err.msg);
		problems_free(&ps);
		return;
	}
	problems_free(&ps);
	char *msg = xasprintf(_("Created %s. Work down the checklist: Space advances an item."), name);
	tui_data_changed(t);
	/* z is freed by the replace: nothing of it is used after. */
	if (tui_replace(t, "project", uuid))
		tui_msg(t, ATTR_OK, "%s", msg);
	free(msg);
}

static bool cancel(struct tui *t, struct wizard *z)
{
	bool any = z->touched;
	for (int i = 0; i < z->nf && !any; i++)
		if (z->p->fields[z->fields[i]].value &&
		    !str_eq(z->p->fields[z->fields[i]].value, z->tpl->fields[z->fields[i]].def) &&
		    !str_eq(z->p->fields[z->fields[i]].value, z->offered[z->fields[i]]))
			any = true;
	struct strlist lines = {0};
	strlist_add(&lines, _("The project has not been created; what you typed is dropped."));
	bool yes = !any || prompt_confirm(t, _("Leave the wizard"), &lines, _("Leave without creating it?"));
	strlist_free(&lines);
	if (yes)
		tui_pop(t);
	return true;
}

static bool wizard_key(struct tui *t, void *data, enum action a, int key)
{
	struct wizard *z = data;
	const struct tpl_field *f = cur_field(z);
	/* In a text field printable keys and editing keys are text. */
	if (f && !is_choice(f) && a != ACT_WIZ_NEXT && a != ACT_WIZ_BACK &&
	    a != ACT_WIZ_FIX && a != ACT_WIZ_CANCEL && le_key(&z->ed, key)) {
		z->touched = true;
		return true;
	}
	switch (a) {
	case ACT_WIZ_NEXT:
		if (z->step >= z->nf)
			create(t, z);
		else
			go_next(t, z);
		return true;
	case ACT_WIZ_BACK:
		go_back(z);
		return true;
	case ACT_WIZ_FIX:
		apply_fix(t, z);
		return true;
	case ACT_WIZ_CANCEL:
	case ACT_BACK:
	case ACT_QUIT:
		return cancel(t, z);
	case ACT_UP:
		if (is_choice(f)) {
			if (z->choice > 0)
				z->choice--;
			else if (z->choice < 0)
				z->choice = 0;
		} else {
			go_back(z);
		}
		return true;
	case ACT_DOWN:
		if (is_choice(f)) {
			if (z->choice + 1 < (int)n_choices(f))
				z->choice++;
		} else if (f) {
			go_next(t, z);
		}
		return true;
	default:
		break;
	}
	if (is_choice(f) && key >= '1' && key <= '9' && key - '1' < (int)n_choices(f)) {
		z->choice = key - '1';
		return true;
	}
	if (is_choice(f) && key == ' ') {
		z->choice = (z->choice + 1) % (int)n_choices(f);
		return true;
	}
	/* Keys that would leave the wizard by accident are swallowed. */
	return a != ACT_HELP && a != ACT_UNDO && a != ACT_HISTORY ? true : false;
}

static bool wizard_wants_text(void *data)
{
	struct wizard *z = data;
	const struct tpl_field *f = cur_field(z);
	return f && !is_choice(f);
}

static void wizard_title(void *data, char *buf, size_t size)
{
	struct wizard *z = data;
	snprintf(buf, size, _("New project (%s)"), _(z->tpl->title));
}

static const enum action wizard_hints[] = {
	ACT_WIZ_NEXT, ACT_WIZ_BACK, ACT_WIZ_FIX, ACT_WIZ_CANCEL, ACT_HELP, ACT_NONE,
};

const struct screen_ops screen_wizard_ops = {
	.name = "wizard",
	.scope = SCOPE_WIZARD,
	.open = wizard_open,
	.close = wizard_close,
	.draw = wizard_draw,
	.key = wizard_key,
	.wants_text = wizard_wants_text,
	.title = wizard_title,
	.hints = wizard_hints,
};
