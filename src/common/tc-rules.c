/* tc-rules.c: auto-reply rules read from a key file, answering a session's peers
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-rules.h"

#include "tc-escapes.h"
#include "tc-source.h"
#include "tc-text.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* The file, one group per rule, in order:
 *
 *   [settings]                  optional
 *   mode=first                  first (the first rule that matches) or all
 *   max-per-second=100          the default guard of every rule
 *
 *   [rule idn]
 *   match=regex:^\*IDN\?$       exact:, prefix:, contains:, regex: or hex:
 *   reply=ACME,Meter,1,1.0      escapes, \1..\9, {peer} {time} {count} {message}
 *   delay-ms=0
 *   enabled=true
 *   max-per-second=100
 *
 * Values are read raw: GKeyFile's own escapes would reject "\*".
 */

G_DEFINE_QUARK (tc-rules-error-quark, tc_rules_error)

typedef enum
{
  PART_LITERAL,
  PART_CAPTURE,
  PART_PEER,
  PART_TIME,
  PART_COUNT,
  PART_MESSAGE,
} PartKind;

typedef struct
{
  PartKind  kind;
  GBytes   *literal;
  guint     capture;
} Part;

typedef struct
{
  char         *name;
  TcRuleMatch   match;
  GBytes       *pattern;
  GRegex       *regex;
  TcHexPattern *hex;
  GPtrArray    *reply;            /* of Part */
  guint         delay_ms;
  guint         max_per_second;
  gboolean      enabled;
  guint64       fired;
} Rule;

/* How often one rule fired on one connection in the current second. */
typedef struct
{
  gint64 window_start;
  guint  n;
  gboolean paused;
  gint64 paused_until;
} Guard;

typedef struct
{
  TcRules      *rules;
  TcConnection *connection;
  char         *rule;
  GBytes       *reply;
  GSource      *source;
} Pending;

struct _TcHexPattern
{
  GByteArray *bytes;
  GByteArray *wild;      /* 1 where any byte matches */
  gboolean    tail;
  guint       n_captures;
};

struct _TcRules
{
  GObject            parent_instance;

  GPtrArray         *rules;          /* of Rule */
  GHashTable        *guards;         /* TcConnection → Guard[n_rules] */
  GList             *pending;        /* of Pending */
  TcSession         *session;        /* borrowed while attached */
  TcRulesNoticeFunc  notice_func;
  gpointer           notice_data;
  gboolean           first_match;
};

G_DEFINE_FINAL_TYPE (TcRules, tc_rules, G_TYPE_OBJECT)

#define GUARD_WINDOW_US G_USEC_PER_SEC

static void
part_free (gpointer data)
{
  Part *part = data;

  g_clear_pointer (&part->literal, g_bytes_unref);
  g_free (part);
}

static void
rule_free (gpointer data)
{
  Rule *rule = data;

  g_free (rule->name);
  g_clear_pointer (&rule->pattern, g_bytes_unref);
  g_clear_pointer (&rule->regex, g_regex_unref);
  g_clear_pointer (&rule->hex, tc_hex_pattern_free);
  g_clear_pointer (&rule->reply, g_ptr_array_unref);
  g_free (rule);
}

static void
pending_free (Pending *pending)
{
  tc_source_clear (&pending->source);
  g_object_unref (pending->connection);
  g_bytes_unref (pending->reply);
  g_free (pending->rule);
  g_free (pending);
}

static void
tc_rules_dispose (GObject *object)
{
  TcRules *self = TC_RULES (object);

  tc_rules_detach (self);

  G_OBJECT_CLASS (tc_rules_parent_class)->dispose (object);
}

static void
tc_rules_finalize (GObject *object)
{
  TcRules *self = TC_RULES (object);

  g_ptr_array_unref (self->rules);
  g_hash_table_unref (self->guards);

  G_OBJECT_CLASS (tc_rules_parent_class)->finalize (object);
}

static void
tc_rules_class_init (TcRulesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tc_rules_dispose;
  object_class->finalize = tc_rules_finalize;
}

static void
tc_rules_init (TcRules *self)
{
  self->rules = g_ptr_array_new_with_free_func (rule_free);
  self->guards = g_hash_table_new_full (NULL, NULL, g_object_unref, g_free);
  self->first_match = TRUE;
}

/* ---- hex patterns ---- */

void
tc_hex_pattern_free (TcHexPattern *self)
{
  if (self == NULL)
    return;

  g_byte_array_unref (self->bytes);
  g_byte_array_unref (self->wild);
  g_free (self);
}

/* "??" (any byte; a run of them is one capture) or two hex digits at @p.
 * Returns: %FALSE for neither */
static gboolean
append_pattern_byte (TcHexPattern *self,
                     const char   *p,
                     gboolean     *in_run)
{
  guint8 byte = 0;
  guint8 wild = 0;

  if (p[0] == '?' && p[1] == '?')
    {
      wild = 1;
      if (!*in_run)
        self->n_captures++;
    }
  else if (g_ascii_isxdigit (p[0]) && g_ascii_isxdigit (p[1]))
    byte = (guint8) (g_ascii_xdigit_value (p[0]) << 4 | g_ascii_xdigit_value (p[1]));
  else
    return FALSE;

  g_byte_array_append (self->bytes, &byte, 1);
  g_byte_array_append (self->wild, &wild, 1);
  *in_run = wild != 0;
  return TRUE;
}

/**
 * tc_hex_pattern_parse:
 * @text: hex bytes ("01 03", "0103", "01:03"), "??" for any byte, and a
 *   final "*" for anything after
 *
 * Returns: (transfer full) (nullable): the pattern, or %NULL with @error
 *   saying where it is wrong
 */
TcHexPattern *
tc_hex_pattern_parse (const char  *text,
                      GError     **error)
{
  g_autoptr(TcHexPattern) self = g_new0 (TcHexPattern, 1);
  gboolean in_run = FALSE;
  const char *p = text;

  g_return_val_if_fail (text != NULL, NULL);

  self->bytes = g_byte_array_new ();
  self->wild = g_byte_array_new ();

  while (*p != '\0')
    {
      gsize offset = (gsize) (p - text);

      if (*p == ' ' || *p == '\t' || *p == ':' || *p == ',')
        {
          p++;
          continue;
        }

      if (self->tail)
        {
          g_set_error (error, TC_RULES_ERROR, TC_RULES_ERROR_INVALID,
                       _("“*” at %zu must end the hex pattern"), offset - 1);
          return NULL;
        }

      if (*p == '*')
        {
          self->tail = TRUE;
          self->n_captures++;
          p++;
          continue;
        }

      if (!append_pattern_byte (self, p, &in_run))
        {
          g_set_error (error, TC_RULES_ERROR, TC_RULES_ERROR_INVALID,
                       _("expected two hex digits or “??” at %zu"), offset);
          return NULL;
        }
      p += 2;

      if (self->bytes->len > TC_RULES_MAX_HEX_PATTERN)
        {
          g_set_error (error, TC_RULES_ERROR, TC_RULES_ERROR_INVALID,
                       g_dngettext (GETTEXT_PACKAGE, "a hex pattern is at most %u byte",
                                    "a hex pattern is at most %u bytes", TC_RULES_MAX_HEX_PATTERN),
                       TC_RULES_MAX_HEX_PATTERN);
          return NULL;
        }
    }

  if (self->bytes->len == 0 && !self->tail)
    {
      g_set_error_literal (error, TC_RULES_ERROR, TC_RULES_ERROR_INVALID,
                           _("the hex pattern is empty"));
      return NULL;
    }

  return g_steal_pointer (&self);
}

guint
tc_hex_pattern_get_n_captures (const TcHexPattern *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_captures;
}

/**
 * tc_hex_pattern_match:
 * @captures: (nullable): an array of #GBytes, given the whole message then
 *   each run of "??" and the tail, when it matches
 *
 * The pattern matches the whole message, or its start with a final "*".
 */
gboolean
tc_hex_pattern_match (const TcHexPattern *self,
                      const guint8       *data,
                      gsize               len,
                      GPtrArray          *captures)
{
  gsize n;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  n = self->bytes->len;
  if (len < n || (len > n && !self->tail))
    return FALSE;

  for (gsize i = 0; i < n; i++)
    if (!self->wild->data[i] && data[i] != self->bytes->data[i])
      return FALSE;

  if (captures == NULL)
    return TRUE;

  g_ptr_array_add (captures, g_bytes_new (data, len));
  for (gsize i = 0; i < n;)
    {
      gsize start = i;

      if (!self->wild->data[i])
        {
          i++;
          continue;
        }
      while (i < n && self->wild->data[i])
        i++;
      g_ptr_array_add (captures, g_bytes_new (data + start, i - start));
    }
  if (self->tail)
    g_ptr_array_add (captures, g_bytes_new (data + n, len - n));

  return TRUE;
}

/* ---- the file ---- */

static gboolean
fail (GError     **error,
      int          code,
      const char  *source,
      const char  *group,
      const char  *key,
      const char  *reason)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *raw = NULL;

  if (key != NULL)
    raw = g_strdup_printf ("[%s] %s: %s", group, key, reason);
  else
    raw = g_strdup_printf ("[%s]: %s", group, reason);

  /* Names and values come from the file as they are: shown safely, so the
   * error stays one line of UTF-8. */
  tc_text_append_display_safe (text, raw, strlen (raw), 0);
  g_set_error (error, TC_RULES_ERROR, code, "%s: %s", source, text->str);

  return FALSE;
}

static gboolean
add_literal (GPtrArray   *parts,
             GString     *text,
             GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  GBytes *bytes;
  Part *part;

  if (text->len == 0)
    return TRUE;

  bytes = tc_escapes_parse (text->str, (gssize) text->len, &local_error);
  if (bytes == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  part = g_new0 (Part, 1);
  part->kind = PART_LITERAL;
  part->literal = bytes;
  g_ptr_array_add (parts, part);
  g_string_truncate (text, 0);

  return TRUE;
}

/* "\1".."\9" are captures, "{peer}" and the others fields; the text
 * between them is parsed for escapes once, here. */
static GPtrArray *
parse_template (const char  *text,
                GError     **error)
{
  static const struct { const char *name; PartKind kind; } fields[] = {
    { "{peer}", PART_PEER }, { "{time}", PART_TIME },
    { "{count}", PART_COUNT }, { "{message}", PART_MESSAGE },
  };
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (part_free);
  g_autoptr(GString) literal = g_string_new (NULL);
  const char *p = text;

  while (*p != '\0')
    {
      Part *part = NULL;

      if (p[0] == '\\' && p[1] >= '1' && p[1] <= '9')
        {
          part = g_new0 (Part, 1);
          part->kind = PART_CAPTURE;
          part->capture = (guint) (p[1] - '0');
          p += 2;
        }
      else if (p[0] == '\\' && p[1] != '\0')
        {
          /* Kept whole, so that "\\1" stays a backslash then "1". */
          g_string_append_len (literal, p, 2);
          p += 2;
          continue;
        }
      else if (p[0] == '{')
        {
          for (gsize i = 0; i < G_N_ELEMENTS (fields) && part == NULL; i++)
            if (g_str_has_prefix (p, fields[i].name))
              {
                part = g_new0 (Part, 1);
                part->kind = fields[i].kind;
                p += strlen (fields[i].name);
              }
        }

      if (part == NULL)
        {
          g_string_append_c (literal, *p);
          p++;
          continue;
        }

      if (!add_literal (parts, literal, error))
        {
          part_free (part);
          return NULL;
        }
      g_ptr_array_add (parts, part);
    }

  if (!add_literal (parts, literal, error))
    return NULL;

  return g_steal_pointer (&parts);
}

static gboolean
parse_match (Rule        *rule,
             const char  *value,
             GError     **error)
{
  static const struct { const char *prefix; TcRuleMatch match; } kinds[] = {
    { "exact:", TC_RULE_MATCH_EXACT }, { "prefix:", TC_RULE_MATCH_PREFIX },
    { "contains:", TC_RULE_MATCH_CONTAINS }, { "regex:", TC_RULE_MATCH_REGEX },
    { "hex:", TC_RULE_MATCH_HEX },
  };
  const char *pattern = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (kinds) && pattern == NULL; i++)
    if (g_str_has_prefix (value, kinds[i].prefix))
      {
        rule->match = kinds[i].match;
        pattern = value + strlen (kinds[i].prefix);
      }

  if (pattern == NULL)
    {
      g_set_error (error, TC_RULES_ERROR, TC_RULES_ERROR_INVALID,
                   _("“%s” does not start with exact:, prefix:, contains:, regex: or hex:"),
                   value);
      return FALSE;
    }

  switch (rule->match)
    {
    case TC_RULE_MATCH_REGEX:
      /* Raw: a device's bytes need not be UTF-8. */
      rule->regex = g_regex_new (pattern, G_REGEX_RAW, 0, error);
      return rule->regex != NULL;
    case TC_RULE_MATCH_HEX:
      rule->hex = tc_hex_pattern_parse (pattern, error);
      return rule->hex != NULL;
    case TC_RULE_MATCH_EXACT:
    case TC_RULE_MATCH_PREFIX:
    case TC_RULE_MATCH_CONTAINS:
    default:
      rule->pattern = tc_escapes_parse (pattern, -1, error);
      return rule->pattern != NULL;
    }
}

static gboolean
parse_number (const char  *value,
              guint64      min,
              guint64      max,
              guint       *out,
              GError     **error)
{
  guint64 number;

  if (!g_ascii_string_to_unsigned (value, 10, min, max, &number, NULL))
    {
      g_set_error (error, TC_RULES_ERROR, TC_RULES_ERROR_INVALID,
                   _("“%s” is not a whole number from %u to %u"),
                   value, (guint) min, (guint) max);
      return FALSE;
    }

  *out = (guint) number;
  return TRUE;
}

static gboolean
parse_boolean (const char  *value,
               gboolean    *out,
               GError     **error)
{
  if (g_str_equal (value, "true"))
    *out = TRUE;
  else if (g_str_equal (value, "false"))
    *out = FALSE;
  else
    {
      g_set_error (error, TC_RULES_ERROR, TC_RULES_ERROR_INVALID,
                   _("“%s” is neither true nor false"), value);
      return FALSE;
    }

  return TRUE;
}

static gboolean
parse_settings (TcRules     *self,
                GKeyFile    *file,
                const char  *source,
                guint       *max_per_second,
                GError     **error)
{
  g_auto(GStrv) keys = g_key_file_get_keys (file, "settings", NULL, NULL);

  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      g_autofree char *value = g_key_file_get_value (file, "settings", keys[i], NULL);
      g_autoptr(GError) local_error = NULL;

      if (g_strv_contains ((const char * const *) keys + i + 1, keys[i]))
        return fail (error, TC_RULES_ERROR_INVALID, source, "settings", keys[i],
                     _("given more than once"));

      if (g_str_equal (keys[i], "mode"))
        {
          if (g_str_equal (value, "first"))
            self->first_match = TRUE;
          else if (g_str_equal (value, "all"))
            self->first_match = FALSE;
          else
            {
              g_autofree char *reason = g_strdup_printf (_("“%s” is neither first nor all"),
                                                         value);
              return fail (error, TC_RULES_ERROR_INVALID, source, "settings", keys[i], reason);
            }
        }
      else if (g_str_equal (keys[i], "max-per-second"))
        {
          if (!parse_number (value, 1, 1000000, max_per_second, &local_error))
            return fail (error, TC_RULES_ERROR_INVALID, source, "settings", keys[i],
                         local_error->message);
        }
      else
        return fail (error, TC_RULES_ERROR_UNKNOWN, source, "settings", keys[i],
                     _("unknown key (expected mode or max-per-second)"));
    }

  return TRUE;
}

static Rule *
parse_rule (GKeyFile    *file,
            const char  *source,
            const char  *group,
            guint        max_per_second,
            GError     **error)
{
  g_auto(GStrv) keys = g_key_file_get_keys (file, group, NULL, NULL);
  Rule *rule = g_new0 (Rule, 1);
  gboolean has_match = FALSE;
  gboolean has_reply = FALSE;

  /* "[rule]" alone has no name: said below. */
  rule->name = g_strstrip (g_strdup (g_str_has_prefix (group, "rule ") ? group + 5 : ""));
  rule->enabled = TRUE;
  rule->max_per_second = max_per_second;

  if (rule->name[0] == '\0')
    {
      fail (error, TC_RULES_ERROR_INVALID, source, group, NULL,
            _("a rule needs a name: [rule NAME]"));
      goto failed;
    }

  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      g_autofree char *value = g_key_file_get_value (file, group, keys[i], NULL);
      g_autoptr(GError) local_error = NULL;
      gboolean ok;

      /* GKeyFile keeps a key written twice: which one counts is not clear. */
      if (g_strv_contains ((const char * const *) keys + i + 1, keys[i]))
        {
          fail (error, TC_RULES_ERROR_INVALID, source, group, keys[i],
                _("given more than once"));
          goto failed;
        }

      if (g_str_equal (keys[i], "match"))
        ok = has_match = parse_match (rule, value, &local_error);
      else if (g_str_equal (keys[i], "reply"))
        ok = has_reply = (rule->reply = parse_template (value, &local_error)) != NULL;
      else if (g_str_equal (keys[i], "delay-ms"))
        ok = parse_number (value, 0, TC_RULES_MAX_DELAY_MS, &rule->delay_ms, &local_error);
      else if (g_str_equal (keys[i], "enabled"))
        ok = parse_boolean (value, &rule->enabled, &local_error);
      else if (g_str_equal (keys[i], "max-per-second"))
        ok = parse_number (value, 1, 1000000, &rule->max_per_second, &local_error);
      else
        {
          fail (error, TC_RULES_ERROR_UNKNOWN, source, group, keys[i],
                _("unknown key (expected match, reply, delay-ms, enabled or max-per-second)"));
          goto failed;
        }

      if (!ok)
        {
          fail (error, TC_RULES_ERROR_INVALID, source, group, keys[i], local_error->message);
          goto failed;
        }
    }

  if (!has_match || !has_reply)
    {
      fail (error, TC_RULES_ERROR_MISSING, source, group, has_match ? "reply" : "match",
            _("missing"));
      goto failed;
    }

  return rule;

failed:
  rule_free (rule);
  return NULL;
}

/**
 * tc_rules_new_from_data:
 * @source: what to call the data in errors, the file's name
 *
 * Returns: (transfer full) (nullable): the rules, or %NULL with @error
 *   naming @source, the group and the key that are wrong
 */
TcRules *
tc_rules_new_from_data (const char  *data,
                        gssize       len,
                        const char  *source,
                        GError     **error)
{
  g_autoptr(TcRules) self = NULL;
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) groups = NULL;
  guint max_per_second = TC_RULES_DEFAULT_MAX_PER_SECOND;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (source != NULL, NULL);

  if (len < 0)
    len = (gssize) strlen (data);

  if (!g_key_file_load_from_data (file, data != NULL ? data : "", (gsize) len,
                                  G_KEY_FILE_NONE, &local_error))
    {
      g_autoptr(GString) text = g_string_new (NULL);

      tc_text_append_display_safe (text, local_error->message, strlen (local_error->message), 0);
      g_set_error (error, TC_RULES_ERROR, TC_RULES_ERROR_PARSE, "%s: %s", source, text->str);
      return NULL;
    }

  self = g_object_new (TC_TYPE_RULES, NULL);
  if (g_key_file_has_group (file, "settings") &&
      !parse_settings (self, file, source, &max_per_second, error))
    return NULL;

  groups = g_key_file_get_groups (file, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      Rule *rule;

      if (g_str_equal (groups[i], "settings"))
        continue;
      if (!g_str_has_prefix (groups[i], "rule ") && !g_str_equal (groups[i], "rule"))
        {
          fail (error, TC_RULES_ERROR_UNKNOWN, source, groups[i], NULL,
                _("unknown group (expected [rule NAME] or [settings])"));
          return NULL;
        }

      rule = parse_rule (file, source, groups[i], max_per_second, error);
      if (rule == NULL)
        return NULL;
      g_ptr_array_add (self->rules, rule);
    }

  if (self->rules->len == 0)
    {
      g_set_error (error, TC_RULES_ERROR, TC_RULES_ERROR_MISSING,
                   _("%s: no rule: add a group [rule NAME] with match= and reply="), source);
      return NULL;
    }

  return g_steal_pointer (&self);
}

TcRules *
tc_rules_new_from_file (const char  *path,
                        GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *data = NULL;
  gsize len;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &data, &len, &local_error))
    {
      g_set_error_literal (error, TC_RULES_ERROR, TC_RULES_ERROR_PARSE, local_error->message);
      return NULL;
    }

  return tc_rules_new_from_data (data, (gssize) len, path, error);
}

guint
tc_rules_get_n_rules (TcRules *self)
{
  g_return_val_if_fail (TC_IS_RULES (self), 0);

  return self->rules->len;
}

const char *
tc_rules_get_name (TcRules *self,
                   guint    index)
{
  g_return_val_if_fail (TC_IS_RULES (self), NULL);
  g_return_val_if_fail (index < self->rules->len, NULL);

  return ((Rule *) g_ptr_array_index (self->rules, index))->name;
}

/* How often a rule replied. */
guint64
tc_rules_get_fired (TcRules *self,
                    guint    index)
{
  g_return_val_if_fail (TC_IS_RULES (self), 0);
  g_return_val_if_fail (index < self->rules->len, 0);

  return ((Rule *) g_ptr_array_index (self->rules, index))->fired;
}

/* Whether a rule answers: the file's enabled=, or the last
 * tc_rules_set_enabled(). */
gboolean
tc_rules_get_enabled (TcRules *self,
                      guint    index)
{
  g_return_val_if_fail (TC_IS_RULES (self), FALSE);
  g_return_val_if_fail (index < self->rules->len, FALSE);

  return ((Rule *) g_ptr_array_index (self->rules, index))->enabled;
}

/* Turns a rule on or off from the next message on; replies already
 * waiting for their delay still go. */
void
tc_rules_set_enabled (TcRules  *self,
                      guint     index,
                      gboolean  enabled)
{
  g_return_if_fail (TC_IS_RULES (self));
  g_return_if_fail (index < self->rules->len);

  ((Rule *) g_ptr_array_index (self->rules, index))->enabled = enabled != FALSE;
}

gboolean
tc_rules_get_first_match (TcRules *self)
{
  g_return_val_if_fail (TC_IS_RULES (self), TRUE);

  return self->first_match;
}

/* Whether only the first matching rule answers, or every one; the file's
 * [settings] mode is only where it starts. */
void
tc_rules_set_first_match (TcRules  *self,
                          gboolean  first_match)
{
  g_return_if_fail (TC_IS_RULES (self));

  self->first_match = first_match != FALSE;
}

void
tc_rules_set_notice_func (TcRules           *self,
                          TcRulesNoticeFunc  func,
                          gpointer           user_data)
{
  g_return_if_fail (TC_IS_RULES (self));

  self->notice_func = func;
  self->notice_data = user_data;
}

/* ---- matching and replying ---- */

static gboolean
contains (const guint8 *data,
          gsize         len,
          const guint8 *pattern,
          gsize         n)
{
  for (gsize i = 0; i + n <= len; i++)
    {
      const guint8 *p = memchr (data + i, pattern[0], len - n - i + 1);

      if (p == NULL)
        return FALSE;
      i = (gsize) (p - data);
      if (memcmp (p, pattern, n) == 0)
        return TRUE;
    }

  return FALSE;
}

static gboolean
rule_matches (Rule         *rule,
              const guint8 *data,
              gsize         len,
              GPtrArray    *captures)
{
  const guint8 *pattern;
  gsize n;

  switch (rule->match)
    {
    case TC_RULE_MATCH_REGEX:
      {
        g_autoptr(GMatchInfo) info = NULL;
        int count;

        if (!g_regex_match_full (rule->regex, (const char *) data, (gssize) len, 0, 0,
                                 &info, NULL))
          return FALSE;

        count = g_match_info_get_match_count (info);
        for (int i = 0; i < count; i++)
          {
            int start = -1, end = -1;

            if (g_match_info_fetch_pos (info, i, &start, &end) && start >= 0 && end >= start)
              g_ptr_array_add (captures, g_bytes_new (data + start, (gsize) (end - start)));
            else
              g_ptr_array_add (captures, g_bytes_new (NULL, 0));
          }
        return TRUE;
      }
    case TC_RULE_MATCH_HEX:
      return tc_hex_pattern_match (rule->hex, data, len, captures);
    case TC_RULE_MATCH_EXACT:
    case TC_RULE_MATCH_PREFIX:
    case TC_RULE_MATCH_CONTAINS:
    default:
      break;
    }

  pattern = g_bytes_get_data (rule->pattern, &n);
  if (rule->match == TC_RULE_MATCH_EXACT && (len != n || (n > 0 && memcmp (data, pattern, n) != 0)))
    return FALSE;
  if (rule->match == TC_RULE_MATCH_PREFIX && (len < n || (n > 0 && memcmp (data, pattern, n) != 0)))
    return FALSE;
  if (rule->match == TC_RULE_MATCH_CONTAINS && n > 0 &&
      !contains (data, len, pattern, n))
    return FALSE;

  g_ptr_array_add (captures, g_bytes_new (data, len));
  return TRUE;
}

static GBytes *
expand_reply (Rule         *rule,
              const char   *peer,
              const guint8 *data,
              gsize         len,
              GPtrArray    *captures)
{
  GByteArray *out = g_byte_array_new ();

  for (guint i = 0; i < rule->reply->len; i++)
    {
      Part *part = g_ptr_array_index (rule->reply, i);
      g_autofree char *text = NULL;
      const guint8 *bytes;
      gsize n;

      switch (part->kind)
        {
        case PART_LITERAL:
          bytes = g_bytes_get_data (part->literal, &n);
          g_byte_array_append (out, bytes, (guint) n);
          break;
        case PART_CAPTURE:
          if (part->capture < captures->len)
            {
              bytes = g_bytes_get_data (g_ptr_array_index (captures, part->capture), &n);
              g_byte_array_append (out, bytes, (guint) n);
            }
          break;
        case PART_PEER:
          if (peer != NULL)
            g_byte_array_append (out, (const guint8 *) peer, (guint) strlen (peer));
          break;
        case PART_TIME:
          {
            g_autoptr(GDateTime) now = g_date_time_new_now_local ();

            text = g_date_time_format (now, "%H:%M:%S");
            g_byte_array_append (out, (const guint8 *) text, (guint) strlen (text));
          }
          break;
        case PART_COUNT:
          text = g_strdup_printf ("%" G_GUINT64_FORMAT, rule->fired);
          g_byte_array_append (out, (const guint8 *) text, (guint) strlen (text));
          break;
        case PART_MESSAGE:
        default:
          g_byte_array_append (out, data, (guint) len);
          break;
        }
    }

  return g_byte_array_free_to_bytes (out);
}

static void
notify (TcRules           *self,
        TcRulesNoticeKind  kind,
        Rule              *rule,
        TcConnection      *connection,
        const char        *peer,
        GBytes            *reply,
        const GError      *error)
{
  TcRulesNotice notice = { 0 };

  if (self->notice_func == NULL)
    return;

  notice.kind = kind;
  notice.rule = rule->name;
  notice.connection = connection;
  notice.peer = peer;
  notice.reply = reply;
  notice.max_per_second = rule->max_per_second;
  notice.error = error;
  self->notice_func (&notice, self->notice_data);
}

/* Whether the rule may fire on this connection now; says when it pauses
 * and when it works again. */
static gboolean
guard_allows (TcRules      *self,
              Rule         *rule,
              Guard        *guard,
              TcConnection *connection,
              const char   *peer,
              gint64        now)
{
  if (guard->paused)
    {
      if (now < guard->paused_until)
        return FALSE;
      guard->paused = FALSE;
      guard->window_start = now;
      guard->n = 0;
      notify (self, TC_RULES_NOTICE_RESUMED, rule, connection, peer, NULL, NULL);
    }

  if (now - guard->window_start >= GUARD_WINDOW_US)
    {
      guard->window_start = now;
      guard->n = 0;
    }

  if (guard->n >= rule->max_per_second)
    {
      /* A loop between two responders stops here for a second at least. */
      guard->paused = TRUE;
      guard->paused_until = now + GUARD_WINDOW_US;
      notify (self, TC_RULES_NOTICE_PAUSED, rule, connection, peer, NULL, NULL);
      return FALSE;
    }

  guard->n++;
  return TRUE;
}

static void
send_reply (TcRules      *self,
            const char   *rule_name,
            TcConnection *connection,
            GBytes       *reply)
{
  g_autoptr(GError) error = NULL;

  if (self->session == NULL ||
      tc_connection_get_state (connection) != TC_SOCKET_STATE_CONNECTED)
    return;

  if (tc_session_send (self->session, connection, reply, &error) == 0)
    {
      for (guint i = 0; i < self->rules->len; i++)
        {
          Rule *rule = g_ptr_array_index (self->rules, i);

          if (g_str_equal (rule->name, rule_name))
            {
              notify (self, TC_RULES_NOTICE_FAILED, rule, connection,
                      tc_connection_get_peer_label (connection), reply, error);
              break;
            }
        }
    }
}

static gboolean
pending_cb (gpointer user_data)
{
  Pending *pending = user_data;
  TcRules *self = pending->rules;

  g_clear_pointer (&pending->source, g_source_unref);
  self->pending = g_list_remove (self->pending, pending);
  send_reply (self, pending->rule, pending->connection, pending->reply);
  pending_free (pending);

  return G_SOURCE_REMOVE;
}

/**
 * tc_rules_handle_message:
 * @connection: where the message came from, and where replies go
 * @data: the message, without its terminator
 *
 * Fires the rules that match, as the session does for each message it
 * receives while attached.
 *
 * Returns: how many rules fired
 */
guint
tc_rules_handle_message (TcRules      *self,
                         TcConnection *connection,
                         const char   *peer,
                         const guint8 *data,
                         gsize         len)
{
  Guard *guards;
  gint64 now;
  guint n_fired = 0;

  g_return_val_if_fail (TC_IS_RULES (self), 0);
  g_return_val_if_fail (TC_IS_CONNECTION (connection), 0);

  guards = g_hash_table_lookup (self->guards, connection);
  if (guards == NULL)
    {
      guards = g_new0 (Guard, self->rules->len);
      g_hash_table_insert (self->guards, g_object_ref (connection), guards);
    }

  now = g_get_monotonic_time ();
  for (guint i = 0; i < self->rules->len; i++)
    {
      Rule *rule = g_ptr_array_index (self->rules, i);
      g_autoptr(GPtrArray) captures = NULL;
      g_autoptr(GBytes) reply = NULL;

      if (!rule->enabled)
        continue;

      captures = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
      if (!rule_matches (rule, data, len, captures))
        continue;

      /* A paused rule still counts as the match: it must not let a later
       * catch-all answer in its place. */
      if (guard_allows (self, rule, &guards[i], connection, peer, now))
        {
          rule->fired++;
          n_fired++;
          reply = expand_reply (rule, peer, data, len, captures);
          notify (self, TC_RULES_NOTICE_REPLIED, rule, connection, peer, reply, NULL);

          if (rule->delay_ms == 0)
            send_reply (self, rule->name, connection, reply);
          else
            {
              Pending *pending = g_new0 (Pending, 1);

              pending->rules = self;
              pending->connection = g_object_ref (connection);
              pending->rule = g_strdup (rule->name);
              pending->reply = g_bytes_ref (reply);
              pending->source = tc_source_add (rule->delay_ms, pending_cb, pending);
              self->pending = g_list_prepend (self->pending, pending);
            }
        }

      if (self->first_match)
        break;
    }

  return n_fired;
}

static void
forget_connection (TcRules      *self,
                   TcConnection *connection)
{
  for (GList *l = self->pending; l != NULL;)
    {
      Pending *pending = l->data;
      GList *next = l->next;

      if (pending->connection == connection)
        {
          self->pending = g_list_delete_link (self->pending, l);
          pending_free (pending);
        }
      l = next;
    }

  g_hash_table_remove (self->guards, connection);
}

static void
session_event_cb (TcSession     *session,
                  const TcEvent *event,
                  gpointer       user_data)
{
  TcRules *self = user_data;

  if (event->kind == TC_EVENT_RECEIVED && event->connection != NULL)
    tc_rules_handle_message (self, event->connection, event->peer,
                             (const guint8 *) event->message->data, event->message->len);
  else if (event->kind == TC_EVENT_PEER_CLOSED && event->connection != NULL)
    forget_connection (self, event->connection);
}

/**
 * tc_rules_attach:
 * @session: (transfer none): the session whose peers the rules answer, on
 *   every connection for as long as it lives; it must outlive the
 *   attachment (see tc_rules_detach())
 */
void
tc_rules_attach (TcRules   *self,
                 TcSession *session)
{
  g_return_if_fail (TC_IS_RULES (self));
  g_return_if_fail (TC_IS_SESSION (session));
  g_return_if_fail (self->session == NULL);

  self->session = session;
  tc_session_add_event_func (session, session_event_cb, self);
}

/* Stops answering; replies still waiting for their delay are dropped. */
void
tc_rules_detach (TcRules *self)
{
  g_return_if_fail (TC_IS_RULES (self));

  g_list_free_full (g_steal_pointer (&self->pending), (GDestroyNotify) pending_free);
  g_hash_table_remove_all (self->guards);

  if (self->session != NULL)
    {
      tc_session_remove_event_func (self->session, session_event_cb, self);
      self->session = NULL;
    }
}
