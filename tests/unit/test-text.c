/* test-text.c: display-safe text from untrusted bytes
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "tc-message.h"
#include "tc-text.h"

/* What no display-safe string may contain: controls, and
 * characters that reorder or hide text.
 */
static void
assert_display_safe (const char *out)
{
  g_assert_nonnull (out);
  g_assert_true (g_utf8_validate (out, -1, NULL));

  for (const char *p = out; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      g_assert_false (c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F));
      g_assert_false (c >= 0x202A && c <= 0x202E);
      g_assert_false (c >= 0x2066 && c <= 0x2069);
      g_assert_false (c == 0x200E || c == 0x200F || c == 0x061C);
      g_assert_false (c == 0x2028 || c == 0x2029);
    }
}

static char *
safe (const char *data,
      gsize       len)
{
  char *out = tc_text_make_display_safe (data, len, 0);

  assert_display_safe (out);
  return out;
}

#define SAFE_LIT(s) safe (s, sizeof (s) - 1)

static void
test_plain_unchanged (void)
{
  const char *samples[] = {
    "hello world",
    "héllo wörld",
    "日本語のテキスト",
    "emoji \xf0\x9f\x98\x80 \xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd",
    "e\xcc\x81 combining acute",
    "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autofree char *out = safe (samples[i], strlen (samples[i]));
      g_assert_cmpstr (out, ==, samples[i]);
    }
}

static void
test_invalid_utf8 (void)
{
  g_autofree char *a = SAFE_LIT ("ok\xff" "end");
  g_autofree char *b = SAFE_LIT ("\xc3");            /* truncated sequence */
  g_autofree char *c = SAFE_LIT ("\xed\xa0\x80");    /* surrogate */
  g_autofree char *d = SAFE_LIT ("\xc0\xaf");        /* overlong */

  /* Each bad byte is shown, the good text around it kept. */
  g_assert_true (g_str_has_prefix (a, "ok"));
  g_assert_true (g_str_has_suffix (a, "end"));
  g_assert_nonnull (strstr (a, "FF"));
  g_assert_cmpuint (strlen (b), >, 0);
  g_assert_cmpuint (strlen (c), >, 0);
  g_assert_cmpuint (strlen (d), >, 0);
}

static void
test_controls_visible (void)
{
  g_autofree char *nul = SAFE_LIT ("a\0b");
  g_autofree char *esc = SAFE_LIT ("\x1b[31mred\x1b[0m");
  g_autofree char *cr = SAFE_LIT ("over\rwrite");
  g_autofree char *bel = SAFE_LIT ("ding\a");
  g_autofree char *del = SAFE_LIT ("x\x7fy");
  g_autofree char *c1 = SAFE_LIT ("c1 \xc2\x9b here");
  g_autofree char *nl = SAFE_LIT ("two\nlines");

  /* The NUL does not end the string: both sides are there. */
  g_assert_true (g_str_has_prefix (nul, "a"));
  g_assert_true (g_str_has_suffix (nul, "b"));
  g_assert_cmpuint (g_utf8_strlen (nul, -1), >=, 3);

  g_assert_nonnull (strstr (esc, "[31mred"));
  g_assert_cmpuint (strlen (esc), >, strlen ("[31mred[0m"));
  g_assert_true (g_str_has_prefix (cr, "over"));
  g_assert_true (g_str_has_suffix (cr, "write"));
  g_assert_true (g_str_has_prefix (bel, "ding"));
  g_assert_true (g_str_has_prefix (del, "x"));
  g_assert_true (g_str_has_prefix (c1, "c1 "));
  g_assert_null (strchr (nl, '\n'));

  /* C-style escapes, each one distinct in any font. */
  g_assert_cmpstr (nul, ==, "a\\0b");
  g_assert_cmpstr (esc, ==, "\\e[31mred\\e[0m");
  g_assert_cmpstr (cr, ==, "over\\rwrite");
  g_assert_cmpstr (bel, ==, "ding\\a");
  g_assert_cmpstr (del, ==, "x\\x7Fy");
  g_assert_cmpstr (c1, ==, "c1 <U+009B> here");
  g_assert_cmpstr (nl, ==, "two\\nlines");
}

/* A tab is an escape too; a backslash that came stays as it is (plain
 * text, so printable ASCII is never changed). */
static void
test_tab_and_backslash (void)
{
  g_autofree char *tab = SAFE_LIT ("tab\there");
  g_autofree char *path = SAFE_LIT ("C:\\dir");

  g_assert_cmpstr (tab, ==, "tab\\there");
  g_assert_cmpstr (path, ==, "C:\\dir");
}

static void
test_bidi_visible (void)
{
  /* "abc" + RIGHT-TO-LEFT OVERRIDE + "fdp.exe" would show as "abcexe.pdf". */
  g_autofree char *rlo = SAFE_LIT ("abc\xe2\x80\xae" "fdp.exe");
  g_autofree char *iso = SAFE_LIT ("x\xe2\x81\xa6y\xe2\x81\xa9");
  g_autofree char *zw = SAFE_LIT ("pay\xe2\x80\x8bpal");

  g_assert_true (g_str_has_prefix (rlo, "abc"));
  g_assert_true (g_str_has_suffix (rlo, "fdp.exe"));
  g_assert_cmpuint (strlen (rlo), >, strlen ("abcfdp.exe"));
  g_assert_true (g_str_has_prefix (iso, "x"));
  g_assert_cmpuint (strlen (zw), >, strlen ("paypal"));
}

static void
test_max_chars (void)
{
  g_autofree char *cut = tc_text_make_display_safe ("abcdefghij", 10, 4);
  g_autofree char *whole = tc_text_make_display_safe ("abcd", 4, 4);
  g_autofree char *cjk = tc_text_make_display_safe ("日本語日本語", strlen ("日本語日本語"), 3);
  g_autofree char *zero = tc_text_make_display_safe ("abc", 3, 0);

  assert_display_safe (cut);
  g_assert_true (g_str_has_prefix (cut, "abcd"));
  g_assert_cmpuint (g_utf8_strlen (cut, -1), <=, 5);
  g_assert_cmpstr (whole, ==, "abcd");
  /* Cut on character boundaries, never inside a sequence. */
  assert_display_safe (cjk);
  g_assert_true (g_str_has_prefix (cjk, "日本語"));
  g_assert_cmpuint (g_utf8_strlen (cjk, -1), <=, 4);
  g_assert_cmpstr (zero, ==, "abc");
}

static void
test_combining_flood (void)
{
  g_autoptr(GString) s = g_string_new ("a");
  g_autofree char *out = NULL;

  for (guint i = 0; i < 100000; i++)
    g_string_append (s, "\xcc\x81");
  out = safe (s->str, s->len);
  g_assert_true (g_str_has_prefix (out, "a"));
  /* A screenful of nothing is cut to something readable. */
  g_assert_cmpuint (g_utf8_strlen (out, -1), <, 1000);
}

/* Any bytes at all give valid, safe UTF-8 (fixed seeds, so reproducible). */
static void
test_random_bytes (void)
{
  for (guint32 seed = 1; seed <= 2000; seed++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
      gsize len = (gsize) g_rand_int_range (rand, 0, 200);
      g_autofree char *data = g_malloc (len + 1);
      g_autofree char *out = NULL;
      g_autofree char *limited = NULL;

      for (gsize i = 0; i < len; i++)
        data[i] = (char) g_rand_int_range (rand, 0, 256);

      out = safe (data, len);
      limited = tc_text_make_display_safe (data, len, 1 + seed % 50);
      assert_display_safe (limited);
      /* Each source character counts once, though an escape like <U+202E> is longer. */
      g_assert_cmpuint (g_utf8_strlen (limited, -1), <=, (1 + seed % 50) * 8 + 1);
    }
}

static void
test_line_display (void)
{
  TcMessage line = { .data = "bad\xff\x1b", .len = 5 };
  g_autofree char *out = tc_message_dup_display (&line);

  assert_display_safe (out);
  g_assert_true (g_str_has_prefix (out, "bad"));
  /* The line's own bytes are not touched. */
  g_assert_cmpmem (line.data, line.len, "bad\xff\x1b", 5);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text/plain-unchanged", test_plain_unchanged);
  g_test_add_func ("/text/tab-and-backslash", test_tab_and_backslash);
  g_test_add_func ("/text/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/text/controls-visible", test_controls_visible);
  g_test_add_func ("/text/bidi-visible", test_bidi_visible);
  g_test_add_func ("/text/max-chars", test_max_chars);
  g_test_add_func ("/text/combining-flood", test_combining_flood);
  g_test_add_func ("/text/random-bytes", test_random_bytes);
  g_test_add_func ("/text/line-display", test_line_display);

  return g_test_run ();
}
