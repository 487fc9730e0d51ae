/* test-observe-window.c: the selected client's graph, the log-file and TCP preferences
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>

#include "tc-client-application.h"
#include "tc-client-window.h"
#include "tc-gui-test-server.h"
#include "tc-gui-test-util.h"
#include "tc-server-application.h"
#include "tc-server-window.h"
#include "tc-session-pane.h"
#include "tc-test-util.h"
#include "tc-traffic-graph.h"

#define WAIT_MS 10000

typedef struct
{
  TcServerWindow *window;
  TcRawPeer      *peers[2];
  char           *tmpdir;
} Fixture;

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

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->tmpdir = g_dir_make_tmp ("tcpchat-observe-window-XXXXXX", NULL);
  g_assert_nonnull (f->tmpdir);
  f->window = tc_gui_test_server_window_new ();
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  for (guint i = 0; i < G_N_ELEMENTS (f->peers); i++)
    g_clear_pointer (&f->peers[i], tc_raw_peer_free);
  gtk_window_destroy (GTK_WINDOW (f->window));
  tc_test_drain (context ());
  g_object_unref (f->window);
  tc_gui_test_reset_settings (SERVER_APP_ID);

  dir = g_dir_open (f->tmpdir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->tmpdir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (f->tmpdir);
  g_free (f->tmpdir);
}

static guint16
start_on_free_port (Fixture *f)
{
  tc_server_window_set_listen_address (f->window, "127.0.0.1", 0);
  tc_gui_test_activate_win_action (GTK_WIDGET (f->window), "start");
  TC_WAIT_UNTIL (context (), tc_server_is_listening (server (f)), WAIT_MS);
  return tc_server_get_port (server (f));
}

static guint16
local_port (GSocket *socket)
{
  g_autoptr(GSocketAddress) address = g_socket_get_local_address (socket, NULL);

  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address));
}

/* The server's connection of @peer. */
static TcConnection *
connection_of (Fixture   *f,
               TcRawPeer *peer)
{
  g_autofree char *label = g_strdup_printf ("127.0.0.1:%u", local_port (peer->socket));
  guint n = g_list_model_get_n_items (G_LIST_MODEL (server (f)));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TcConnection) connection = g_list_model_get_item (G_LIST_MODEL (server (f)), i);

      if (g_strcmp0 (tc_connection_get_peer_label (connection), label) == 0)
        return connection;
    }
  g_assert_not_reached ();
  return NULL;
}

/* Selects @peer's row in the clients list, as a click does. */
static void
select_peer (Fixture   *f,
             TcRawPeer *peer)
{
  GtkSingleSelection *selection = tc_server_window_get_clients_selection (f->window);
  TcConnection *connection = connection_of (f, peer);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (selection));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (selection), i);

      if (item == (GObject *) connection)
        {
          gtk_selection_model_select_item (GTK_SELECTION_MODEL (selection), i, TRUE);
          return;
        }
    }
  g_assert_not_reached ();
}

typedef struct
{
  TcRawPeer      *talker;
  TcTrafficGraph *graph;
  guint           samples;
} Talk;

/* The talker says a line each look; until the graph has seen it. */
static gboolean
graph_saw_cb (gpointer data)
{
  Talk *talk = data;

  tc_raw_peer_send_all (talk->talker, "a line to be graphed, and counted in bytes\n", 43, WAIT_MS);
  return tc_traffic_graph_get_n_samples (talk->graph) >= talk->samples &&
         tc_traffic_graph_get_peak (talk->graph) > 0;
}

static gboolean
samples_cb (gpointer data)
{
  Talk *talk = data;

  tc_raw_peer_send_all (talk->talker, "more from the other one\n", 24, WAIT_MS);
  return tc_traffic_graph_get_n_samples (talk->graph) >= talk->samples;
}

/* The selected client's own graph: what it sends shows there; another,
 * silent, client shows nothing while the first goes on talking. */
static void
test_client_graph (Fixture       *f,
                   gconstpointer  data)
{
  guint16 port = start_on_free_port (f);
  GtkWidget *graph = tc_server_window_get_client_graph (f->window);
  GtkWidget *box = gtk_widget_get_parent (graph);
  Talk talk = { NULL, TC_TRAFFIC_GRAPH (graph), 1 };

  for (guint i = 0; i < G_N_ELEMENTS (f->peers); i++)
    f->peers[i] = tc_raw_peer_connect (context (), port, 0, TC_RAW_PEER_READ);
  TC_WAIT_UNTIL (context (), tc_server_get_n_clients (server (f)) == 2, WAIT_MS);

  /* Hidden until asked for, and while all clients are selected. */
  g_assert_false (gtk_widget_get_visible (box));
  tc_gui_test_activate_win_action (GTK_WIDGET (f->window), "show-graph");
  g_assert_false (gtk_widget_get_visible (box));

  select_peer (f, f->peers[0]);
  g_assert_true (gtk_widget_get_visible (box));
  TC_WAIT_UNTIL (context (), gtk_widget_get_mapped (graph), WAIT_MS);
  TC_WAIT_UNTIL (context (), gtk_widget_get_height (graph) > 0, WAIT_MS);

  talk.talker = f->peers[0];
  g_assert_true (tc_test_wait_for (context (), graph_saw_cb, &talk, WAIT_MS));
  tc_gui_test_save_screenshot (GTK_WIDGET (f->window), "client-graph.png");

  /* The other one: it starts over, and stays flat while the first talks. */
  select_peer (f, f->peers[1]);
  g_assert_cmpuint (tc_traffic_graph_get_n_samples (talk.graph), ==, 0);
  talk.samples = 2;
  g_assert_true (tc_test_wait_for (context (), samples_cb, &talk, WAIT_MS));
  g_assert_cmpfloat (tc_traffic_graph_get_peak (talk.graph), ==, 0);

  /* Hidden again: not sampled. */
  tc_gui_test_activate_win_action (GTK_WIDGET (f->window), "show-graph");
  g_assert_false (gtk_widget_get_visible (box));
  TC_WAIT_UNTIL (context (), !gtk_widget_get_mapped (graph), WAIT_MS);
}

static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_type (GtkWidget *widget,
           GType      type)
{
  if (g_type_is_a (G_OBJECT_TYPE (widget), type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_type (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static int
get_option (GSocket *socket,
            int      level,
            int      option)
{
  gint value = -1;

  g_assert_true (g_socket_get_option (socket, level, option, &value, NULL));
  return value;
}

typedef struct
{
  const char *path;
  const char *text;
} FileHas;

static gboolean
file_has_cb (gpointer data)
{
  FileHas *has = data;
  g_autofree char *contents = NULL;

  return g_file_get_contents (has->path, &contents, NULL, NULL) &&
         strstr (contents, has->text) != NULL;
}

/* The preferences: log to a file, TCP_NODELAY off, keepalive on; a new
 * client's socket has them, the file has its line; a file that cannot be
 * opened is said in the log. */
static void
test_preferences (Fixture       *f,
                  gconstpointer  data)
{
  GSettings *settings = tc_server_window_get_settings (f->window);
  g_autofree char *path = g_build_filename (f->tmpdir, "server.log", NULL);
  TcPreferencesDialog *dialog;
  GtkWidget *widget;
  TcConnection *connection;
  GSocket *socket;
  FileHas has = { path, "] < hello from the peer\n" };
  guint16 port;

  g_assert_nonnull (settings);
  /* What the file chooser sets. */
  g_settings_set_string (settings, "log-file-path", path);

  dialog = tc_server_window_show_preferences (f->window);
  g_assert_nonnull (dialog);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  /* It fits a 1280x720 screen, with room for a panel: the log file and
   * TCP options are a page of their own. */
  g_test_message ("preferences: %d x %d", gtk_widget_get_width (GTK_WIDGET (dialog)),
                  gtk_widget_get_height (GTK_WIDGET (dialog)));
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (dialog)), <=, 620);
  tc_gui_test_save_screenshot (GTK_WIDGET (dialog), "preferences-general.png");
  widget = find_type (GTK_WIDGET (dialog), GTK_TYPE_NOTEBOOK);
  g_assert_nonnull (widget);
  g_assert_true (gtk_widget_mnemonic_activate (
    gtk_notebook_get_tab_label (GTK_NOTEBOOK (widget),
                                gtk_notebook_get_nth_page (GTK_NOTEBOOK (widget), 1)), FALSE));
  g_assert_cmpint (gtk_notebook_get_current_page (GTK_NOTEBOOK (widget)), ==, 1);
  widget = find_named (GTK_WIDGET (dialog), "log-file-path");
  g_assert_nonnull (widget);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (widget)), "server.log"));

  g_assert_true (gtk_widget_activate (find_named (GTK_WIDGET (dialog), "log-file-check")));
  g_assert_true (g_settings_get_boolean (settings, "log-file"));

  /* Stepping the size limit changes the open file; it does not reopen it
   * at each step (held here, a new log file could not take its address). */
  {
    GtkWidget *pane = find_type (GTK_WIDGET (f->window), TC_TYPE_SESSION_PANE);
    g_autoptr(TcLogFile) log = NULL;
    guint before = g_settings_get_uint (settings, "log-file-max-mib");

    g_assert_nonnull (pane);
    log = tc_session_pane_get_log_file (TC_SESSION_PANE (pane));
    g_assert_nonnull (log);
    g_object_ref (log);
    widget = find_named (GTK_WIDGET (dialog), "log-file-max-mib");
    for (guint i = 0; i < 10; i++)
      gtk_spin_button_spin (GTK_SPIN_BUTTON (widget), GTK_SPIN_STEP_FORWARD, 1);
    g_assert_cmpuint (g_settings_get_uint (settings, "log-file-max-mib"), ==, before + 10);
    g_assert_true (tc_session_pane_get_log_file (TC_SESSION_PANE (pane)) == log);
    widget = find_named (GTK_WIDGET (dialog), "log-file-keep");
    for (guint i = 0; i < 3; i++)
      gtk_spin_button_spin (GTK_SPIN_BUTTON (widget), GTK_SPIN_STEP_FORWARD, 1);
    g_assert_true (tc_session_pane_get_log_file (TC_SESSION_PANE (pane)) == log);
  }
  g_assert_true (gtk_widget_activate (find_named (GTK_WIDGET (dialog), "tcp-nodelay")));
  g_assert_false (g_settings_get_boolean (settings, "tcp-nodelay"));
  widget = find_named (GTK_WIDGET (dialog), "tcp-keepalive-idle");
  g_assert_false (gtk_widget_is_sensitive (widget));
  g_assert_true (gtk_widget_activate (find_named (GTK_WIDGET (dialog), "tcp-keepalive")));
  g_assert_true (gtk_widget_is_sensitive (widget));
  gtk_editable_set_text (GTK_EDITABLE (widget), "9");
  gtk_spin_button_update (GTK_SPIN_BUTTON (widget));
  g_assert_cmpuint (g_settings_get_uint (settings, "tcp-keepalive-idle"), ==, 9);
  tc_gui_test_save_screenshot (GTK_WIDGET (dialog), "observe-preferences.png");
  gtk_window_close (GTK_WINDOW (dialog));

  port = start_on_free_port (f);
  f->peers[0] = tc_raw_peer_connect (context (), port, 0, TC_RAW_PEER_READ);
  TC_WAIT_UNTIL (context (), tc_server_get_n_clients (server (f)) == 1, WAIT_MS);
  connection = connection_of (f, f->peers[0]);
  socket = tc_connection_get_socket (connection);
  g_assert_cmpint (get_option (socket, IPPROTO_TCP, TCP_NODELAY), ==, 0);
  g_assert_cmpint (get_option (socket, SOL_SOCKET, SO_KEEPALIVE), ==, 1);
  g_assert_cmpint (get_option (socket, IPPROTO_TCP, TCP_KEEPIDLE), ==, 9);

  tc_raw_peer_send_all (f->peers[0], "hello from the peer\n", 20, WAIT_MS);
  g_assert_true (tc_test_wait_for (context (), file_has_cb, &has, WAIT_MS));

  g_settings_set_string (settings, "log-file-path", "/nonexistent-dir/server.log");
  g_assert_true (tc_gui_test_log_has (tc_server_window_get_log_model (f->window),
                                      TC_LOG_DIRECTION_ERROR, "/nonexistent-dir/server.log",
                                      TRUE));
}

/* The client window follows the same settings: its log file and the
 * keepalive of its connection. */
static void
test_client_window (void)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("tcpchat-observe-client-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (tmpdir, "client.log", NULL);
  g_autoptr(GSocket) listener = NULL;
  g_autoptr(TcRawPeer) peer = NULL;
  TcClientWindow *window;
  GSettings *settings;
  TcClient *client;
  FileHas has = { path, "] < hello from the server\n" };
  guint16 port = 0;

  tc_gui_test_reset_settings (CLIENT_APP_ID);
  window = g_object_ref (tc_client_window_new (NULL));
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  settings = tc_client_window_get_settings (window);
  g_assert_nonnull (settings);
  g_settings_set_string (settings, "log-file-path", path);
  g_settings_set_boolean (settings, "log-file", TRUE);
  g_settings_set_boolean (settings, "tcp-keepalive", TRUE);
  g_settings_set_uint (settings, "tcp-keepalive-idle", 11);

  listener = tc_raw_listen (&port);
  tc_client_window_connect_to (window, "127.0.0.1", port);
  peer = tc_raw_peer_accept (context (), listener, WAIT_MS, TC_RAW_PEER_READ);
  g_assert_nonnull (peer);
  client = tc_client_window_get_client (window);
  TC_WAIT_UNTIL (context (), tc_client_get_state (client) == TC_SOCKET_STATE_CONNECTED, WAIT_MS);
  {
    GSocket *socket = tc_connection_get_socket (tc_client_get_connection (client));

    g_assert_cmpint (get_option (socket, SOL_SOCKET, SO_KEEPALIVE), ==, 1);
    g_assert_cmpint (get_option (socket, IPPROTO_TCP, TCP_KEEPIDLE), ==, 11);
    g_assert_cmpint (get_option (socket, IPPROTO_TCP, TCP_NODELAY), ==, 1);
  }
  tc_raw_peer_send_all (peer, "hello from the server\n", 22, WAIT_MS);
  g_assert_true (tc_test_wait_for (context (), file_has_cb, &has, WAIT_MS));

  gtk_window_destroy (GTK_WINDOW (window));
  tc_test_drain (context ());
  g_object_unref (window);
  tc_gui_test_reset_settings (CLIENT_APP_ID);
  g_unlink (path);
  g_rmdir (tmpdir);
}

int
main (int   argc,
      char *argv[])
{
  tc_gui_test_init (&argc, &argv);
  if (!tc_gui_test_init_gtk ("/observe-window/display"))
    return g_test_run ();

  g_test_add ("/observe-window/client-graph", Fixture, NULL, fixture_setup,
              test_client_graph, fixture_teardown);
  g_test_add ("/observe-window/preferences", Fixture, NULL, fixture_setup,
              test_preferences, fixture_teardown);
  g_test_add_func ("/observe-window/client-window", test_client_window);

  return g_test_run ();
}
