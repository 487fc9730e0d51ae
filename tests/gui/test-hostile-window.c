/* test-hostile-window.c: hostile bytes from a raw client, shown safely by the server window
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "tc-gui-test-server.h"
#include "tc-gui-test-util.h"
#include "tc-server-window.h"
#include "tc-test-util.h"

#define WAIT_MS      10000
#define LONG_WAIT_MS 60000

/* Lines longer than the default limit are kept whole for this test. */
#define MAX_LINE (2 * 1024 * 1024)
#define N_MARKS  (512 * 1024)   /* U+0301, two bytes each: 1 MiB */
#define LONG_LEN (64 * 1024)

typedef struct
{
  TcServerWindow *window;
  TcRawPeer      *peer;
} Fixture;

static GMainContext *
context (void)
{
  return g_main_context_default ();
}

/* The received entries, in order. */
static GPtrArray *
received_entries (TcLogModel *log)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = tc_gui_test_log_n_entries (log);

  for (guint i = 0; i < n; i++)
    {
      TcLogEntry *entry = g_list_model_get_item (G_LIST_MODEL (log), i);

      if (tc_log_entry_get_direction (entry) == TC_LOG_DIRECTION_RECEIVED)
        g_ptr_array_add (entries, entry);
      else
        g_object_unref (entry);
    }

  return entries;
}

static gboolean
n_received_is (TcLogModel *log,
               guint       n)
{
  g_autoptr(GPtrArray) entries = received_entries (log);

  return entries->len == n && tc_log_model_get_n_pending (log) == 0;
}

static char *
entry_text (GPtrArray *entries,
            guint      index)
{
  return tc_log_entry_dup_text (g_ptr_array_index (entries, index));
}

/* Valid UTF-8 with nothing a terminal or layout would act on. */
static void
assert_display_safe (const char *text)
{
  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_null (strchr (text, '\x1b'));
  g_assert_null (strchr (text, '\r'));
  g_assert_null (strchr (text, '\n'));
  g_assert_null (strstr (text, "\xe2\x80\xae"));   /* U+202E */
  g_assert_null (strstr (text, "\xc2\x85"));       /* U+0085 */
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  GSettings *settings;

  f->window = tc_gui_test_server_window_new ();
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));

  /* As Preferences would: keep long lines whole, so that the raw log can
   * be compared with what was sent. */
  settings = tc_server_window_get_settings (f->window);
  if (settings != NULL)
    g_settings_set_uint (settings, "max-line", MAX_LINE);
  else
    tc_server_set_max_line (tc_server_window_get_server (f->window), MAX_LINE);
  g_assert_cmpuint (tc_server_get_max_line (tc_server_window_get_server (f->window)), ==, MAX_LINE);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  tc_gui_test_server_window_close (&f->window, &f->peer);
}

static void
test_hostile_lines (Fixture       *f,
                    gconstpointer  data)
{
  static const char invalid_utf8[] = "bad \xff\xfe utf8 \xc3\x28 \xed\xa0\x80 \xf4\x90\x80\x80 end";
  static const char nul_bytes[] = "nul\0in\0the\0middle";
  static const char ansi[] = "\x1b[31mred\x1b[0m \x1b]0;title\x07 \xc2\x85";
  static const char bidi[] = "user\xe2\x80\xae" "gpj.exe";
  TcServer *the_server = tc_server_window_get_server (f->window);
  TcLogModel *log = tc_server_window_get_log_model (f->window);
  GByteArray *sent = g_byte_array_new ();
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GBytes) raw = NULL;
  g_autoptr(GBytes) readable = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *text = NULL;
  g_autofree char *long_line = g_malloc (LONG_LEN);
  g_autofree char *marks = g_malloc (1 + 2 * N_MARKS);
  TcGapProbe probe;
  gsize saved_len;
  guint16 port;

  /* The lines, each with its "\n". */
  g_byte_array_append (sent, (const guint8 *) invalid_utf8, sizeof invalid_utf8 - 1);
  g_byte_array_append (sent, (const guint8 *) "\n", 1);
  g_byte_array_append (sent, (const guint8 *) nul_bytes, sizeof nul_bytes - 1);
  g_byte_array_append (sent, (const guint8 *) "\n", 1);
  g_byte_array_append (sent, (const guint8 *) ansi, sizeof ansi - 1);
  g_byte_array_append (sent, (const guint8 *) "\n", 1);
  g_byte_array_append (sent, (const guint8 *) bidi, sizeof bidi - 1);
  g_byte_array_append (sent, (const guint8 *) "\n", 1);
  marks[0] = 'e';
  for (guint i = 0; i < N_MARKS; i++)
    memcpy (marks + 1 + 2 * i, "\xcc\x81", 2);
  g_byte_array_append (sent, (const guint8 *) marks, 1 + 2 * N_MARKS);
  g_byte_array_append (sent, (const guint8 *) "\n", 1);
  for (guint i = 0; i < LONG_LEN; i++)
    long_line[i] = "0123456789abcdef"[i % 16];
  g_byte_array_append (sent, (const guint8 *) long_line, LONG_LEN);
  g_byte_array_append (sent, (const guint8 *) "\n", 1);

  tc_server_window_set_listen_address (f->window, "127.0.0.1", 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.start", NULL));
  TC_WAIT_UNTIL (context (), tc_server_is_listening (the_server), WAIT_MS);
  port = tc_server_get_port (the_server);
  f->peer = tc_raw_peer_connect (context (), port, 0, TC_RAW_PEER_READ | TC_RAW_PEER_KEEP_INPUT);
  TC_WAIT_UNTIL (context (), tc_server_get_n_clients (the_server) == 1, WAIT_MS);

  /* Everything at once; the window keeps drawing meanwhile. */
  tc_gui_test_gap_probe_start (&probe);
  tc_raw_peer_send_all (f->peer, (const char *) sent->data, sent->len, LONG_WAIT_MS);
  TC_WAIT_UNTIL (context (), n_received_is (log, 6), LONG_WAIT_MS);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  tc_gui_test_gap_probe_stop (&probe);
  g_test_message ("longest main-loop gap %.1f ms", probe.longest / 1000.0);
  g_assert_cmpint (probe.longest, <, 2 * G_USEC_PER_SEC);

  entries = received_entries (log);
  for (guint i = 0; i < entries->len; i++)
    {
      g_autofree char *shown = entry_text (entries, i);
      g_autofree char *formatted = tc_log_entry_format (g_ptr_array_index (entries, i));

      assert_display_safe (shown);
      assert_display_safe (formatted);
      /* Nothing was cut by the server: the limit was raised. */
      g_assert_cmpuint (tc_log_entry_get_discarded (g_ptr_array_index (entries, i)), ==, 0);
    }

  /* Invalid UTF-8: each bad byte as \xNN, the valid text around it kept. */
  text = entry_text (entries, 0);
  g_assert_cmpstr (text, ==, "bad \\xFF\\xFE utf8 \\xC3( \\xED\\xA0\\x80 \\xF4\\x90\\x80\\x80 end");
  g_clear_pointer (&text, g_free);

  /* NUL bytes: visible, and the text after them kept. */
  text = entry_text (entries, 1);
  g_assert_cmpstr (text, ==, "nul\\0in\\0the\\0middle");
  g_clear_pointer (&text, g_free);

  /* Escape sequences: shown, never acted on. */
  text = entry_text (entries, 2);
  g_assert_cmpstr (text, ==, "\\e[31mred\\e[0m \\e]0;title\\a <U+0085>");
  g_clear_pointer (&text, g_free);

  /* A bidi override cannot turn the rest of the line around. */
  text = entry_text (entries, 3);
  g_assert_cmpstr (text, ==, "user<U+202E>gpj.exe");
  g_clear_pointer (&text, g_free);

  /* A million combining marks: a short, readable line. */
  text = entry_text (entries, 4);
  g_assert_true (g_str_has_prefix (text, "e\xcc\x81"));
  g_assert_cmpuint (strlen (text), <, 4096);
  g_clear_pointer (&text, g_free);

  /* The long line: its start, ASCII as sent. */
  text = entry_text (entries, 5);
  g_assert_true (g_str_has_prefix (text, "0123456789abcdef0123456789abcdef"));
  g_clear_pointer (&text, g_free);

  /* Still responsive: the window answers its actions at once. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.select-all-clients",
                                             NULL));
  g_assert_true (tc_send_box_get_can_send (tc_server_window_get_send_box (f->window)));

  /* The bytes received, saved, are exactly the bytes sent, "\n" and all. */
  raw = tc_log_model_serialize (log, TC_LOG_SAVE_RECEIVED);
  g_assert_cmpmem (g_bytes_get_data (raw, NULL), g_bytes_get_size (raw), sent->data, sent->len);

  /* And so is the file saved in that form. */
  dir = g_dir_make_tmp ("tcpchat-hostile-XXXXXX", &error);
  g_assert_no_error (error);
  file = g_file_new_build_filename (dir, "raw.log", NULL);
  g_assert_true (tc_log_model_save (log, file, TC_LOG_SAVE_RECEIVED, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_load_contents (file, NULL, &saved, &saved_len, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (saved, saved_len, sent->data, sent->len);
  g_file_delete (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_rmdir (dir), ==, 0);

  /* The readable form is display-safe text, one entry a line. */
  readable = tc_log_model_serialize (log, TC_LOG_SAVE_READABLE);
  g_assert_true (g_utf8_validate (g_bytes_get_data (readable, NULL), g_bytes_get_size (readable),
                                  NULL));
  g_assert_null (memchr (g_bytes_get_data (readable, NULL), '\0', g_bytes_get_size (readable)));
  g_assert_null (memchr (g_bytes_get_data (readable, NULL), '\x1b', g_bytes_get_size (readable)));

  g_byte_array_unref (sent);
}

int
main (int   argc,
      char *argv[])
{
  tc_gui_test_init (&argc, &argv);
  if (!tc_gui_test_init_gtk ("/hostile-window/display"))
    return g_test_run ();

  g_test_add ("/hostile-window/lines", Fixture, NULL,
              fixture_setup, test_hostile_lines, fixture_teardown);

  return g_test_run ();
}
