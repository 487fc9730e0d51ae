/* tc-log-search.h: what a search or a filter of the log looks for, over an entry's bytes
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "tc-log-entry.h"

G_BEGIN_DECLS

typedef enum
{
  TC_LOG_QUERY_TEXT,   /* the text as typed; letters match either case unless match-case */
  TC_LOG_QUERY_REGEX,  /* a Perl-like regular expression (GRegex) */
  TC_LOG_QUERY_HEX,    /* bytes written as hex: "48 65 6c", "48656C", "0x48 0x65" */
} TcLogQueryKind;

/* A compiled query, immutable and shared by reference (the view and its
 * rows hold the same one). It matches the raw bytes an entry holds: the
 * received or sent line, or an event's message. */
typedef struct _TcLogQuery TcLogQuery;

TcLogQuery     *tc_log_query_new         (TcLogQueryKind    kind,
                                          const char       *pattern,
                                          gboolean          match_case,
                                          GError          **error);
TcLogQuery     *tc_log_query_ref         (TcLogQuery       *query);
void            tc_log_query_unref       (TcLogQuery       *query);
TcLogQueryKind  tc_log_query_get_kind    (const TcLogQuery *query);
gboolean        tc_log_query_find        (const TcLogQuery *query,
                                          const char       *data,
                                          gsize             len,
                                          gsize             from,
                                          gsize            *start,
                                          gsize            *end);
gboolean        tc_log_query_wants_lines (const TcLogQuery *query);
void            tc_log_query_find_lines  (const TcLogQuery *query,
                                          const char       *text,
                                          gsize             len,
                                          const gsize      *starts,
                                          guint             n,
                                          gboolean         *hits);
gboolean        tc_log_query_find_shown  (const TcLogQuery *query,
                                          const char       *text,
                                          gsize             from,
                                          gsize            *start,
                                          gsize            *end);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TcLogQuery, tc_log_query_unref)

/* Which directions a filter lets through, as bits. */
typedef enum
{
  TC_LOG_SHOW_RECEIVED = 1 << 0,
  TC_LOG_SHOW_SENT     = 1 << 1,
  TC_LOG_SHOW_EVENTS   = 1 << 2,   /* events and errors */
  TC_LOG_SHOW_ALL      = 0x7,
} TcLogShow;

/* What the view shows of the log: entries of these directions, of this
 * peer (NULL: any), matching this query (NULL: any). */
typedef struct
{
  TcLogShow          show;
  const char        *peer;
  const TcLogQuery  *matches;
} TcLogFilter;

gboolean        tc_log_filter_is_active  (const TcLogFilter *filter);
gboolean        tc_log_filter_accepts    (const TcLogFilter *filter,
                                          TcLogDirection     direction,
                                          const char        *peer,
                                          const char        *data,
                                          gsize              len);

G_END_DECLS
