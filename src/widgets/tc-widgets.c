/* tc-widgets.c: one-time setup of the shared widgets (resources, style sheet)
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-widgets.h"

#include "tc-resources.h"

#include <string.h>
#include <time.h>

/* Registers the GResource bundle (idempotent) and, once a display exists,
 * loads the style sheet. Call it from class_init of any widget whose template
 * lives in the bundle, before gtk_widget_class_set_template_from_resource().
 */
void
tc_widgets_init (void)
{
  static gsize resources_done = 0;
  static gboolean css_done = FALSE;
  GdkDisplay *display;

  if (g_once_init_enter (&resources_done))
    {
      /* Referencing the bundle keeps its object file (and its constructor)
       * in every program that links this library; registering is a no-op
       * when the constructor already did it. */
      GResource *resource = tc_get_resource ();
      g_autoptr(GBytes) probe = NULL;

      probe = g_resources_lookup_data (TC_RESOURCE_PREFIX "/ui/style.css",
                                       G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
      if (probe == NULL)
        g_resources_register (resource);
      g_once_init_leave (&resources_done, 1);
    }

  display = gdk_display_get_default ();
  if (!css_done && display != NULL)
    {
      g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

      gtk_css_provider_load_from_resource (provider, TC_RESOURCE_PREFIX "/ui/style.css");
      gtk_style_context_add_provider_for_display (display,
                                                  GTK_STYLE_PROVIDER (provider),
                                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
      css_done = TRUE;
    }
}

/* "532 B", "12.4 kB", "3.1 MB": a byte count for a status bar. */
char *
tc_format_byte_count (guint64 bytes)
{
  if (bytes < 1000)
    return g_strdup_printf ("%" G_GUINT64_FORMAT " B", bytes);
  return g_format_size (bytes);
}

/* Local wall-clock time of a g_get_real_time() value: "HH:MM:SS" or
 * "HH:MM:SS.mmm". Log rows call this for every line shown, so the clock
 * part is formatted once per second, not once per call.
 */
char *
tc_format_time_us (gint64   time_us,
                   gboolean with_ms)
{
  /* Per thread: a log is saved from a thread while rows are drawn. */
  static _Thread_local gint64 cached_second = G_MININT64;
  static _Thread_local char cached_hms[16];
  gint64 second = time_us / G_USEC_PER_SEC;

  if (second != cached_second)
    {
      time_t t = (time_t) second;
      struct tm tm;

      if (localtime_r (&t, &tm) == NULL ||
          strftime (cached_hms, sizeof cached_hms, "%H:%M:%S", &tm) == 0)
        return g_strdup ("--:--:--");
      cached_second = second;
    }

  if (!with_ms)
    return g_strdup (cached_hms);
  return g_strdup_printf ("%s.%03d", cached_hms, (int) ((time_us % G_USEC_PER_SEC) / 1000));
}

/* Sets a tooltip only when its text changes: in GTK 4.8 every call costs
 * X server round trips, even for the same text, and the windows refresh
 * their tooltips on every client event.
 */
void
tc_widget_update_tooltip (GtkWidget  *widget,
                          const char *text)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (g_strcmp0 (gtk_widget_get_tooltip_text (widget), text) != 0)
    gtk_widget_set_tooltip_text (widget, text);
}

/* Moves the keyboard focus out of widget (and its descendants) before it is
 * made insensitive: GTK 4.8 warns when a focused text field loses its
 * sensitivity. */
void
tc_widget_drop_focus_within (GtkWidget *widget)
{
  GtkRoot *root;
  GtkWidget *focus;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  root = gtk_widget_get_root (widget);
  if (root == NULL)
    return;
  focus = gtk_root_get_focus (root);
  if (focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget)))
    gtk_root_set_focus (root, NULL);
}

/* The window's size is read from @settings once and written back, so
 * that each window stays its own (G_SETTINGS_BIND_GET_NO_CHANGES). */
void
tc_window_bind_size (GtkWindow *window,
                     GSettings *settings)
{
  const GSettingsBindFlags own = G_SETTINGS_BIND_GET | G_SETTINGS_BIND_SET |
                                 G_SETTINGS_BIND_GET_NO_CHANGES;

  g_return_if_fail (GTK_IS_WINDOW (window));
  g_return_if_fail (G_IS_SETTINGS (settings));

  g_settings_bind (settings, "window-width", window, "default-width", own);
  g_settings_bind (settings, "window-height", window, "default-height", own);
}

/**
 * tc_window_show_preferences:
 * @dialog: (inout): the window's dialog, %NULL while none is open
 *
 * Opens the Preferences dialog of @parent, or brings it to the front.
 *
 * Returns: (transfer none): the dialog
 */
TcPreferencesDialog *
tc_window_show_preferences (GtkWindow            *parent,
                            GSettings            *settings,
                            TcPreferencesDialog **dialog)
{
  g_return_val_if_fail (GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (dialog != NULL, NULL);

  if (*dialog == NULL)
    {
      *dialog = tc_preferences_dialog_new (parent, settings);
      g_object_add_weak_pointer (G_OBJECT (*dialog), (gpointer *) dialog);
    }
  gtk_window_present (GTK_WINDOW (*dialog));

  return *dialog;
}
