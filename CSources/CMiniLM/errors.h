/* errors.h — one-line error messages into a caller's buffer (private). */
#ifndef CMINILM_ERRORS_H
#define CMINILM_ERRORS_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

/* Writes a formatted one-line message into err (if any) and returns code, for `return ml_fail(...)`. */
__attribute__((format(printf, 4, 5))) static inline int ml_fail(char *_Nullable err, size_t err_len, int code,
                                                                 const char *_Nonnull fmt, ...) {
    if (err != NULL && err_len > 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, err_len, fmt, ap);
        va_end(ap);
    }
    return code;
}

#endif /* CMINILM_ERRORS_H */
