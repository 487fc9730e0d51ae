/* test-framing.c: framing specs and escapes, good and bad, with their messages
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "tc-delimiter-framer.h"
#include "tc-error.h"
#include "tc-escapes.h"
#include "tc-fixed-framer.h"
#include "tc-framing.h"
#include "tc-line-framer.h"
#include "tc-raw-framer.h"

static void
test_escapes_good (void)
{
  static const struct { const char *text; const char *bytes; gsize len; } cases[] = {
    { "", "", 0 },
    { "plain", "plain", 5 },
    { "\\r\\n", "\r\n", 2 },
    { "a\\tb\\0c", "a\tb\0c", 5 },
    { "\\e[0m", "\x1b[0m", 4 },
    { "\\\\x41", "\\x41", 4 },
    { "\\x03\\xff\\xAb", "\x03\xff\xab", 3 },
    { "\\u{41}\\u{4F60}\\u{1F600}", "A\xe4\xbd\xa0\xf0\x9f\x98\x80", 8 },
    { "你好\\n", "你好\n", 7 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = tc_escapes_parse (cases[i].text, -1, &error);
      g_autofree char *formatted = NULL;
      g_autoptr(GBytes) again = NULL;

      g_assert_no_error (error);
      g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                       cases[i].bytes, cases[i].len);

      /* formatting gives text that parses back to the same bytes */
      formatted = tc_escapes_format (cases[i].bytes, cases[i].len);
      again = tc_escapes_parse (formatted, -1, &error);
      g_assert_no_error (error);
      g_assert_true (g_bytes_equal (bytes, again));
    }
}

static void
test_escapes_bad (void)
{
  static const struct { const char *text; gsize offset; const char *message; } cases[] = {
    { "ab\\q", 2, "Unknown escape \\q at position 3: use \\r \\n \\t \\0 \\e \\\\ \\xHH or \\u{…}" },
    { "x\\", 1, "A lone \\ at the end (position 2): write \\\\ for a backslash" },
    { "\\x4", 0, "\\x at position 1 needs two hex digits, as in \\x03" },
    { "\\xg0", 0, "\\x at position 1 needs two hex digits, as in \\x03" },
    { "ok\\u41", 2, "\\u at position 3 needs a code point in braces, as in \\u{4F60}" },
    { "\\u{}", 0, "\\u{ at position 1 needs 1 to 6 hex digits and a closing }" },
    { "\\u{1234567}", 0, "\\u{ at position 1 needs 1 to 6 hex digits and a closing }" },
    { "\\u{41", 0, "\\u{ at position 1 needs 1 to 6 hex digits and a closing }" },
    { "\\u{D800}", 0, "\\u{D800} at position 1 is not a Unicode character" },
    { "\\u{110000}", 0, "\\u{110000} at position 1 is not a Unicode character" },
    { "\\你", 0, "Unknown escape \\你 at position 1: use \\r \\n \\t \\0 \\e \\\\ \\xHH or \\u{…}" },
    { "\\\x01", 0, "Unknown escape \\x01 at position 1: use \\r \\n \\t \\0 \\e \\\\ \\xHH or \\u{…}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gsize offset = G_MAXSIZE;
      g_autoptr(GBytes) bytes = tc_escapes_parse_full (cases[i].text, -1, &offset, &error);

      g_assert_null (bytes);
      g_assert_error (error, TC_ERROR, TC_ERROR_INVALID_ESCAPE);
      g_assert_cmpstr (error->message, ==, cases[i].message);
      g_assert_cmpuint (offset, ==, cases[i].offset);
    }
}

/* A length, not a NUL, ends the text: a NUL in it is a byte like another. */
static void
test_escapes_length (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = tc_escapes_parse ("a\0b\\n", 5, &error);

  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), "a\0b\n", 4);
}

static void
test_framing_good (void)
{
  static const struct { const char *spec; const char *canonical; TcFramingMode mode; GType type; } cases[] = {
    { "lines", "lines", TC_FRAMING_MODE_LINES, 0 },
    { "LINES", "lines", TC_FRAMING_MODE_LINES, 0 },
    { "raw", "raw", TC_FRAMING_MODE_RAW, 0 },
    { "raw:0", "raw", TC_FRAMING_MODE_RAW, 0 },
    { "raw:250", "raw:250", TC_FRAMING_MODE_RAW, 0 },
    { "delimiter:\\r\\n", "delimiter:\\r\\n", TC_FRAMING_MODE_DELIMITER, 0 },
    { "delimiter:\\x03", "delimiter:\\x03", TC_FRAMING_MODE_DELIMITER, 0 },
    { "delimiter:END", "delimiter:END", TC_FRAMING_MODE_DELIMITER, 0 },
    { "delimiter::", "delimiter::", TC_FRAMING_MODE_DELIMITER, 0 },
    { "delimiter:\\u{4F60}", "delimiter:\\xE4\\xBD\\xA0", TC_FRAMING_MODE_DELIMITER, 0 },
    { "fixed:1", "fixed:1", TC_FRAMING_MODE_FIXED, 0 },
    { "fixed:16777216", "fixed:16777216", TC_FRAMING_MODE_FIXED, 0 },
    { "length:u8", "length:u8", TC_FRAMING_MODE_LENGTH, 0 },
    { "length:u16be", "length:u16be", TC_FRAMING_MODE_LENGTH, 0 },
    { "length:U16LE", "length:u16le", TC_FRAMING_MODE_LENGTH, 0 },
    { "length:u32be", "length:u32be", TC_FRAMING_MODE_LENGTH, 0 },
    { "length:u32le", "length:u32le", TC_FRAMING_MODE_LENGTH, 0 },
  };
  GType types[] = {
    [TC_FRAMING_MODE_LINES] = TC_TYPE_LINE_FRAMER,
    [TC_FRAMING_MODE_RAW] = TC_TYPE_RAW_FRAMER,
    [TC_FRAMING_MODE_DELIMITER] = TC_TYPE_DELIMITER_FRAMER,
    [TC_FRAMING_MODE_FIXED] = TC_TYPE_FIXED_FRAMER,
    [TC_FRAMING_MODE_LENGTH] = TC_TYPE_LENGTH_FRAMER,
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TcFraming) framing = tc_framing_parse (cases[i].spec, &error);
      g_autoptr(TcFraming) again = NULL;
      g_autoptr(TcFramer) framer = NULL;
      g_autofree char *text = NULL;

      g_assert_no_error (error);
      g_assert_cmpint (tc_framing_get_mode (framing), ==, cases[i].mode);

      text = tc_framing_to_string (framing);
      g_assert_cmpstr (text, ==, cases[i].canonical);
      again = tc_framing_parse (text, &error);
      g_assert_no_error (error);
      g_assert_true (tc_framing_equal (framing, again));

      framer = tc_framing_create_framer (framing, 1000);
      g_assert_true (G_TYPE_CHECK_INSTANCE_TYPE (framer, types[cases[i].mode]));
      g_assert_cmpuint (tc_framer_get_max_size (framer), ==, 1000);
    }
}

static void
test_framing_bad (void)
{
  static const struct { const char *spec; const char *message; } cases[] = {
    { "", "Unknown framing \"\": use lines, raw, raw:GAP_MS, delimiter:ESCAPED, fixed:N, "
          "length:u8|u16be|u16le|u32be|u32le" },
    { "frames", "Unknown framing \"frames\": use lines, raw, raw:GAP_MS, delimiter:ESCAPED, "
                "fixed:N, length:u8|u16be|u16le|u32be|u32le" },
    { "lines:crlf", "lines: takes no value (a line ends with \\n or \\r\\n); "
                    "for another end use delimiter:ESCAPED" },
    { "raw:fast", "raw: the idle gap in ms must be a whole number between 0 and 60000, not \"fast\"" },
    { "raw:60001", "raw: the idle gap in ms must be a whole number between 0 and 60000, not \"60001\"" },
    { "raw:-1", "raw: the idle gap in ms must be a whole number between 0 and 60000, not \"-1\"" },
    { "delimiter", "delimiter: empty: give the bytes that end a message, "
                   "e.g. delimiter:\\r\\n or delimiter:\\x03" },
    { "delimiter:", "delimiter: empty: give the bytes that end a message, "
                    "e.g. delimiter:\\r\\n or delimiter:\\x03" },
    { "delimiter:ab\\q", "delimiter: Unknown escape \\q at position 3: use \\r \\n \\t \\0 \\e "
                         "\\\\ \\xHH or \\u{…}" },
    { "delimiter:\\x0", "delimiter: \\x at position 1 needs two hex digits, as in \\x03" },
    { "delimiter:0123456789012345678901234567890123456789012345678901234567890123456789",
      "delimiter: 70 bytes is too long: at most 64" },
    { "fixed", "fixed: the size is missing: fixed:N, N bytes a message" },
    { "fixed:0", "fixed: N must be a whole number between 1 and 16777216, not \"0\"" },
    { "fixed:16777217", "fixed: N must be a whole number between 1 and 16777216, not \"16777217\"" },
    { "fixed:12x", "fixed: N must be a whole number between 1 and 16777216, not \"12x\"" },
    { "length", "length: unknown prefix \"\": use u8, u16be, u16le, u32be or u32le" },
    { "length:u16", "length: unknown prefix \"u16\": use u8, u16be, u16le, u32be or u32le" },
    { "length:u64be", "length: unknown prefix \"u64be\": use u8, u16be, u16le, u32be or u32le" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TcFraming) framing = tc_framing_parse (cases[i].spec, &error);

      g_assert_null (framing);
      g_assert_error (error, TC_ERROR, TC_ERROR_INVALID_FRAMING);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

static void
test_framing_boxed (void)
{
  g_autoptr(TcFraming) lines = tc_framing_new_lines ();
  g_autoptr(TcFraming) raw = tc_framing_new_raw (5);
  TcFraming *copy = g_boxed_copy (TC_TYPE_FRAMING, raw);

  g_assert_true (copy == raw);
  g_assert_false (tc_framing_equal (lines, raw));
  g_assert_cmpuint (tc_framing_get_idle_gap_ms (copy), ==, 5);
  g_boxed_free (TC_TYPE_FRAMING, copy);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/escapes/good", test_escapes_good);
  g_test_add_func ("/escapes/bad", test_escapes_bad);
  g_test_add_func ("/escapes/length", test_escapes_length);
  g_test_add_func ("/framing/good", test_framing_good);
  g_test_add_func ("/framing/bad", test_framing_bad);
  g_test_add_func ("/framing/boxed", test_framing_boxed);

  return g_test_run ();
}
