/* test-saved-messages.c: saved messages added from the send box, sent by key and click, edited,
 * kept across runs, in both windows, over real sockets
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "tc-client-window.h"
#include "tc-gui-test-client.h"
#include "tc-gui-test-server.h"
#include "tc-gui-test-util.h"
#include "tc-saved-messages-panel.h"
#include "tc-server-window.h"
#include "tc-session-pane.h"
#include "tc-test-util.h"

#define WAIT_MS 10000

typedef struct
{
  TcServerWindow       *window;
  TcSendBox            *send_box;
  TcSavedMessagesPanel *panel;
  TcRawPeer            *peer;
  char                 *path;
  TcSavedMessages      *model;  /* weak: gone with the last window */
} Fixture;

static GMainContext *
context (void)
{
  return g_main_context_default ();
}

static TcSavedMessagesPanel *
find_panel (GtkWidget *window)
{
  GtkWidget *panel = tc_gui_test_find_widget (window, TC_TYPE_SAVED_MESSAGES_PANEL, NULL);

  g_assert_nonnull (panel);
  return TC_SAVED_MESSAGES_PANEL (panel);
}

/* Saves the popover as a PNG in $TCPCHAT_TEST_SCREENSHOT_DIR, when set:
 * it is a surface of its own, shown first. */
static void
save_popover_screenshot (GtkPopover *popover,
                         const char *name)
{
  if (g_getenv ("TCPCHAT_TEST_SCREENSHOT_DIR") == NULL)
    return;
  gtk_popover_popup (popover);
  TC_WAIT_UNTIL (context (), gtk_widget_get_mapped (GTK_WIDGET (popover)), WAIT_MS);
  tc_gui_test_save_screenshot (GTK_WIDGET (popover), name);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->path = tc_saved_messages_default_path ();
  g_unlink (f->path);

  f->window = tc_gui_test_server_window_new ();
  f->send_box = tc_server_window_get_send_box (f->window);
  f->panel = find_panel (GTK_WIDGET (f->window));
  f->model = tc_saved_messages_panel_get_model (f->panel);
  g_object_add_weak_pointer (G_OBJECT (f->model), (gpointer *) &f->model);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));

  f->peer = tc_gui_test_server_window_serve (f->window);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  tc_gui_test_server_window_close (&f->window, &f->peer);
  g_assert_null (f->model);
  g_unlink (f->path);
  g_free (f->path);
}

static void
activate (Fixture    *f,
          const char *action,
          GVariant   *parameter)
{
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (f->window), action + 4));
  g_action_group_activate_action (G_ACTION_GROUP (f->window), action + 4, parameter);
}

/* The form's name entry, which has the keyboard once the form shows. */
static GtkWidget *
form_entry (Fixture *f)
{
  GtkPopover *popover = tc_saved_messages_panel_get_popover (f->panel);
  GtkWidget *entry = tc_gui_test_find_widget (GTK_WIDGET (popover), GTK_TYPE_ENTRY, NULL);

  TC_WAIT_UNTIL (context (), gtk_widget_get_mapped (GTK_WIDGET (popover)), WAIT_MS);
  g_assert_nonnull (entry);
  g_assert_true (gtk_widget_has_focus (gtk_widget_get_first_child (entry)));
  return entry;
}

/* The form's encoding chooser: the last of the row its input mode starts. */
static const char *
form_encoding (Fixture *f)
{
  GtkPopover *popover = tc_saved_messages_panel_get_popover (f->panel);
  GtkWidget *mode = tc_gui_test_find_widget (GTK_WIDGET (popover), GTK_TYPE_DROP_DOWN, NULL);
  GtkWidget *encoding = gtk_widget_get_last_child (gtk_widget_get_parent (mode));
  GObject *item = gtk_drop_down_get_selected_item (GTK_DROP_DOWN (encoding));

  g_assert_true (GTK_IS_STRING_OBJECT (item));
  return gtk_string_object_get_string (GTK_STRING_OBJECT (item));
}

/* The form opened by Add Current, named and kept with Enter. */
static void
add_current (Fixture    *f,
             const char *name)
{
  GtkWidget *entry;

  activate (f, "win.saved-add-current", NULL);
  entry = form_entry (f);
  gtk_editable_set_text (GTK_EDITABLE (entry), name);
  /* Enter in the name keeps it. */
  g_signal_emit_by_name (gtk_widget_get_first_child (entry), "activate");
  tc_test_drain (context ());
}

/* What the peer received since the last call. */
static char *
take_input (Fixture *f)
{
  char *text = g_strndup (f->peer->in->str, f->peer->in->len);

  g_string_truncate (f->peer->in, 0);
  return text;
}

static char *
file_contents (Fixture *f)
{
  g_autofree char *text = NULL;

  g_assert_true (g_file_get_contents (f->path, &text, NULL, NULL));
  return g_steal_pointer (&text);
}

/* A window closed with its list open lets the list go (the teardown
 * checks): a shown popover would otherwise keep it. */
static void
test_close_while_open (Fixture       *f,
                       gconstpointer  data)
{
  GtkPopover *popover = tc_saved_messages_panel_get_popover (f->panel);

  gtk_popover_popup (popover);
  TC_WAIT_UNTIL (context (), gtk_widget_get_mapped (GTK_WIDGET (popover)), WAIT_MS);
}

/* Add Current takes the text with its mode and line ending; Ctrl+1 sends
 * it as it was saved, whatever the send box holds now, and the send box's
 * own line ending is back for what is typed next. Kept in the user's
 * config at once. */
static void
test_add_and_send (Fixture       *f,
                   gconstpointer  data)
{
  TcSavedMessages *model = tc_saved_messages_panel_get_model (f->panel);
  GtkPopover *popover = tc_saved_messages_panel_get_popover (f->panel);
  g_autofree char *contents = NULL;
  g_autofree char *got = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  save_popover_screenshot (popover, "saved-empty.png");

  tc_send_box_set_input_mode (f->send_box, TC_SEND_MODE_HEX);
  tc_send_box_set_line_ending (f->send_box, TC_LINE_ENDING_CRLF);
  tc_gui_test_send_box_type (f->send_box, "48 69");
  add_current (f, "greeting");
  g_assert_null (tc_saved_messages_panel_get_status (f->panel));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  save_popover_screenshot (popover, "saved-list.png");
  gtk_popover_popdown (popover);
  tc_gui_test_save_screenshot (GTK_WIDGET (f->window), "saved-window.png");

  contents = file_contents (f);
  g_assert_nonnull (strstr (contents, "[message greeting]\ntext=48 69\nmode=hex\n"
                                      "line-ending=crlf\n"));

  tc_send_box_set_input_mode (f->send_box, TC_SEND_MODE_TEXT);
  tc_send_box_set_line_ending (f->send_box, TC_LINE_ENDING_LF);
  tc_send_box_set_text (f->send_box, "");
  g_assert_true (tc_gui_test_activate_accel (GTK_WIDGET (f->window), "<Control>1"));
  TC_WAIT_UNTIL (context (), f->peer->in->len >= 4, WAIT_MS);
  got = take_input (f);
  g_assert_cmpstr (got, ==, "Hi\r\n");
  TC_WAIT_UNTIL (context (), tc_gui_test_log_has (tc_server_window_get_log_model (f->window),
                                                  TC_LOG_DIRECTION_SENT, "Hi", TRUE), WAIT_MS);

  g_clear_pointer (&got, g_free);
  tc_gui_test_send_box_enter (f->send_box, "typed");
  TC_WAIT_UNTIL (context (), f->peer->in->len >= 6, WAIT_MS);
  got = take_input (f);
  g_assert_cmpstr (got, ==, "typed\n");

  /* A click on the row sends it too. */
  g_clear_pointer (&got, g_free);
  {
    GtkWidget *list_box = tc_gui_test_find_widget (GTK_WIDGET (popover), GTK_TYPE_LIST_BOX,
                                                   NULL);
    GtkListBoxRow *row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (list_box), 0);

    g_assert_nonnull (tc_gui_test_find_widget (GTK_WIDGET (row), GTK_TYPE_LABEL, "Ctrl+1"));
    g_signal_emit_by_name (list_box, "row-activated", row);
  }
  TC_WAIT_UNTIL (context (), f->peer->in->len >= 4, WAIT_MS);
  got = take_input (f);
  g_assert_cmpstr (got, ==, "Hi\r\n");

  /* Ctrl+2: nothing there; said, nothing sent. */
  g_assert_true (tc_gui_test_activate_accel (GTK_WIDGET (f->window), "<Control>2"));
  g_assert_cmpstr (tc_saved_messages_panel_get_status (f->panel), ==,
                   "There is no saved message 2");
}

/* Edit, reorder and delete through the row actions; each change is in
 * the file, which a new window reads back. A taken name is refused in
 * the form, with its reason. */
static void
test_edit_and_persist (Fixture       *f,
                       gconstpointer  data)
{
  TcSavedMessages *model = tc_saved_messages_panel_get_model (f->panel);
  g_autoptr(TcSavedMessages) back = tc_saved_messages_new ();
  g_autoptr(GError) error = NULL;
  TcServerWindow *second;
  GtkWidget *entry;
  g_autofree char *got = NULL;

  tc_gui_test_send_box_type (f->send_box, "one");
  add_current (f, "first");
  tc_send_box_set_text (f->send_box, "two\\x21");
  tc_send_box_set_input_mode (f->send_box, TC_SEND_MODE_ESCAPES);
  add_current (f, "second");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2);

  /* A second Add Current of the same text: the name offered is free. */
  activate (f, "win.saved-add-current", NULL);
  entry = form_entry (f);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "two\\x21");
  gtk_editable_set_text (GTK_EDITABLE (entry), "first");
  activate (f, "win.saved-save", NULL);
  g_assert_cmpstr (tc_saved_messages_panel_get_status (f->panel), ==,
                   "There is already a saved message named “first”");
  save_popover_screenshot (tc_saved_messages_panel_get_popover (f->panel), "saved-form.png");
  activate (f, "win.saved-cancel", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2);

  /* Edit "second": rename it. Its encoding is the send box's it was added with. */
  activate (f, "win.saved-edit", g_variant_new_uint32 (1));
  entry = form_entry (f);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "second");
  g_assert_cmpstr (form_encoding (f), ==, "UTF-8");
  gtk_editable_set_text (GTK_EDITABLE (entry), "bang");
  activate (f, "win.saved-save", NULL);
  g_assert_null (tc_saved_messages_panel_get_status (f->panel));

  activate (f, "win.saved-move-up", g_variant_new_uint32 (1));
  g_assert_cmpstr (tc_saved_message_get_name (tc_saved_messages_get (model, 0)), ==, "bang");

  /* Ctrl+1 is now "bang", in escapes. */
  tc_send_box_set_input_mode (f->send_box, TC_SEND_MODE_TEXT);
  g_assert_true (tc_gui_test_activate_accel (GTK_WIDGET (f->window), "<Control>1"));
  TC_WAIT_UNTIL (context (), f->peer->in->len >= 5, WAIT_MS);
  got = take_input (f);
  g_assert_cmpstr (got, ==, "two!\n");

  activate (f, "win.saved-delete", g_variant_new_uint32 (1));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);

  g_assert_true (tc_saved_messages_load_from_file (back, f->path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (back)), ==, 1);
  g_assert_cmpstr (tc_saved_message_get_name (tc_saved_messages_get (back, 0)), ==, "bang");
  g_assert_cmpint (tc_saved_message_get_mode (tc_saved_messages_get (back, 0)), ==,
                   TC_INPUT_MODE_ESCAPES);

  /* Another window shows the same list. */
  second = g_object_ref (tc_server_window_new (NULL));
  g_assert_true (tc_saved_messages_panel_get_model (find_panel (GTK_WIDGET (second))) == model);
  gtk_window_destroy (GTK_WINDOW (second));
  tc_test_assert_finalized (context (), second);
}

/* Import replaces the list with a --messages file; a bad one changes
 * nothing and says what is wrong; export writes one back. */
static void
test_import_export (Fixture       *f,
                    gconstpointer  data)
{
  static const char good[] = "[message poll]\ntext=01 03\nmode=hex\nline-ending=none\n";
  TcSavedMessages *model = tc_saved_messages_panel_get_model (f->panel);
  g_autofree char *dir = g_dir_make_tmp ("tcpchat-saved-XXXXXX", NULL);
  g_autofree char *good_path = g_build_filename (dir, "good.ini", NULL);
  g_autofree char *bad_path = g_build_filename (dir, "bad.ini", NULL);
  g_autofree char *out_path = g_build_filename (dir, "out.ini", NULL);
  g_autoptr(GFile) good_file = g_file_new_for_path (good_path);
  g_autoptr(GFile) bad_file = g_file_new_for_path (bad_path);
  g_autoptr(GFile) out_file = g_file_new_for_path (out_path);
  g_autoptr(GError) error = NULL;
  g_autofree char *exported = NULL;
  g_autofree char *got = NULL;

  g_assert_true (g_file_set_contents (good_path, good, -1, NULL));
  g_assert_true (g_file_set_contents (bad_path, "[message x]\nmode=hex\ntext=zz\n", -1, NULL));

  tc_gui_test_send_box_type (f->send_box, "kept");
  add_current (f, "kept");

  g_assert_false (tc_saved_messages_panel_import_file (f->panel, bad_file, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "bad.ini: Message “x”: "));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  g_clear_error (&error);

  g_assert_true (tc_saved_messages_panel_import_file (f->panel, good_file, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  g_assert_cmpint (tc_saved_messages_find (model, "poll"), ==, 0);

  g_assert_true (tc_gui_test_activate_accel (GTK_WIDGET (f->window), "<Control>1"));
  TC_WAIT_UNTIL (context (), f->peer->in->len >= 2, WAIT_MS);
  got = take_input (f);
  g_assert_cmpmem (got, 2, "\x01\x03", 2);

  g_assert_true (tc_saved_messages_panel_export_file (f->panel, out_file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (out_path, &exported, NULL, NULL));
  g_assert_cmpstr (exported, ==, good);

  g_unlink (good_path);
  g_unlink (bad_path);
  g_unlink (out_path);
  g_rmdir (dir);
}

/* The client window has the same panel: Ctrl+1 there goes to its server,
 * and while not connected it says why nothing went. */
static void
test_client_window (void)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(TcSavedMessage) message = NULL;
  g_autofree char *path = tc_saved_messages_default_path ();
  TcServer *server = tc_gui_test_server_start ("127.0.0.1", 0, lines, &error);
  TcClientWindow *window;
  TcSavedMessagesPanel *panel;

  g_assert_no_error (error);
  g_unlink (path);
  window = tc_gui_test_client_window_new ();
  panel = find_panel (GTK_WIDGET (window));

  message = tc_saved_message_new ("hello", "hello from a key", TC_INPUT_MODE_TEXT,
                                  TC_LINE_ENDING_LF, NULL);
  g_assert_true (tc_saved_messages_add (tc_saved_messages_panel_get_model (panel), message,
                                        NULL));

  g_assert_true (tc_gui_test_activate_accel (GTK_WIDGET (window), "<Control>1"));
  g_assert_nonnull (strstr (tc_saved_messages_panel_get_status (panel), "Not connected"));

  tc_gui_test_client_window_connect (window, server);

  g_assert_true (tc_gui_test_activate_accel (GTK_WIDGET (window), "<Control>1"));
  TC_WAIT_UNTIL (context (), tc_gui_test_lines_have (lines, "hello from a key"), WAIT_MS);
  g_assert_null (tc_saved_messages_panel_get_status (panel));

  tc_gui_test_client_window_close (window);
  tc_gui_test_server_stop (&server);
  g_unlink (path);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *config = g_dir_make_tmp ("tcpchat-config-XXXXXX", NULL);
  g_autofree char *tcpchat_dir = g_build_filename (config, "tcpchat", NULL);
  int status;

  /* Before GLib reads it: the saved messages go to a folder of the test's. */
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  tc_gui_test_init (&argc, &argv);
  if (!tc_gui_test_init_gtk ("/saved-messages/display"))
    return g_test_run ();

#define ADD(name, func) \
  g_test_add ("/saved-messages/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("close-while-open", test_close_while_open);
  ADD ("add-and-send", test_add_and_send);
  ADD ("edit-and-persist", test_edit_and_persist);
  ADD ("import-export", test_import_export);
  g_test_add_func ("/saved-messages/client-window", test_client_window);

  status = g_test_run ();
  g_rmdir (tcpchat_dir);
  g_rmdir (config);
  return status;
}
