/* tc-log-view-save.c: saving the log to a file, from a thread, with progress
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-log-view-private.h"

#include "tc-file-dialog.h"

#include <glib/gi18n.h>

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
  _tc_log_view_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), _tc_log_view_properties[PROP_SAVING]);
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
