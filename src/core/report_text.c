/* report_text.c - the wording the human reports (Markdown, HTML) share:
 * times, percentages, handoffs, history rows and the next action. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "core/report_int.h"
#include "certtrack/i18n.h"
#include "certtrack/util.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Keyed by the message's address: literals and template strings stay put
 * for the whole report. Single-threaded, like the reports. */
#define TR_SLOTS 512
static struct {
	const char *id;
	const char *tr;
} tr_cache[TR_SLOTS];
static const char *status_cache[8];

void report_tr_reset(void)
{
	memset(tr_cache, 0, sizeof(tr_cache));
	memset(status_cache, 0, sizeof(status_cache));
}

const char *report_tr(const char *msgid)
{
	if (!msgid || !*msgid)
		return msgid;
	size_t h = (size_t)(((uintptr_t)msgid >> 3) % TR_SLOTS);
	for (size_t i = 0; i < TR_SLOTS; i++) {
		size_t at = (h + i) % TR_SLOTS;
		if (tr_cache[at].id == msgid)
			return tr_cache[at].tr;
		if (!tr_cache[at].id) {
			tr_cache[at].id = msgid;
			tr_cache[at].tr = gettext(msgid);
			return tr_cache[at].tr;
		}
	}
	return gettext(msgid);
}

const char *report_status_label(enum item_status s)
{
	size_t i = (size_t)s;
	if (i >= ARRAY_SIZE(status_cache))
		return item_status_label(s);
	if (!status_cache[i])
		status_cache[i] = item_status_label(s);
	return status_cache[i];
}

#undef _
#define _(s) report_tr(s)

void report_human_time(const char *iso, char *buf, size_t size)
{
	/* Called for every item and history row: no printf. */
	if (iso && size >= 21 && strlen(iso) >= 16 && iso[10] == 'T') {
		memcpy(buf, iso, 10);
		buf[10] = ' ';
		memcpy(buf + 11, iso + 11, 5);
		memcpy(buf + 16, " UTC", 5);
	} else {
		snprintf(buf, size, "%s", iso ? iso : "");
	}
}

int report_percent(int done, int total)
{
	return total > 0 ? (int)((100LL * done) / total) : 100;
}

char *report_handoff_text(const struct event *e)
{
	char when[64];
	report_human_time(e->at, when, sizeof(when));
	if (e->note)
		return xasprintf(_("handed from %s to %s on %s: %s"), e->old_value ? e->old_value : "?",
				 e->new_value ? e->new_value : "?", when, e->note);
	return xasprintf(_("handed from %s to %s on %s"), e->old_value ? e->old_value : "?",
			 e->new_value ? e->new_value : "?", when);
}

char *report_event_text(const struct event *e)
{
	struct strbuf sb = {0};
	sb_add(&sb, e->what ? e->what : "");
	if (e->key) {
		sb_addc(&sb, ' ');
		sb_add(&sb, e->key);
	}
	if (e->old_value || e->new_value) {
		sb_add(&sb, ": ");
		sb_add(&sb, e->old_value ? e->old_value : _("(none)"));
		sb_add(&sb, " \xE2\x86\x92 ");
		sb_add(&sb, e->new_value ? e->new_value : _("(none)"));
	}
	if (e->note) {
		sb_add(&sb, " (");
		sb_add(&sb, e->note);
		sb_addc(&sb, ')');
	}
	return sb_detach(&sb);
}

const struct build_record *report_latest_build(const struct report_project *rp)
{
	return rp->n_builds ? &rp->builds[0] : NULL;
}

const struct scan_record *report_latest_scan(const struct report_project *rp)
{
	return rp->n_builds && rp->n_scans[0] ? &rp->scans[0][0] : NULL;
}

bool report_policy_failed(const struct scan_result *r)
{
	return str_eq(r->status, "fail");
}

char *report_next_action_text(const struct report_project *rp)
{
	if (rp->next < 0)
		return xstrdup(_("nothing left: every item is done"));
	const struct tpl_item *it = &rp->p->tpl->items[rp->next];
	return xasprintf("%s (%s)", _(it->title), it->key);
}

void report_sink_flush(struct report_sink *k)
{
	if (k->buf.len)
		fwrite(k->buf.buf, 1, k->buf.len, k->out);
	sb_reset(&k->buf);
}
