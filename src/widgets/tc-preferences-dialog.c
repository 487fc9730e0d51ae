/* tc-preferences-dialog.c: the limits and notifications of either program
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-preferences-dialog.h"

#include "tc-observe-preferences.h"

#include <glib/gi18n-lib.h>

#include "tc-size-spin.h"
#include "tc-widgets.h"

/* The rows of the limits grid, each bound to a key of the same name. */
enum {
  ROW_MAX_LINE,
  ROW_MAX_UNSENT,
  ROW_SCROLLBACK,
  ROW_MAX_CLIENTS,
  ROW_CONNECT_TIMEOUT,
  N_ROWS
};

static const char * const row_keys[N_ROWS] = {
  [ROW_MAX_LINE] = "max-line",
  [ROW_MAX_UNSENT] = "max-unsent",
  [ROW_SCROLLBACK] = "scrollback",
  [ROW_MAX_CLIENTS] = "max-clients",
  [ROW_CONNECT_TIMEOUT] = "connect-timeout",
};

struct _TcPreferencesDialog
{
  GtkWindow        parent_instance;

  /* template widgets */
  GtkWidget       *max_line_label;
  GtkWidget       *max_line_unit;
  GtkWidget       *max_unsent_label;
  GtkWidget       *max_unsent_unit;
  GtkWidget       *scrollback_label;
  GtkWidget       *scrollback_unit;
  GtkWidget       *max_clients_label;
  GtkWidget       *max_clients_unit;
  GtkWidget       *connect_timeout_label;
  GtkWidget       *connect_timeout_unit;
  GtkSpinButton   *max_line_spin;
  GtkSpinButton   *max_unsent_spin;
  GtkSpinButton   *scrollback_spin;
  GtkSpinButton   *max_clients_spin;
  GtkSpinButton   *connect_timeout_spin;
  GtkCheckButton  *notify_check;
  GtkLabel        *limits_note;

  /* owned */
  GSettings       *settings;
};

G_DEFINE_FINAL_TYPE (TcPreferencesDialog, tc_preferences_dialog, GTK_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GtkSpinButton *
row_spin (TcPreferencesDialog *self,
          guint                row)
{
  GtkSpinButton *spins[N_ROWS] = {
    self->max_line_spin, self->max_unsent_spin, self->scrollback_spin,
    self->max_clients_spin, self->connect_timeout_spin,
  };

  g_assert (row < N_ROWS);
  return spins[row];
}

static void
row_show (TcPreferencesDialog *self,
          guint                row,
          gboolean             visible)
{
  GtkWidget *labels[N_ROWS] = {
    self->max_line_label, self->max_unsent_label, self->scrollback_label,
    self->max_clients_label, self->connect_timeout_label,
  };
  GtkWidget *units[N_ROWS] = {
    self->max_line_unit, self->max_unsent_unit, self->scrollback_unit,
    self->max_clients_unit, self->connect_timeout_unit,
  };

  g_assert (row < N_ROWS);
  gtk_widget_set_visible (labels[row], visible);
  gtk_widget_set_visible (GTK_WIDGET (row_spin (self, row)), visible);
  gtk_widget_set_visible (units[row], visible);

  /* The unit is read after the name: "Longest line kept, 65536, bytes". */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (row_spin (self, row)),
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, units[row], NULL,
                                  -1);
}

/* The spin button's range is the key's range from the schema. */
static void
bind_row (TcPreferencesDialog *self,
          GSettingsSchema     *schema,
          guint                row)
{
  const char *key = row_keys[row];
  GtkSpinButton *spin = row_spin (self, row);
  g_autoptr(GSettingsSchemaKey) schema_key = NULL;
  g_autoptr(GVariant) range = NULL;
  const char *kind = NULL;
  GVariant *limits = NULL;

  if (schema == NULL || !g_settings_schema_has_key (schema, key))
    {
      row_show (self, row, FALSE);
      return;
    }

  schema_key = g_settings_schema_get_key (schema, key);
  range = g_settings_schema_key_get_range (schema_key);
  g_variant_get (range, "(&sv)", &kind, &limits);
  if (g_strcmp0 (kind, "range") == 0 && g_variant_is_of_type (limits, G_VARIANT_TYPE ("(uu)")))
    {
      guint32 lower, upper;

      g_variant_get (limits, "(uu)", &lower, &upper);
      gtk_spin_button_set_range (spin, lower, upper);
    }
  else
    {
      gtk_spin_button_set_range (spin, 0, G_MAXUINT32);
    }
  g_variant_unref (limits);

  row_show (self, row, TRUE);
  g_settings_bind (self->settings, key, spin, "value", G_SETTINGS_BIND_DEFAULT);
}

static void
tc_preferences_dialog_constructed (GObject *object)
{
  TcPreferencesDialog *self = TC_PREFERENCES_DIALOG (object);
  g_autoptr(GSettingsSchema) schema = NULL;

  G_OBJECT_CLASS (tc_preferences_dialog_parent_class)->constructed (object);

  if (self->settings != NULL)
    g_object_get (self->settings, "settings-schema", &schema, NULL);

  for (guint row = 0; row < N_ROWS; row++)
    bind_row (self, schema, row);

  /* Sizes in KiB and MiB, the unit in the field; the note says what a
   * change does. */
  if (gtk_widget_get_visible (GTK_WIDGET (self->max_line_spin)))
    {
      tc_size_spin_setup (self->max_line_spin, self->limits_note);
      gtk_widget_set_visible (self->max_line_unit, FALSE);
    }
  if (gtk_widget_get_visible (GTK_WIDGET (self->max_unsent_spin)))
    {
      tc_size_spin_setup (self->max_unsent_spin, self->limits_note);
      gtk_widget_set_visible (self->max_unsent_unit, FALSE);
    }

  if (schema != NULL && g_settings_schema_has_key (schema, "notify"))
    g_settings_bind (self->settings, "notify", self->notify_check, "active",
                     G_SETTINGS_BIND_DEFAULT);
  else
    gtk_widget_set_sensitive (GTK_WIDGET (self->notify_check), FALSE);

  /* The log file and TCP options, on a page of their own: below the rest
   * the dialog would not fit a 720 pixel screen. */
  if (self->settings != NULL)
    {
      GtkWidget *observe = tc_observe_preferences_new (self->settings);

      if (observe != NULL)
        {
          g_autoptr(GtkWidget) general = g_object_ref (gtk_window_get_child (GTK_WINDOW (self)));
          GtkWidget *pages = gtk_notebook_new ();

          gtk_widget_set_name (pages, "preferences-pages");
          gtk_window_set_child (GTK_WINDOW (self), NULL);
          gtk_notebook_append_page (GTK_NOTEBOOK (pages), general,
                                    gtk_label_new_with_mnemonic (_("_General")));
          gtk_widget_set_margin_start (observe, 18);
          gtk_widget_set_margin_end (observe, 18);
          gtk_widget_set_margin_top (observe, 18);
          gtk_widget_set_margin_bottom (observe, 18);
          gtk_notebook_append_page (GTK_NOTEBOOK (pages), observe,
                                    gtk_label_new_with_mnemonic (_("Log F_ile and TCP")));
          gtk_window_set_child (GTK_WINDOW (self), pages);
        }
    }
}

static void
tc_preferences_dialog_dispose (GObject *object)
{
  TcPreferencesDialog *self = TC_PREFERENCES_DIALOG (object);

  /* The bindings go with the widgets they are bound to. */
  gtk_widget_dispose_template (GTK_WIDGET (self), TC_TYPE_PREFERENCES_DIALOG);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (tc_preferences_dialog_parent_class)->dispose (object);
}

static void
tc_preferences_dialog_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  TcPreferencesDialog *self = TC_PREFERENCES_DIALOG (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tc_preferences_dialog_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  TcPreferencesDialog *self = TC_PREFERENCES_DIALOG (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_set_object (&self->settings, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tc_preferences_dialog_class_init (TcPreferencesDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  tc_widgets_init ();

  object_class->constructed = tc_preferences_dialog_constructed;
  object_class->dispose = tc_preferences_dialog_dispose;
  object_class->get_property = tc_preferences_dialog_get_property;
  object_class->set_property = tc_preferences_dialog_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               TC_RESOURCE_PREFIX "/ui/tc-preferences-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TcPreferencesDialog, max_line_label);
  gtk_widget_class_bind_template_child (widget_class, TcPreferencesDialog, max_line_unit);
  gtk_widget_class_bind_template_child (widget_class, TcPreferencesDialog, max_line_spin);
  gtk_widget_class_bind_template_child (widget_class, TcPreferencesDialog, max_unsent_label);
  gtk_widget_class_bind_template_child (widget_class, TcPreferencesDialog, max_unsent_unit);
  gtk_widget_class_bind_template_child (widget_class, TcPreferencesDialog, max_unsent_spin);
  gtk_widget_class_bind_template_child (widget_class, TcPreferencesDialog, scrollback_label);
  gtk_widget_class_bind_template_child (widget_class, TcPreferencesDialog, scrollback_unit);
  gtk_widget_class_bind_template_child (widget_class, TcPreferencesDialog, scrollback_spin);
  gtk_widget_class_bind_template_child (widget_class, TcPreferencesDialog, max_clients_label);
  gtk_widget_class_bind_template_child (widget_class, TcPreferencesDialog, max_clients_unit);
  gtk_widget_class_bind_template_child (widget_class, TcPreferencesDialog, max_clients_spin);
  gtk_widget_class_bind_template_child (widget_class, TcPreferencesDialog, connect_timeout_label);
  gtk_widget_class_bind_template_child (widget_class, TcPreferencesDialog, connect_timeout_unit);
  gtk_widget_class_bind_template_child (widget_class, TcPreferencesDialog, connect_timeout_spin);
  gtk_widget_class_bind_template_child (widget_class, TcPreferencesDialog, notify_check);
  gtk_widget_class_bind_template_child (widget_class, TcPreferencesDialog, limits_note);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
tc_preferences_dialog_init (TcPreferencesDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * tc_preferences_dialog_new:
 * @parent: (nullable): the window the dialog belongs to
 * @settings: (nullable): the settings to edit; without them the dialog
 *   shows nothing to change
 */
TcPreferencesDialog *
tc_preferences_dialog_new (GtkWindow *parent,
                           GSettings *settings)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  return g_object_new (TC_TYPE_PREFERENCES_DIALOG,
                       "transient-for", parent,
                       "settings", settings,
                       NULL);
}

/* Returns: (transfer none) (nullable): the spin button bound to key */
GtkSpinButton *
tc_preferences_dialog_get_spin (TcPreferencesDialog *self,
                                const char          *key)
{
  g_return_val_if_fail (TC_IS_PREFERENCES_DIALOG (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  for (guint row = 0; row < N_ROWS; row++)
    if (g_str_equal (row_keys[row], key))
      return row_spin (self, row);

  return NULL;
}

GtkCheckButton *
tc_preferences_dialog_get_notify_check (TcPreferencesDialog *self)
{
  g_return_val_if_fail (TC_IS_PREFERENCES_DIALOG (self), NULL);

  return self->notify_check;
}
