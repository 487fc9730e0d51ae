/* tc-log-search.c: what a search or a filter of the log looks for, over an entry's bytes
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A search runs over every entry the log holds (100,000 by default), so it
 * works on the bytes the model keeps, never on made objects or widgets:
 * text with no letter beyond ASCII is a plain byte search (letters folded
 * to one case); other text and regular expressions go to GRegex, compiled
 * once for UTF-8 and once for raw bytes (a line that is not valid UTF-8
 * is matched byte by byte); hex is a byte search for the bytes it names.
 */
/* memmem */
#define _GNU_SOURCE 1
#include "config.h"

#include "tc-log-search.h"

#include <glib/gi18n.h>
#include <string.h>

#include "tc-bytes-format.h"

struct _TcLogQuery
{
  TcLogQueryKind  kind;
  gboolean        match_case;
  GBytes         *needle;      /* text (ASCII) and hex: the bytes looked for */
  char           *shown;       /* hex: the needle as the rows show hex */
  GRegex         *regex;       /* regex, and text beyond ASCII */
  GRegex         *raw_regex;   /* the same, over bytes */
  GRegex         *lines_regex; /* the same, over many lines at once */
};

static gboolean
is_ascii (const char *text)
{
  for (; *text != '\0'; text++)
    if ((guchar) *text >= 0x80)
      return FALSE;
  return TRUE;
}

static void
tc_log_query_free (gpointer data)
{
  TcLogQuery *self = data;

  g_clear_pointer (&self->needle, g_bytes_unref);
  g_clear_pointer (&self->shown, g_free);
  g_clear_pointer (&self->regex, g_regex_unref);
  g_clear_pointer (&self->raw_regex, g_regex_unref);
  g_clear_pointer (&self->lines_regex, g_regex_unref);
}

/**
 * tc_log_query_new:
 * @pattern: what was typed (UTF-8); not empty
 * @match_case: whether letters must match in case (text and regex)
 *
 * Returns: (transfer full) (nullable): the query, or %NULL with @error
 *   saying what is wrong with @pattern (G_REGEX_ERROR, TC_BYTES_ERROR)
 */
TcLogQuery *
tc_log_query_new (TcLogQueryKind   kind,
                  const char      *pattern,
                  gboolean         match_case,
                  GError         **error)
{
  g_autoptr(TcLogQuery) self = NULL;
  GRegexCompileFlags flags = G_REGEX_OPTIMIZE;
  g_autofree char *escaped = NULL;

  g_return_val_if_fail (pattern != NULL && pattern[0] != '\0', NULL);
  g_return_val_if_fail (g_utf8_validate (pattern, -1, NULL), NULL);
  g_return_val_if_fail (kind <= TC_LOG_QUERY_HEX, NULL);

  self = g_atomic_rc_box_new0 (TcLogQuery);
  self->kind = kind;
  self->match_case = match_case;

  switch (kind)
    {
    case TC_LOG_QUERY_HEX:
      {
        gsize size;
        const guint8 *data;

        self->needle = tc_bytes_parse_hex (pattern, -1, NULL, error);
        if (self->needle == NULL)
          return NULL;
        data = g_bytes_get_data (self->needle, &size);
        if (size == 0)
          {
            g_set_error_literal (error, TC_BYTES_ERROR, TC_BYTES_ERROR_BAD_CHARACTER,
                                 _("No bytes to look for"));
            return NULL;
          }
        self->shown = tc_bytes_format_hex (data, size);
        return g_steal_pointer (&self);
      }
    case TC_LOG_QUERY_TEXT:
      if (is_ascii (pattern))
        {
          self->needle = g_bytes_new (pattern, strlen (pattern));
          return g_steal_pointer (&self);
        }
      escaped = g_regex_escape_string (pattern, -1);
      pattern = escaped;
      break;
    case TC_LOG_QUERY_REGEX:
    default:
      break;
    }

  if (!match_case)
    flags |= G_REGEX_CASELESS;
  self->regex = g_regex_new (pattern, flags, 0, error);
  if (self->regex == NULL)
    return NULL;
  self->raw_regex = g_regex_new (pattern, flags | G_REGEX_RAW, 0, NULL);
  /* What looks at the start or end of the whole subject, or behind a
   * match, would see the next or the previous line: asked line by line. */
  if (strstr (pattern, "\\A") == NULL && strstr (pattern, "\\z") == NULL &&
      strstr (pattern, "\\Z") == NULL && strstr (pattern, "\\G") == NULL &&
      strstr (pattern, "(?<") == NULL)
    self->lines_regex = g_regex_new (pattern, flags | G_REGEX_MULTILINE, 0, NULL);

  return g_steal_pointer (&self);
}

TcLogQuery *
tc_log_query_ref (TcLogQuery *query)
{
  g_return_val_if_fail (query != NULL, NULL);
  return g_atomic_rc_box_acquire (query);
}

void
tc_log_query_unref (TcLogQuery *query)
{
  g_return_if_fail (query != NULL);
  g_atomic_rc_box_release_full (query, tc_log_query_free);
}

TcLogQueryKind
tc_log_query_get_kind (const TcLogQuery *query)
{
  g_return_val_if_fail (query != NULL, TC_LOG_QUERY_TEXT);
  return query->kind;
}

static inline guchar
fold (guchar c)
{
  return c >= 'A' && c <= 'Z' ? (guchar) (c + 32) : c;
}

/* The first byte both ways, then the rest: lines are short, so a
 * simple scan beats building tables. */
static gboolean
find_bytes (const guchar *data,
            gsize         len,
            const guchar *needle,
            gsize         n,
            gboolean      caseless,
            gsize        *start)
{
  if (n == 0 || n > len)
    return FALSE;

  if (!caseless)
    {
      const guchar *hit = memmem (data, len, needle, n);

      if (hit == NULL)
        return FALSE;
      *start = (gsize) (hit - data);
      return TRUE;
    }

  {
    guchar lower = fold (needle[0]);
    guchar upper = lower >= 'a' && lower <= 'z' ? (guchar) (lower - 32) : lower;

    for (gsize i = 0; i + n <= len; i++)
      {
        gsize j;

        if (data[i] != lower && data[i] != upper)
          continue;
        for (j = 1; j < n && fold (data[i + j]) == fold (needle[j]); j++)
          ;
        if (j == n)
          {
            *start = i;
            return TRUE;
          }
      }
  }

  return FALSE;
}

static gboolean
find_regex (GRegex     *regex,
            const char *data,
            gsize       len,
            gsize       from,
            gsize      *start,
            gsize      *end)
{
  g_autoptr(GMatchInfo) info = NULL;
  int match_start, match_end;

  /* Only whether it matches: no match info to make and free. */
  if (start == NULL)
    return g_regex_match_full (regex, data, (gssize) len, (int) from, 0, NULL, NULL);
  if (!g_regex_match_full (regex, data, (gssize) len, (int) from, 0, &info, NULL))
    return FALSE;
  g_match_info_fetch_pos (info, 0, &match_start, &match_end);
  *start = (gsize) match_start;
  *end = (gsize) match_end;
  return TRUE;
}

/**
 * tc_log_query_find:
 * @data: an entry's bytes
 * @from: where to start looking
 * @start: (out) (optional): where the match starts
 * @end: (out) (optional): where it ends
 *
 * Returns: whether @query matches @data at or after @from
 */
gboolean
tc_log_query_find (const TcLogQuery *query,
                   const char       *data,
                   gsize             len,
                   gsize             from,
                   gsize            *start,
                   gsize            *end)
{
  gsize at;

  g_return_val_if_fail (query != NULL, FALSE);
  g_return_val_if_fail ((start == NULL) == (end == NULL), FALSE);

  if (from > len || len > G_MAXINT)
    return FALSE;

  if (query->needle != NULL)
    {
      gsize n;
      const guchar *needle = g_bytes_get_data (query->needle, &n);
      gboolean caseless = query->kind == TC_LOG_QUERY_TEXT && !query->match_case;

      if (!find_bytes ((const guchar *) data + from, len - from, needle, n, caseless, &at))
        return FALSE;
      if (start != NULL)
        {
          *start = at + from;
          *end = at + from + n;
        }
      return TRUE;
    }

  if (g_utf8_validate_len (data, len, NULL))
    return find_regex (query->regex, data, len, from, start, end);
  return query->raw_regex != NULL && find_regex (query->raw_regex, data, len, from, start, end);
}

/* Whether the query is best run over many lines at once
 * (tc_log_query_find_lines()): a regular expression costs a match set-up
 * per call, which is most of the time over short lines. */
gboolean
tc_log_query_wants_lines (const TcLogQuery *query)
{
  g_return_val_if_fail (query != NULL, FALSE);
  return query->lines_regex != NULL;
}

static guint
line_at (const gsize *starts,
         guint        n,
         guint        from,
         gsize        offset)
{
  while (from + 1 < n && starts[from + 1] <= offset)
    from++;
  return from;
}

/**
 * tc_log_query_find_lines:
 * @text: valid UTF-8: @n lines, each followed by "\n"
 * @starts: where each line starts in @text
 * @hits: (out caller-allocates): set to TRUE for each line that matches
 *
 * The same answers as tc_log_query_find() on each line, in one pass of
 * the regular expression over all of them: a match that runs over the
 * end of a line (a line may hold a "\n" of its own) is checked on that
 * line alone, and the search goes on from the next.
 */
void
tc_log_query_find_lines (const TcLogQuery *query,
                         const char       *text,
                         gsize             len,
                         const gsize      *starts,
                         guint             n,
                         gboolean         *hits)
{
  guint line = 0;
  gsize from = 0;

  g_return_if_fail (query != NULL && query->lines_regex != NULL);
  g_return_if_fail (len <= G_MAXINT);

  while (line < n && from < len)
    {
      g_autoptr(GMatchInfo) info = NULL;
      gboolean restart = FALSE;

      if (!g_regex_match_full (query->lines_regex, text, (gssize) len, (int) from, 0, &info, NULL))
        return;

      while (g_match_info_matches (info) && !restart)
        {
          int match_start, match_end;
          gsize line_end;

          g_match_info_fetch_pos (info, 0, &match_start, &match_end);
          line = line_at (starts, n, line, (gsize) match_start);
          line_end = line + 1 < n ? starts[line + 1] - 1 : len - 1;

          if ((gsize) match_end <= line_end && (gsize) match_start <= line_end)
            {
              hits[line] = TRUE;
            }
          else
            {
              /* Over the end of the line: asked of the line alone. */
              if (!hits[line])
                hits[line] = find_regex (query->regex, text + starts[line],
                                         line_end - starts[line], 0, NULL, NULL);
              restart = TRUE;
            }

          if (!restart)
            g_match_info_next (info, NULL);
        }

      if (!restart)
        return;
      if (++line >= n)
        return;
      from = starts[line];
    }
}

/**
 * tc_log_query_find_shown:
 * @text: what a row shows (UTF-8): the text of an entry, or its hex
 *   ("48 65 6C") for a hex query
 *
 * Where to highlight the query in what a row shows.
 *
 * Returns: whether @query matches @text at or after @from
 */
gboolean
tc_log_query_find_shown (const TcLogQuery *query,
                         const char       *text,
                         gsize             from,
                         gsize            *start,
                         gsize            *end)
{
  gsize len;

  g_return_val_if_fail (query != NULL, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  len = strlen (text);
  if (query->kind != TC_LOG_QUERY_HEX)
    return tc_log_query_find (query, text, len, from, start, end);

  /* Byte by byte in the hex: a match starts at a byte's first digit. */
  while (from <= len)
    {
      gsize n = strlen (query->shown);

      if (!find_bytes ((const guchar *) text + from, len - from,
                       (const guchar *) query->shown, n, FALSE, start))
        return FALSE;
      *start += from;
      if (*start % 3 == 0)
        {
          *end = *start + n;
          return TRUE;
        }
      from = *start + 1;
    }

  return FALSE;
}

/* Whether the filter shows less than everything. */
gboolean
tc_log_filter_is_active (const TcLogFilter *filter)
{
  return filter != NULL &&
         ((filter->show & TC_LOG_SHOW_ALL) != TC_LOG_SHOW_ALL ||
          filter->peer != NULL || filter->matches != NULL);
}

/* Whether an entry shows through @filter. */
gboolean
tc_log_filter_accepts (const TcLogFilter *filter,
                       TcLogDirection     direction,
                       const char        *peer,
                       const char        *data,
                       gsize              len)
{
  TcLogShow bit;

  if (filter == NULL)
    return TRUE;

  switch (direction)
    {
    case TC_LOG_DIRECTION_RECEIVED: bit = TC_LOG_SHOW_RECEIVED; break;
    case TC_LOG_DIRECTION_SENT:     bit = TC_LOG_SHOW_SENT;     break;
    case TC_LOG_DIRECTION_EVENT:
    case TC_LOG_DIRECTION_ERROR:
    default:                        bit = TC_LOG_SHOW_EVENTS;   break;
    }
  if ((filter->show & bit) == 0)
    return FALSE;
  if (filter->peer != NULL && g_strcmp0 (filter->peer, peer) != 0)
    return FALSE;
  if (filter->matches != NULL && !tc_log_query_find (filter->matches, data, len, 0, NULL, NULL))
    return FALSE;

  return TRUE;
}
