/* status.h - status codes of fallible core functions and the error message
 * buffer they fill. The numeric values are the command-line exit codes. */
#ifndef CERTTRACK_STATUS_H
#define CERTTRACK_STATUS_H

enum ct_status {
	CT_OK = 0,      /* success; for a check, nothing failed */
	CT_FAILED = 1,  /* the check found problems, a requirement refused */
	CT_USAGE = 2,   /* unknown command, option, key, value of the wrong kind */
	CT_DATA = 3,    /* corrupt or newer database, bad template or import file */
	CT_SYSTEM = 4,  /* I/O, permissions, network */
};

/* What kind of refusal, where a front end reacts differently. */
enum ct_detail {
	CT_DETAIL_NONE,
	CT_DETAIL_CONFLICT, /* the value changed since the editor read it */
};

struct ct_error {
	enum ct_status status;
	enum ct_detail detail;
	char msg[1024];
};

/* Fills err (which may be NULL) and returns st. */
enum ct_status ct_fail(struct ct_error *err, enum ct_status st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

void ct_error_clear(struct ct_error *err);

#endif
