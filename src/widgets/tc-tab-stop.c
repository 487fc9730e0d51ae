/* tc-tab-stop.c: a list of many rows as one Tab stop
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-tab-stop.h"

/**
 * tc_tab_stop_focus:
 * @widget: the widget whose focus vfunc this is, an ancestor of @list
 * @parent_class: the class @widget chains up to
 * @list: a GtkListView (or any widget with focusable rows)
 *
 * For a focus vfunc. GtkListView steps Tab from row to row: in a log of
 * 100,000 rows, a keyboard trap. Here Tab and Shift+Tab from inside @list
 * go past it (the list is made unfocusable for that one move, so the
 * chain skips it); entering it, and the arrows inside it, are the list's
 * own.
 */
gboolean
tc_tab_stop_focus (GtkWidget        *widget,
                   GtkWidgetClass   *parent_class,
                   GtkWidget        *list,
                   GtkDirectionType  direction)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  gboolean moved;

  if ((direction != GTK_DIR_TAB_FORWARD && direction != GTK_DIR_TAB_BACKWARD) ||
      focus == NULL || (focus != list && !gtk_widget_is_ancestor (focus, list)))
    return parent_class->focus (widget, direction);

  gtk_widget_set_can_focus (list, FALSE);
  moved = parent_class->focus (widget, direction);
  gtk_widget_set_can_focus (list, TRUE);

  return moved;
}
