/* gui-ingest.c: floods the real server or client window from a raw socket and measures it
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage (under Xvfb, GDK_BACKEND=x11):
 *   bench-gui-ingest --mode server [--lines N]   a raw client floods the server window
 *   bench-gui-ingest --mode client [--lines N]   a raw server floods the client window
 *   bench-gui-ingest --mode clients [--clients N] N raw clients connect to the server
 *                                                 window, each sends one line; then a
 *                                                 line typed in the window goes to all
 *   bench-gui-ingest --mode hex [--megabytes N]  a raw server sends N MB (100) of
 *                                                 random bytes to the client window in
 *                                                 raw framing, shown as hex
 *   bench-gui-ingest --mode flood [--clients N] [--seconds S]
 *                                                 N raw clients (20) flood the server
 *                                                 window (no relay) for S seconds (5)
 *                                                 while a line is typed every 250 ms
 *
 * Prints one line of key=value figures. The flood is "line 000000\n"...,
 * written by a thread in one blocking write loop; the window runs on the
 * main thread as in the application. Timing:
 *   ingest_ms   first byte written -> every line in the log model, nothing
 *               pending, a frame painted after that and the main loop idle
 *               (a G_PRIORITY_LOW idle ran)
 *   stall_ms    the longest time between two polls of the main loop (the
 *               work of one iteration: nothing else, input included, can
 *               run meanwhile), while the flood lasts
 * In the flood mode, one more raw client only reads, and:
 *   frame_gap_ms  the longest time between two painted frames (frame clock
 *                 after-paint; a tick callback asks for a frame every frame),
 *                 the start and the end of the flood counting as frames
 *   typed_ms      when a typed line is due (a G_PRIORITY_DEFAULT source, as
 *                 input events are) until the reading client has it: the
 *                 median and the longest of all typed lines
 *   in_mb_s       what the window read from the flooders, per second
 * Memory, from /proc/self/status: VmRSS before the flood (log empty, flood
 * buffer already made), VmRSS after, and VmHWM (reset before the flood
 * through /proc/self/clear_refs).
 * Every wait is bounded; a run that misses one prints what it has and
 * exits 1. --pause-ms N waits N ms before the flood (time to attach
 * perf record -p); --trace prints every main-loop iteration of the flood
 * on standard error.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tc-client-window.h"
#include "tc-log-view.h"
#include "tc-server-window.h"

#define WAIT_MS 60000

static int pause_ms;

/* What the window shows or does while flooded: the traffic graphs, the log
 * file. */
static gboolean show_graph;
static char *log_file;

static void
observe_options (GtkWidget *window,
                 GSettings *settings)
{
  if (log_file != NULL && settings != NULL)
    {
      g_settings_set_string (settings, "log-file-path", log_file);
      g_settings_set_boolean (settings, "log-file", TRUE);
    }
  if (show_graph && !gtk_widget_activate_action (window, "win.show-graph", NULL))
    g_error ("no win.show-graph");
}

/* Main-loop stall probe: wraps the poll function of the default context. */

static GPollFunc real_poll;
static gboolean trace;
static TcLogModel *trace_log;
static gint64 trace_start_us;
static gint64 poll_returned_us;
static gint64 longest_stall_us;
static guint64 n_iterations;
static gboolean probing;

static gint
probe_poll (GPollFD *fds,
            guint    n_fds,
            gint     timeout)
{
  gint64 now = g_get_monotonic_time ();
  gint result;

  if (probing && poll_returned_us != 0)
    {
      longest_stall_us = MAX (longest_stall_us, now - poll_returned_us);
      n_iterations++;
      if (trace)
        g_printerr ("iteration at %.1f ms: %.1f ms, log %u + %u pending\n",
                    (poll_returned_us - trace_start_us) / 1000.0,
                    (now - poll_returned_us) / 1000.0,
                    trace_log != NULL ? tc_log_model_get_n_entries (trace_log) : 0,
                    trace_log != NULL ? tc_log_model_get_n_pending (trace_log) : 0);
    }
  result = real_poll (fds, n_fds, timeout);
  poll_returned_us = g_get_monotonic_time ();

  return result;
}

static void
probe_start (void)
{
  longest_stall_us = 0;
  n_iterations = 0;
  poll_returned_us = 0;
  trace_start_us = g_get_monotonic_time ();
  probing = TRUE;
}

static void
probe_stop (void)
{
  probing = FALSE;
}

/* Waiting */

static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

typedef gboolean (*Condition) (gpointer data);

static gboolean
wait_until (Condition condition,
            gpointer  data,
            guint     timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  guint wake = g_timeout_add (50, wake_cb, NULL);
  gboolean ok;

  while (!(ok = condition (data)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake);

  return ok;
}

/* Frames painted by the window, counted from its frame clock. With
 * --trace, the time of each phase: GTK's own handlers of a phase run before
 * these, connected later. */
static guint n_paints;
static gint64 phase_us[3];   /* update, layout, paint ends */

static void
phase_cb (GdkFrameClock *clock,
          gpointer       data)
{
  phase_us[GPOINTER_TO_INT (data)] = g_get_monotonic_time ();
}

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       data)
{
  gint64 now = g_get_monotonic_time ();

  n_paints++;
  if (trace && probing)
    g_printerr ("frame at %.1f ms: layout %.1f ms, paint %.1f ms, after %.1f ms\n",
                (now - trace_start_us) / 1000.0,
                (phase_us[1] - phase_us[0]) / 1000.0, (phase_us[2] - phase_us[1]) / 1000.0,
                (now - phase_us[2]) / 1000.0);
}

static gboolean
painted_since_cb (gpointer data)
{
  return n_paints > GPOINTER_TO_UINT (data);
}

static gboolean
wait_for_paint (void)
{
  return wait_until (painted_since_cb, GUINT_TO_POINTER (n_paints), 5000);
}

static void
count_paints (GtkWidget *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  g_assert (clock != NULL);
  g_signal_connect (clock, "update", G_CALLBACK (phase_cb), GINT_TO_POINTER (0));
  g_signal_connect (clock, "layout", G_CALLBACK (phase_cb), GINT_TO_POINTER (1));
  g_signal_connect (clock, "paint", G_CALLBACK (phase_cb), GINT_TO_POINTER (2));
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), NULL);
}

static gboolean
low_idle_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
flag_cb (gpointer data)
{
  return *(gboolean *) data;
}

/* Runs the main loop until an idle of the lowest priority gets its turn:
 * nothing else was ready to run. */
static gboolean
wait_for_idle (void)
{
  gboolean ran = FALSE;

  g_idle_add_full (G_PRIORITY_LOW, low_idle_cb, &ran, NULL);
  return wait_until (flag_cb, &ran, 5000);
}

static gboolean
never_cb (gpointer data)
{
  return FALSE;
}

/* --pause-ms: the main loop runs, nothing is measured. */
static void
pause_main_loop (void)
{
  if (pause_ms > 0)
    wait_until (never_cb, NULL, (guint) pause_ms);
}

/* /proc/self/status, in kB */
static long
status_kb (const char *key)
{
  g_autofree char *text = NULL;
  const char *at;
  gsize key_len = strlen (key);

  if (!g_file_get_contents ("/proc/self/status", &text, NULL, NULL))
    return -1;
  for (at = text; at != NULL && *at != '\0'; at = strchr (at, '\n'), at = at ? at + 1 : NULL)
    if (strncmp (at, key, key_len) == 0 && at[key_len] == ':')
      return strtol (at + key_len + 1, NULL, 10);

  return -1;
}

static void
reset_peak_rss (void)
{
  /* "5" resets VmHWM to the current RSS (Linux >= 4.0). */
  g_file_set_contents ("/proc/self/clear_refs", "5", 1, NULL);
}

/* Sockets */

static int
tcp_socket (void)
{
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

  if (fd < 0)
    g_error ("socket: %s", g_strerror (errno));
  return fd;
}

static struct sockaddr_in
loopback (guint16 port)
{
  struct sockaddr_in addr = { 0 };

  addr.sin_family = AF_INET;
  addr.sin_port = htons (port);
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  return addr;
}

static int
connect_loopback (guint16 port)
{
  struct sockaddr_in addr = loopback (port);
  int fd = tcp_socket ();

  if (connect (fd, (struct sockaddr *) &addr, sizeof addr) < 0)
    g_error ("connect: %s", g_strerror (errno));
  return fd;
}

static int
listen_loopback (guint16 *port)
{
  struct sockaddr_in addr = loopback (0);
  socklen_t len = sizeof addr;
  int fd = tcp_socket ();

  if (bind (fd, (struct sockaddr *) &addr, sizeof addr) < 0 ||
      listen (fd, 16) < 0 ||
      getsockname (fd, (struct sockaddr *) &addr, &len) < 0)
    g_error ("listen: %s", g_strerror (errno));
  *port = ntohs (addr.sin_port);
  return fd;
}

/* The writer thread: writes the whole flood with blocking writes. */
typedef struct
{
  int          fd;
  const char  *data;
  gsize        len;
  gint64       done_us;   /* set before done */
  gint         done;      /* atomic */
  int          error;
} Writer;

static gpointer
writer_thread (gpointer data)
{
  Writer *writer = data;
  gsize written = 0;

  while (written < writer->len)
    {
      ssize_t n = write (writer->fd, writer->data + written, writer->len - written);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          writer->error = errno;
          break;
        }
      written += (gsize) n;
    }
  writer->done_us = g_get_monotonic_time ();
  g_atomic_int_set (&writer->done, 1);
  return NULL;
}

/* Ingest */

typedef struct
{
  TcLogModel *log;
  guint       n;
} ModelWait;

static gboolean
model_holds_cb (gpointer data)
{
  ModelWait *wait = data;

  return tc_log_model_get_n_entries (wait->log) >= wait->n &&
         tc_log_model_get_n_pending (wait->log) == 0;
}

static gboolean
model_settled_cb (gpointer data)
{
  ModelWait *wait = data;

  return tc_log_model_get_n_entries (wait->log) >= wait->n;
}

static char *
entry_text (TcLogModel *log,
            guint       position)
{
  g_autoptr(TcLogEntry) entry = g_list_model_get_item (G_LIST_MODEL (log), position);

  return entry != NULL ? tc_log_entry_dup_text (entry) : NULL;
}

/* Floods fd with n lines while the window reads them into log; prints the
 * figures. */
static int
measure_flood (const char *mode,
               GtkWidget  *window,
               TcLogModel *log,
               int         fd,
               guint       n)
{
  GString *flood = g_string_sized_new ((gsize) n * 12);
  Writer writer = { fd, NULL, 0, 0, 0, 0 };
  ModelWait wait = { log, n };
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  g_autofree char *want_last = NULL;
  long rss_before, rss_after, hwm;
  gint64 start, model_us, idle_us;
  guint paints_before, frames;
  gboolean shown, idle;
  GThread *thread;

  for (guint i = 0; i < n; i++)
    g_string_append_printf (flood, "line %06u\n", i);
  writer.data = flood->str;
  writer.len = flood->len;

  /* Settle: an empty log, painted, nothing to do. */
  tc_log_model_clear (log);
  wait_for_paint ();
  wait_for_idle ();
  pause_main_loop ();
  trace_log = log;

  rss_before = status_kb ("VmRSS");
  reset_peak_rss ();
  paints_before = n_paints;
  probe_start ();

  start = g_get_monotonic_time ();
  thread = g_thread_new ("flood", writer_thread, &writer);
  shown = wait_until (model_holds_cb, &wait, WAIT_MS);
  model_us = g_get_monotonic_time ();
  /* A frame that shows the last lines, then nothing left to do. */
  idle = shown && wait_for_paint () && wait_for_idle ();
  idle_us = g_get_monotonic_time ();
  probe_stop ();
  frames = n_paints - paints_before;
  g_thread_join (thread);

  rss_after = status_kb ("VmRSS");
  hwm = status_kb ("VmHWM");

  tc_log_model_flush (log);
  first = entry_text (log, 0);
  last = entry_text (log, tc_log_model_get_n_entries (log) - 1);
  want_last = g_strdup_printf ("line %06u", n - 1);

  printf ("mode=%s lines=%u held=%u dropped=%" G_GUINT64_FORMAT " in_order=%s"
          " ingest_ms=%.1f model_ms=%.1f write_ms=%.1f stall_ms=%.1f iterations=%" G_GUINT64_FORMAT
          " frames=%u rss_before_kb=%ld rss_after_kb=%ld peak_rss_kb=%ld"
          " bytes_per_line=%.0f peak_bytes_per_line=%.0f%s\n",
          mode, n, tc_log_model_get_n_entries (log), tc_log_model_get_dropped (log),
          g_strcmp0 (first, "line 000000") == 0 && g_strcmp0 (last, want_last) == 0 ? "yes" : "no",
          (idle_us - start) / 1000.0, (model_us - start) / 1000.0,
          g_atomic_int_get (&writer.done) ? (writer.done_us - start) / 1000.0 : -1.0,
          longest_stall_us / 1000.0, n_iterations, frames,
          rss_before, rss_after, hwm,
          (rss_after - rss_before) * 1024.0 / n, (hwm - rss_before) * 1024.0 / n,
          shown && idle ? "" : " timed_out=yes");
  fflush (stdout);
  g_string_free (flood, TRUE);

  return shown && idle && writer.error == 0 ? 0 : 1;
}

static gboolean
listening_cb (gpointer data)
{
  return tc_server_is_listening (tc_server_window_get_server (data));
}

typedef struct
{
  TcServerWindow *window;
  guint           n;
} ClientsWait;

static gboolean
n_clients_cb (gpointer data)
{
  ClientsWait *wait = data;

  return tc_server_get_n_clients (tc_server_window_get_server (wait->window)) >= wait->n;
}

static TcServerWindow *
new_server_window (guint16 *port)
{
  TcServerWindow *window = g_object_ref_sink (tc_server_window_new (NULL));

  gtk_window_set_default_size (GTK_WINDOW (window), 800, 500);
  gtk_window_present (GTK_WINDOW (window));
  count_paints (GTK_WIDGET (window));
  wait_for_paint ();

  tc_server_window_set_listen_address (window, "127.0.0.1", 0);
  tc_server_window_start (window);
  if (!wait_until (listening_cb, window, 10000))
    g_error ("the server window does not listen");
  *port = tc_server_get_port (tc_server_window_get_server (window));

  return window;
}

static int
run_server (guint n)
{
  guint16 port;
  TcServerWindow *window = new_server_window (&port);
  int fd = connect_loopback (port);
  ClientsWait clients = { window, 1 };
  int status;

  if (!wait_until (n_clients_cb, &clients, 10000))
    g_error ("the server window did not accept the client");
  observe_options (GTK_WIDGET (window), tc_server_window_get_settings (window));
  /* The client's own graph too. */
  if (show_graph)
    gtk_single_selection_set_selected (tc_server_window_get_clients_selection (window), 1);

  status = measure_flood ("server", GTK_WIDGET (window),
                          tc_server_window_get_log_model (window), fd, n);
  close (fd);
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);

  return status;
}

static gboolean
client_connected_cb (gpointer data)
{
  return tc_client_get_state (tc_client_window_get_client (data)) == TC_SOCKET_STATE_CONNECTED;
}

static int
run_client (guint n)
{
  guint16 port;
  int listener = listen_loopback (&port);
  TcClientWindow *window = g_object_ref_sink (tc_client_window_new (NULL));
  ModelWait events = { tc_client_window_get_log_model (window), 1 };
  int fd, status;

  gtk_window_set_default_size (GTK_WINDOW (window), 800, 500);
  gtk_window_present (GTK_WINDOW (window));
  count_paints (GTK_WIDGET (window));
  wait_for_paint ();

  tc_client_window_connect_to (window, "127.0.0.1", port);
  if (!wait_until (client_connected_cb, window, 10000))
    g_error ("the client window did not connect");
  fd = accept4 (listener, NULL, NULL, SOCK_CLOEXEC);
  if (fd < 0)
    g_error ("accept: %s", g_strerror (errno));
  wait_until (model_settled_cb, &events, 2000);
  observe_options (GTK_WIDGET (window), tc_client_window_get_settings (window));

  status = measure_flood ("client", GTK_WIDGET (window),
                          tc_client_window_get_log_model (window), fd, n);
  close (fd);
  close (listener);
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);

  return status;
}

/* Binary into the hex view */

/* The widget of @type in @widget's tree, or NULL. */
static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

typedef struct
{
  TcClientWindow *window;
  guint64         total;
} BytesWait;

static gboolean
all_read_cb (gpointer data)
{
  BytesWait *wait = data;
  TcConnection *connection = tc_client_get_connection (tc_client_window_get_client (wait->window));

  return connection != NULL && tc_connection_get_bytes_in (connection) >= wait->total &&
         tc_log_model_get_n_pending (tc_client_window_get_log_model (wait->window)) == 0;
}

/* N MB of random bytes (a fixed seed) into the client window in raw
 * framing, its log shown as hex: each read is a message. Prints the
 * figures; the log's memory bound is max_bytes. */
static int
run_hex (guint megabytes)
{
  guint64 total = (guint64) megabytes * 1024 * 1024;
  g_autofree guint8 *data = g_malloc (total);
  g_autoptr(GRand) rand = g_rand_new_with_seed (13);
  guint16 port;
  int listener = listen_loopback (&port);
  TcClientWindow *window = g_object_ref_sink (tc_client_window_new (NULL));
  TcLogModel *log = tc_client_window_get_log_model (window);
  ModelWait events = { log, 1 };
  BytesWait wait = { window, total };
  Writer writer = { -1, (const char *) data, total, 0, 0, 0 };
  GtkWidget *log_view;
  long rss_before, rss_after, hwm;
  gint64 start, read_us, idle_us;
  guint paints_before, frames;
  gboolean read_all, idle;
  GThread *thread;

  for (guint64 i = 0; i + 4 <= total; i += 4)
    {
      guint32 r = g_rand_int (rand);

      memcpy (data + i, &r, 4);
    }

  gtk_window_set_default_size (GTK_WINDOW (window), 800, 500);
  gtk_window_present (GTK_WINDOW (window));
  count_paints (GTK_WIDGET (window));
  wait_for_paint ();
  g_action_group_change_action_state (G_ACTION_GROUP (window), "framing",
                                      g_variant_new_string ("raw"));
  log_view = find_descendant (GTK_WIDGET (window), TC_TYPE_LOG_VIEW);
  if (log_view == NULL ||
      !gtk_widget_activate_action (log_view, "log.display-mode", "s", "hex"))
    g_error ("no log view to show hex");

  tc_client_window_connect_to (window, "127.0.0.1", port);
  if (!wait_until (client_connected_cb, window, 10000))
    g_error ("the client window did not connect");
  writer.fd = accept4 (listener, NULL, NULL, SOCK_CLOEXEC);
  if (writer.fd < 0)
    g_error ("accept: %s", g_strerror (errno));
  wait_until (model_settled_cb, &events, 2000);

  tc_log_model_clear (log);
  wait_for_paint ();
  wait_for_idle ();
  pause_main_loop ();
  trace_log = log;

  rss_before = status_kb ("VmRSS");
  reset_peak_rss ();
  paints_before = n_paints;
  probe_start ();

  start = g_get_monotonic_time ();
  thread = g_thread_new ("flood", writer_thread, &writer);
  read_all = wait_until (all_read_cb, &wait, WAIT_MS);
  read_us = g_get_monotonic_time ();
  idle = read_all && wait_for_paint () && wait_for_idle ();
  idle_us = g_get_monotonic_time ();
  probe_stop ();
  frames = n_paints - paints_before;
  g_thread_join (thread);

  rss_after = status_kb ("VmRSS");
  hwm = status_kb ("VmHWM");

  printf ("mode=hex megabytes=%u messages_held=%u dropped=%" G_GUINT64_FORMAT
          " held_mb=%.1f max_mb=%.1f read_ms=%.1f idle_ms=%.1f write_ms=%.1f stall_ms=%.1f"
          " iterations=%" G_GUINT64_FORMAT " frames=%u rss_before_kb=%ld rss_after_kb=%ld"
          " peak_rss_kb=%ld%s\n",
          megabytes, tc_log_model_get_n_entries (log), tc_log_model_get_dropped (log),
          tc_log_model_get_held_bytes (log) / 1048576.0,
          tc_log_model_get_max_bytes (log) / 1048576.0,
          (read_us - start) / 1000.0, (idle_us - start) / 1000.0,
          g_atomic_int_get (&writer.done) ? (writer.done_us - start) / 1000.0 : -1.0,
          longest_stall_us / 1000.0, n_iterations, frames, rss_before, rss_after, hwm,
          read_all && idle ? "" : " timed_out=yes");
  fflush (stdout);

  close (writer.fd);
  close (listener);
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);

  return read_all && idle && writer.error == 0 ? 0 : 1;
}

/* Many clients */

typedef struct
{
  guint16  port;
  guint    n;
  int     *fds;
  int      epoll_fd;
  gint64   connected_us;   /* set before connected */
  gint     connected;      /* atomic: every client connected and sent its line */
  gint     go;             /* atomic: 1 once the typed line is on its way */
  gint64   received_us;    /* set before received */
  gint     received;       /* atomic: every client has the typed line, or gave up */
  guint    n_received;
  int      error;
} Crowd;

static gpointer
crowd_thread (gpointer data)
{
  Crowd *crowd = data;
  guint *have = g_new0 (guint, crowd->n);   /* bytes of "typed\n" seen */
  static const char typed[] = "typed line to everyone\n";
  struct epoll_event events[256];
  gint64 deadline;

  for (guint i = 0; i < crowd->n; i++)
    {
      struct sockaddr_in addr = loopback (crowd->port);
      char line[64];
      int len, fd = tcp_socket ();
      struct epoll_event ev = { .events = EPOLLIN, .data.u32 = i };

      if (connect (fd, (struct sockaddr *) &addr, sizeof addr) < 0)
        {
          crowd->error = errno;
          close (fd);
          break;
        }
      len = g_snprintf (line, sizeof line, "hello from client %04u\n", i);
      if (write (fd, line, len) != len)
        crowd->error = errno;
      crowd->fds[i] = fd;
      epoll_ctl (crowd->epoll_fd, EPOLL_CTL_ADD, fd, &ev);
    }
  crowd->connected_us = g_get_monotonic_time ();
  g_atomic_int_set (&crowd->connected, 1);

  /* Wait (bounded) for the typed line, then until every client has it. */
  deadline = g_get_monotonic_time () + (gint64) WAIT_MS * 1000;
  while (!g_atomic_int_get (&crowd->go) && g_get_monotonic_time () < deadline)
    g_usleep (1000);

  while (crowd->error == 0 && crowd->n_received < crowd->n && g_get_monotonic_time () < deadline)
    {
      int ready = epoll_wait (crowd->epoll_fd, events, G_N_ELEMENTS (events), 100);

      for (int e = 0; e < ready; e++)
        {
          guint i = events[e].data.u32;
          char buffer[4096];
          ssize_t got = read (crowd->fds[i], buffer, sizeof buffer);

          for (ssize_t k = 0; k < got && have[i] < sizeof typed - 1; k++)
            have[i] = buffer[k] == typed[have[i]] ? have[i] + 1 : (buffer[k] == typed[0] ? 1 : 0);
          if (got > 0 && have[i] == sizeof typed - 1)
            {
              crowd->n_received++;
              have[i]++;   /* counted */
              epoll_ctl (crowd->epoll_fd, EPOLL_CTL_DEL, crowd->fds[i], NULL);
            }
        }
    }
  crowd->received_us = g_get_monotonic_time ();
  g_atomic_int_set (&crowd->received, 1);
  g_free (have);
  return NULL;
}

static gboolean
crowd_connected_cb (gpointer data)
{
  return g_atomic_int_get (&((Crowd *) data)->connected);
}

static gboolean
crowd_received_cb (gpointer data)
{
  return g_atomic_int_get (&((Crowd *) data)->received);
}

static void
raise_fd_limit (void)
{
  struct rlimit limit;

  if (getrlimit (RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max)
    {
      limit.rlim_cur = limit.rlim_max;
      setrlimit (RLIMIT_NOFILE, &limit);
    }
}

static int
run_clients (guint n)
{
  guint16 port;
  TcServerWindow *window = new_server_window (&port);
  TcLogModel *log = tc_server_window_get_log_model (window);
  TcSendBox *send_box = tc_server_window_get_send_box (window);
  ClientsWait accepted = { window, n };
  Crowd crowd = { port, n, g_new0 (int, n), epoll_create1 (EPOLL_CLOEXEC), 0, 0, 0, 0, 0, 0, 0 };
  ModelWait lines = { log, 0 };
  gint64 start, accepted_us, logged_us, typed_us;
  gint64 stall_connect_us, stall_typed_us;
  long rss_before, rss_after;
  gboolean ok;
  GThread *thread;

  tc_log_model_clear (log);
  wait_for_paint ();
  wait_for_idle ();
  pause_main_loop ();
  rss_before = status_kb ("VmRSS");

  /* n clients connect and each sends one line. */
  probe_start ();
  start = g_get_monotonic_time ();
  thread = g_thread_new ("crowd", crowd_thread, &crowd);
  ok = wait_until (crowd_connected_cb, &crowd, WAIT_MS) && crowd.error == 0;
  ok = ok && wait_until (n_clients_cb, &accepted, WAIT_MS);
  accepted_us = g_get_monotonic_time ();
  /* n "Client connected" events and n lines. */
  lines.n = 2 * n;
  ok = ok && wait_until (model_holds_cb, &lines, WAIT_MS) && wait_for_paint () && wait_for_idle ();
  logged_us = g_get_monotonic_time ();
  probe_stop ();
  stall_connect_us = longest_stall_us;
  rss_after = status_kb ("VmRSS");

  /* A line typed in the send box (target: all clients) reaches all n. */
  probe_start ();
  typed_us = g_get_monotonic_time ();
  tc_send_box_set_text (send_box, "typed line to everyone");
  tc_send_box_send (send_box);
  g_atomic_int_set (&crowd.go, 1);
  ok = ok && wait_until (crowd_received_cb, &crowd, WAIT_MS) && wait_for_idle ();
  probe_stop ();
  stall_typed_us = longest_stall_us;
  g_atomic_int_set (&crowd.go, 1);
  g_thread_join (thread);

  printf ("mode=clients clients=%u accepted=%u connect_ms=%.1f logged_ms=%.1f"
          " stall_connect_ms=%.1f fanout_ms=%.1f received=%u stall_fanout_ms=%.1f"
          " rss_before_kb=%ld rss_after_kb=%ld bytes_per_client=%.0f%s\n",
          n, tc_server_get_n_clients (tc_server_window_get_server (window)),
          (accepted_us - start) / 1000.0, (logged_us - start) / 1000.0,
          stall_connect_us / 1000.0,
          g_atomic_int_get (&crowd.received) ? (crowd.received_us - typed_us) / 1000.0 : -1.0,
          crowd.n_received, stall_typed_us / 1000.0,
          rss_before, rss_after, (rss_after - rss_before) * 1024.0 / n,
          ok && crowd.n_received == n ? "" : " timed_out=yes");
  fflush (stdout);

  for (guint i = 0; i < n; i++)
    if (crowd.fds[i] > 0)
      close (crowd.fds[i]);
  close (crowd.epoll_fd);
  g_free (crowd.fds);
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);

  return ok && crowd.n_received == n ? 0 : 1;
}

/* Flood: N raw clients write lines as fast as the window reads them, a
 * line is typed every TYPE_INTERVAL_MS, one more raw client reads. */

#define TYPE_INTERVAL_MS 250
#define MAX_TYPED 1024

typedef struct
{
  int      *fds;           /* n flooders, then the reader */
  guint     n;
  gint      stop_writing;  /* atomic */
  gint      stop;          /* atomic */
  gint64    arrived_us[MAX_TYPED];  /* 0 until the reader has "typed K" */
  gint      n_arrived;     /* atomic */
  guint64   written;
  int       error;
} Flood;

static void
set_nonblocking (int fd)
{
  fcntl (fd, F_SETFL, fcntl (fd, F_GETFL) | O_NONBLOCK);
}

/* The reader's bytes, line by line: "typed K" records when K arrived. */
static void
flood_take_line (Flood      *flood,
                 const char *line,
                 gsize       len)
{
  guint k;

  if (len > 6 && memcmp (line, "typed ", 6) == 0 &&
      sscanf (line + 6, "%u", &k) == 1 && k < MAX_TYPED && flood->arrived_us[k] == 0)
    {
      flood->arrived_us[k] = g_get_monotonic_time ();
      g_atomic_int_inc (&flood->n_arrived);
    }
}

static gpointer
flood_thread (gpointer data)
{
  Flood *flood = data;
  GString *block = g_string_new (NULL);
  struct pollfd *pfds = g_new0 (struct pollfd, flood->n + 1);
  gsize *offset = g_new0 (gsize, flood->n);
  char in[4096], line[256];
  gsize line_len = 0;

  /* Whole lines, so that every write ends where a line does. */
  for (guint i = 0; i < 4096; i++)
    g_string_append_printf (block, "flood line %06u\n", i);

  for (guint i = 0; i <= flood->n; i++)
    {
      set_nonblocking (flood->fds[i]);
      pfds[i].fd = flood->fds[i];
    }

  while (!g_atomic_int_get (&flood->stop))
    {
      gboolean writing = !g_atomic_int_get (&flood->stop_writing);
      int ready;

      for (guint i = 0; i < flood->n; i++)
        pfds[i].events = writing ? POLLOUT : 0;
      pfds[flood->n].events = POLLIN;
      ready = poll (pfds, flood->n + 1, 50);
      if (ready < 0 && errno != EINTR)
        {
          flood->error = errno;
          break;
        }

      for (guint i = 0; writing && i < flood->n; i++)
        if (pfds[i].revents & POLLOUT)
          {
            ssize_t w = write (flood->fds[i], block->str + offset[i], block->len - offset[i]);

            if (w > 0)
              {
                flood->written += (guint64) w;
                offset[i] = (offset[i] + (gsize) w) % block->len;
              }
            else if (w < 0 && errno != EAGAIN && errno != EINTR)
              flood->error = errno;
          }

      if (pfds[flood->n].revents & (POLLIN | POLLHUP | POLLERR))
        {
          ssize_t got = read (flood->fds[flood->n], in, sizeof in);

          for (ssize_t k = 0; k < got; k++)
            {
              if (in[k] == '\n')
                {
                  flood_take_line (flood, line, line_len);
                  line_len = 0;
                }
              else if (line_len < sizeof line - 1)
                line[line_len++] = in[k];
            }
          if (got == 0)
            break;
        }
    }

  g_free (offset);
  g_free (pfds);
  g_string_free (block, TRUE);
  return NULL;
}

/* Frames: the time of each after-paint while the flood lasts. */
static gint64 last_frame_us;
static gint64 longest_frame_gap_us;
static gboolean timing_frames;

static void
frame_gap_cb (GdkFrameClock *clock,
              gpointer       data)
{
  gint64 now = g_get_monotonic_time ();

  if (timing_frames)
    {
      longest_frame_gap_us = MAX (longest_frame_gap_us, now - last_frame_us);
      last_frame_us = now;
    }
}

static gboolean
keep_ticking_cb (GtkWidget     *widget,
                 GdkFrameClock *clock,
                 gpointer       data)
{
  return G_SOURCE_CONTINUE;
}

/* Typing: a line due every TYPE_INTERVAL_MS, at the priority of input. */
typedef struct
{
  TcSendBox *send_box;
  gint64    due_us[MAX_TYPED];
  guint     n_typed;
  gint64    interval_us;
} Typist;

static gboolean
type_line_cb (gpointer data)
{
  Typist *typist = data;
  GSource *source = g_main_current_source ();
  g_autofree char *text = NULL;

  if (typist->n_typed >= MAX_TYPED)
    return G_SOURCE_REMOVE;

  /* Due when the source was ready, not when it ran. */
  typist->due_us[typist->n_typed] = g_source_get_ready_time (source);
  text = g_strdup_printf ("typed %u", typist->n_typed++);
  tc_send_box_set_text (typist->send_box, text);
  tc_send_box_send (typist->send_box);
  g_source_set_ready_time (source, g_source_get_ready_time (source) + typist->interval_us);

  return G_SOURCE_CONTINUE;
}

static gboolean
ready_time_cb (GSource     *source,
               GSourceFunc  callback,
               gpointer     data)
{
  return callback (data);
}

static GSourceFuncs typist_funcs = { NULL, NULL, ready_time_cb, NULL, NULL, NULL };

static gboolean
flood_arrived_cb (gpointer data)
{
  gpointer *args = data;

  return (guint) g_atomic_int_get (&((Flood *) args[0])->n_arrived) >= ((Typist *) args[1])->n_typed;
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static guint64
window_bytes_in (TcServerWindow *window)
{
  GListModel *clients = G_LIST_MODEL (tc_server_window_get_server (window));
  guint64 total = 0;

  for (guint i = 0; i < g_list_model_get_n_items (clients); i++)
    {
      g_autoptr(TcConnection) client = g_list_model_get_item (clients, i);

      total += tc_connection_get_bytes_in (client);
    }

  return total;
}

static gboolean
never_true_cb (gpointer data)
{
  return FALSE;
}

static int
run_flood (guint n,
           guint seconds)
{
  guint16 port;
  TcServerWindow *window = new_server_window (&port);
  TcSendBox *send_box = tc_server_window_get_send_box (window);
  ClientsWait accepted = { window, n + 1 };
  Flood *flood = g_new0 (Flood, 1);
  Typist *typist = g_new0 (Typist, 1);
  gpointer arrived_args[] = { flood, typist };
  g_autofree gint64 *delays = NULL;
  GSource *typing;
  GThread *thread;
  guint tick, n_delays = 0, missing = 0;
  guint paints_before;
  guint64 in_before, in_after;
  gint64 start, end;
  gboolean ok;

  flood->n = n;
  flood->fds = g_new0 (int, n + 1);
  for (guint i = 0; i <= n; i++)
    flood->fds[i] = connect_loopback (port);
  ok = wait_until (n_clients_cb, &accepted, 10000);

  tc_log_model_clear (tc_server_window_get_log_model (window));
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                    G_CALLBACK (frame_gap_cb), NULL);
  tick = gtk_widget_add_tick_callback (GTK_WIDGET (window), keep_ticking_cb, NULL, NULL);
  wait_for_paint ();
  pause_main_loop ();

  typist->send_box = send_box;
  typist->interval_us = TYPE_INTERVAL_MS * 1000;
  typing = g_source_new (&typist_funcs, sizeof (GSource));
  g_source_set_priority (typing, G_PRIORITY_DEFAULT);
  g_source_set_callback (typing, type_line_cb, typist, NULL);
  g_source_set_static_name (typing, "[bench] typist");

  in_before = window_bytes_in (window);
  paints_before = n_paints;
  probe_start ();
  start = g_get_monotonic_time ();
  last_frame_us = start;
  longest_frame_gap_us = 0;
  timing_frames = TRUE;
  thread = g_thread_new ("flood", flood_thread, flood);
  g_source_set_ready_time (typing, start + typist->interval_us);
  g_source_attach (typing, NULL);

  wait_until (never_true_cb, NULL, seconds * 1000);

  g_source_destroy (typing);
  end = g_get_monotonic_time ();
  timing_frames = FALSE;
  longest_frame_gap_us = MAX (longest_frame_gap_us, end - last_frame_us);
  probe_stop ();
  in_after = window_bytes_in (window);
  g_atomic_int_set (&flood->stop_writing, 1);

  /* The lines typed last may still be on their way. */
  wait_until (flood_arrived_cb, arrived_args, 10000);
  g_atomic_int_set (&flood->stop, 1);
  g_thread_join (thread);

  delays = g_new0 (gint64, MAX (typist->n_typed, 1));
  for (guint k = 0; k < typist->n_typed; k++)
    if (flood->arrived_us[k] != 0)
      delays[n_delays++] = flood->arrived_us[k] - typist->due_us[k];
    else
      missing++;
  qsort (delays, n_delays, sizeof *delays, compare_gint64);

  printf ("mode=flood clients=%u seconds=%u frames=%u frame_gap_ms=%.1f stall_ms=%.1f"
          " typed=%u typed_missing=%u typed_median_ms=%.1f typed_max_ms=%.1f"
          " in_mb_s=%.1f written_mb=%.1f%s\n",
          n, seconds, n_paints - paints_before, longest_frame_gap_us / 1000.0,
          longest_stall_us / 1000.0, typist->n_typed, missing,
          n_delays > 0 ? delays[n_delays / 2] / 1000.0 : -1.0,
          n_delays > 0 ? delays[n_delays - 1] / 1000.0 : -1.0,
          (in_after - in_before) / 1e6 / ((end - start) / 1e6), flood->written / 1e6,
          ok && missing == 0 && flood->error == 0 ? "" : " timed_out=yes");
  fflush (stdout);

  g_source_unref (typing);
  gtk_widget_remove_tick_callback (GTK_WIDGET (window), tick);
  for (guint i = 0; i <= n; i++)
    close (flood->fds[i]);
  g_free (flood->fds);
  g_free (flood);
  g_free (typist);
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);

  return ok && missing == 0 ? 0 : 1;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *mode = NULL;
  int lines = 100000;
  int clients = -1;
  int seconds = 5;
  int megabytes = 100;
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = NULL;
  GOptionEntry entries[] = {
    { "mode", 0, 0, G_OPTION_ARG_STRING, &mode, "server, client or clients", "MODE" },
    { "lines", 0, 0, G_OPTION_ARG_INT, &lines, "Lines in the flood (100000)", "N" },
    { "clients", 0, 0, G_OPTION_ARG_INT, &clients,
      "Clients in the clients mode (1000) or the flood mode (20)", "N" },
    { "seconds", 0, 0, G_OPTION_ARG_INT, &seconds, "How long the flood lasts (5)", "S" },
    { "megabytes", 0, 0, G_OPTION_ARG_INT, &megabytes, "Random bytes in the hex mode (100)", "N" },
    { "pause-ms", 0, 0, G_OPTION_ARG_INT, &pause_ms, "Wait before measuring (for a profiler)", "MS" },
    { "trace", 0, 0, G_OPTION_ARG_NONE, &trace, "Print each main-loop iteration of the flood", NULL },
    { "graph", 0, 0, G_OPTION_ARG_NONE, &show_graph, "Show the traffic graphs (server: the client's too)", NULL },
    { "log-file", 0, 0, G_OPTION_ARG_FILENAME, &log_file, "Log every event to FILE (in-memory settings)", "FILE" },
    { NULL }
  };

  g_setenv ("GDK_BACKEND", "x11", FALSE);
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("GTK_A11Y", "none", FALSE);

  context = g_option_context_new ("- flood a tcpchat window and measure it");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) ||
      mode == NULL || lines < 1 || (clients != -1 && clients < 1) || clients > 100000 ||
      seconds < 1 || seconds > 600 || megabytes < 1 || megabytes > 4096)
    {
      g_printerr ("bench-gui-ingest: %s\n",
                  error != NULL ? error->message : "--mode server|client|clients|hex|flood");
      return 2;
    }

  /* The user's own settings stay as they are: the hex mode changes the
   * client window's framing and display, which a later run would read. */
  if (log_file != NULL || strcmp (mode, "hex") == 0)
    g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);

  raise_fd_limit ();
  if (!gtk_init_check ())
    {
      g_printerr ("bench-gui-ingest: no display (run under xvfb-run)\n");
      return 2;
    }
  real_poll = g_main_context_get_poll_func (NULL);
  g_main_context_set_poll_func (NULL, probe_poll);

  if (strcmp (mode, "server") == 0)
    return run_server ((guint) lines);
  if (strcmp (mode, "client") == 0)
    return run_client ((guint) lines);
  if (strcmp (mode, "clients") == 0)
    return run_clients (clients > 0 ? (guint) clients : 1000);
  if (strcmp (mode, "hex") == 0)
    return run_hex ((guint) megabytes);
  if (strcmp (mode, "flood") == 0)
    return run_flood (clients > 0 ? (guint) clients : 20, (guint) seconds);

  g_printerr ("bench-gui-ingest: unknown mode '%s'\n", mode);
  return 2;
}
