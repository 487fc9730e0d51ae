/* tc-row-layout.c: drawing a text layout in a row that lays out its own text
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-row-layout.h"

/**
 * tc_row_append_layout:
 * @row: the widget drawn, for its width and text direction
 * @x: where @layout starts, in Pango units from @row's start edge
 * @width: the room @layout takes from there, in Pango units
 * @baseline: where @layout's first baseline goes, in Pango units from the top
 *
 * Draws @layout at @x, mirrored in right-to-left so that it starts at the
 * right edge, as a label would.
 */
void
tc_row_append_layout (GtkWidget     *row,
                      GtkSnapshot   *snapshot,
                      PangoLayout   *layout,
                      int            x,
                      int            width,
                      int            baseline,
                      const GdkRGBA *color)
{
  int row_width = gtk_widget_get_width (row) * PANGO_SCALE;
  PangoRectangle logical;

  /* A right-to-left paragraph in a layout with a width starts to the right
   * of the layout's origin. */
  pango_layout_get_extents (layout, NULL, &logical);
  if (gtk_widget_get_direction (row) == GTK_TEXT_DIR_RTL)
    x = row_width - x - width;

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot,
                          &GRAPHENE_POINT_INIT ((float) (x - logical.x) / PANGO_SCALE,
                                                (float) (baseline - pango_layout_get_baseline (layout))
                                                / PANGO_SCALE));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}
