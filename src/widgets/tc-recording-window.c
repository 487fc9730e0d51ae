/* tc-recording-window.c: a recording shown read-only in the log view, each message with its
 * recorded time, direction and peer; nothing in it sends
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-recording-window.h"

#include "tc-log-view.h"
#include "tc-recording.h"

#include <glib/gi18n-lib.h>
#include <string.h>

struct _TcRecordingWindow
{
  GtkWindow  parent_instance;

  TcLogView *log_view;    /* borrowed: the window's child */
};

G_DEFINE_FINAL_TYPE (TcRecordingWindow, tc_recording_window, GTK_TYPE_WINDOW)

static void
tc_recording_window_class_init (TcRecordingWindowClass *klass)
{
}

static void
tc_recording_window_init (TcRecordingWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *banner = gtk_label_new (_("A recording, read-only: nothing here is sent"));

  gtk_widget_add_css_class (banner, "dim-label");
  gtk_widget_set_margin_top (banner, 6);
  gtk_widget_set_margin_bottom (banner, 6);
  self->log_view = TC_LOG_VIEW (tc_log_view_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->log_view), TRUE);
  gtk_box_append (GTK_BOX (box), banner);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->log_view));
  gtk_window_set_child (GTK_WINDOW (self), box);
  gtk_window_set_default_size (GTK_WINDOW (self), 800, 500);
}

/* The message without its line ending, which the log marks rather than shows. */
static gsize
text_length (GBytes *bytes)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  if (len > 0 && data[len - 1] == '\n')
    len--;
  if (len > 0 && data[len - 1] == '\r')
    len--;
  return len;
}

static void
fill (TcRecordingWindow *self,
      TcRecording       *recording)
{
  TcLogModel *log = tc_log_view_get_model (self->log_view);

  for (guint i = 0; i < tc_recording_get_n_records (recording); i++)
    {
      const TcRecord *record = tc_recording_get_record (recording, i);
      g_autofree char *text = NULL;
      TcLogDirection direction = TC_LOG_DIRECTION_EVENT;
      const char *data = NULL;
      gsize len = 0;

      switch (record->kind)
        {
        case TC_RECORD_IN:
        case TC_RECORD_OUT:
          direction = record->kind == TC_RECORD_IN ? TC_LOG_DIRECTION_RECEIVED
                                                   : TC_LOG_DIRECTION_SENT;
          data = g_bytes_get_data (record->bytes, NULL);
          len = text_length (record->bytes);
          break;
        case TC_RECORD_OPEN:
          text = g_strdup (_("Connected"));
          break;
        case TC_RECORD_CLOSE:
          text = g_strdup (_("Disconnected"));
          break;
        case TC_RECORD_ERROR:
        default:
          direction = TC_LOG_DIRECTION_ERROR;
          text = g_strdup (record->reason != NULL ? record->reason : "");
          break;
        }
      if (text != NULL)
        {
          data = text;
          len = strlen (text);
        }
      tc_log_model_append (log, direction, record->t_us, record->peer, data != NULL ? data : "",
                           len, 0, 0);
    }
  tc_log_model_flush (log);
}

/* Returns: (transfer none): the window, which GTK holds until it is
 *   closed, or NULL with @error set when @path is not a recording. */
TcRecordingWindow *
tc_recording_window_new (GtkWindow   *parent,
                         const char  *path,
                         GError     **error)
{
  g_autoptr(TcRecording) recording = NULL;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  TcRecordingWindow *self;

  g_return_val_if_fail (path != NULL, NULL);

  recording = tc_recording_load (path, error);
  if (recording == NULL)
    return NULL;

  self = g_object_new (TC_TYPE_RECORDING_WINDOW, NULL);
  if (parent != NULL)
    {
      gtk_window_set_transient_for (GTK_WINDOW (self), parent);
      gtk_window_set_application (GTK_WINDOW (self), gtk_window_get_application (parent));
    }
  name = g_filename_display_basename (path);
  /* TRANSLATORS: the title of a window showing a recording; a file's name */
  title = g_strdup_printf (_("%s (recording, read-only)"), name);
  gtk_window_set_title (GTK_WINDOW (self), title);
  fill (self, recording);
  return self;
}

/* Returns: (transfer none): what the window shows */
TcLogModel *
tc_recording_window_get_log_model (TcRecordingWindow *self)
{
  g_return_val_if_fail (TC_IS_RECORDING_WINDOW (self), NULL);
  return tc_log_view_get_model (self->log_view);
}
