/* report_csv.c - the CSV report: one row per project item, for a
 * spreadsheet, with formula-looking cells neutralised. */
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

/* One RFC 4180 field. A spreadsheet runs a cell beginning with =, +, -, @
 * (or a tab or CR before them) as a formula: a leading quote makes it text. */
static void csv_cell(struct strbuf *sb, const char *s, bool first)
{
	if (!first)
		sb_addc(sb, ',');
	if (!s)
		return;
	/* Read by people and spreadsheets: control characters escaped as the
	 * text outputs show them, a CR inside a quoted cell kept. */
	char *safe = str_escape_controls(s, STR_ESC_KEEP_CR);
	s = safe;
	bool neutralise = s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' ||
			  s[0] == '\t' || s[0] == '\r';
	bool quote = neutralise || strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		sb_addc(sb, '"');
	if (neutralise)
		sb_addc(sb, '\'');
	/* Copied in runs up to each quote, which is doubled. */
	for (const char *p = s;;) {
		const char *q = strchr(p, '"');
		if (!q) {
			sb_add(sb, p);
			break;
		}
		sb_addn(sb, p, (size_t)(q - p + 1));
		sb_addc(sb, '"');
		p = q + 1;
	}
	if (quote)
		sb_addc(sb, '"');
	free(safe);
}

static void csv_begin(struct report_sink *k)
{
	/* The byte order mark makes spreadsheets read the file as UTF-8. */
	sb_add(&k->buf, "\xEF\xBB\xBF");
	static const char *const heads[] = {
		"project", "uuid", "template", "owner", "progress", "next_action", "item", "title",
		"section", "status", "note", "reason", "forced_reason", "updated_at", "updated_by"};
	for (size_t i = 0; i < ARRAY_SIZE(heads); i++)
		csv_cell(&k->buf, heads[i], i == 0);
	sb_add(&k->buf, "\r\n");
	report_sink_flush(k);
}

static void csv_each(struct report_sink *k, const struct report_project *rp)
{
	struct strbuf *sb = &k->buf;
	const struct project *p = rp->p;
	char progress[64];
	snprintf(progress, sizeof(progress), "%d/%d", rp->done, rp->total);
	for (size_t i = 0; i < p->tpl->n_items; i++) {
		const struct tpl_item *it = &p->tpl->items[i];
		const struct item_state *is = &p->items[i];
		csv_cell(sb, p->name, true);
		csv_cell(sb, p->uuid, false);
		csv_cell(sb, p->template_id, false);
		csv_cell(sb, p->owner, false);
		csv_cell(sb, progress, false);
		csv_cell(sb, rp->next >= 0 ? p->tpl->items[rp->next].key : "", false);
		csv_cell(sb, it->key, false);
		csv_cell(sb, _(it->title), false);
		csv_cell(sb, it->section, false);
		csv_cell(sb, item_status_name(is->status), false);
		csv_cell(sb, is->note, false);
		csv_cell(sb, is->reason, false);
		csv_cell(sb, is->forced_reason, false);
		csv_cell(sb, is->updated_at, false);
		csv_cell(sb, is->updated_by, false);
		sb_add(sb, "\r\n");
	}
	report_sink_flush(k);
}

static void csv_end(struct report_sink *k)
{
	(void)k;
}

const struct report_format_ops report_csv_ops = {
	.brief = true,
	.begin = csv_begin,
	.project = csv_each,
	.end = csv_end,
};
