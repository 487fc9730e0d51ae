/* tc-font-metrics.c: a font's line metrics, looked up once per font and size
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Looking metrics up shapes a sample text: too slow to do for each of the
 * ~200 rows GTK 4.8's list views keep bound. The rows that measure
 * themselves from metrics (log rows, client rows) share this cache.
 */
#include "config.h"

#include "tc-font-metrics.h"

#include <pango/pangocairo.h>

/* The metrics of one font description at the scales asked for, valid for
 * one font map and resolution. */
typedef struct
{
  PangoFontMap *font_map;      /* borrowed, compared only */
  double        resolution;
  GPtrArray    *scaled;        /* of Scaled, each in its own block: stable */
} Entry;

typedef struct
{
  double        scale;
  TcFontMetrics metrics;
} Scaled;

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_ptr_array_unref (entry->scaled);
  g_free (entry);
}

static void
look_up (PangoContext               *context,
         const PangoFontDescription *desc,
         double                      scale,
         TcFontMetrics              *metrics)
{
  g_autoptr(PangoFontDescription) scaled = pango_font_description_copy (desc);
  int size = (int) (pango_font_description_get_size (desc) * scale);
  PangoFontMetrics *font_metrics;

  if (pango_font_description_get_size_is_absolute (desc))
    pango_font_description_set_absolute_size (scaled, size);
  else
    pango_font_description_set_size (scaled, size);

  font_metrics = pango_context_get_metrics (context, scaled, NULL);
  metrics->ascent = pango_font_metrics_get_ascent (font_metrics);
  metrics->descent = pango_font_metrics_get_descent (font_metrics);
  metrics->char_width = MAX (pango_font_metrics_get_approximate_char_width (font_metrics),
                             PANGO_SCALE);
  metrics->digit_width = MAX (pango_font_metrics_get_approximate_digit_width (font_metrics),
                              PANGO_SCALE);
  pango_font_metrics_unref (font_metrics);
}

/**
 * tc_font_metrics_get:
 * @context: a widget's Pango context
 * @scale: the size relative to the context's font (1.0, or PANGO_SCALE_SMALL)
 *
 * Returns: (transfer none): the metrics of the context's font at @scale,
 *   valid until the font, its font map or the resolution changes
 */
const TcFontMetrics *
tc_font_metrics_get (PangoContext *context,
                     double        scale)
{
  static GHashTable *cache;    /* PangoFontDescription -> Entry */
  const PangoFontDescription *desc = pango_context_get_font_description (context);
  PangoFontMap *font_map = pango_context_get_font_map (context);
  double resolution = pango_cairo_context_get_resolution (context);
  Entry *entry;
  Scaled *added;

  if (cache == NULL)
    cache = g_hash_table_new_full ((GHashFunc) pango_font_description_hash,
                                   (GEqualFunc) pango_font_description_equal,
                                   (GDestroyNotify) pango_font_description_free,
                                   entry_free);

  entry = g_hash_table_lookup (cache, desc);
  if (entry == NULL)
    {
      entry = g_new0 (Entry, 1);
      entry->scaled = g_ptr_array_new_with_free_func (g_free);
      g_hash_table_insert (cache, pango_font_description_copy (desc), entry);
    }
  if (entry->font_map != font_map || entry->resolution != resolution)
    {
      entry->font_map = font_map;
      entry->resolution = resolution;
      g_ptr_array_set_size (entry->scaled, 0);
    }

  for (guint i = 0; i < entry->scaled->len; i++)
    {
      Scaled *known = g_ptr_array_index (entry->scaled, i);

      if (known->scale == scale)
        return &known->metrics;
    }

  added = g_new (Scaled, 1);
  added->scale = scale;
  look_up (context, desc, scale, &added->metrics);
  g_ptr_array_add (entry->scaled, added);

  return &added->metrics;
}
