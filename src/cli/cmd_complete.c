/* cmd_complete.c - shell completion, computed by the program itself from
 * the command table (cli_commands[]: each command's usage line says its
 * options and operands), the templates and the database: the bash script
 * in contrib/bash-completion asks
 *
 *     certtrack __complete INDEX WORD...
 *
 * for the candidates of WORD[INDEX] (the words after "certtrack") and
 * prints them one per line; "__files__" alone asks the shell to complete
 * file names. Hidden: not in --help. Errors print nothing. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "cli.h"

#include "certtrack/util.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FILES "__files__"

/* What the usage line says of one alternative: its options (with the
 * placeholder of their value, or NULL) and its operands in order. */
struct usage_alt {
	struct strlist opts, opt_args; /* opt_args[i]: "" for a flag */
	struct strlist operands;       /* PROJECT, ITEM, add, FIELD=VALUE ... */
	bool repeats;                  /* the last operand may repeat ("...") */
};

static bool is_placeholder(const char *w)
{
	/* PROJECT, FIELD=VALUE, results.json: not a literal word to type. */
	for (const char *p = w; *p; p++)
		if ((*p >= 'A' && *p <= 'Z') || *p == '.' || *p == '=')
			return true;
	return false;
}

/* Splits a usage line into its alternatives (" | "). */
static size_t usage_parse(const char *args, struct usage_alt *alts, size_t max)
{
	char *copy = xstrdup(args);
	size_t n = 0;
	char *text = copy;
	while (n < max) {
		char *bar = strstr(text, " | ");
		if (bar)
			*bar = '\0';
		struct usage_alt *a = &alts[n++];
		memset(a, 0, sizeof(*a));
		char *save = NULL, *prev_opt = NULL;
		for (char *tok = strtok_r(text, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
			while (*tok == '[')
				tok++;
			size_t len = strlen(tok);
			while (len && tok[len - 1] == ']')
				tok[--len] = '\0';
			if (!len)
				continue;
			if (strcmp(tok, "...") == 0) {
				a->repeats = true;
				continue;
			}
			if (tok[0] == '-') {
				strlist_add(&a->opts, tok);
				strlist_add(&a->opt_args, "");
				prev_opt = tok;
				continue;
			}
			if (prev_opt && (is_placeholder(tok) || strchr(tok, '|'))) {
				/* the value of the option just before */
				free(a->opt_args.v[a->opt_args.n - 1]);
				a->opt_args.v[a->opt_args.n - 1] = xstrdup(tok);
				prev_opt = NULL;
				continue;
			}
			prev_opt = NULL;
			strlist_add(&a->operands, tok);
		}
		if (!bar)
			break;
		text = bar + 3;
	}
	free(copy);
	return n;
}

static void usage_free(struct usage_alt *alts, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		strlist_free(&alts[i].opts);
		strlist_free(&alts[i].opt_args);
		strlist_free(&alts[i].operands);
	}
}

/* The value placeholder of option opt in any alternative: NULL when it is
 * not an option of the command, "" for a flag. */
static const char *option_arg(const struct usage_alt *alts, size_t n, const char *opt)
{
	static const char *const common_arg[] = {"--db", "FILE", "--templates", "DIR",
						 "--user", "NAME", NULL};
	for (size_t i = 0; common_arg[i]; i += 2)
		if (strcmp(opt, common_arg[i]) == 0)
			return common_arg[i + 1];
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < alts[i].opts.n; k++)
			if (strcmp(alts[i].opts.v[k], opt) == 0)
				return alts[i].opt_args.v[k];
	return NULL;
}

struct out {
	const char *prefix;
	struct strlist seen;
};

static void put(struct out *o, const char *cand)
{
	if (strncmp(cand, o->prefix, strlen(o->prefix)) != 0)
		return;
	for (size_t i = 0; i < o->seen.n; i++)
		if (strcmp(o->seen.v[i], cand) == 0)
			return;
	strlist_add(&o->seen, cand);
	printf("%s\n", cand);
}

/* The options every command takes (cli.h's CLI_COMMON_OPTIONS), and
 * --version before a command. */
static void put_common(struct out *o, bool with_version)
{
	static const struct option common[] = {CLI_COMMON_OPTIONS, {NULL, 0, NULL, 0}};
	for (const struct option *op = common; op->name; op++) {
		if (strcmp(op->name, "colour") == 0)
			continue; /* an alias: --color is offered */
		char *w = xasprintf("--%s", op->name);
		put(o, w);
		free(w);
	}
	if (with_version)
		put(o, "--version");
}

static void put_projects(struct cli *c, struct out *o)
{
	struct project_summary *v;
	size_t n;
	struct ct_error err;
	ct_error_clear(&err);
	if (!c->sess.st || store_project_list(c->sess.st, &v, &n, &err))
		return;
	for (size_t i = 0; i < n; i++)
		put(o, v[i].name);
	project_summaries_free(v, n);
}

/* The template of the project named ref, or the default one. */
static const struct template *template_of(struct cli *c, const char *ref)
{
	struct ct_error err;
	ct_error_clear(&err);
	if (ref) {
		struct project *p;
		if (!c->sess.st || ops_project_load(&c->sess.ops, ref, &p, &err))
			return NULL;
		const struct template *t = p->tpl;
		project_free(p);
		return t;
	}
	return session_template(&c->sess, NULL, &err);
}

/* Candidates for an operand or option value described by placeholder ph;
 * project is the command's PROJECT operand when it has one. */
static void put_placeholder(struct cli *c, struct out *o, const char *ph, const char *project,
			    bool is_new)
{
	if (strchr(ph, '|') && !is_placeholder(ph)) {
		char *list = xstrdup(ph), *save = NULL;
		for (char *w = strtok_r(list, "|", &save); w; w = strtok_r(NULL, "|", &save))
			put(o, w);
		free(list);
		return;
	}
	if (!is_placeholder(ph)) {
		put(o, ph); /* a literal word: add, rm, start ... */
		return;
	}
	if (strcmp(ph, "FILE") == 0 || strcmp(ph, "PATH") == 0 || strcmp(ph, "DIR") == 0 ||
	    strcmp(ph, "OTHER") == 0 || strchr(ph, '.')) {
		put(o, FILES);
		return;
	}
	if (strcmp(ph, "STATUS") == 0) {
		for (int s = ITEM_TODO; s <= ITEM_NA; s++)
			put(o, item_status_name((enum item_status)s));
		return;
	}
	if (strcmp(ph, "PROJECT") == 0) {
		put_projects(c, o);
		return;
	}
	const struct template *t = NULL;
	if (strcmp(ph, "ITEM") == 0 && (t = template_of(c, project))) {
		for (size_t i = 0; i < t->n_items; i++)
			put(o, t->items[i].key);
		return;
	}
	if (strcmp(ph, "FIELD=VALUE") == 0 && (t = template_of(c, is_new ? NULL : project))) {
		for (size_t i = 0; i < t->n_fields; i++) {
			char *kv = xasprintf("%s=", t->fields[i].key);
			put(o, kv);
			free(kv);
		}
	}
}

static void complete_command(struct cli *c, const struct cli_command *cmd, char **w, int nw,
			     int k, struct out *o)
{
	struct usage_alt alts[4];
	size_t na = usage_parse(cmd->args, alts, ARRAY_SIZE(alts));
	bool is_new = strcmp(cmd->name, "new") == 0;
	/* The operands typed so far, skipping options and their values. */
	struct strlist typed = {0};
	for (int i = 0; i < k && i < nw; i++) {
		if (w[i][0] == '-' && w[i][1]) {
			const char *arg = option_arg(alts, na, w[i]);
			if (arg && *arg && !strchr(w[i], '='))
				i++;
			continue;
		}
		strlist_add(&typed, w[i]);
	}
	const char *prev = k > 0 ? w[k - 1] : "";
	const char *arg = prev[0] == '-' ? option_arg(alts, na, prev) : NULL;
	const char *project = NULL;
	for (size_t a = 0; a < na && !project; a++)
		for (size_t i = 0; i < alts[a].operands.n && i < typed.n; i++)
			if (strcmp(alts[a].operands.v[i], "PROJECT") == 0)
				project = typed.v[i];
	if (strcmp(prev, "--project") == 0)
		put_projects(c, o);
	else if (strcmp(prev, "--template") == 0) {
		if (!cli_load_templates(c))
			for (size_t i = 0; i < c->sess.templates.n; i++)
				put(o, c->sess.templates.v[i]->id);
	} else if (arg && *arg) {
		if (strcmp(prev, "--color") != 0)
			put_placeholder(c, o, arg, project, is_new);
	} else if (o->prefix[0] == '-') {
		for (size_t a = 0; a < na; a++)
			for (size_t i = 0; i < alts[a].opts.n; i++)
				put(o, alts[a].opts.v[i]);
		put_common(o, false);
	} else {
		for (size_t a = 0; a < na; a++) {
			const struct strlist *ops = &alts[a].operands;
			/* An alternative whose literal words disagree with what
			 * was typed does not apply (collateral P add vs rm). */
			bool fits = true;
			for (size_t i = 0; i < typed.n && i < ops->n; i++)
				if (!is_placeholder(ops->v[i]) && strcmp(ops->v[i], typed.v[i]) != 0)
					fits = false;
			if (!fits || !ops->n)
				continue;
			size_t pos = typed.n;
			if (pos >= ops->n) {
				if (!alts[a].repeats)
					continue;
				pos = ops->n - 1;
			}
			put_placeholder(c, o, ops->v[pos], project, is_new);
		}
	}
	strlist_free(&typed);
	usage_free(alts, na);
}

static bool db_exists(struct cli *c)
{
	const char *path = c->sess.db;
	if (!path || !*path)
		path = getenv("CERTTRACK_DB");
	char *def = NULL;
	if (!path || !*path)
		path = def = store_default_path();
	/* A server's database is not created by completing a word. */
	bool ok = !store_target_is_file(path) || access(path, F_OK) == 0;
	free(def);
	return ok;
}

int cmd_complete(struct cli *c, int argc, char **argv)
{
	/* argv: "__complete" INDEX WORD... */
	if (argc < 3)
		return 0;
	int k = atoi(argv[1]);
	char **w = argv + 2;
	int nw = argc - 2;
	if (k < 0 || k >= nw)
		return 0;
	struct out o = {.prefix = w[k]};
	/* Global options before the command. */
	int i = 0;
	for (; i < k; i++) {
		if (strcmp(w[i], "--db") == 0 || strcmp(w[i], "--templates") == 0 ||
		    strcmp(w[i], "--user") == 0) {
			if (i + 1 < nw) {
				if (w[i][2] == 'd')
					c->sess.db = w[i + 1];
				else if (w[i][2] == 't')
					c->sess.templates_dir = w[i + 1];
			}
			i++;
		} else if (strncmp(w[i], "--db=", 5) == 0) {
			c->sess.db = w[i] + 5;
		} else if (w[i][0] != '-') {
			break;
		}
	}
	const char *prev = k > 0 ? w[k - 1] : "";
	if (i >= k) {
		if (strcmp(prev, "--db") == 0 || strcmp(prev, "--templates") == 0)
			put(&o, FILES);
		else if (strcmp(prev, "--color") == 0)
			for (const char *const *v = (const char *const[]){"auto", "always", "never", NULL}; *v; v++)
				put(&o, *v);
		else if (strcmp(prev, "--user") == 0)
			;
		else if (o.prefix[0] == '-')
			put_common(&o, true);
		else
			for (const struct cli_command *cc = cli_commands; cc->name; cc++)
				put(&o, cc->name);
		strlist_free(&o.seen);
		return 0;
	}
	const struct cli_command *cmd = cli_command_find(w[i]);
	if (cmd) {
		/* Project names and keys come from the database, but a
		 * completion never creates one. */
		if (db_exists(c))
			cli_open(c);
		else
			cli_load_templates(c);
		complete_command(c, cmd, w + i + 1, nw - i - 1, k - i - 1, &o);
	}
	strlist_free(&o.seen);
	return 0;
}
