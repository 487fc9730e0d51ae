/* test-typed-input.c: typed text, hex and escapes read as bytes in an encoding; line endings
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "tc-bytes-format.h"
#include "tc-error.h"
#include "tc-typed-input.h"

static void
assert_bytes (GBytes     *bytes,
              const char *expected,
              gsize       len)
{
  g_assert_nonnull (bytes);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), expected, len);
}

/* Escapes give their bytes; a \u{…} and the text around are converted to
 * the encoding, the \xHH bytes are kept as they are. */
static void
test_escapes_in_encodings (void)
{
  g_autoptr(GBytes) utf8 = NULL;
  g_autoptr(GBytes) gb = NULL;
  g_autoptr(GBytes) sjis = NULL;

  utf8 = tc_typed_input_to_bytes ("a\\t\\x00你\\u{597D}\\\\", -1, TC_INPUT_MODE_ESCAPES,
                                  NULL, NULL, NULL);
  assert_bytes (utf8, "a\t\0\xE4\xBD\xA0\xE5\xA5\xBD\\", 10);

  gb = tc_typed_input_to_bytes ("a\\t\\xFF你\\u{597D}\\r\\n", -1, TC_INPUT_MODE_ESCAPES,
                                "GB18030", NULL, NULL);
  assert_bytes (gb, "a\t\xFF\xC4\xE3\xBA\xC3\r\n", 9);

  /* 表 is 0x95 0x5C in Shift_JIS: its second byte is no backslash to read. */
  sjis = tc_typed_input_to_bytes ("表\\n", -1, TC_INPUT_MODE_ESCAPES, "Shift_JIS", NULL, NULL);
  assert_bytes (sjis, "\x95\x5C\n", 3);
}

/* Errors name the place, as a character offset for an editor. */
static void
test_errors (void)
{
  g_autoptr(GError) error = NULL;
  GBytes *bytes;
  gsize offset = 0;

  bytes = tc_typed_input_to_bytes ("你好 \\q", -1, TC_INPUT_MODE_ESCAPES, NULL, &offset, &error);
  g_assert_null (bytes);
  g_assert_error (error, TC_ERROR, TC_ERROR_INVALID_ESCAPE);
  g_assert_cmpuint (offset, ==, 3);
  g_clear_error (&error);

  /* A character the encoding cannot write, typed or escaped. */
  bytes = tc_typed_input_to_bytes ("ab€", -1, TC_INPUT_MODE_ESCAPES, "ISO-8859-1", &offset,
                                   &error);
  g_assert_null (bytes);
  g_assert_error (error, TC_BYTES_ERROR, TC_BYTES_ERROR_UNREPRESENTABLE);
  g_assert_cmpuint (offset, ==, 2);
  g_clear_error (&error);

  bytes = tc_typed_input_to_bytes ("é\\u{20AC}", -1, TC_INPUT_MODE_ESCAPES, "ISO-8859-1",
                                   &offset, &error);
  g_assert_null (bytes);
  g_assert_error (error, TC_BYTES_ERROR, TC_BYTES_ERROR_UNREPRESENTABLE);
  g_assert_cmpuint (offset, ==, 1);
  g_assert_nonnull (strstr (error->message, "\\u{20AC}"));
  g_clear_error (&error);

  bytes = tc_typed_input_to_bytes ("48 6", -1, TC_INPUT_MODE_HEX, NULL, &offset, &error);
  g_assert_null (bytes);
  g_assert_error (error, TC_BYTES_ERROR, TC_BYTES_ERROR_ODD_DIGITS);
}

static void
test_line_endings (void)
{
  static const char * const names[] = { "lf", "crlf", "cr", "none" };
  static const char * const bytes[] = { "\n", "\r\n", "\r", "" };
  TcLineEnding ending;
  TcInputMode mode;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      gsize len;

      g_assert_true (tc_line_ending_parse (names[i], &ending));
      g_assert_cmpint (ending, ==, (int) i);
      g_assert_cmpstr (tc_line_ending_to_string (ending), ==, names[i]);
      g_assert_cmpstr (tc_line_ending_get_bytes (ending, &len), ==, bytes[i]);
      g_assert_cmpuint (len, ==, strlen (bytes[i]));
    }
  g_assert_true (tc_line_ending_parse ("CRLF", &ending));
  g_assert_false (tc_line_ending_parse ("lfcr", &ending));
  g_assert_false (tc_line_ending_parse (NULL, &ending));

  g_assert_true (tc_input_mode_parse ("escapes", &mode));
  g_assert_cmpint (mode, ==, TC_INPUT_MODE_ESCAPES);
  g_assert_false (tc_input_mode_parse ("octal", &mode));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/typed-input/escapes-in-encodings", test_escapes_in_encodings);
  g_test_add_func ("/typed-input/errors", test_errors);
  g_test_add_func ("/typed-input/line-endings", test_line_endings);

  return g_test_run ();
}
