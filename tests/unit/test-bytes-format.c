/* test-bytes-format.c: hex, escapes, decoders and encoders
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "tc-bytes-format.h"

#define LIT(s) (const guint8 *) (s), sizeof (s) - 1

static void
test_hex_format (void)
{
  g_autofree char *hello = tc_bytes_format_hex (LIT ("Hello"));
  g_autofree char *all = NULL;
  g_autofree char *empty = tc_bytes_format_hex (NULL, 0);
  g_autoptr(GString) cut = g_string_new (NULL);
  guint8 bytes[256];

  g_assert_cmpstr (hello, ==, "48 65 6C 6C 6F");
  g_assert_cmpstr (empty, ==, "");

  for (guint i = 0; i < 256; i++)
    bytes[i] = (guint8) i;
  all = tc_bytes_format_hex (bytes, 256);
  g_assert_cmpuint (strlen (all), ==, 256 * 3 - 1);
  g_assert_true (g_str_has_prefix (all, "00 01 02"));
  g_assert_true (g_str_has_suffix (all, "FE FF"));

  tc_bytes_append_hex (cut, LIT ("Hello"), 2);
  g_assert_cmpstr (cut->str, ==, "48 65 …");
}

static GBytes *
parse_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  GBytes *bytes = tc_bytes_parse_hex (text, -1, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (bytes);
  return bytes;
}

static void
assert_parses_to (const char *text,
                  const char *expected,
                  gsize       expected_len)
{
  g_autoptr(GBytes) bytes = parse_ok (text);
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  g_assert_cmpmem (data, len, expected, expected_len);
}

static void
test_hex_parse_lenient (void)
{
  assert_parses_to ("48 65 6C 6C 6F", "Hello", 5);
  assert_parses_to ("48656c6c6f", "Hello", 5);
  assert_parses_to ("0x48, 0x65,0x6C\n0x6c,\r\n\t0X6F", "Hello", 5);
  assert_parses_to ("  48  \n\n 65 ", "He", 2);
  assert_parses_to ("00 ff 0A", "\0\xff\n", 3);
  assert_parses_to ("", "", 0);
  assert_parses_to (" , \n", "", 0);
}

static void
assert_parse_error (const char *text,
                    int         code,
                    gsize       expected_offset,
                    const char *in_message)
{
  g_autoptr(GError) error = NULL;
  gsize offset = G_MAXSIZE;
  g_autoptr(GBytes) bytes = tc_bytes_parse_hex (text, -1, &offset, &error);

  g_assert_null (bytes);
  g_assert_error (error, TC_BYTES_ERROR, code);
  g_assert_cmpuint (offset, ==, expected_offset);
  if (strstr (error->message, in_message) == NULL)
    g_error ("“%s” is not in the message “%s”", in_message, error->message);
}

static void
test_hex_parse_errors (void)
{
  /* An odd nibble points at the lone digit. */
  assert_parse_error ("48 6 6C", TC_BYTES_ERROR_ODD_DIGITS, 3, "Position 4");
  assert_parse_error ("48656", TC_BYTES_ERROR_ODD_DIGITS, 4, "Position 5");
  assert_parse_error ("0x4", TC_BYTES_ERROR_ODD_DIGITS, 2, "Position 3");
  /* A bad character is named, and counted in characters, not bytes. */
  assert_parse_error ("48 zz", TC_BYTES_ERROR_BAD_CHARACTER, 3, "“z”");
  assert_parse_error ("你好 48", TC_BYTES_ERROR_BAD_CHARACTER, 0, "Position 1");
  assert_parse_error ("48 你", TC_BYTES_ERROR_BAD_CHARACTER, 3, "“你”");
  assert_parse_error ("48-65", TC_BYTES_ERROR_BAD_CHARACTER, 2, "“-”");
  assert_parse_error ("48 0x", TC_BYTES_ERROR_BAD_CHARACTER, 3, "0x");
  assert_parse_error ("4G", TC_BYTES_ERROR_BAD_CHARACTER, 1, "“G”");
}

/* Decodes data whole, and split at every pair of boundaries (every
 * partition into three), and checks every way reads the same. */
static char *
decode_every_split (const char   *encoding,
                    const guint8 *data,
                    gsize         len)
{
  g_autoptr(TcDecoder) decoder = NULL;
  g_autoptr(GError) error = NULL;
  TcDisplayText whole;
  char *result;

  decoder = tc_decoder_new (encoding, &error);
  g_assert_no_error (error);
  tc_display_text_init (&whole, 0, TRUE);
  tc_decoder_decode_all (decoder, data, len, &whole);
  g_assert_true (g_utf8_validate (whole.text->str, whole.text->len, NULL));

  for (gsize a = 0; a <= len; a++)
    for (gsize b = a; b <= len; b++)
      {
        TcDisplayText split;

        tc_display_text_init (&split, 0, TRUE);
        tc_decoder_feed (decoder, data, a, &split);
        tc_decoder_feed (decoder, data + a, b - a, &split);
        tc_decoder_feed (decoder, data + b, len - b, &split);
        tc_decoder_finish (decoder, &split);
        if (!g_string_equal (whole.text, split.text))
          g_error ("%s split at %zu and %zu: “%s”, whole: “%s”",
                   encoding, a, b, split.text->str, whole.text->str);
        g_assert_cmpuint (split.runs->len, ==, whole.runs->len);
        tc_display_text_clear (&split);
      }

  /* Byte by byte. */
  {
    TcDisplayText bytewise;

    tc_display_text_init (&bytewise, 0, FALSE);
    for (gsize i = 0; i < len; i++)
      tc_decoder_feed (decoder, data + i, 1, &bytewise);
    tc_decoder_finish (decoder, &bytewise);
    g_assert_cmpstr (bytewise.text->str, ==, whole.text->str);
    tc_display_text_clear (&bytewise);
  }

  result = g_strdup (whole.text->str);
  tc_display_text_clear (&whole);
  return result;
}

static void
assert_decodes (const char *encoding,
                const char *data,
                gsize       len,
                const char *expected)
{
  g_autofree char *got = decode_every_split (encoding, (const guint8 *) data, len);

  g_assert_cmpstr (got, ==, expected);
}

#define ASSERT_DECODES(enc, lit, expected) assert_decodes (enc, lit, sizeof (lit) - 1, expected)

static void
test_decode_gb18030 (void)
{
  /* 你好 in GBK, a 4-byte GB18030 character (U+00A5 is 81 30 84 36)
   * and an emoji (U+1F600 is 94 39 FC 36), split everywhere. */
  ASSERT_DECODES ("GB18030", "\xC4\xE3\xBA\xC3", "你好");
  ASSERT_DECODES ("GB18030", "a\xC4\xE3\xBA\xC3z\r", "a你好z\\r");
  ASSERT_DECODES ("GB18030", "\x81\x30\x84\x36", "¥");
  ASSERT_DECODES ("GB18030", "\x94\x39\xFC\x36!", "\xf0\x9f\x98\x80!");
  /* Invalid bytes are shown, the ASCII after a bad lead byte kept. */
  ASSERT_DECODES ("GB18030", "\xFF" "ab", "\\xFFab");
  ASSERT_DECODES ("GB18030", "\x81" " a", "\\x81 a");
  ASSERT_DECODES ("GB18030", "\xC4\xE3\xC4", "你\\xC4");
  ASSERT_DECODES ("GB18030", "\x80", "\\x80");
  ASSERT_DECODES ("gbk", "\xC4\xE3\x00\x1B", "你\\0\\e");
}

static void
test_decode_others (void)
{
  ASSERT_DECODES ("UTF-8", "\xE4\xBD\xA0\xE5\xA5\xBD\xFF\t", "你好\\xFF\\t");
  ASSERT_DECODES ("UTF-8", "\xE4\xBD", "\\xE4\\xBD");
  /* A NUL inside a sequence makes it invalid, not one to wait for. */
  ASSERT_DECODES ("UTF-8", "\xEF\xB7\x00" "abcdef\xE4\xBD\xA0", "\\xEF\\xB7\\0abcdef你");
  ASSERT_DECODES ("Big5", "\xA7\x41\xA6\x6E\xFF", "你好\\xFF");
  ASSERT_DECODES ("Shift_JIS", "\x82\xA0\\~\xA0", "あ\\~\\xA0");
  ASSERT_DECODES ("EUC-KR", "\xBE\xC8\xB3\xE7\xFF", "안녕\\xFF");
  ASSERT_DECODES ("ISO-8859-1", "caf\xE9\x85", "café<U+0085>");
  ASSERT_DECODES ("Windows-1252", "\x80\x81\x93", "€\\x81“");
}

/* A line cut at max_chars ends in "…", an escape run. */
static void
test_display_runs (void)
{
  TcDisplayText out;
  const TcTextRun *runs;

  tc_display_text_init (&out, 0, TRUE);
  tc_display_text_append_utf8 (&out, "ab\x01\x02" "cd\xFF", 7);
  g_assert_cmpstr (out.text->str, ==, "ab\\x01\\x02cd\\xFF");
  g_assert_cmpuint (out.runs->len, ==, 4);
  runs = (const TcTextRun *) out.runs->data;
  g_assert_cmpint (runs[0].kind, ==, TC_TEXT_RUN_PLAIN);
  g_assert_cmpuint (runs[0].start, ==, 0);
  g_assert_cmpuint (runs[0].len, ==, 2);
  g_assert_cmpint (runs[1].kind, ==, TC_TEXT_RUN_ESCAPE);
  g_assert_cmpuint (runs[1].start, ==, 2);
  g_assert_cmpuint (runs[1].len, ==, 8);
  g_assert_cmpint (runs[2].kind, ==, TC_TEXT_RUN_PLAIN);
  g_assert_cmpuint (runs[2].len, ==, 2);
  g_assert_cmpint (runs[3].kind, ==, TC_TEXT_RUN_ESCAPE);
  g_assert_cmpuint (runs[3].start, ==, 12);
  tc_display_text_clear (&out);

  tc_display_text_init (&out, 3, TRUE);
  tc_display_text_append_utf8 (&out, "a\tbcdef", 7);
  g_assert_cmpstr (out.text->str, ==, "a\\tb…");
  g_assert_cmpuint (out.runs->len, ==, 4);
  g_assert_cmpint (g_array_index (out.runs, TcTextRun, 3).kind, ==, TC_TEXT_RUN_ESCAPE);
  tc_display_text_reset (&out);
  tc_display_text_append_utf8 (&out, "xyz", 3);
  g_assert_cmpstr (out.text->str, ==, "xyz");
  g_assert_cmpuint (out.runs->len, ==, 1);
  tc_display_text_clear (&out);
}

/* Printable ASCII is scanned eight bytes at a time: any other byte, at
 * any offset, must come out as it does when appended alone. */
static void
test_display_ascii_words (void)
{
  static const guint8 others[] = { 0x00, 0x09, 0x1F, 0x20, 0x7E, 0x7F, 0x80, 0xC3, 0xFF };

  for (gsize k = 0; k < G_N_ELEMENTS (others); k++)
    for (gsize at = 0; at < 24; at++)
      for (gsize max_chars = 0; max_chars < 26; max_chars += 5)
        {
          char line[24];
          TcDisplayText whole;
          TcDisplayText bytewise;

          for (gsize i = 0; i < sizeof line; i++)
            line[i] = (char) ('!' + i * 3 % 90);
          line[at] = (char) others[k];

          tc_display_text_init (&whole, max_chars, TRUE);
          tc_display_text_init (&bytewise, max_chars, TRUE);
          tc_display_text_append_utf8 (&whole, line, sizeof line);
          for (gsize i = 0; i < sizeof line; i++)
            tc_display_text_append_utf8 (&bytewise, line + i, 1);

          g_assert_cmpstr (whole.text->str, ==, bytewise.text->str);
          g_assert_cmpuint (whole.n_chars, ==, bytewise.n_chars);
          g_assert_cmpuint (whole.runs->len, ==, bytewise.runs->len);
          g_assert_cmpmem (whole.runs->data, whole.runs->len * sizeof (TcTextRun),
                           bytewise.runs->data, bytewise.runs->len * sizeof (TcTextRun));
          tc_display_text_clear (&whole);
          tc_display_text_clear (&bytewise);
        }
}

static void
test_encode (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) gb = NULL;
  g_autoptr(GBytes) latin = NULL;
  g_autoptr(GBytes) utf8 = NULL;
  g_autoptr(GBytes) none = NULL;
  gsize offset = G_MAXSIZE;

  gb = tc_bytes_encode_text ("a你好", -1, "GB18030", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (gb, NULL), g_bytes_get_size (gb), "a\xC4\xE3\xBA\xC3", 5);

  latin = tc_bytes_encode_text ("café", -1, "latin1", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (latin, NULL), g_bytes_get_size (latin), "caf\xE9", 4);

  utf8 = tc_bytes_encode_text ("é\n", -1, "UTF-8", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (utf8), ==, 3);

  /* No silent "?": the character and its position are named. */
  none = tc_bytes_encode_text ("ab€c", -1, "ISO-8859-1", &offset, &error);
  g_assert_null (none);
  g_assert_error (error, TC_BYTES_ERROR, TC_BYTES_ERROR_UNREPRESENTABLE);
  g_assert_cmpuint (offset, ==, 2);
  g_assert_nonnull (strstr (error->message, "“€” (U+20AC) at position 3"));
  g_assert_nonnull (strstr (error->message, "ISO-8859-1"));
  g_clear_error (&error);

  none = tc_bytes_encode_text ("你好😀", -1, "Big5", &offset, &error);
  g_assert_null (none);
  g_assert_error (error, TC_BYTES_ERROR, TC_BYTES_ERROR_UNREPRESENTABLE);
  g_assert_cmpuint (offset, ==, 2);
  g_clear_error (&error);

  none = tc_bytes_encode_text ("x", -1, "KOI8-R", NULL, &error);
  g_assert_null (none);
  g_assert_error (error, TC_BYTES_ERROR, TC_BYTES_ERROR_UNKNOWN_ENCODING);
  g_assert_nonnull (strstr (error->message, "GB18030"));
}

/* Every offered encoding opens on this system, and round-trips ASCII. */
static void
test_encodings_available (void)
{
  const char * const *names = tc_encoding_list ();

  g_assert_cmpstr (names[0], ==, "UTF-8");
  g_assert_cmpuint (g_strv_length ((char **) names), ==, 7);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TcDecoder) decoder = tc_decoder_new (names[i], &error);
      g_autoptr(GBytes) ascii = NULL;
      guint8 all[0x80];

      g_assert_no_error (error);
      g_assert_cmpstr (tc_decoder_get_encoding (decoder), ==, names[i]);
      g_assert_cmpstr (tc_encoding_lookup (names[i]), ==, names[i]);
      g_assert_cmpint (tc_encoding_index (names[i]), ==, i);
      for (guint b = 0; b < 0x80; b++)
        all[b] = (guint8) b;
      ascii = tc_bytes_encode_text ((const char *) all, 0x80, names[i], NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpmem (g_bytes_get_data (ascii, NULL), g_bytes_get_size (ascii), all, 0x80);
    }
  g_assert_cmpstr (tc_encoding_lookup ("gbk"), ==, "GB18030");
  g_assert_cmpstr (tc_encoding_lookup ("SJIS"), ==, "Shift_JIS");
  g_assert_null (tc_encoding_lookup ("EBCDIC"));
  /* An alias is at its encoding's place; the dropdowns' rows follow this. */
  g_assert_cmpstr (names[tc_encoding_index ("gbk")], ==, "GB18030");
  g_assert_cmpint (tc_encoding_index ("EBCDIC"), ==, -1);
  g_assert_cmpint (tc_encoding_index (NULL), ==, -1);
}

/* One encoder for many texts, as a headless run keeps it: each text
 * converted on its own, a failure leaving nothing behind for the next. */
static void
test_encoder_reused (void)
{
  g_autoptr(TcEncoder) encoder = tc_encoder_new ("gb18030", NULL);
  g_autoptr(GError) error = NULL;
  gsize offset = 0;

  g_assert_nonnull (encoder);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GBytes) bytes = tc_encoder_encode (encoder, "你好\n", -1, NULL, &error);
      gsize len;
      const guint8 *data;

      g_assert_no_error (error);
      data = g_bytes_get_data (bytes, &len);
      g_assert_cmpmem (data, len, "\xC4\xE3\xBA\xC3\n", 5);
    }

  g_assert_null (tc_encoder_encode (encoder, "a\xFF", -1, &offset, &error));
  g_assert_error (error, TC_BYTES_ERROR, TC_BYTES_ERROR_INVALID_TEXT);
  g_assert_cmpuint (offset, ==, 1);
  g_clear_error (&error);

  {
    g_autoptr(GBytes) bytes = tc_encoder_encode (encoder, "ok", -1, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), "ok", 2);
  }

  g_assert_null (tc_encoder_new ("KOI8-R", &error));
  g_assert_error (error, TC_BYTES_ERROR, TC_BYTES_ERROR_UNKNOWN_ENCODING);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bytes/hex/format", test_hex_format);
  g_test_add_func ("/bytes/hex/parse-lenient", test_hex_parse_lenient);
  g_test_add_func ("/bytes/hex/parse-errors", test_hex_parse_errors);
  g_test_add_func ("/bytes/decode/gb18030", test_decode_gb18030);
  g_test_add_func ("/bytes/decode/others", test_decode_others);
  g_test_add_func ("/bytes/display/runs", test_display_runs);
  g_test_add_func ("/bytes/display/ascii-words", test_display_ascii_words);
  g_test_add_func ("/bytes/encode", test_encode);
  g_test_add_func ("/bytes/encoder-reused", test_encoder_reused);
  g_test_add_func ("/bytes/encodings-available", test_encodings_available);

  return g_test_run ();
}
