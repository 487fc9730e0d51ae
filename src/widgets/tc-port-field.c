/* tc-port-field.c: a port spin button that says what is wrong instead of clamping
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-port-field.h"

#include "tc-address.h"
#include "tc-error.h"

#define FIELD_KEY "tc-port-field"

/* A GtkSpinButton clamps what is typed into its range when it reads it
 * (99999 becomes 65535, 0 becomes 1) and says nothing. A port field reads
 * the text with tc_port_parse() instead: a bad port leaves the value as it
 * was, keeps the text as typed, marks the field with the "error" style and
 * its message as tooltip, and tc_port_field_get() fails with that message.
 */
typedef struct
{
  gboolean  allow_zero;
  char     *error;          /* the message while the text is not a port */
  double    value;          /* the value kept while in error */
  char     *tooltip;        /* the field's own tooltip */
} PortField;

static void
port_field_free (gpointer data)
{
  PortField *field = data;

  g_free (field->error);
  g_free (field->tooltip);
  g_free (field);
}

static PortField *
get_field (GtkSpinButton *spin)
{
  PortField *field = g_object_get_data (G_OBJECT (spin), FIELD_KEY);

  g_assert (field != NULL);
  return field;
}

static void
set_error (GtkSpinButton *spin,
           PortField     *field,
           const char    *message)
{
  GtkWidget *widget = GTK_WIDGET (spin);

  if (g_strcmp0 (field->error, message) == 0)
    return;

  g_free (field->error);
  field->error = g_strdup (message);
  field->value = gtk_spin_button_get_value (spin);

  if (message != NULL)
    {
      gtk_widget_add_css_class (widget, "error");
      gtk_widget_set_tooltip_text (widget, message);
      gtk_accessible_update_state (GTK_ACCESSIBLE (spin),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                   -1);
    }
  else
    {
      gtk_widget_remove_css_class (widget, "error");
      gtk_widget_set_tooltip_text (widget, field->tooltip);
      gtk_accessible_reset_state (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_STATE_INVALID);
    }
}

static int
input_cb (GtkSpinButton *spin,
          double        *new_value,
          PortField     *field)
{
  g_autoptr(GError) error = NULL;
  guint16 port = 0;

  if (!tc_port_parse (gtk_editable_get_text (GTK_EDITABLE (spin)), field->allow_zero,
                      &port, &error))
    {
      set_error (spin, field, error->message);
      *new_value = field->value;
      return TRUE;
    }

  set_error (spin, field, NULL);
  *new_value = port;
  return TRUE;
}

static gboolean
output_cb (GtkSpinButton *spin,
           PortField     *field)
{
  if (field->error == NULL)
    return FALSE;

  /* Set from elsewhere (the program, the arrows): the typed text goes. */
  if (gtk_spin_button_get_value (spin) != field->value)
    {
      set_error (spin, field, NULL);
      return FALSE;
    }

  /* The typed text stays, so that the error can be seen and corrected. */
  return TRUE;
}

static void
changed_cb (GtkEditable *editable,
            PortField   *field)
{
  /* Typing again clears the mark; the next read checks the new text. */
  if (field->error != NULL)
    set_error (GTK_SPIN_BUTTON (editable), field, NULL);
}

/**
 * tc_port_field_setup:
 * @spin: a spin button for a port
 * @allow_zero: whether 0 (any free port, for a server) is a port here
 */
void
tc_port_field_setup (GtkSpinButton *spin,
                     gboolean       allow_zero)
{
  PortField *field;

  g_return_if_fail (GTK_IS_SPIN_BUTTON (spin));
  g_return_if_fail (g_object_get_data (G_OBJECT (spin), FIELD_KEY) == NULL);

  field = g_new0 (PortField, 1);
  field->allow_zero = allow_zero;
  field->tooltip = g_strdup (gtk_widget_get_tooltip_text (GTK_WIDGET (spin)));
  g_object_set_data_full (G_OBJECT (spin), FIELD_KEY, field, port_field_free);

  g_signal_connect (spin, "input", G_CALLBACK (input_cb), field);
  g_signal_connect (spin, "output", G_CALLBACK (output_cb), field);
  g_signal_connect_after (spin, "changed", G_CALLBACK (changed_cb), field);
}

/**
 * tc_port_field_get:
 * @spin: a spin button set up with tc_port_field_setup()
 * @port: (out): the port typed
 * @error: why the text is not a port ("Port 99999 is out of range: …")
 *
 * Reads the field as Enter or leaving it does.
 */
gboolean
tc_port_field_get (GtkSpinButton  *spin,
                   guint16        *port,
                   GError        **error)
{
  PortField *field;

  g_return_val_if_fail (GTK_IS_SPIN_BUTTON (spin), FALSE);

  field = get_field (spin);
  gtk_spin_button_update (spin);
  if (field->error != NULL)
    {
      g_set_error_literal (error, TC_ERROR, TC_ERROR_INVALID_PORT, field->error);
      return FALSE;
    }

  if (port != NULL)
    *port = (guint16) gtk_spin_button_get_value_as_int (spin);
  return TRUE;
}

/* Puts a port in the field, as the program does (settings, --listen):
 * whatever was typed before goes, and so does its mark. */
void
tc_port_field_set (GtkSpinButton *spin,
                   guint16        port)
{
  g_autofree char *text = g_strdup_printf ("%u", port);

  g_return_if_fail (GTK_IS_SPIN_BUTTON (spin));

  set_error (spin, get_field (spin), NULL);
  gtk_spin_button_set_value (spin, port);
  /* The same value as before is not shown again by itself. */
  gtk_editable_set_text (GTK_EDITABLE (spin), text);
}

/* The message the field shows, or NULL when it holds a port. */
const char *
tc_port_field_get_error (GtkSpinButton *spin)
{
  g_return_val_if_fail (GTK_IS_SPIN_BUTTON (spin), NULL);

  return get_field (spin)->error;
}
