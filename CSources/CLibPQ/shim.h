#ifndef CLIBPQ_SHIM_H
#define CLIBPQ_SHIM_H
#include <libpq-fe.h>

/// A notice processor that drops the server's notices. libpq's default prints them to stderr,
/// and a notice may quote the data a statement touched.
static inline void clibpq_ignore_notice(void *arg, const char *message) {
    (void)arg;
    (void)message;
}

/// Installs ``clibpq_ignore_notice`` on `conn`.
static inline void clibpq_silence_notices(PGconn *conn) {
    PQsetNoticeProcessor(conn, clibpq_ignore_notice, NULL);
}

#endif
