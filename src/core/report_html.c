/* report_html.c - the HTML report: one self-contained file (no scripts,
 * nothing fetched) for a browser or a printer, written a project at a time. */
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

/* Whether an ASCII byte is written as it is: not markup, a quote, a
 * carriage return, DEL or another control character (not allowed in HTML
 * text). */
static bool html_plain(unsigned char ch)
{
	return ch >= 0x20 ? ch != '&' && ch != '<' && ch != '>' && ch != '"' && ch != '\'' &&
				    ch != 0x7F
			  : ch == '\n' || ch == '\t';
}

/* Text and attribute values. Controls (C0 but tab and newline, DEL, C1)
 * and bytes that are not UTF-8 become U+FFFD, so that the document holds
 * nothing a terminal would obey when it is shown with cat. */
static void html_text(struct strbuf *sb, const char *s)
{
	const char *p = s ? s : "";
	size_t left = strlen(p);
	while (left) {
		/* Runs of plain text are copied at once. */
		size_t run = 0;
		for (;;) {
			unsigned char ch = (unsigned char)p[run];
			if (ch < 0x80 && ch && html_plain(ch)) {
				run++;
				continue;
			}
			uint32_t cp;
			size_t k = ch >= 0x80 ? utf8_char(p + run, left - run, &cp) : 0;
			if (k == 0 || char_is_control(cp))
				break;
			run += k;
		}
		if (run)
			sb_addn(sb, p, run);
		p += run;
		left -= run;
		if (!left)
			break;
		size_t skip = 1;
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
		default: {
			uint32_t cp;
			size_t k = utf8_char(p, left, &cp);
			skip = k ? k : 1;
			sb_add(sb, "\xEF\xBF\xBD");
		}
		}
		p += skip;
		left -= skip;
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
	"table.portfolio .bar{width:5rem}table.portfolio td{white-space:normal}"
	"section.portfolio h2{break-before:auto}"
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

/* A number in decimal, without printf (called for every row). */
static void add_int(struct strbuf *sb, int v)
{
	char buf[16];
	size_t i = sizeof(buf);
	unsigned u = v < 0 ? 0u - (unsigned)v : (unsigned)v;
	do
		buf[--i] = (char)('0' + u % 10);
	while ((u /= 10) && i > 1);
	if (v < 0)
		buf[--i] = '-';
	sb_addn(sb, buf + i, sizeof(buf) - i);
}

static void html_bar(struct strbuf *sb, int done, int total)
{
	int pct = report_percent(done, total);
	sb_add(sb, "<span class=\"bar\" role=\"img\" aria-label=\"");
	add_int(sb, pct);
	sb_add(sb, "%\"><span style=\"width:");
	add_int(sb, pct);
	sb_add(sb, "%\"></span></span>");
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
	sb_add(sb, "<section class=\"project\" id=\"p-");
	html_text(sb, p->uuid);
	sb_add(sb, "\">\n<h2>");
	html_text(sb, p->name);
	sb_add(sb, "</h2>\n<dl>\n<dt>");
	html_text(sb, _("Progress"));
	sb_add(sb, "</dt><dd>");
	html_bar(sb, rp->done, rp->total);
	add_int(sb, rp->done);
	sb_addc(sb, '/');
	add_int(sb, rp->total);
	sb_add(sb, " (");
	add_int(sb, report_percent(rp->done, rp->total));
	sb_add(sb, "%)</dd>\n");
	char *next = report_next_action_text(rp);
	html_dd(sb, _("Next action"), next);
	free(next);
	html_dd(sb, _("Owner"), p->owner);
	html_dd(sb, _("Template"), p->template_id);
	html_dd(sb, _("UUID"), p->uuid);
	const struct build_record *b = report_latest_build(rp);
	if (b) {
		char *image = records_image_ref(p, b->tag);
		char *t = xasprintf("%s \xE2\x80\x94 %s", image, build_result_name(b->result));
		html_dd(sb, _("Latest build"), t);
		free(t);
		free(image);
	}
	if (rp->published) {
		report_human_time(rp->published_at, when, sizeof(when));
		char *t = xasprintf("%s%s%s", when, rp->published_by ? " \xC2\xB7 " : "",
				    rp->published_by ? rp->published_by : "");
		html_dd(sb, _("Published"), t);
		free(t);
	}
	report_human_time(p->updated_at, when, sizeof(when));
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
	const struct scan_record *scan = report_latest_scan(rp);
	size_t failed = 0;
	for (size_t i = 0; scan && i < scan->n_results; i++)
		failed += report_policy_failed(&scan->results[i]);
	if (!rp->problems.n && !failed) {
		sb_add(sb, "<p>");
		html_text(sb, _("None."));
		sb_add(sb, "</p>\n");
	} else {
		sb_add(sb, "<ul>\n");
		/* The latest scan's failed policies, each with its fix,
		 * first: they are errors. */
		for (size_t i = 0; scan && i < scan->n_results; i++) {
			const struct scan_result *r = &scan->results[i];
			if (!report_policy_failed(r))
				continue;
			sb_add(sb, "<li><span class=\"error\">");
			html_text(sb, _("error"));
			sb_add(sb, "</span> <code>scan</code> ");
			html_text(sb, r->policy);
			sb_add(sb, ": ");
			html_text(sb, r->message ? r->message : _("the policy failed in the latest scan"));
			if (r->fix) {
				sb_add(sb, " \xE2\x80\x94 ");
				html_text(sb, r->fix);
			}
			sb_add(sb, "</li>\n");
		}
		for (size_t i = 0; i < rp->problems.n; i++) {
			const struct problem *pr = &rp->problems.v[i];
			bool e = pr->severity == CT_SEV_ERROR;
			sb_add(sb, e ? "<li><span class=\"error\">" : "<li><span class=\"warning\">");
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
		char *h = report_handoff_text(e);
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
		sb_add(sb, "</code></td><td class=\"st ");
		sb_add(sb, status_class(is->status));
		sb_add(sb, "\">");
		html_text(sb, report_status_label(is->status));
		sb_add(sb, "</td><td class=\"note\">");
		html_text(sb, is->note);
		sb_add(sb, "</td><td class=\"note\">");
		html_text(sb, is->forced_reason ? is->forced_reason : is->reason);
		sb_add(sb, "</td><td>");
		if (is->updated_at) {
			report_human_time(is->updated_at, when, sizeof(when));
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
			report_human_time(e->at, when, sizeof(when));
			char *t = report_event_text(e);
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

static void html_begin(struct report_sink *k)
{
	struct strbuf *sb = &k->buf;
	char when[64];
	report_human_time(k->h->generated_at, when, sizeof(when));
	/* No scripts and nothing fetched: the policy makes a browser refuse
	 * both even if a value ever slipped through unescaped. */
	sb_add(sb, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		   "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
		   "style-src 'unsafe-inline'; img-src data:\">\n"
		   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		   "<meta name=\"generator\" content=\"certtrack\">\n<title>");
	html_text(sb, _("Certification status"));
	sb_add(sb, " \xE2\x80\x94 ");
	html_text(sb, when);
	sb_addf(sb, "</title>\n<style>%s</style>\n</head>\n<body>\n<h1>", html_css);
	html_text(sb, _("Certification status"));
	sb_add(sb, "</h1>\n<p class=\"meta\">");
	char *meta = xasprintf(_("Generated %s by %s"), when,
			       k->h->generated_by ? k->h->generated_by : "");
	html_text(sb, meta);
	free(meta);
	sb_add(sb, " \xC2\xB7 ");
	char *count = xasprintf(P_("%zu project", "%zu projects", k->h->n), k->h->n);
	html_text(sb, count);
	free(count);
	sb_add(sb, "</p>\n");
	if (!k->h->n) {
		sb_add(sb, "<p>");
		html_text(sb, _("No projects."));
		sb_add(sb, "</p>\n");
	}
	report_sink_flush(k);
}

/* The portfolio: one row per project, each linking to its section. */
static void html_portfolio(struct report_sink *k, const struct report_row *r)
{
	struct strbuf *sb = &k->buf;
	const struct project_summary *ps = r->s;
	char when[64];
	if (!k->rows++) {
		sb_add(sb, "<section class=\"portfolio\">\n<h2>");
		html_text(sb, _("Portfolio"));
		sb_add(sb, "</h2>\n<table class=\"portfolio\">\n<thead><tr>");
		const char *heads[] = {_("Project"), _("Progress"), _("Owner"), _("Next action"),
				       _("Blocked"), _("Failed scan policies"), _("Last change")};
		for (size_t i = 0; i < ARRAY_SIZE(heads); i++) {
			sb_add(sb, "<th>");
			html_text(sb, heads[i]);
			sb_add(sb, "</th>");
		}
		sb_add(sb, "</tr></thead>\n<tbody>\n");
	}
	sb_add(sb, "<tr><td><a href=\"#p-");
	html_text(sb, ps->uuid);
	sb_add(sb, "\">");
	html_text(sb, ps->name);
	sb_add(sb, "</a></td><td>");
	html_bar(sb, ps->done, ps->total);
	add_int(sb, ps->done);
	sb_addc(sb, '/');
	add_int(sb, ps->total);
	sb_add(sb, "</td><td>");
	html_text(sb, ps->owner);
	sb_add(sb, "</td><td>");
	html_text(sb, r->next);
	sb_add(sb, r->blocked ? "</td><td class=\"st-blocked\">" : "</td><td>");
	html_text(sb, r->blocked ? r->blocked : "\xE2\x80\x94");
	sb_add(sb, r->failed ? "</td><td class=\"error\">" : "</td><td>");
	html_text(sb, r->failed ? r->failed : "\xE2\x80\x94");
	report_human_time(ps->updated_at, when, sizeof(when));
	sb_add(sb, "</td><td>");
	html_text(sb, when);
	sb_add(sb, "</td></tr>\n");
	report_sink_flush(k);
}

static void html_portfolio_end(struct report_sink *k)
{
	fputs("</tbody>\n</table>\n</section>\n", k->out);
}

static void html_each(struct report_sink *k, const struct report_project *rp)
{
	html_project(&k->buf, rp);
	report_sink_flush(k);
}

static void html_end(struct report_sink *k)
{
	fputs("</body>\n</html>\n", k->out);
}

const struct report_format_ops report_html_ops = {
	.recent = true,
	.begin = html_begin,
	.portfolio = html_portfolio,
	.portfolio_end = html_portfolio_end,
	.project = html_each,
	.end = html_end,
};
