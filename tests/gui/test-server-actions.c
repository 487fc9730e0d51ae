/* test-server-actions.c: the server window's send box, actions, accelerators and client rows
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "tc-client-row.h"
#include "tc-gui-test-server.h"
#include "tc-gui-test-util.h"
#include "tc-server-application.h"
#include "tc-server-window.h"
#include "tc-test-util.h"

#define WAIT_MS 10000

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

static TcSendBox *
send_box (Fixture *f)
{
  return tc_server_window_get_send_box (f->window);
}

static void
activate (Fixture    *f,
          const char *action)
{
  tc_gui_test_activate_win_action (GTK_WIDGET (f->window), action);
}

static gboolean
action_enabled (Fixture    *f,
                const char *action)
{
  return tc_gui_test_win_action_enabled (GTK_WIDGET (f->window), action);
}

static guint
n_log_entries (Fixture *f)
{
  return tc_gui_test_log_n_entries (tc_server_window_get_log_model (f->window));
}

static guint16
start_on_free_port (Fixture *f)
{
  tc_server_window_set_listen_address (f->window, "127.0.0.1", 0);
  activate (f, "start");
  TC_WAIT_UNTIL (context (), tc_server_is_listening (server (f)), WAIT_MS);

  return tc_server_get_port (server (f));
}

/* Listens, and connects a raw peer that keeps everything it reads. */
static void
start_with_peer (Fixture *f)
{
  guint16 port = start_on_free_port (f);

  f->peer = tc_raw_peer_connect (context (), port, 0,
                                 TC_RAW_PEER_READ | TC_RAW_PEER_KEEP_INPUT);
  TC_WAIT_UNTIL (context (), tc_server_get_n_clients (server (f)) == 1, WAIT_MS);
  TC_WAIT_UNTIL (context (), tc_send_box_get_can_send (tc_server_window_get_send_box (f->window)),
                 WAIT_MS);
}

static void
type_and_enter (Fixture    *f,
                const char *text)
{
  tc_gui_test_send_box_enter (send_box (f), text);
}

static gboolean
peer_got (Fixture    *f,
          const char *text)
{
  return g_str_has_suffix (f->peer->in->str, text);
}

static gboolean
press_key (Fixture         *f,
           guint            keyval,
           GdkModifierType  state)
{
  return tc_gui_test_send_box_key (send_box (f), keyval, state);
}

static void
assert_entry (Fixture    *f,
              const char *text)
{
  tc_gui_test_send_box_assert (send_box (f), text);
}

static void
paste (Fixture    *f,
       const char *text)
{
  tc_gui_test_send_box_paste (send_box (f), text);
}

/* Any dialog over the window (a paste used to ask before sending), or NULL. */
static GtkWindow *
find_dialog (Fixture *f)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = g_list_model_get_n_items (toplevels);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (gtk_window_get_transient_for (window) == GTK_WINDOW (f->window))
        return window;
    }

  return NULL;
}

/* Fixture */

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  tc_gui_test_reset_settings (SERVER_APP_ID);
  f->window = g_object_ref (tc_server_window_new (NULL));
  gtk_window_set_default_size (GTK_WINDOW (f->window), 800, 500);
  gtk_window_present (GTK_WINDOW (f->window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->peer, tc_raw_peer_free);
  if (f->window != NULL)
    {
      gtk_window_destroy (GTK_WINDOW (f->window));
      tc_test_drain (context ());
      g_object_unref (f->window);
    }
  tc_gui_test_reset_settings (SERVER_APP_ID);
}

/* Send box: history */

static void
test_history (Fixture       *f,
              gconstpointer  data)
{
  TcSendBox *box = send_box (f);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (tc_send_box_get_view (box));
  GtkTextIter start;

  start_with_peer (f);

  /* Nothing sent yet: Up and Down keep what is typed. */
  tc_gui_test_send_box_type (box, "typed");
  g_assert_true (press_key (f, GDK_KEY_Up, 0));
  assert_entry (f, "typed");
  g_assert_true (press_key (f, GDK_KEY_Down, 0));
  assert_entry (f, "typed");

  type_and_enter (f, "first");
  type_and_enter (f, "second");
  type_and_enter (f, "third");
  TC_WAIT_UNTIL (context (), peer_got (f, "third\n"), WAIT_MS);
  g_assert_cmpstr (f->peer->in->str, ==, "first\nsecond\nthird\n");
  g_assert_cmpuint (tc_send_box_get_history_length (box), ==, 3);
  assert_entry (f, "");

  /* Up walks back, the newest first; the oldest is the end. */
  tc_gui_test_send_box_type (box, "draft");
  g_assert_true (press_key (f, GDK_KEY_Up, 0));
  assert_entry (f, "third");
  g_assert_true (press_key (f, GDK_KEY_Up, 0));
  assert_entry (f, "second");
  g_assert_true (press_key (f, GDK_KEY_KP_Up, 0));
  assert_entry (f, "first");
  g_assert_true (press_key (f, GDK_KEY_Up, 0));
  assert_entry (f, "first");

  /* Down walks forward, and past the newest gives back the draft. */
  g_assert_true (press_key (f, GDK_KEY_Down, 0));
  assert_entry (f, "second");
  g_assert_true (press_key (f, GDK_KEY_Down, 0));
  assert_entry (f, "third");
  g_assert_true (press_key (f, GDK_KEY_KP_Down, 0));
  assert_entry (f, "draft");
  g_assert_true (press_key (f, GDK_KEY_Down, 0));
  assert_entry (f, "draft");

  /* With a modifier the keys are the editor's own, not the history's. */
  g_assert_false (press_key (f, GDK_KEY_Up, GDK_CONTROL_MASK));
  assert_entry (f, "draft");

  /* A line from the history, edited and sent, is a new line in it; the
   * walk starts again from the newest with an empty editor. */
  g_assert_true (press_key (f, GDK_KEY_Up, 0));
  g_assert_true (press_key (f, GDK_KEY_Up, 0));
  assert_entry (f, "second");
  gtk_text_buffer_insert_at_cursor (buffer, " again", -1);
  g_assert_true (press_key (f, GDK_KEY_Return, 0));
  TC_WAIT_UNTIL (context (), peer_got (f, "second again\n"), WAIT_MS);
  g_assert_cmpstr (f->peer->in->str, ==, "first\nsecond\nthird\nsecond again\n");
  g_assert_cmpuint (tc_send_box_get_history_length (box), ==, 4);
  assert_entry (f, "");
  g_assert_true (press_key (f, GDK_KEY_Up, 0));
  assert_entry (f, "second again");
  g_assert_true (press_key (f, GDK_KEY_Down, 0));
  assert_entry (f, "");

  /* The same line twice in a row is remembered once. */
  type_and_enter (f, "second again");
  TC_WAIT_UNTIL (context (), peer_got (f, "second again\nsecond again\n"), WAIT_MS);
  g_assert_cmpuint (tc_send_box_get_history_length (box), ==, 4);

  /* Several lines: Up and Down move between them; only on the first line
   * does Up reach the history, and only on the last does Down. */
  tc_gui_test_send_box_type (box, "upper\nlower");
  g_assert_false (press_key (f, GDK_KEY_Up, 0));
  assert_entry (f, "upper\nlower");
  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_place_cursor (buffer, &start);
  g_assert_false (press_key (f, GDK_KEY_Down, 0));
  g_assert_true (press_key (f, GDK_KEY_Up, 0));
  assert_entry (f, "second again");
  g_assert_true (press_key (f, GDK_KEY_Down, 0));
  assert_entry (f, "upper\nlower");
}

/* Send box: pasting lines */

/* A paste never sends by itself: it waits in the send box, every byte as it
 * was, until Enter sends it whole with one "\n" at the end. */
static void
test_paste_lines (Fixture       *f,
                  gconstpointer  data)
{
  TcSendBox *box = send_box (f);
  TcLogModel *log = tc_server_window_get_log_model (f->window);
  g_autoptr(GString) many = g_string_new (NULL);
  g_autoptr(GString) expected = g_string_new (NULL);

  start_with_peer (f);

  paste (f, "line one\nline two\r\nline three");
  tc_test_drain (context ());
  g_assert_cmpstr (f->peer->in->str, ==, "");
  g_assert_null (find_dialog (f));
  assert_entry (f, "line one\nline two\r\nline three");
  g_assert_false (tc_gui_test_log_has (log, TC_LOG_DIRECTION_SENT, "line one", TRUE));

  g_assert_true (press_key (f, GDK_KEY_Return, 0));
  g_string_append (expected, "line one\nline two\r\nline three\n");
  TC_WAIT_UNTIL (context (), f->peer->in->len >= expected->len, WAIT_MS);
  g_assert_cmpstr (f->peer->in->str, ==, expected->str);
  assert_entry (f, "");
  /* The log shows each line as it went, the "\r" as a visible symbol. */
  TC_WAIT_UNTIL (context (), tc_gui_test_log_has (log, TC_LOG_DIRECTION_SENT, "line three", FALSE),
                 WAIT_MS);
  g_assert_true (tc_gui_test_log_has (log, TC_LOG_DIRECTION_SENT, "line one", FALSE));
  g_assert_true (tc_gui_test_log_has (log, TC_LOG_DIRECTION_SENT, "line two\\r", FALSE));

  /* Pasted after typed text: the typed text starts it. */
  tc_gui_test_send_box_type (box, "pre-");
  paste (f, "four\nfive");
  tc_test_drain (context ());
  g_assert_cmpstr (f->peer->in->str, ==, expected->str);
  assert_entry (f, "pre-four\nfive");
  g_assert_true (press_key (f, GDK_KEY_KP_Enter, 0));
  g_string_append (expected, "pre-four\nfive\n");
  TC_WAIT_UNTIL (context (), f->peer->in->len >= expected->len, WAIT_MS);
  g_assert_cmpstr (f->peer->in->str, ==, expected->str);

  /* Many lines: no question asked, nothing sent until Enter. */
  for (guint i = 1; i <= 40; i++)
    g_string_append_printf (many, "many %02u\n", i);
  paste (f, many->str);
  tc_test_drain (context ());
  g_assert_null (find_dialog (f));
  g_assert_cmpstr (f->peer->in->str, ==, expected->str);
  assert_entry (f, many->str);
  g_assert_true (press_key (f, GDK_KEY_Return, 0));
  /* The text ended with a newline: the terminator still comes once more. */
  g_string_append (expected, many->str);
  g_string_append_c (expected, '\n');
  TC_WAIT_UNTIL (context (), f->peer->in->len >= expected->len, WAIT_MS);
  g_assert_cmpstr (f->peer->in->str, ==, expected->str);
  g_assert_true (tc_send_box_get_can_send (box));
}

/* A paste waiting in the send box when the window goes: no crash, no
 * warning, nothing sent. */
static void
test_paste_then_close (Fixture       *f,
                       gconstpointer  data)
{
  start_with_peer (f);
  paste (f, "one\ntwo\nthree\n");

  /* Only the window list holds the window now, as in the application. */
  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
  g_object_unref (f->window);
  gtk_window_close (GTK_WINDOW (f->window));
  TC_WAIT_UNTIL (context (), f->window == NULL, WAIT_MS);
  TC_WAIT_UNTIL (context (), f->peer->eof, WAIT_MS);
  g_assert_cmpstr (f->peer->in->str, ==, "");
}

/* Clear and Save Log follow the log */

static GtkWidget *
find_button (Fixture    *f,
             const char *action)
{
  GtkWidget *button = tc_gui_test_find_widget (GTK_WIDGET (f->window), GTK_TYPE_BUTTON, action);

  g_assert_nonnull (button);
  return button;
}

static void
assert_log_actions (Fixture  *f,
                    gboolean  enabled)
{
  g_assert_cmpint (action_enabled (f, "clear"), ==, enabled);
  g_assert_cmpint (action_enabled (f, "save-log"), ==, enabled);
  g_assert_cmpint (gtk_widget_get_sensitive (find_button (f, "win.clear")), ==, enabled);
  g_assert_cmpint (gtk_widget_get_sensitive (find_button (f, "win.save-log")), ==, enabled);
}

static void
test_log_actions (Fixture       *f,
                  gconstpointer  data)
{
  TcLogModel *log = tc_server_window_get_log_model (f->window);

  /* A new window: nothing to clear or save. */
  g_assert_cmpuint (n_log_entries (f), ==, 0);
  assert_log_actions (f, FALSE);

  /* The first entry enables both, once it shows. */
  start_on_free_port (f);
  TC_WAIT_UNTIL (context (), action_enabled (f, "clear"), WAIT_MS);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), >, 0);
  assert_log_actions (f, TRUE);

  /* Clear: empty, and both disabled at once. */
  activate (f, "clear");
  g_assert_cmpuint (n_log_entries (f), ==, 0);
  assert_log_actions (f, FALSE);
  /* A disabled Clear does nothing, as its button and key would not. */
  activate (f, "clear");
  assert_log_actions (f, FALSE);

  /* Whatever adds an entry enables them again: here, a client. */
  f->peer = tc_raw_peer_connect (context (), tc_server_get_port (server (f)), 0,
                                 TC_RAW_PEER_READ | TC_RAW_PEER_KEEP_INPUT);
  TC_WAIT_UNTIL (context (), action_enabled (f, "save-log"), WAIT_MS);
  assert_log_actions (f, TRUE);

  /* The log view's own Clear (its context menu) empties it too. */
  tc_log_view_clear (tc_server_window_get_log_view (f->window));
  TC_WAIT_UNTIL (context (), !action_enabled (f, "clear"), WAIT_MS);
  assert_log_actions (f, FALSE);
}

/* How many widgets of @widget's tree bind @accel themselves. */
static guint
count_widget_bindings (GtkWidget          *widget,
                       GtkShortcutTrigger *trigger)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller) ||
          gtk_shortcut_controller_get_scope (GTK_SHORTCUT_CONTROLLER (controller)) !=
          GTK_SHORTCUT_SCOPE_LOCAL)
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

          if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), trigger))
            n++;
        }
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_widget_bindings (child, trigger);

  return n;
}

/* One Clear, whichever way it is reached (the window's button and Ctrl+K,
 * the log's context menu): the same outcome. Ctrl+S is the application's
 * accelerator alone. The status bar's kind of message is a TcStatusKind. */
static void
test_one_clear (Fixture       *f,
                gconstpointer  data)
{
  TcLogView *view = tc_server_window_get_log_view (f->window);
  TcStatusBar *bar = tc_server_window_get_status_bar (f->window);
  g_autoptr(GtkShortcutTrigger) save_key = gtk_shortcut_trigger_parse_string ("<Control>s");
  g_autofree char *message = NULL;
  GParamSpec *pspec;
  TcStatusKind kind;

  start_on_free_port (f);
  TC_WAIT_UNTIL (context (), action_enabled (f, "clear"), WAIT_MS);
  message = g_strdup (tc_gui_test_status_message (bar));
  g_assert_cmpstr (message, !=, "");

  /* The log's own Clear, from its context menu. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "log.clear", NULL));
  g_assert_cmpuint (n_log_entries (f), ==, 0);
  TC_WAIT_UNTIL (context (), !action_enabled (f, "clear"), WAIT_MS);
  g_assert_cmpstr (tc_gui_test_status_message (bar), ==, message);

  /* The window's Clear does the same, no more. */
  f->peer = tc_raw_peer_connect (context (), tc_server_get_port (server (f)), 0,
                                 TC_RAW_PEER_READ | TC_RAW_PEER_KEEP_INPUT);
  TC_WAIT_UNTIL (context (), action_enabled (f, "clear"), WAIT_MS);
  g_free (message);
  message = g_strdup (tc_gui_test_status_message (bar));
  activate (f, "clear");
  g_assert_cmpuint (n_log_entries (f), ==, 0);
  g_assert_false (action_enabled (f, "clear"));
  g_assert_cmpstr (tc_gui_test_status_message (bar), ==, message);

  /* No widget of the window binds Ctrl+S itself. */
  g_assert_cmpuint (count_widget_bindings (GTK_WIDGET (f->window), save_key), ==, 0);

  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (bar), "message-kind");
  g_assert_true (G_IS_PARAM_SPEC_ENUM (pspec));
  g_assert_true (pspec->value_type == TC_TYPE_STATUS_KIND);
  tc_status_bar_set_message (bar, TC_STATUS_ERROR, "wrong");
  g_object_get (bar, "message-kind", &kind, NULL);
  g_assert_cmpint (kind, ==, TC_STATUS_ERROR);
}

/* Accelerators */

static void
test_accels (void)
{
  g_autoptr(TcServerApplication) application = tc_server_application_new ();
  GtkApplication *app = GTK_APPLICATION (application);
  g_autoptr(GError) error = NULL;
  Fixture fixture = { NULL, NULL };
  Fixture *f = &fixture;
  GtkWidget *window;

  tc_gui_test_reset_settings (SERVER_APP_ID);
  g_application_register (G_APPLICATION (application), NULL, &error);
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (application));
  window = GTK_WIDGET (gtk_application_get_active_window (app));
  g_assert_true (TC_IS_SERVER_WINDOW (window));
  f->window = TC_SERVER_WINDOW (window);
  gtk_test_widget_wait_for_draw (window);

  tc_gui_test_assert_accel (app, "win.start", "<Control>l");
  tc_gui_test_assert_accel (app, "win.stop", "<Control><Shift>l");
  tc_gui_test_assert_accel (app, "win.clear", "<Control>k");
  tc_gui_test_assert_accel (app, "win.save-log", "<Control>s");
  tc_gui_test_assert_accel (app, "win.disconnect", "<Control>d");
  tc_gui_test_assert_accel (app, "app.quit", "<Control>q");

  /* Each does its action in the window; a disabled one does nothing. */
  tc_server_window_set_listen_address (f->window, "127.0.0.1", 0);
  g_assert_false (tc_gui_test_activate_accel (window, "<Control><Shift>l"));
  g_assert_true (tc_gui_test_activate_accel (window, "<Control>l"));
  TC_WAIT_UNTIL (context (), tc_server_is_listening (server (f)), WAIT_MS);

  g_assert_true (tc_gui_test_activate_accel (window, "<Control><Shift>l"));
  g_assert_false (tc_server_is_listening (server (f)));
  g_assert_false (tc_gui_test_activate_accel (window, "<Control><Shift>l"));

  TC_WAIT_UNTIL (context (), action_enabled (f, "clear"), WAIT_MS);
  g_assert_true (tc_gui_test_activate_accel (window, "<Control>k"));
  g_assert_cmpuint (n_log_entries (f), ==, 0);
  g_assert_false (tc_gui_test_activate_accel (window, "<Control>k"));

  g_assert_true (tc_gui_test_activate_accel (window, "<Control>q"));
  TC_WAIT_UNTIL (context (), gtk_application_get_windows (app) == NULL, WAIT_MS);
  tc_gui_test_reset_settings (SERVER_APP_ID);
}

/* Address choices */

/* The addresses the menu next to the entry offers, in order. */
static GPtrArray *
address_choices (GtkMenuButton *button)
{
  GMenuModel *menu = gtk_menu_button_get_menu_model (button);
  GPtrArray *addresses = g_ptr_array_new_with_free_func (g_free);

  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char *action = NULL;
      g_autoptr(GVariant) target = NULL;
      char *label = NULL;

      g_assert_true (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_LABEL,
                                                      "s", &label));
      g_assert_true (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION,
                                                      "s", &action));
      g_assert_cmpstr (action, ==, "win.use-address");
      target = g_menu_model_get_item_attribute_value (menu, i, G_MENU_ATTRIBUTE_TARGET,
                                                      G_VARIANT_TYPE_STRING);
      g_assert_cmpstr (g_variant_get_string (target, NULL), ==, label);
      g_ptr_array_add (addresses, label);
    }

  return addresses;
}

static gboolean
has_choice (GPtrArray  *choices,
            const char *address)
{
  for (guint i = 0; i < choices->len; i++)
    if (g_strcmp0 (g_ptr_array_index (choices, i), address) == 0)
      return TRUE;
  return FALSE;
}

static void
choose_address (Fixture    *f,
                const char *address)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.use-address", "s",
                                             address));
}

static void
test_address_choices (Fixture       *f,
                      gconstpointer  data)
{
  GtkEditable *address = tc_server_window_get_address_entry (f->window);
  GtkWidget *button = tc_gui_test_find_widget (GTK_WIDGET (f->window), GTK_TYPE_MENU_BUTTON,
                                               NULL);
  GtkWidget *port = GTK_WIDGET (tc_server_window_get_port_spin (f->window));
  g_autoptr(GPtrArray) choices = NULL;

  /* The primary menu comes later in the window. */
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_ancestor (button, gtk_widget_get_parent (GTK_WIDGET (address))));
  choices = address_choices (GTK_MENU_BUTTON (button));
  g_assert_cmpuint (choices->len, >=, 4);
  g_assert_cmpstr (g_ptr_array_index (choices, 0), ==, "127.0.0.1");
  g_assert_true (has_choice (choices, "::1"));
  g_assert_true (has_choice (choices, "0.0.0.0"));
  g_assert_true (has_choice (choices, "::"));
  /* Each address once. */
  for (guint i = 0; i < choices->len; i++)
    for (guint j = i + 1; j < choices->len; j++)
      g_assert_cmpstr (g_ptr_array_index (choices, i), !=, g_ptr_array_index (choices, j));

  /* The default is in the entry at start (it comes from the settings). */
  g_assert_cmpstr (gtk_editable_get_text (address), ==, "127.0.0.1");
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_true (gtk_widget_is_sensitive (port));

  /* Choosing one puts it in the entry, every time, the same one too. */
  choose_address (f, g_ptr_array_index (choices, 2));
  g_assert_cmpstr (gtk_editable_get_text (address), ==, g_ptr_array_index (choices, 2));
  gtk_editable_set_text (address, "10.");
  choose_address (f, g_ptr_array_index (choices, 2));
  g_assert_cmpstr (gtk_editable_get_text (address), ==, g_ptr_array_index (choices, 2));
  choose_address (f, "127.0.0.1");
  g_assert_cmpstr (gtk_editable_get_text (address), ==, "127.0.0.1");

  /* Locked while listening, free again after Stop. */
  start_on_free_port (f);
  g_assert_false (gtk_widget_is_sensitive (button));
  g_assert_false (action_enabled (f, "use-address"));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (address)));
  g_assert_false (gtk_widget_is_sensitive (port));

  activate (f, "stop");
  g_assert_false (tc_server_is_listening (server (f)));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_true (action_enabled (f, "use-address"));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (address)));
  g_assert_true (gtk_widget_is_sensitive (port));
  g_assert_cmpstr (gtk_editable_get_text (address), ==, "127.0.0.1");
}

/* Client rows */

/* The row whose title is title (a client's address, or "All clients"),
 * or NULL. */
static TcClientRow *
client_row (Fixture    *f,
            const char *title)
{
  return tc_gui_test_find_client_row (GTK_WIDGET (tc_server_window_get_clients_view (f->window)),
                                      title);
}

static gboolean
row_shows (Fixture    *f,
           const char *peer,
           const char *counters)
{
  TcClientRow *row = client_row (f, peer);

  return row != NULL && g_strcmp0 (tc_client_row_get_counters (row), counters) == 0;
}

static void
test_client_row (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *peer = NULL;
  const char *counters = "In 2 lines, 11 B · Out 1 line, 6 B";
  g_autofree char *tooltip = NULL;
  g_autofree char *expected = NULL;
  TcClientRow *row, *all;

  start_with_peer (f);
  local = g_socket_get_local_address (f->peer->socket, &error);
  g_assert_no_error (error);
  peer = g_strdup_printf ("127.0.0.1:%u",
                          g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local)));

  tc_raw_peer_send_all (f->peer, "alpha\nbeta\n", 11, WAIT_MS);
  TC_WAIT_UNTIL (context (),
                 tc_gui_test_log_has (tc_server_window_get_log_model (f->window),
                                      TC_LOG_DIRECTION_RECEIVED, "beta", FALSE),
                 WAIT_MS);
  type_and_enter (f, "gamma");
  TC_WAIT_UNTIL (context (), peer_got (f, "gamma\n"), WAIT_MS);

  /* The counters follow within a refresh. */
  TC_WAIT_UNTIL (context (), row_shows (f, peer, counters), WAIT_MS);
  row = client_row (f, peer);
  g_assert_cmpstr (tc_client_row_get_title (row), ==, peer);
  g_assert_true (g_regex_match_simple ("^Connected since [0-9]{2}:[0-9]{2}:[0-9]{2}$",
                                       tc_client_row_get_detail (row), 0, 0));
  g_assert_cmpstr (tc_client_row_get_counters (row), ==, counters);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (row)));
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (row)), >, 0);

  /* The tooltip, made when asked for, says all of it at once. */
  g_assert_true (gtk_widget_get_has_tooltip (GTK_WIDGET (row)));
  tooltip = tc_client_row_dup_tooltip_text (row);
  expected = g_strdup_printf ("%s\n%s\n%s", peer, tc_client_row_get_detail (row), counters);
  g_assert_cmpstr (tooltip, ==, expected);

  /* The "All clients" row counts the client. */
  all = client_row (f, "All clients");
  g_assert_nonnull (all);
  g_assert_cmpstr (tc_client_row_get_detail (all), ==, "1 client connected");
  g_assert_null (tc_client_row_get_counters (all));
  /* A client's row has room for its third line, the counters. */
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (row)), >,
                   gtk_widget_get_height (GTK_WIDGET (all)));
  g_clear_pointer (&tooltip, g_free);
  tooltip = tc_client_row_dup_tooltip_text (all);
  g_assert_cmpstr (tooltip, ==, "Send to every connected client");
}

static const char *
send_target (Fixture *f)
{
  GtkWidget *pane = gtk_widget_get_ancestor (GTK_WIDGET (send_box (f)), TC_TYPE_SESSION_PANE);

  return tc_session_pane_get_target (TC_SESSION_PANE (pane));
}

/* Who a line goes to, Disconnect and the socket segment follow the client
 * picked in the list, and go back to all when that client leaves. */
static void
test_send_target (Fixture       *f,
                  gconstpointer  data)
{
  GtkSingleSelection *clients = tc_server_window_get_clients_selection (f->window);
  TcStatusBar *status_bar = tc_server_window_get_status_bar (f->window);
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *to_peer = NULL;

  start_with_peer (f);
  local = g_socket_get_local_address (f->peer->socket, &error);
  g_assert_no_error (error);
  to_peer = g_strdup_printf ("To: 127.0.0.1:%u",
                             g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local)));
  g_assert_cmpstr (send_target (f), ==, "To: all clients");
  g_assert_false (action_enabled (f, "disconnect"));

  TC_WAIT_UNTIL (context (), g_list_model_get_n_items (G_LIST_MODEL (clients)) == 2, WAIT_MS);
  gtk_single_selection_set_selected (clients, 1);
  g_assert_cmpstr (send_target (f), ==, to_peer);
  g_assert_true (action_enabled (f, "disconnect"));
  /* The socket cell says whose socket it shows. */
  {
    g_autofree char *socket = g_strdup_printf ("Client %s: ConnectedState", to_peer + 4);

    g_assert_cmpstr (tc_status_bar_get_segment (status_bar, "socket"), ==, socket);
  }

  tc_raw_peer_close (f->peer);
  TC_WAIT_UNTIL (context (), tc_server_get_n_clients (server (f)) == 0, WAIT_MS);
  g_assert_cmpstr (send_target (f), ==, "To: all clients");
  g_assert_false (action_enabled (f, "disconnect"));
  g_assert_cmpstr (tc_status_bar_get_segment (status_bar, "socket"), ==,
                   "Listener: ListeningState");
  g_assert_false (tc_send_box_get_can_send (send_box (f)));
}

#define ADD(path, func) \
  g_test_add ("/server-actions/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

int
main (int   argc,
      char *argv[])
{
  tc_gui_test_init (&argc, &argv);
  if (!tc_gui_test_init_gtk ("/server-actions/display"))
    return g_test_run ();

  ADD ("history", test_history);
  ADD ("paste-lines", test_paste_lines);
  ADD ("paste-then-close", test_paste_then_close);
  ADD ("log-actions", test_log_actions);
  ADD ("one-clear", test_one_clear);
  ADD ("address-choices", test_address_choices);
  ADD ("client-row", test_client_row);
  ADD ("send-target", test_send_target);
  g_test_add_func ("/server-actions/accels", test_accels);

  return g_test_run ();
}
