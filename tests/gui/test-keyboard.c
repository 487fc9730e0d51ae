/* test-keyboard.c: both windows by keyboard: Tab order, F6, composing while
 * nothing can be sent, Clear and its undo
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "tc-client-application.h"
#include "tc-client-window.h"
#include "tc-gui-test-util.h"
#include "tc-log-view.h"
#include "tc-preferences-dialog.h"
#include "tc-server-application.h"
#include "tc-server-window.h"
#include "tc-size-spin.h"
#include "tc-test-util.h"
#include "tc-undo-offer.h"

#define WAIT_MS   10000
#define MAX_STOPS 80      /* Tab presses before a walk counts as trapped */
#define LOG_ROWS  300

static GtkWidget *
focus_of (GtkWidget *window)
{
  return gtk_root_get_focus (GTK_ROOT (window));
}

static gboolean
focus_in (GtkWidget *window,
          GtkWidget *widget)
{
  GtkWidget *focus = focus_of (window);

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* Tab or Shift+Tab, through the window's own key binding. */
static void
press_tab (GtkWidget *window,
           gboolean   backward)
{
  g_assert_true (tc_gui_test_activate_accel (window, backward ? "<Shift>Tab" : "Tab"));
  tc_test_drain (NULL);
}

static GtkWidget *
log_list (GtkWidget *window)
{
  GtkWidget *log_view = tc_gui_test_find_widget (window, TC_TYPE_LOG_VIEW, NULL);

  g_assert_nonnull (log_view);
  return tc_gui_test_find_widget (log_view, GTK_TYPE_LIST_VIEW, NULL);
}

static void
fill_log (TcLogModel *log)
{
  for (guint i = 0; i < LOG_ROWS; i++)
    tc_log_model_append_event (log, NULL, "row %u", i);
  tc_log_model_flush (log);
  tc_test_drain (NULL);
}

/* Tabs from the send box all the way round, back to it. Each of @lists is
 * one stop: never two stops in a row inside it, and visited once. No stop
 * is in @never. */
static void
walk_tab_chain (GtkWidget  *window,
                GtkWidget  *start,
                gboolean    backward,
                GtkWidget **lists,
                guint       n_lists,
                GtkWidget  *never)
{
  guint visits[4] = { 0 };
  int inside = -1;
  guint stops;

  g_assert_cmpuint (n_lists, <=, G_N_ELEMENTS (visits));
  g_assert_true (gtk_widget_grab_focus (start));
  for (stops = 0; stops < MAX_STOPS; stops++)
    {
      int now = -1;

      press_tab (window, backward);
      g_assert_nonnull (focus_of (window));
      if (never != NULL)
        g_assert_false (focus_in (window, never));
      if (focus_in (window, start))
        break;
      for (guint i = 0; i < n_lists; i++)
        if (focus_in (window, lists[i]))
          now = i;
      /* Tab from inside a list leaves it. */
      g_assert_true (now == -1 || now != inside);
      if (now >= 0)
        visits[now]++;
      inside = now;
    }
  g_assert_cmpuint (stops, <, MAX_STOPS);
  for (guint i = 0; i < n_lists; i++)
    g_assert_cmpuint (visits[i], ==, 1);
}

/* Server */

static const char *
send_tooltip (TcSendBox *send_box)
{
  const char *tooltip = gtk_widget_get_tooltip_text (GTK_WIDGET (tc_send_box_get_button (send_box)));

  return tooltip != NULL ? tooltip : "";
}

static TcServerApplication *
server_app_new (TcServerWindow **window)
{
  TcServerApplication *application = tc_server_application_new ();
  g_autoptr(GError) error = NULL;

  tc_gui_test_reset_settings (SERVER_APP_ID);
  g_application_register (G_APPLICATION (application), NULL, &error);
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (application));
  *window = TC_SERVER_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (application)));
  g_assert_true (TC_IS_SERVER_WINDOW (*window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (*window));

  return application;
}

static void
app_quit (GApplication *application)
{
  GtkWidget *window = GTK_WIDGET (gtk_application_get_active_window (GTK_APPLICATION (application)));

  gtk_window_destroy (GTK_WINDOW (window));
  TC_WAIT_UNTIL (NULL, gtk_application_get_windows (GTK_APPLICATION (application)) == NULL,
                 WAIT_MS);
  tc_test_drain (NULL);
}

static void
test_server_keys (void)
{
  TcServerWindow *window = NULL;
  g_autoptr(TcServerApplication) application = server_app_new (&window);
  GtkWidget *win = GTK_WIDGET (window);
  TcSendBox *send_box = tc_server_window_get_send_box (window);
  GtkWidget *view = GTK_WIDGET (tc_send_box_get_view (send_box));
  GtkWidget *address = GTK_WIDGET (tc_server_window_get_address_entry (window));
  GtkWidget *clients = GTK_WIDGET (tc_server_window_get_clients_view (window));
  GtkWidget *disconnect = tc_gui_test_find_widget (win, GTK_TYPE_BUTTON, "win.disconnect");
  GtkWidget *lists[2];
  TcServer *server = tc_server_window_get_server (window);
  g_autoptr(TcRawPeer) peer = NULL;

  g_assert_nonnull (disconnect);
  lists[0] = clients;
  lists[1] = log_list (win);

  /* F6 from the address field: the send box, editable before listening. */
  tc_gui_test_assert_accel (GTK_APPLICATION (application), "win.focus-send-box", "F6");
  g_assert_true (gtk_widget_grab_focus (address));
  g_assert_true (tc_gui_test_activate_accel (win, "F6"));
  g_assert_true (focus_in (win, view));
  tc_gui_test_send_box_type (send_box, "composed early");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (address)), ==, "127.0.0.1");
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (tc_send_box_get_button (send_box))));
  g_assert_true (g_str_has_prefix (send_tooltip (send_box), "Not listening"));
  /* Enter while nothing can be sent keeps the text. */
  g_assert_true (tc_gui_test_send_box_key (send_box, GDK_KEY_Return, 0));
  tc_gui_test_send_box_assert (send_box, "composed early");

  /* Listening with a client, selected, and a long log. */
  tc_server_window_set_listen_address (window, "127.0.0.1", 0);
  g_assert_true (tc_gui_test_activate_accel (win, "<Control>l"));
  TC_WAIT_UNTIL (NULL, tc_server_is_listening (server), WAIT_MS);
  peer = tc_raw_peer_connect (g_main_context_default (), tc_server_get_port (server), 0,
                              TC_RAW_PEER_READ | TC_RAW_PEER_KEEP_INPUT);
  TC_WAIT_UNTIL (NULL, tc_server_get_n_clients (server) == 1, WAIT_MS);
  TC_WAIT_UNTIL (NULL, tc_send_box_get_can_send (send_box), WAIT_MS);
  fill_log (tc_server_window_get_log_model (window));
  TC_WAIT_UNTIL (NULL, g_list_model_get_n_items (G_LIST_MODEL (tc_server_window_get_clients_selection (window))) == 2,
                 WAIT_MS);
  gtk_single_selection_set_selected (tc_server_window_get_clients_selection (window), 1);
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "disconnect"));

  /* Round the window both ways: each list one stop, Disconnect none. */
  walk_tab_chain (win, view, FALSE, lists, 2, disconnect);
  walk_tab_chain (win, view, TRUE, lists, 2, disconnect);

  /* From the client list, Tab then Enter (the row it lands on is
   * activated) never kicks the client. */
  g_assert_true (gtk_widget_grab_focus (clients));
  g_assert_true (focus_in (win, clients));
  press_tab (win, FALSE);
  g_assert_false (focus_in (win, clients));
  g_assert_false (focus_in (win, disconnect));
  gtk_widget_activate (focus_of (win));
  tc_raw_peer_send_all (peer, "still here\n", 11, WAIT_MS);
  TC_WAIT_UNTIL (NULL, tc_gui_test_log_has (tc_server_window_get_log_model (window),
                                            TC_LOG_DIRECTION_RECEIVED, "still here", FALSE),
                 WAIT_MS);
  g_assert_cmpuint (tc_server_get_n_clients (server), ==, 1);
  g_assert_false (peer->eof);

  /* F6 from the log and from the client list. */
  g_assert_true (gtk_widget_grab_focus (lists[1]));
  g_assert_true (focus_in (win, lists[1]));
  g_assert_true (tc_gui_test_activate_accel (win, "F6"));
  g_assert_true (focus_in (win, view));
  g_assert_true (gtk_widget_grab_focus (clients));
  g_assert_true (tc_gui_test_activate_accel (win, "F6"));
  g_assert_true (focus_in (win, view));

  /* The line composed before listening goes now. */
  g_assert_true (tc_gui_test_send_box_key (send_box, GDK_KEY_Return, 0));
  TC_WAIT_UNTIL (NULL, g_str_has_suffix (peer->in->str, "composed early\n"), WAIT_MS);

  app_quit (G_APPLICATION (application));
  tc_gui_test_reset_settings (SERVER_APP_ID);
}

/* Client */

static void
test_client_keys (void)
{
  g_autoptr(TcClientApplication) application = tc_client_application_new ();
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(TcServer) server = NULL;
  TcClientWindow *window;
  GtkWidget *win;
  TcSendBox *send_box;
  GtkWidget *view, *host;
  GtkWidget *lists[1];

  tc_gui_test_reset_settings (CLIENT_APP_ID);
  g_application_register (G_APPLICATION (application), NULL, &error);
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (application));
  window = TC_CLIENT_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (application)));
  g_assert_true (TC_IS_CLIENT_WINDOW (window));
  win = GTK_WIDGET (window);
  gtk_test_widget_wait_for_draw (win);
  send_box = tc_client_window_get_send_box (window);
  view = GTK_WIDGET (tc_send_box_get_view (send_box));
  host = GTK_WIDGET (tc_client_window_get_host_entry (window));
  lists[0] = log_list (win);
  tc_client_window_set_host (window, "127.0.0.1");

  /* Disconnected: a click in the message box puts the keyboard there (an
   * insensitive box would leave it in Host), and what is typed stays there. */
  g_assert_true (gtk_widget_grab_focus (host));
  g_assert_true (gtk_widget_grab_focus (view));
  g_assert_true (focus_in (win, view));
  tc_gui_test_send_box_type (send_box, "hello from before");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (host)), ==, "127.0.0.1");
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (tc_send_box_get_button (send_box))));
  g_assert_true (g_str_has_prefix (send_tooltip (send_box), "Not connected"));
  g_assert_true (tc_gui_test_send_box_key (send_box, GDK_KEY_Return, 0));
  tc_gui_test_send_box_assert (send_box, "hello from before");

  /* F6 from Host and from the log. */
  tc_gui_test_assert_accel (GTK_APPLICATION (application), "win.focus-send-box", "F6");
  g_assert_true (gtk_widget_grab_focus (host));
  g_assert_true (tc_gui_test_activate_accel (win, "F6"));
  g_assert_true (focus_in (win, view));
  fill_log (tc_client_window_get_log_model (window));
  g_assert_true (gtk_widget_grab_focus (lists[0]));
  g_assert_true (tc_gui_test_activate_accel (win, "F6"));
  g_assert_true (focus_in (win, view));

  /* The log is one Tab stop, either way round. */
  walk_tab_chain (win, view, FALSE, lists, 1, NULL);
  walk_tab_chain (win, view, TRUE, lists, 1, NULL);

  /* Connected, the composed line goes with Enter. */
  server = tc_gui_test_server_start ("127.0.0.1", 0, lines, &error);
  g_assert_no_error (error);
  tc_client_window_set_port (window, tc_server_get_port (server));
  g_assert_true (tc_gui_test_activate_accel (win, "<Control>Return"));
  TC_WAIT_UNTIL (NULL, tc_send_box_get_can_send (send_box), WAIT_MS);
  g_assert_true (focus_in (win, view));
  tc_gui_test_send_box_assert (send_box, "hello from before");
  g_assert_true (tc_gui_test_send_box_key (send_box, GDK_KEY_Return, 0));
  TC_WAIT_UNTIL (NULL, tc_gui_test_lines_have (lines, "hello from before"), WAIT_MS);

  /* Disconnected again: the keyboard stays in the message box. */
  tc_gui_test_send_box_type (send_box, "next");
  g_assert_true (tc_gui_test_activate_accel (win, "<Control>d"));
  TC_WAIT_UNTIL (NULL, !tc_send_box_get_can_send (send_box), WAIT_MS);
  TC_WAIT_UNTIL (NULL, tc_client_get_state (tc_client_window_get_client (window)) ==
                       TC_SOCKET_STATE_UNCONNECTED, WAIT_MS);
  g_assert_true (focus_in (win, view));
  tc_gui_test_send_box_assert (send_box, "next");

  app_quit (G_APPLICATION (application));
  tc_gui_test_server_stop (&server);
  tc_gui_test_reset_settings (CLIENT_APP_ID);
}

/* Clear and undo */

static guint
n_entries (TcLogModel *log)
{
  return tc_log_model_get_n_entries (log);
}

static void
test_clear_undo (void)
{
  TcServerWindow *window = g_object_ref_sink (tc_server_window_new (NULL));
  GtkWidget *win = GTK_WIDGET (window);
  TcLogModel *log = tc_server_window_get_log_model (window);
  TcUndoOffer *offer;
  guint n0;

  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (win);
  offer = TC_UNDO_OFFER (tc_gui_test_find_widget (win, TC_TYPE_UNDO_OFFER, NULL));
  g_assert_nonnull (offer);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (offer)));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "undo-clear"));

  /* Clear asks nothing; its offer, "Cleared. Undo", takes it back. */
  tc_log_model_flush (log);
  n0 = n_entries (log);
  tc_log_model_append_event (log, NULL, "first");
  tc_log_model_append_event (log, NULL, "second");
  tc_log_model_flush (log);
  g_assert_cmpuint (n_entries (log), ==, n0 + 2);
  g_assert_true (gtk_widget_activate_action (win, "win.clear", NULL));
  g_assert_cmpuint (n_entries (log), ==, 0);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (offer)));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "undo-clear"));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (tc_undo_offer_get_button (offer))),
                   ==, "win.undo-clear");
  /* What came after the clear stays, after what comes back. */
  tc_log_model_append_event (log, NULL, "third");
  tc_log_model_flush (log);
  g_signal_emit_by_name (tc_undo_offer_get_button (offer), "clicked");
  TC_WAIT_UNTIL (NULL, n_entries (log) == n0 + 3, WAIT_MS);
  g_assert_true (tc_gui_test_log_has (log, TC_LOG_DIRECTION_EVENT, "first", FALSE));
  g_assert_true (tc_gui_test_log_has (log, TC_LOG_DIRECTION_EVENT, "third", FALSE));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (offer)));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "undo-clear"));

  /* Cleared twice: only the last is undone. */
  g_assert_true (gtk_widget_activate_action (win, "win.clear", NULL));
  tc_log_model_append_event (log, NULL, "fourth");
  tc_log_model_flush (log);
  g_assert_true (gtk_widget_activate_action (win, "win.clear", NULL));
  g_assert_true (gtk_widget_activate_action (win, "win.undo-clear", NULL));
  g_assert_cmpuint (n_entries (log), ==, 1);
  g_assert_true (tc_gui_test_log_has (log, TC_LOG_DIRECTION_EVENT, "fourth", FALSE));
  g_assert_false (tc_gui_test_log_has (log, TC_LOG_DIRECTION_EVENT, "first", FALSE));
  g_assert_false (tc_log_model_can_undo_clear (log));

  /* The offer goes by itself after a while, and the undo with it. */
  g_assert_true (gtk_widget_activate_action (win, "win.clear", NULL));
  g_assert_true (tc_undo_offer_is_shown (offer));
  TC_WAIT_UNTIL (NULL, !tc_undo_offer_is_shown (offer), (TC_UNDO_OFFER_SECONDS + 5) * 1000);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (offer)));
  g_assert_false (tc_log_model_can_undo_clear (log));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "undo-clear"));

  gtk_window_destroy (GTK_WINDOW (window));
  tc_test_assert_finalized (NULL, window);
}

/* Preferences: sizes */

/* Types @text into @spin and presses Enter. */
static void
type_size (GtkSpinButton *spin,
           const char    *text)
{
  gtk_editable_set_text (GTK_EDITABLE (spin), text);
  g_signal_emit_by_name (gtk_editable_get_delegate (GTK_EDITABLE (spin)), "activate");
  tc_test_drain (NULL);
}

static const char *
spin_text (GtkSpinButton *spin)
{
  return gtk_editable_get_text (GTK_EDITABLE (spin));
}

/* The field shows what g_format_size() says, in IEC units. */
static gboolean
spin_shows (GtkSpinButton *spin,
            guint64        bytes,
            const char    *unit)
{
  g_autofree char *expected = tc_size_format (bytes);

  return g_str_equal (spin_text (spin), expected) && strstr (expected, unit) != NULL;
}

static void
test_size_parse (void)
{
  static const struct { const char *text; guint64 bytes; } good[] = {
    { "4 MiB", 4194304 }, { "512 KiB", 524288 }, { "65536", 65536 }, { " 1.5M ", 1572864 },
    { "64 kb", 65536 }, { "100 bytes", 100 }, { "2 B", 2 }, { "1 GiB", 1073741824 },
    { "64.0\xc2\xa0KiB", 65536 },
  };
  static const char *bad[] = { "", "MiB", "4 parsecs", "-1 KiB", "nan", "1e40" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      guint64 bytes = 0;
      g_autoptr(GError) error = NULL;

      g_assert_true (tc_size_parse (good[i].text, &bytes, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (bytes, ==, good[i].bytes);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      guint64 bytes = 0;
      g_autoptr(GError) error = NULL;

      g_assert_false (tc_size_parse (bad[i], &bytes, &error));
      g_assert_nonnull (error);
    }

  /* Shown short when exact, with the count when the short form rounds. */
  {
    g_autofree char *mib = tc_size_format (4194304);
    g_autofree char *odd = tc_size_format (100000);
    guint64 back = 0;

    g_assert_true (tc_size_parse (mib, &back, NULL));
    g_assert_cmpuint (back, ==, 4194304);
    g_assert_nonnull (strstr (mib, "MiB"));
    g_assert_nonnull (strstr (odd, "100000"));
  }
}

static void
test_preferences_sizes (void)
{
  TcServerWindow *window;
  TcPreferencesDialog *dialog;
  GSettings *settings;
  GtkSpinButton *spin;
  GtkWidget *note;
  g_autofree char *least = tc_size_format (65536);

  tc_gui_test_reset_settings (SERVER_APP_ID);
  window = g_object_ref_sink (tc_server_window_new (NULL));
  settings = tc_server_window_get_settings (window);
  g_assert_nonnull (settings);
  gtk_window_present (GTK_WINDOW (window));
  dialog = tc_server_window_show_preferences (window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  spin = tc_preferences_dialog_get_spin (dialog, "max-unsent");

  /* Shown in MiB, not 4194304. */
  g_assert_cmpuint (g_settings_get_uint (settings, "max-unsent"), ==, 4194304);
  g_assert_true (spin_shows (spin, 4194304, "MiB"));

  /* Taken in KiB; it holds for new connections, and says so. */
  type_size (spin, "512 KiB");
  g_assert_cmpuint (g_settings_get_uint (settings, "max-unsent"), ==, 524288);
  g_assert_true (spin_shows (spin, 524288, "KiB"));
  note = GTK_WIDGET (tc_gui_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_LABEL,
                                              "Applies to connections made from now on."));
  g_assert_nonnull (note);
  g_assert_true (gtk_widget_get_visible (note));

  /* Below the least allowed: raised to it, and the note says so. */
  type_size (spin, "1 KiB");
  g_assert_cmpuint (g_settings_get_uint (settings, "max-unsent"), ==, 65536);
  g_assert_cmpstr (spin_text (spin), ==, least);
  {
    g_autofree char *raised = g_strdup_printf ("Raised to the least allowed, %s. "
                                               "Applies to connections made from now on.",
                                               least);

    g_assert_nonnull (tc_gui_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_LABEL, raised));
  }

  /* Plain bytes are read too; nonsense is said, and changes nothing. */
  type_size (spin, "131072");
  g_assert_cmpuint (g_settings_get_uint (settings, "max-unsent"), ==, 131072);
  g_assert_true (spin_shows (spin, 131072, "KiB"));
  type_size (spin, "lots");
  g_assert_cmpuint (g_settings_get_uint (settings, "max-unsent"), ==, 131072);
  g_assert_nonnull (tc_gui_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_LABEL,
                                             "“lots” is not a size: write, for example, "
                                             "4 MiB, 512 KiB or 65536"));

  /* The longest line too. */
  spin = tc_preferences_dialog_get_spin (dialog, "max-line");
  g_assert_true (spin_shows (spin, 65536, "KiB"));
  type_size (spin, "1 MiB");
  g_assert_cmpuint (g_settings_get_uint (settings, "max-line"), ==, 1048576);

  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
  tc_test_assert_finalized (NULL, window);
  tc_gui_test_reset_settings (SERVER_APP_ID);
}

/* The client list's width */

static GtkPaned *
clients_paned (TcServerWindow *window)
{
  GtkWidget *paned = gtk_widget_get_ancestor (GTK_WIDGET (tc_server_window_get_clients_view (window)),
                                              GTK_TYPE_PANED);

  g_assert_nonnull (paned);
  return GTK_PANED (paned);
}

static int
list_width (TcServerWindow *window)
{
  return gtk_widget_get_width (gtk_paned_get_start_child (clients_paned (window)));
}

static void
test_clients_width (void)
{
  TcServerWindow *window;
  TcServerWindow *next;
  GtkPaned *paned;
  GSettings *settings;

  tc_gui_test_reset_settings (SERVER_APP_ID);
  window = g_object_ref_sink (tc_server_window_new (NULL));
  settings = tc_server_window_get_settings (window);
  g_assert_nonnull (settings);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 600);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  paned = clients_paned (window);

  /* The handle moved to 330: kept. */
  gtk_paned_set_position (paned, 330);
  TC_WAIT_UNTIL (NULL, list_width (window) == 330, WAIT_MS);
  g_assert_cmpint (g_settings_get_int (settings, "clients-width"), ==, 330);

  /* Small: the log keeps its minimum, the list gives way... */
  gtk_window_set_default_size (GTK_WINDOW (window), 400, 600);
  TC_WAIT_UNTIL (NULL, list_width (window) < 330, WAIT_MS);
  g_assert_cmpint (g_settings_get_int (settings, "clients-width"), ==, 330);

  /* ...and large again, it has its width back. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 600);
  TC_WAIT_UNTIL (NULL, list_width (window) == 330, WAIT_MS);
  g_assert_cmpint (gtk_paned_get_position (paned), ==, 330);

  /* The next window starts with it. */
  next = g_object_ref_sink (tc_server_window_new (NULL));
  gtk_window_present (GTK_WINDOW (next));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (next));
  TC_WAIT_UNTIL (NULL, list_width (next) == 330, WAIT_MS);

  gtk_window_destroy (GTK_WINDOW (next));
  tc_test_assert_finalized (NULL, next);
  gtk_window_destroy (GTK_WINDOW (window));
  tc_test_assert_finalized (NULL, window);
  tc_gui_test_reset_settings (SERVER_APP_ID);
}

int
main (int   argc,
      char *argv[])
{
  tc_gui_test_init (&argc, &argv);
  if (!tc_gui_test_init_gtk ("/keyboard/display"))
    return g_test_run ();

  g_test_add_func ("/keyboard/server", test_server_keys);
  g_test_add_func ("/keyboard/client", test_client_keys);
  g_test_add_func ("/keyboard/clear-undo", test_clear_undo);
  g_test_add_func ("/keyboard/size-parse", test_size_parse);
  g_test_add_func ("/keyboard/preferences-sizes", test_preferences_sizes);
  g_test_add_func ("/keyboard/clients-width", test_clients_width);

  return g_test_run ();
}
