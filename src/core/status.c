/* status.c - filling the error buffer of fallible core functions. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "certtrack/status.h"

#include <stdarg.h>
#include <stdio.h>

enum ct_status ct_fail(struct ct_error *err, enum ct_status st, const char *fmt, ...)
{
	if (err) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
		va_end(ap);
		err->status = st;
		err->detail = CT_DETAIL_NONE;
	}
	return st;
}

void ct_error_clear(struct ct_error *err)
{
	if (err) {
		err->status = CT_OK;
		err->detail = CT_DETAIL_NONE;
		err->msg[0] = '\0';
	}
}
