/* tc-test-util.h: deadlines and raw TCP peers for tests that drive sockets with a main context
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
void      tc_test_run_for               (GMainContext  *context,
                                         guint          ms);
gboolean  tc_test_wait_for              (GMainContext  *context,
                                         gboolean     (*condition) (gpointer data),
                                         gpointer       data,
                                         guint          timeout_ms);
gboolean  tc_test_under_valgrind        (void);
char     *tc_test_require_tool          (const char    *name,
                                         const char    *package);
void      tc_test_assert_finalized      (GMainContext  *context,
                                         gpointer       object);

typedef struct _TcRawPeer TcRawPeer;

/* Called for each complete line the peer reads, without its "\n". */
typedef void     (*TcRawPeerLineFunc) (TcRawPeer   *peer,
                                       const char  *line,
                                       gsize        len,
                                       gpointer     user_data);

/* Appends more bytes to send to @out; returns FALSE when there is no more. */
typedef gboolean (*TcRawPeerFillFunc) (TcRawPeer   *peer,
                                       GByteArray  *out,
                                       gpointer     user_data);

typedef enum
{
  TC_RAW_PEER_NONE       = 0,
  TC_RAW_PEER_READ       = 1 << 0,  /* read from the start */
  TC_RAW_PEER_KEEP_INPUT = 1 << 1,  /* keep everything read in ->in */
} TcRawPeerFlags;

/* A raw TCP peer on a plain non-blocking GSocket, driven by a main context,
 * for what the library's own objects would never do: not read, reset,
 * half-close, send any bytes.
 */
struct _TcRawPeer
{
  GMainContext      *context;
  GSocket           *socket;
  GSource           *in_source;
  GSource           *out_source;

  /* Input */
  GString           *in;           /* everything read, when keep_input */
  gboolean           keep_input;
  GString           *partial;      /* the unfinished line, for line_func */
  TcRawPeerLineFunc  line_func;
  gpointer           line_data;
  gsize              read_limit;   /* bytes per readable event; 0: no limit */
  guint64            bytes_in;
  guint64            lines_in;
  gboolean           eof;
  GError            *error;

  /* Output */
  GByteArray        *out;
  gsize              out_offset;
  TcRawPeerFillFunc  fill_func;
  gpointer           fill_data;
  guint64            bytes_out;
  gboolean           out_done;
};

TcRawPeer *tc_raw_peer_connect          (GMainContext      *context,
                                         guint16            port,
                                         int                rcvbuf,
                                         TcRawPeerFlags     flags);
GSocket   *tc_raw_listen                (guint16           *port);
TcRawPeer *tc_raw_peer_accept           (GMainContext      *context,
                                         GSocket           *listener,
                                         guint              timeout_ms,
                                         TcRawPeerFlags     flags);
void       tc_raw_peer_set_reading      (TcRawPeer         *peer,
                                         gboolean           reading);
void       tc_raw_peer_read_some        (TcRawPeer         *peer);
void       tc_raw_peer_send_all         (TcRawPeer         *peer,
                                         const char        *data,
                                         gsize              len,
                                         guint              timeout_ms);
void       tc_raw_peer_start_writing    (TcRawPeer         *peer,
                                         TcRawPeerFillFunc  func,
                                         gpointer           user_data);
void       tc_raw_peer_shutdown_write   (TcRawPeer         *peer);
void       tc_raw_peer_reset            (TcRawPeer         *peer);
void       tc_raw_peer_close            (TcRawPeer         *peer);
void       tc_raw_peer_free             (TcRawPeer         *peer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TcRawPeer, tc_raw_peer_free)

/* Raw peers that write lines as fast as they are read, driven by a context
 * of their own in a thread of their own, as peers in other processes
 * would be. Add peers made on ->context, then start.
 */
typedef struct
{
  GMainContext *context;
  GPtrArray    *peers;      /* of TcRawPeer */
  GString      *block;      /* whole lines, written again and again */
  GThread      *thread;
  gint          stop;       /* atomic */
} TcFlood;

TcFlood   *tc_flood_new                 (void);
void       tc_flood_add                 (TcFlood           *flood,
                                         TcRawPeer         *peer);
void       tc_flood_start               (TcFlood           *flood);
void       tc_flood_stop                (TcFlood           *flood);
void       tc_flood_free                (TcFlood           *flood);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TcFlood, tc_flood_free)

G_END_DECLS
