/* tc-log-view.c: the scrolling log of received, sent and event entries
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-log-view.h"

#include "tc-bytes-format.h"
#include "tc-file-dialog.h"
#include "tc-log-row.h"
#include "tc-widgets.h"

#include <glib/gi18n.h>

struct _TcLogView
{
  GtkWidget             parent_instance;

  /* template widgets */
  GtkScrolledWindow    *scroller;
  GtkListView          *list_view;
  GtkWidget            *save_bar;
  GtkProgressBar       *save_progress;

  /* owned */
  TcLogModel           *model;
  GtkMultiSelection    *selection;
  GtkWidget            *context_menu;   /* a child popover */
  GCancellable         *choose_cancellable; /* while the file dialog is open */
  GCancellable         *save_cancellable;   /* while a save is under way */
  TcLogSnapshot        *save_snapshot;
  GFile                *save_file;
  GSimpleActionGroup   *actions;        /* "log.*" */

  /* borrowed */
  const char           *encoding;       /* canonical name, static */

  /* plain state */
  TcLogDisplayMode      display_mode;
  TcLogSaveFormat       save_format;
  guint                 save_progress_source;
  gboolean              following;
  guint                 follow_tick;    /* tick callback id, 0 if none */
  guint                 follow_frames;  /* frames the tick has scrolled in */
  double                last_value;     /* the scroll position last seen */
  gboolean              dropped_above;  /* entries went from the front since */
};

G_DEFINE_FINAL_TYPE (TcLogView, tc_log_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MODEL,
  PROP_FOLLOWING,
  PROP_SAVING,
  PROP_DISPLAY_MODE,
  PROP_ENCODING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Rows: one TcLogRow each, which lays out and draws its columns itself. */
static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  TcLogView *self = user_data;
  GtkWidget *row = tc_log_row_new ();

  tc_log_row_set_display (TC_LOG_ROW (row), self->display_mode, self->encoding);
  gtk_list_item_set_child (item, row);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  tc_log_row_set_entry (TC_LOG_ROW (gtk_list_item_get_child (item)),
                        gtk_list_item_get_item (item));
}

static void
tc_log_view_set_following (TcLogView *self,
                           gboolean   following)
{
  if (self->following == following)
    return;
  self->following = following;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLLOWING]);
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
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->model));

  if (n_items == 0 || !self->following || (self->follow_frames > 0 && is_at_bottom (self)))
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
static void
queue_follow (TcLogView *self)
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
static void
vadjustment_value_changed_cb (GtkAdjustment *adjustment,
                              TcLogView     *self)
{
  double value = gtk_adjustment_get_value (adjustment);

  if (is_at_bottom (self))
    tc_log_view_set_following (self, TRUE);
  else if (value < self->last_value && !self->dropped_above)
    tc_log_view_set_following (self, FALSE);
  else if (self->following)
    queue_follow (self);

  self->last_value = value;
  self->dropped_above = FALSE;
}

static void
set_action_enabled (TcLogView  *self,
                    const char *name,
                    gboolean    enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), name);

  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

/* Clear and Save make sense only with something in the log; Save once at
 * a time. */
static void
update_actions (TcLogView *self)
{
  gboolean has_log = g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0;
  gboolean saving = self->save_cancellable != NULL;

  set_action_enabled (self, "clear", has_log);
  set_action_enabled (self, "save", has_log && !saving);
  set_action_enabled (self, "cancel-save", saving);
}

static void
model_items_changed_cb (GListModel *model,
                        guint       position,
                        guint       removed,
                        guint       added,
                        TcLogView  *self)
{
  if (position == 0 && removed > 0)
    self->dropped_above = TRUE;
  if (added > 0 && self->following)
    queue_follow (self);
  update_actions (self);
}

typedef char *(*EntryToText) (TcLogEntry *entry);

static char *
dup_selected (TcLogView   *self,
              EntryToText  to_text)
{
  g_autoptr(GtkBitset) selected = NULL;
  GtkBitsetIter iter;
  GString *out;
  guint position;

  out = g_string_new (NULL);
  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  for (gboolean ok = gtk_bitset_iter_init_first (&iter, selected, &position);
       ok;
       ok = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr(TcLogEntry) entry = g_list_model_get_item (G_LIST_MODEL (self->model), position);
      g_autofree char *line = NULL;

      if (entry == NULL)
        continue;
      line = to_text (entry);
      g_string_append (out, line);
      g_string_append_c (out, '\n');
    }

  return g_string_free (out, FALSE);
}

/* The selected rows, one a line, as "HH:MM:SS.mmm  ◀  peer  text". */
char *
tc_log_view_dup_selected_text (TcLogView *self)
{
  g_return_val_if_fail (TC_IS_LOG_VIEW (self), NULL);

  return dup_selected (self, tc_log_entry_format);
}

/* Only the text of the selected rows, one a line, as shown: what a person
 * copies to paste a peer's line somewhere else.
 */
char *
tc_log_view_dup_selected_line_text (TcLogView *self)
{
  g_return_val_if_fail (TC_IS_LOG_VIEW (self), NULL);

  return dup_selected (self, tc_log_entry_dup_text);
}

static void
set_clipboard (TcLogView  *self,
               const char *text)
{
  if (text[0] != '\0')
    gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
}

void
tc_log_view_copy_selection (TcLogView *self)
{
  g_autofree char *text = NULL;

  g_return_if_fail (TC_IS_LOG_VIEW (self));

  text = tc_log_view_dup_selected_text (self);
  set_clipboard (self, text);
}

void
tc_log_view_copy_selected_line_text (TcLogView *self)
{
  g_autofree char *text = NULL;

  g_return_if_fail (TC_IS_LOG_VIEW (self));

  text = tc_log_view_dup_selected_line_text (self);
  set_clipboard (self, text);
}

/* The one way the log is cleared: the windows' Clear, Ctrl+K and the
 * context menu all come here. */
void
tc_log_view_clear (TcLogView *self)
{
  g_return_if_fail (TC_IS_LOG_VIEW (self));

  tc_log_model_clear (self->model);
  tc_log_view_set_following (self, TRUE);
}

/* Saving */

static const char *
format_to_id (TcLogSaveFormat format)
{
  switch (format)
    {
    case TC_LOG_SAVE_RECEIVED: return "received";
    case TC_LOG_SAVE_SENT:     return "sent";
    case TC_LOG_SAVE_READABLE:
    default:                   return "readable";
    }
}

static TcLogSaveFormat
format_from_id (const char *id)
{
  if (g_strcmp0 (id, "received") == 0)
    return TC_LOG_SAVE_RECEIVED;
  if (g_strcmp0 (id, "sent") == 0)
    return TC_LOG_SAVE_SENT;
  return TC_LOG_SAVE_READABLE;
}

static void
show_progress (TcLogView *self)
{
  double fraction = tc_log_snapshot_get_fraction (self->save_snapshot);
  g_autofree char *name = g_file_get_basename (self->save_file);
  g_autofree char *text = NULL;

  /* TRANSLATORS: the file the log is being saved to, and how far it is */
  text = g_strdup_printf (_("Saving the log to %s: %d %%"), name, (int) (fraction * 100));
  gtk_progress_bar_set_fraction (self->save_progress, fraction);
  gtk_progress_bar_set_text (self->save_progress, text);
}

static gboolean
save_progress_cb (gpointer user_data)
{
  show_progress (user_data);
  return G_SOURCE_CONTINUE;
}

static void
set_saving (TcLogView *self,
            gboolean   saving)
{
  gtk_widget_set_visible (self->save_bar, saving);
  if (saving)
    {
      show_progress (self);
      self->save_progress_source = g_timeout_add (100, save_progress_cb, self);
      g_source_set_static_name (g_main_context_find_source_by_id (NULL,
                                                                   self->save_progress_source),
                                "[tcpchat] log save progress");
    }
  else
    {
      g_clear_handle_id (&self->save_progress_source, g_source_remove);
    }
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SAVING]);
}

static void
save_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(TcLogView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  guint n;

  tc_log_snapshot_save_finish (result, &error);
  n = tc_log_snapshot_get_n_entries (self->save_snapshot);
  name = g_file_get_parse_name (self->save_file);
  g_clear_pointer (&self->save_snapshot, tc_log_snapshot_free);
  g_clear_object (&self->save_file);
  g_clear_object (&self->save_cancellable);

  /* Gone with its window meanwhile: nothing to tell. */
  if (self->model == NULL)
    return;
  set_saving (self, FALSE);

  if (error == NULL && self->save_format == TC_LOG_SAVE_RECEIVED)
    tc_log_model_append_event (self->model, NULL,
                               _("Saved the bytes received, exactly, to %s"), name);
  else if (error == NULL && self->save_format == TC_LOG_SAVE_SENT)
    tc_log_model_append_event (self->model, NULL,
                               _("Saved the bytes sent, exactly, to %s"), name);
  else if (error == NULL)
    tc_log_model_append_event (self->model, NULL,
                               ngettext ("Saved %u log entry to %s",
                                         "Saved %u log entries to %s", n),
                               n, name);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    tc_log_model_append_event (self->model, NULL,
                               _("Stopped saving the log: %s was left as it was"), name);
  else
    tc_log_model_append_error (self->model, NULL, _("Could not save the log to %s: %s"),
                               name, error->message);
}

/**
 * tc_log_view_save_to:
 *
 * Writes what the log holds now to @file, from a thread: the window goes
 * on meanwhile, a progress bar under the log shows how far it is, and
 * log.cancel-save stops it, leaving @file as it was. The outcome is
 * appended to the log. Does nothing while a save is under way.
 */
void
tc_log_view_save_to (TcLogView       *self,
                     GFile           *file,
                     TcLogSaveFormat  format)
{
  g_return_if_fail (TC_IS_LOG_VIEW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->save_cancellable != NULL)
    return;

  self->save_cancellable = g_cancellable_new ();
  self->save_snapshot = tc_log_model_snapshot (self->model, format);
  self->save_file = g_object_ref (file);
  self->save_format = format;
  set_saving (self, TRUE);
  tc_log_snapshot_save_async (self->save_snapshot, file, self->save_cancellable,
                              save_done_cb, g_object_ref (self));
}

gboolean
tc_log_view_get_saving (TcLogView *self)
{
  g_return_val_if_fail (TC_IS_LOG_VIEW (self), FALSE);

  return self->save_cancellable != NULL;
}

void
tc_log_view_cancel_save (TcLogView *self)
{
  g_return_if_fail (TC_IS_LOG_VIEW (self));

  g_cancellable_cancel (self->save_cancellable);
}

static void
file_chosen_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(TcLogView) self = user_data;
  g_autoptr(GFile) file = NULL;
  g_autofree char *choice = NULL;

  file = tc_file_dialog_save_finish (result, &choice, NULL);
  g_clear_object (&self->choose_cancellable);
  if (file != NULL && self->model != NULL)
    tc_log_view_save_to (self, file, format_from_id (choice));
}

/* Asks for a file and saves the log to it, readable or as the exact bytes
 * of one direction (a choice in the dialog: one file cannot say which bytes
 * went which way and stay exact). */
void
tc_log_view_save (TcLogView *self)
{
  GtkRoot *root;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GListStore) filters = NULL;
  g_autoptr(GtkFileFilter) text_filter = NULL;
  g_autoptr(GtkFileFilter) all_filter = NULL;
  const char *options[] = { format_to_id (TC_LOG_SAVE_READABLE),
                            format_to_id (TC_LOG_SAVE_RECEIVED),
                            format_to_id (TC_LOG_SAVE_SENT), NULL };
  const char *labels[] = { _("Readable (time, direction, peer, text)"),
                           _("Bytes received, exactly (line endings as they came)"),
                           _("Bytes sent, exactly (line endings as they went)"), NULL };
  const TcFileDialogChoice choice = { "format", _("Format"), options, labels, options[0] };

  g_return_if_fail (TC_IS_LOG_VIEW (self));

  if (self->choose_cancellable != NULL || self->save_cancellable != NULL)
    return;

  now = g_date_time_new_now_local ();
  name = g_date_time_format (now, "tcpchat-log-%Y%m%d-%H%M%S.txt");
  filters = g_list_store_new (GTK_TYPE_FILE_FILTER);
  text_filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (text_filter, _("Text files"));
  gtk_file_filter_add_mime_type (text_filter, "text/plain");
  gtk_file_filter_add_suffix (text_filter, "txt");
  gtk_file_filter_add_suffix (text_filter, "log");
  g_list_store_append (filters, text_filter);
  all_filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (all_filter, _("All files"));
  gtk_file_filter_add_pattern (all_filter, "*");
  g_list_store_append (filters, all_filter);

  root = gtk_widget_get_root (GTK_WIDGET (self));
  self->choose_cancellable = g_cancellable_new ();
  tc_file_dialog_save (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, _("Save Log"), name,
                       G_LIST_MODEL (filters), &choice, self->choose_cancellable,
                       file_chosen_cb, g_object_ref (self));
}

static void
copy_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  tc_log_view_copy_selection (user_data);
}

static void
copy_text_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  tc_log_view_copy_selected_line_text (user_data);
}

static void
save_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  tc_log_view_save (user_data);
}

static void
clear_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  tc_log_view_clear (user_data);
}

static void
cancel_save_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  tc_log_view_cancel_save (user_data);
}

static void
select_all_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  TcLogView *self = user_data;

  gtk_selection_model_select_all (GTK_SELECTION_MODEL (self->selection));
}

/* GActionEntry, as everywhere (see tc-session-pane.c for why), in a group
 * inserted as "log". */
static const char * const property_actions[] = { "display-mode", "encoding" };

static const GActionEntry log_entries[] = {
  { .name = "copy", .activate = copy_action },
  { .name = "copy-text", .activate = copy_text_action },
  { .name = "save", .activate = save_action },
  { .name = "clear", .activate = clear_action },
  { .name = "cancel-save", .activate = cancel_save_action },
  { .name = "select-all", .activate = select_all_action },
};

static void
context_menu_pressed_cb (GtkGestureClick *gesture,
                         int              n_press,
                         double           x,
                         double           y,
                         TcLogView       *self)
{
  GdkRectangle rect = { (int) x, (int) y, 1, 1 };

  gtk_popover_set_pointing_to (GTK_POPOVER (self->context_menu), &rect);
  gtk_popover_popup (GTK_POPOVER (self->context_menu));
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
tc_log_view_dispose (GObject *object)
{
  TcLogView *self = TC_LOG_VIEW (object);

  if (self->follow_tick != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->follow_tick);
      self->follow_tick = 0;
    }
  /* Their callbacks see the model gone and only let go. */
  g_cancellable_cancel (self->choose_cancellable);
  g_cancellable_cancel (self->save_cancellable);
  g_clear_handle_id (&self->save_progress_source, g_source_remove);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);

  g_clear_pointer (&self->context_menu, gtk_widget_unparent);
  gtk_widget_dispose_template (GTK_WIDGET (self), TC_TYPE_LOG_VIEW);

  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  /* The property actions hold the view: let go of them. */
  gtk_widget_insert_action_group (GTK_WIDGET (self), "log", NULL);
  g_clear_object (&self->actions);

  G_OBJECT_CLASS (tc_log_view_parent_class)->dispose (object);
}

/* Every row the list holds now (it recycles them; new ones are set up
 * with the view's display): a few hundred at most. */
static void
update_rows (TcLogView *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list_view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *row = gtk_widget_get_first_child (child);

      if (row != NULL && TC_IS_LOG_ROW (row))
        tc_log_row_set_display (TC_LOG_ROW (row), self->display_mode, self->encoding);
    }
}

TcLogDisplayMode
tc_log_view_get_display_mode (TcLogView *self)
{
  g_return_val_if_fail (TC_IS_LOG_VIEW (self), TC_LOG_DISPLAY_TEXT);
  return self->display_mode;
}

/* Text, hex, or both (text over hex), for received and sent lines. */
void
tc_log_view_set_display_mode (TcLogView        *self,
                              TcLogDisplayMode  mode)
{
  g_return_if_fail (TC_IS_LOG_VIEW (self));
  g_return_if_fail (mode <= TC_LOG_DISPLAY_BOTH);

  if (self->display_mode == mode)
    return;
  self->display_mode = mode;
  update_rows (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_MODE]);
}

const char *
tc_log_view_get_encoding (TcLogView *self)
{
  g_return_val_if_fail (TC_IS_LOG_VIEW (self), NULL);
  return self->encoding;
}

/**
 * tc_log_view_set_encoding:
 * @encoding: one of tc_encoding_list() (or an alias, such as "GBK")
 *
 * The encoding received and sent lines are shown in; their bytes are not
 * changed (saving and relay keep them). An unknown name changes nothing.
 *
 * Returns: whether @encoding is known
 */
gboolean
tc_log_view_set_encoding (TcLogView  *self,
                          const char *encoding)
{
  const char *canonical = tc_encoding_lookup (encoding);

  g_return_val_if_fail (TC_IS_LOG_VIEW (self), FALSE);

  if (canonical == NULL)
    return FALSE;
  if (canonical == self->encoding)
    return TRUE;
  self->encoding = canonical;
  update_rows (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENCODING]);
  return TRUE;
}

static void
tc_log_view_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  TcLogView *self = TC_LOG_VIEW (object);

  switch (prop_id)
    {
    case PROP_DISPLAY_MODE:
      tc_log_view_set_display_mode (self, g_value_get_enum (value));
      break;
    case PROP_ENCODING:
      if (!tc_log_view_set_encoding (self, g_value_get_string (value)))
        g_warning ("Unknown encoding “%s” for the log view", g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tc_log_view_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  TcLogView *self = TC_LOG_VIEW (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;
    case PROP_FOLLOWING:
      g_value_set_boolean (value, self->following);
      break;
    case PROP_SAVING:
      g_value_set_boolean (value, tc_log_view_get_saving (self));
      break;
    case PROP_DISPLAY_MODE:
      g_value_set_enum (value, self->display_mode);
      break;
    case PROP_ENCODING:
      g_value_set_string (value, self->encoding);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tc_log_view_class_init (TcLogViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  tc_widgets_init ();

  object_class->dispose = tc_log_view_dispose;
  object_class->get_property = tc_log_view_get_property;
  object_class->set_property = tc_log_view_set_property;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL,
                         TC_TYPE_LOG_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_FOLLOWING] =
    g_param_spec_boolean ("following", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SAVING] =
    g_param_spec_boolean ("saving", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_DISPLAY_MODE] =
    g_param_spec_enum ("display-mode", NULL, NULL,
                       TC_TYPE_LOG_DISPLAY_MODE, TC_LOG_DISPLAY_TEXT,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ENCODING] =
    g_param_spec_string ("encoding", NULL, NULL, TC_ENCODING_UTF8,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               TC_RESOURCE_PREFIX "/ui/tc-log-view.ui");
  gtk_widget_class_bind_template_child (widget_class, TcLogView, scroller);
  gtk_widget_class_bind_template_child (widget_class, TcLogView, list_view);
  gtk_widget_class_bind_template_child (widget_class, TcLogView, save_bar);
  gtk_widget_class_bind_template_child (widget_class, TcLogView, save_progress);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Insert, GDK_CONTROL_MASK,
                                       "log.copy", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK,
                                       "log.copy", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "log.copy-text", NULL);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
tc_log_view_init (TcLogView *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  g_autoptr(GMenu) menu = NULL;
  GtkGesture *menu_click;
  GtkAdjustment *vadjustment;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), log_entries,
                                   G_N_ELEMENTS (log_entries), self);
  /* Stateful, with the property's value as a string: "text", "hex",
   * "both"; "UTF-8", "GB18030", ... */
  for (guint i = 0; i < G_N_ELEMENTS (property_actions); i++)
    {
      g_autoptr(GPropertyAction) action = NULL;

      action = g_property_action_new (property_actions[i], self, property_actions[i]);
      g_action_map_add_action (G_ACTION_MAP (self->actions), G_ACTION (action));
    }
  gtk_widget_insert_action_group (GTK_WIDGET (self), "log", G_ACTION_GROUP (self->actions));

  self->following = TRUE;
  self->encoding = TC_ENCODING_UTF8;
  self->display_mode = TC_LOG_DISPLAY_TEXT;
  self->model = tc_log_model_new ();
  self->selection = gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (self->model)));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  /* After the selection model: the list knows of new rows when we scroll. */
  g_signal_connect (self->model, "items-changed", G_CALLBACK (model_items_changed_cb), self);

  menu = g_menu_new ();
  g_menu_append (menu, _("_Copy"), "log.copy");
  g_menu_append (menu, _("Copy _Text"), "log.copy-text");
  g_menu_append (menu, _("Select _All"), "log.select-all");
  g_menu_append (menu, _("_Save Log…"), "log.save");
  g_menu_append (menu, _("C_lear"), "log.clear");
  self->context_menu = gtk_popover_menu_new_from_model (G_MENU_MODEL (menu));
  gtk_popover_set_has_arrow (GTK_POPOVER (self->context_menu), FALSE);
  gtk_widget_set_halign (self->context_menu, GTK_ALIGN_START);
  gtk_widget_set_parent (self->context_menu, GTK_WIDGET (self));

  menu_click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (menu_click), GDK_BUTTON_SECONDARY);
  g_signal_connect (menu_click, "pressed", G_CALLBACK (context_menu_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (menu_click));

  update_actions (self);

  vadjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  g_signal_connect_object (vadjustment, "value-changed",
                           G_CALLBACK (vadjustment_value_changed_cb), self, 0);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Log view"),
                                  -1);
}

GtkWidget *
tc_log_view_new (void)
{
  return g_object_new (TC_TYPE_LOG_VIEW, NULL);
}

/* The view's own model: append to it to show entries. */
TcLogModel *
tc_log_view_get_model (TcLogView *self)
{
  g_return_val_if_fail (TC_IS_LOG_VIEW (self), NULL);
  return self->model;
}

GtkListView *
tc_log_view_get_list_view (TcLogView *self)
{
  g_return_val_if_fail (TC_IS_LOG_VIEW (self), NULL);
  return self->list_view;
}

gboolean
tc_log_view_get_following (TcLogView *self)
{
  g_return_val_if_fail (TC_IS_LOG_VIEW (self), FALSE);
  return self->following;
}
