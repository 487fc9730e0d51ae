/* tc-log-row.c: one row of the log view, drawn as a single widget
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GTK 4.8's list view keeps about 200 rows bound around what is shown and
 * measures them all after each change. A row made of a box and five labels
 * costs six widgets to create and five texts to shape for every bind. This
 * row is one widget: its height comes from the font's metrics (no text is
 * shaped to measure it), and its columns are laid out with PangoLayouts made
 * only when the row is drawn, so only the rows on screen shape text.
 *
 * Colours come from CSS: the row's own colour and font are the marker's and
 * the text's (set per direction class); time and peer are drawn in the list
 * row's colour, fainter, and so is the "CRLF" after a line that ended in CRLF;
 * the flags in the named colour tc_log_flag_color; the escapes in the text
 * (control and invalid bytes) in tc_log_escape_color, dim.
 *
 * Display modes: the text, the hex of the bytes in its place, or both, the
 * hex on a second line under the text. The hex is made only when a row is
 * drawn: the list binds many more rows than it shows.
 *
 * An expanded row (Enter or a double click in the view) wraps its whole
 * message instead, as tall as it needs: only it pays for shaping to measure.
 */
#include "config.h"

#include "tc-log-row.h"

#include "tc-bytes-format.h"
#include "tc-font-metrics.h"
#include "tc-row-layout.h"

#include "tc-widgets.h"

#include <glib/gi18n.h>
#include <pango/pangocairo.h>
#include <string.h>

/* Between columns, in pixels. */
#define COLUMN_SPACING 8
/* The time column, in characters: "HH:MM:SS.mmm"; "+12345.678901",
 * "+12345.678 ms" for the relative and gap times. */
#define TIME_CHARS 12
#define TIME_OFFSET_CHARS 14
/* The peer column is at least this wide and at most that, in characters;
 * a longer peer is shortened in the middle. */
#define PEER_MIN_CHARS 15
#define PEER_MAX_CHARS 26
/* Opacity of the time and the peer, relative to the list row's colour. */
#define TIME_ALPHA 0.6f
#define PEER_ALPHA 0.75f
/* Used when the CSS names no tc_log_flag_color. */
#define FLAG_COLOR_FALLBACK "#c64600"
/* Escapes when the CSS names no tc_log_escape_color: the text's colour, faded. */
#define ESCAPE_ALPHA 0.55f
/* Behind a search's matches when the CSS names no tc_log_match_color. */
#define HIGHLIGHT_COLOR_FALLBACK "rgba(246, 211, 45, 0.6)"
/* Bytes of a line shown as hex on one line, at most: more than any screen
 * is wide. A row makes only what its width shows (Pango shapes all of a
 * text before it ellipsizes: a binary flood's rows would pay for 3,000
 * characters each). */
#define HEX_MAX_BYTES 1024
/* An expanded row wraps this much of a long message; the inspector shows
 * all of any length. Pango lays out 64 KiB in a few milliseconds. */
#define EXPANDED_MAX_CHARS (64 * 1024)
#define EXPANDED_HEX_MAX_BYTES (16 * 1024)

typedef enum
{
  COLUMN_TIME,
  COLUMN_MARKER,
  COLUMN_PEER,
  COLUMN_TEXT,
  COLUMN_ENDING,
  COLUMN_FLAGS,
  COLUMN_HEX,     /* not a column of its own: in the text's place, or under it */
  N_COLUMNS
} Column;

struct _TcLogRow
{
  GtkWidget       parent_instance;

  /* owned */
  TcLogEntry     *entry;
  char           *time;
  char           *text;
  char           *flags;                  /* NULL if none */
  char           *hex;                    /* made when drawn, in the modes that show it */
  gsize           hex_bound;              /* the bytes hex was made for, at most */
  GArray         *runs;                   /* TcTextRun of text; NULL for events */
  TcLogQuery     *query;                  /* highlighted where it matches; NULL if none */
  PangoLayout    *layouts[N_COLUMNS];     /* made when first drawn */

  /* borrowed */
  const char     *encoding;               /* canonical name, static */

  /* plain state */
  TcLogDirection  direction;
  TcLogDisplayMode mode;
  TcLogTimeMode   time_mode;
  gint64          time_base_us;           /* relative: the log's start; gap: the entry above */
  guint           n_highlights;           /* matches of the query shown */
  guint           n_escapes_marked;       /* escapes the text layout dims */
  GdkRGBA         escape_color;           /* of the text layout's escape attributes */
  gboolean        layouts_stale;          /* texts not given to the layouts yet */
  gboolean        escapes_stale;          /* escape attributes not made for the text */
  gboolean        expanded;               /* the whole message, wrapped */
};

G_DEFINE_FINAL_TYPE (TcLogRow, tc_log_row, GTK_TYPE_WIDGET)

/* One decoder per encoding for all rows: a whole line is decoded at a
 * time, so no state is left in it between rows. */
static TcDecoder *
get_decoder (const char *encoding)
{
  static TcDecoder *decoders[16];
  const char * const *names = tc_encoding_list ();

  for (guint i = 0; names[i] != NULL && i < G_N_ELEMENTS (decoders); i++)
    if (g_strcmp0 (names[i], encoding) == 0)
      {
        if (decoders[i] == NULL)
          decoders[i] = tc_decoder_new (names[i], NULL);
        return decoders[i];
      }

  return NULL;
}

/* Received and sent lines are bytes in the encoding; the rest is our text. */
static gboolean
is_data (TcLogDirection direction)
{
  return direction == TC_LOG_DIRECTION_RECEIVED || direction == TC_LOG_DIRECTION_SENT;
}

static void update_text (TcLogRow *self);

/* Hex alone shows no text of a line: its bytes are decoded only when the
 * text is asked for (a text search marks it, or another mode shows it).
 * A binary flood binds rows in every batch, each up to thousands of
 * escapes to decode. */
static gboolean
needs_text (TcLogRow *self)
{
  return !is_data (self->direction) || self->mode != TC_LOG_DISPLAY_HEX ||
         (self->query != NULL && tc_log_query_get_kind (self->query) != TC_LOG_QUERY_HEX);
}

static void
ensure_text (TcLogRow *self)
{
  if (self->text == NULL && self->entry != NULL)
    {
      update_text (self);
      self->layouts_stale = TRUE;
    }
}

static void
forget_text (TcLogRow *self)
{
  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->runs, g_array_unref);
  self->layouts_stale = TRUE;
}

static guint
n_lines (TcLogRow *self)
{
  return self->mode == TC_LOG_DISPLAY_BOTH && is_data (self->direction) ? 2 : 1;
}

static int
time_chars (TcLogRow *self)
{
  switch (self->time_mode)
    {
    case TC_LOG_TIME_HIDDEN:   return 0;
    case TC_LOG_TIME_RELATIVE:
    case TC_LOG_TIME_DELTA:    return TIME_OFFSET_CHARS;
    case TC_LOG_TIME_ABSOLUTE:
    default:                   return TIME_CHARS;
    }
}

static const TcFontMetrics *
tc_log_row_get_metrics (TcLogRow *self)
{
  return tc_font_metrics_get (gtk_widget_get_pango_context (GTK_WIDGET (self)), 1.0);
}

/* Attributes of each column on top of the row's font: the direction's
 * emphasis (italic events, bold errors) is for the marker and the text only. */
static PangoAttrList *
column_attributes (Column column)
{
  static PangoAttrList *attributes[N_COLUMNS];

  if (attributes[column] == NULL)
    {
      PangoAttrList *list = pango_attr_list_new ();

      switch (column)
        {
        case COLUMN_TIME:
        case COLUMN_PEER:
          pango_attr_list_insert (list, pango_attr_style_new (PANGO_STYLE_NORMAL));
          pango_attr_list_insert (list, pango_attr_weight_new (PANGO_WEIGHT_NORMAL));
          break;
        case COLUMN_ENDING:
          /* A tag, not text: smaller, on the text's baseline. */
          pango_attr_list_insert (list, pango_attr_style_new (PANGO_STYLE_NORMAL));
          pango_attr_list_insert (list, pango_attr_weight_new (PANGO_WEIGHT_NORMAL));
          pango_attr_list_insert (list, pango_attr_scale_new (PANGO_SCALE_SMALL));
          break;
        case COLUMN_MARKER:
          pango_attr_list_insert (list, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
          break;
        case COLUMN_FLAGS:
          pango_attr_list_insert (list, pango_attr_style_new (PANGO_STYLE_ITALIC));
          pango_attr_list_insert (list, pango_attr_weight_new (PANGO_WEIGHT_NORMAL));
          break;
        case COLUMN_TEXT:
        case COLUMN_HEX:
        case N_COLUMNS:
        default:
          break;
        }
      attributes[column] = list;
    }

  return attributes[column];
}

static const char *
column_text (TcLogRow *self,
             Column    column)
{
  switch (column)
    {
    case COLUMN_TIME:
      return self->time;
    case COLUMN_MARKER:
      return tc_log_direction_get_marker (self->direction);
    case COLUMN_PEER:
      return self->entry != NULL ? tc_log_entry_get_peer (self->entry) : NULL;
    case COLUMN_TEXT:
      return self->text;
    case COLUMN_ENDING:
      return self->entry != NULL ? tc_log_entry_get_ending_mark (self->entry) : NULL;
    case COLUMN_FLAGS:
      return self->flags;
    case COLUMN_HEX:
      return self->hex;
    case N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
}

/* The hex of a row @width wide (Pango units): what it shows, a little
 * more, made again when the row grows wider than what was made. */
static void
tc_log_row_ensure_hex (TcLogRow *self,
                       int       width)
{
  const TcFontMetrics *metrics = tc_log_row_get_metrics (self);
  gsize bound = self->expanded ? EXPANDED_HEX_MAX_BYTES
                : MIN (HEX_MAX_BYTES, (gsize) MAX (width, 0) / (3 * (gsize) metrics->digit_width) + 2);
  GBytes *bytes;
  gsize len;
  const guint8 *data;
  GString *hex;

  if (self->mode == TC_LOG_DISPLAY_TEXT || self->entry == NULL || !is_data (self->direction))
    return;
  bytes = tc_log_entry_get_bytes (self->entry);
  data = g_bytes_get_data (bytes, &len);
  if (self->hex != NULL && (self->hex_bound >= bound || self->hex_bound >= len))
    return;

  hex = g_string_sized_new (MIN (len, bound) * 3 + 8);
  tc_bytes_append_hex (hex, data, len, bound);
  g_free (self->hex);
  self->hex = g_string_free (hex, FALSE);
  self->hex_bound = bound;
  self->layouts_stale = TRUE;
}

/* Makes the layouts on first use; gives them the bound entry's texts. */
static void
tc_log_row_ensure_layouts (TcLogRow *self)
{
  if (needs_text (self))
    ensure_text (self);
  if (self->layouts[0] == NULL)
    {
      for (Column i = 0; i < N_COLUMNS; i++)
        {
          PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);

          pango_layout_set_attributes (layout, column_attributes (i));
          pango_layout_set_single_paragraph_mode (layout, TRUE);
          self->layouts[i] = layout;
        }
      pango_layout_set_ellipsize (self->layouts[COLUMN_PEER], PANGO_ELLIPSIZE_MIDDLE);
      pango_layout_set_ellipsize (self->layouts[COLUMN_TEXT], PANGO_ELLIPSIZE_END);
      pango_layout_set_ellipsize (self->layouts[COLUMN_HEX], PANGO_ELLIPSIZE_END);
      self->layouts_stale = TRUE;
    }

  if (!self->layouts_stale)
    return;

  for (Column i = 0; i < N_COLUMNS; i++)
    {
      const char *text = column_text (self, i);

      pango_layout_set_text (self->layouts[i], text != NULL ? text : "", -1);
    }
  pango_layout_set_attributes (self->layouts[COLUMN_TEXT], column_attributes (COLUMN_TEXT));
  self->escapes_stale = TRUE;
  self->layouts_stale = FALSE;
}

/* Background marks where the query matches @text, added to @list. */
static guint
add_highlights (TcLogRow      *self,
                PangoAttrList *list,
                const char    *text,
                const GdkRGBA *color)
{
  gsize from = 0, start, end;
  guint n = 0;

  if (self->query == NULL || text == NULL)
    return 0;
  /* A bounded number: a row shows a few hundred characters at most. */
  while (n < 256 && tc_log_query_find_shown (self->query, text, from, &start, &end))
    {
      PangoAttribute *bg;

      if (end == start)
        {
          from = end + 1;
          if (from > strlen (text))
            break;
          continue;
        }
      bg = pango_attr_background_new ((guint16) (color->red * 65535),
                                      (guint16) (color->green * 65535),
                                      (guint16) (color->blue * 65535));
      bg->start_index = (guint) start;
      bg->end_index = (guint) end;
      pango_attr_list_insert (list, bg);
      n++;
      from = end;
    }
  return n;
}

/* The escapes of the text in their colour, and the query's matches
 * marked; made again only when the text, the query or the colour
 * changed. */
static void
update_escape_attributes (TcLogRow      *self,
                          const GdkRGBA *color)
{
  PangoAttrList *list;
  gboolean has_escapes = FALSE;
  GdkRGBA highlight;

  if (!self->escapes_stale && gdk_rgba_equal (color, &self->escape_color))
    return;
  /* Hex alone draws no text: its escapes are left unmarked (a row of
   * random bytes has a thousand, two attributes each, per bound row). A
   * change of mode makes the layouts, and so these, again. */
  for (guint i = 0; self->mode != TC_LOG_DISPLAY_HEX && self->runs != NULL &&
       i < self->runs->len && !has_escapes; i++)
    has_escapes = g_array_index (self->runs, TcTextRun, i).kind == TC_TEXT_RUN_ESCAPE;
  self->escape_color = *color;
  self->escapes_stale = FALSE;
  self->n_highlights = 0;
  self->n_escapes_marked = 0;
  if (!gtk_style_context_lookup_color (gtk_widget_get_style_context (GTK_WIDGET (self)),
                                       "tc_log_match_color", &highlight))
    gdk_rgba_parse (&highlight, HIGHLIGHT_COLOR_FALLBACK);

  list = pango_attr_list_copy (column_attributes (COLUMN_TEXT));
  for (guint i = 0; has_escapes && i < self->runs->len; i++)
    {
      const TcTextRun *run = &g_array_index (self->runs, TcTextRun, i);
      PangoAttribute *fg, *alpha;

      if (run->kind != TC_TEXT_RUN_ESCAPE)
        continue;
      fg = pango_attr_foreground_new ((guint16) (color->red * 65535),
                                      (guint16) (color->green * 65535),
                                      (guint16) (color->blue * 65535));
      alpha = pango_attr_foreground_alpha_new ((guint16) (CLAMP (color->alpha, 0.f, 1.f) * 65535));
      fg->start_index = alpha->start_index = run->start;
      fg->end_index = alpha->end_index = run->start + run->len;
      pango_attr_list_insert (list, fg);
      pango_attr_list_insert (list, alpha);
      self->n_escapes_marked++;
    }
  if (self->query != NULL && tc_log_query_get_kind (self->query) != TC_LOG_QUERY_HEX)
    self->n_highlights += add_highlights (self, list, self->text, &highlight);
  pango_layout_set_attributes (self->layouts[COLUMN_TEXT], list);
  pango_attr_list_unref (list);

  list = pango_attr_list_copy (column_attributes (COLUMN_HEX));
  if (self->query != NULL && tc_log_query_get_kind (self->query) == TC_LOG_QUERY_HEX)
    self->n_highlights += add_highlights (self, list, self->hex, &highlight);
  pango_layout_set_attributes (self->layouts[COLUMN_HEX], list);
  pango_attr_list_unref (list);
}

/* In Pango units. */
static PangoRectangle
logical_extents (PangoLayout *layout)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  return logical;
}

static GdkRGBA
faded (const GdkRGBA *color,
       float          alpha)
{
  GdkRGBA result = *color;

  result.alpha *= alpha;
  return result;
}

typedef struct
{
  GdkRGBA text;    /* the marker's and the text's */
  GdkRGBA time;    /* the time's and the ending mark's */
  GdkRGBA peer;    /* the peer's and the hex under the text */
  GdkRGBA flag;
  GdkRGBA escape;
} RowColors;

static void
get_colors (TcLogRow  *self,
            RowColors *colors)
{
  GtkWidget *parent = gtk_widget_get_parent (GTK_WIDGET (self));
  GtkStyleContext *style = gtk_widget_get_style_context (GTK_WIDGET (self));
  gboolean selected = (gtk_widget_get_state_flags (GTK_WIDGET (self)) & GTK_STATE_FLAG_SELECTED) != 0;
  GdkRGBA base;

  gtk_style_context_get_color (style, &colors->text);
  if (parent != NULL)
    gtk_style_context_get_color (gtk_widget_get_style_context (parent), &base);
  else
    base = colors->text;
  colors->time = faded (&base, TIME_ALPHA);
  colors->peer = faded (&base, PEER_ALPHA);
  if (selected)
    colors->flag = colors->text;
  else if (!gtk_style_context_lookup_color (style, "tc_log_flag_color", &colors->flag))
    gdk_rgba_parse (&colors->flag, FLAG_COLOR_FALLBACK);
  if (selected || !gtk_style_context_lookup_color (style, "tc_log_escape_color", &colors->escape))
    colors->escape = faded (&colors->text, ESCAPE_ALPHA);
}

/* The time, marker and peer columns, drawn when @snapshot is not NULL.
 * Returns: where the text starts, in Pango units */
static int
leading_columns (TcLogRow            *self,
                 const TcFontMetrics *metrics,
                 GtkSnapshot         *snapshot,
                 const RowColors     *colors,
                 int                  baseline)
{
  int spacing = COLUMN_SPACING * PANGO_SCALE;
  int x = 0;
  int column_width;

  if (self->time_mode != TC_LOG_TIME_HIDDEN)
    {
      column_width = time_chars (self) * metrics->digit_width;
      if (snapshot != NULL)
        tc_row_append_layout (GTK_WIDGET (self), snapshot, self->layouts[COLUMN_TIME], x,
                              column_width, baseline, &colors->time);
      x += column_width + spacing;
    }

  column_width = MAX (metrics->digit_width, logical_extents (self->layouts[COLUMN_MARKER]).width);
  if (snapshot != NULL)
    tc_row_append_layout (GTK_WIDGET (self), snapshot, self->layouts[COLUMN_MARKER], x,
                          column_width, baseline, &colors->text);
  x += metrics->digit_width + spacing;

  pango_layout_set_width (self->layouts[COLUMN_PEER], PEER_MAX_CHARS * metrics->digit_width);
  column_width = logical_extents (self->layouts[COLUMN_PEER]).width;
  if (snapshot != NULL && column_width > 0)
    tc_row_append_layout (GTK_WIDGET (self), snapshot, self->layouts[COLUMN_PEER], x,
                          column_width, baseline, &colors->peer);
  return x + MAX (column_width, PEER_MIN_CHARS * metrics->digit_width) + spacing;
}

/* The room the text gets of a row @width wide, once the ending mark and
 * the flags have theirs; the text's layouts are given it: cut at its end
 * on one line, or wrapped when the row is expanded. */
static int
fit_text (TcLogRow *self,
          int       width,
          int       x)
{
  int spacing = COLUMN_SPACING * PANGO_SCALE;
  int room = width - x;

  if (tc_log_entry_get_ending_mark (self->entry) != NULL)
    room -= logical_extents (self->layouts[COLUMN_ENDING]).width + spacing / 2;
  if (self->flags != NULL)
    room -= logical_extents (self->layouts[COLUMN_FLAGS]).width + spacing;
  room = MAX (room, 0);

  for (guint i = 0; i < 2; i++)
    {
      PangoLayout *layout = self->layouts[i == 0 ? COLUMN_TEXT : COLUMN_HEX];

      pango_layout_set_ellipsize (layout, self->expanded ? PANGO_ELLIPSIZE_NONE
                                                         : PANGO_ELLIPSIZE_END);
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
      pango_layout_set_width (layout, room);
    }
  /* Both, on one line: the hex under the text gets the flags' room too. */
  if (self->mode == TC_LOG_DISPLAY_BOTH && !self->expanded)
    pango_layout_set_width (self->layouts[COLUMN_HEX], MAX (width - x, 0));
  return room;
}

static PangoLayout *
main_layout (TcLogRow *self)
{
  return self->layouts[self->mode == TC_LOG_DISPLAY_HEX && self->hex != NULL
                       ? COLUMN_HEX : COLUMN_TEXT];
}

/* The text (or hex) at @x, and in both mode the hex under it.
 * Returns: where the text ends */
static int
text_columns (TcLogRow            *self,
              const TcFontMetrics *metrics,
              GtkSnapshot         *snapshot,
              const RowColors     *colors,
              int                  x,
              int                  baseline)
{
  PangoLayout *layout = main_layout (self);
  int column_width = logical_extents (layout).width;

  tc_row_append_layout (GTK_WIDGET (self), snapshot, layout, x, column_width, baseline,
                        &colors->text);
  if (self->mode == TC_LOG_DISPLAY_BOTH && self->hex != NULL)
    {
      int below = self->expanded ? logical_extents (layout).height
                                 : metrics->ascent + metrics->descent;

      tc_row_append_layout (GTK_WIDGET (self), snapshot, self->layouts[COLUMN_HEX], x,
                            logical_extents (self->layouts[COLUMN_HEX]).width, baseline + below,
                            &colors->peer);
    }
  return x + column_width;
}

/* The ending mark ("CRLF") and the flags after the text. */
static void
trailing_columns (TcLogRow        *self,
                  GtkSnapshot     *snapshot,
                  const RowColors *colors,
                  int              x,
                  int              baseline)
{
  int spacing = COLUMN_SPACING * PANGO_SCALE;

  if (tc_log_entry_get_ending_mark (self->entry) != NULL)
    {
      int ending_width = logical_extents (self->layouts[COLUMN_ENDING]).width;

      x += spacing / 2;
      tc_row_append_layout (GTK_WIDGET (self), snapshot, self->layouts[COLUMN_ENDING], x,
                            ending_width, baseline, &colors->time);
      x += ending_width;
    }

  if (self->flags != NULL)
    tc_row_append_layout (GTK_WIDGET (self), snapshot, self->layouts[COLUMN_FLAGS], x + spacing,
                          logical_extents (self->layouts[COLUMN_FLAGS]).width, baseline,
                          &colors->flag);
}

static void
tc_log_row_snapshot (GtkWidget   *widget,
                     GtkSnapshot *snapshot)
{
  TcLogRow *self = TC_LOG_ROW (widget);
  const TcFontMetrics *metrics;
  RowColors colors;
  int width = gtk_widget_get_width (widget) * PANGO_SCALE;
  int height = gtk_widget_get_height (widget) * PANGO_SCALE;
  int x, baseline;

  if (self->entry == NULL)
    return;

  metrics = tc_log_row_get_metrics (self);
  tc_log_row_ensure_hex (self, width);
  tc_log_row_ensure_layouts (self);
  get_colors (self, &colors);
  update_escape_attributes (self, &colors.escape);

  /* One baseline for all columns: the lines centred in the row, or the
   * first line at the top of an expanded one. */
  if (self->expanded)
    baseline = metrics->ascent;
  else
    baseline = (height - (int) n_lines (self) * (metrics->ascent + metrics->descent)) / 2
               + metrics->ascent;

  x = leading_columns (self, metrics, snapshot, &colors, baseline);
  fit_text (self, width, x);
  x = text_columns (self, metrics, snapshot, &colors, x, baseline);
  trailing_columns (self, snapshot, &colors, x, baseline);
}

static GtkSizeRequestMode
tc_log_row_get_request_mode (GtkWidget *widget)
{
  return TC_LOG_ROW (widget)->expanded ? GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH
                                       : GTK_SIZE_REQUEST_CONSTANT_SIZE;
}

/* The height of an expanded row @width wide: its text wrapped. */
static int
expanded_height (TcLogRow *self,
                 int       width)
{
  const TcFontMetrics *metrics = tc_log_row_get_metrics (self);
  int x, size;

  tc_log_row_ensure_hex (self, width * PANGO_SCALE);
  tc_log_row_ensure_layouts (self);
  x = leading_columns (self, metrics, NULL, NULL, 0);
  fit_text (self, width * PANGO_SCALE, x);
  size = logical_extents (main_layout (self)).height;
  if (self->mode == TC_LOG_DISPLAY_BOTH && self->hex != NULL)
    size += logical_extents (self->layouts[COLUMN_HEX]).height;
  return MAX (size, (int) n_lines (self) * (metrics->ascent + metrics->descent));
}

/* A constant height, one line of the row's font: no text is shaped, but
 * for an expanded row, as tall as its wrapped text. */
static void
tc_log_row_measure (GtkWidget      *widget,
                    GtkOrientation  orientation,
                    int             for_size,
                    int            *minimum,
                    int            *natural,
                    int            *minimum_baseline,
                    int            *natural_baseline)
{
  TcLogRow *self = TC_LOG_ROW (widget);
  const TcFontMetrics *metrics = tc_log_row_get_metrics (self);
  int size;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    size = (time_chars (self) + 1 + PEER_MIN_CHARS) * metrics->digit_width
           + 3 * COLUMN_SPACING * PANGO_SCALE;
  else if (self->expanded && self->entry != NULL && for_size > 0)
    size = expanded_height (self, for_size);
  else
    size = (int) n_lines (self) * (metrics->ascent + metrics->descent);

  *minimum = *natural = PANGO_PIXELS_CEIL (size);
}

/* The whole peer and text when the row shows them cut. */
static gboolean
tc_log_row_query_tooltip (GtkWidget  *widget,
                          int         x,
                          int         y,
                          gboolean    keyboard_tooltip,
                          GtkTooltip *tooltip)
{
  TcLogRow *self = TC_LOG_ROW (widget);
  const char *peer;
  gboolean peer_cut, text_cut;

  if (self->entry == NULL || self->layouts[0] == NULL || self->layouts_stale)
    return FALSE;

  peer_cut = pango_layout_is_ellipsized (self->layouts[COLUMN_PEER]);
  text_cut = self->mode == TC_LOG_DISPLAY_HEX
             ? FALSE : pango_layout_is_ellipsized (self->layouts[COLUMN_TEXT]);
  if (!peer_cut && !text_cut)
    return FALSE;

  peer = tc_log_entry_get_peer (self->entry);
  if (peer_cut && text_cut)
    {
      g_autofree char *both = g_strconcat (peer, "\n", self->text, NULL);

      gtk_tooltip_set_text (tooltip, both);
    }
  else
    {
      gtk_tooltip_set_text (tooltip, peer_cut ? peer : self->text);
    }

  return TRUE;
}

static void
tc_log_row_dispose (GObject *object)
{
  TcLogRow *self = TC_LOG_ROW (object);

  for (Column i = 0; i < N_COLUMNS; i++)
    g_clear_object (&self->layouts[i]);
  g_clear_object (&self->entry);
  g_clear_pointer (&self->query, tc_log_query_unref);

  G_OBJECT_CLASS (tc_log_row_parent_class)->dispose (object);
}

static void
tc_log_row_finalize (GObject *object)
{
  TcLogRow *self = TC_LOG_ROW (object);

  g_free (self->time);
  g_free (self->text);
  g_free (self->flags);
  g_free (self->hex);
  g_clear_pointer (&self->runs, g_array_unref);

  G_OBJECT_CLASS (tc_log_row_parent_class)->finalize (object);
}

static void
tc_log_row_class_init (TcLogRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tc_log_row_dispose;
  object_class->finalize = tc_log_row_finalize;

  widget_class->snapshot = tc_log_row_snapshot;
  widget_class->measure = tc_log_row_measure;
  widget_class->get_request_mode = tc_log_row_get_request_mode;
  widget_class->query_tooltip = tc_log_row_query_tooltip;

  gtk_widget_class_set_css_name (widget_class, "tclogrow");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
tc_log_row_init (TcLogRow *self)
{
  self->direction = TC_LOG_DIRECTION_EVENT;
  self->encoding = TC_ENCODING_UTF8;
  gtk_widget_add_css_class (GTK_WIDGET (self), "tc-log-row");
  gtk_widget_add_css_class (GTK_WIDGET (self),
                            tc_log_direction_get_css_class (self->direction));
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
}

GtkWidget *
tc_log_row_new (void)
{
  return g_object_new (TC_TYPE_LOG_ROW, NULL);
}

/* The text of the entry: a line's bytes decoded in the encoding with its
 * escapes marked, or an event's message. */
static void
update_text (TcLogRow *self)
{
  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->runs, g_array_unref);

  if (is_data (self->direction))
    {
      GBytes *bytes = tc_log_entry_get_bytes (self->entry);
      gsize len;
      const guint8 *data = g_bytes_get_data (bytes, &len);
      TcDisplayText display;

      tc_display_text_init (&display, self->expanded ? EXPANDED_MAX_CHARS
                                                     : TC_LOG_ENTRY_DISPLAY_MAX_CHARS, TRUE);
      tc_decoder_decode_all (get_decoder (self->encoding), data, len, &display);
      self->text = g_string_free (g_steal_pointer (&display.text), FALSE);
      self->runs = g_steal_pointer (&display.runs);
      tc_display_text_clear (&display);
    }
  else
    {
      self->text = tc_log_entry_dup_text (self->entry);
    }
}

/* The accessible label: the columns that have text, a space apart. */
static void
update_label (TcLogRow *self)
{
  const char *parts[N_COLUMNS] = { NULL, };
  g_autofree char *label = NULL;
  g_autofree char *hex = NULL;
  GString *joined;

  parts[COLUMN_TIME] = self->time_mode != TC_LOG_TIME_HIDDEN ? self->time : NULL;
  parts[COLUMN_MARKER] = tc_log_direction_get_marker (self->direction);
  parts[COLUMN_PEER] = tc_log_entry_get_peer (self->entry);
  /* What the row shows: in hex alone, the hex of as much as a row holds. */
  if (is_data (self->direction) && self->mode == TC_LOG_DISPLAY_HEX)
    {
      GBytes *bytes = tc_log_entry_get_bytes (self->entry);
      gsize len;
      const guint8 *data = g_bytes_get_data (bytes, &len);
      GString *out = g_string_sized_new (MIN (len, HEX_MAX_BYTES) * 3 + 8);

      tc_bytes_append_hex (out, data, len, HEX_MAX_BYTES);
      parts[COLUMN_TEXT] = hex = g_string_free (out, FALSE);
    }
  else
    {
      parts[COLUMN_TEXT] = self->text;
    }
  parts[COLUMN_ENDING] = tc_log_entry_get_ending_mark (self->entry);
  parts[COLUMN_FLAGS] = self->flags;
  joined = g_string_new (NULL);
  for (Column i = 0; i < N_COLUMNS; i++)
    if (parts[i] != NULL && parts[i][0] != '\0')
      {
        if (joined->len > 0)
          g_string_append_c (joined, ' ');
        g_string_append (joined, parts[i]);
      }
  label = g_string_free (joined, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

static char *
format_time (TcLogRow *self)
{
  gint64 time_us = tc_log_entry_get_time_us (self->entry);
  gint64 offset = time_us - self->time_base_us;
  const char *sign = offset < 0 ? "-" : "+";

  offset = ABS (offset);
  switch (self->time_mode)
    {
    case TC_LOG_TIME_RELATIVE:
      return g_strdup_printf ("%s%" G_GINT64_FORMAT ".%06d", sign,
                              offset / G_USEC_PER_SEC, (int) (offset % G_USEC_PER_SEC));
    case TC_LOG_TIME_DELTA:
      {
        g_autofree char *ms = g_strdup_printf ("%s%" G_GINT64_FORMAT ".%03d", sign,
                                               offset / 1000, (int) (offset % 1000));

        /* TRANSLATORS: the gap between two log entries, in milliseconds */
        return g_strdup_printf (_("%s ms"), ms);
      }
    case TC_LOG_TIME_HIDDEN:
    case TC_LOG_TIME_ABSOLUTE:
    default:
      return tc_format_time_us (time_us, TRUE);
    }
}

/* Shows entry (or nothing, for NULL). Costs no text shaping: the row is
 * laid out when it is drawn. */
void
tc_log_row_set_entry (TcLogRow   *self,
                      TcLogEntry *entry)
{
  TcLogDirection direction;
  guint lines_before;

  g_return_if_fail (TC_IS_LOG_ROW (self));
  g_return_if_fail (entry == NULL || TC_IS_LOG_ENTRY (entry));

  if (!g_set_object (&self->entry, entry))
    return;

  g_clear_pointer (&self->time, g_free);
  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->flags, g_free);
  g_clear_pointer (&self->hex, g_free);
  g_clear_pointer (&self->runs, g_array_unref);
  self->layouts_stale = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self));

  if (entry == NULL)
    {
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL);
      return;
    }

  /* Restyling is what costs: only when the direction changes. */
  lines_before = n_lines (self);
  direction = tc_log_entry_get_direction (entry);
  if (direction != self->direction)
    {
      const char *classes[] = { "tc-log-row", tc_log_direction_get_css_class (direction), NULL };

      gtk_widget_set_css_classes (GTK_WIDGET (self), classes);
      self->direction = direction;
    }
  if (n_lines (self) != lines_before || self->expanded)
    gtk_widget_queue_resize (GTK_WIDGET (self));

  self->time = format_time (self);
  self->flags = tc_log_entry_dup_flags_text (entry);
  if (needs_text (self))
    update_text (self);
  update_label (self);
}

/**
 * tc_log_row_set_display:
 * @mode: text, hex, or both
 * @encoding: the canonical name of the encoding lines are read in
 *
 * How the row shows the bytes of received and sent lines.
 */
void
tc_log_row_set_display (TcLogRow         *self,
                        TcLogDisplayMode  mode,
                        const char       *encoding)
{
  const char *canonical = tc_encoding_lookup (encoding);
  guint lines_before;

  g_return_if_fail (TC_IS_LOG_ROW (self));
  g_return_if_fail (canonical != NULL);

  if (mode == self->mode && canonical == self->encoding)
    return;

  lines_before = n_lines (self);
  self->mode = mode;
  if (n_lines (self) != lines_before)
    gtk_widget_queue_resize (GTK_WIDGET (self));

  if (canonical != self->encoding)
    {
      self->encoding = canonical;
      if (is_data (self->direction))
        forget_text (self);
    }
  if (self->entry != NULL && is_data (self->direction))
    {
      if (needs_text (self))
        ensure_text (self);
      update_label (self);
    }

  self->layouts_stale = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * tc_log_row_set_query:
 * @query: (nullable): what to highlight where it matches
 */
void
tc_log_row_set_query (TcLogRow   *self,
                      TcLogQuery *query)
{
  g_return_if_fail (TC_IS_LOG_ROW (self));

  if (query == self->query)
    return;
  g_clear_pointer (&self->query, tc_log_query_unref);
  if (query != NULL)
    self->query = tc_log_query_ref (query);
  self->escapes_stale = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * tc_log_row_set_time:
 * @base_us: relative: when the log began; gap: the time of the entry
 *   shown above (the entry's own for the first)
 *
 * How the time column shows the entry's time; set before the entry.
 */
void
tc_log_row_set_time (TcLogRow      *self,
                     TcLogTimeMode  mode,
                     gint64         base_us)
{
  int chars_before;

  g_return_if_fail (TC_IS_LOG_ROW (self));

  if (mode == self->time_mode && base_us == self->time_base_us)
    return;
  chars_before = time_chars (self);
  self->time_mode = mode;
  if (time_chars (self) != chars_before)
    gtk_widget_queue_resize (GTK_WIDGET (self));
  self->time_base_us = base_us;
  if (self->entry != NULL)
    {
      g_free (self->time);
      self->time = format_time (self);
      update_label (self);
      self->layouts_stale = TRUE;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

/* The time shown (or not, when hidden), for tests. */
const char *
tc_log_row_get_time (TcLogRow *self)
{
  g_return_val_if_fail (TC_IS_LOG_ROW (self), NULL);
  return self->time_mode != TC_LOG_TIME_HIDDEN ? self->time : NULL;
}

/* How many matches of the query the row marked when last drawn. */
guint
tc_log_row_get_n_highlights (TcLogRow *self)
{
  g_return_val_if_fail (TC_IS_LOG_ROW (self), 0);
  return self->n_highlights;
}

/* The escapes of the text dimmed when it was last drawn, for tests. */
guint
tc_log_row_get_n_escapes_marked (TcLogRow *self)
{
  g_return_val_if_fail (TC_IS_LOG_ROW (self), 0);
  return self->n_escapes_marked;
}

/* The text of the row (without the hex), for tests: decoded when asked
 * for in hex alone. */
const char *
tc_log_row_get_text (TcLogRow *self)
{
  g_return_val_if_fail (TC_IS_LOG_ROW (self), NULL);
  ensure_text (self);
  return self->text;
}

/* The hex shown, or NULL: made only once the row was drawn in a mode
 * that shows it. */
const char *
tc_log_row_get_hex (TcLogRow *self)
{
  g_return_val_if_fail (TC_IS_LOG_ROW (self), NULL);
  return self->hex;
}

TcLogEntry *
tc_log_row_get_entry (TcLogRow *self)
{
  g_return_val_if_fail (TC_IS_LOG_ROW (self), NULL);
  return self->entry;
}

/**
 * tc_log_row_set_expanded:
 *
 * Whether the row shows its whole message wrapped (up to 64 Ki
 * characters), as tall as it needs, rather than one line cut at its end.
 */
void
tc_log_row_set_expanded (TcLogRow *self,
                         gboolean  expanded)
{
  g_return_if_fail (TC_IS_LOG_ROW (self));

  expanded = !!expanded;
  if (self->expanded == expanded)
    return;
  self->expanded = expanded;
  g_clear_pointer (&self->hex, g_free);
  if (self->entry != NULL && is_data (self->direction))
    {
      forget_text (self);
      if (needs_text (self))
        update_text (self);
    }
  self->layouts_stale = TRUE;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

gboolean
tc_log_row_get_expanded (TcLogRow *self)
{
  g_return_val_if_fail (TC_IS_LOG_ROW (self), FALSE);
  return self->expanded;
}
