/* tc-client-row.c: one row of the server's clients list, drawn as a single widget
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GTK 4.8's list view keeps about 200 rows bound around what is shown and
 * measures them all in the frame after a change: when a thousand clients
 * connect at once, a row made of a box and three labels costs four widgets
 * and three shaped texts each, some 40 ms of layout in one frame. This row
 * is one widget: its height comes from the font's metrics (no text is shaped
 * to measure it), and its lines are laid out with PangoLayouts made only when
 * the row is drawn, so only the rows on screen shape text.
 *
 * It looks as the box did: the title in the row's colour and font, the
 * detail lines smaller ("font-size: smaller") and fainter, 2 pixels apart.
 */
#include "config.h"

#include "tc-client-row.h"

#include "tc-font-metrics.h"
#include "tc-row-layout.h"

#include <pango/pangocairo.h>

/* Between lines, in pixels. */
#define LINE_SPACING 2
/* Opacity of the detail lines, relative to the row's colour. */
#define DETAIL_ALPHA 0.7f
/* CSS's "smaller": the detail lines' size relative to the title's. */
#define DETAIL_SCALE PANGO_SCALE_SMALL
/* The natural width, in characters: an IPv4 address with a port. */
#define NATURAL_CHARS 21
/* The narrowest a row gets, in characters: the ellipsis and a little. */
#define MINIMUM_CHARS 3

typedef enum
{
  LINE_TITLE,
  LINE_DETAIL,
  LINE_COUNTERS,
  N_LINES
} Line;

struct _TcClientRow
{
  GtkWidget             parent_instance;

  /* owned */
  char                 *texts[N_LINES];      /* counters NULL: two lines */
  char                 *tooltip;             /* NULL: the lines */
  PangoLayout          *layouts[N_LINES];    /* made when first drawn */
  PangoFontDescription *layouts_font;        /* the font they were made with */

  /* plain state */
  gboolean              layouts_stale;       /* texts not given to the layouts yet */
};

G_DEFINE_FINAL_TYPE (TcClientRow, tc_client_row, GTK_TYPE_WIDGET)

/* The title's and the detail lines' font metrics. */
static void
tc_client_row_get_metrics (TcClientRow          *self,
                           const TcFontMetrics **title,
                           const TcFontMetrics **detail)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));

  *title = tc_font_metrics_get (context, 1.0);
  *detail = tc_font_metrics_get (context, DETAIL_SCALE);
}

static guint
n_lines (TcClientRow *self)
{
  return self->texts[LINE_COUNTERS] != NULL ? N_LINES : N_LINES - 1;
}

/* The detail lines are the row's font, smaller. */
static PangoAttrList *
detail_attributes (void)
{
  static PangoAttrList *attributes;

  if (attributes == NULL)
    {
      attributes = pango_attr_list_new ();
      pango_attr_list_insert (attributes, pango_attr_scale_new (DETAIL_SCALE));
    }

  return attributes;
}

/* Makes the layouts on first use and again when the font changed; gives
 * them the row's texts. */
static void
tc_client_row_ensure_layouts (TcClientRow *self)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  const PangoFontDescription *font = pango_context_get_font_description (context);

  if (self->layouts[0] != NULL
      && !pango_font_description_equal (self->layouts_font, font))
    {
      for (Line i = 0; i < N_LINES; i++)
        g_clear_object (&self->layouts[i]);
    }

  if (self->layouts[0] == NULL)
    {
      for (Line i = 0; i < N_LINES; i++)
        {
          PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);

          pango_layout_set_single_paragraph_mode (layout, TRUE);
          if (i == LINE_TITLE)
            {
              pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_MIDDLE);
            }
          else
            {
              pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
              pango_layout_set_attributes (layout, detail_attributes ());
            }
          self->layouts[i] = layout;
        }
      g_clear_pointer (&self->layouts_font, pango_font_description_free);
      self->layouts_font = pango_font_description_copy (font);
      self->layouts_stale = TRUE;
    }

  if (!self->layouts_stale)
    return;
  for (Line i = 0; i < N_LINES; i++)
    pango_layout_set_text (self->layouts[i], self->texts[i] != NULL ? self->texts[i] : "", -1);
  self->layouts_stale = FALSE;
}

/* Draws layout at the row's start edge, its baseline at baseline (Pango
 * units from the top), cut to the row's width. */
static void
append_line (TcClientRow   *self,
             GtkSnapshot   *snapshot,
             PangoLayout   *layout,
             int            baseline,
             const GdkRGBA *color)
{
  PangoRectangle logical;

  pango_layout_set_width (layout, gtk_widget_get_width (GTK_WIDGET (self)) * PANGO_SCALE);
  pango_layout_get_extents (layout, NULL, &logical);
  /* Start-aligned, as the labels were: on the right in right-to-left. */
  tc_row_append_layout (GTK_WIDGET (self), snapshot, layout, 0, logical.width, baseline, color);
}

static void
tc_client_row_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  TcClientRow *self = TC_CLIENT_ROW (widget);
  const TcFontMetrics *title, *detail;
  GdkRGBA color, detail_color;
  int spacing = LINE_SPACING * PANGO_SCALE;
  int top;

  if (self->texts[LINE_TITLE] == NULL || gtk_widget_get_width (widget) <= 0)
    return;

  tc_client_row_get_metrics (self, &title, &detail);
  tc_client_row_ensure_layouts (self);

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  detail_color = color;
  detail_color.alpha *= DETAIL_ALPHA;

  append_line (self, snapshot, self->layouts[LINE_TITLE], title->ascent, &color);
  top = title->ascent + title->descent + spacing;
  for (Line i = LINE_DETAIL; i < n_lines (self); i++)
    {
      append_line (self, snapshot, self->layouts[i], top + detail->ascent, &detail_color);
      top += detail->ascent + detail->descent + spacing;
    }
}

/* A constant height, from the fonts' metrics: no text is shaped. */
static void
tc_client_row_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  TcClientRow *self = TC_CLIENT_ROW (widget);
  const TcFontMetrics *title, *detail;

  tc_client_row_get_metrics (self, &title, &detail);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = PANGO_PIXELS_CEIL (MINIMUM_CHARS * title->char_width);
      *natural = PANGO_PIXELS_CEIL (NATURAL_CHARS * title->char_width);
    }
  else
    {
      guint n = n_lines (self) - 1;
      int line = PANGO_PIXELS_CEIL (detail->ascent + detail->descent);

      /* Rounded per line, as a box of labels is. */
      *minimum = *natural = PANGO_PIXELS_CEIL (title->ascent + title->descent)
                            + (int) n * (line + LINE_SPACING);
    }
}

static gboolean
tc_client_row_query_tooltip (GtkWidget  *widget,
                             int         x,
                             int         y,
                             gboolean    keyboard_tooltip,
                             GtkTooltip *tooltip)
{
  g_autofree char *text = tc_client_row_dup_tooltip_text (TC_CLIENT_ROW (widget));

  if (text == NULL)
    return FALSE;

  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* The layouts keep a copy of the Pango context they were made with: a new
 * font or resolution from the desktop needs new ones. */
static void
tc_client_row_system_setting_changed (GtkWidget       *widget,
                                      GtkSystemSetting setting)
{
  TcClientRow *self = TC_CLIENT_ROW (widget);

  GTK_WIDGET_CLASS (tc_client_row_parent_class)->system_setting_changed (widget, setting);

  for (Line i = 0; i < N_LINES; i++)
    g_clear_object (&self->layouts[i]);
  gtk_widget_queue_resize (widget);
}

static void
tc_client_row_dispose (GObject *object)
{
  TcClientRow *self = TC_CLIENT_ROW (object);

  for (Line i = 0; i < N_LINES; i++)
    g_clear_object (&self->layouts[i]);

  G_OBJECT_CLASS (tc_client_row_parent_class)->dispose (object);
}

static void
tc_client_row_finalize (GObject *object)
{
  TcClientRow *self = TC_CLIENT_ROW (object);

  for (Line i = 0; i < N_LINES; i++)
    g_free (self->texts[i]);
  g_free (self->tooltip);
  g_clear_pointer (&self->layouts_font, pango_font_description_free);

  G_OBJECT_CLASS (tc_client_row_parent_class)->finalize (object);
}

static void
tc_client_row_class_init (TcClientRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tc_client_row_dispose;
  object_class->finalize = tc_client_row_finalize;

  widget_class->snapshot = tc_client_row_snapshot;
  widget_class->measure = tc_client_row_measure;
  widget_class->query_tooltip = tc_client_row_query_tooltip;
  widget_class->system_setting_changed = tc_client_row_system_setting_changed;

  gtk_widget_class_set_css_name (widget_class, "tcclientrow");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
tc_client_row_init (TcClientRow *self)
{
  gtk_widget_add_css_class (GTK_WIDGET (self), "tc-client-row");
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
}

GtkWidget *
tc_client_row_new (void)
{
  return g_object_new (TC_TYPE_CLIENT_ROW, NULL);
}

/* Replaces *field with a copy of text; whether it changed. */
static gboolean
set_string (char       **field,
            const char  *text)
{
  if (g_strcmp0 (*field, text) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (text);
  return TRUE;
}

/* Shows title over detail and, unless NULL, counters; tooltip is what the
 * tooltip says (NULL: the lines). Costs no text shaping: the row is laid out
 * when it is drawn. The counters change every second on each row bound, so
 * only what changed is redrawn or told to accessibility. */
void
tc_client_row_set_texts (TcClientRow *self,
                         const char  *title,
                         const char  *detail,
                         const char  *counters,
                         const char  *tooltip)
{
  guint old_n_lines;
  gboolean title_changed, details_changed;

  g_return_if_fail (TC_IS_CLIENT_ROW (self));

  old_n_lines = n_lines (self);
  title_changed = set_string (&self->texts[LINE_TITLE], title);
  details_changed = set_string (&self->texts[LINE_DETAIL], detail);
  details_changed |= set_string (&self->texts[LINE_COUNTERS], counters);
  set_string (&self->tooltip, tooltip);

  if (!title_changed && !details_changed)
    return;

  self->layouts_stale = TRUE;
  if (n_lines (self) != old_n_lines)
    gtk_widget_queue_resize (GTK_WIDGET (self));
  else
    gtk_widget_queue_draw (GTK_WIDGET (self));

  if (title_changed)
    {
      if (title != NULL)
        gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                        -1);
      else
        gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL);
    }
  if (details_changed)
    {
      g_autofree char *description = NULL;

      if (counters != NULL)
        description = g_strconcat (detail != NULL ? detail : "", "\n", counters, NULL);
      else
        description = g_strdup (detail);
      if (description != NULL)
        gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                        GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                        -1);
      else
        gtk_accessible_reset_property (GTK_ACCESSIBLE (self),
                                       GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }
}

const char *
tc_client_row_get_title (TcClientRow *self)
{
  g_return_val_if_fail (TC_IS_CLIENT_ROW (self), NULL);
  return self->texts[LINE_TITLE];
}

const char *
tc_client_row_get_detail (TcClientRow *self)
{
  g_return_val_if_fail (TC_IS_CLIENT_ROW (self), NULL);
  return self->texts[LINE_DETAIL];
}

/* NULL when the row shows two lines. */
const char *
tc_client_row_get_counters (TcClientRow *self)
{
  g_return_val_if_fail (TC_IS_CLIENT_ROW (self), NULL);
  return self->texts[LINE_COUNTERS];
}

/* What the tooltip says, made when asked for: setting a tooltip costs X
 * server round trips in GTK 4.8, and the counters change every second. The
 * text given for it, or else all lines at once; NULL for an empty row. */
char *
tc_client_row_dup_tooltip_text (TcClientRow *self)
{
  g_return_val_if_fail (TC_IS_CLIENT_ROW (self), NULL);

  if (self->tooltip != NULL)
    return g_strdup (self->tooltip);
  if (self->texts[LINE_TITLE] == NULL)
    return NULL;

  return g_strjoin ("\n", self->texts[LINE_TITLE],
                    self->texts[LINE_DETAIL] != NULL ? self->texts[LINE_DETAIL] : "",
                    self->texts[LINE_COUNTERS], NULL);
}
