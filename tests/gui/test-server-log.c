/* test-server-log.c: the server window's log: following, row markers, errors in plain words
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "tc-gui-test-server.h"
#include "tc-gui-test-util.h"
#include "tc-address.h"
#include "tc-error.h"
#include "tc-log-row.h"
#include "tc-server-window.h"
#include "tc-test-util.h"

#define WAIT_MS 10000
/* Frames to let pass before saying the view did not move. */
#define SETTLE_FRAMES 4
/* A short stall timeout, so that a receiver that takes nothing is "too slow"
 * in a second rather than the default ten. */
#define STALL_MS 1000
/* A line longer than this is cut; set as Preferences would. */
#define SMALL_MAX_LINE 1024

typedef struct
{
  TcServerWindow *window;
  TcRawPeer      *peer;
} Fixture;

/* Helpers */

static GMainContext *
context (void)
{
  return g_main_context_default ();
}

static TcServer *
server (Fixture *f)
{
  return tc_server_window_get_server (f->window);
}

static TcLogModel *
log_model (Fixture *f)
{
  return tc_server_window_get_log_model (f->window);
}

static TcStatusBar *
status_bar (Fixture *f)
{
  return tc_server_window_get_status_bar (f->window);
}

static const char *
status_message (Fixture *f)
{
  return tc_gui_test_status_message (status_bar (f));
}

/* The log view's scroller, as a person's scrolling moves it. */
static GtkWidget *
log_scroller (Fixture *f)
{
  GtkWidget *view = GTK_WIDGET (tc_server_window_get_log_view (f->window));
  GtkWidget *scroller = tc_gui_test_find_widget (view, GTK_TYPE_SCROLLED_WINDOW, NULL);

  g_assert_nonnull (scroller);
  return scroller;
}

static GtkAdjustment *
vadjustment (Fixture *f)
{
  return gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (log_scroller (f)));
}

static gboolean
following (Fixture *f)
{
  return tc_log_view_get_following (tc_server_window_get_log_view (f->window));
}

static double
bottom_value (GtkAdjustment *adjustment)
{
  return gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);
}

static gboolean
at_bottom (GtkAdjustment *adjustment)
{
  return G_APPROX_VALUE (gtk_adjustment_get_value (adjustment), bottom_value (adjustment), 0.5);
}

/* Whether the log holds @text (exactly) as an entry of @direction, and has
 * announced every entry appended so far, as it does at its next flush. */
static gboolean
log_shows (Fixture        *f,
           TcLogDirection  direction,
           const char     *text)
{
  return tc_log_model_get_n_pending (log_model (f)) == 0 &&
         tc_gui_test_log_has (log_model (f), direction, text, FALSE);
}

/* The last entry of @direction whose text starts with @prefix, or NULL. */
static TcLogEntry *
find_entry (Fixture        *f,
            TcLogDirection  direction,
            const char     *prefix)
{
  GListModel *log = G_LIST_MODEL (log_model (f));

  tc_log_model_flush (log_model (f));
  for (guint i = g_list_model_get_n_items (log); i > 0; i--)
    {
      g_autoptr(TcLogEntry) entry = g_list_model_get_item (log, i - 1);
      g_autofree char *text = tc_log_entry_dup_text (entry);

      if (tc_log_entry_get_direction (entry) == direction && g_str_has_prefix (text, prefix))
        return g_steal_pointer (&entry);
    }

  return NULL;
}

/* Listens on 127.0.0.1 and a free port, as typed and clicked. */
static guint16
start_listening (Fixture *f)
{
  tc_server_window_set_listen_address (f->window, "127.0.0.1", 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.start", NULL));
  g_assert_true (tc_server_is_listening (server (f)));

  return tc_server_get_port (server (f));
}

/* A raw client; returns its address as the server names it. */
static char *
connect_peer (Fixture        *f,
              guint16         port,
              int             rcvbuf,
              TcRawPeerFlags  flags)
{
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TcConnection) client = NULL;
  g_autofree char *label = NULL;

  f->peer = tc_raw_peer_connect (context (), port, rcvbuf, flags);
  TC_WAIT_UNTIL (context (), tc_server_get_n_clients (server (f)) == 1, WAIT_MS);

  /* The client's own end of the socket: what "127.0.0.1:PORT" must name. */
  local = g_socket_get_local_address (f->peer->socket, &error);
  g_assert_no_error (error);
  label = g_strdup_printf ("127.0.0.1:%u",
                           g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local)));
  client = g_list_model_get_item (G_LIST_MODEL (server (f)), 0);
  g_assert_cmpstr (tc_connection_get_peer_label (client), ==, label);

  return g_steal_pointer (&label);
}

/* Rows */

/* The row the list view bound to an entry of @direction with @text. */
static TcLogRow *
find_row (Fixture        *f,
          TcLogDirection  direction,
          const char     *text)
{
  GtkListView *list = tc_log_view_get_list_view (tc_server_window_get_log_view (f->window));
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  tc_gui_test_collect_log_rows (GTK_WIDGET (list), rows);
  for (guint i = rows->len; i > 0; i--)
    {
      TcLogRow *row = g_ptr_array_index (rows, i - 1);
      TcLogEntry *entry = tc_log_row_get_entry (row);
      g_autofree char *entry_text = tc_log_entry_dup_text (entry);

      if (tc_log_entry_get_direction (entry) == direction && g_strcmp0 (entry_text, text) == 0)
        return row;
    }

  return NULL;
}

/* The row's accessible label, what a screen reader (and the acceptance
 * tests) read. GTK 4.8 has no getter: comparing with a value no label has
 * gives back the real one. */
static char *
row_label (TcLogRow *row)
{
  char *label = gtk_test_accessible_check_property (GTK_ACCESSIBLE (row),
                                                    GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                    "\x01 no row has this label");

  g_assert_nonnull (label);
  return label;
}

/* "HH:MM:SS.mmm", local time, made here rather than by the product. */
static char *
expected_time (gint64 time_us)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (time_us / G_USEC_PER_SEC);
  g_autofree char *hms = g_date_time_format (when, "%H:%M:%S");

  return g_strdup_printf ("%s.%03d", hms, (int) (time_us % G_USEC_PER_SEC / 1000));
}

/* Fixture */

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->window = tc_gui_test_server_window_new ();
  tc_gui_test_wait_frames (GTK_WIDGET (f->window), 2);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  tc_gui_test_server_window_close (&f->window, &f->peer);
}

/* Tests */

static void
send_numbered (Fixture    *f,
               const char *prefix,
               guint       n)
{
  g_autofree char *line = g_strnfill (99, 'z');
  g_autoptr(GString) lines = g_string_new (NULL);
  g_autofree char *last = g_strdup_printf ("%s %03u", prefix, n - 1);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (lines, "%s %03u\n", prefix, i);
  tc_raw_peer_send_all (f->peer, lines->str, lines->len, WAIT_MS);
  TC_WAIT_UNTIL (context (), log_shows (f, TC_LOG_DIRECTION_RECEIVED, last), WAIT_MS);
}

/* Scrolled up, the view stays where the person put it while lines arrive;
 * back at the bottom, it follows them again. */
static void
test_follow_only_at_bottom (Fixture       *f,
                            gconstpointer  data)
{
  GtkAdjustment *adjustment = vadjustment (f);
  g_autofree char *peer = NULL;
  TcLogRow *last_row;
  graphene_rect_t bounds;
  GtkWidget *scroller;
  double upper, held;
  guint16 port;

  port = start_listening (f);
  peer = connect_peer (f, port, 0, TC_RAW_PEER_READ);

  /* Enough lines to scroll: the view follows them to the last one. */
  send_numbered (f, "first", 200);
  TC_WAIT_UNTIL (context (),
                 bottom_value (adjustment) > 2 * gtk_adjustment_get_page_size (adjustment) &&
                 at_bottom (adjustment),
                 WAIT_MS);
  tc_gui_test_wait_frames (GTK_WIDGET (f->window), SETTLE_FRAMES);
  g_assert_true (at_bottom (adjustment));
  g_assert_true (following (f));

  /* Scrolled up half way, to a whole pixel as a scroll gives: no longer
   * following. */
  gtk_adjustment_set_value (adjustment, (double) (gint64) (bottom_value (adjustment) / 2));
  tc_gui_test_wait_frames (GTK_WIDGET (f->window), SETTLE_FRAMES);
  g_assert_false (following (f));
  held = gtk_adjustment_get_value (adjustment);
  upper = gtk_adjustment_get_upper (adjustment);
  g_assert_cmpfloat (held, <, bottom_value (adjustment) - 100);

  /* More lines come and are shown; the view does not move. */
  send_numbered (f, "second", 100);
  tc_gui_test_wait_frames (GTK_WIDGET (f->window), SETTLE_FRAMES);
  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), >, upper);
  g_assert_cmpfloat_with_epsilon (gtk_adjustment_get_value (adjustment), held, 0.5);
  g_assert_false (following (f));
  g_assert_false (at_bottom (adjustment));

  /* Back to the bottom, as a person scrolls: following again. */
  gtk_adjustment_set_value (adjustment, bottom_value (adjustment));
  tc_gui_test_wait_frames (GTK_WIDGET (f->window), SETTLE_FRAMES);
  g_assert_true (following (f));
  upper = gtk_adjustment_get_upper (adjustment);

  /* New lines: the view goes down with them, the last one in sight. */
  send_numbered (f, "third", 100);
  TC_WAIT_UNTIL (context (),
                 gtk_adjustment_get_upper (adjustment) > upper && at_bottom (adjustment),
                 WAIT_MS);
  tc_gui_test_wait_frames (GTK_WIDGET (f->window), SETTLE_FRAMES);
  g_assert_true (at_bottom (adjustment));
  g_assert_true (following (f));

  last_row = find_row (f, TC_LOG_DIRECTION_RECEIVED, "third 099");
  g_assert_nonnull (last_row);
  scroller = log_scroller (f);
  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (last_row), scroller, &bounds));
  g_assert_cmpfloat (bounds.origin.y, >=, 0);
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=,
                     gtk_widget_get_height (scroller) + 0.5);
}

typedef struct
{
  TcLogDirection  direction;
  const char     *marker;      /* as the acceptance tests read it */
  const char     *text;
  const char     *peer;
} RowCase;

/* Each row: its time to the millisecond, then a marker that tells received,
 * sent, event and error apart without colour, then peer and text; and a
 * CSS class of its own per direction. */
static void
test_row_markers (Fixture       *f,
                  gconstpointer  data)
{
  static const char *all_classes[] = { "received", "sent", "event", "error" };
  g_autoptr(GRegex) time_pattern = NULL;
  g_autofree char *peer = NULL;
  g_autofree char *error_text = NULL;
  TcSendBox *send_box = tc_server_window_get_send_box (f->window);
  guint16 port;

  port = start_listening (f);
  peer = connect_peer (f, port, 0, TC_RAW_PEER_READ);

  tc_raw_peer_send_all (f->peer, "hello from the client\n", 22, WAIT_MS);
  TC_WAIT_UNTIL (context (), log_shows (f, TC_LOG_DIRECTION_RECEIVED, "hello from the client"),
                 WAIT_MS);
  tc_gui_test_send_box_enter (send_box, "hello from the server");
  TC_WAIT_UNTIL (context (), log_shows (f, TC_LOG_DIRECTION_SENT, "hello from the server"),
                 WAIT_MS);
  error_text = g_strdup_printf ("Disconnected: Connection reset by %s", peer);
  tc_raw_peer_reset (f->peer);
  TC_WAIT_UNTIL (context (), log_shows (f, TC_LOG_DIRECTION_ERROR, error_text), WAIT_MS);
  tc_gui_test_wait_frames (GTK_WIDGET (f->window), SETTLE_FRAMES);

  {
    const RowCase cases[] = {
      { TC_LOG_DIRECTION_RECEIVED, "◀", "hello from the client", peer },
      { TC_LOG_DIRECTION_SENT, "▶", "hello from the server", "all (1 client)" },
      { TC_LOG_DIRECTION_EVENT, "•", "Client connected", peer },
      { TC_LOG_DIRECTION_ERROR, "!", error_text, peer },
    };

    time_pattern = g_regex_new ("^[0-2][0-9]:[0-5][0-9]:[0-5][0-9]\\.[0-9]{3} ", 0, 0, NULL);
    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        TcLogRow *row = find_row (f, cases[i].direction, cases[i].text);
        TcLogEntry *row_entry;
        g_autofree char *label = NULL;
        g_autofree char *time = NULL;
        g_autofree char *expected = NULL;
        const char *css_class = tc_log_direction_get_css_class (cases[i].direction);

        g_test_message ("row: %s", cases[i].text);
        g_assert_nonnull (row);
        row_entry = tc_log_row_get_entry (row);
        g_assert_cmpstr (tc_log_entry_get_peer (row_entry), ==, cases[i].peer);

        /* "HH:MM:SS.mmm marker peer text" */
        label = row_label (row);
        g_test_message ("  label: %s", label);
        g_assert_true (g_regex_match (time_pattern, label, 0, NULL));
        time = expected_time (tc_log_entry_get_time_us (row_entry));
        expected = g_strdup_printf ("%s %s %s %s", time, cases[i].marker, cases[i].peer,
                                    cases[i].text);
        g_assert_cmpstr (label, ==, expected);
        g_assert_cmpstr (tc_log_direction_get_marker (cases[i].direction), ==, cases[i].marker);

        /* Its own class, none of the others'. */
        g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row), "tc-log-row"));
        g_assert_cmpstr (css_class, ==, all_classes[cases[i].direction]);
        for (guint j = 0; j < G_N_ELEMENTS (all_classes); j++)
          g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row), all_classes[j]) ==
                         (j == (guint) cases[i].direction));
      }

    /* Four markers and four classes, no two alike. */
    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      for (guint j = i + 1; j < G_N_ELEMENTS (cases); j++)
        {
          g_assert_cmpstr (tc_log_direction_get_marker (cases[i].direction), !=,
                           tc_log_direction_get_marker (cases[j].direction));
          g_assert_cmpstr (tc_log_direction_get_css_class (cases[i].direction), !=,
                           tc_log_direction_get_css_class (cases[j].direction));
        }
  }
}

/* An error: an entry of its own in the log, the same words in the status
 * bar, marked as an error there. */
static void
assert_error_reported (Fixture    *f,
                       const char *peer,
                       const char *text)
{
  g_autoptr(TcLogEntry) entry = find_entry (f, TC_LOG_DIRECTION_ERROR, text);

  g_assert_nonnull (entry);
  g_assert_cmpstr (tc_log_entry_get_peer (entry), ==, peer);
  g_assert_cmpint (tc_status_bar_get_message_kind (status_bar (f)), ==, TC_STATUS_ERROR);
  if (strstr (text, peer) != NULL)
    {
      g_assert_cmpstr (status_message (f), ==, text);
    }
  else
    {
      g_autofree char *expected = g_strdup_printf ("%s: %s", peer, text);

      g_assert_cmpstr (status_message (f), ==, expected);
    }
}

/* A client that resets the connection (SO_LINGER 0, then close). */
static void
test_connection_reset (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *peer = NULL;
  g_autofree char *expected = NULL;
  guint16 port;

  port = start_listening (f);
  peer = connect_peer (f, port, 0, TC_RAW_PEER_READ);
  expected = g_strdup_printf ("Disconnected: Connection reset by %s", peer);

  tc_raw_peer_reset (f->peer);
  TC_WAIT_UNTIL (context (), log_shows (f, TC_LOG_DIRECTION_ERROR, expected), WAIT_MS);
  TC_WAIT_UNTIL (context (), tc_server_get_n_clients (server (f)) == 0, WAIT_MS);
  assert_error_reported (f, peer, expected);
  g_assert_true (tc_server_is_listening (server (f)));
}

/* Sends @kept + @dropped bytes of @fill and a newline, then a short line;
 * checks the long one was shown cut, flagged and counted, and reported. */
static void
assert_line_cut (Fixture    *f,
                 const char *peer,
                 char        fill,
                 gsize       kept,
                 gsize       dropped)
{
  g_autofree char *line = g_strnfill (kept + dropped, fill);
  g_autofree char *after = g_strdup_printf ("short line after the %c line", fill);
  g_autofree char *sent = g_strconcat (line, "\n", after, "\n", NULL);
  g_autofree char *error_text = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *flags = NULL;
  g_autofree char *flags_expected = NULL;
  g_autofree char *label = NULL;
  g_autoptr(TcLogEntry) entry = NULL;
  const char fill_text[] = { fill, '\0' };
  GBytes *bytes;
  TcLogRow *row;

  tc_raw_peer_send_all (f->peer, sent, strlen (sent), WAIT_MS);
  TC_WAIT_UNTIL (context (), log_shows (f, TC_LOG_DIRECTION_RECEIVED, after), WAIT_MS);

  /* The entry keeps the first bytes and says how many went. */
  entry = find_entry (f, TC_LOG_DIRECTION_RECEIVED, fill_text);
  g_assert_nonnull (entry);
  g_assert_cmpstr (tc_log_entry_get_peer (entry), ==, peer);
  g_assert_true (tc_log_entry_get_flags (entry) & TC_MESSAGE_FLAG_TRUNCATED);
  g_assert_cmpuint (tc_log_entry_get_discarded (entry), ==, dropped);
  bytes = tc_log_entry_get_bytes (entry);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), line, kept);
  shown = tc_log_entry_dup_text (entry);
  flags = tc_log_entry_dup_flags_text (entry);
  flags_expected = g_strdup_printf ("[truncated, %zu bytes dropped]", dropped);
  g_assert_cmpstr (flags, ==, flags_expected);

  /* Its row says so too. */
  tc_gui_test_wait_frames (GTK_WIDGET (f->window), SETTLE_FRAMES);
  row = find_row (f, TC_LOG_DIRECTION_RECEIVED, shown);
  g_assert_nonnull (row);
  label = row_label (row);
  g_assert_true (g_str_has_suffix (label, flags_expected));

  /* And the error says it in words. */
  error_text = g_strdup_printf ("Line too long: kept the first %zu bytes, dropped %zu",
                                kept, dropped);
  assert_error_reported (f, peer, error_text);

  /* A long line is not a reason to hang up. */
  g_assert_cmpuint (tc_server_get_n_clients (server (f)), ==, 1);
}

/* A line longer than the maximum: kept cut, flagged with the count. */
static void
test_line_too_long (Fixture       *f,
                    gconstpointer  data)
{
  GSettings *settings = tc_server_window_get_settings (f->window);
  g_autofree char *peer = NULL;
  guint16 port;

  if (settings == NULL)
    {
      tc_gui_test_missing ("The server's settings schema is not installed");
      return;
    }

  port = start_listening (f);
  peer = connect_peer (f, port, 0, TC_RAW_PEER_READ);

  /* The default maximum, 64 KiB. */
  g_assert_cmpuint (tc_server_get_max_line (server (f)), ==, 64 * 1024);
  assert_line_cut (f, peer, 'x', 64 * 1024, 100);

  /* A smaller one, as set in Preferences: for the clients that come next. */
  g_clear_pointer (&f->peer, tc_raw_peer_free);
  TC_WAIT_UNTIL (context (), tc_server_get_n_clients (server (f)) == 0, WAIT_MS);
  g_settings_set_uint (settings, "max-line", SMALL_MAX_LINE);
  g_assert_cmpuint (tc_server_get_max_line (server (f)), ==, SMALL_MAX_LINE);
  g_free (peer);
  peer = connect_peer (f, port, 0, TC_RAW_PEER_READ);
  assert_line_cut (f, peer, 'y', SMALL_MAX_LINE, 100);
}

/* A client that takes nothing while the window sends to it. */
static void
test_too_slow (Fixture       *f,
               gconstpointer  data)
{
  TcSendBox *send_box = tc_server_window_get_send_box (f->window);
  g_autofree char *peer = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *line = g_strnfill (99, 'z');
  g_autoptr(GString) lines = g_string_new (NULL);
  g_autoptr(TcLogEntry) error_entry = NULL;
  g_autoptr(TcConnection) client = NULL;
  g_autofree char *text = NULL;
  gboolean timed_out = FALSE;
  GSource *deadline;
  gint64 behind_since;
  guint16 port;

  /* The window keeps the library's ten seconds and offers no setting for
   * it: the same server, with a shorter stall timeout and the window's
   * other limits. */
  tc_server_set_limits (server (f), TC_CONNECTION_DEFAULT_HIGH_WATER,
                        TC_CONNECTION_DEFAULT_LOW_WATER, TC_CONNECTION_DEFAULT_MAX_UNSENT,
                        STALL_MS);

  port = start_listening (f);
  peer = connect_peer (f, port, 4096, TC_RAW_PEER_NONE);
  client = g_list_model_get_item (G_LIST_MODEL (server (f)), 0);

  /* Pasted and sent until the kernel's buffers are full and the client is
   * behind: 64 KiB at a time, in lines as a person would paste them (one
   * line of that size would be laid out whole each time). */
  for (guint i = 0; i < 640; i++)
    {
      g_string_append (lines, line);
      g_string_append_c (lines, '\n');
    }
  deadline = tc_test_deadline_new (context (), WAIT_MS, &timed_out);
  while (!tc_connection_get_congested (client) && !timed_out)
    {
      g_assert_true (tc_send_box_get_can_send (send_box));
      tc_gui_test_send_box_enter (send_box, lines->str);
      tc_test_drain (context ());
    }
  g_source_destroy (deadline);
  g_source_unref (deadline);
  g_assert_true (tc_connection_get_congested (client));
  behind_since = g_get_monotonic_time ();
  g_test_message ("behind with %zu bytes unsent", tc_connection_get_unsent_bytes (client));

  prefix = g_strdup_printf ("Disconnected: Too slow: %s made no progress for ", peer);
  TC_WAIT_UNTIL (context (), tc_server_get_n_clients (server (f)) == 0, WAIT_MS);
  g_assert_cmpint (g_get_monotonic_time () - behind_since, >=, STALL_MS * 1000 / 2);
  error_entry = find_entry (f, TC_LOG_DIRECTION_ERROR, prefix);
  g_assert_nonnull (error_entry);
  text = tc_log_entry_dup_text (error_entry);
  g_test_message ("%s", text);
  g_assert_true (g_str_has_suffix (text, " bytes unsent"));
  assert_error_reported (f, peer, text);
  g_assert_false (tc_send_box_get_can_send (send_box));
}

/* A CRLF line, an LF line and a last fragment: each row tells how its line
 * ended, and the bytes received, saved, are exactly those that came. */
static void
test_line_endings (Fixture       *f,
                   gconstpointer  data)
{
  static const char sent[] = "a\r\nb\nc";
  TcSendBox *send_box = tc_server_window_get_send_box (f->window);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileIOStream) io = NULL;
  g_autofree char *peer = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *label = NULL;
  gsize len;
  guint16 port;
  TcLogRow *row;

  port = start_listening (f);
  peer = connect_peer (f, port, 0, TC_RAW_PEER_READ);

  tc_gui_test_send_box_enter (send_box, "to the peer");
  TC_WAIT_UNTIL (context (), log_shows (f, TC_LOG_DIRECTION_SENT, "to the peer"), WAIT_MS);

  tc_raw_peer_send_all (f->peer, sent, sizeof sent - 1, WAIT_MS);
  tc_raw_peer_shutdown_write (f->peer);
  TC_WAIT_UNTIL (context (), log_shows (f, TC_LOG_DIRECTION_RECEIVED, "c"), WAIT_MS);
  tc_gui_test_wait_frames (GTK_WIDGET (f->window), SETTLE_FRAMES);

  /* The CRLF row ends with the mark, the others do not. */
  row = find_row (f, TC_LOG_DIRECTION_RECEIVED, "a");
  g_assert_nonnull (row);
  label = row_label (row);
  g_test_message ("label: %s", label);
  g_assert_true (g_str_has_suffix (label, " a " TC_LOG_ENTRY_CRLF_MARK));
  g_assert_cmpstr (tc_log_entry_get_ending_mark (tc_log_row_get_entry (row)), ==,
                   TC_LOG_ENTRY_CRLF_MARK);
  g_clear_pointer (&label, g_free);
  row = find_row (f, TC_LOG_DIRECTION_RECEIVED, "b");
  g_assert_nonnull (row);
  label = row_label (row);
  g_assert_true (g_str_has_suffix (label, " b"));
  g_assert_null (tc_log_entry_get_ending_mark (tc_log_row_get_entry (row)));
  g_clear_pointer (&label, g_free);
  row = find_row (f, TC_LOG_DIRECTION_RECEIVED, "c");
  g_assert_nonnull (row);
  label = row_label (row);
  g_assert_true (g_str_has_suffix (label, " c [no newline at end]"));
  tc_gui_test_save_screenshot (GTK_WIDGET (f->window), "server-log-line-endings.png");

  /* The bytes received, exactly; the bytes sent, exactly. */
  file = g_file_new_tmp ("tcpchat-log-XXXXXX.bin", &io, &error);
  g_assert_no_error (error);
  g_assert_true (tc_log_model_save (log_model (f), file, TC_LOG_SAVE_RECEIVED, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_load_contents (file, NULL, &contents, &len, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (contents, len, sent, sizeof sent - 1);
  g_clear_pointer (&contents, g_free);
  g_assert_true (tc_log_model_save (log_model (f), file, TC_LOG_SAVE_SENT, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_load_contents (file, NULL, &contents, &len, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (contents, len, "to the peer\n", 12);
  g_file_delete (file, NULL, NULL);
}

/* A client past max-clients: one error entry, the server's words with the
 * client and the limit, the same in the status bar. */
static void
test_max_clients (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *first = NULL;
  g_autoptr(TcRawPeer) second = NULL;
  g_autofree char *second_label = NULL;
  g_autofree char *expected = NULL;
  guint16 port;
  guint n_errors = 0;

  tc_server_set_max_clients (server (f), 1);
  port = start_listening (f);
  first = connect_peer (f, port, 0, TC_RAW_PEER_READ);

  second = tc_raw_peer_connect (context (), port, 0, TC_RAW_PEER_READ);
  TC_WAIT_UNTIL (context (), second->eof || second->error != NULL, WAIT_MS);
  {
    g_autoptr(GSocketAddress) local = g_socket_get_local_address (second->socket, NULL);

    second_label = tc_socket_address_format (local);
  }
  expected = g_strdup_printf ("Refused %s: the server already has 1 client, its limit",
                              second_label);
  TC_WAIT_UNTIL (context (), log_shows (f, TC_LOG_DIRECTION_ERROR, expected), WAIT_MS);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (log_model (f))); i++)
    {
      g_autoptr(TcLogEntry) entry = g_list_model_get_item (G_LIST_MODEL (log_model (f)), i);
      g_autofree char *text = tc_log_entry_dup_text (entry);

      if (tc_log_entry_get_direction (entry) == TC_LOG_DIRECTION_ERROR &&
          strstr (text, "Refused") != NULL)
        {
          n_errors++;
          g_assert_cmpstr (text, ==, expected);
        }
    }
  g_assert_cmpuint (n_errors, ==, 1);
  g_assert_cmpstr (tc_gui_test_status_message (tc_server_window_get_status_bar (f->window)),
                   ==, expected);
  g_assert_cmpuint (tc_server_get_n_clients (server (f)), ==, 1);
}

/* Saving */

#define BIG_LINES     1000
#define BIG_LINE_SIZE (64 * 1024 - 64)

/* Fills the log with about 64 MiB of received lines, its memory bound, and
 * returns their bytes as a byte-exact save must give them back. */
static GBytes *
fill_log (Fixture *f)
{
  GString *expected = g_string_sized_new ((gsize) BIG_LINES * (BIG_LINE_SIZE + 2));
  g_autofree char *line = g_malloc (BIG_LINE_SIZE);
  gint64 start = g_get_real_time () - BIG_LINES * G_USEC_PER_SEC;

  for (guint i = 0; i < BIG_LINES; i++)
    {
      TcMessageFlags flags = i % 3 == 0 ? TC_MESSAGE_FLAG_CRLF : TC_MESSAGE_FLAG_NONE;

      for (guint j = 0; j < BIG_LINE_SIZE; j++)
        line[j] = (char) (' ' + (i + j) % 90);
      /* A second apart: each readable line has a time of its own. */
      tc_log_model_append (log_model (f), TC_LOG_DIRECTION_RECEIVED,
                           start + (gint64) i * G_USEC_PER_SEC, "127.0.0.1:5000",
                           line, BIG_LINE_SIZE, flags, 0);
      g_string_append_len (expected, line, BIG_LINE_SIZE);
      g_string_append (expected, tc_message_flags_get_terminator (flags));
    }
  tc_log_model_flush (log_model (f));
  g_assert_cmpuint (tc_log_model_get_n_entries (log_model (f)), ==, BIG_LINES);

  return g_string_free_to_bytes (expected);
}

/* The main loop and the frames, while a save is under way. */
typedef struct
{
  TcLogView *view;
  gint64     last;
  gint64     longest;
  guint      turns;
  guint      frames;
} Liveness;

static gboolean
liveness_timeout_cb (gpointer data)
{
  Liveness *live = data;
  gint64 now = g_get_monotonic_time ();

  if (live->last != 0)
    live->longest = MAX (live->longest, now - live->last);
  live->last = now;
  if (tc_log_view_get_saving (live->view))
    live->turns++;
  /* Times are formatted here meanwhile too, as rows being drawn do. */
  g_free (tc_format_time_us (now, TRUE));

  return G_SOURCE_CONTINUE;
}

static gboolean
liveness_tick_cb (GtkWidget     *widget,
                  GdkFrameClock *clock,
                  gpointer       data)
{
  Liveness *live = data;

  if (tc_log_view_get_saving (live->view))
    live->frames++;
  gtk_widget_queue_draw (widget);
  return G_SOURCE_CONTINUE;
}

/* Saves the log as a person's choice in the file dialog does, watching
 * the main loop and the frames until the save is done. */
static void
save_watched (Fixture         *f,
              GFile           *file,
              TcLogSaveFormat  format,
              Liveness        *live,
              gboolean         change_log)
{
  TcLogView *view = tc_server_window_get_log_view (f->window);
  GtkWidget *progress;
  guint timeout, tick;
  gint64 start = g_get_monotonic_time ();

  *live = (Liveness) { view, 0, 0, 0, 0 };
  timeout = g_timeout_add (5, liveness_timeout_cb, live);
  tick = gtk_widget_add_tick_callback (GTK_WIDGET (f->window), liveness_tick_cb, live, NULL);
  tc_log_view_save_to (view, file, format);
  g_assert_true (tc_log_view_get_saving (view));
  progress = tc_gui_test_find_widget (GTK_WIDGET (view), GTK_TYPE_PROGRESS_BAR, NULL);
  g_assert_nonnull (progress);
  g_assert_true (gtk_widget_is_visible (progress));
  /* Once at a time: Save again does nothing while one is under way. */
  tc_log_view_save (view);
  if (format == TC_LOG_SAVE_RECEIVED)
    tc_gui_test_save_screenshot (GTK_WIDGET (f->window), "server-log-saving.png");

  /* The log moves on meanwhile: the file is what it held at Save. */
  if (change_log)
    {
      tc_log_model_append_event (log_model (f), NULL, "after the save began");
      tc_log_view_clear (view);
      tc_log_model_append_event (log_model (f), NULL, "and after the clear");
    }

  TC_WAIT_UNTIL (context (), !tc_log_view_get_saving (view), 120000);
  g_source_remove (timeout);
  gtk_widget_remove_tick_callback (GTK_WIDGET (f->window), tick);
  g_assert_false (gtk_widget_is_visible (progress));
  g_test_message ("save: %.3f s; meanwhile %u main-loop turns of 5 ms, %u frames; "
                  "longest gap %.1f ms", (g_get_monotonic_time () - start) / 1e6,
                  live->turns, live->frames, live->longest / 1000.0);

  /* It went on while the save was under way, never stopping for long. */
  g_assert_cmpuint (live->turns, >=, 1);
  g_assert_cmpint (live->longest, <, 250 * 1000);
}

static gboolean
log_mentions (Fixture    *f,
              const char *text)
{
  return tc_gui_test_log_has (log_model (f), TC_LOG_DIRECTION_EVENT, text, TRUE);
}

static void
assert_file_is (GFile  *file,
                GBytes *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) contents = g_file_load_bytes (file, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (contents), ==, g_bytes_get_size (expected));
  g_assert_true (g_bytes_equal (contents, expected));
}

/* A log at its memory bound is saved while the window goes on: the main
 * loop keeps turning and frames keep coming, a progress bar shows, and
 * the file holds exactly what the log held when Save was chosen. */
static void
test_save_large (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *dir = g_dir_make_tmp ("tcpchat-save-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "log.txt", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GBytes) received = fill_log (f);
  g_autoptr(GBytes) readable = NULL;
  Liveness live;

  readable = tc_log_model_serialize (log_model (f), TC_LOG_SAVE_READABLE);
  save_watched (f, file, TC_LOG_SAVE_READABLE, &live, FALSE);
  assert_file_is (file, readable);
  TC_WAIT_UNTIL (context (), log_mentions (f, "Saved 1000 log entries to "), WAIT_MS);

  /* Bytes received, exactly, while the log is cleared under it. */
  save_watched (f, file, TC_LOG_SAVE_RECEIVED, &live, TRUE);
  assert_file_is (file, received);
  g_assert_cmpuint (live.frames, >=, 1);
  TC_WAIT_UNTIL (context (), log_mentions (f, "Saved the bytes received, exactly, to "),
                 WAIT_MS);

  g_assert_no_errno (g_remove (path));
  g_assert_no_errno (g_rmdir (dir));
}

/* Stop Saving leaves the file as it was, and the log says so. */
static void
test_save_cancel (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *dir = g_dir_make_tmp ("tcpchat-save-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "log.txt", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GBytes) received = fill_log (f);
  g_autoptr(GBytes) before = g_bytes_new_static ("what was there\n", 15);
  TcLogView *view = tc_server_window_get_log_view (f->window);
  GtkWidget *stop;

  g_assert_true (g_file_set_contents (path, "what was there\n", -1, NULL));
  tc_log_view_save_to (view, file, TC_LOG_SAVE_READABLE);
  stop = tc_gui_test_find_widget (GTK_WIDGET (view), GTK_TYPE_BUTTON, "log.cancel-save");
  g_assert_nonnull (stop);
  g_assert_true (gtk_widget_is_visible (stop) && gtk_widget_is_sensitive (stop));
  g_signal_emit_by_name (stop, "clicked");
  TC_WAIT_UNTIL (context (), !tc_log_view_get_saving (view), 120000);

  assert_file_is (file, before);
  TC_WAIT_UNTIL (context (), log_mentions (f, "Stopped saving the log: "), WAIT_MS);
  g_assert_true (log_mentions (f, " was left as it was"));
  g_assert_no_errno (g_remove (path));
  g_assert_no_errno (g_rmdir (dir));
}

/* In hex alone a row reads as it shows: its accessible label has the
 * hex, not the text, which is decoded only once another mode shows it. */
static void
test_hex_label (Fixture       *f,
                gconstpointer  data)
{
  GtkWidget *view = GTK_WIDGET (tc_server_window_get_log_view (f->window));
  g_autofree char *peer = NULL;
  g_autofree char *hex_label = NULL;
  g_autofree char *text_label = NULL;
  TcLogRow *row = NULL;

  peer = connect_peer (f, start_listening (f), 0, TC_RAW_PEER_READ);
  g_assert_true (gtk_widget_activate_action (view, "log.display-mode", "s", "hex"));
  tc_raw_peer_send_all (f->peer, "Hi\377\n", 4, WAIT_MS);
  TC_WAIT_UNTIL (context (), (row = find_row (f, TC_LOG_DIRECTION_RECEIVED, "Hi\\xFF")) != NULL &&
                 tc_log_row_get_hex (row) != NULL, WAIT_MS);
  hex_label = row_label (row);
  g_assert_nonnull (strstr (hex_label, "48 69 FF"));
  g_assert_null (strstr (hex_label, "Hi"));

  g_assert_true (gtk_widget_activate_action (view, "log.display-mode", "s", "text"));
  text_label = row_label (row);
  g_assert_nonnull (strstr (text_label, "Hi\\xFF"));
  g_assert_null (strstr (text_label, "48 69 FF"));
  g_assert_cmpstr (tc_log_row_get_text (row), ==, "Hi\\xFF");
}

#define ADD(path, func) \
  g_test_add ("/server-log/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

int
main (int   argc,
      char *argv[])
{
  /* The rows' accessible labels are read in-process: GTK's own test
   * backend keeps them without any bus. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  tc_gui_test_init (&argc, &argv);
  if (!tc_gui_test_init_gtk ("/server-log/display"))
    return g_test_run ();

  ADD ("follow-only-at-bottom", test_follow_only_at_bottom);
  ADD ("row-markers", test_row_markers);
  ADD ("hex-label", test_hex_label);
  ADD ("connection-reset", test_connection_reset);
  ADD ("line-too-long", test_line_too_long);
  ADD ("too-slow", test_too_slow);
  ADD ("line-endings", test_line_endings);
  ADD ("max-clients", test_max_clients);
  ADD ("save-large", test_save_large);
  ADD ("save-cancel", test_save_cancel);

  return g_test_run ();
}
