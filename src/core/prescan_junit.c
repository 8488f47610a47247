/* prescan_junit.c - the pre-scan report as JUnit XML, for CI pipelines
 * that show test reports (`certtrack lint --format junit`): one testsuite
 * for the Dockerfile, one testcase per policy. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "certtrack/i18n.h"
#include "certtrack/prescan.h"
#include "certtrack/util.h"

#include <stdlib.h>
#include <string.h>

/* Text as XML character data or an attribute value: markup characters
 * escaped, and control characters XML 1.0 cannot carry dropped. */
static void xml_text(struct strbuf *sb, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
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
		case '\n':
			sb_add(sb, "&#10;");
			break;
		case '\t':
			sb_add(sb, "&#9;");
			break;
		default:
			if (*p >= 0x20)
				sb_addc(sb, (char)*p);
		}
	}
}

static void attr(struct strbuf *sb, const char *name, const char *value)
{
	sb_addf(sb, " %s=\"", name);
	xml_text(sb, value);
	sb_addc(sb, '"');
}

static char *with_line(const struct prescan_report *r, const struct prescan_result *x)
{
	if (x->line > 0)
		return xasprintf("%s:%d: %s", r->file, x->line, x->message ? x->message : "");
	return xasprintf("%s: %s", r->file, x->message ? x->message : "");
}

char *prescan_report_junit(const struct prescan_report *r)
{
	size_t failures = 0, skipped = 0, errors = r->error ? 1 : 0;
	for (size_t i = 0; i < r->n; i++) {
		if (r->error)
			continue; /* nothing was checked: the error says why */
		failures += r->results[i].status == PRESCAN_FAIL;
		skipped += r->results[i].status == PRESCAN_UNKNOWN;
	}
	size_t tests = (r->error ? 0 : r->n) + errors;
	struct strbuf sb = {0};
	sb_add(&sb, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites");
	attr(&sb, "name", "certtrack lint");
	sb_addf(&sb, " tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\">\n", tests,
		failures, errors, skipped);
	sb_add(&sb, "  <testsuite");
	attr(&sb, "name", r->file);
	sb_addf(&sb, " tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\">\n", tests,
		failures, errors, skipped);
	if (r->error) {
		sb_add(&sb, "    <testcase");
		attr(&sb, "classname", "certtrack.lint");
		attr(&sb, "name", "dockerfile");
		attr(&sb, "file", r->file);
		if (r->error_line > 0)
			sb_addf(&sb, " line=\"%d\"", r->error_line);
		sb_add(&sb, ">\n      <error");
		attr(&sb, "message", r->error);
		attr(&sb, "type", r->limit || r->not_text ? "data" : "parse");
		sb_addc(&sb, '>');
		char *body = r->error_line > 0
				 ? xasprintf("%s:%d: %s", r->file, r->error_line, r->error)
				 : xasprintf("%s: %s", r->file, r->error);
		xml_text(&sb, body);
		free(body);
		if (r->error_fix) {
			sb_add(&sb, "&#10;");
			char *fix = xasprintf(_("fix: %s"), r->error_fix);
			xml_text(&sb, fix);
			free(fix);
		}
		sb_add(&sb, "</error>\n    </testcase>\n");
	}
	for (size_t i = 0; i < r->n && !r->error; i++) {
		const struct prescan_result *x = &r->results[i];
		sb_add(&sb, "    <testcase");
		attr(&sb, "classname", "certtrack.lint");
		attr(&sb, "name", x->policy);
		attr(&sb, "file", r->file);
		if (x->line > 0)
			sb_addf(&sb, " line=\"%d\"", x->line);
		char *text = with_line(r, x);
		if (x->status == PRESCAN_PASS) {
			sb_add(&sb, "/>\n");
		} else if (x->status == PRESCAN_FAIL) {
			sb_add(&sb, ">\n      <failure");
			attr(&sb, "message", x->message);
			attr(&sb, "type", x->preflight ? x->preflight : x->policy);
			sb_addc(&sb, '>');
			xml_text(&sb, text);
			if (x->fix) {
				sb_add(&sb, "&#10;");
				char *fix = xasprintf(_("fix: %s"), x->fix);
				xml_text(&sb, fix);
				free(fix);
			}
			sb_add(&sb, "</failure>\n    </testcase>\n");
		} else if (x->status == PRESCAN_UNKNOWN) {
			sb_add(&sb, ">\n      <skipped");
			attr(&sb, "message", x->message);
			sb_add(&sb, "/>\n    </testcase>\n");
		} else {
			/* a warning does not fail: shown as the test's output */
			sb_add(&sb, ">\n      <system-out>");
			char *w = x->fix ? xasprintf(_("warning: %s; fix: %s"), text, x->fix)
					 : xasprintf(_("warning: %s"), text);
			xml_text(&sb, w);
			free(w);
			sb_add(&sb, "</system-out>\n    </testcase>\n");
		}
		free(text);
	}
	sb_add(&sb, "  </testsuite>\n</testsuites>\n");
	return sb_detach(&sb);
}
