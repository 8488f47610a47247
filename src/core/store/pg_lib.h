/* pg_lib.h - inside the PostgreSQL backend only: libpq, loaded when a
 * server is first opened rather than linked. libpq brings TLS, Kerberos
 * and LDAP (two dozen shared libraries); a command on a file must not pay
 * for them at start-up, as it does not pay for libcurl (git's helpers are
 * the model). After this header, PQname(...) calls through the table. */
#ifndef CERTTRACK_CORE_STORE_PG_LIB_H
#define CERTTRACK_CORE_STORE_PG_LIB_H

#include <libpq-fe.h>
#include <stdbool.h>

#include "certtrack/status.h"

struct pg_lib {
#define PG_FN(ret, name, params) ret(*name) params;
#define PG_FN_OPT PG_FN
#include "core/store/pg_lib.def"
#undef PG_FN_OPT
#undef PG_FN
};
extern struct pg_lib pg_lib;

/* Loads libpq once; false with err filled (exit 4) when it is missing. */
bool pg_lib_load(struct ct_error *err);

#ifndef PG_LIB_NO_MACROS
#define PQclear (pg_lib.PQclear)
#define PQntuples (pg_lib.PQntuples)
#define PQnfields (pg_lib.PQnfields)
#define PQstatus (pg_lib.PQstatus)
#define PQresultStatus (pg_lib.PQresultStatus)
#define PQresultErrorField (pg_lib.PQresultErrorField)
#define PQpingParams (pg_lib.PQpingParams)
#define PQfinish (pg_lib.PQfinish)
#define PQconnectdbParams (pg_lib.PQconnectdbParams)
#define PQfreemem (pg_lib.PQfreemem)
#define PQexecPrepared (pg_lib.PQexecPrepared)
#define PQexecParams (pg_lib.PQexecParams)
#define PQexec (pg_lib.PQexec)
#define PQconninfoFree (pg_lib.PQconninfoFree)
#define PQcmdTuples (pg_lib.PQcmdTuples)
#define PQsetNoticeProcessor (pg_lib.PQsetNoticeProcessor)
#define PQprepare (pg_lib.PQprepare)
#define PQport (pg_lib.PQport)
#define PQnotifies (pg_lib.PQnotifies)
#define PQhost (pg_lib.PQhost)
#define PQgetvalue (pg_lib.PQgetvalue)
#define PQgetisnull (pg_lib.PQgetisnull)
#define PQerrorMessage (pg_lib.PQerrorMessage)
#define PQdb (pg_lib.PQdb)
#define PQconsumeInput (pg_lib.PQconsumeInput)
#define PQconninfoParse (pg_lib.PQconninfoParse)
#define PQconnectionUsedPassword (pg_lib.PQconnectionUsedPassword)
#define PQconnectionNeedsPassword (pg_lib.PQconnectionNeedsPassword)
#define PQbackendPID (pg_lib.PQbackendPID)
#define PQsendQueryParams (pg_lib.PQsendQueryParams)
#define PQgetResult (pg_lib.PQgetResult)
#define PQenterPipelineMode (pg_lib.PQenterPipelineMode)
#define PQexitPipelineMode (pg_lib.PQexitPipelineMode)
#define PQpipelineSync (pg_lib.PQpipelineSync)
#define PQreset (pg_lib.PQreset)
#define PQresetStart (pg_lib.PQresetStart)
#define PQresetPoll (pg_lib.PQresetPoll)
#define PQsocket (pg_lib.PQsocket)
#endif

#endif
