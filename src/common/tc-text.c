/* tc-text.c: display-safe text from untrusted bytes
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-text.h"

/* A run of combining marks longer than this is cut: thousands stacked on
 * one letter make text layout crawl and say nothing a person can read.
 */
#define MAX_COMBINING_RUN 8

/* Characters that reorder or hide text: shown as <U+XXXX> so a peer
 * cannot make one line look like another.
 */
static gboolean
is_invisible_format (gunichar c)
{
  return (c >= 0x200B && c <= 0x200F) ||   /* zero-width, LRM, RLM */
         (c >= 0x202A && c <= 0x202E) ||   /* embeddings and overrides */
         (c >= 0x2066 && c <= 0x2069) ||   /* isolates */
         c == 0x061C ||                     /* Arabic letter mark */
         c == 0x2028 || c == 0x2029 ||      /* line and paragraph separators */
         c == 0xFEFF;                       /* byte order mark */
}

/**
 * tc_text_append_display_safe:
 * @out: where the text goes
 * @data: bytes, any content
 * @len: length of @data
 * @max_chars: how many characters of @data to show before "…" ends it (an
 *   escape such as `<U+202E>` counts as one); 0 for no limit
 *
 * Makes a valid UTF-8 string for showing @data to a person, without
 * changing @data: bytes that are not UTF-8 become `\xNN`, control
 * characters become their visible Control Pictures (␀, ␛, ␍), C1 controls
 * and invisible formatting characters become `<U+XXXX>`, tabs stay.
 *
 * Appends to @out without allocating on its own, for callers that format
 * many lines.
 */
void
tc_text_append_display_safe (GString    *out,
                             const char *data,
                             gsize       len,
                             gsize       max_chars)
{
  const char *p = data;
  const char *end = len > 0 ? data + len : data;  /* NULL + 0 is undefined */
  gsize n_chars = 0;
  guint combining_run = 0;

  g_return_if_fail (out != NULL);
  g_return_if_fail (data != NULL || len == 0);

  while (p < end)
    {
      gunichar c;

      if (max_chars > 0 && n_chars >= max_chars)
        {
          g_string_append (out, "…");
          break;
        }

      /* Printable ASCII, the common case, is copied a run at a time. */
      if ((guchar) *p >= 0x20 && (guchar) *p < 0x7F)
        {
          const char *run = p;
          gsize room = max_chars > 0 ? max_chars - n_chars : G_MAXSIZE;

          while (p < end && (gsize) (p - run) < room && (guchar) *p >= 0x20 && (guchar) *p < 0x7F)
            p++;

          g_string_append_len (out, run, p - run);
          n_chars += p - run;
          combining_run = 0;
          continue;
        }

      /* NUL is a character here, though the validator calls it incomplete. */
      c = *p == '\0' ? 0 : g_utf8_get_char_validated (p, end - p);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          g_string_append_printf (out, "\\x%02X", (guint) (guchar) *p);
          p++;
          n_chars++;
          combining_run = 0;
          continue;
        }

      p = g_utf8_next_char (p);

      if (g_unichar_ismark (c))
        {
          if (++combining_run == MAX_COMBINING_RUN + 1)
            {
              g_string_append (out, "…");
              n_chars++;
            }
          if (combining_run > MAX_COMBINING_RUN)
            continue;
        }
      else
        combining_run = 0;

      if (c == '\t')
        g_string_append_c (out, '\t');
      else if (c < 0x20)
        g_string_append_unichar (out, 0x2400 + c);
      else if (c == 0x7F)
        g_string_append_unichar (out, 0x2421);
      else if ((c >= 0x80 && c <= 0x9F) || is_invisible_format (c))
        g_string_append_printf (out, "<U+%04X>", c);
      else
        g_string_append_unichar (out, c);

      n_chars++;
    }
}

/**
 * tc_text_make_display_safe:
 *
 * As tc_text_append_display_safe(), into a new string.
 *
 * Returns: (transfer full): valid UTF-8
 */
char *
tc_text_make_display_safe (const char *data,
                           gsize       len,
                           gsize       max_chars)
{
  GString *out;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  out = g_string_sized_new (len + 16);
  tc_text_append_display_safe (out, data, len, max_chars);

  return g_string_free (out, FALSE);
}
