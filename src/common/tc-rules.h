/* tc-rules.h: auto-reply rules read from a key file, answering a session's peers
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "tc-session.h"

G_BEGIN_DECLS

#define TC_RULES_ERROR (tc_rules_error_quark ())

typedef enum
{
  TC_RULES_ERROR_PARSE,      /* not a key file at all */
  TC_RULES_ERROR_MISSING,    /* a required key is not there */
  TC_RULES_ERROR_INVALID,    /* a key's value is wrong */
  TC_RULES_ERROR_UNKNOWN,    /* a group or key that means nothing */
} TcRulesError;

typedef enum
{
  TC_RULE_MATCH_EXACT,
  TC_RULE_MATCH_PREFIX,
  TC_RULE_MATCH_CONTAINS,
  TC_RULE_MATCH_REGEX,
  TC_RULE_MATCH_HEX,
} TcRuleMatch;

/* What a rule did, for front-ends to say. */
typedef enum
{
  TC_RULES_NOTICE_REPLIED,   /* a reply went out: reply has its bytes */
  TC_RULES_NOTICE_PAUSED,    /* fired too often on a connection: paused there */
  TC_RULES_NOTICE_RESUMED,   /* paused no more on that connection */
  TC_RULES_NOTICE_FAILED,    /* the reply could not be sent: error says why */
} TcRulesNoticeKind;

typedef struct
{
  TcRulesNoticeKind  kind;
  const char        *rule;        /* the rule's name */
  TcConnection      *connection;
  const char        *peer;
  GBytes            *reply;       /* REPLIED: the message, before framing */
  guint              max_per_second;
  const GError      *error;       /* FAILED */
} TcRulesNotice;

typedef void (*TcRulesNoticeFunc) (const TcRulesNotice *notice,
                                   gpointer             user_data);

/* Default guard: a rule fires at most this often per second per connection. */
#define TC_RULES_DEFAULT_MAX_PER_SECOND 100
#define TC_RULES_MAX_DELAY_MS           3600000

/* The longest hex pattern, in bytes; beyond it is a mistake. */
#define TC_RULES_MAX_HEX_PATTERN        4096

#define TC_TYPE_RULES (tc_rules_get_type ())

G_DECLARE_FINAL_TYPE (TcRules, tc_rules, TC, RULES, GObject)

GQuark       tc_rules_error_quark        (void);
TcRules     *tc_rules_new_from_data      (const char        *data,
                                          gssize             len,
                                          const char        *source,
                                          GError           **error);
TcRules     *tc_rules_new_from_file      (const char        *path,
                                          GError           **error);
guint        tc_rules_get_n_rules        (TcRules           *self);
const char  *tc_rules_get_name           (TcRules           *self,
                                          guint              index);
guint64      tc_rules_get_fired          (TcRules           *self,
                                          guint              index);
gboolean     tc_rules_get_enabled        (TcRules           *self,
                                          guint              index);
void         tc_rules_set_enabled        (TcRules           *self,
                                          guint              index,
                                          gboolean           enabled);
gboolean     tc_rules_get_first_match    (TcRules           *self);
void         tc_rules_set_first_match    (TcRules           *self,
                                          gboolean           first_match);
void         tc_rules_set_notice_func    (TcRules           *self,
                                          TcRulesNoticeFunc  func,
                                          gpointer           user_data);
void         tc_rules_attach             (TcRules           *self,
                                          TcSession         *session);
void         tc_rules_detach             (TcRules           *self);
guint        tc_rules_handle_message     (TcRules           *self,
                                          TcConnection      *connection,
                                          const char        *peer,
                                          const guint8      *data,
                                          gsize              len);

/* The hex pattern matcher on its own: "01 03 ?? ??" matches four bytes,
 * the last two any; a final "*" matches whatever follows. Each run of
 * "??" is a capture. */
typedef struct _TcHexPattern TcHexPattern;

TcHexPattern *tc_hex_pattern_parse       (const char        *text,
                                          GError           **error);
void          tc_hex_pattern_free        (TcHexPattern      *self);
gboolean      tc_hex_pattern_match       (const TcHexPattern *self,
                                          const guint8      *data,
                                          gsize              len,
                                          GPtrArray         *captures);
guint         tc_hex_pattern_get_n_captures (const TcHexPattern *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TcHexPattern, tc_hex_pattern_free)

G_END_DECLS
