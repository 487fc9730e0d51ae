/* tc-log-view-follow.c: following the last entry as entries come, and pausing
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-log-view-private.h"

#include <glib/gi18n.h>

static void update_new_button (TcLogView *self);

void
_tc_log_view_set_following (TcLogView *self,
                            gboolean   following)
{
  if (following && self->n_new > 0)
    {
      self->n_new = 0;
      update_new_button (self);
      g_object_notify_by_pspec (G_OBJECT (self), _tc_log_view_properties[PROP_N_NEW]);
    }
  if (self->following == following)
    return;
  self->following = following;
  g_object_notify_by_pspec (G_OBJECT (self), _tc_log_view_properties[PROP_FOLLOWING]);
}

static gboolean
is_at_bottom (TcLogView *self)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  double value = gtk_adjustment_get_value (adjustment);
  double page = gtk_adjustment_get_page_size (adjustment);
  double upper = gtk_adjustment_get_upper (adjustment);

  return value + page >= upper - 4.0;
}

/* At most two frames: GTK 4.8's list places the rows added since its last
 * layout at its end with no height, so a scroll to the last one in the
 * frame they arrive lands a row short (its top at the bottom edge); the
 * next frame, with the rows measured, finishes the way down. */
static gboolean
follow_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  TcLogView *self = TC_LOG_VIEW (widget);
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->shown));

  if (n_items == 0 || !self->following || self->paused || (self->follow_frames > 0 && is_at_bottom (self)))
    {
      self->follow_tick = 0;
      return G_SOURCE_REMOVE;
    }

  gtk_widget_activate_action (GTK_WIDGET (self->list_view),
                              "list.scroll-to-item", "u", n_items - 1);
  if (++self->follow_frames < 2)
    return G_SOURCE_CONTINUE;

  self->follow_tick = 0;
  return G_SOURCE_REMOVE;
}

/* Scrolls to the new last entry at the next frame, however many batches
 * came before it: each scroll binds again every row the list keeps around
 * its anchor (about 200), so a scroll per batch under a flood would bind
 * thousands of rows that are never shown. */
void
_tc_log_view_queue_follow (TcLogView *self)
{
  /* Rows that came meanwhile are not measured yet: two frames again. */
  self->follow_frames = 0;
  if (self->follow_tick == 0)
    self->follow_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), follow_tick_cb,
                                                      NULL, NULL);
}

/* Following stops only when the view goes up because a person scrolled or
 * moved the focus up: not when a follow stops short of the bottom on its
 * way down (it finishes in the next frame), nor when the oldest entries
 * went from above the rows shown. */
void
_tc_log_view_vadjustment_value_changed_cb (GtkAdjustment *adjustment,
                                           TcLogView     *self)
{
  double value = gtk_adjustment_get_value (adjustment);

  /* Paused, the view stays where a person put it, the bottom included. */
  if (self->paused)
    ;
  else if (is_at_bottom (self))
    _tc_log_view_set_following (self, TRUE);
  else if (value < self->last_value && !self->dropped_above)
    _tc_log_view_set_following (self, FALSE);
  else if (self->following)
    _tc_log_view_queue_follow (self);

  self->last_value = value;
  self->dropped_above = FALSE;
}

/* What the list shows changed: the model's new entries, or a filter. */
void
_tc_log_view_shown_items_changed_cb (GListModel *model,
                                     guint       position,
                                     guint       removed,
                                     guint       added,
                                     TcLogView  *self)
{
  if (position == 0 && removed > 0 && !self->refiltering)
    {
      self->dropped_above = TRUE;
      /* The current match moves up with what went. */
      if (self->current >= 0)
        self->current_position = self->current_position >= removed - MIN (removed, added)
                                 ? self->current_position - (removed - MIN (removed, added))
                                 : 0;
    }
  if (added > 0 && self->following && !self->paused)
    {
      _tc_log_view_queue_follow (self);
    }
  else if (added > 0 && !(position == 0 && removed > 0) && !self->refiltering)
    {
      self->n_new += added;
      update_new_button (self);
      g_object_notify_by_pspec (G_OBJECT (self), _tc_log_view_properties[PROP_N_NEW]);
    }
  if (self->query != NULL && (added > 0 || removed > 0))
    _tc_log_view_schedule_search (self);
}

static void
update_new_button (TcLogView *self)
{
  g_autofree char *text = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->new_button), self->n_new > 0);
  if (self->n_new == 0)
    return;
  /* TRANSLATORS: on a button that goes down to entries that came while
   * the log was paused or scrolled up */
  text = g_strdup_printf (ngettext ("%u new ↓", "%u new ↓", self->n_new), self->n_new);
  gtk_button_set_label (self->new_button, text);
}

/**
 * tc_log_view_set_paused:
 *
 * Paused, the view stays where it is while entries keep coming (they are
 * counted on the "N new" button); unpaused, it goes to the last entry
 * and follows again.
 */
void
tc_log_view_set_paused (TcLogView *self,
                        gboolean   paused)
{
  g_return_if_fail (TC_IS_LOG_VIEW (self));

  paused = !!paused;
  if (self->paused == paused)
    return;
  self->paused = paused;
  if (paused)
    {
      if (self->follow_tick != 0)
        {
          gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->follow_tick);
          self->follow_tick = 0;
        }
      _tc_log_view_set_following (self, FALSE);
    }
  else
    {
      _tc_log_view_set_following (self, TRUE);
      _tc_log_view_queue_follow (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), _tc_log_view_properties[PROP_PAUSED]);
}

gboolean
tc_log_view_get_paused (TcLogView *self)
{
  g_return_val_if_fail (TC_IS_LOG_VIEW (self), FALSE);
  return self->paused;
}

guint
tc_log_view_get_n_new (TcLogView *self)
{
  g_return_val_if_fail (TC_IS_LOG_VIEW (self), 0);
  return self->n_new;
}

/* Back to the last entry, following again (log.jump-to-end, the "N new"
 * button). */
void
tc_log_view_jump_to_end (TcLogView *self)
{
  g_return_if_fail (TC_IS_LOG_VIEW (self));

  if (self->paused)
    {
      tc_log_view_set_paused (self, FALSE);
      return;
    }
  _tc_log_view_set_following (self, TRUE);
  _tc_log_view_queue_follow (self);
}
