/* tc-size-spin.c: a spin button that shows and takes sizes in KiB and MiB
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-size-spin.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tc-error.h"

static const struct
{
  const char *suffix;
  guint64     factor;
} units[] = {
  { "", 1 }, { "b", 1 }, { "byte", 1 }, { "bytes", 1 },
  { "k", 1024 }, { "kib", 1024 }, { "kb", 1024 },
  { "m", 1024 * 1024 }, { "mib", 1024 * 1024 }, { "mb", 1024 * 1024 },
  { "g", 1024 * 1024 * 1024 }, { "gib", 1024 * 1024 * 1024 }, { "gb", 1024 * 1024 * 1024 },
};

/**
 * tc_size_parse:
 *
 * Reads "4 MiB", "512 KiB", "1.5M" or a plain number of bytes. KB and MB
 * are taken as KiB and MiB, as the field shows them.
 */
gboolean
tc_size_parse (const char  *text,
               guint64     *bytes,
               GError     **error)
{
  g_autofree char *copy = NULL;
  g_autofree char *suffix = NULL;
  char *end = NULL;
  double number;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (bytes != NULL, FALSE);

  /* g_format_size() may put a no-break space before the unit. */
  {
    g_auto(GStrv) parts = g_strsplit (text, "\xc2\xa0", -1);

    copy = g_strstrip (g_strjoinv (" ", parts));
  }

  number = g_ascii_strtod (copy, &end);
  /* Not NaN, not negative, not absurd (the fields stop at 4 GiB). */
  if (end == copy || !(number >= 0 && number < 1e15))
    goto fail;
  suffix = g_ascii_strdown (g_strstrip (end), -1);
  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    if (g_str_equal (suffix, units[i].suffix))
      {
        double value = number * (double) units[i].factor + 0.5;

        if (value > (double) G_MAXUINT32)
          value = (double) G_MAXUINT32 + 1;
        *bytes = (guint64) value;
        return TRUE;
      }

fail:
  g_set_error (error, TC_ERROR, TC_ERROR_FAILED,
               _("“%s” is not a size: write, for example, 4 MiB, 512 KiB or 65536"), text);
  return FALSE;
}

/* As the field shows it: "4.0 MiB", with the exact count when the short
 * form would round. */
char *
tc_size_format (guint64 bytes)
{
  g_autofree char *size = g_format_size_full (bytes, G_FORMAT_SIZE_IEC_UNITS);
  guint64 back = 0;

  if (tc_size_parse (size, &back, NULL) && back == bytes)
    return g_steal_pointer (&size);
  return g_format_size_full (bytes, G_FORMAT_SIZE_IEC_UNITS | G_FORMAT_SIZE_LONG_FORMAT);
}

static gboolean
output_cb (GtkSpinButton *spin)
{
  g_autofree char *text = tc_size_format ((guint64) gtk_spin_button_get_value (spin));

  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (spin)), text) != 0)
    gtk_editable_set_text (GTK_EDITABLE (spin), text);
  return TRUE;
}

static void
set_note (GtkSpinButton *spin,
          const char    *note)
{
  GtkLabel *label = g_object_get_data (G_OBJECT (spin), "tc-size-note");

  gtk_label_set_text (label, note != NULL ? note : "");
  gtk_widget_set_visible (GTK_WIDGET (label), note != NULL);
}

/* What was typed; a value out of range is brought into it, and the note
 * says so. */
static int
input_cb (GtkSpinButton *spin,
          double        *new_value)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (spin));
  g_autofree char *shown = tc_size_format ((guint64) gtk_spin_button_get_value (spin));
  g_autoptr(GError) error = NULL;
  g_autofree char *bound = NULL;
  double lower, upper;
  guint64 bytes;

  /* The long form, "97.7 KiB (100000 bytes)", read back as it was. */
  if (g_str_equal (text, shown))
    {
      *new_value = gtk_spin_button_get_value (spin);
      return TRUE;
    }
  if (!tc_size_parse (text, &bytes, &error))
    {
      set_note (spin, error->message);
      return GTK_INPUT_ERROR;
    }

  gtk_spin_button_get_range (spin, &lower, &upper);
  g_object_set_data (G_OBJECT (spin), "tc-size-clamped", NULL);
  if ((double) bytes < lower)
    {
      bound = tc_size_format ((guint64) lower);
      /* TRANSLATORS: %s is a size, as 64.0 KiB */
      g_object_set_data_full (G_OBJECT (spin), "tc-size-clamped",
                              g_strdup_printf (_("Raised to the least allowed, %s."), bound),
                              g_free);
    }
  else if ((double) bytes > upper)
    {
      bound = tc_size_format ((guint64) upper);
      /* TRANSLATORS: %s is a size, as 64.0 MiB */
      g_object_set_data_full (G_OBJECT (spin), "tc-size-clamped",
                              g_strdup_printf (_("Lowered to the most allowed, %s."), bound),
                              g_free);
    }
  set_note (spin, g_object_get_data (G_OBJECT (spin), "tc-size-clamped"));
  *new_value = CLAMP ((double) bytes, lower, upper);
  return TRUE;
}

/* The value the note last spoke of: the spin button says value-changed
 * also when it puts back the old value after text that is no size. */
static gboolean
take_new_value (GtkSpinButton *spin)
{
  double *last = g_object_get_data (G_OBJECT (spin), "tc-size-last");
  double value = gtk_spin_button_get_value (spin);

  if (last == NULL)
    {
      last = g_new (double, 1);
      g_object_set_data_full (G_OBJECT (spin), "tc-size-last", last, g_free);
    }
  else if (*last == value)
    return FALSE;
  *last = value;
  return TRUE;
}

/* A new value holds for connections made from now on. */
static void
value_changed_cb (GtkSpinButton *spin)
{
  const char *clamped = g_object_get_data (G_OBJECT (spin), "tc-size-clamped");
  g_autofree char *note = NULL;

  if (!take_new_value (spin))
    return;

  note = g_strconcat (clamped != NULL ? clamped : "", clamped != NULL ? " " : "",
                      _("Applies to connections made from now on."), NULL);
  set_note (spin, note);
  g_object_set_data (G_OBJECT (spin), "tc-size-clamped", NULL);
}

/**
 * tc_size_spin_setup:
 * @note: where a value brought into range, a size that cannot be read, or
 *   that a change holds for new connections only, is said
 *
 * Call once the spin button has its range and value.
 */
void
tc_size_spin_setup (GtkSpinButton *spin,
                    GtkLabel      *note)
{
  g_return_if_fail (GTK_IS_SPIN_BUTTON (spin));
  g_return_if_fail (GTK_IS_LABEL (note));

  g_object_set_data (G_OBJECT (spin), "tc-size-note", note);
  gtk_spin_button_set_numeric (spin, FALSE);
  /* Text that is no size leaves the value as it was (by default the spin
   * button would take it as 0, raised to the least allowed). */
  gtk_spin_button_set_update_policy (spin, GTK_UPDATE_IF_VALID);
  g_signal_connect (spin, "output", G_CALLBACK (output_cb), NULL);
  g_signal_connect (spin, "input", G_CALLBACK (input_cb), NULL);
  take_new_value (spin);
  g_signal_connect (spin, "value-changed", G_CALLBACK (value_changed_cb), NULL);
  output_cb (spin);
}
