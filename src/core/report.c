/* report.c - status reports for people: Markdown for a ticket or an email,
 * one self-contained HTML file for a browser or a printer, CSV for a
 * spreadsheet; loading what they show in one snapshot; and writing any
 * report so that a crash never leaves half a file. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "certtrack/report.h"
#include "certtrack/engine.h"
#include "certtrack/atomicfile.h"
#include "certtrack/i18n.h"
#include "certtrack/records.h"
#include "certtrack/util.h"
#include "core/report_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* How many history rows the human formats show per project. */
#define REPORT_RECENT 15

static const struct {
	enum report_format f;
	const char *name;
	const char *ext;
} formats[] = {
	{REPORT_JSON, "json", "json"},
	{REPORT_MARKDOWN, "markdown", "md"},
	{REPORT_HTML, "html", "html"},
	{REPORT_CSV, "csv", "csv"},
};

bool report_format_parse(const char *s, enum report_format *out)
{
	if (!s)
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(formats); i++)
		if (strcmp(s, formats[i].name) == 0 || strcmp(s, formats[i].ext) == 0) {
			*out = formats[i].f;
			return true;
		}
	if (strcmp(s, "htm") == 0) {
		*out = REPORT_HTML;
		return true;
	}
	return false;
}

const char *report_format_name(enum report_format f)
{
	for (size_t i = 0; i < ARRAY_SIZE(formats); i++)
		if (formats[i].f == f)
			return formats[i].name;
	return "json";
}

const char *report_format_extension(enum report_format f)
{
	for (size_t i = 0; i < ARRAY_SIZE(formats); i++)
		if (formats[i].f == f)
			return formats[i].ext;
	return "json";
}

bool report_format_from_path(const char *path, enum report_format *out)
{
	const char *slash = path ? strrchr(path, '/') : NULL;
	const char *dot = path ? strrchr(slash ? slash : path, '.') : NULL;
	if (!dot || !dot[1])
		return false;
	char ext[16];
	size_t i = 0;
	for (const char *p = dot + 1; *p && i + 1 < sizeof(ext); p++)
		ext[i++] = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
	ext[i] = '\0';
	return report_format_parse(ext, out);
}

char *report_default_filename(enum report_format f, long long now)
{
	time_t t = (time_t)now;
	struct tm tm;
	char stamp[32];
	gmtime_r(&t, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M", &tm);
	return xasprintf("certtrack-report-%s.%s", stamp, report_format_extension(f));
}

/* Loading */

static void report_project_free(struct report_project *rp)
{
	for (size_t i = 0; i < rp->n_builds; i++)
		scan_records_free(rp->scans[i], rp->n_scans[i]);
	free(rp->scans);
	free(rp->n_scans);
	build_records_free(rp->builds, rp->n_builds);
	prescan_records_free(rp->prescans, rp->n_prescans);
	events_free(rp->events, rp->n_events);
	free(rp->published_at);
	free(rp->published_by);
	problems_free(&rp->problems);
	project_free(rp->p);
}

static void report_free(struct report *r)
{
	for (size_t i = 0; i < r->n; i++)
		report_project_free(&r->v[i]);
	free(r->v);
	r->v = NULL;
	r->n = 0;
}

static enum ct_status load_project(struct ops_ctx *c, long long id, struct report_project *rp,
				   struct ct_error *err)
{
	struct store *st = c->st;
	enum ct_status s;
	memset(rp, 0, sizeof(*rp));
	if ((s = store_project_load(st, id, c->templates, &rp->p, err)))
		return s;
	if ((s = store_builds_list(st, id, &rp->builds, &rp->n_builds, err)))
		return s;
	rp->scans = xcalloc(rp->n_builds ? rp->n_builds : 1, sizeof(*rp->scans));
	rp->n_scans = xcalloc(rp->n_builds ? rp->n_builds : 1, sizeof(*rp->n_scans));
	for (size_t i = 0; i < rp->n_builds; i++)
		if ((s = store_scans_list(st, rp->builds[i].id, &rp->scans[i], &rp->n_scans[i], err)))
			return s;
	if ((s = store_prescans_list(st, id, 0, &rp->prescans, &rp->n_prescans, err)))
		return s;
	if ((s = store_events_list(st, rp->p->uuid, 0, &rp->events, &rp->n_events, err)))
		return s;
	if ((s = store_project_published_info(st, id, &rp->published, &rp->published_at,
					      &rp->published_by, err)))
		return s;
	engine_problems(rp->p, &rp->problems);
	engine_progress(rp->p, &rp->done, &rp->total);
	rp->next = engine_next_action(rp->p);
	return CT_OK;
}

static enum ct_status report_load(struct ops_ctx *c, const char *const *refs, size_t n,
				  struct report *r, struct ct_error *err)
{
	memset(r, 0, sizeof(*r));
	time_now_iso(r->generated_at);
	r->generated_by = c->user;
	enum ct_status s = store_read_begin(c->st, err);
	if (s)
		return s;
	long long *ids = NULL;
	size_t n_ids = 0;
	if (n == 0) {
		struct project_summary *v;
		size_t nv;
		if (!(s = store_project_list(c->st, &v, &nv, err))) {
			ids = xcalloc(nv ? nv : 1, sizeof(*ids));
			for (size_t i = 0; i < nv; i++)
				ids[n_ids++] = v[i].id;
			project_summaries_free(v, nv);
		}
	} else {
		ids = xcalloc(n, sizeof(*ids));
		for (size_t i = 0; i < n && !s; i++) {
			long long id;
			if ((s = store_project_find(c->st, refs[i], false, &id, err)))
				break;
			bool seen = false;
			for (size_t k = 0; k < n_ids; k++)
				seen = seen || ids[k] == id;
			if (!seen)
				ids[n_ids++] = id;
		}
	}
	if (!s) {
		r->v = xcalloc(n_ids ? n_ids : 1, sizeof(*r->v));
		for (size_t i = 0; i < n_ids && !s; i++) {
			s = load_project(c, ids[i], &r->v[i], err);
			r->n = i + 1;
		}
	}
	store_read_end(c->st);
	free(ids);
	if (s)
		report_free(r);
	return s;
}

/* Shared wording */

/* "2024-05-06 07:08 UTC" from "2024-05-06T07:08:09Z". */
static void human_time(const char *iso, char *buf, size_t size)
{
	if (iso && strlen(iso) >= 16 && iso[10] == 'T')
		snprintf(buf, size, "%.10s %.5s UTC", iso, iso + 11);
	else
		snprintf(buf, size, "%s", iso ? iso : "");
}

static int percent(int done, int total)
{
	return total > 0 ? (int)((100LL * done) / total) : 100;
}

/* "handed from alice to bob on 2024-05-06 07:08 UTC: note" */
static char *handoff_text(const struct event *e)
{
	char when[64];
	human_time(e->at, when, sizeof(when));
	if (e->note)
		return xasprintf(_("handed from %s to %s on %s: %s"), e->old_value ? e->old_value : "?",
				 e->new_value ? e->new_value : "?", when, e->note);
	return xasprintf(_("handed from %s to %s on %s"), e->old_value ? e->old_value : "?",
			 e->new_value ? e->new_value : "?", when);
}

/* "field.set product: a -> b (note)" for one history row. */
static char *event_text(const struct event *e)
{
	struct strbuf sb = {0};
	sb_add(&sb, e->what ? e->what : "");
	if (e->key)
		sb_addf(&sb, " %s", e->key);
	if (e->old_value || e->new_value)
		sb_addf(&sb, ": %s \xE2\x86\x92 %s", e->old_value ? e->old_value : _("(none)"),
			e->new_value ? e->new_value : _("(none)"));
	if (e->note)
		sb_addf(&sb, " (%s)", e->note);
	return sb_detach(&sb);
}

static const struct build_record *latest_build(const struct report_project *rp)
{
	return rp->n_builds ? &rp->builds[0] : NULL;
}

static char *next_action_text(const struct report_project *rp)
{
	if (rp->next < 0)
		return xstrdup(_("nothing left: every item is done"));
	const struct tpl_item *it = &rp->p->tpl->items[rp->next];
	return xasprintf("%s (%s)", _(it->title), it->key);
}

/* Markdown */

/* Backslash-escapes what Markdown would read as markup (CommonMark allows
 * it before any ASCII punctuation), so that a note shows as written; in a
 * table, newlines become <br> and | is escaped. */
static bool md_word(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	       (unsigned char)ch >= 0x80;
}

/* Markdown and CSV are read by people (cat, a pager, a spreadsheet): a
 * control character of a stored value is written visibly escaped (\x1b),
 * as the text outputs show it; JSON keeps the value exact. */
static void md_text(struct strbuf *sb, const char *s, bool table)
{
	char *safe = str_escape_controls(s ? s : "", 0);
	const char *start = safe;
	for (const char *p = start; *p; p++) {
		bool esc;
		switch (*p) {
		case '\\': case '`': case '*': case '[': case ']': case '<': case '>': case '|':
		case '#': case '~':
			esc = true;
			break;
		case '_':
			/* Inside a word (item_key) it is not emphasis. */
			esc = p == start || !md_word(p[-1]) || !md_word(p[1]);
			break;
		case '!':
			esc = p[1] == '[';
			break;
		case '&':
			/* Only what could read as an entity (&amp; &#60;). */
			esc = md_word(p[1]) || p[1] == '#';
			break;
		default:
			esc = false;
		}
		if (*p == '\r')
			continue;
		if (*p == '\n') {
			sb_add(sb, table ? "<br>" : " ");
			continue;
		}
		if (esc)
			sb_addc(sb, '\\');
		sb_addc(sb, *p);
	}
	free(safe);
}

static void md_bar(struct strbuf *sb, int done, int total)
{
	int pct = percent(done, total), filled = pct / 5;
	sb_add(sb, "`[");
	for (int i = 0; i < 20; i++)
		sb_addc(sb, i < filled ? '#' : '-');
	sb_add(sb, "]`");
}

static void md_project(struct strbuf *sb, const struct report_project *rp)
{
	const struct project *p = rp->p;
	char when[64];
	sb_add(sb, "## ");
	md_text(sb, p->name, false);
	sb_add(sb, "\n\n");
	sb_addf(sb, "- %s ", _("Progress:"));
	md_bar(sb, rp->done, rp->total);
	sb_addf(sb, " %d/%d (%d%%)\n", rp->done, rp->total, percent(rp->done, rp->total));
	char *next = next_action_text(rp);
	sb_addf(sb, "- %s ", _("Next action:"));
	md_text(sb, next, false);
	sb_addc(sb, '\n');
	free(next);
	sb_addf(sb, "- %s ", _("Owner:"));
	md_text(sb, p->owner, false);
	sb_addc(sb, '\n');
	sb_addf(sb, "- %s `%s` \xC2\xB7 %s `%s`\n", _("Template:"), p->template_id, _("UUID:"),
		p->uuid);
	const struct build_record *b = latest_build(rp);
	if (b) {
		char *image = records_image_ref(p, b->tag);
		sb_addf(sb, "- %s ", _("Latest build:"));
		md_text(sb, image, false);
		sb_addf(sb, " \xE2\x80\x94 %s\n", build_result_name(b->result));
		free(image);
	}
	if (rp->published) {
		human_time(rp->published_at, when, sizeof(when));
		sb_addf(sb, "- %s %s", _("Published:"), when);
		if (rp->published_by) {
			sb_add(sb, " \xC2\xB7 ");
			md_text(sb, rp->published_by, false);
		}
		sb_addc(sb, '\n');
	}
	human_time(p->updated_at, when, sizeof(when));
	sb_addf(sb, "- %s %s\n\n", _("Last change:"), when);

	bool any = false;
	for (size_t i = 0; i < p->tpl->n_items; i++) {
		const struct item_state *is = &p->items[i];
		if (is->status != ITEM_BLOCKED)
			continue;
		if (!any)
			sb_addf(sb, "### %s\n\n", _("Blockers"));
		any = true;
		sb_add(sb, "- **");
		md_text(sb, _(p->tpl->items[i].title), false);
		sb_addf(sb, "** (`%s`): ", p->tpl->items[i].key);
		md_text(sb, is->reason ? is->reason : _("no reason given"), false);
		sb_addc(sb, '\n');
	}
	if (any)
		sb_addc(sb, '\n');

	sb_addf(sb, "### %s\n\n", _("Open errors and warnings"));
	if (!rp->problems.n)
		sb_addf(sb, "%s\n", _("None."));
	for (size_t i = 0; i < rp->problems.n; i++) {
		const struct problem *pr = &rp->problems.v[i];
		sb_addf(sb, "- **%s** `%s` ",
			pr->severity == CT_SEV_ERROR ? _("error") : _("warning"), pr->rule);
		md_text(sb, pr->message, false);
		if (pr->fix) {
			sb_add(sb, " \xE2\x80\x94 ");
			md_text(sb, pr->fix, false);
		}
		sb_addc(sb, '\n');
	}
	sb_addc(sb, '\n');

	any = false;
	for (size_t i = 0; i < rp->n_events; i++) {
		const struct event *e = &rp->events[i];
		if (!str_eq(e->what, "owner"))
			continue;
		if (!any)
			sb_addf(sb, "### %s\n\n", _("Handoffs"));
		any = true;
		char *h = handoff_text(e);
		sb_add(sb, "- ");
		md_text(sb, h, false);
		sb_addc(sb, '\n');
		free(h);
	}
	if (any)
		sb_addc(sb, '\n');

	sb_addf(sb, "### %s\n\n", _("Items"));
	sb_addf(sb, "| %s | %s | %s | %s | %s |\n| --- | --- | --- | --- | --- |\n", _("Item"),
		_("Status"), _("Note"), _("Reason"), _("Updated"));
	for (size_t i = 0; i < p->tpl->n_items; i++) {
		const struct tpl_item *it = &p->tpl->items[i];
		const struct item_state *is = &p->items[i];
		sb_add(sb, "| ");
		md_text(sb, _(it->title), true);
		sb_addf(sb, " (`%s`) | %s | ", it->key, item_status_label(is->status));
		md_text(sb, is->note, true);
		sb_add(sb, " | ");
		md_text(sb, is->forced_reason ? is->forced_reason : is->reason, true);
		sb_add(sb, " | ");
		if (is->updated_at) {
			human_time(is->updated_at, when, sizeof(when));
			sb_add(sb, when);
			if (is->updated_by) {
				sb_add(sb, " ");
				md_text(sb, is->updated_by, true);
			}
		}
		sb_add(sb, " |\n");
	}
	sb_addc(sb, '\n');

	sb_addf(sb, "### %s\n\n", _("Recent history"));
	if (!rp->n_events)
		sb_addf(sb, "%s\n", _("Nothing recorded yet."));
	for (size_t i = 0; i < rp->n_events && i < REPORT_RECENT; i++) {
		const struct event *e = &rp->events[i];
		human_time(e->at, when, sizeof(when));
		char *t = event_text(e);
		sb_addf(sb, "- %s ", when);
		md_text(sb, e->user, false);
		sb_add(sb, ": ");
		md_text(sb, t, false);
		sb_addc(sb, '\n');
		free(t);
	}
	sb_addc(sb, '\n');
}

static char *report_markdown(const struct report *r)
{
	struct strbuf sb = {0};
	char when[64];
	human_time(r->generated_at, when, sizeof(when));
	sb_addf(&sb, "# %s\n\n", _("Certification status"));
	struct strbuf by = {0};
	md_text(&by, r->generated_by, false);
	/* TRANSLATORS: report heading: a date and time, then a user name. */
	sb_addf(&sb, _("Generated %s by %s"), when, sb_str(&by));
	sb_free(&by);
	sb_add(&sb, " \xC2\xB7 ");
	sb_addf(&sb, P_("%zu project", "%zu projects", r->n), r->n);
	sb_add(&sb, "\n\n");
	if (!r->n)
		sb_addf(&sb, "%s\n", _("No projects."));
	for (size_t i = 0; i < r->n; i++)
		md_project(&sb, &r->v[i]);
	/* One newline at the end, however the last section ended. */
	while (sb.len > 1 && sb.buf[sb.len - 1] == '\n' && sb.buf[sb.len - 2] == '\n')
		sb.buf[--sb.len] = '\0';
	return sb_detach(&sb);
}

/* HTML */

static void html_text(struct strbuf *sb, const char *s)
{
	for (const char *p = s ? s : ""; *p; p++) {
		switch (*p) {
		case '&':
			sb_add(sb, "&amp;");
			break;
		case '<':
			sb_add(sb, "&lt;");
			break;
		case '>':
			sb_add(sb, "&gt;");
			break;
		case '"':
			sb_add(sb, "&quot;");
			break;
		case '\'':
			sb_add(sb, "&#39;");
			break;
		case '\r':
			break;
		default:
			/* Other control characters are not allowed in HTML text. */
			if ((unsigned char)*p < 0x20 && *p != '\n' && *p != '\t')
				sb_add(sb, "\xEF\xBF\xBD");
			else
				sb_addc(sb, *p);
		}
	}
}

static const char html_css[] =
	":root{color-scheme:light;--ok:#2e7d32;--warn:#b26a00;--bad:#c62828;--mute:#6b6b6b}"
	"body{font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,\"Noto Sans\",sans-serif;"
	"margin:2rem auto;max-width:60rem;padding:0 1rem;line-height:1.45;color:#1b1b1b;background:#fff}"
	"h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.3rem;margin-top:2.2rem;"
	"border-bottom:2px solid #ddd;padding-bottom:.2rem}h3{font-size:1.05rem;margin:1.2rem 0 .4rem}"
	".meta{color:var(--mute);margin-top:0}dl{display:grid;grid-template-columns:max-content 1fr;"
	"gap:.2rem 1rem;margin:.6rem 0}dt{font-weight:600}dd{margin:0}"
	".bar{display:inline-block;vertical-align:middle;width:12rem;height:.8rem;background:#e6e6e6;"
	"border-radius:.4rem;overflow:hidden;margin-right:.5rem;border:1px solid #ccc}"
	".bar>span{display:block;height:100%;background:var(--ok)}"
	"table{border-collapse:collapse;width:100%;font-size:.92rem}th,td{border:1px solid #d5d5d5;"
	"padding:.3rem .45rem;text-align:left;vertical-align:top}th{background:#f3f3f3}"
	"td.note{white-space:pre-wrap;overflow-wrap:anywhere}code{font-size:.88em}"
	".st{font-weight:600;white-space:nowrap}.st-done{color:var(--ok)}.st-blocked{color:var(--bad)}"
	".st-in-progress{color:var(--warn)}.st-na,.st-todo{color:var(--mute)}"
	".error{color:var(--bad);font-weight:600}.warning{color:var(--warn);font-weight:600}"
	"ul{padding-left:1.3rem}li{margin:.15rem 0}.hist{font-size:.9rem}"
	"section.project{break-inside:auto}"
	"@media print{body{margin:0;max-width:none;font-size:10.5pt}h2{break-before:page}"
	"section.project:first-of-type h2{break-before:auto}tr,li,dl{break-inside:avoid}"
	"h2,h3{break-after:avoid}.bar,.bar>span,th{-webkit-print-color-adjust:exact;"
	"print-color-adjust:exact}a{color:inherit}}";

static const char *status_class(enum item_status s)
{
	switch (s) {
	case ITEM_DONE:
		return "st-done";
	case ITEM_BLOCKED:
		return "st-blocked";
	case ITEM_IN_PROGRESS:
		return "st-in-progress";
	case ITEM_NA:
		return "st-na";
	default:
		return "st-todo";
	}
}

static void html_bar(struct strbuf *sb, int done, int total)
{
	int pct = percent(done, total);
	sb_addf(sb, "<span class=\"bar\" role=\"img\" aria-label=\"%d%%\"><span style=\"width:%d%%\"></span></span>",
		pct, pct);
}

static void html_dd(struct strbuf *sb, const char *term, const char *value)
{
	sb_add(sb, "<dt>");
	html_text(sb, term);
	sb_add(sb, "</dt><dd>");
	html_text(sb, value);
	sb_add(sb, "</dd>\n");
}

static void html_project(struct strbuf *sb, const struct report_project *rp)
{
	const struct project *p = rp->p;
	char when[64];
	sb_add(sb, "<section class=\"project\">\n<h2>");
	html_text(sb, p->name);
	sb_add(sb, "</h2>\n<dl>\n<dt>");
	html_text(sb, _("Progress"));
	sb_add(sb, "</dt><dd>");
	html_bar(sb, rp->done, rp->total);
	sb_addf(sb, "%d/%d (%d%%)</dd>\n", rp->done, rp->total, percent(rp->done, rp->total));
	char *next = next_action_text(rp);
	html_dd(sb, _("Next action"), next);
	free(next);
	html_dd(sb, _("Owner"), p->owner);
	html_dd(sb, _("Template"), p->template_id);
	html_dd(sb, _("UUID"), p->uuid);
	const struct build_record *b = latest_build(rp);
	if (b) {
		char *image = records_image_ref(p, b->tag);
		char *t = xasprintf("%s \xE2\x80\x94 %s", image, build_result_name(b->result));
		html_dd(sb, _("Latest build"), t);
		free(t);
		free(image);
	}
	if (rp->published) {
		human_time(rp->published_at, when, sizeof(when));
		char *t = xasprintf("%s%s%s", when, rp->published_by ? " \xC2\xB7 " : "",
				    rp->published_by ? rp->published_by : "");
		html_dd(sb, _("Published"), t);
		free(t);
	}
	human_time(p->updated_at, when, sizeof(when));
	html_dd(sb, _("Last change"), when);
	sb_add(sb, "</dl>\n");

	bool any = false;
	for (size_t i = 0; i < p->tpl->n_items; i++) {
		const struct item_state *is = &p->items[i];
		if (is->status != ITEM_BLOCKED)
			continue;
		if (!any) {
			sb_add(sb, "<h3>");
			html_text(sb, _("Blockers"));
			sb_add(sb, "</h3>\n<ul>\n");
		}
		any = true;
		sb_add(sb, "<li><strong>");
		html_text(sb, _(p->tpl->items[i].title));
		sb_add(sb, "</strong>: ");
		html_text(sb, is->reason ? is->reason : _("no reason given"));
		sb_add(sb, "</li>\n");
	}
	if (any)
		sb_add(sb, "</ul>\n");

	sb_add(sb, "<h3>");
	html_text(sb, _("Open errors and warnings"));
	sb_add(sb, "</h3>\n");
	if (!rp->problems.n) {
		sb_add(sb, "<p>");
		html_text(sb, _("None."));
		sb_add(sb, "</p>\n");
	} else {
		sb_add(sb, "<ul>\n");
		for (size_t i = 0; i < rp->problems.n; i++) {
			const struct problem *pr = &rp->problems.v[i];
			bool e = pr->severity == CT_SEV_ERROR;
			sb_addf(sb, "<li><span class=\"%s\">", e ? "error" : "warning");
			html_text(sb, e ? _("error") : _("warning"));
			sb_add(sb, "</span> <code>");
			html_text(sb, pr->rule);
			sb_add(sb, "</code> ");
			html_text(sb, pr->message);
			if (pr->fix) {
				sb_add(sb, " \xE2\x80\x94 ");
				html_text(sb, pr->fix);
			}
			sb_add(sb, "</li>\n");
		}
		sb_add(sb, "</ul>\n");
	}

	any = false;
	for (size_t i = 0; i < rp->n_events; i++) {
		const struct event *e = &rp->events[i];
		if (!str_eq(e->what, "owner"))
			continue;
		if (!any) {
			sb_add(sb, "<h3>");
			html_text(sb, _("Handoffs"));
			sb_add(sb, "</h3>\n<ul>\n");
		}
		any = true;
		char *h = handoff_text(e);
		sb_add(sb, "<li>");
		html_text(sb, h);
		sb_add(sb, "</li>\n");
		free(h);
	}
	if (any)
		sb_add(sb, "</ul>\n");

	sb_add(sb, "<h3>");
	html_text(sb, _("Items"));
	sb_add(sb, "</h3>\n<table>\n<thead><tr>");
	const char *heads[] = {_("Item"), _("Status"), _("Note"), _("Reason"), _("Updated")};
	for (size_t i = 0; i < ARRAY_SIZE(heads); i++) {
		sb_add(sb, "<th>");
		html_text(sb, heads[i]);
		sb_add(sb, "</th>");
	}
	sb_add(sb, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < p->tpl->n_items; i++) {
		const struct tpl_item *it = &p->tpl->items[i];
		const struct item_state *is = &p->items[i];
		sb_add(sb, "<tr><td>");
		html_text(sb, _(it->title));
		sb_add(sb, " <code>");
		html_text(sb, it->key);
		sb_addf(sb, "</code></td><td class=\"st %s\">", status_class(is->status));
		html_text(sb, item_status_label(is->status));
		sb_add(sb, "</td><td class=\"note\">");
		html_text(sb, is->note);
		sb_add(sb, "</td><td class=\"note\">");
		html_text(sb, is->forced_reason ? is->forced_reason : is->reason);
		sb_add(sb, "</td><td>");
		if (is->updated_at) {
			human_time(is->updated_at, when, sizeof(when));
			html_text(sb, when);
			if (is->updated_by) {
				sb_add(sb, " ");
				html_text(sb, is->updated_by);
			}
		}
		sb_add(sb, "</td></tr>\n");
	}
	sb_add(sb, "</tbody>\n</table>\n");

	sb_add(sb, "<h3>");
	html_text(sb, _("Recent history"));
	sb_add(sb, "</h3>\n");
	if (!rp->n_events) {
		sb_add(sb, "<p>");
		html_text(sb, _("Nothing recorded yet."));
		sb_add(sb, "</p>\n");
	} else {
		sb_add(sb, "<ul class=\"hist\">\n");
		for (size_t i = 0; i < rp->n_events && i < REPORT_RECENT; i++) {
			const struct event *e = &rp->events[i];
			human_time(e->at, when, sizeof(when));
			char *t = event_text(e);
			sb_add(sb, "<li>");
			html_text(sb, when);
			sb_add(sb, " <strong>");
			html_text(sb, e->user);
			sb_add(sb, "</strong>: ");
			html_text(sb, t);
			sb_add(sb, "</li>\n");
			free(t);
		}
		sb_add(sb, "</ul>\n");
	}
	sb_add(sb, "</section>\n");
}

static char *report_html(const struct report *r)
{
	struct strbuf sb = {0};
	char when[64];
	human_time(r->generated_at, when, sizeof(when));
	/* No scripts and nothing fetched: the policy makes a browser refuse
	 * both even if a value ever slipped through unescaped. */
	sb_add(&sb, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
		    "style-src 'unsafe-inline'; img-src data:\">\n"
		    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		    "<meta name=\"generator\" content=\"certtrack\">\n<title>");
	html_text(&sb, _("Certification status"));
	sb_add(&sb, " \xE2\x80\x94 ");
	html_text(&sb, when);
	sb_addf(&sb, "</title>\n<style>%s</style>\n</head>\n<body>\n<h1>", html_css);
	html_text(&sb, _("Certification status"));
	sb_add(&sb, "</h1>\n<p class=\"meta\">");
	char *meta = xasprintf(_("Generated %s by %s"), when, r->generated_by ? r->generated_by : "");
	html_text(&sb, meta);
	free(meta);
	sb_add(&sb, " \xC2\xB7 ");
	char *count = xasprintf(P_("%zu project", "%zu projects", r->n), r->n);
	html_text(&sb, count);
	free(count);
	sb_add(&sb, "</p>\n");
	if (!r->n) {
		sb_add(&sb, "<p>");
		html_text(&sb, _("No projects."));
		sb_add(&sb, "</p>\n");
	}
	for (size_t i = 0; i < r->n; i++)
		html_project(&sb, &r->v[i]);
	sb_add(&sb, "</body>\n</html>\n");
	return sb_detach(&sb);
}

/* CSV */

/* One RFC 4180 field. A spreadsheet runs a cell beginning with =, +, -, @
 * (or a tab or CR before them) as a formula: a leading quote makes it text. */
static void csv_cell(struct strbuf *sb, const char *s, bool first)
{
	if (!first)
		sb_addc(sb, ',');
	if (!s)
		return;
	char *safe = str_escape_controls(s, STR_ESC_KEEP_CR);
	s = safe;
	bool neutralise = s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' ||
			  s[0] == '\t' || s[0] == '\r';
	bool quote = neutralise || strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		sb_addc(sb, '"');
	if (neutralise)
		sb_addc(sb, '\'');
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			sb_addc(sb, '"');
		sb_addc(sb, *p);
	}
	if (quote)
		sb_addc(sb, '"');
	free(safe);
}

static char *report_csv(const struct report *r)
{
	struct strbuf sb = {0};
	/* The byte order mark makes spreadsheets read the file as UTF-8. */
	sb_add(&sb, "\xEF\xBB\xBF");
	static const char *const heads[] = {
		"project", "uuid", "template", "owner", "progress", "next_action", "item", "title",
		"section", "status", "note", "reason", "forced_reason", "updated_at", "updated_by"};
	for (size_t i = 0; i < ARRAY_SIZE(heads); i++)
		csv_cell(&sb, heads[i], i == 0);
	sb_add(&sb, "\r\n");
	for (size_t k = 0; k < r->n; k++) {
		const struct report_project *rp = &r->v[k];
		const struct project *p = rp->p;
		char progress[64];
		snprintf(progress, sizeof(progress), "%d/%d", rp->done, rp->total);
		for (size_t i = 0; i < p->tpl->n_items; i++) {
			const struct tpl_item *it = &p->tpl->items[i];
			const struct item_state *is = &p->items[i];
			csv_cell(&sb, p->name, true);
			csv_cell(&sb, p->uuid, false);
			csv_cell(&sb, p->template_id, false);
			csv_cell(&sb, p->owner, false);
			csv_cell(&sb, progress, false);
			csv_cell(&sb, rp->next >= 0 ? p->tpl->items[rp->next].key : "", false);
			csv_cell(&sb, it->key, false);
			csv_cell(&sb, _(it->title), false);
			csv_cell(&sb, it->section, false);
			csv_cell(&sb, item_status_name(is->status), false);
			csv_cell(&sb, is->note, false);
			csv_cell(&sb, is->reason, false);
			csv_cell(&sb, is->forced_reason, false);
			csv_cell(&sb, is->updated_at, false);
			csv_cell(&sb, is->updated_by, false);
			sb_add(&sb, "\r\n");
		}
	}
	return sb_detach(&sb);
}

static char *render(const struct report *r, enum report_format f)
{
	switch (f) {
	case REPORT_MARKDOWN:
		return report_markdown(r);
	case REPORT_HTML:
		return report_html(r);
	case REPORT_CSV:
		return report_csv(r);
	default:
		return report_json(r);
	}
}

enum ct_status report_render(struct ops_ctx *c, enum report_format f, const char *const *refs,
			     size_t n, char **out, size_t *len, struct ct_error *err)
{
	*out = NULL;
	*len = 0;
	struct report r;
	enum ct_status s = report_load(c, refs, n, &r, err);
	if (s)
		return s;
	*out = render(&r, f);
	*len = strlen(*out);
	report_free(&r);
	return CT_OK;
}

/* Writing */

enum ct_status report_write_file(const char *path, const char *data, size_t len, bool force,
				 struct ct_error *err)
{
	if (str_is_empty(path))
		return ct_fail(err, CT_USAGE, _("give a file name to write the report to"));
	struct stat sb;
	bool exists = lstat(path, &sb) == 0;
	if (exists && S_ISDIR(sb.st_mode))
		return ct_fail(err, CT_USAGE, _("%s is a folder; give a file name inside it"), path);
	if (exists && !force)
		return ct_fail(err, CT_FAILED,
			       _("%s exists already; give --force to replace it, or another file name"),
			       path);
	/* A report gets the mode of the file it replaces, else what the
	 * umask gives any new file. */
	mode_t mode = exists && S_ISREG(sb.st_mode) ? (sb.st_mode & 07777) : 0666;
	struct atomicfile af;
	enum ct_status s = atomicfile_open(&af, path, mode, force ? ATOMICFILE_REPLACE : 0, err);
	if (s)
		return s;
	if (exists && S_ISREG(sb.st_mode))
		fchmod(af.fd, mode);
	if (!(s = atomicfile_write(&af, data, len, err)))
		s = atomicfile_commit(&af, err);
	atomicfile_abort(&af);
	return s;
}

enum ct_status report_export(struct ops_ctx *c, enum report_format f, const char *const *refs,
			     size_t n, const char *path, bool force, size_t *n_projects,
			     struct ct_error *err)
{
	struct report r;
	enum ct_status s = report_load(c, refs, n, &r, err);
	if (s)
		return s;
	char *data = render(&r, f);
	if (n_projects)
		*n_projects = r.n;
	report_free(&r);
	s = report_write_file(path, data, strlen(data), force, err);
	free(data);
	return s;
}
