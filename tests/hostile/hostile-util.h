/* hostile-util.h: raw peers, child servers and memory probes for the hostile-peer tests
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Iterates @context until @expr holds, for at most @timeout_ms; the test
 * fails with the text of @expr when the deadline comes first.
 */
#define HOSTILE_WAIT_UNTIL(context, expr, timeout_ms)                             \
  G_STMT_START {                                                                  \
    gboolean hostile_timed_out_ = FALSE;                                          \
    GSource *hostile_deadline_ = hostile_deadline_new ((context), (timeout_ms),   \
                                                       &hostile_timed_out_);      \
    while (!(expr) && !hostile_timed_out_)                                        \
      g_main_context_iteration ((context), TRUE);                                 \
    g_source_destroy (hostile_deadline_);                                         \
    g_source_unref (hostile_deadline_);                                           \
    if (!(expr))                                                                  \
      g_assertion_message (G_LOG_DOMAIN, __FILE__, __LINE__, G_STRFUNC,           \
                           "timed out after " #timeout_ms " ms waiting for: "     \
                           #expr);                                                \
  } G_STMT_END

GSource  *hostile_deadline_new     (GMainContext  *context,
                                    guint          timeout_ms,
                                    gboolean      *flag);
void      hostile_drain            (GMainContext  *context);
gsize     hostile_rss_kib          (GPid           pid);
gboolean  hostile_under_valgrind   (void);
gboolean  hostile_rss_is_meaningful (void);

typedef struct _HostilePeer HostilePeer;

/* Called for each complete line the peer reads, without its "\n". */
typedef void (*HostileLineFunc) (HostilePeer *peer,
                                 const char  *line,
                                 gsize        len,
                                 gpointer     user_data);

/* Appends more bytes to send to @out; returns FALSE when there is no more. */
typedef gboolean (*HostileFillFunc) (HostilePeer *peer,
                                     GByteArray  *out,
                                     gpointer     user_data);

/* A plain non-blocking TCP socket driven by a main context: it can do what
 * the library's own objects would never do (not read, reset, half-close,
 * send any bytes).
 */
struct _HostilePeer
{
  GMainContext    *context;
  GSocket         *socket;
  GSource         *in_source;
  GSource         *out_source;

  /* Input */
  GString         *in;           /* everything read, when keep_input */
  gboolean         keep_input;
  GString         *partial;      /* the unfinished line, for line_func */
  HostileLineFunc  line_func;
  gpointer         line_data;
  gsize            read_limit;   /* bytes per readable event; 0: no limit */
  guint64          bytes_in;
  guint64          lines_in;
  gboolean         eof;
  GError          *error;

  /* Output */
  GByteArray      *out;
  gsize            out_offset;
  HostileFillFunc  fill_func;
  gpointer         fill_data;
  guint64          bytes_out;
  gboolean         out_done;
  gpointer         user_data;
};

HostilePeer *hostile_peer_connect         (GMainContext  *context,
                                           guint16        port,
                                           int            rcvbuf);
void         hostile_peer_set_reading     (HostilePeer   *peer,
                                           gboolean       reading);
void         hostile_peer_read_now        (HostilePeer   *peer);
void         hostile_peer_write_all       (HostilePeer   *peer,
                                           const char    *data,
                                           gsize          len,
                                           guint          timeout_ms);
void         hostile_peer_start_writing   (HostilePeer   *peer,
                                           HostileFillFunc func,
                                           gpointer       user_data);
void         hostile_peer_shutdown_write  (HostilePeer   *peer);
void         hostile_peer_reset           (HostilePeer   *peer);
void         hostile_peer_close           (HostilePeer   *peer);
void         hostile_peer_free            (HostilePeer   *peer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HostilePeer, hostile_peer_free)

/* The real tcpchat-server (or client) as a child process, its stdout read
 * as it comes.
 */
typedef struct
{
  GMainContext  *context;
  GSubprocess   *process;
  GInputStream  *stdout_pipe;
  GCancellable  *cancellable;
  GString       *out;
  gboolean       out_eof;
  gboolean       exited;
  int            exit_status;
  char           buffer[16 * 1024];
} HostileChild;

HostileChild *hostile_child_spawn       (GMainContext       *context,
                                         const char * const *argv);
guint16       hostile_child_wait_port   (HostileChild       *child);
GPid          hostile_child_get_pid     (HostileChild       *child);
void          hostile_child_terminate   (HostileChild       *child);
void          hostile_child_free        (HostileChild       *child);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HostileChild, hostile_child_free)

G_END_DECLS
