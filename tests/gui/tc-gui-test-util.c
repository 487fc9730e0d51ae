/* tc-gui-test-util.c: start-up, log, settings and widget helpers for the window tests
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-gui-test-util.h"

#include "tc-log-row.h"
#include "tc-server.h"
#include "tc-settings.h"
#include "tc-test-util.h"

#include <string.h>

/* Deterministic drawing, and no accessibility bus: the window tests do not
 * need one, and a stale one makes GTK critical. The caller may override
 * each of these from the environment.
 */
void
tc_gui_test_init (int    *argc,
                  char ***argv)
{
  g_setenv ("GDK_BACKEND", "x11", FALSE);
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("GTK_A11Y", "none", FALSE);

  g_test_init (argc, argv, NULL);
}

/* A test that cannot run here for want of @what: a failure in CI, where
 * everything the tests need is installed, and a skip elsewhere.
 */
void
tc_gui_test_missing (const char *what)
{
  if (g_strcmp0 (g_getenv ("CI"), "true") == 0)
    g_test_fail_printf ("%s (CI must provide it)", what);
  else
    g_test_skip (what);
}

static void
test_no_display (void)
{
  tc_gui_test_missing ("No display: run under xvfb-run");
}

/* Opens the display in the C locale, so the windows speak the language the
 * tests compare against. Without a display, adds @no_display_path as the one
 * test, failing in CI and skipped elsewhere, and returns FALSE.
 */
gboolean
tc_gui_test_init_gtk (const char *no_display_path)
{
  gtk_disable_setlocale ();
  if (gtk_init_check ())
    return TRUE;

  g_test_add_func (no_display_path, test_no_display);
  return FALSE;
}

/* What was appended so far, without waiting for the next frame. */
guint
tc_gui_test_log_n_entries (TcLogModel *log)
{
  tc_log_model_flush (log);
  return g_list_model_get_n_items (G_LIST_MODEL (log));
}

/* Whether @log holds an entry of @direction whose text is @text (exact)
 * or, when @contains is TRUE, contains it.
 */
gboolean
tc_gui_test_log_has (TcLogModel     *log,
                     TcLogDirection  direction,
                     const char     *text,
                     gboolean        contains)
{
  guint n = tc_gui_test_log_n_entries (log);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TcLogEntry) entry = g_list_model_get_item (G_LIST_MODEL (log), i);
      g_autofree char *entry_text = tc_log_entry_dup_text (entry);

      if (tc_log_entry_get_direction (entry) != direction)
        continue;
      if (contains ? strstr (entry_text, text) != NULL : g_strcmp0 (entry_text, text) == 0)
        return TRUE;
    }

  return FALSE;
}

/* The status bar's message, "" when there is none. */
const char *
tc_gui_test_status_message (TcStatusBar *bar)
{
  const char *message = tc_status_bar_get_message (bar);

  return message != NULL ? message : "";
}

/* Puts every key of @schema_id back to its default: the memory backend
 * keeps changes for the life of the process. Returns FALSE when the schema
 * is not installed.
 */
gboolean
tc_gui_test_reset_settings (const char *schema_id)
{
  g_autoptr(GSettings) settings = tc_settings_new (schema_id);
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  if (settings == NULL)
    return FALSE;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);
  g_settings_sync ();

  return TRUE;
}

/* Servers and clients the windows talk to */

static void
record_line_cb (TcServer     *server,
                TcConnection *connection,
                TcMessage       *line,
                GPtrArray    *lines)
{
  g_ptr_array_add (lines, g_strndup (line->data, line->len));
}

/* A server on @address:@port (0: any) that keeps a copy of each line it
 * receives in @lines (of char *), when given; NULL when it cannot listen.
 */
TcServer *
tc_gui_test_server_start (const char  *address,
                          guint16      port,
                          GPtrArray   *lines,
                          GError     **error)
{
  g_autoptr(TcServer) server = tc_server_new ();

  if (!tc_server_listen (server, address, port, error))
    return NULL;
  if (lines != NULL)
    g_signal_connect (server, "line-received", G_CALLBACK (record_line_cb), lines);

  return g_steal_pointer (&server);
}

/* Stops and drops *@server, if any, once what it had pending has run. */
void
tc_gui_test_server_stop (TcServer **server)
{
  if (*server == NULL)
    return;

  /* No line is recorded once the test lets go of the server. */
  g_signal_handlers_disconnect_matched (*server, G_SIGNAL_MATCH_ID,
                                        g_signal_lookup ("line-received", TC_TYPE_SERVER),
                                        0, NULL, NULL, NULL);
  tc_server_stop (*server);
  tc_test_drain (NULL);
  g_clear_object (server);
}

gboolean
tc_gui_test_lines_have (GPtrArray  *lines,
                        const char *line)
{
  for (guint i = 0; i < lines->len; i++)
    if (g_strcmp0 (g_ptr_array_index (lines, i), line) == 0)
      return TRUE;

  return FALSE;
}

static void
record_state_cb (TcClient   *client,
                 GParamSpec *pspec,
                 GArray     *states)
{
  TcSocketState state = tc_client_get_state (client);

  g_array_append_val (states, state);
}

/* Appends each state @client goes through to @states (of TcSocketState);
 * disconnect by @states before freeing it.
 */
void
tc_gui_test_record_states (TcClient *client,
                           GArray   *states)
{
  g_signal_connect (client, "notify::state", G_CALLBACK (record_state_cb), states);
}

guint
tc_gui_test_count_states (GArray        *states,
                          TcSocketState  state)
{
  guint n = 0;

  for (guint i = 0; i < states->len; i++)
    if (g_array_index (states, TcSocketState, i) == state)
      n++;

  return n;
}

/* The first widget under @widget (itself included) of @type whose label
 * (button, check button or label) or action is @text, or the first of that
 * type when @text is NULL.
 */
GtkWidget *
tc_gui_test_find_widget (GtkWidget  *widget,
                         GType       type,
                         const char *text)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    {
      const char *label = NULL;
      const char *action = NULL;

      if (GTK_IS_BUTTON (widget))
        label = gtk_button_get_label (GTK_BUTTON (widget));
      else if (GTK_IS_CHECK_BUTTON (widget))
        label = gtk_check_button_get_label (GTK_CHECK_BUTTON (widget));
      else if (GTK_IS_LABEL (widget))
        label = gtk_label_get_label (GTK_LABEL (widget));
      if (GTK_IS_ACTIONABLE (widget))
        action = gtk_actionable_get_action_name (GTK_ACTIONABLE (widget));

      if (text == NULL || g_strcmp0 (label, text) == 0 || g_strcmp0 (action, text) == 0)
        return widget;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = tc_gui_test_find_widget (child, type, text);

      if (found != NULL)
        return found;
    }

  return NULL;
}

typedef struct
{
  GtkWidget     *native;
  GskRenderNode *node;
} Capture;

/* Right after a paint, the widget keeps what it drew; between frames a
 * queued redraw has dropped it and a snapshot is empty. Until a paint
 * leaves something, ask for another. */
static void
capture_after_paint (GdkFrameClock *clock,
                     Capture       *capture)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;

  if (capture->node != NULL)
    return;

  paintable = gtk_widget_paintable_new (capture->native);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot,
                          gtk_widget_get_width (capture->native),
                          gtk_widget_get_height (capture->native));
  capture->node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (capture->node == NULL)
    gtk_widget_queue_draw (capture->native);
}

/* Saves @native (a window, or a popover) as the PNG @name in
 * $TCPCHAT_TEST_SCREENSHOT_DIR, once shown, as drawn at the next frame;
 * does nothing when unset. */
void
tc_gui_test_save_screenshot (GtkWidget  *native,
                             const char *name)
{
  const char *dir = g_getenv ("TCPCHAT_TEST_SCREENSHOT_DIR");
  Capture capture = { native, NULL };
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  GdkFrameClock *clock;
  gulong handler;

  if (dir == NULL)
    return;

  TC_WAIT_UNTIL (NULL, gtk_widget_get_mapped (native), 10000);
  clock = gtk_widget_get_frame_clock (native);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (capture_after_paint), &capture);
  gtk_widget_queue_draw (native);
  TC_WAIT_UNTIL (NULL, capture.node != NULL, 10000);
  g_signal_handler_disconnect (clock, handler);

  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (native)),
                                         capture.node,
                                         &GRAPHENE_RECT_INIT (0, 0,
                                                              gtk_widget_get_width (native),
                                                              gtk_widget_get_height (native)));
  gsk_render_node_unref (capture.node);
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

/* A port where nothing listens: listen on any free port, then stop. */
guint16
tc_gui_test_closed_port (void)
{
  g_autoptr(TcServer) server = tc_server_new ();
  g_autoptr(GError) error = NULL;
  guint16 port;

  tc_server_listen (server, "127.0.0.1", 0, &error);
  g_assert_no_error (error);
  port = tc_server_get_port (server);
  tc_server_stop (server);
  tc_test_drain (g_main_context_default ());

  return port;
}

/* An action with several accelerators has them in alternative triggers. */
static gboolean
trigger_matches (GtkShortcutTrigger *trigger,
                 GtkShortcutTrigger *wanted)
{
  if (GTK_IS_ALTERNATIVE_TRIGGER (trigger))
    return trigger_matches (gtk_alternative_trigger_get_first (GTK_ALTERNATIVE_TRIGGER (trigger)),
                            wanted) ||
           trigger_matches (gtk_alternative_trigger_get_second (GTK_ALTERNATIVE_TRIGGER (trigger)),
                            wanted);

  return gtk_shortcut_trigger_equal (trigger, wanted);
}

/* Does what pressing @accel (as "<Control>l") does in @widget, a window:
 * finds the shortcut with that trigger among the window's shortcut
 * controllers, where GtkApplication puts its accelerators, and activates
 * it as the controller would for the key press. GTK 4 has no in-process
 * way to send a key event. Returns FALSE when no shortcut has that trigger
 * or its action is disabled, as a key press would then do nothing.
 */
gboolean
tc_gui_test_activate_accel (GtkWidget  *widget,
                            const char *accel)
{
  g_autoptr(GtkShortcutTrigger) wanted = gtk_shortcut_trigger_parse_string (accel);
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  guint n = g_list_model_get_n_items (controllers);

  g_assert_nonnull (wanted);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);
      guint n_shortcuts;

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      n_shortcuts = g_list_model_get_n_items (G_LIST_MODEL (controller));
      for (guint j = 0; j < n_shortcuts; j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

          if (trigger_matches (gtk_shortcut_get_trigger (shortcut), wanted))
            return gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut),
                                                 GTK_SHORTCUT_ACTION_EXCLUSIVE, widget,
                                                 gtk_shortcut_get_arguments (shortcut));
        }
    }

  return FALSE;
}

/* Fails the test unless @accel (as "<Control>l") is among the accelerators
 * of @action (as "win.start") in @application. */
void
tc_gui_test_assert_accel (GtkApplication *application,
                          const char     *action,
                          const char     *accel)
{
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (application, action);
  GdkModifierType wanted_mods;
  guint wanted_key;

  g_assert_true (gtk_accelerator_parse (accel, &wanted_key, &wanted_mods));
  for (guint i = 0; accels != NULL && accels[i] != NULL; i++)
    {
      GdkModifierType mods;
      guint key;

      /* Compared parsed: GTK writes the modifiers in its own order. */
      if (gtk_accelerator_parse (accels[i], &key, &mods) && key == wanted_key && mods == wanted_mods)
        return;
    }
  g_error ("%s: %s is not among its accelerators", action, accel);
}

/* Activates the window action "win.@action", as its button or menu item
 * would; fails the test if the window has no such action. */
void
tc_gui_test_activate_win_action (GtkWidget  *window,
                                 const char *action)
{
  g_autofree char *name = g_strconcat ("win.", action, NULL);

  g_assert_true (gtk_widget_activate_action (window, name, NULL));
}

/* Whether the window action @action (without "win.") is enabled. */
gboolean
tc_gui_test_win_action_enabled (GtkWidget  *window,
                                const char *action)
{
  return g_action_group_get_action_enabled (G_ACTION_GROUP (window), action);
}

/* Whether the button bound to @action_name (as "win.connect") in @widget
 * can be clicked; fails the test if there is no such button. */
gboolean
tc_gui_test_button_sensitive (GtkWidget  *widget,
                              const char *action_name)
{
  GtkWidget *button = tc_gui_test_find_widget (widget, GTK_TYPE_BUTTON, action_name);

  g_assert_nonnull (button);
  return gtk_widget_get_sensitive (button);
}

/* Send box: driven as a person does, through its editor's key handling
 * (the capture-phase key controller the send box puts on it gets each press
 * as GTK would deliver it) and the clipboard. */

gboolean
tc_gui_test_send_box_key (TcSendBox       *box,
                          guint            keyval,
                          GdkModifierType  state)
{
  GtkWidget *view = GTK_WIDGET (tc_send_box_get_view (box));
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (view);
  guint n = g_list_model_get_n_items (controllers);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);
      gboolean handled = FALSE;

      if (!GTK_IS_EVENT_CONTROLLER_KEY (controller) ||
          gtk_event_controller_get_propagation_phase (controller) != GTK_PHASE_CAPTURE)
        continue;

      g_signal_emit_by_name (controller, "key-pressed", keyval, 0, state, &handled);
      return handled;
    }

  g_assert_not_reached ();
}

/* Replaces the text, cursor at the end, as typing it would. */
void
tc_gui_test_send_box_type (TcSendBox  *box,
                           const char *text)
{
  tc_send_box_set_text (box, text);
}

/* Types text and presses Enter. */
void
tc_gui_test_send_box_enter (TcSendBox  *box,
                            const char *text)
{
  tc_gui_test_send_box_type (box, text);
  g_assert_true (tc_gui_test_send_box_key (box, GDK_KEY_Return, 0));
}

static gsize
send_box_text_len (TcSendBox *box)
{
  g_autofree char *text = tc_send_box_dup_text (box);

  return strlen (text);
}

/* Pastes text at the cursor through the clipboard, as Ctrl+V does; returns
 * once it has landed (the clipboard is read a main-loop pass later). */
void
tc_gui_test_send_box_paste (TcSendBox  *box,
                            const char *text)
{
  GtkWidget *view = GTK_WIDGET (tc_send_box_get_view (box));
  gsize expected = send_box_text_len (box) + strlen (text);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (view), text);
  g_assert_true (gtk_widget_activate_action (view, "clipboard.paste", NULL));
  TC_WAIT_UNTIL (NULL, send_box_text_len (box) >= expected, 10000);
}

/* The text is this, the cursor at its end (ready to edit). */
void
tc_gui_test_send_box_assert (TcSendBox  *box,
                             const char *text)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (tc_send_box_get_view (box));
  g_autofree char *now = tc_send_box_dup_text (box);
  GtkTextIter cursor;

  g_assert_cmpstr (now, ==, text);
  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  g_assert_true (gtk_text_iter_is_end (&cursor));
}

static gboolean
frame_tick_cb (GtkWidget     *widget,
               GdkFrameClock *clock,
               gpointer       user_data)
{
  guint *n_frames = user_data;

  (*n_frames)++;
  return G_SOURCE_CONTINUE;
}

/* Lets @n frames of @widget's window run: updates, layout and drawing. */
void
tc_gui_test_wait_frames (GtkWidget *widget,
                         guint      n)
{
  guint n_frames = 0;
  guint tick = gtk_widget_add_tick_callback (widget, frame_tick_cb, &n_frames, NULL);

  gtk_widget_queue_draw (widget);
  TC_WAIT_UNTIL (NULL, n_frames >= n, 10000);
  gtk_widget_remove_tick_callback (widget, tick);
}

/* Adds to @rows the log rows under @widget (itself included) that a list
 * view has bound to an entry, in the order of the widget tree. */
void
tc_gui_test_collect_log_rows (GtkWidget *widget,
                              GPtrArray *rows)
{
  if (TC_IS_LOG_ROW (widget) && tc_log_row_get_entry (TC_LOG_ROW (widget)) != NULL)
    g_ptr_array_add (rows, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    tc_gui_test_collect_log_rows (child, rows);
}

static gboolean
gap_probe_cb (gpointer data)
{
  TcGapProbe *probe = data;
  gint64 now = g_get_monotonic_time ();

  if (probe->last != 0)
    probe->longest = MAX (probe->longest, now - probe->last);
  probe->last = now;

  return G_SOURCE_CONTINUE;
}

/* Starts watching how long the main loop goes without a turn, with a
 * timeout every 5 ms: the longest time a window stays frozen. */
void
tc_gui_test_gap_probe_start (TcGapProbe *probe)
{
  *probe = (TcGapProbe) { 0, 0, g_timeout_add (5, gap_probe_cb, probe) };
}

/* Stops watching; the longest gap seen, in µs, stays in @probe. */
void
tc_gui_test_gap_probe_stop (TcGapProbe *probe)
{
  g_clear_handle_id (&probe->id, g_source_remove);
}
