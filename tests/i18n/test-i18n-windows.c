/* test-i18n-windows.c: both windows in Simplified Chinese, with screenshots
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server window listens on loopback, the client window connects to it and
 * each sends a line; then no label, tooltip or title a person can see may be
 * left in English. Screenshots of both windows are saved as
 * tc-server-window-zh_CN.png and tc-client-window-zh_CN.png in the working
 * directory (the build tree's tests/i18n when run by meson).
 */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <string.h>

#include "tc-client-row.h"
#include "tc-gui-test-util.h"
#include "tc-client-window.h"
#include "tc-i18n.h"
#include "tc-server-window.h"
#include "tc-test-util.h"

#define WAIT_MS 10000

/* English left on screen */

static gboolean
has_han (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= 0x4E00 && c <= 0x9FFF)
        return TRUE;
    }

  return FALSE;
}

/* Words that stay as they are in any language: the socket states of the
 * classic tools, protocol and program names, key names as GTK's own
 * translation shows them, encoding names and line endings. */
static gboolean
is_untranslatable_word (const char *word)
{
  static const char * const words[] = { "TCP", "TLS", "IPv4", "IPv6", "tcpchat", "nc",
                                        "Ctrl", "Shift", "Alt", "Super",
                                        "UTF", "GB18030", "Big5", "JIS", "EUC", "ISO",
                                        "Windows", "CRLF", NULL };

  if (g_str_has_suffix (word, "State") && g_ascii_isupper (word[0]))
    return TRUE;
  if (word[0] == 'F' && g_ascii_isdigit (word[1]))
    return TRUE;

  return g_strv_contains (words, word);
}

/* Text with an English word of three letters or more and no Chinese. */
static gboolean
looks_english (const char *text)
{
  g_autoptr(GRegex) regex = NULL;
  g_autoptr(GMatchInfo) match = NULL;

  if (text == NULL || has_han (text))
    return FALSE;

  regex = g_regex_new ("[A-Za-z][A-Za-z0-9]{2,}", 0, 0, NULL);
  g_regex_match (regex, text, 0, &match);
  for (; g_match_info_matches (match); g_match_info_next (match, NULL))
    {
      g_autofree char *word = g_match_info_fetch (match, 0);

      if (!is_untranslatable_word (word))
        return TRUE;
    }

  return FALSE;
}

static void
collect_english (GtkWidget *widget,
                 GPtrArray *found)
{
  const char *tooltip;

  if (!gtk_widget_get_mapped (widget))
    return;

  if (GTK_IS_LABEL (widget) && looks_english (gtk_label_get_text (GTK_LABEL (widget))))
    g_ptr_array_add (found, g_strdup_printf ("%s label “%s”", G_OBJECT_TYPE_NAME (widget),
                                             gtk_label_get_text (GTK_LABEL (widget))));

  /* A clients list row draws its own lines and makes its tooltip when
   * asked for. */
  if (TC_IS_CLIENT_ROW (widget))
    {
      TcClientRow *row = TC_CLIENT_ROW (widget);
      const char *lines[] = { tc_client_row_get_title (row), tc_client_row_get_detail (row),
                              tc_client_row_get_counters (row) };
      g_autofree char *row_tooltip = tc_client_row_dup_tooltip_text (row);

      for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
        if (looks_english (lines[i]))
          g_ptr_array_add (found, g_strdup_printf ("TcClientRow line “%s”", lines[i]));
      if (looks_english (row_tooltip))
        g_ptr_array_add (found, g_strdup_printf ("TcClientRow tooltip “%s”", row_tooltip));
    }

  tooltip = gtk_widget_get_tooltip_text (widget);
  if (looks_english (tooltip))
    g_ptr_array_add (found, g_strdup_printf ("%s tooltip “%s”", G_OBJECT_TYPE_NAME (widget),
                                             tooltip));

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_english (child, found);
}

static void
collect_window_english (GtkWindow *window,
                        GPtrArray *found)
{
  if (looks_english (gtk_window_get_title (window)))
    g_ptr_array_add (found, g_strdup_printf ("title “%s”", gtk_window_get_title (window)));
  collect_english (GTK_WIDGET (window), found);
}

/* Screenshots */

static void
after_paint_cb (GdkFrameClock *clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

static gboolean
widget_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

/* Runs the main loop until the window has drawn a frame after this call:
 * it is then mapped, laid out and painted.
 */
static void
wait_for_frame (GtkWidget *window)
{
  GdkFrameClock *clock;
  gboolean painted = FALSE;
  gulong handler;

  g_assert_true (tc_test_wait_for (NULL, widget_mapped, window, WAIT_MS));
  clock = gtk_widget_get_frame_clock (window);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);
  gtk_widget_queue_draw (window);
  g_assert_true (tc_test_wait_for (NULL, flag_set, &painted, WAIT_MS));
  g_signal_handler_disconnect (clock, handler);
}

/* The window as it is drawn. A widget paintable is empty while a layout is
 * pending (a status bar label has just changed, say); then it waits for the
 * window's next frame and tries again.
 */
static GskRenderNode *
snapshot_window (GtkWidget *window,
                 int        width,
                 int        height)
{
  for (guint attempt = 0; attempt < 10; attempt++)
    {
      g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (window);
      GtkSnapshot *snapshot = gtk_snapshot_new ();
      GskRenderNode *node;

      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
      node = gtk_snapshot_free_to_node (snapshot);
      if (node != NULL)
        return node;

      g_test_message ("%s: layout pending, waiting for its next frame",
                      G_OBJECT_TYPE_NAME (window));
      wait_for_frame (window);
    }

  g_error ("%s: nothing to draw after 10 frames", G_OBJECT_TYPE_NAME (window));
}

static void
save_screenshot (GtkWidget  *window,
                 const char *name)
{
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  int width = gtk_widget_get_width (window);
  int height = gtk_widget_get_height (window);

  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  node = snapshot_window (window, width, height);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));

  path = g_build_filename (g_get_current_dir (), name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s (%d×%d)", path, width, height);
}

/* Tests */

static void
test_catalogue (void)
{
  /* From the network library, the widgets and a plural form. */
  g_assert_cmpstr (_("Disconnected"), ==, "已断开连接");
  g_assert_cmpstr (_("Disconnected by you"), ==, "已由你断开连接");
  g_assert_cmpstr (_("tcpchat server — listening on %s"), ==, "tcpchat 服务器 — 正在监听 %s");
  g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "Nobody to send to"), ==, "没有可发送的对象");
  g_assert_cmpstr (ngettext ("%u client connected", "%u clients connected", 3), ==, "已连接 %u 个客户端");
  /* A client's counters and the undo offer, singular and plural: Chinese
   * has one form for both. */
  for (gulong n = 1; n <= 2; n++)
    {
      g_assert_cmpstr (g_dngettext (GETTEXT_PACKAGE, "In %" PRIu64 " line, %s",
                                    "In %" PRIu64 " lines, %s", n), ==, "接收 %" PRIu64 " 行，%s");
      g_assert_cmpstr (g_dngettext (GETTEXT_PACKAGE, "Out %" PRIu64 " line, %s",
                                    "Out %" PRIu64 " lines, %s", n), ==, "发送 %" PRIu64 " 行，%s");
      g_assert_cmpstr (g_dngettext (GETTEXT_PACKAGE, "Undo is possible for %u second",
                                    "Undo is possible for %u seconds", n), ==, "%u 秒内可以撤销");
    }
  g_assert_cmpstr (_("Listener: %s"), ==, "监听套接字：%s");
}

typedef struct
{
  TcServerWindow *server_window;
  TcClientWindow *client_window;
} Windows;

static gboolean
server_listening (gpointer data)
{
  Windows *w = data;

  return tc_server_get_state (tc_server_window_get_server (w->server_window)) ==
         TC_SOCKET_STATE_LISTENING;
}

static gboolean
client_connected (gpointer data)
{
  Windows *w = data;

  return tc_client_get_state (tc_client_window_get_client (w->client_window)) ==
           TC_SOCKET_STATE_CONNECTED &&
         tc_server_get_n_clients (tc_server_window_get_server (w->server_window)) == 1;
}

static gboolean
both_can_send (gpointer data)
{
  Windows *w = data;

  return tc_send_box_get_can_send (tc_server_window_get_send_box (w->server_window)) &&
         tc_send_box_get_can_send (tc_client_window_get_send_box (w->client_window));
}

static gboolean
lines_logged (gpointer data)
{
  Windows *w = data;

  return g_list_model_get_n_items (G_LIST_MODEL (tc_server_window_get_log_model (w->server_window))) >= 4 &&
         g_list_model_get_n_items (G_LIST_MODEL (tc_client_window_get_log_model (w->client_window))) >= 4;
}

static void
test_windows (void)
{
  g_autoptr(GPtrArray) english = g_ptr_array_new_with_free_func (g_free);
  Windows w = { 0 };
  TcServer *server;

  w.server_window = g_object_ref_sink (tc_server_window_new (NULL));
  gtk_window_set_default_size (GTK_WINDOW (w.server_window), 900, 600);
  gtk_window_present (GTK_WINDOW (w.server_window));

  /* Before listening: the idle window is in Chinese too. */
  wait_for_frame (GTK_WIDGET (w.server_window));
  collect_window_english (GTK_WINDOW (w.server_window), english);

  tc_server_window_set_listen_address (w.server_window, "127.0.0.1", 0);
  tc_server_window_start (w.server_window);
  g_assert_true (tc_test_wait_for (NULL, server_listening, &w, WAIT_MS));
  server = tc_server_window_get_server (w.server_window);

  w.client_window = g_object_ref_sink (tc_client_window_new (NULL));
  gtk_window_set_default_size (GTK_WINDOW (w.client_window), 900, 600);
  gtk_window_present (GTK_WINDOW (w.client_window));
  wait_for_frame (GTK_WIDGET (w.client_window));
  collect_window_english (GTK_WINDOW (w.client_window), english);

  tc_client_window_set_host (w.client_window, "127.0.0.1");
  tc_client_window_set_port (w.client_window, tc_server_get_port (server));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (w.client_window), "win.connect", NULL));
  g_assert_true (tc_test_wait_for (NULL, client_connected, &w, WAIT_MS));
  g_assert_true (tc_test_wait_for (NULL, both_can_send, &w, WAIT_MS));

  /* A line each way, in Chinese as a person here would type it. */
  tc_send_box_set_text (tc_client_window_get_send_box (w.client_window), "你好，服务器");
  tc_send_box_send (tc_client_window_get_send_box (w.client_window));
  tc_send_box_set_text (tc_server_window_get_send_box (w.server_window), "设备已上线");
  tc_send_box_send (tc_server_window_get_send_box (w.server_window));
  g_assert_true (tc_test_wait_for (NULL, lines_logged, &w, WAIT_MS));
  wait_for_frame (GTK_WIDGET (w.server_window));
  wait_for_frame (GTK_WIDGET (w.client_window));

  save_screenshot (GTK_WIDGET (w.server_window), "tc-server-window-zh_CN.png");
  save_screenshot (GTK_WIDGET (w.client_window), "tc-client-window-zh_CN.png");

  collect_window_english (GTK_WINDOW (w.server_window), english);
  collect_window_english (GTK_WINDOW (w.client_window), english);
  for (guint i = 0; i < english->len; i++)
    g_test_message ("untranslated: %s", (const char *) g_ptr_array_index (english, i));
  g_assert_cmpuint (english->len, ==, 0);

  gtk_window_destroy (GTK_WINDOW (w.client_window));
  gtk_window_destroy (GTK_WINDOW (w.server_window));
  tc_test_drain (NULL);
  g_object_unref (w.client_window);
  g_object_unref (w.server_window);
}

static void
test_no_display (void)
{
  tc_gui_test_missing ("No display: run the i18n suite under xvfb-run");
}

/* Preferences and the keyboard shortcuts, which have the longest texts. */
static void
test_dialogs (void)
{
  g_autoptr(GPtrArray) english = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GtkBuilder) builder = NULL;
  TcServerWindow *window;
  GtkWindow *preferences;
  GtkWindow *shortcuts;

  window = g_object_ref_sink (tc_server_window_new (NULL));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (tc_test_wait_for (NULL, widget_mapped, window, WAIT_MS));

  preferences = GTK_WINDOW (tc_server_window_show_preferences (window));
  g_assert_true (tc_test_wait_for (NULL, widget_mapped, preferences, WAIT_MS));

  builder = gtk_builder_new_from_resource ("/io/github/tcpchat/Server/gtk/help-overlay.ui");
  shortcuts = GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
  g_assert_nonnull (shortcuts);
  gtk_window_present (shortcuts);
  g_assert_true (tc_test_wait_for (NULL, widget_mapped, shortcuts, WAIT_MS));
  wait_for_frame (GTK_WIDGET (preferences));
  wait_for_frame (GTK_WIDGET (shortcuts));

  save_screenshot (GTK_WIDGET (preferences), "tc-preferences-zh_CN.png");
  save_screenshot (GTK_WIDGET (shortcuts), "tc-server-shortcuts-zh_CN.png");

  collect_window_english (preferences, english);
  collect_window_english (shortcuts, english);
  for (guint i = 0; i < english->len; i++)
    g_test_message ("untranslated: %s", (const char *) g_ptr_array_index (english, i));
  g_assert_cmpuint (english->len, ==, 0);

  gtk_window_destroy (shortcuts);
  gtk_window_destroy (preferences);
  gtk_window_destroy (GTK_WINDOW (window));
  tc_test_drain (NULL);
  g_object_unref (window);
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir;

  /* The GUI test environment, unless the caller chose otherwise. */
  g_setenv ("GDK_BACKEND", "x11", FALSE);
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("GTK_A11Y", "none", FALSE);

  g_test_init (&argc, &argv, NULL);

  /* gettext ignores LANGUAGE in the "C" locale, not in C.UTF-8, so no
   * generated zh_CN locale is needed. */
  g_unsetenv ("LC_ALL");
  g_unsetenv ("LC_MESSAGES");
  g_setenv ("LANG", "C.UTF-8", TRUE);
  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  localedir = tc_i18n_init ();
  g_test_message ("catalogues from %s", localedir);

  g_test_add_func ("/i18n/catalogue", test_catalogue);

  if (gtk_init_check ())
    {
      g_test_add_func ("/i18n/windows", test_windows);
      g_test_add_func ("/i18n/dialogs", test_dialogs);
    }
  else
    g_test_add_func ("/i18n/display", test_no_display);

  return g_test_run ();
}
