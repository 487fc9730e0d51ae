/* test-message-analysis.c: what the inspector says of a message's bytes
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "tc-bytes-format.h"
#include "tc-message-analysis.h"

static char *
offsets_text (TcMessageAnalysis *analysis,
              gboolean           invalid)
{
  return invalid
    ? tc_message_format_offsets (analysis->invalid, analysis->n_invalid, 10)
    : tc_message_format_offsets (analysis->controls, analysis->n_controls, 10);
}

/* UTF-8: each byte that starts no valid character is an offset, a
 * character cut short at the end included. */
static void
test_invalid_utf8 (void)
{
  static const guint8 data[] = "ok\xFF\xC3\xA9x\xE4\xBD";
  g_autoptr(TcMessageAnalysis) analysis = NULL;
  g_autofree char *text = NULL;

  analysis = tc_message_analysis_new (data, sizeof data - 1, NULL, NULL);
  g_assert_nonnull (analysis);
  text = offsets_text (analysis, TRUE);
  g_assert_cmpstr (text, ==, "2, 6, 7");
  g_assert_cmpuint (analysis->n_invalid, ==, 3);
}

/* GB18030: 你好 is valid; 0xFF is not, nor a lead byte with nothing after. */
static void
test_invalid_gb18030 (void)
{
  static const guint8 data[] = "\xC4\xE3\xBA\xC3\xFF" "A\x81";
  g_autoptr(TcMessageAnalysis) analysis = NULL;
  g_autoptr(TcMessageAnalysis) as_utf8 = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  analysis = tc_message_analysis_new (data, sizeof data - 1, "gbk", &error);
  g_assert_no_error (error);
  text = offsets_text (analysis, TRUE);
  g_assert_cmpstr (text, ==, "4, 6");

  /* The same bytes are all wrong in UTF-8 but for the "A". */
  as_utf8 = tc_message_analysis_new (data, sizeof data - 1, "UTF-8", NULL);
  g_assert_cmpuint (as_utf8->n_invalid, ==, 6);

  g_assert_null (tc_message_analysis_new (data, 1, "KOI8-R", &error));
  g_assert_error (error, TC_BYTES_ERROR, TC_BYTES_ERROR_UNKNOWN_ENCODING);
  g_assert_nonnull (strstr (error->message, "KOI8-R"));
}

static void
test_controls_bom_and_endings (void)
{
  static const guint8 data[] = "\xEF\xBB\xBF" "a\r\nb\nc\rd\te\x7F";
  g_autoptr(TcMessageAnalysis) analysis = NULL;
  g_autoptr(TcMessageAnalysis) plain = NULL;
  g_autoptr(TcMessageAnalysis) crlf = NULL;
  g_autofree char *text = NULL;

  analysis = tc_message_analysis_new (data, sizeof data - 1, NULL, NULL);
  text = offsets_text (analysis, FALSE);
  g_assert_cmpstr (text, ==, "4, 5, 7, 9, 11, 13");
  g_assert_cmpint (analysis->bom, ==, TC_MESSAGE_BOM_UTF8);
  g_assert_cmpuint (analysis->n_crlf, ==, 1);
  g_assert_cmpuint (analysis->n_lf, ==, 1);
  g_assert_cmpuint (analysis->n_cr, ==, 1);
  g_assert_true (tc_message_analysis_mixed_endings (analysis));
  g_assert_cmpuint (analysis->n_invalid, ==, 0);

  plain = tc_message_analysis_new ((const guint8 *) "\xFF\xFEx", 3, "ISO-8859-1", NULL);
  g_assert_cmpint (plain->bom, ==, TC_MESSAGE_BOM_UTF16_LE);
  g_assert_cmpuint (plain->n_invalid, ==, 0);

  /* CRLF on every line is one kind, not mixed; a CR at the very end is a CR. */
  crlf = tc_message_analysis_new ((const guint8 *) "a\r\nb\r\n", 6, NULL, NULL);
  g_assert_false (tc_message_analysis_mixed_endings (crlf));
  g_assert_cmpuint (crlf->n_crlf, ==, 2);
}

/* Offsets are bounded; the count is not. */
static void
test_offsets_bounded (void)
{
  gsize len = 3 * TC_MESSAGE_ANALYSIS_MAX_OFFSETS;
  g_autofree guint8 *data = g_malloc (len);
  g_autoptr(TcMessageAnalysis) analysis = NULL;
  g_autofree char *text = NULL;
  g_autofree char *none = NULL;
  g_autoptr(GArray) empty = g_array_new (FALSE, FALSE, sizeof (gsize));

  memset (data, 0xFF, len);
  analysis = tc_message_analysis_new (data, len, NULL, NULL);
  g_assert_cmpuint (analysis->invalid->len, ==, TC_MESSAGE_ANALYSIS_MAX_OFFSETS);
  g_assert_cmpuint (analysis->n_invalid, ==, len);
  text = tc_message_format_offsets (analysis->invalid, analysis->n_invalid, 3);
  g_assert_cmpstr (text, ==, "0, 1, 2 and 2997 more");
  none = tc_message_format_offsets (empty, 0, 3);
  g_assert_cmpstr (none, ==, "none");
}

static void
test_ending (void)
{
  g_assert_cmpint (tc_message_ending_classify (NULL, 0), ==, TC_MESSAGE_ENDING_NONE);
  g_assert_cmpint (tc_message_ending_classify ("\n", 1), ==, TC_MESSAGE_ENDING_LF);
  g_assert_cmpint (tc_message_ending_classify ("\r\n", 2), ==, TC_MESSAGE_ENDING_CRLF);
  g_assert_cmpint (tc_message_ending_classify ("\r", 1), ==, TC_MESSAGE_ENDING_CR);
  g_assert_cmpint (tc_message_ending_classify ("\x03", 1), ==, TC_MESSAGE_ENDING_DELIMITER);
  g_assert_cmpint (tc_message_ending_classify ("END", 3), ==, TC_MESSAGE_ENDING_DELIMITER);
}

static void
test_dump (void)
{
  static const guint8 data[] = "Hello, world!\r\n\0\x01" "AB";
  gsize len = sizeof data - 1;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  g_autofree char *empty = NULL;

  g_assert_cmpuint (len, ==, 19);
  g_assert_cmpuint (tc_message_dump_n_lines (len, TC_MESSAGE_DUMP_WIDTH), ==, 2);
  g_assert_cmpuint (tc_message_dump_n_lines (0, TC_MESSAGE_DUMP_WIDTH), ==, 1);
  g_assert_cmpuint (tc_message_dump_n_lines (32, TC_MESSAGE_DUMP_WIDTH), ==, 2);
  g_assert_cmpuint (tc_message_dump_n_lines (33, TC_MESSAGE_DUMP_WIDTH), ==, 3);

  first = tc_message_dump_line (data, len, 0, TC_MESSAGE_DUMP_WIDTH);
  g_assert_cmpstr (first, ==,
                   "00000000  48 65 6C 6C 6F 2C 20 77  6F 72 6C 64 21 0D 0A 00  Hello, world!...");
  last = tc_message_dump_line (data, len, 1, TC_MESSAGE_DUMP_WIDTH);
  g_assert_cmpstr (last, ==,
                   "00000010  01 41 42                                          .AB");
  /* Every line's text starts in the same column. */
  g_assert_cmpuint (strstr (first, "Hello") - first, ==, strstr (last, ".AB") - last);
  empty = tc_message_dump_line (NULL, 0, 0, TC_MESSAGE_DUMP_WIDTH);
  g_assert_true (g_str_has_prefix (empty, "00000000 "));
  g_assert_cmpuint (strlen (first), ==, tc_message_dump_line_chars (TC_MESSAGE_DUMP_WIDTH));
}

/* A narrow pane's dump: 8 bytes a line, in two halves of 4. */
static void
test_dump_narrow (void)
{
  static const guint8 data[] = "Hello, world!";
  g_autofree char *first = tc_message_dump_line (data, 13, 0, TC_MESSAGE_DUMP_NARROW_WIDTH);
  g_autofree char *last = tc_message_dump_line (data, 13, 1, TC_MESSAGE_DUMP_NARROW_WIDTH);

  g_assert_cmpuint (tc_message_dump_n_lines (13, TC_MESSAGE_DUMP_NARROW_WIDTH), ==, 2);
  g_assert_cmpstr (first, ==, "00000000  48 65 6C 6C  6F 2C 20 77  Hello, w");
  g_assert_cmpstr (last, ==, "00000008  6F 72 6C 64  21           orld!");
  g_assert_cmpuint (strlen (first), ==, tc_message_dump_line_chars (TC_MESSAGE_DUMP_NARROW_WIDTH));
}

/* A dump of 1 MiB line by line stays linear: the last line is as quick
 * to make as the first (the inspector makes only those shown). */
static void
test_dump_large (void)
{
  gsize len = 1024 * 1024 + 5;
  g_autofree guint8 *data = g_malloc (len);
  g_autofree char *last = NULL;
  gsize n;

  for (gsize i = 0; i < len; i++)
    data[i] = (guint8) i;
  n = tc_message_dump_n_lines (len, TC_MESSAGE_DUMP_WIDTH);
  g_assert_cmpuint (n, ==, 65537);
  last = tc_message_dump_line (data, len, n - 1, TC_MESSAGE_DUMP_WIDTH);
  g_assert_true (g_str_has_prefix (last, "00100000  00 01 02 03 04 "));
}

static void
test_c_array (void)
{
  static const guint8 data[] = { 0x48, 0x69, 0x00, 0xFF, 1, 2, 3, 4, 5, 6, 7, 8, 9 };
  g_autofree char *text = tc_message_format_c_array (data, sizeof data);
  g_autofree char *empty = tc_message_format_c_array (NULL, 0);

  g_assert_cmpstr (text, ==,
                   "unsigned char message[13] = {\n"
                   "  0x48, 0x69, 0x00, 0xFF, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,\n"
                   "  0x09\n"
                   "};\n");
  g_assert_cmpstr (empty, ==, "unsigned char message[0] = {};\n");
}

static void
test_length_prefix (void)
{
  guint64 value = 0;

  g_assert_true (tc_message_read_length_prefix ((const guint8 *) "\x01\x02", 2,
                                                TC_LENGTH_PREFIX_U16BE, &value));
  g_assert_cmpuint (value, ==, 0x0102);
  g_assert_true (tc_message_read_length_prefix ((const guint8 *) "\x01\x02", 2,
                                                TC_LENGTH_PREFIX_U16LE, &value));
  g_assert_cmpuint (value, ==, 0x0201);
  g_assert_true (tc_message_read_length_prefix ((const guint8 *) "\x00\x00\x01\x00", 4,
                                                TC_LENGTH_PREFIX_U32BE, &value));
  g_assert_cmpuint (value, ==, 256);
  /* A header of another size is not this prefix. */
  g_assert_false (tc_message_read_length_prefix ((const guint8 *) "\x05", 1,
                                                 TC_LENGTH_PREFIX_U16BE, &value));
  g_assert_false (tc_message_read_length_prefix (NULL, 0, TC_LENGTH_PREFIX_U8, &value));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/message-analysis/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/message-analysis/invalid-gb18030", test_invalid_gb18030);
  g_test_add_func ("/message-analysis/controls-bom-endings", test_controls_bom_and_endings);
  g_test_add_func ("/message-analysis/offsets-bounded", test_offsets_bounded);
  g_test_add_func ("/message-analysis/ending", test_ending);
  g_test_add_func ("/message-analysis/dump", test_dump);
  g_test_add_func ("/message-analysis/dump-large", test_dump_large);
  g_test_add_func ("/message-analysis/dump-narrow", test_dump_narrow);
  g_test_add_func ("/message-analysis/c-array", test_c_array);
  g_test_add_func ("/message-analysis/length-prefix", test_length_prefix);

  return g_test_run ();
}
