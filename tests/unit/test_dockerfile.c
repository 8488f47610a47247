/* test_dockerfile.c - unit tests of the Dockerfile parser: line reading,
 * directives, forms, heredocs, stages, ARG/ENV scoping and substitution,
 * and the errors, with their lines, for what docker build refuses. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "certtrack/dockerfile.h"
#include "certtrack/util.h"

static void parse_ok(const char *text, struct dockerfile *df)
{
	struct df_error err;
	enum ct_status st = dockerfile_parse(text, strlen(text), df, &err);
	if (st != CT_OK)
		fail_msg("parse failed at line %d: %s", err.line, err.reason);
}

/* Parses text expecting an error on line; returns the reason's copy. */
static void parse_err(const char *text, size_t len, int line, const char *contains)
{
	struct dockerfile df;
	struct df_error err;
	enum ct_status st = dockerfile_parse(text, len, &df, &err);
	if (st != CT_DATA)
		fail_msg("expected an error containing \"%s\", got status %d", contains, st);
	if (err.line != line)
		fail_msg("error \"%s\" on line %d, want %d", err.reason, err.line, line);
	if (!strstr(err.reason, contains))
		fail_msg("error \"%s\" lacks \"%s\"", err.reason, contains);
	assert_int_equal(df.n_instrs, 0); /* nothing half-parsed is left */
}

#define PE(text, line, contains) parse_err(text, strlen(text), line, contains)

static const char *pair_value(const struct df_instr *in, const char *key)
{
	for (size_t k = 0; k < in->n_pairs; k++)
		if (strcmp(in->pairs[k].key, key) == 0)
			return in->pairs[k].value;
	return NULL;
}

#define FROM_RH "FROM registry.redhat.io/rhosp-rhel8/openstack-cinder-volume:16.2\n"

static void test_instructions_lines_case(void **state)
{
	(void)state;
	struct dockerfile df;
	parse_ok("\n# comment\nfrom ubi8/ubi AS Build\n  run echo one \\\n   two\n\nUser cinder\nworkdir /x\n", &df);
	assert_int_equal(df.n_instrs, 4);
	assert_int_equal(df.instrs[0].kind, DF_FROM);
	assert_int_equal(df.instrs[0].line, 3);
	assert_string_equal(df.instrs[0].args[1], "build"); /* stage names are lower case */
	assert_int_equal(df.instrs[1].kind, DF_RUN);
	assert_int_equal(df.instrs[1].line, 4);
	assert_int_equal(df.instrs[1].end_line, 5);
	/* continuation lines are joined as Docker does: no separator added */
	assert_string_equal(df.instrs[1].args[0], "echo one    two");
	assert_int_equal(df.instrs[2].kind, DF_USER);
	assert_int_equal(df.instrs[2].line, 7);
	assert_string_equal(df.instrs[2].args[0], "cinder");
	assert_int_equal(df.instrs[3].stage, 0);
	assert_string_equal(dockerfile_kind_name(DF_WORKDIR), "WORKDIR");
	dockerfile_free(&df);
}

static void test_comments_and_empty_lines_in_continuation(void **state)
{
	(void)state;
	struct dockerfile df;
	parse_ok(FROM_RH "RUN dnf install -y \\\n# a comment in the middle \\\n    foo \\\n\n   \n    bar\nUSER 1001\n", &df);
	assert_int_equal(df.n_instrs, 3);
	assert_string_equal(df.instrs[1].args[0], "dnf install -y     foo     bar");
	assert_int_equal(df.instrs[1].end_line, 7);
	assert_int_equal(df.instrs[2].line, 8);
	dockerfile_free(&df);
}

static void test_directives(void **state)
{
	(void)state;
	struct dockerfile df;
	parse_ok("# syntax=docker/dockerfile:1.7\n# escape=`\nFROM ubi8/ubi\nRUN echo C:\\dir `\n  && echo done\n", &df);
	assert_int_equal(df.escape, '`');
	assert_string_equal(df.syntax, "docker/dockerfile:1.7");
	assert_string_equal(df.instrs[1].args[0], "echo C:\\dir   && echo done");
	dockerfile_free(&df);

	/* after a comment, a directive is only a comment: \ stays the escape */
	parse_ok("# hello\n# escape=`\nFROM ubi8/ubi\nRUN a \\\n b\n", &df);
	assert_int_equal(df.escape, '\\');
	assert_null(df.syntax);
	assert_int_equal(df.n_instrs, 2);
	dockerfile_free(&df);

	/* after an instruction too */
	parse_ok("FROM ubi8/ubi\n# escape=`\nRUN a `\n", &df);
	assert_int_equal(df.escape, '\\');
	assert_string_equal(df.instrs[1].args[0], "a `");
	dockerfile_free(&df);

	PE("# escape=`\n# escape=\\\nFROM x\n", 2,
		  "only one escape");
	PE("# escape=x\nFROM x\n", 1, "invalid escape");
}

static void test_json_and_shell_forms(void **state)
{
	(void)state;
	struct dockerfile df;
	parse_ok("FROM x\nCMD [\"echo\", \"caf\\u00e9 \\\"q\\\"\", \"a\\\\b\"]\nRUN [\"not json\"\nENTRYPOINT [ ]\n"
		 "SHELL [\"/bin/bash\", \"-c\"]\nVOLUME [\"/a\", \"/b\"]\nCOPY [\"a b\", \"/dest dir/\"]\n",
		 &df);
	const struct df_instr *cmd = &df.instrs[1];
	assert_true(cmd->json);
	assert_int_equal(cmd->n_args, 3);
	assert_string_equal(cmd->args[1], "caf\xc3\xa9 \"q\"");
	assert_string_equal(cmd->args[2], "a\\b");
	/* invalid JSON is the shell form, as in Docker */
	assert_false(df.instrs[2].json);
	assert_string_equal(df.instrs[2].args[0], "[\"not json\"");
	assert_true(df.instrs[3].json);
	assert_int_equal(df.instrs[3].n_args, 0);
	assert_int_equal(df.instrs[5].n_args, 2);
	assert_true(df.instrs[6].json);
	assert_string_equal(df.instrs[6].args[0], "a b");
	assert_string_equal(df.instrs[6].args[1], "/dest dir/");
	dockerfile_free(&df);

	PE("FROM x\nSHELL /bin/sh -c\n", 2, "JSON");
}

static void test_heredocs(void **state)
{
	(void)state;
	struct dockerfile df;
	parse_ok("FROM x\n"
		 "RUN <<EOF1 cat >/a && <<-\"EOF2\" cat > /b\n"
		 "one $HOME\n"
		 "EOF1\n"
		 "\t\ttwo\n"
		 "\tEOF2\n"
		 "COPY <<EOF /licenses/LICENSE\n"
		 "MIT\n"
		 "EOF\n"
		 "RUN echo \"<<NOTHEREDOC\" && echo $((1<<2))\n"
		 "USER 1001\n",
		 &df);
	assert_int_equal(df.n_instrs, 5);
	const struct df_instr *run = &df.instrs[1];
	assert_int_equal(run->n_heredocs, 2);
	assert_string_equal(run->heredocs[0].name, "EOF1");
	assert_string_equal(run->heredocs[0].body, "one $HOME\n");
	assert_false(run->heredocs[0].quoted);
	assert_false(run->heredocs[0].chomp);
	assert_string_equal(run->heredocs[1].name, "EOF2");
	assert_string_equal(run->heredocs[1].body, "two\n");
	assert_true(run->heredocs[1].quoted);
	assert_true(run->heredocs[1].chomp);
	assert_int_equal(run->line, 2);
	assert_int_equal(run->end_line, 6);
	const struct df_instr *copy = &df.instrs[2];
	assert_int_equal(copy->line, 7);
	assert_int_equal(copy->n_args, 2);
	assert_string_equal(copy->args[0], "<<EOF");
	assert_string_equal(copy->args[1], "/licenses/LICENSE");
	assert_string_equal(copy->heredocs[0].body, "MIT\n");
	assert_int_equal(df.instrs[3].n_heredocs, 0);
	assert_int_equal(df.instrs[4].line, 11);
	dockerfile_free(&df);

	PE("FROM x\nRUN <<EOF\nline\nEOF \n", 2, "unterminated heredoc");
	/* a heredoc in an instruction that takes none is just text */
	parse_ok("FROM x\nLABEL a=\"<<EOF\"\n", &df);
	assert_string_equal(pair_value(&df.instrs[1], "a"), "<<EOF");
	dockerfile_free(&df);
}

static void test_stages(void **state)
{
	(void)state;
	struct dockerfile df;
	parse_ok("ARG BASE=ubi8/ubi\n"
		 "FROM --platform=$BUILDPLATFORM ${BASE} AS build\n"
		 "RUN make\n"
		 "FROM build AS test\n"
		 "RUN make check\n"
		 "FROM " "registry.redhat.io/ubi8/ubi-minimal\n"
		 "COPY --from=build --chown=1001:0 --chmod=644 --link /out /opt/\n",
		 &df);
	assert_int_equal(df.n_stages, 3);
	assert_string_equal(df.stages[0].image, "ubi8/ubi");
	assert_string_equal(df.stages[0].name, "build");
	assert_non_null(df.stages[0].platform);
	assert_int_equal(df.stages[0].parent, DF_NO_STAGE);
	assert_int_equal(df.stages[1].parent, 0);
	assert_int_equal(df.stages[2].parent, DF_NO_STAGE);
	assert_null(df.stages[2].name);
	assert_int_equal(df.stages[1].first, 4);
	assert_int_equal(df.stages[1].end, 5);
	assert_int_equal(df.n_global_args, 1);
	assert_string_equal(df.global_args[0].key, "BASE");
	const struct df_instr *copy = &df.instrs[6];
	assert_int_equal(copy->n_flags, 4);
	assert_string_equal(dockerfile_flag(copy, "from")->value, "build");
	assert_string_equal(dockerfile_flag(copy, "chown")->value, "1001:0");
	assert_non_null(dockerfile_flag(copy, "link"));
	assert_null(dockerfile_flag(copy, "link")->value);
	assert_null(dockerfile_flag(copy, "parents"));
	assert_string_equal(copy->args[0], "/out");
	dockerfile_free(&df);

	PE("FROM later AS first\nFROM ubi8 AS later\n", 1, "defined later");
	PE("FROM a AS x\nFROM b AS x\n", 2, "duplicate stage");
	PE("FROM a AS 1bad\n", 1, "invalid stage name");
	PE("FROM a b\n", 1, "FROM takes");
	PE("FROM\n", 1, "FROM needs");
}

static void test_arg_env_scoping(void **state)
{
	(void)state;
	struct dockerfile df;
	parse_ok("ARG V=1.0\n"
		 "ARG ONLY_GLOBAL=g\n"
		 "FROM ubi8/ubi:${V} AS a\n"
		 "LABEL before=\"$V\"\n"
		 "ARG V\n"
		 "LABEL after=$V\n"
		 "ENV E=env\n"
		 "ARG E=arg\n"
		 "LABEL e=$E g=$ONLY_GLOBAL\n"
		 "ENV X=1 Y=$X\n"
		 "ENV LEGACY some value  here\n"
		 "FROM a\n"
		 "LABEL inherited=$E legacy=\"$LEGACY\" argdropped=$V\n",
		 &df);
	assert_string_equal(df.stages[0].image, "ubi8/ubi:1.0");
	/* a global ARG is only visible in a stage after ARG NAME */
	assert_string_equal(pair_value(&df.instrs[3], "before"), "");
	assert_true(df.instrs[3].pairs[0].unresolved);
	assert_string_equal(df.instrs[3].pairs[0].raw, "\"$V\"");
	assert_string_equal(pair_value(&df.instrs[5], "after"), "1.0");
	assert_null(df.instrs[4].pairs[0].value);
	/* ENV wins over a later ARG of the same name */
	assert_string_equal(pair_value(&df.instrs[8], "e"), "env");
	assert_string_equal(pair_value(&df.instrs[8], "g"), "");
	/* values of one ENV see the variables before that ENV */
	assert_string_equal(pair_value(&df.instrs[9], "Y"), "");
	assert_string_equal(pair_value(&df.instrs[10], "LEGACY"), "some value  here");
	/* a child stage inherits ENV, not ARG */
	assert_string_equal(pair_value(&df.instrs[12], "inherited"), "env");
	assert_string_equal(pair_value(&df.instrs[12], "legacy"), "some value  here");
	assert_string_equal(pair_value(&df.instrs[12], "argdropped"), "");

	struct df_env *env = dockerfile_env_at(&df, 12);
	assert_string_equal(dockerfile_env_get(env, "E"), "env");
	assert_string_equal(dockerfile_env_get(env, "X"), "1");
	assert_null(dockerfile_env_get(env, "V"));
	dockerfile_env_free(env);
	/* walking forward gives what a fresh replay gives */
	env = dockerfile_env_at(&df, 3);
	assert_null(dockerfile_env_get(env, "V"));
	dockerfile_env_advance(&df, env, 3, 9);
	assert_string_equal(dockerfile_env_get(env, "V"), "1.0");
	assert_string_equal(dockerfile_env_get(env, "E"), "env");
	assert_null(dockerfile_env_get(env, "X"));
	dockerfile_env_free(env);
	env = dockerfile_env_at(&df, 6);
	assert_string_equal(dockerfile_env_get(env, "V"), "1.0");
	assert_null(dockerfile_env_get(env, "E"));
	dockerfile_env_free(env);
	env = dockerfile_env_at(&df, 1);
	assert_string_equal(dockerfile_env_get(env, "V"), "1.0");
	assert_null(dockerfile_env_get(env, "ONLY_GLOBAL"));
	dockerfile_env_free(env);
	dockerfile_free(&df);
}

/* Environments are shared between stages (issue 11): a child's ENV must
 * not leak into its parent or a sibling, whatever the trie shares. */
static void test_shared_environments(void **state)
{
	(void)state;
	struct strbuf sb = { 0 };
	sb_add(&sb, "FROM registry.redhat.io/ubi8/ubi AS p\n");
	for (int i = 0; i < 300; i++)
		sb_addf(&sb, "ENV P%d=p%d\n", i, i);
	sb_add(&sb, "FROM p AS c1\nENV P7=changed NEW=1\nARG A=a\nRUN true\n");
	sb_add(&sb, "FROM p AS c2\nENV P8=other\nRUN true\n");
	sb_add(&sb, "FROM c1 AS g\nRUN true\n");
	struct dockerfile df;
	parse_ok(sb_str(&sb), &df);
	assert_int_equal(df.n_stages, 4);
	assert_int_equal(dockerfile_stage_find(&df, "C2"), 2);
	assert_int_equal(dockerfile_stage_find(&df, "none"), DF_NO_STAGE);
	size_t c1_run = df.stages[1].end - 1, c2_run = df.stages[2].end - 1;
	size_t g_run = df.stages[3].end - 1;
	struct df_env *e1 = dockerfile_env_at(&df, c1_run);
	struct df_env *e2 = dockerfile_env_at(&df, c2_run);
	struct df_env *eg = dockerfile_env_at(&df, g_run);
	assert_string_equal(dockerfile_env_get(e1, "P7"), "changed");
	assert_string_equal(dockerfile_env_get(e1, "A"), "a");
	assert_string_equal(dockerfile_env_get(e2, "P7"), "p7");
	assert_string_equal(dockerfile_env_get(e2, "P8"), "other");
	assert_null(dockerfile_env_get(e2, "NEW"));
	assert_string_equal(dockerfile_env_get(eg, "P7"), "changed");
	assert_string_equal(dockerfile_env_get(eg, "P8"), "p8");
	assert_null(dockerfile_env_get(eg, "A")); /* ARG ends with its stage */
	for (int i = 0; i < 300; i++) {
		char k[16], v[16];
		snprintf(k, sizeof(k), "P%d", i);
		snprintf(v, sizeof(v), "p%d", i);
		if (i != 7)
			assert_string_equal(dockerfile_env_get(eg, k), v);
		if (i != 8)
			assert_string_equal(dockerfile_env_get(e1, i == 7 ? "P0" : k), i == 7 ? "p0" : v);
	}
	assert_string_equal(dockerfile_env_get(df.stages[0].env_end, "P7"), "p7");
	assert_null(dockerfile_env_get(df.stages[0].env_end, "NEW"));
	dockerfile_env_free(e1);
	dockerfile_env_free(e2);
	dockerfile_env_free(eg);
	dockerfile_free(&df);
	sb_free(&sb);
}

/* 4,000 chained stages each with an ENV (issue 11: ~20 s and 1 GB when
 * every FROM copied its parent's environment): the last stage sees the
 * first one's ENV. Its growth is measured by bench/lint.sh. */
static void test_long_stage_chain(void **state)
{
	(void)state;
	struct strbuf sb = { 0 };
	sb_add(&sb, "FROM registry.redhat.io/ubi8/ubi AS s0\nENV V0=first\n");
	for (int i = 1; i < 4000; i++)
		sb_addf(&sb, "FROM s%d AS s%d\nENV V%d=${V%d}\n", i - 1, i, i, i - 1);
	sb_add(&sb, "USER $V3999\n");
	struct dockerfile df;
	parse_ok(sb_str(&sb), &df);
	assert_int_equal(df.n_stages, 4000);
	assert_int_equal(df.stages[3999].parent, 3998);
	const struct df_instr *u = &df.instrs[df.n_instrs - 1];
	assert_int_equal(u->kind, DF_USER);
	assert_string_equal(u->args[0], "first");
	dockerfile_free(&df);
	sb_free(&sb);
}

static void test_self_reference_terminates(void **state)
{
	(void)state;
	struct dockerfile df;
	parse_ok("ARG A=$A\nARG B=x${B}y\nFROM ubi8/ubi\nARG A\nARG C=$C$C\nENV D=${D:-d}$D\nLABEL a=$A b=$B c=$C d=$D\n", &df);
	const struct df_instr *l = &df.instrs[6];
	assert_string_equal(pair_value(l, "a"), "");
	assert_string_equal(pair_value(l, "b"), "");
	assert_string_equal(pair_value(l, "c"), "");
	assert_string_equal(pair_value(l, "d"), "d");
	assert_string_equal(df.global_args[1].value, "xy");
	dockerfile_free(&df);
}

static void expand_is(const struct df_env *env, const char *word, const char *want, bool unres)
{
	char *out = NULL;
	bool u = false;
	struct df_error err;
	if (dockerfile_expand(word, '\\', env, &out, &u, &err) != CT_OK)
		fail_msg("%s: %s", word, err.reason);
	if (strcmp(out, want) != 0)
		fail_msg("%s expands to \"%s\", want \"%s\"", word, out, want);
	if (u != unres)
		fail_msg("%s: unresolved %d, want %d", word, u, unres);
	free(out);
}

static void test_substitution(void **state)
{
	(void)state;
	struct dockerfile df;
	parse_ok("FROM x\nENV SET=v EMPTY= PATHV=/usr/local/lib.so.1\nRUN true\n", &df);
	struct df_env *env = dockerfile_env_at(&df, 2);
	expand_is(env, "$SET", "v", false);
	expand_is(env, "${SET}x", "vx", false);
	expand_is(env, "${UNSET:-d}", "d", false);
	expand_is(env, "${EMPTY:-d}", "d", false);
	expand_is(env, "${EMPTY-d}", "", false);
	expand_is(env, "${UNSET-d}", "d", false);
	expand_is(env, "${SET:+alt}", "alt", false);
	expand_is(env, "${EMPTY:+alt}", "", false);
	expand_is(env, "${EMPTY+alt}", "alt", false);
	expand_is(env, "${UNSET+alt}", "", false);
	expand_is(env, "${UNSET:-${SET:-x}y}", "vy", false);
	expand_is(env, "${UNSET:?need it}", "", true);
	expand_is(env, "${PATHV%.so*}", "/usr/local/lib", false);
	expand_is(env, "${PATHV##*/}", "lib.so.1", false);
	expand_is(env, "${PATHV#*/}", "usr/local/lib.so.1", false);
	expand_is(env, "$UNSET", "", true);
	expand_is(env, "\\$SET", "$SET", false);
	expand_is(env, "'$SET'", "$SET", false);
	expand_is(env, "\"$SET \\$SET \\x\"", "v $SET \\x", false);
	expand_is(env, "a\\ b", "a b", false);
	expand_is(env, "$", "$", false);
	expand_is(env, "100$", "100$", false);
	expand_is(env, "$1", "", true);

	char *out = (char *)"x";
	struct df_error err;
	assert_int_equal(dockerfile_expand("${SET", '\\', env, &out, NULL, &err), CT_DATA);
	assert_null(out);
	assert_non_null(strstr(err.reason, "missing '}'"));
	assert_int_equal(dockerfile_expand("${}", '\\', env, &out, NULL, &err), CT_DATA);
	assert_int_equal(dockerfile_expand("${SET:=x}", '\\', env, &out, NULL, &err), CT_DATA);
	assert_non_null(strstr(err.reason, "unsupported modifier"));
	assert_int_equal(dockerfile_expand("'open", '\\', env, &out, NULL, &err), CT_DATA);
	assert_non_null(strstr(err.reason, "single quote"));
	dockerfile_env_free(env);
	dockerfile_free(&df);
}

static void test_labels(void **state)
{
	(void)state;
	struct dockerfile df;
	parse_ok("FROM x\n"
		 "LABEL name=\"a b\" \"com.example.key\"=v2 'q'='it''s' esc=\"say \\\"hi\\\"\" multi=one\\ two\n"
		 "LABEL description This is the legacy form\n"
		 "LABEL empty=\"\" last=1\n"
		 "MAINTAINER Someone <s@example.com>\n",
		 &df);
	const struct df_instr *l = &df.instrs[1];
	assert_int_equal(l->n_pairs, 5);
	assert_string_equal(pair_value(l, "name"), "a b");
	assert_string_equal(pair_value(l, "com.example.key"), "v2");
	assert_string_equal(pair_value(l, "q"), "its");
	assert_string_equal(pair_value(l, "esc"), "say \"hi\"");
	assert_string_equal(pair_value(l, "multi"), "one two");
	assert_string_equal(pair_value(&df.instrs[2], "description"), "This is the legacy form");
	assert_string_equal(pair_value(&df.instrs[3], "empty"), "");
	assert_string_equal(df.instrs[4].args[0], "Someone <s@example.com>");
	dockerfile_free(&df);

	PE("FROM x\nLABEL a=b c\n", 2, "can't find =");
	PE("FROM x\nLABEL onlykey\n", 2, "has no value");
	PE("FROM x\nLABEL =v\n", 2, "blank");
	PE("FROM x\nENV\n", 2, "at least one");
}

static void test_run_flags_and_quotes(void **state)
{
	(void)state;
	struct dockerfile df;
	parse_ok("FROM x\n"
		 "RUN --mount=type=cache,target=/root/.cache/${X} --network=none pip install . # it's fine\n"
		 "RUN echo \"it's\" 'a \"b\"' $'c\\'d' \\\" done\n",
		 &df);
	const struct df_instr *r = &df.instrs[1];
	assert_int_equal(r->n_flags, 2);
	/* RUN --mount keeps $ for BuildKit */
	assert_string_equal(dockerfile_flag(r, "mount")->value, "type=cache,target=/root/.cache/${X}");
	assert_string_equal(r->args[0], "pip install . # it's fine");
	dockerfile_free(&df);

	PE("FROM x\nRUN echo 'unclosed \\\n  && true\n", 2, "unterminated quote");
	PE("FROM x\nRUN echo ok \\\n  && echo \"unclosed\n", 3, "unterminated quote");
	/* a non-POSIX SHELL has other quoting: no shell quote check */
	parse_ok("FROM x\nSHELL [\"powershell\", \"-Command\"]\nRUN Write-Host it's\n", &df);
	dockerfile_free(&df);
}

static void test_errors(void **state)
{
	(void)state;
	PE("", 0, "empty");
	PE("# only\n\n", 0, "empty");
	PE("MAINTAINER x\nLABEL a=b\n", 1, "no FROM");
	PE("RUN true\nFROM x\n", 1, "before the first FROM");
	PE("ARG A\nENV B=1\nFROM x\n", 2, "before the first FROM");
	PE("FROM x\nCOPY a\n", 2, "source and a destination");
	PE("FROM x\nUSER\n", 2, "needs an argument");
	PE("FROM x\nONBUILD FROM y\n", 2, "ONBUILD");
	PE("FROM x\nARG\n", 2, "ARG needs a name");

	struct dockerfile df;
	struct df_error err;
	assert_int_equal(dockerfile_parse("FROM x\nFORM y\n", 14, &df, &err), CT_DATA);
	assert_int_equal(err.line, 2);
	assert_non_null(strstr(err.reason, "unknown instruction: FORM"));
	assert_non_null(strstr(err.fix, "FROM"));
	assert_int_equal(dockerfile_parse("FROM x\nLABEL a=\"b\n", 18, &df, &err), CT_DATA);
	assert_int_equal(err.line, 2);
	assert_non_null(strstr(err.reason, "unterminated double quote"));
	assert_true(err.fix[0] != '\0');

	static const char nul[] = "FROM x\nRUN a\n\0\n";
	parse_err(nul, sizeof(nul) - 1, 3, "NUL");
	PE("FROM x\n\n\nLABEL a=\xff\n", 4, "UTF-8");
	PE("FROM x\nLABEL a=\xc0\xaf\n", 2, "UTF-8"); /* overlong */
}

static void test_bom_crlf(void **state)
{
	(void)state;
	struct dockerfile df;
	parse_ok("\xef\xbb\xbf# escape=`\r\nFROM x\r\nRUN a `\r\n  b\r\nUSER 1001\r\n", &df);
	assert_int_equal(df.escape, '`');
	assert_string_equal(df.instrs[1].args[0], "a   b");
	assert_string_equal(df.instrs[2].args[0], "1001");
	assert_int_equal(df.instrs[2].line, 5);
	dockerfile_free(&df);
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A 1 MiB line parses (no quadratic work, no deep recursion); deep ${
 * nesting is refused instead of exhausting the stack. */
static void test_long_lines(void **state)
{
	(void)state;
	size_t n = (size_t)1 << 20;
	struct strbuf sb = { 0 };
	sb_add(&sb, "FROM x\nRUN echo ");
	for (size_t i = 0; sb.len < n; i++)
		sb_add(&sb, "word \"quoted\" ");
	sb_add(&sb, "\nLABEL big=\"");
	for (size_t i = 0; i < n / 8; i++)
		sb_add(&sb, "$A ${B:-c}");
	sb_add(&sb, "\"\nUSER 1001\n");
	struct dockerfile df;
	struct df_error err;
	double t0 = now();
	assert_int_equal(dockerfile_parse(sb.buf, sb.len, &df, &err), CT_OK);
	double t = now() - t0;
	assert_int_equal(df.n_instrs, 4);
	assert_true(strlen(df.instrs[1].args[0]) >= n - 16);
	assert_int_equal(strlen(df.instrs[2].pairs[0].value), 2 * (n / 8)); /* " c" each */
	dockerfile_free(&df);
	/* generous: linear work is well under a second even under sanitizers */
	assert_true(t < 20.0);
	sb_free(&sb);

	sb_add(&sb, "FROM x\nLABEL deep=");
	for (size_t i = 0; i < 200000; i++)
		sb_add(&sb, "${A:-");
	sb_add(&sb, "\n");
	assert_int_equal(dockerfile_parse(sb.buf, sb.len, &df, &err), CT_DATA);
	assert_int_equal(err.line, 2);
	assert_non_null(strstr(err.reason, "nested"));
	sb_free(&sb);

	/* many short lines */
	sb_add(&sb, "FROM x\n");
	for (int i = 0; i < 100000; i++)
		sb_addf(&sb, "ENV V%d=$V%d\n", i, i ? i - 1 : 0);
	t0 = now();
	assert_int_equal(dockerfile_parse(sb.buf, sb.len, &df, &err), CT_OK);
	assert_int_equal(df.n_instrs, 100001);
	assert_int_equal(df.instrs[100000].line, 100001);
	dockerfile_free(&df);
	assert_true(now() - t0 < 20.0);
	sb_free(&sb);

	char *big = xmalloc(DOCKERFILE_MAX_SIZE + 1);
	memset(big, '#', DOCKERFILE_MAX_SIZE + 1);
	assert_int_equal(dockerfile_parse(big, DOCKERFILE_MAX_SIZE + 1, &df, &err), CT_DATA);
	assert_non_null(strstr(err.reason, "MiB"));
	free(big);
}

static void test_read_file(void **state)
{
	(void)state;
	char *text;
	size_t len;
	struct ct_error err = { 0 };
	assert_int_equal(dockerfile_read("/nonexistent/Dockerfile", &text, &len, &err), CT_SYSTEM);
	assert_null(text);
	assert_true(str_starts_with(err.msg, "/nonexistent/Dockerfile: "));
	assert_int_equal(dockerfile_read("/", &text, &len, &err), CT_SYSTEM);

	char path[] = "/tmp/certtrack-df-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "w");
	fputs("FROM x\n", f);
	fclose(f);
	assert_int_equal(dockerfile_read(path, &text, &len, &err), CT_OK);
	assert_int_equal(len, 7);
	assert_string_equal(text, "FROM x\n");
	free(text);
	unlink(path);
}

static void test_onbuild_healthcheck_expose(void **state)
{
	(void)state;
	struct dockerfile df;
	parse_ok("FROM x\nEXPOSE 80/tcp ${P:-443}\nHEALTHCHECK --interval=5m --timeout=3s CMD curl -f http://localhost/\n"
		 "ONBUILD COPY . /app\nSTOPSIGNAL SIGTERM\n",
		 &df);
	assert_int_equal(df.instrs[1].n_args, 2);
	assert_string_equal(df.instrs[1].args[1], "443");
	assert_string_equal(dockerfile_flag(&df.instrs[2], "interval")->value, "5m");
	assert_int_equal(df.instrs[3].kind, DF_ONBUILD);
	assert_string_equal(df.instrs[3].text, "COPY . /app");
	assert_string_equal(df.instrs[4].args[0], "SIGTERM");
	dockerfile_free(&df);
}

int main(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_instructions_lines_case),
		cmocka_unit_test(test_comments_and_empty_lines_in_continuation),
		cmocka_unit_test(test_directives),
		cmocka_unit_test(test_json_and_shell_forms),
		cmocka_unit_test(test_heredocs),
		cmocka_unit_test(test_stages),
		cmocka_unit_test(test_arg_env_scoping),
		cmocka_unit_test(test_self_reference_terminates),
		cmocka_unit_test(test_substitution),
		cmocka_unit_test(test_labels),
		cmocka_unit_test(test_run_flags_and_quotes),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_bom_crlf),
		cmocka_unit_test(test_long_lines),
		cmocka_unit_test(test_read_file),
		cmocka_unit_test(test_onbuild_healthcheck_expose),
		cmocka_unit_test(test_shared_environments),
		cmocka_unit_test(test_long_stage_chain),
	};
	return cmocka_run_group_tests_name("dockerfile", tests, NULL, NULL);
}
