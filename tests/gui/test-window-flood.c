/* test-window-flood.c: the windows keep painting and sending while their peers flood them
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "tc-client-row.h"
#include "tc-client-window.h"
#include "tc-gui-test-util.h"
#include "tc-server-window.h"
#include "tc-test-util.h"

#define WAIT_MS      10000
#define LONG_WAIT_MS 30000

#define N_FLOODERS   6
#define N_FRAMES     10
#define N_STORM      200

static GMainContext *
context (void)
{
  return g_main_context_default ();
}

/* Frames painted by a window, from its frame clock. */
static void
after_paint_cb (GdkFrameClock *clock,
                guint         *n_frames)
{
  (*n_frames)++;
}

static gulong
count_frames (GtkWidget *window,
              guint     *n_frames)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  g_assert_nonnull (clock);
  return g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), n_frames);
}


static gboolean
peer_has (TcRawPeer  *peer,
          const char *text)
{
  return strstr (peer->in->str, text) != NULL;
}

/* The server window */

typedef struct
{
  TcServerWindow *window;
  TcServer       *server;
  guint16         port;
} ServerFixture;

static void
server_setup (ServerFixture *f,
              gconstpointer  data)
{
  tc_gui_test_reset_settings (SERVER_APP_ID);
  f->window = g_object_ref (tc_server_window_new (NULL));
  f->server = tc_server_window_get_server (f->window);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 800, 500);
  gtk_window_present (GTK_WINDOW (f->window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));

  tc_server_window_set_listen_address (f->window, "127.0.0.1", 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.start", NULL));
  TC_WAIT_UNTIL (context (), tc_server_is_listening (f->server), WAIT_MS);
  f->port = tc_server_get_port (f->server);
}

static void
server_teardown (ServerFixture *f,
                 gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  tc_test_drain (context ());
  g_object_unref (f->window);
  tc_gui_test_reset_settings (SERVER_APP_ID);
}

static guint64
server_bytes_in (TcServer *server)
{
  guint64 total = 0;

  for (guint i = 0; i < tc_server_get_n_clients (server); i++)
    {
      g_autoptr(TcConnection) client = g_list_model_get_item (G_LIST_MODEL (server), i);

      total += tc_connection_get_bytes_in (client);
    }

  return total;
}

/* Client rows on screen: how many show lines received, and how many
 * show none, leaving out the row of @quiet (a client that sends nothing)
 * and "All clients". */
static void
count_client_rows (GtkWidget  *widget,
                   const char *quiet,
                   guint      *n_moving,
                   guint      *n_still)
{
  if (TC_IS_CLIENT_ROW (widget))
    {
      TcClientRow *row = TC_CLIENT_ROW (widget);
      const char *counters = tc_client_row_get_counters (row);
      guint64 lines = 0;

      if (counters != NULL && g_strcmp0 (tc_client_row_get_title (row), quiet) != 0 &&
          sscanf (counters, "In %" SCNu64 " lines", &lines) == 1)
        {
          if (lines > 0)
            (*n_moving)++;
          else
            (*n_still)++;
        }
      return;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    count_client_rows (child, quiet, n_moving, n_still);
}

static gboolean
rows_show_progress (ServerFixture *f,
                    const char    *quiet)
{
  guint n_moving = 0, n_still = 0;

  count_client_rows (GTK_WIDGET (tc_server_window_get_clients_view (f->window)), quiet,
                     &n_moving, &n_still);
  return n_moving > 0 && n_still == 0;
}

static char *
local_label (TcRawPeer *peer)
{
  g_autoptr(GSocketAddress) address = g_socket_get_local_address (peer->socket, NULL);
  g_autofree char *host = NULL;

  g_assert_nonnull (address);
  host = g_inet_address_to_string (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address)));
  return g_strdup_printf ("%s:%u", host,
                          g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address)));
}

/* Several clients send as fast as they can: the window still paints
 * frame after frame, its rows count what came in, and a line typed into
 * the send box reaches a client that reads. A socket source that is always
 * ready must not hold off the frame clock. */
static void
test_server_flood (ServerFixture *f,
                   gconstpointer  data)
{
  g_autoptr(TcFlood) flood = tc_flood_new ();
  g_autoptr(TcRawPeer) reader = NULL;
  g_autofree char *reader_label = NULL;
  TcSendBox *send_box = tc_server_window_get_send_box (f->window);
  guint n_frames = 0, frames_before;
  guint64 bytes_before;
  gulong handler;

  handler = count_frames (GTK_WIDGET (f->window), &n_frames);
  reader = tc_raw_peer_connect (context (), f->port, 0, TC_RAW_PEER_READ | TC_RAW_PEER_KEEP_INPUT);
  reader_label = local_label (reader);
  for (guint i = 0; i < N_FLOODERS; i++)
    tc_flood_add (flood, tc_raw_peer_connect (flood->context, f->port, 0, TC_RAW_PEER_NONE));
  TC_WAIT_UNTIL (context (), tc_server_get_n_clients (f->server) == N_FLOODERS + 1, WAIT_MS);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));

  /* In full swing: megabytes in. */
  tc_flood_start (flood);
  TC_WAIT_UNTIL (context (), server_bytes_in (f->server) > 4 * 1024 * 1024, LONG_WAIT_MS);

  /* Frames keep coming while it goes on. */
  frames_before = n_frames;
  bytes_before = server_bytes_in (f->server);
  TC_WAIT_UNTIL (context (), n_frames >= frames_before + N_FRAMES, LONG_WAIT_MS);
  g_assert_cmpuint (server_bytes_in (f->server), >, bytes_before);

  /* Each flooder's row counts its lines, and a frame shows it. */
  TC_WAIT_UNTIL (context (), rows_show_progress (f, reader_label), LONG_WAIT_MS);
  frames_before = n_frames;
  TC_WAIT_UNTIL (context (), n_frames >= frames_before + 2, LONG_WAIT_MS);

  /* A line typed into the send box goes out meanwhile. */
  g_assert_true (tc_send_box_get_can_send (send_box));
  tc_gui_test_send_box_enter (send_box, "typed during the flood");
  TC_WAIT_UNTIL (context (), peer_has (reader, "typed during the flood\n"), LONG_WAIT_MS);
  g_assert_true (tc_gui_test_log_has (tc_server_window_get_log_model (f->window),
                                      TC_LOG_DIRECTION_SENT, "typed during the flood", FALSE));

  g_signal_handler_disconnect (gtk_widget_get_frame_clock (GTK_WIDGET (f->window)), handler);
}

static void
label_changed_cb (GtkLabel   *label,
                  GParamSpec *pspec,
                  guint      *n_changes)
{
  (*n_changes)++;
}

/* N_STORM clients connect at once: the window follows them once a frame,
 * not once a client (each update sums every client's traffic, so that
 * would cost clients squared). */
static void
test_server_connect_storm (ServerFixture *f,
                           gconstpointer  data)
{
  g_autoptr(GPtrArray) peers = g_ptr_array_new_with_free_func ((GDestroyNotify) tc_raw_peer_free);
  g_autofree char *expected = g_strdup_printf ("Clients: %u", N_STORM);
  GtkWidget *title;
  guint n_frames = 0, n_changes = 0;
  gulong paint_handler, label_handler;

  title = tc_gui_test_find_widget (GTK_WIDGET (f->window), GTK_TYPE_LABEL, "Clients: 0");
  g_assert_nonnull (title);
  label_handler = g_signal_connect (title, "notify::label", G_CALLBACK (label_changed_cb),
                                    &n_changes);
  paint_handler = count_frames (GTK_WIDGET (f->window), &n_frames);

  /* All in the listen queue before the window runs again. */
  for (guint i = 0; i < N_STORM; i++)
    g_ptr_array_add (peers, tc_raw_peer_connect (context (), f->port, 0, TC_RAW_PEER_NONE));

  TC_WAIT_UNTIL (context (), tc_server_get_n_clients (f->server) == N_STORM, LONG_WAIT_MS);
  TC_WAIT_UNTIL (context (),
                 g_strcmp0 (gtk_label_get_label (GTK_LABEL (title)), expected) == 0,
                 LONG_WAIT_MS);
  g_assert_cmpstr (tc_status_bar_get_segment (tc_server_window_get_status_bar (f->window),
                                              "clients"), ==, expected);
  g_assert_true (tc_send_box_get_can_send (tc_server_window_get_send_box (f->window)));

  g_test_message ("%u clients: the clients title changed %u times in %u frames",
                  N_STORM, n_changes, n_frames);
  /* Once when the first client arrives (there is someone to send to),
   * then at most once a frame. */
  g_assert_cmpuint (n_changes, <=, n_frames + 2);

  g_signal_handler_disconnect (title, label_handler);
  g_signal_handler_disconnect (gtk_widget_get_frame_clock (GTK_WIDGET (f->window)),
                               paint_handler);
}

/* The client window */

typedef struct
{
  TcClientWindow *window;
  GSocket        *listener;
  guint16         port;
} ClientFixture;

static void
client_setup (ClientFixture *f,
              gconstpointer  data)
{
  tc_gui_test_reset_settings (CLIENT_APP_ID);
  f->listener = tc_raw_listen (&f->port);
  f->window = g_object_ref (tc_client_window_new (NULL));
  gtk_window_set_default_size (GTK_WINDOW (f->window), 800, 500);
  gtk_window_present (GTK_WINDOW (f->window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
}

static void
client_teardown (ClientFixture *f,
                 gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  tc_test_drain (context ());
  g_object_unref (f->window);
  g_socket_close (f->listener, NULL);
  g_object_unref (f->listener);
  tc_gui_test_reset_settings (CLIENT_APP_ID);
}

static gboolean
raw_peer_has_cb (TcRawPeer  *peer,
                 const char *text)
{
  tc_raw_peer_read_some (peer);
  return peer_has (peer, text);
}

/* The server floods the client window: it keeps painting, and a typed
 * line still goes out. */
static void
test_client_flood (ClientFixture *f,
                   gconstpointer  data)
{
  g_autoptr(TcFlood) flood = tc_flood_new ();
  TcClient *client = tc_client_window_get_client (f->window);
  TcSendBox *send_box = tc_client_window_get_send_box (f->window);
  TcRawPeer *server_side;
  guint n_frames = 0, frames_before;
  guint64 bytes_before;
  gulong handler;

  handler = count_frames (GTK_WIDGET (f->window), &n_frames);
  tc_client_window_connect_to (f->window, "127.0.0.1", f->port);
  TC_WAIT_UNTIL (context (), tc_client_get_state (client) == TC_SOCKET_STATE_CONNECTED, WAIT_MS);
  server_side = tc_raw_peer_accept (flood->context, f->listener, WAIT_MS, TC_RAW_PEER_KEEP_INPUT);
  tc_flood_add (flood, server_side);

  tc_flood_start (flood);
  TC_WAIT_UNTIL (context (),
                 tc_connection_get_bytes_in (tc_client_get_connection (client)) > 4 * 1024 * 1024,
                 LONG_WAIT_MS);

  frames_before = n_frames;
  bytes_before = tc_connection_get_bytes_in (tc_client_get_connection (client));
  TC_WAIT_UNTIL (context (), n_frames >= frames_before + N_FRAMES, LONG_WAIT_MS);
  g_assert_cmpuint (tc_connection_get_bytes_in (tc_client_get_connection (client)), >,
                    bytes_before);

  tc_gui_test_send_box_enter (send_box, "typed during the flood");
  TC_WAIT_UNTIL (context (),
                 tc_connection_get_bytes_out (tc_client_get_connection (client)) > 0,
                 LONG_WAIT_MS);
  g_signal_handler_disconnect (gtk_widget_get_frame_clock (GTK_WIDGET (f->window)), handler);
  /* The flood's thread reads nothing: read here once it has stopped. */
  tc_flood_stop (flood);
  TC_WAIT_UNTIL (context (), raw_peer_has_cb (server_side, "typed during the flood\n"),
                 LONG_WAIT_MS);
}

int
main (int   argc,
      char *argv[])
{
  tc_gui_test_init (&argc, &argv);
  if (!tc_gui_test_init_gtk ("/window-flood/display"))
    return g_test_run ();

  g_test_add ("/window-flood/server", ServerFixture, NULL,
              server_setup, test_server_flood, server_teardown);
  g_test_add ("/window-flood/server-connect-storm", ServerFixture, NULL,
              server_setup, test_server_connect_storm, server_teardown);
  g_test_add ("/window-flood/client", ClientFixture, NULL,
              client_setup, test_client_flood, client_teardown);

  return g_test_run ();
}
