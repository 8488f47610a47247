/* report_markdown.c - the Markdown report, for a ticket or an email: one
 * section per project, written as each project is loaded. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "core/report_int.h"
#include "certtrack/engine.h"
#include "certtrack/i18n.h"
#include "certtrack/records.h"
#include "certtrack/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Messages through the report's cache (report_int.h). */
#undef _
#define _(s) report_tr(s)

/* Backslash-escapes what Markdown would read as markup (CommonMark allows
 * it before any ASCII punctuation), so that a note shows as written; in a
 * table, newlines become <br> and | is escaped. */
static bool md_word(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	       (unsigned char)ch >= 0x80;
}

/* Markdown is read by people (cat, a pager): a control character of a
 * stored value is written visibly escaped (\x1b), as the text outputs show
 * it; JSON keeps the value exact. */
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
	int pct = report_percent(done, total), filled = pct / 5;
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
	sb_addf(sb, " %d/%d (%d%%)\n", rp->done, rp->total, report_percent(rp->done, rp->total));
	char *next = report_next_action_text(rp);
	sb_addf(sb, "- %s ", _("Next action:"));
	md_text(sb, next, false);
	sb_addc(sb, '\n');
	free(next);
	sb_addf(sb, "- %s ", _("Owner:"));
	md_text(sb, p->owner, false);
	sb_addc(sb, '\n');
	sb_addf(sb, "- %s `%s` \xC2\xB7 %s `%s`\n", _("Template:"), p->template_id, _("UUID:"),
		p->uuid);
	const struct build_record *b = report_latest_build(rp);
	if (b) {
		char *image = records_image_ref(p, b->tag);
		sb_addf(sb, "- %s ", _("Latest build:"));
		md_text(sb, image, false);
		sb_addf(sb, " \xE2\x80\x94 %s\n", build_result_name(b->result));
		free(image);
	}
	if (rp->published) {
		report_human_time(rp->published_at, when, sizeof(when));
		sb_addf(sb, "- %s %s", _("Published:"), when);
		if (rp->published_by) {
			sb_add(sb, " \xC2\xB7 ");
			md_text(sb, rp->published_by, false);
		}
		sb_addc(sb, '\n');
	}
	report_human_time(p->updated_at, when, sizeof(when));
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
	const struct scan_record *scan = report_latest_scan(rp);
	size_t failed = 0;
	for (size_t i = 0; scan && i < scan->n_results; i++)
		failed += report_policy_failed(&scan->results[i]);
	if (!rp->problems.n && !failed)
		sb_addf(sb, "%s\n", _("None."));
	/* The latest scan's failed policies, each with its fix,
	 * first: they are errors. */
	for (size_t i = 0; scan && i < scan->n_results; i++) {
		const struct scan_result *r = &scan->results[i];
		if (!report_policy_failed(r))
			continue;
		sb_addf(sb, "- **%s** `scan` ", _("error"));
		md_text(sb, r->policy, false);
		sb_add(sb, ": ");
		md_text(sb, r->message ? r->message : _("the policy failed in the latest scan"), false);
		if (r->fix) {
			sb_add(sb, " \xE2\x80\x94 ");
			md_text(sb, r->fix, false);
		}
		sb_addc(sb, '\n');
	}
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
		char *h = report_handoff_text(e);
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
		sb_add(sb, " (`");
		sb_add(sb, it->key);
		sb_add(sb, "`) | ");
		sb_add(sb, report_status_label(is->status));
		sb_add(sb, " | ");
		md_text(sb, is->note, true);
		sb_add(sb, " | ");
		md_text(sb, is->forced_reason ? is->forced_reason : is->reason, true);
		sb_add(sb, " | ");
		if (is->updated_at) {
			report_human_time(is->updated_at, when, sizeof(when));
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
		report_human_time(e->at, when, sizeof(when));
		char *t = report_event_text(e);
		sb_addf(sb, "- %s ", when);
		md_text(sb, e->user, false);
		sb_add(sb, ": ");
		md_text(sb, t, false);
		sb_addc(sb, '\n');
		free(t);
	}
	sb_addc(sb, '\n');
}

static void md_begin(struct report_sink *k)
{
	struct strbuf *sb = &k->buf;
	char when[64];
	report_human_time(k->h->generated_at, when, sizeof(when));
	sb_addf(sb, "# %s\n\n", _("Certification status"));
	struct strbuf by = {0};
	md_text(&by, k->h->generated_by, false);
	/* TRANSLATORS: report heading: a date and time, then a user name. */
	sb_addf(sb, _("Generated %s by %s"), when, sb_str(&by));
	sb_free(&by);
	sb_add(sb, " \xC2\xB7 ");
	sb_addf(sb, P_("%zu project", "%zu projects", k->h->n), k->h->n);
	sb_add(sb, "\n\n");
	if (!k->h->n)
		sb_addf(sb, "%s\n", _("No projects."));
	report_sink_flush(k);
}

/* The portfolio: one row per project before the sections. */
static void md_portfolio(struct report_sink *k, const struct report_row *r)
{
	struct strbuf *sb = &k->buf;
	const struct project_summary *ps = r->s;
	char when[64];
	if (!k->rows++) {
		sb_addf(sb, "## %s\n\n", _("Portfolio"));
		sb_addf(sb, "| %s | %s | %s | %s | %s | %s | %s |\n", _("Project"), _("Progress"),
			_("Owner"), _("Next action"), _("Blocked"), _("Failed scan policies"),
			_("Last change"));
		sb_add(sb, "| --- | --- | --- | --- | --- | --- | --- |\n");
	}
	sb_add(sb, "| ");
	md_text(sb, ps->name, true);
	sb_add(sb, " | ");
	md_bar(sb, ps->done, ps->total);
	sb_addf(sb, " %d/%d | ", ps->done, ps->total);
	md_text(sb, ps->owner, true);
	sb_add(sb, " | ");
	md_text(sb, r->next, true);
	sb_add(sb, " | ");
	md_text(sb, r->blocked ? r->blocked : "\xE2\x80\x94", true);
	sb_add(sb, " | ");
	md_text(sb, r->failed ? r->failed : "\xE2\x80\x94", true);
	report_human_time(ps->updated_at, when, sizeof(when));
	sb_addf(sb, " | %s |\n", when);
	report_sink_flush(k);
}

static void md_portfolio_end(struct report_sink *k)
{
	fputc('\n', k->out);
}

static void md_each(struct report_sink *k, const struct report_project *rp)
{
	for (; k->owed; k->owed--)
		fputc('\n', k->out);
	md_project(&k->buf, rp);
	/* The document ends with one newline however the last section ended:
	 * hold back the others until another project follows. */
	while (k->buf.len > 1 && k->buf.buf[k->buf.len - 1] == '\n' &&
	       k->buf.buf[k->buf.len - 2] == '\n') {
		k->buf.buf[--k->buf.len] = '\0';
		k->owed++;
	}
	report_sink_flush(k);
}

static void md_end(struct report_sink *k)
{
	k->owed = 0;
}

const struct report_format_ops report_markdown_ops = {
	.recent = true,
	.begin = md_begin,
	.portfolio = md_portfolio,
	.portfolio_end = md_portfolio_end,
	.project = md_each,
	.end = md_end,
};
