/* remote_int.h - the pipe between certtrack and its network helper,
 * certtrack-remote (the only program that links libcurl): one JSON object
 * per line each way. certtrack asks one thing at a time; the helper
 * answers with any number of {"check": {...}} lines (results of the remote
 * checks, in order) and then one {"ok": true, ...} or {"ok": false,
 * "status": N, "error": "sentence"} line.
 *
 *   {"op": "init", "messages": LC_MESSAGES}     the language of sentences
 *   {"op": "base", "url": HOST-OR-URL}          -> "base": the registry URL
 *   {"op": "client", "cacert": FILE|null, "timeout": SECONDS}
 *   {"op": "git", "url", "branch"}              -> checks
 *   {"op": "registry", "base", "name", "tag"}   -> checks
 *
 * Used by verify_remote.c and src/remote/certtrack-remote.c. */
#ifndef CERTTRACK_CORE_REMOTE_INT_H
#define CERTTRACK_CORE_REMOTE_INT_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "certtrack/status.h"
#include "certtrack/verify.h"

/* The helper's file name; found in $CERTTRACK_LIBEXECDIR, else in the
 * configured libexecdir. */
#define REMOTE_HELPER "certtrack-remote"

/* One message (remote_json.c, the only one of these that touches jansson). */
struct remote_msg;
struct remote_msg *remote_msg_new(const char *op);
void remote_msg_set_str(struct remote_msg *m, const char *key, const char *value);
void remote_msg_set_int(struct remote_msg *m, const char *key, long long value);
void remote_msg_set_bool(struct remote_msg *m, const char *key, bool value);
/* A {"check": {...}} line of c. */
struct remote_msg *remote_msg_check(const struct verify_check *c);
/* The message as one line with its newline; frees m. */
char *remote_msg_line(struct remote_msg *m);
/* NULL when line is not a JSON object. */
struct remote_msg *remote_msg_parse(const char *line);
void remote_msg_free(struct remote_msg *m);
/* NULL when absent or not a string. */
const char *remote_msg_str(const struct remote_msg *m, const char *key);
long long remote_msg_int(const struct remote_msg *m, const char *key);
bool remote_msg_bool(const struct remote_msg *m, const char *key);
/* Appends the check a {"check": ...} line carries; false when it carries
 * none. */
bool remote_msg_take_check(const struct remote_msg *m, struct verify_checks *out);

/* certtrack's end (verify_remote.c). */
struct remote;
/* Starts the helper; CT_SYSTEM with a sentence when it cannot run. */
enum ct_status remote_start(struct remote **out, struct ct_error *err);
/* Sends m (freed) and reads the answer: checks are appended to checks
 * (may be NULL), the final line returned in *answer (may be NULL; free
 * with remote_msg_free). While waiting, a non-zero *cancel (may be NULL)
 * stops the helper: CT_SYSTEM and *cancelled. A helper that stops without
 * answering is CT_SYSTEM with a sentence. An answer with "ok": false is
 * its status and sentence. */
enum ct_status remote_call(struct remote *r, struct remote_msg *m, const atomic_int *cancel,
			   struct verify_checks *checks, struct remote_msg **answer,
			   bool *cancelled, struct ct_error *err);
/* Ends the helper (closing its input) and waits for it. */
void remote_end(struct remote *r);

#endif
