/* tc-framing.c: which framing a session uses, as a value parsed from text
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-framing.h"
#include "tc-delimiter-framer.h"
#include "tc-error.h"
#include "tc-escapes.h"
#include "tc-fixed-framer.h"
#include "tc-line-framer.h"
#include "tc-raw-framer.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* Immutable once made, so shared by reference: a server hands the same
 * one to every connection it makes a framer for.
 */
struct _TcFraming
{
  gatomicrefcount  ref_count;
  TcFramingMode    mode;
  guint            idle_gap_ms;
  gsize            fixed_size;
  TcLengthPrefix   prefix;
  GBytes          *delimiter;
};

static const char * const prefix_names[] = { "u8", "u16be", "u16le", "u32be", "u32le" };

/* Spelled out: G_DEFINE_BOXED_TYPE trips -Wpedantic with GCC. */
GType
tc_framing_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    {
      GType type = g_boxed_type_register_static (g_intern_static_string ("TcFraming"),
                                                 (GBoxedCopyFunc) tc_framing_ref,
                                                 (GBoxedFreeFunc) tc_framing_unref);
      g_once_init_leave (&type_id, type);
    }

  return type_id;
}

static TcFraming *
framing_new (TcFramingMode mode)
{
  TcFraming *self = g_new0 (TcFraming, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->mode = mode;

  return self;
}

/* "\n" or "\r\n" ends a message; the default. */
TcFraming *
tc_framing_new_lines (void)
{
  return framing_new (TC_FRAMING_MODE_LINES);
}

/* Each read a message, or, with a gap, what came until the peer paused. */
TcFraming *
tc_framing_new_raw (guint idle_gap_ms)
{
  TcFraming *self;

  g_return_val_if_fail (idle_gap_ms <= TC_FRAMING_MAX_IDLE_GAP_MS, NULL);

  self = framing_new (TC_FRAMING_MODE_RAW);
  self->idle_gap_ms = idle_gap_ms;

  return self;
}

TcFraming *
tc_framing_new_delimiter (GBytes *delimiter)
{
  TcFraming *self;

  g_return_val_if_fail (delimiter != NULL, NULL);
  g_return_val_if_fail (g_bytes_get_size (delimiter) > 0, NULL);
  g_return_val_if_fail (g_bytes_get_size (delimiter) <= TC_FRAMING_MAX_DELIMITER, NULL);

  self = framing_new (TC_FRAMING_MODE_DELIMITER);
  self->delimiter = g_bytes_ref (delimiter);

  return self;
}

TcFraming *
tc_framing_new_fixed (gsize size)
{
  TcFraming *self;

  g_return_val_if_fail (size > 0 && size <= TC_FRAMING_MAX_FIXED_SIZE, NULL);

  self = framing_new (TC_FRAMING_MODE_FIXED);
  self->fixed_size = size;

  return self;
}

TcFraming *
tc_framing_new_length (TcLengthPrefix prefix)
{
  TcFraming *self;

  g_return_val_if_fail (prefix <= TC_LENGTH_PREFIX_U32LE, NULL);

  self = framing_new (TC_FRAMING_MODE_LENGTH);
  self->prefix = prefix;

  return self;
}

TcFraming *
tc_framing_ref (TcFraming *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
tc_framing_unref (TcFraming *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_clear_pointer (&self->delimiter, g_bytes_unref);
  g_free (self);
}

gboolean
tc_framing_equal (const TcFraming *a,
                  const TcFraming *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  if (a->mode != b->mode)
    return FALSE;

  switch (a->mode)
    {
    case TC_FRAMING_MODE_LINES:
      return TRUE;
    case TC_FRAMING_MODE_RAW:
      return a->idle_gap_ms == b->idle_gap_ms;
    case TC_FRAMING_MODE_DELIMITER:
      return g_bytes_equal (a->delimiter, b->delimiter);
    case TC_FRAMING_MODE_FIXED:
      return a->fixed_size == b->fixed_size;
    case TC_FRAMING_MODE_LENGTH:
      return a->prefix == b->prefix;
    default:
      g_return_val_if_reached (FALSE);
    }
}

TcFramingMode
tc_framing_get_mode (const TcFraming *self)
{
  g_return_val_if_fail (self != NULL, TC_FRAMING_MODE_LINES);

  return self->mode;
}

guint
tc_framing_get_idle_gap_ms (const TcFraming *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->idle_gap_ms;
}

/* Returns: (transfer none) (nullable): the delimiter, in delimiter mode */
GBytes *
tc_framing_get_delimiter (const TcFraming *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->delimiter;
}

gsize
tc_framing_get_fixed_size (const TcFraming *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->fixed_size;
}

TcLengthPrefix
tc_framing_get_length_prefix (const TcFraming *self)
{
  g_return_val_if_fail (self != NULL, TC_LENGTH_PREFIX_U8);

  return self->prefix;
}

#define SPEC_HINT "lines, raw, raw:GAP_MS, delimiter:ESCAPED, fixed:N, " \
                  "length:u8|u16be|u16le|u32be|u32le"

static gboolean
parse_number (const char  *mode,
              const char  *text,
              guint64      min,
              guint64      max,
              const char  *what,
              guint64     *out,
              GError     **error)
{
  if (!g_ascii_string_to_unsigned (text, 10, min, max, out, NULL))
    {
      /* TRANSLATORS: e.g. "fixed: N must be between 1 and 16777216, not "0"" */
      g_set_error (error, TC_ERROR, TC_ERROR_INVALID_FRAMING,
                   _("%s: %s must be a whole number between %llu and %llu, not \"%s\""),
                   mode, what, (unsigned long long) min, (unsigned long long) max, text);
      return FALSE;
    }

  return TRUE;
}

/* "delimiter:ESCAPED": the bytes that end a message. */
static TcFraming *
parse_delimiter (const char  *value,
                 GError     **error)
{
  g_autoptr(GBytes) delimiter = NULL;
  g_autoptr(GError) local_error = NULL;

  if (value == NULL || *value == '\0')
    {
      g_set_error (error, TC_ERROR, TC_ERROR_INVALID_FRAMING,
                   _("delimiter: empty: give the bytes that end a message, "
                     "e.g. delimiter:\\r\\n or delimiter:\\x03"));
      return NULL;
    }

  delimiter = tc_escapes_parse (value, -1, &local_error);
  if (delimiter == NULL)
    {
      g_set_error (error, TC_ERROR, TC_ERROR_INVALID_FRAMING, _("delimiter: %s"),
                   local_error->message);
      return NULL;
    }

  if (g_bytes_get_size (delimiter) > TC_FRAMING_MAX_DELIMITER)
    {
      g_set_error (error, TC_ERROR, TC_ERROR_INVALID_FRAMING,
                   g_dngettext (GETTEXT_PACKAGE,
                                "delimiter: %zu byte is too long: at most %d",
                                "delimiter: %zu bytes is too long: at most %d",
                                g_bytes_get_size (delimiter)),
                   g_bytes_get_size (delimiter), TC_FRAMING_MAX_DELIMITER);
      return NULL;
    }

  return tc_framing_new_delimiter (delimiter);
}

/* "length:PREFIX", one of prefix_names. */
static TcFraming *
parse_length (const char  *value,
              GError     **error)
{
  for (guint i = 0; value != NULL && i < G_N_ELEMENTS (prefix_names); i++)
    if (g_ascii_strcasecmp (value, prefix_names[i]) == 0)
      return tc_framing_new_length ((TcLengthPrefix) i);

  g_set_error (error, TC_ERROR, TC_ERROR_INVALID_FRAMING,
               _("length: unknown prefix \"%s\": use u8, u16be, u16le, u32be or u32le"),
               value != NULL ? value : "");
  return NULL;
}

/**
 * tc_framing_parse:
 * @spec: `lines`, `raw`, `raw:GAP_MS`, `delimiter:ESCAPED`, `fixed:N` or
 *   `length:u8|u16be|u16le|u32be|u32le`
 * @error: where to say what is wrong with it
 *
 * Returns: (transfer full) (nullable): the framing
 */
TcFraming *
tc_framing_parse (const char  *spec,
                  GError     **error)
{
  g_autofree char *name = NULL;
  const char *colon;
  const char *value = NULL;
  guint64 number;

  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  colon = strchr (spec, ':');
  name = colon != NULL ? g_strndup (spec, (gsize) (colon - spec)) : g_strdup (spec);
  if (colon != NULL)
    value = colon + 1;

  if (g_ascii_strcasecmp (name, "lines") == 0)
    {
      if (value != NULL)
        {
          g_set_error (error, TC_ERROR, TC_ERROR_INVALID_FRAMING,
                       _("lines: takes no value (a line ends with \\n or \\r\\n); "
                         "for another end use delimiter:ESCAPED"));
          return NULL;
        }
      return tc_framing_new_lines ();
    }

  if (g_ascii_strcasecmp (name, "raw") == 0)
    {
      if (value == NULL)
        return tc_framing_new_raw (0);
      if (!parse_number ("raw", value, 0, TC_FRAMING_MAX_IDLE_GAP_MS, _("the idle gap in ms"),
                         &number, error))
        return NULL;
      return tc_framing_new_raw ((guint) number);
    }

  if (g_ascii_strcasecmp (name, "delimiter") == 0)
    return parse_delimiter (value, error);

  if (g_ascii_strcasecmp (name, "fixed") == 0)
    {
      if (value == NULL)
        {
          g_set_error (error, TC_ERROR, TC_ERROR_INVALID_FRAMING,
                       _("fixed: the size is missing: fixed:N, N bytes a message"));
          return NULL;
        }
      if (!parse_number ("fixed", value, 1, TC_FRAMING_MAX_FIXED_SIZE, "N", &number, error))
        return NULL;
      return tc_framing_new_fixed ((gsize) number);
    }

  if (g_ascii_strcasecmp (name, "length") == 0)
    return parse_length (value, error);

  g_set_error (error, TC_ERROR, TC_ERROR_INVALID_FRAMING,
               _("Unknown framing \"%s\": use %s"), name, SPEC_HINT);
  return NULL;
}

/**
 * tc_framing_to_string:
 * @self: a framing
 *
 * Returns: (transfer full): the spec tc_framing_parse() reads back
 */
char *
tc_framing_to_string (const TcFraming *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  switch (self->mode)
    {
    case TC_FRAMING_MODE_LINES:
      return g_strdup ("lines");
    case TC_FRAMING_MODE_RAW:
      if (self->idle_gap_ms == 0)
        return g_strdup ("raw");
      return g_strdup_printf ("raw:%u", self->idle_gap_ms);
    case TC_FRAMING_MODE_DELIMITER:
      {
        gsize len;
        const void *data = g_bytes_get_data (self->delimiter, &len);
        g_autofree char *escaped = tc_escapes_format (data, len);

        return g_strconcat ("delimiter:", escaped, NULL);
      }
    case TC_FRAMING_MODE_FIXED:
      return g_strdup_printf ("fixed:%" G_GSIZE_FORMAT, self->fixed_size);
    case TC_FRAMING_MODE_LENGTH:
      return g_strconcat ("length:", prefix_names[self->prefix], NULL);
    default:
      g_return_val_if_reached (NULL);
    }
}

static GQuark
framing_quark (void)
{
  static GQuark quark;

  if (quark == 0)
    quark = g_quark_from_static_string ("tc-framing-of-framer");
  return quark;
}

static TcFramer *create_framer (const TcFraming *self,
                                gsize            max_size);

/**
 * tc_framing_create_framer:
 * @self: a framing
 * @max_size: the longest message kept whole; 0 for the default
 *
 * Returns: (transfer full): a new framer of this framing, for one stream
 */
TcFramer *
tc_framing_create_framer (const TcFraming *self,
                          gsize            max_size)
{
  TcFramer *framer = create_framer (self, max_size);

  /* Which framing it is, for a sender that frames a message once for all
   * the peers of one framing. */
  g_object_set_qdata_full (G_OBJECT (framer), framing_quark (),
                           tc_framing_ref ((TcFraming *) self),
                           (GDestroyNotify) tc_framing_unref);
  return framer;
}

/**
 * tc_framing_get_for_framer:
 * @framer: a framer
 *
 * Returns: (transfer none) (nullable): the framing @framer was created
 *   for by tc_framing_create_framer(), or %NULL
 */
TcFraming *
tc_framing_get_for_framer (TcFramer *framer)
{
  g_return_val_if_fail (TC_IS_FRAMER (framer), NULL);
  return g_object_get_qdata (G_OBJECT (framer), framing_quark ());
}

/* Framings two framers were created for, alike; unknown ones are taken
 * for alike, as a session always took its peers' framings. */
gboolean
tc_framing_equal_or_null (const TcFraming *a,
                          const TcFraming *b)
{
  if (a == NULL || b == NULL)
    return TRUE;
  return tc_framing_equal (a, b);
}

static TcFramer *
create_framer (const TcFraming *self,
               gsize            max_size)
{
  g_return_val_if_fail (self != NULL, NULL);

  switch (self->mode)
    {
    case TC_FRAMING_MODE_LINES:
      return TC_FRAMER (tc_line_framer_new (max_size));
    case TC_FRAMING_MODE_RAW:
      return TC_FRAMER (tc_raw_framer_new (self->idle_gap_ms, max_size));
    case TC_FRAMING_MODE_DELIMITER:
      {
        gsize len;
        const void *data = g_bytes_get_data (self->delimiter, &len);

        return TC_FRAMER (tc_delimiter_framer_new (data, len, max_size));
      }
    case TC_FRAMING_MODE_FIXED:
      return TC_FRAMER (tc_fixed_framer_new (self->fixed_size, max_size));
    case TC_FRAMING_MODE_LENGTH:
      return TC_FRAMER (tc_length_framer_new (self->prefix, max_size));
    default:
      g_return_val_if_reached (NULL);
    }
}
