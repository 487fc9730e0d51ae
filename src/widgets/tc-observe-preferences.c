/* tc-observe-preferences.c: the log-file and TCP settings in the preferences dialog
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two sections, built in code and bound to the settings that
 * tc-observe-settings.c follows: what changes here applies at once.
 */
#include "config.h"

#include "tc-observe-preferences.h"

#include "tc-file-dialog.h"

#include <glib/gi18n.h>

static GtkWidget *
heading (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  return label;
}

static GtkWidget *
check (GSettings  *settings,
       const char *key,
       const char *text,
       const char *name)
{
  GtkWidget *button = gtk_check_button_new_with_mnemonic (text);

  gtk_widget_set_name (button, name);
  g_settings_bind (settings, key, button, "active", G_SETTINGS_BIND_DEFAULT);
  return button;
}

/* A labelled spin button on @row of @grid, its range the key's. */
static GtkWidget *
spin (GtkGrid    *grid,
      int         row,
      GSettings  *settings,
      const char *key,
      const char *text,
      const char *unit,
      const char *name)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsSchemaKey) schema_key = NULL;
  g_autoptr(GVariant) range = NULL;
  g_autoptr(GVariant) limits = NULL;
  const char *kind = NULL;
  guint32 lower = 0, upper = G_MAXUINT32;
  GtkWidget *label = gtk_label_new_with_mnemonic (text);
  GtkWidget *button = gtk_spin_button_new_with_range (0, G_MAXUINT32, 1);
  GtkWidget *unit_label = gtk_label_new (unit);

  g_object_get (settings, "settings-schema", &schema, NULL);
  schema_key = g_settings_schema_get_key (schema, key);
  range = g_settings_schema_key_get_range (schema_key);
  g_variant_get (range, "(&s@v)", &kind, &limits);
  if (g_strcmp0 (kind, "range") == 0)
    {
      g_autoptr(GVariant) pair = g_variant_get_variant (limits);

      g_variant_get (pair, "(uu)", &lower, &upper);
    }
  gtk_spin_button_set_range (GTK_SPIN_BUTTON (button), lower, upper);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (button), TRUE);
  gtk_editable_set_width_chars (GTK_EDITABLE (button), 8);
  gtk_widget_set_name (button, name);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), button);
  gtk_label_set_xalign (GTK_LABEL (unit_label), 0);
  gtk_widget_add_css_class (unit_label, "dim-label");
  gtk_accessible_update_relation (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, unit_label, NULL, -1);
  g_settings_bind (settings, key, button, "value", G_SETTINGS_BIND_DEFAULT);

  gtk_grid_attach (grid, label, 0, row, 1, 1);
  gtk_grid_attach (grid, button, 1, row, 1, 1);
  gtk_grid_attach (grid, unit_label, 2, row, 1, 1);
  return button;
}

static GtkWidget *
new_grid (void)
{
  GtkWidget *grid = gtk_grid_new ();

  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  return grid;
}

static gboolean
format_get (GValue   *value,
            GVariant *variant,
            gpointer  user_data)
{
  g_value_set_uint (value, g_strcmp0 (g_variant_get_string (variant, NULL), "jsonl") == 0);
  return TRUE;
}

static GVariant *
format_set (const GValue       *value,
            const GVariantType *type,
            gpointer            user_data)
{
  return g_variant_new_string (g_value_get_uint (value) == 1 ? "jsonl" : "text");
}

static gboolean
path_get (GValue   *value,
          GVariant *variant,
          gpointer  user_data)
{
  const char *path = g_variant_get_string (variant, NULL);

  g_value_take_string (value, path[0] != '\0' ? g_filename_display_name (path)
                                              : g_strdup (_("No file chosen")));
  return TRUE;
}

static void
chosen_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GSettings) settings = user_data;
  g_autoptr(GFile) file = tc_file_dialog_save_finish (result, NULL, NULL);
  g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

  if (path == NULL)
    return;
  g_settings_set_string (settings, "log-file-path", path);
  g_settings_set_boolean (settings, "log-file", TRUE);
}

static void
choose_clicked_cb (GtkButton *button,
                   GSettings *settings)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (button));

  tc_file_dialog_save (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, _("Log File"),
                       "tcpchat.log", NULL, NULL, NULL, chosen_cb, g_object_ref (settings));
}

static GtkWidget *
log_section (GSettings *settings)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *path_label = gtk_label_new (NULL);
  GtkWidget *choose = gtk_button_new_with_mnemonic (_("C_hoose…"));
  GtkWidget *grid = new_grid ();
  GtkWidget *format_label = gtk_label_new_with_mnemonic (_("_Format"));
  const char *formats[] = { N_("Text"), N_("JSON Lines"), NULL };
  const char *translated[3] = { _(formats[0]), _(formats[1]), NULL };
  GtkWidget *format = gtk_drop_down_new_from_strings (translated);

  gtk_box_append (GTK_BOX (box), heading (_("Log File")));
  gtk_box_append (GTK_BOX (box),
                  check (settings, "log-file", _("_Write every event to a file as it happens"),
                         "log-file-check"));

  gtk_widget_set_name (path_label, "log-file-path");
  gtk_label_set_xalign (GTK_LABEL (path_label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (path_label), PANGO_ELLIPSIZE_START);
  gtk_label_set_width_chars (GTK_LABEL (path_label), 24);
  gtk_widget_set_hexpand (path_label, TRUE);
  g_settings_bind_with_mapping (settings, "log-file-path", path_label, "label",
                                G_SETTINGS_BIND_GET, path_get, NULL, NULL, NULL);
  gtk_widget_set_tooltip_text (choose, _("Choose the file to append the log to"));
  g_signal_connect (choose, "clicked", G_CALLBACK (choose_clicked_cb), settings);
  gtk_box_append (GTK_BOX (row), path_label);
  gtk_box_append (GTK_BOX (row), choose);
  gtk_box_append (GTK_BOX (box), row);

  gtk_label_set_xalign (GTK_LABEL (format_label), 0);
  gtk_label_set_mnemonic_widget (GTK_LABEL (format_label), format);
  gtk_widget_set_name (format, "log-file-format");
  gtk_widget_set_tooltip_text (format, _("Readable text, or one JSON object an event"));
  g_settings_bind_with_mapping (settings, "log-file-format", format, "selected",
                                G_SETTINGS_BIND_DEFAULT, format_get, format_set, NULL, NULL);
  gtk_grid_attach (GTK_GRID (grid), format_label, 0, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), format, 1, 0, 1, 1);
  /* TRANSLATORS: the log file is renamed FILE.1 and a new one begins past this size */
  spin (GTK_GRID (grid), 1, settings, "log-file-max-mib", _("_New file past"),
        _("MiB (0: never)"), "log-file-max-mib");
  spin (GTK_GRID (grid), 2, settings, "log-file-keep", _("_Earlier files kept"),
        _("files"), "log-file-keep");
  gtk_box_append (GTK_BOX (box), grid);

  return box;
}

static GtkWidget *
tcp_section (GSettings *settings)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *grid = new_grid ();

  gtk_box_append (GTK_BOX (box), heading (_("New Connections")));
  gtk_box_append (GTK_BOX (box),
                  check (settings, "tcp-nodelay",
                         _("Send small messages at _once (TCP__NODELAY; off: Nagle’s algorithm)"), "tcp-nodelay"));
  gtk_box_append (GTK_BOX (box),
                  check (settings, "tcp-keepalive",
                         _("_Probe idle connections (keepalive), to notice a peer that went away"),
                         "tcp-keepalive"));
  spin (GTK_GRID (grid), 0, settings, "tcp-keepalive-idle", _("First probe _after"),
        _("seconds idle"), "tcp-keepalive-idle");
  spin (GTK_GRID (grid), 1, settings, "tcp-keepalive-interval", _("Probe e_very"),
        _("seconds"), "tcp-keepalive-interval");
  spin (GTK_GRID (grid), 2, settings, "tcp-keepalive-count", _("Give up a_fter"),
        _("unanswered probes"), "tcp-keepalive-count");
  gtk_widget_set_margin_start (grid, 24);
  g_settings_bind (settings, "tcp-keepalive", grid, "sensitive", G_SETTINGS_BIND_GET);
  gtk_box_append (GTK_BOX (box), grid);

  return box;
}

/**
 * tc_observe_preferences_new:
 * @settings: the window's settings
 *
 * Returns: (transfer floating) (nullable): the two sections, or %NULL
 *   when @settings has no such keys
 */
GtkWidget *
tc_observe_preferences_new (GSettings *settings)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  GtkWidget *box;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  g_object_get (settings, "settings-schema", &schema, NULL);
  if (schema == NULL || !g_settings_schema_has_key (schema, "log-file"))
    return NULL;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_name (box, "observe-preferences");
  gtk_box_append (GTK_BOX (box), log_section (settings));
  gtk_box_append (GTK_BOX (box), tcp_section (settings));
  return box;
}
