/* test-saved-messages.c: the saved messages' list, their key file both ways, and bad files
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "tc-saved-messages.h"

static void
assert_bytes (GBytes     *bytes,
              const char *expected,
              gsize       len)
{
  g_assert_nonnull (bytes);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), expected, len);
}

static void
add_ok (TcSavedMessages *list,
        const char      *name,
        const char      *text,
        TcInputMode      mode,
        TcLineEnding     ending,
        const char      *encoding)
{
  g_autoptr(TcSavedMessage) message = tc_saved_message_new (name, text, mode, ending, encoding);
  g_autoptr(GError) error = NULL;

  g_assert_true (tc_saved_messages_add (list, message, &error));
  g_assert_no_error (error);
}

/* Every mode survives the file: a line break and a backslash in text, an
 * edge space and a line break in escapes, line breaks in hex. */
static void
test_round_trip (void)
{
  g_autoptr(TcSavedMessages) list = tc_saved_messages_new ();
  g_autoptr(TcSavedMessages) back = tc_saved_messages_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize len = 0;

  add_ok (list, "two lines", "a\\b\nc", TC_INPUT_MODE_TEXT, TC_LINE_ENDING_CRLF, NULL);
  add_ok (list, "stx", " \\x02A\nB\\x03 ", TC_INPUT_MODE_ESCAPES, TC_LINE_ENDING_NONE, NULL);
  add_ok (list, "raw", "48 65\n6C\t6C 6F\n", TC_INPUT_MODE_HEX, TC_LINE_ENDING_CR, NULL);
  add_ok (list, "gb", "你好", TC_INPUT_MODE_TEXT, TC_LINE_ENDING_LF, "GB18030");

  data = tc_saved_messages_to_data (list, &len);
  g_assert_true (tc_saved_messages_load_from_data (back, data, len, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (back)), ==, 4);

  for (guint i = 0; i < 4; i++)
    {
      TcSavedMessage *a = tc_saved_messages_get (list, i);
      TcSavedMessage *b = tc_saved_messages_get (back, i);
      g_autoptr(GBytes) bytes_a = tc_saved_message_to_bytes (a, NULL, NULL);
      g_autoptr(GBytes) bytes_b = tc_saved_message_to_bytes (b, NULL, NULL);

      g_assert_cmpstr (tc_saved_message_get_name (a), ==, tc_saved_message_get_name (b));
      g_assert_cmpint (tc_saved_message_get_mode (a), ==, tc_saved_message_get_mode (b));
      g_assert_cmpint (tc_saved_message_get_line_ending (a), ==,
                       tc_saved_message_get_line_ending (b));
      g_assert_cmpstr (tc_saved_message_get_encoding (a), ==, tc_saved_message_get_encoding (b));
      g_assert_true (g_bytes_equal (bytes_a, bytes_b));
    }

  /* Text mode keeps the very text; the bytes of the others. */
  g_assert_cmpstr (tc_saved_message_get_text (tc_saved_messages_get (back, 0)), ==, "a\\b\nc");
  {
    g_autoptr(GBytes) stx = tc_saved_message_to_bytes (tc_saved_messages_get (back, 1), NULL,
                                                       NULL);
    g_autoptr(GBytes) gb = tc_saved_message_to_bytes (tc_saved_messages_get (back, 3), "UTF-8",
                                                      NULL);

    assert_bytes (stx, " \x02" "A\nB\x03 ", 7);
    assert_bytes (gb, "\xC4\xE3\xBA\xC3", 4);
  }
}

/* A file a person wrote: escapes as typed, no GKeyFile escaping needed;
 * defaults for the keys left out. */
static void
test_hand_written (void)
{
  static const char file[] =
    "# a device's commands\n"
    "[message idn]\n"
    "text=*IDN?\n"
    "line-ending=crlf\n"
    "\n"
    "[message frame]\n"
    "mode=escapes\n"
    "text=\\x02READ\\x03\n"
    "[message poll]\n"
    "mode=hex\n"
    "text=01 03 00 00 00 0A C5 CD\n";
  g_autoptr(TcSavedMessages) list = tc_saved_messages_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) frame = NULL;
  g_autoptr(GBytes) poll = NULL;
  TcSavedMessage *idn;

  g_assert_true (tc_saved_messages_load_from_data (list, file, strlen (file), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 3);

  idn = tc_saved_messages_get (list, 0);
  g_assert_cmpstr (tc_saved_message_get_name (idn), ==, "idn");
  g_assert_cmpint (tc_saved_message_get_mode (idn), ==, TC_INPUT_MODE_TEXT);
  g_assert_cmpint (tc_saved_message_get_line_ending (idn), ==, TC_LINE_ENDING_CRLF);
  g_assert_null (tc_saved_message_get_encoding (idn));
  g_assert_cmpint (tc_saved_messages_find (list, "poll"), ==, 2);
  g_assert_cmpint (tc_saved_messages_find (list, "nothing"), ==, -1);

  frame = tc_saved_message_to_bytes (tc_saved_messages_get (list, 1), NULL, NULL);
  assert_bytes (frame, "\x02READ\x03", 6);
  g_assert_cmpint (tc_saved_message_get_line_ending (tc_saved_messages_get (list, 1)), ==,
                   TC_LINE_ENDING_LF);
  poll = tc_saved_message_to_bytes (tc_saved_messages_get (list, 2), NULL, NULL);
  assert_bytes (poll, "\x01\x03\x00\x00\x00\x0A\xC5\xCD", 8);
}

/* Each mistake is said with the group and the key; the list keeps what
 * it had. */
static void
test_bad_files (void)
{
  static const struct
  {
    const char *data;
    int         code;
    const char *words;
  } cases[] = {
    { "not a key file\n", TC_SAVED_MESSAGES_ERROR_PARSE, "Not a saved messages file" },
    { "[rule x]\ntext=a\n", TC_SAVED_MESSAGES_ERROR_PARSE, "[rule x]: expected a group" },
    { "[message a]\ntxt=a\n", TC_SAVED_MESSAGES_ERROR_PARSE, "unknown key “txt”" },
    { "[message a]\nmode=binary\ntext=a\n", TC_SAVED_MESSAGES_ERROR_INVALID,
      "mode=binary: expected text, escapes or hex" },
    { "[message a]\nline-ending=lfcr\ntext=a\n", TC_SAVED_MESSAGES_ERROR_INVALID,
      "line-ending=lfcr" },
    { "[message a]\nmode=hex\n", TC_SAVED_MESSAGES_ERROR_PARSE, "[message a]: text:" },
    { "[message a]\nmode=hex\ntext=4G\n", TC_SAVED_MESSAGES_ERROR_INVALID, "Message “a”: " },
    { "[message a]\nmode=escapes\ntext=\\q\n", TC_SAVED_MESSAGES_ERROR_INVALID,
      "Message “a”: " },
    { "[message a]\ntext=a\nencoding=EBCDIC-9\n", TC_SAVED_MESSAGES_ERROR_INVALID,
      "unknown encoding “EBCDIC-9”" },
    { "[message ]\ntext=a\n", TC_SAVED_MESSAGES_ERROR_INVALID, "needs a name" },
  };
  g_autoptr(TcSavedMessages) list = tc_saved_messages_new ();

  add_ok (list, "kept", "x", TC_INPUT_MODE_TEXT, TC_LINE_ENDING_LF, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("case %" G_GSIZE_FORMAT ": %s", i, cases[i].data);
      g_assert_false (tc_saved_messages_load_from_data (list, cases[i].data,
                                                        strlen (cases[i].data), &error));
      g_assert_error (error, TC_SAVED_MESSAGES_ERROR, cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].words));
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
    }
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  GString    *log)
{
  g_string_append_printf (log, "%u-%u+%u ", position, removed, added);
}

static char *
names (TcSavedMessages *list)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    g_string_append_printf (out, "%s%s", i > 0 ? "," : "",
                            tc_saved_message_get_name (tc_saved_messages_get (list, i)));
  return g_string_free (out, FALSE);
}

/* Add, edit, reorder, delete: the model says what changed; names stay
 * unique; a bad name or text is refused with its reason. */
static void
test_edit (void)
{
  g_autoptr(TcSavedMessages) list = tc_saved_messages_new ();
  g_autoptr(GString) log = g_string_new (NULL);
  g_autoptr(TcSavedMessage) dup = NULL;
  g_autoptr(TcSavedMessage) renamed = NULL;
  g_autoptr(TcSavedMessage) clash = NULL;
  g_autoptr(TcSavedMessage) bracket = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *after_move = NULL;
  g_autofree char *after_remove = NULL;

  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), log);
  add_ok (list, "a", "1", TC_INPUT_MODE_TEXT, TC_LINE_ENDING_LF, NULL);
  add_ok (list, "b", "2", TC_INPUT_MODE_TEXT, TC_LINE_ENDING_LF, NULL);
  add_ok (list, "c", "3", TC_INPUT_MODE_TEXT, TC_LINE_ENDING_LF, NULL);

  dup = tc_saved_message_new ("b", "x", TC_INPUT_MODE_TEXT, TC_LINE_ENDING_LF, NULL);
  g_assert_false (tc_saved_messages_add (list, dup, &error));
  g_assert_error (error, TC_SAVED_MESSAGES_ERROR, TC_SAVED_MESSAGES_ERROR_DUPLICATE);
  g_clear_error (&error);

  bracket = tc_saved_message_new ("a]b", "x", TC_INPUT_MODE_TEXT, TC_LINE_ENDING_LF, NULL);
  g_assert_false (tc_saved_messages_add (list, bracket, &error));
  g_assert_error (error, TC_SAVED_MESSAGES_ERROR, TC_SAVED_MESSAGES_ERROR_INVALID);
  g_clear_error (&error);

  /* An edit may keep its own name, not take another's. */
  renamed = tc_saved_message_new ("b", "two", TC_INPUT_MODE_TEXT, TC_LINE_ENDING_CR, NULL);
  g_assert_true (tc_saved_messages_replace (list, 1, renamed, &error));
  g_assert_no_error (error);
  clash = tc_saved_message_new ("a", "x", TC_INPUT_MODE_TEXT, TC_LINE_ENDING_LF, NULL);
  g_assert_false (tc_saved_messages_replace (list, 1, clash, &error));
  g_assert_error (error, TC_SAVED_MESSAGES_ERROR, TC_SAVED_MESSAGES_ERROR_DUPLICATE);

  tc_saved_messages_move (list, 2, 0);
  after_move = names (list);
  g_assert_cmpstr (after_move, ==, "c,a,b");
  tc_saved_messages_remove (list, 1);
  after_remove = names (list);
  g_assert_cmpstr (after_remove, ==, "c,b");
  g_assert_cmpstr (tc_saved_message_get_text (tc_saved_messages_get (list, 1)), ==, "two");
  g_assert_cmpstr (log->str, ==, "0-0+1 1-0+1 2-0+1 1-1+1 0-3+3 1-1+0 ");
}

/* Kept across runs: saved in the user's config folder (made if needed),
 * read back; a missing file says so by its code. */
static void
test_file (void)
{
  g_autoptr(TcSavedMessages) list = tc_saved_messages_new ();
  g_autoptr(TcSavedMessages) back = tc_saved_messages_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = tc_saved_messages_default_path ();
  g_autofree char *missing = g_build_filename (g_get_user_config_dir (), "none.ini", NULL);
  GStatBuf st;

  g_assert_true (g_str_has_prefix (path, g_get_user_config_dir ()));
  g_assert_false (tc_saved_messages_load_from_file (back, missing, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_error (&error);

  add_ok (list, "hello", "hello", TC_INPUT_MODE_TEXT, TC_LINE_ENDING_CRLF, NULL);
  g_assert_true (tc_saved_messages_save_to_file (list, path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  g_assert_true (tc_saved_messages_load_from_file (back, path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (tc_saved_messages_find (back, "hello"), ==, 0);

  /* A bad file names itself. */
  g_assert_true (g_file_set_contents (path, "[oops]\n", -1, NULL));
  g_assert_false (tc_saved_messages_load_from_file (back, path, &error));
  g_assert_true (g_str_has_prefix (error->message, path));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (back)), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  /* A config folder of the test's own, set before GLib reads it (GLib's
   * G_TEST_OPTION_ISOLATE_DIRS leaks a little per test, which the leak
   * checker would report). */
  g_autofree char *config = g_dir_make_tmp ("tcpchat-saved-XXXXXX", NULL);
  g_autofree char *tcpchat_dir = g_build_filename (config, "tcpchat", NULL);
  int status;

  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/saved-messages/round-trip", test_round_trip);
  g_test_add_func ("/saved-messages/hand-written", test_hand_written);
  g_test_add_func ("/saved-messages/bad-files", test_bad_files);
  g_test_add_func ("/saved-messages/edit", test_edit);
  g_test_add_func ("/saved-messages/file", test_file);

  status = g_test_run ();
  {
    g_autofree char *path = tc_saved_messages_default_path ();

    g_unlink (path);
  }
  g_rmdir (tcpchat_dir);
  g_rmdir (config);
  return status;
}
