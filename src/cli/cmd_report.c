/* cmd_report.c - report, import, merge and backup: what leaves the
 * database and what comes back into it. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "cli.h"

#include "certtrack/i18n.h"
#include "certtrack/jsonout.h"
#include "certtrack/merge.h"
#include "certtrack/report.h"
#include "certtrack/util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* An import file larger than this is not a report. */
#define IMPORT_MAX_BYTES (256L * 1024 * 1024)

enum {
	OPT_FORMAT = OPT_FIRST_COMMAND_OPTION,
	OPT_OUTPUT,
	OPT_FORCE,
	OPT_DRY_RUN,
	OPT_OURS,
	OPT_THEIRS,
	OPT_TAKE,
	OPT_RENAME,
};

struct report_opts {
	const char *format;
	const char *output;
	bool force;
	bool dry_run;
};

static int report_opt(void *ud, int opt, const char *arg)
{
	struct report_opts *o = ud;
	switch (opt) {
	case OPT_FORMAT:
		o->format = arg;
		break;
	case 'o':
	case OPT_OUTPUT:
		o->output = arg;
		break;
	case OPT_FORCE:
		o->force = true;
		break;
	case OPT_DRY_RUN:
		o->dry_run = true;
		break;
	default:
		return CT_USAGE;
	}
	return 0;
}

/* cli_parse knows long options only; -o FILE and -oFILE are turned into
 * --output before it runs. */
static char **expand_short_o(int argc, char **argv, char ***owned, size_t *n_owned)
{
	char **v = xcalloc((size_t)argc * 2 + 1, sizeof(*v));
	int k = 0;
	*owned = xcalloc((size_t)argc + 1, sizeof(**owned));
	*n_owned = 0;
	bool operands = false;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (!operands && strcmp(a, "--") == 0)
			operands = true;
		if (!operands && strcmp(a, "-o") == 0) {
			v[k++] = (char *)"--output";
		} else if (!operands && strncmp(a, "-o", 2) == 0) {
			char *opt = xasprintf("--output=%s", a + 2);
			(*owned)[(*n_owned)++] = opt;
			v[k++] = opt;
		} else {
			v[k++] = argv[i];
		}
	}
	v[k] = NULL;
	return v;
}

int cmd_report(struct cli *c, int argc, char **argv)
{
	const struct cli_command *cmd = cli_command_find("report");
	static const struct option opts[] = {
		{"format", required_argument, NULL, OPT_FORMAT},
		{"output", required_argument, NULL, OPT_OUTPUT},
		{"force", no_argument, NULL, OPT_FORCE},
		{NULL, 0, NULL, 0},
	};
	struct report_opts o = {0};
	char **owned;
	size_t n_owned;
	char **args = expand_short_o(argc, argv, &owned, &n_owned);
	int first, rc = cli_parse(c, cmd, argc, args, opts, report_opt, &o, &first);
	enum report_format f = REPORT_MARKDOWN;
	if (rc)
		goto out;
	if (o.format) {
		if (!report_format_parse(o.format, &f)) {
			rc = cli_usage_error(cmd, _("unknown format \"%s\"; use json, markdown, html or csv"),
					     o.format);
			goto out;
		}
	} else if (o.output && strcmp(o.output, "-") != 0 && report_format_from_path(o.output, &f)) {
		/* status.html is meant as HTML. */
	} else if (c->json) {
		f = REPORT_JSON;
	}
	if (f == REPORT_JSON)
		cli_machine_output();
	else if (f == REPORT_HTML)
		cli_safeout_raw_stdout(); /* the HTML writer replaces every control */
	if (o.output && !*o.output) {
		rc = cli_usage_error(cmd, _("-o needs a file name, or - for standard output"));
		goto out;
	}
	if ((rc = cli_open(c)))
		goto out;
	struct ct_error err;
	ct_error_clear(&err);
	const char *const *refs = (const char *const *)(args + first);
	size_t n = (size_t)(argc - first);
	if (!o.output || strcmp(o.output, "-") == 0) {
		/* Streamed: written as each project is loaded. */
		if (report_write(&c->sess.ops, f, refs, n, stdout, NULL, &err)) {
			rc = cli_fail(c, &err, NULL);
		} else if (ferror(stdout) || fflush(stdout) != 0) {
			fprintf(stderr, _("certtrack: cannot write the report to standard output: %s\n"),
				strerror(errno));
			rc = CT_SYSTEM;
		}
	} else if (report_export(&c->sess.ops, f, refs, n, o.output, o.force, NULL, &err)) {
		rc = cli_fail(c, &err, NULL);
	} else if (c->json) {
		cli_print_json(jsonout_result(1, NULL, NULL, NULL));
	} else {
		fprintf(stderr, _("certtrack: wrote the %s report to %s\n"), report_format_name(f),
			o.output);
	}
out:
	for (size_t i = 0; i < n_owned; i++)
		free(owned[i]);
	free(owned);
	free(args);
	return rc;
}

/* Reads a whole file (or standard input for "-"); NULL with a message
 * printed on failure. */
static char *read_all(const char *path, size_t *len, int *rc)
{
	FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (!fp) {
		fprintf(stderr, _("certtrack: cannot read %s: %s\n"), path, strerror(errno));
		*rc = errno == ENOENT || errno == EACCES ? CT_USAGE : CT_SYSTEM;
		return NULL;
	}
	struct stat sb;
	if (fstat(fileno(fp), &sb) == 0 && S_ISDIR(sb.st_mode)) {
		fprintf(stderr, _("certtrack: %s is a folder; give the JSON report file\n"), path);
		fclose(fp);
		*rc = CT_USAGE;
		return NULL;
	}
	struct strbuf sb2 = {0};
	char buf[65536];
	size_t got;
	while ((got = fread(buf, 1, sizeof(buf), fp)) > 0) {
		sb_addn(&sb2, buf, got);
		if (sb2.len > (size_t)IMPORT_MAX_BYTES) {
			fprintf(stderr, _("certtrack: %s is larger than %ld MiB; it is not a certtrack report\n"),
				path, IMPORT_MAX_BYTES / (1024 * 1024));
			sb_free(&sb2);
			if (fp != stdin)
				fclose(fp);
			*rc = CT_DATA;
			return NULL;
		}
	}
	bool failed = ferror(fp);
	if (fp != stdin)
		fclose(fp);
	if (failed) {
		fprintf(stderr, _("certtrack: cannot read %s: %s\n"), path, strerror(errno));
		sb_free(&sb2);
		*rc = CT_SYSTEM;
		return NULL;
	}
	*len = sb2.len;
	return sb2.buf ? sb_detach(&sb2) : xstrdup("");
}

static void print_change(const struct import_change *ch, bool dry_run)
{
	const char *old = ch->old_value ? ch->old_value : _("(none)");
	const char *nv = ch->new_value ? ch->new_value : _("(none)");
	switch (ch->action) {
	case IMPORT_CREATE:
		printf(dry_run ? _("would create %s (%s)\n") : _("created %s (%s)\n"), ch->project,
		       ch->uuid);
		break;
	case IMPORT_HISTORY:
		printf(dry_run ? _("%s: would add %s history rows\n") : _("%s: added %s history rows\n"),
		       ch->project, nv);
		break;
	case IMPORT_RECORD:
		if (ch->old_value && !ch->new_value)
			printf(dry_run ? _("%s: would remove %s %s\n") : _("%s: removed %s %s\n"),
			       ch->project, ch->what, old);
		else if (ch->old_value)
			printf(dry_run ? _("%s: would set %s %s -> %s\n") : _("%s: set %s %s -> %s\n"),
			       ch->project, ch->what, old, nv);
		else
			printf(dry_run ? _("%s: would add %s %s\n") : _("%s: added %s %s\n"), ch->project,
			       ch->what, nv);
		break;
	default:
		printf(dry_run ? _("%s: would set %s: %s -> %s\n") : _("%s: set %s: %s -> %s\n"),
		       ch->project, ch->what, old, nv);
		break;
	}
}

static const char *or_none(const char *v)
{
	return v ? v : _("(none)");
}

/* Each conflict: project, key, base -> ours / theirs, who and when. */
static void print_conflicts(const struct merge_result *r)
{
	for (size_t i = 0; i < r->n_conflicts; i++) {
		const struct merge_conflict *x = &r->conflicts[i];
		if (x->resolved == MERGE_ASK)
			printf(_("CONFLICT %s: %s: %s -> ours: %s (%s, %s) / theirs: %s (%s, %s)\n"),
			       x->project, x->key, or_none(x->base), or_none(x->ours), x->ours_by,
			       x->ours_at, or_none(x->theirs), x->theirs_by, x->theirs_at);
		else
			printf(_("resolved %s: %s: kept %s (ours: %s, theirs: %s)\n"), x->project, x->key,
			       x->resolved == MERGE_OURS ? _("ours") : _("theirs"), or_none(x->ours),
			       or_none(x->theirs));
	}
}

/* What a merge (or an import) did, or why it did nothing. */
static int merge_finish(struct cli *c, enum ct_status s, const struct merge_result *r,
			const struct ct_error *err, bool dry_run, bool import)
{
	if (s && s != CT_FAILED)
		return cli_fail(c, err, NULL);
	if (c->json) {
		if (s) {
			fprintf(stderr, "certtrack: %s\n", err->msg);
			cli_print_json(merge_result_json(r, dry_run));
		} else {
			cli_print_json(import ? import_result_json(&r->applied, dry_run)
					      : merge_result_json(r, dry_run));
		}
		return s;
	}
	print_conflicts(r);
	if (s) {
		fprintf(stderr, "certtrack: %s\n", err->msg);
		return s;
	}
	const struct import_result *a = &r->applied;
	for (size_t i = 0; i < a->n; i++)
		print_change(&a->v[i], dry_run);
	if (dry_run)
		printf(_("dry run: %zu to create, %zu to update, %zu unchanged, %zu history rows to add; nothing was written\n"),
		       a->created, a->updated, a->unchanged, a->history);
	else if (import)
		printf(_("imported: %zu created, %zu updated, %zu unchanged, %zu history rows added\n"),
		       a->created, a->updated, a->unchanged, a->history);
	else
		printf(_("merged: %zu created, %zu updated, %zu unchanged, %zu history rows added\n"),
		       a->created, a->updated, a->unchanged, a->history);
	return 0;
}

int cmd_import(struct cli *c, int argc, char **argv)
{
	const struct cli_command *cmd = cli_command_find("import");
	static const struct option opts[] = {
		{"dry-run", no_argument, NULL, OPT_DRY_RUN},
		{NULL, 0, NULL, 0},
	};
	struct report_opts o = {0};
	int first, rc = cli_parse(c, cmd, argc, argv, opts, report_opt, &o, &first);
	if (rc)
		return rc;
	if (argc - first != 1)
		return cli_usage_error(cmd, _("give one JSON report file (or - for standard input)"));
	const char *path = argv[first];
	size_t len;
	char *data = read_all(path, &len, &rc);
	if (!data)
		return rc;
	if ((rc = cli_open(c))) {
		free(data);
		return rc;
	}
	struct ct_error err;
	ct_error_clear(&err);
	struct merge_result res;
	enum ct_status s = import_json(&c->sess.ops, strcmp(path, "-") == 0 ? _("standard input") : path,
				       data, len, o.dry_run, &res, &err);
	free(data);
	rc = merge_finish(c, s, &res, &err, o.dry_run, true);
	merge_result_free(&res);
	return rc;
}

#define MERGE_MAX_TAKES 256

struct merge_cli_opts {
	bool dry_run;
	enum merge_side all;
	struct merge_take take[MERGE_MAX_TAKES];
	size_t n_take;
	struct merge_rename rename[MERGE_MAX_TAKES];
	size_t n_rename;
};

static int merge_opt(void *ud, int opt, const char *arg)
{
	struct merge_cli_opts *o = ud;
	const struct cli_command *cmd = cli_command_find("merge");
	switch (opt) {
	case OPT_DRY_RUN:
		o->dry_run = true;
		break;
	case OPT_OURS:
	case OPT_THEIRS: {
		enum merge_side side = opt == OPT_OURS ? MERGE_OURS : MERGE_THEIRS;
		if (o->all != MERGE_ASK && o->all != side)
			return cli_usage_error(cmd, _("give --ours or --theirs, not both"));
		o->all = side;
		break;
	}
	case OPT_TAKE: {
		const char *eq = strrchr(arg, '=');
		enum merge_side side;
		if (!eq || eq == arg)
			return cli_usage_error(cmd, _("--take %s: give KEY=ours or KEY=theirs"), arg);
		if (strcmp(eq + 1, "ours") == 0)
			side = MERGE_OURS;
		else if (strcmp(eq + 1, "theirs") == 0)
			side = MERGE_THEIRS;
		else
			return cli_usage_error(cmd, _("--take %s: give KEY=ours or KEY=theirs"), arg);
		if (o->n_take == MERGE_MAX_TAKES)
			return cli_usage_error(cmd, _("at most %d --take options; use --ours or --theirs for the rest"),
					       MERGE_MAX_TAKES);
		/* The key points into argv, which outlives the command. */
		o->take[o->n_take].key = arg;
		o->take[o->n_take].side = side;
		((char *)arg)[eq - arg] = '\0';
		o->n_take++;
		break;
	}
	case OPT_RENAME: {
		const char *eq = strchr(arg, '=');
		if (!eq || eq == arg || !eq[1])
			return cli_usage_error(cmd, _("--rename %s: give THEIRNAME=NEWNAME"), arg);
		if (o->n_rename == MERGE_MAX_TAKES)
			return cli_usage_error(cmd, _("at most %d --rename options"), MERGE_MAX_TAKES);
		/* Both names point into argv, which outlives the command. */
		((char *)arg)[eq - arg] = '\0';
		o->rename[o->n_rename].from = arg;
		o->rename[o->n_rename].to = eq + 1;
		o->n_rename++;
		break;
	}
	default:
		return CT_USAGE;
	}
	return 0;
}

int cmd_merge(struct cli *c, int argc, char **argv)
{
	const struct cli_command *cmd = cli_command_find("merge");
	static const struct option opts[] = {
		{"dry-run", no_argument, NULL, OPT_DRY_RUN},
		{"ours", no_argument, NULL, OPT_OURS},
		{"theirs", no_argument, NULL, OPT_THEIRS},
		{"take", required_argument, NULL, OPT_TAKE},
		{"rename", required_argument, NULL, OPT_RENAME},
		{NULL, 0, NULL, 0},
	};
	struct merge_cli_opts *o = xcalloc(1, sizeof(*o));
	int first, rc = cli_parse(c, cmd, argc, argv, opts, merge_opt, o, &first);
	if (!rc && argc - first != 1)
		rc = cli_usage_error(cmd, _("give one other database file or JSON report"));
	if (!rc)
		rc = cli_open(c);
	if (rc) {
		free(o);
		return rc;
	}
	const char *self = c->sess.db && *c->sess.db ? c->sess.db : getenv("CERTTRACK_DB");
	if (!self || !*self)
		self = c->sess.default_db;
	/* A server is not a file the other copy could be. */
	if (self && !store_target_is_file(self))
		self = NULL;
	struct merge_opts mo = {.dry_run = o->dry_run, .all = o->all, .take = o->take,
				.n_take = o->n_take, .rename = o->rename, .n_rename = o->n_rename};
	struct ct_error err;
	ct_error_clear(&err);
	struct merge_result res;
	enum ct_status s = merge_file(&c->sess.ops, argv[first], self, &mo, &res, &err);
	rc = merge_finish(c, s, &res, &err, o->dry_run, false);
	merge_result_free(&res);
	free(o);
	return rc;
}

int cmd_backup(struct cli *c, int argc, char **argv)
{
	const struct cli_command *cmd = cli_command_find("backup");
	static const struct option opts[] = {
		{"force", no_argument, NULL, OPT_FORCE},
		{NULL, 0, NULL, 0},
	};
	struct report_opts o = {0};
	int first, rc = cli_parse(c, cmd, argc, argv, opts, report_opt, &o, &first);
	if (rc)
		return rc;
	if (argc - first != 1)
		return cli_usage_error(cmd, _("give the file to write the copy to"));
	if ((rc = cli_open(c)))
		return rc;
	struct ct_error err;
	ct_error_clear(&err);
	if (store_backup(c->sess.st, argv[first], o.force, &err))
		return cli_fail(c, &err, NULL);
	if (c->json)
		cli_print_json(jsonout_result(1, NULL, NULL, NULL));
	else
		printf(_("copied the database to %s (checked; a single file, safe to mail)\n"), argv[first]);
	return 0;
}
