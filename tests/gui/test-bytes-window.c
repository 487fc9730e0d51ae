/* test-bytes-window.c: the log shown as text, hex or both, in an encoding, and hex typed to send
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "tc-bytes-format.h"
#include "tc-framing.h"
#include "tc-gui-test-server.h"
#include "tc-gui-test-util.h"
#include "tc-log-row.h"
#include "tc-log-view.h"
#include "tc-message-inspector.h"
#include "tc-server-window.h"
#include "tc-test-util.h"

#define WAIT_MS 10000

/* 你好 in GB18030 (and GBK), and a line of control bytes ending in CRLF. */
static const char gb_line[] = "GB: \xC4\xE3\xBA\xC3 ok";
static const char ctl_line[] = "ctl\0\x01\t\x1b[0m\xFF";

typedef struct
{
  TcServerWindow *window;
  TcLogView      *log_view;
  TcSendBox      *send_box;
  TcRawPeer      *peer;
} Fixture;

static GMainContext *
context (void)
{
  return g_main_context_default ();
}

/* The row bound to the received entry whose bytes are data. */
static TcLogRow *
find_received_row (Fixture    *f,
                   const char *data,
                   gsize       len)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  tc_gui_test_collect_log_rows (GTK_WIDGET (tc_log_view_get_list_view (f->log_view)), rows);
  for (guint i = 0; i < rows->len; i++)
    {
      TcLogEntry *entry = tc_log_row_get_entry (g_ptr_array_index (rows, i));
      GBytes *bytes = tc_log_entry_get_bytes (entry);

      if (tc_log_entry_get_direction (entry) == TC_LOG_DIRECTION_RECEIVED &&
          g_bytes_get_size (bytes) == len &&
          memcmp (g_bytes_get_data (bytes, NULL), data, len) == 0)
        return g_ptr_array_index (rows, i);
    }

  return NULL;
}

static TcLogRow *
find_event_row (Fixture *f)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  tc_gui_test_collect_log_rows (GTK_WIDGET (tc_log_view_get_list_view (f->log_view)), rows);
  for (guint i = 0; i < rows->len; i++)
    if (tc_log_entry_get_direction (tc_log_row_get_entry (g_ptr_array_index (rows, i)))
        == TC_LOG_DIRECTION_EVENT)
      return g_ptr_array_index (rows, i);

  return NULL;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->window = tc_gui_test_server_window_new ();
  f->log_view = tc_server_window_get_log_view (f->window);
  f->send_box = tc_server_window_get_send_box (f->window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));

  f->peer = tc_gui_test_server_window_serve (f->window);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  tc_gui_test_server_window_close (&f->window, &f->peer);
}

static gboolean
rows_drawn (Fixture *f)
{
  TcLogRow *gb = find_received_row (f, gb_line, sizeof gb_line - 1);
  TcLogRow *ctl = find_received_row (f, ctl_line, sizeof ctl_line - 1);

  return gb != NULL && ctl != NULL &&
         tc_log_row_get_hex (gb) != NULL && tc_log_row_get_hex (ctl) != NULL;
}

static void
set_log_action (Fixture    *f,
                const char *action,
                const char *value)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->log_view), action, "s", value));
}

/* A GB18030 line and a line of control bytes from a raw peer, shown as
 * text in UTF-8 (invalid bytes as \xNN), in GB18030 (你好), as hex, and as
 * both; switched through the log view's actions. */
static void
test_display_modes (Fixture       *f,
                    gconstpointer  data)
{
  TcLogModel *log = tc_server_window_get_log_model (f->window);
  GString *sent = g_string_new (NULL);
  TcLogRow *gb, *ctl, *event;
  int one_line;

  g_string_append_len (sent, gb_line, sizeof gb_line - 1);
  g_string_append (sent, "\n");
  g_string_append_len (sent, ctl_line, sizeof ctl_line - 1);
  g_string_append (sent, "\r\n");
  tc_raw_peer_send_all (f->peer, sent->str, sent->len, WAIT_MS);
  g_string_free (sent, TRUE);
  TC_WAIT_UNTIL (context (),
                 find_received_row (f, gb_line, sizeof gb_line - 1) != NULL &&
                 find_received_row (f, ctl_line, sizeof ctl_line - 1) != NULL &&
                 tc_log_model_get_n_pending (log) == 0, WAIT_MS);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));

  /* Text in UTF-8: the GB18030 bytes are not UTF-8; controls as escapes. */
  gb = find_received_row (f, gb_line, sizeof gb_line - 1);
  ctl = find_received_row (f, ctl_line, sizeof ctl_line - 1);
  g_assert_cmpint (tc_log_view_get_display_mode (f->log_view), ==, TC_LOG_DISPLAY_TEXT);
  g_assert_cmpstr (tc_log_view_get_encoding (f->log_view), ==, "UTF-8");
  g_assert_cmpstr (tc_log_row_get_text (gb), ==, "GB: \\xC4\\xE3\\xBA\\xC3 ok");
  g_assert_cmpstr (tc_log_row_get_text (ctl), ==, "ctl\\0\\x01\\t\\e[0m\\xFF");
  g_assert_null (tc_log_row_get_hex (gb));
  one_line = gtk_widget_get_height (GTK_WIDGET (gb));

  /* GB18030: 你好, the control line as it was (its bytes are ASCII). */
  set_log_action (f, "log.encoding", "GB18030");
  g_assert_cmpstr (tc_log_view_get_encoding (f->log_view), ==, "GB18030");
  g_assert_cmpstr (tc_log_row_get_text (gb), ==, "GB: 你好 ok");
  g_assert_cmpstr (tc_log_row_get_text (ctl), ==, "ctl\\0\\x01\\t\\e[0m\\xFF");

  /* Hex: made when the rows are drawn. */
  set_log_action (f, "log.display-mode", "hex");
  g_assert_cmpint (tc_log_view_get_display_mode (f->log_view), ==, TC_LOG_DISPLAY_HEX);
  TC_WAIT_UNTIL (context (), rows_drawn (f), WAIT_MS);
  g_assert_cmpstr (tc_log_row_get_hex (gb), ==, "47 42 3A 20 C4 E3 BA C3 20 6F 6B");
  g_assert_cmpstr (tc_log_row_get_hex (ctl), ==, "63 74 6C 00 01 09 1B 5B 30 6D FF");
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (gb)), ==, one_line);
  tc_gui_test_save_screenshot (GTK_WIDGET (f->window), "log-hex.png");

  /* Both: a line's row is two lines tall, an event's one. */
  set_log_action (f, "log.display-mode", "both");
  TC_WAIT_UNTIL (context (), gtk_widget_get_height (GTK_WIDGET (gb)) >= 2 * one_line - 2, WAIT_MS);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  event = find_event_row (f);
  g_assert_nonnull (event);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (event)), ==, one_line);
  g_assert_cmpstr (tc_log_row_get_text (gb), ==, "GB: 你好 ok");
  tc_gui_test_save_screenshot (GTK_WIDGET (f->window), "log-both.png");

  /* Back to text in UTF-8; the entries' bytes never changed. */
  set_log_action (f, "log.display-mode", "text");
  set_log_action (f, "log.encoding", "UTF-8");
  TC_WAIT_UNTIL (context (), gtk_widget_get_height (GTK_WIDGET (gb)) == one_line, WAIT_MS);
  g_assert_cmpstr (tc_log_row_get_text (gb), ==, "GB: \\xC4\\xE3\\xBA\\xC3 ok");
  g_assert_cmpmem (g_bytes_get_data (tc_log_entry_get_bytes (tc_log_row_get_entry (gb)), NULL),
                   g_bytes_get_size (tc_log_entry_get_bytes (tc_log_row_get_entry (gb))),
                   gb_line, sizeof gb_line - 1);
}

/* Many lines in hex: only the rows drawn make their hex. */
static void
test_hex_only_drawn (Fixture       *f,
                     gconstpointer  data)
{
  TcLogModel *log = tc_server_window_get_log_model (f->window);
  GString *sent = g_string_new (NULL);
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  guint with_hex = 0;

  for (guint i = 0; i < 2000; i++)
    g_string_append_printf (sent, "line %u\n", i);
  set_log_action (f, "log.display-mode", "hex");
  tc_raw_peer_send_all (f->peer, sent->str, sent->len, WAIT_MS);
  g_string_free (sent, TRUE);
  TC_WAIT_UNTIL (context (), tc_gui_test_log_has (log, TC_LOG_DIRECTION_RECEIVED, "line 1999",
                                                  FALSE) &&
                 tc_log_model_get_n_pending (log) == 0, WAIT_MS);
  TC_WAIT_UNTIL (context (), find_received_row (f, "line 1999", 9) != NULL &&
                 tc_log_row_get_hex (find_received_row (f, "line 1999", 9)) != NULL, WAIT_MS);

  tc_gui_test_collect_log_rows (GTK_WIDGET (tc_log_view_get_list_view (f->log_view)), rows);
  for (guint i = 0; i < rows->len; i++)
    with_hex += tc_log_row_get_hex (g_ptr_array_index (rows, i)) != NULL;
  g_test_message ("%u rows bound, %u with hex", rows->len, with_hex);
  g_assert_cmpuint (rows->len, <, 2000);
  g_assert_cmpuint (with_hex, <, rows->len);
  g_assert_cmpstr (tc_log_row_get_hex (find_received_row (f, "line 1999", 9)), ==,
                   "6C 69 6E 65 20 31 39 39 39");
}

/* A row in hex dims no escapes of the text it does not draw; in text
 * and in both, those of its two control bytes. */
static void
test_hex_marks_no_escapes (Fixture       *f,
                           gconstpointer  data)
{
  static const char line[] = "a\001b\002\377";
  TcLogRow *row;

  set_log_action (f, "log.display-mode", "hex");
  tc_raw_peer_send_all (f->peer, "a\1b\2\377\n", 6, WAIT_MS);
  TC_WAIT_UNTIL (context (), (row = find_received_row (f, line, sizeof line - 1)) != NULL &&
                 tc_log_row_get_hex (row) != NULL, WAIT_MS);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  g_assert_cmpuint (tc_log_row_get_n_escapes_marked (row), ==, 0);

  set_log_action (f, "log.display-mode", "text");
  TC_WAIT_UNTIL (context (), tc_log_row_get_n_escapes_marked (row) == 2, WAIT_MS);
  set_log_action (f, "log.display-mode", "both");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  g_assert_cmpuint (tc_log_row_get_n_escapes_marked (row), ==, 2);
  set_log_action (f, "log.display-mode", "hex");
  TC_WAIT_UNTIL (context (), tc_log_row_get_n_escapes_marked (row) == 0, WAIT_MS);
}

/* Hex typed in the send box: a bad one is an error at its position and
 * nothing goes; a good one goes as those bytes. */
static void
test_send_hex (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GBytes) preview = NULL;
  g_autofree char *text = NULL;
  int start = -1, end = -1;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->send_box), "send.input-mode",
                                             "s", "hex"));
  g_assert_cmpint (tc_send_box_get_input_mode (f->send_box), ==, TC_SEND_MODE_HEX);

  /* A lone nibble: said, highlighted, kept, not sent. */
  tc_gui_test_send_box_enter (f->send_box, "48 6 69");
  g_assert_nonnull (tc_send_box_get_error_text (f->send_box));
  g_assert_nonnull (strstr (tc_send_box_get_error_text (f->send_box), "Position 4"));
  g_assert_true (tc_send_box_get_error_range (f->send_box, &start, &end));
  g_assert_cmpint (start, ==, 3);
  g_assert_cmpint (end, ==, 4);
  text = tc_send_box_dup_text (f->send_box);
  g_assert_cmpstr (text, ==, "48 6 69");
  g_clear_pointer (&text, g_free);
  g_assert_cmpstr (tc_send_box_get_count_text (f->send_box), ==, "—");
  tc_gui_test_save_screenshot (GTK_WIDGET (f->window), "send-hex-error.png");

  /* A bad character, then good hex: the count says what goes out, and
   * the peer gets only that. */
  tc_send_box_set_text (f->send_box, "");
  g_assert_null (tc_send_box_get_error_text (f->send_box));
  tc_gui_test_send_box_enter (f->send_box, "0x48, 0x6Z");
  g_assert_nonnull (strstr (tc_send_box_get_error_text (f->send_box), "“Z”"));
  tc_send_box_set_text (f->send_box, "0x48,0x69");
  /* What goes out: the two bytes and the line ending. */
  g_assert_cmpstr (tc_send_box_get_count_text (f->send_box), ==, "3 bytes");
  tc_gui_test_send_box_enter (f->send_box, "0x48,0x69");
  tc_gui_test_send_box_assert (f->send_box, "");
  TC_WAIT_UNTIL (context (), f->peer->in->len >= 3, WAIT_MS);
  g_assert_cmpstr (f->peer->in->str, ==, "Hi\n");

  /* The bytes themselves go out, NUL included. */
  tc_gui_test_send_box_enter (f->send_box, "00 ff\n0A");
  tc_gui_test_send_box_assert (f->send_box, "");
  TC_WAIT_UNTIL (context (), f->peer->in->len >= 3 + 4, WAIT_MS);
  g_assert_cmpmem (f->peer->in->str, f->peer->in->len, "Hi\n\0\xff\n\n", 7);

  /* Text in an encoding: GB18030 bytes are counted; ISO-8859-1 cannot
   * write "€", which is named, and nothing goes. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->send_box), "send.input-mode",
                                             "s", "text"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->send_box), "send.encoding",
                                             "s", "GB18030"));
  tc_send_box_set_text (f->send_box, "你好");
  g_assert_cmpstr (tc_send_box_get_count_text (f->send_box), ==, "5 bytes");
  preview = tc_send_box_dup_bytes (f->send_box, NULL);
  g_assert_cmpmem (g_bytes_get_data (preview, NULL), g_bytes_get_size (preview),
                   "\xC4\xE3\xBA\xC3", 4);
  tc_gui_test_send_box_enter (f->send_box, "你好");
  TC_WAIT_UNTIL (context (), f->peer->in->len >= 7 + 5, WAIT_MS);
  g_assert_cmpmem (f->peer->in->str + 7, f->peer->in->len - 7, "\xC4\xE3\xBA\xC3\n", 5);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->send_box), "send.encoding",
                                             "s", "ISO-8859-1"));
  tc_gui_test_send_box_enter (f->send_box, "5 €");
  g_assert_nonnull (strstr (tc_send_box_get_error_text (f->send_box), "“€” (U+20AC)"));
  g_assert_true (tc_send_box_get_error_range (f->send_box, &start, &end));
  g_assert_cmpint (start, ==, 2);
  text = tc_send_box_dup_text (f->send_box);
  g_assert_cmpstr (text, ==, "5 €");
  tc_raw_peer_read_some (f->peer);
  g_assert_cmpuint (f->peer->in->len, ==, 12);
}

/* Every dropdown of the window, in the order they show: framing, display,
 * encoding, then the send row's input mode and line ending. */
static void
collect_dropdowns (GtkWidget *widget,
                   GPtrArray *found)
{
  /* The pane's own, not those in a popover's form. */
  if (GTK_IS_POPOVER (widget))
    return;
  if (GTK_IS_DROP_DOWN (widget))
    g_ptr_array_add (found, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_dropdowns (child, found);
}

static GtkDropDown *
get_dropdown (Fixture *f,
              guint    index)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  collect_dropdowns (GTK_WIDGET (f->window), found);
  g_assert_cmpuint (found->len, >=, 5);
  return g_ptr_array_index (found, found->len - 5 + index);
}

enum { FRAMING_DROPDOWN, DISPLAY_DROPDOWN, ENCODING_DROPDOWN, INPUT_DROPDOWN, ENDING_DROPDOWN };

static void
activate_window_action (Fixture    *f,
                        const char *name,
                        const char *value)
{
  g_action_group_activate_action (G_ACTION_GROUP (f->window), name, g_variant_new_string (value));
}

/* The framing chooser: set through the window's action (and the
 * dropdown), said in the log, taken by new connections only; a bad spec
 * is said and changes nothing. */
static void
test_framing_chooser (Fixture       *f,
                      gconstpointer  data)
{
  TcServer *server = tc_server_window_get_server (f->window);
  TcLogModel *log = tc_server_window_get_log_model (f->window);
  g_autoptr(GVariant) state = NULL;
  g_autoptr(TcFraming) expected = tc_framing_parse ("length:u16be", NULL);
  TcRawPeer *framed;

  activate_window_action (f, "framing", "length:u16be");
  g_assert_true (tc_framing_equal (tc_server_get_framing (server), expected));
  state = g_action_group_get_action_state (G_ACTION_GROUP (f->window), "framing");
  g_assert_cmpstr (g_variant_get_string (state, NULL), ==, "length:u16be");
  g_assert_cmpuint (gtk_drop_down_get_selected (get_dropdown (f, FRAMING_DROPDOWN)), ==, 5);
  g_assert_true (tc_gui_test_log_has (log, TC_LOG_DIRECTION_EVENT,
                                      "Framing: length:u16be", TRUE));
  g_assert_true (tc_framing_equal (tc_send_box_get_framing (f->send_box), expected));

  /* A new peer speaks length frames; the one connected before keeps lines. */
  framed = tc_raw_peer_connect (context (), tc_server_get_port (server), 0,
                                TC_RAW_PEER_READ | TC_RAW_PEER_KEEP_INPUT);
  TC_WAIT_UNTIL (context (), tc_server_get_n_clients (server) == 2, WAIT_MS);
  tc_raw_peer_send_all (framed, "\0\3abc", 5, WAIT_MS);
  TC_WAIT_UNTIL (context (), tc_gui_test_log_has (log, TC_LOG_DIRECTION_RECEIVED, "abc", FALSE),
                 WAIT_MS);
  /* To all: each peer gets the message in its own framing. */
  tc_gui_test_send_box_enter (f->send_box, "ok");
  TC_WAIT_UNTIL (context (), framed->in->len >= 4 && f->peer->in->len >= 3, WAIT_MS);
  g_assert_cmpmem (framed->in->str, framed->in->len, "\0\2ok", 4);
  g_assert_cmpstr (f->peer->in->str, ==, "ok\n");

  /* The byte-exact saves keep what crossed the wire: the prefixes. */
  TC_WAIT_UNTIL (context (), tc_log_model_get_n_pending (log) == 0, WAIT_MS);
  {
    g_autoptr(GBytes) received = tc_log_model_serialize (log, TC_LOG_SAVE_RECEIVED);
    g_autoptr(GBytes) sent = tc_log_model_serialize (log, TC_LOG_SAVE_SENT);

    g_assert_cmpmem (g_bytes_get_data (received, NULL), g_bytes_get_size (received),
                     "\0\3abc", 5);
    /* One entry for a message to all, as the first peer got it. */
    g_assert_cmpmem (g_bytes_get_data (sent, NULL), g_bytes_get_size (sent), "\0\2ok", 4);
  }

  /* A bad spec: said, the framing stays. */
  activate_window_action (f, "framing", "fixed:0");
  g_assert_true (tc_framing_equal (tc_server_get_framing (server), expected));
  g_assert_true (tc_gui_test_log_has (log, TC_LOG_DIRECTION_ERROR, "fixed", TRUE));

  /* The dropdown goes through the same path: Raw. */
  gtk_drop_down_set_selected (get_dropdown (f, FRAMING_DROPDOWN), 1);
  g_clear_pointer (&state, g_variant_unref);
  state = g_action_group_get_action_state (G_ACTION_GROUP (f->window), "framing");
  g_assert_cmpstr (g_variant_get_string (state, NULL), ==, "raw");
  tc_gui_test_save_screenshot (GTK_WIDGET (f->window), "framing-raw.png");
  tc_raw_peer_free (framed);
}

/* The display and encoding choosers follow the log's actions and drive
 * them; the encoding is the send box's too. */
static void
test_display_encoding_choosers (Fixture       *f,
                                gconstpointer  data)
{
  GtkDropDown *display = get_dropdown (f, DISPLAY_DROPDOWN);
  GtkDropDown *encoding = get_dropdown (f, ENCODING_DROPDOWN);
  GtkDropDown *input = get_dropdown (f, INPUT_DROPDOWN);
  GtkDropDown *ending = get_dropdown (f, ENDING_DROPDOWN);

  set_log_action (f, "log.display-mode", "hex");
  g_assert_cmpuint (gtk_drop_down_get_selected (display), ==, 1);
  gtk_drop_down_set_selected (display, 2);
  g_assert_cmpint (tc_log_view_get_display_mode (f->log_view), ==, TC_LOG_DISPLAY_BOTH);

  set_log_action (f, "log.encoding", "GB18030");
  g_assert_cmpuint (gtk_drop_down_get_selected (encoding), ==, 1);
  g_assert_cmpstr (tc_send_box_get_encoding (f->send_box), ==, "GB18030");
  gtk_drop_down_set_selected (encoding, 2);
  g_assert_cmpstr (tc_log_view_get_encoding (f->log_view), ==, "Big5");
  g_assert_cmpstr (tc_send_box_get_encoding (f->send_box), ==, "Big5");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->send_box), "send.input-mode",
                                             "s", "escapes"));
  g_assert_cmpuint (gtk_drop_down_get_selected (input), ==, 2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->send_box), "send.line-ending",
                                             "s", "crlf"));
  g_assert_cmpuint (gtk_drop_down_get_selected (ending), ==, 1);
  gtk_drop_down_set_selected (ending, 3);
  g_assert_cmpint (tc_send_box_get_line_ending (f->send_box), ==, TC_LINE_ENDING_NONE);
  tc_gui_test_save_screenshot (GTK_WIDGET (f->window), "choosers.png");
}

/* What the SENT entries hold, each with its terminator, one after the
 * other: the bytes that went out. */
static GString *
sent_entries (TcLogModel *log)
{
  GString *all = g_string_new (NULL);
  guint n = tc_gui_test_log_n_entries (log);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TcLogEntry) entry = g_list_model_get_item (G_LIST_MODEL (log), i);
      GBytes *bytes = tc_log_entry_get_bytes (entry);

      if (tc_log_entry_get_direction (entry) != TC_LOG_DIRECTION_SENT)
        continue;
      g_string_append_len (all, g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes));
      g_string_append (all, tc_message_flags_get_terminator (tc_log_entry_get_flags (entry)));
    }

  return all;
}

/* An empty message is the line ending alone; each line ending goes out as
 * chosen, and the log's SENT entries are those bytes exactly. */
static void
test_send_line_endings (Fixture       *f,
                        gconstpointer  data)
{
  static const char wire[] = "\na\r\nb\rc\r\n";
  TcLogModel *log = tc_server_window_get_log_model (f->window);
  g_autoptr(GString) logged = NULL;

  /* Enter on an empty box: "\n" on the wire; the count said so. */
  g_assert_cmpstr (tc_send_box_get_count_text (f->send_box), ==, "1 byte");
  g_assert_true (tc_gui_test_send_box_key (f->send_box, GDK_KEY_Return, 0));
  TC_WAIT_UNTIL (context (), f->peer->in->len >= 1, WAIT_MS);
  g_assert_cmpstr (f->peer->in->str, ==, "\n");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->send_box), "send.line-ending",
                                             "s", "crlf"));
  tc_send_box_set_text (f->send_box, "a");
  g_assert_cmpstr (tc_send_box_get_count_text (f->send_box), ==, "3 bytes");
  tc_gui_test_send_box_enter (f->send_box, "a");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->send_box), "send.line-ending",
                                             "s", "cr"));
  tc_gui_test_send_box_enter (f->send_box, "b");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->send_box), "send.line-ending",
                                             "s", "none"));
  tc_gui_test_send_box_enter (f->send_box, "c");
  /* "none" with an empty box: nothing at all to send. */
  g_assert_true (tc_gui_test_send_box_key (f->send_box, GDK_KEY_Return, 0));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->send_box), "send.line-ending",
                                             "s", "crlf"));
  g_assert_true (tc_gui_test_send_box_key (f->send_box, GDK_KEY_Return, 0));

  TC_WAIT_UNTIL (context (), f->peer->in->len >= sizeof wire - 1, WAIT_MS);
  g_assert_cmpmem (f->peer->in->str, f->peer->in->len, wire, sizeof wire - 1);
  TC_WAIT_UNTIL (context (), tc_log_model_get_n_pending (log) == 0, WAIT_MS);
  logged = sent_entries (log);
  g_assert_cmpmem (logged->str, logged->len, wire, sizeof wire - 1);
}

/* Escapes typed in the send box: the bytes they stand for go out (a
 * \u{…} in the window's encoding); a bad one is said at its position,
 * highlighted, and nothing goes. */
static void
test_send_escapes (Fixture       *f,
                   gconstpointer  data)
{
  static const char wire[] = "a\tb\x01\0\xE4\xBD\xA0\n\xC4\xE3\r\n";
  g_autofree char *text = NULL;
  int start = -1, end = -1;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->send_box), "send.input-mode",
                                             "s", "escapes"));
  tc_send_box_set_text (f->send_box, "a\\tb\\x01\\0\\u{4F60}");
  g_assert_cmpstr (tc_send_box_get_count_text (f->send_box), ==, "9 bytes");
  tc_gui_test_send_box_enter (f->send_box, "a\\tb\\x01\\0\\u{4F60}");
  tc_gui_test_send_box_assert (f->send_box, "");

  /* A bad escape: its position, highlighted; the text stays. */
  tc_gui_test_send_box_enter (f->send_box, "ok \\q");
  g_assert_nonnull (tc_send_box_get_error_text (f->send_box));
  g_assert_nonnull (strstr (tc_send_box_get_error_text (f->send_box), "\\q"));
  g_assert_true (tc_send_box_get_error_range (f->send_box, &start, &end));
  g_assert_cmpint (start, ==, 3);
  g_assert_cmpint (end, ==, 4);
  text = tc_send_box_dup_text (f->send_box);
  g_assert_cmpstr (text, ==, "ok \\q");
  g_assert_cmpstr (tc_send_box_get_count_text (f->send_box), ==, "—");
  tc_gui_test_save_screenshot (GTK_WIDGET (f->window), "send-escape-error.png");

  /* In GB18030, \u{4F60} is 你 in GB18030; CRLF ends it. */
  set_log_action (f, "log.encoding", "GB18030");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->send_box), "send.line-ending",
                                             "s", "crlf"));
  tc_gui_test_send_box_enter (f->send_box, "\\u{4F60}");
  TC_WAIT_UNTIL (context (), f->peer->in->len >= sizeof wire - 1, WAIT_MS);
  g_assert_cmpmem (f->peer->in->str, f->peer->in->len, wire, sizeof wire - 1);
}

/* Message inspector and expanded rows */

/* The position in the view's list of the received entry whose bytes are
 * data, or G_MAXUINT. */
static guint
find_received_position (Fixture    *f,
                        const char *data,
                        gsize       len)
{
  GListModel *shown = G_LIST_MODEL (gtk_list_view_get_model (tc_log_view_get_list_view (f->log_view)));
  guint n = g_list_model_get_n_items (shown);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TcLogEntry) entry = g_list_model_get_item (shown, i);
      GBytes *bytes = tc_log_entry_get_bytes (entry);

      if (tc_log_entry_get_direction (entry) == TC_LOG_DIRECTION_RECEIVED &&
          g_bytes_get_size (bytes) == len &&
          (len == 0 || memcmp (g_bytes_get_data (bytes, NULL), data, len) == 0))
        return i;
    }
  return G_MAXUINT;
}

/* Waits for the message from a peer, then clicks its row. */
static void
select_received (Fixture    *f,
                 const char *data,
                 gsize       len)
{
  GtkSelectionModel *selection = gtk_list_view_get_model (tc_log_view_get_list_view (f->log_view));

  TC_WAIT_UNTIL (context (), find_received_position (f, data, len) != G_MAXUINT, WAIT_MS);
  g_assert_cmpuint (find_received_position (f, data, len), !=, G_MAXUINT);
  g_assert_true (gtk_selection_model_select_item (selection, find_received_position (f, data, len),
                                                  TRUE));
}

static void
assert_field (TcMessageInspector *inspector,
              TcInspectorField    field,
              const char         *expected)
{
  g_autofree char *value = tc_message_inspector_dup_field (inspector, field);

  g_assert_cmpstr (value, ==, expected);
}

static void
clipboard_text_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  char **text = user_data;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);
  if (*text == NULL)
    *text = g_strdup ("");
}

/* Ctrl+I's action shows the inspector of the selected message: a CRLF
 * line's ending and gap, an invalid GB18030 byte's offset, a length
 * prefix and its value; Copy as C Array reaches the clipboard. */
static void
test_inspector (Fixture       *f,
                gconstpointer  data)
{
  static const char gb_invalid[] = "\xC4\xE3\xFF!";
  TcServer *server = tc_server_window_get_server (f->window);
  TcMessageInspector *inspector;
  g_autoptr(GVariant) state = NULL;
  g_autofree char *gap = NULL;
  g_autofree char *copied = NULL;
  g_autofree char *length = NULL;
  TcRawPeer *framed;

  inspector = TC_MESSAGE_INSPECTOR (tc_gui_test_find_widget (GTK_WIDGET (f->window),
                                                              TC_TYPE_MESSAGE_INSPECTOR, NULL));
  g_assert_nonnull (inspector);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (inspector)));
  tc_gui_test_activate_win_action (GTK_WIDGET (f->window), "show-inspector");
  state = g_action_group_get_action_state (G_ACTION_GROUP (f->window), "show-inspector");
  g_assert_true (g_variant_get_boolean (state));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (inspector)));
  g_assert_null (tc_message_inspector_dup_field (inspector, TC_INSPECTOR_FIELD_LENGTH));
  g_assert_true (tc_gui_test_win_action_enabled (GTK_WIDGET (f->window), "show-inspector"));

  /* Two CRLF lines: the second's gap is to the first. */
  tc_raw_peer_send_all (f->peer, "AT\r\nOK\r\n", 8, WAIT_MS);
  select_received (f, "OK", 2);
  TC_WAIT_UNTIL (context (), tc_message_inspector_get_entry (inspector) != NULL, WAIT_MS);
  assert_field (inspector, TC_INSPECTOR_FIELD_LENGTH, "2 bytes");
  assert_field (inspector, TC_INSPECTOR_FIELD_TERMINATOR, "CRLF");
  assert_field (inspector, TC_INSPECTOR_FIELD_CONTROLS, "none");
  assert_field (inspector, TC_INSPECTOR_FIELD_INVALID, "none");
  g_assert_null (tc_message_inspector_dup_field (inspector, TC_INSPECTOR_FIELD_PREFIX));
  gap = tc_message_inspector_dup_field (inspector, TC_INSPECTOR_FIELD_GAP);
  g_assert_true (g_str_has_suffix (gap, "ms after the previous one"));
  select_received (f, "AT", 2);
  assert_field (inspector, TC_INSPECTOR_FIELD_GAP, "the first from this peer");
  g_assert_cmpuint (g_list_model_get_n_items (tc_message_inspector_get_dump (inspector)), ==, 1);
  tc_gui_test_save_screenshot (GTK_WIDGET (f->window), "inspector-crlf.png");

  /* GB18030: 你 is valid, 0xFF at offset 2 is not. */
  set_log_action (f, "log.encoding", "GB18030");
  tc_raw_peer_send_all (f->peer, "\xC4\xE3\xFF!\n", 5, WAIT_MS);
  select_received (f, gb_invalid, 4);
  assert_field (inspector, TC_INSPECTOR_FIELD_INVALID, "2");
  assert_field (inspector, TC_INSPECTOR_FIELD_TERMINATOR, "LF");

  /* Copy as C Array, as its button does. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (inspector), "inspector.copy-c-array",
                                             NULL));
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (inspector)), NULL,
                                 clipboard_text_cb, &copied);
  TC_WAIT_UNTIL (context (), copied != NULL, WAIT_MS);
  g_assert_cmpstr (copied, ==, "unsigned char message[4] = {\n  0xC4, 0xE3, 0xFF, 0x21\n};\n");

  /* A length-prefixed frame from a peer that connects after the change. */
  activate_window_action (f, "framing", "length:u16be");
  framed = tc_raw_peer_connect (context (), tc_server_get_port (server), 0,
                                TC_RAW_PEER_READ | TC_RAW_PEER_KEEP_INPUT);
  TC_WAIT_UNTIL (context (), tc_server_get_n_clients (server) == 2, WAIT_MS);
  tc_raw_peer_send_all (framed, "\0\3a\rb", 5, WAIT_MS);
  select_received (f, "a\rb", 3);
  assert_field (inspector, TC_INSPECTOR_FIELD_PREFIX, "00 03 = 3");
  assert_field (inspector, TC_INSPECTOR_FIELD_TERMINATOR, "none");
  assert_field (inspector, TC_INSPECTOR_FIELD_CONTROLS, "1");
  assert_field (inspector, TC_INSPECTOR_FIELD_ENDINGS, "CR ×1");
  length = tc_message_inspector_dup_field (inspector, TC_INSPECTOR_FIELD_LENGTH);
  g_assert_cmpstr (length, ==, "3 bytes");
  tc_gui_test_save_screenshot (GTK_WIDGET (f->window), "inspector-length.png");

  /* Ctrl+I again: hidden, and it lets go of the entry. */
  tc_gui_test_activate_win_action (GTK_WIDGET (f->window), "show-inspector");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (inspector)));
  g_assert_null (tc_message_inspector_get_entry (inspector));
  tc_raw_peer_free (framed);
}

/* A length prefix reads as it did when its message came: a u16le frame
 * still says 3 after the framing is changed to u16be (which applies to new
 * connections only, and would read 03 00 as 768). */
static void
test_inspector_prefix_kept (Fixture       *f,
                            gconstpointer  data)
{
  TcServer *server = tc_server_window_get_server (f->window);
  TcMessageInspector *inspector;
  TcRawPeer *framed;

  inspector = TC_MESSAGE_INSPECTOR (tc_gui_test_find_widget (GTK_WIDGET (f->window),
                                                              TC_TYPE_MESSAGE_INSPECTOR, NULL));
  g_assert_nonnull (inspector);
  tc_gui_test_activate_win_action (GTK_WIDGET (f->window), "show-inspector");
  activate_window_action (f, "framing", "length:u16le");
  framed = tc_raw_peer_connect (context (), tc_server_get_port (server), 0,
                                TC_RAW_PEER_READ | TC_RAW_PEER_KEEP_INPUT);
  TC_WAIT_UNTIL (context (), tc_server_get_n_clients (server) == 2, WAIT_MS);
  tc_raw_peer_send_all (framed, "\3\0abc", 5, WAIT_MS);
  select_received (f, "abc", 3);
  TC_WAIT_UNTIL (context (), tc_message_inspector_get_entry (inspector) != NULL, WAIT_MS);
  assert_field (inspector, TC_INSPECTOR_FIELD_PREFIX, "03 00 = 3");

  activate_window_action (f, "framing", "length:u16be");
  assert_field (inspector, TC_INSPECTOR_FIELD_PREFIX, "03 00 = 3");
  /* Chosen again, from another message and back. */
  tc_raw_peer_send_all (framed, "\1\0z", 3, WAIT_MS);
  select_received (f, "z", 1);
  assert_field (inspector, TC_INSPECTOR_FIELD_PREFIX, "01 00 = 1");
  select_received (f, "abc", 3);
  assert_field (inspector, TC_INSPECTOR_FIELD_PREFIX, "03 00 = 3");
  tc_raw_peer_free (framed);
}

/* A 1 MiB message is in the inspector whole: its length, every line of
 * its dump (made only as they are shown), all of it to copy. */
static void
test_inspector_large (Fixture       *f,
                      gconstpointer  data)
{
  gsize len = 1024 * 1024;
  g_autofree char *message = g_malloc (len);
  g_autofree char *length = NULL;
  g_autofree char *hex = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  TcServer *server = tc_server_window_get_server (f->window);
  TcMessageInspector *inspector;
  TcRawPeer *framed;

  for (gsize i = 0; i < len; i++)
    message[i] = (char) g_rand_int_range (rand, 0, 256);
  inspector = TC_MESSAGE_INSPECTOR (tc_gui_test_find_widget (GTK_WIDGET (f->window),
                                                              TC_TYPE_MESSAGE_INSPECTOR, NULL));
  tc_server_set_max_line (server, 2 * len);
  activate_window_action (f, "framing", "fixed:1048576");
  tc_gui_test_activate_win_action (GTK_WIDGET (f->window), "show-inspector");
  framed = tc_raw_peer_connect (context (), tc_server_get_port (server), 0,
                                TC_RAW_PEER_READ | TC_RAW_PEER_KEEP_INPUT);
  TC_WAIT_UNTIL (context (), tc_server_get_n_clients (server) == 2, WAIT_MS);
  tc_raw_peer_send_all (framed, message, len, WAIT_MS);
  select_received (f, message, len);

  length = tc_message_inspector_dup_field (inspector, TC_INSPECTOR_FIELD_LENGTH);
  g_assert_cmpstr (length, ==, "1048576 bytes");
  g_assert_cmpuint (g_list_model_get_n_items (tc_message_inspector_get_dump (inspector)), >=,
                    len / 16);
  hex = tc_message_inspector_dup_copy_text (inspector, TC_INSPECTOR_COPY_HEX);
  g_assert_cmpuint (strlen (hex), ==, 3 * len - 1);
  /* A fixed frame has no terminator: none said, none saved after it. */
  assert_field (inspector, TC_INSPECTOR_FIELD_TERMINATOR, "none");
  {
    g_autoptr(GBytes) received = tc_log_model_serialize (tc_server_window_get_log_model (f->window),
                                                         TC_LOG_SAVE_RECEIVED);

    g_assert_cmpmem (g_bytes_get_data (received, NULL), g_bytes_get_size (received), message, len);
  }
  /* The window keeps its size: the inspector's fields wrap in their width. */
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (f->window)), <, 800);
  tc_gui_test_save_screenshot (GTK_WIDGET (f->window), "inspector-large.png");
  tc_raw_peer_free (framed);
}

/* A message longer than a row shows: Enter on its row (the list's
 * activate) shows it whole, wrapped, and again one line. */
static void
test_expand_row (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GString) line = g_string_new (NULL);
  GtkListView *list_view = tc_log_view_get_list_view (f->log_view);
  TcLogRow *row;
  int one_line;

  for (guint i = 0; i < 600; i++)
    g_string_append_printf (line, "word%05u ", i);
  g_string_append (line, "END");
  tc_raw_peer_send_all (f->peer, line->str, line->len, WAIT_MS);
  tc_raw_peer_send_all (f->peer, "\n", 1, WAIT_MS);
  TC_WAIT_UNTIL (context (), find_received_row (f, line->str, line->len) != NULL, WAIT_MS);
  row = find_received_row (f, line->str, line->len);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  one_line = gtk_widget_get_height (GTK_WIDGET (row));
  g_assert_null (strstr (tc_log_row_get_text (row), "END"));
  g_assert_false (tc_log_row_get_expanded (row));

  g_signal_emit_by_name (list_view, "activate", find_received_position (f, line->str, line->len));
  row = find_received_row (f, line->str, line->len);
  g_assert_true (tc_log_row_get_expanded (row));
  g_assert_nonnull (strstr (tc_log_row_get_text (row), "word00599 END"));
  TC_WAIT_UNTIL (context (), gtk_widget_get_height (GTK_WIDGET (row)) > 10 * one_line, WAIT_MS);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (row)), >, 10 * one_line);
  tc_gui_test_save_screenshot (GTK_WIDGET (f->window), "row-expanded.png");

  g_signal_emit_by_name (list_view, "activate", find_received_position (f, line->str, line->len));
  row = find_received_row (f, line->str, line->len);
  g_assert_false (tc_log_row_get_expanded (row));
  TC_WAIT_UNTIL (context (), gtk_widget_get_height (GTK_WIDGET (row)) == one_line, WAIT_MS);
}

#define ADD(path, func) \
  g_test_add ("/bytes-window/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

int
main (int   argc,
      char *argv[])
{
  tc_gui_test_init (&argc, &argv);
  if (!tc_gui_test_init_gtk ("/bytes-window/display"))
    return g_test_run ();

  ADD ("display-modes", test_display_modes);
  ADD ("hex-only-drawn", test_hex_only_drawn);
  ADD ("hex-marks-no-escapes", test_hex_marks_no_escapes);
  ADD ("send-hex", test_send_hex);
  ADD ("framing-chooser", test_framing_chooser);
  ADD ("display-encoding-choosers", test_display_encoding_choosers);
  ADD ("send-line-endings", test_send_line_endings);
  ADD ("send-escapes", test_send_escapes);
  ADD ("inspector", test_inspector);
  ADD ("inspector-prefix-kept", test_inspector_prefix_kept);
  ADD ("expand-row", test_expand_row);
  ADD ("inspector-large", test_inspector_large);

  return g_test_run ();
}
