/* tc-test-util.h: helpers for tests that drive sockets with a main context
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Iterates @context until @expr holds, for at most @timeout_ms; fails the
 * test with the text of @expr when the deadline passes first.
 */
#define TC_WAIT_UNTIL(context, expr, timeout_ms)                                  \
  G_STMT_START {                                                                  \
    gboolean tc_timed_out_ = FALSE;                                               \
    GSource *tc_deadline_ = tc_test_deadline_new ((context), (timeout_ms),        \
                                                  &tc_timed_out_);                \
    while (!(expr) && !tc_timed_out_)                                             \
      g_main_context_iteration ((context), TRUE);                                 \
    g_source_destroy (tc_deadline_);                                              \
    g_source_unref (tc_deadline_);                                                \
    if (!(expr))                                                                  \
      g_assertion_message (G_LOG_DOMAIN, __FILE__, __LINE__, G_STRFUNC,           \
                           "timed out after " #timeout_ms " ms waiting for: " #expr); \
  } G_STMT_END

GSource  *tc_test_deadline_new          (GMainContext  *context,
                                         guint          timeout_ms,
                                         gboolean      *flag);
void      tc_test_drain                 (GMainContext  *context);
void      tc_test_assert_finalized      (GMainContext  *context,
                                         gpointer       object);

/* A raw TCP peer on a plain non-blocking GSocket, for what the library's own
 * objects would not do: never read, reset, half-close, send raw bytes.
 */
typedef struct
{
  GMainContext *context;
  GSocket      *socket;
  GSource      *source;
  GString      *in;
  gboolean      eof;
  GError       *error;
  gsize         read_limit;   /* bytes per readable event; 0 = unlimited */
  gboolean      paused;
} TcRawPeer;

TcRawPeer *tc_raw_peer_connect          (GMainContext  *context,
                                         guint16        port,
                                         int            rcvbuf,
                                         gboolean       reading);
void       tc_raw_peer_set_reading      (TcRawPeer     *peer,
                                         gboolean       reading);
void       tc_raw_peer_read_some        (TcRawPeer     *peer);
void       tc_raw_peer_send_all         (TcRawPeer     *peer,
                                         const char    *data,
                                         gsize          len,
                                         guint          timeout_ms);
void       tc_raw_peer_shutdown_write   (TcRawPeer     *peer);
void       tc_raw_peer_reset            (TcRawPeer     *peer);
guint      tc_raw_peer_count_lines      (TcRawPeer     *peer);
void       tc_raw_peer_free             (TcRawPeer     *peer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TcRawPeer, tc_raw_peer_free)

G_END_DECLS
