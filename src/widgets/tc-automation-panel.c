/* tc-automation-panel.c: what the panels beside the send box share: a file asked for, what was said
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-automation-panel.h"

#include "tc-file-dialog.h"
#include "tc-session-pane.h"

#include <glib/gi18n-lib.h>

typedef struct
{
  GCancellable *choose_cancellable;
  char         *status;
} TcAutomationPanelPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (TcAutomationPanel, tc_automation_panel, GTK_TYPE_WIDGET)

/* A file asked for: who gets its path, and what to say if it has none. */
typedef struct
{
  TcAutomationPanel         *self;
  TcAutomationPanelPathFunc  func;
  gpointer                   user_data;
  GDestroyNotify             destroy;
  char                      *not_local;
  gboolean                   save;
} Choice;

static void
choice_free (Choice *choice)
{
  g_object_unref (choice->self);
  if (choice->destroy != NULL)
    choice->destroy (choice->user_data);
  g_free (choice->not_local);
  g_free (choice);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Choice, choice_free)

/* A file entry bound to its panel, for the two actions made from it. */
typedef struct
{
  TcAutomationPanel                *self;
  const TcAutomationPanelFileEntry *entry;
} Binding;

static void
tc_automation_panel_dispose (GObject *object)
{
  TcAutomationPanelPrivate *priv =
    tc_automation_panel_get_instance_private (TC_AUTOMATION_PANEL (object));

  g_cancellable_cancel (priv->choose_cancellable);
  g_clear_object (&priv->choose_cancellable);

  G_OBJECT_CLASS (tc_automation_panel_parent_class)->dispose (object);
}

static void
tc_automation_panel_finalize (GObject *object)
{
  TcAutomationPanelPrivate *priv =
    tc_automation_panel_get_instance_private (TC_AUTOMATION_PANEL (object));

  g_free (priv->status);

  G_OBJECT_CLASS (tc_automation_panel_parent_class)->finalize (object);
}

static void
tc_automation_panel_class_init (TcAutomationPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tc_automation_panel_dispose;
  object_class->finalize = tc_automation_panel_finalize;
}

static void
tc_automation_panel_init (TcAutomationPanel *self)
{
}

/* Keeps @text as the status without saying it. */
void
tc_automation_panel_set_status (TcAutomationPanel *self,
                                const char        *text)
{
  TcAutomationPanelPrivate *priv;

  g_return_if_fail (TC_IS_AUTOMATION_PANEL (self));

  priv = tc_automation_panel_get_instance_private (self);
  g_free (priv->status);
  priv->status = g_strdup (text);
}

/**
 * tc_automation_panel_report:
 * @peer: (nullable): who it is about
 *
 * Says @text in the log and status bar of the session pane the panel sits
 * in, and keeps it as the status.
 */
void
tc_automation_panel_report (TcAutomationPanel *self,
                            TcStatusKind       kind,
                            const char        *peer,
                            const char        *text)
{
  GtkWidget *pane;

  g_return_if_fail (TC_IS_AUTOMATION_PANEL (self));

  tc_automation_panel_set_status (self, text);
  pane = gtk_widget_get_ancestor (GTK_WIDGET (self), TC_TYPE_SESSION_PANE);
  if (pane != NULL)
    tc_session_pane_report (TC_SESSION_PANE (pane), kind, peer, text, NULL);
}

/* Returns: (nullable): the last thing said or kept */
const char *
tc_automation_panel_get_status (TcAutomationPanel *self)
{
  TcAutomationPanelPrivate *priv;

  g_return_val_if_fail (TC_IS_AUTOMATION_PANEL (self), NULL);

  priv = tc_automation_panel_get_instance_private (self);
  return priv->status;
}

/* Returns: (nullable) (transfer none): the window the panel is in */
GtkWindow *
tc_automation_panel_get_window (TcAutomationPanel *self)
{
  GtkRoot *root;

  g_return_val_if_fail (TC_IS_AUTOMATION_PANEL (self), NULL);

  root = gtk_widget_get_root (GTK_WIDGET (self));
  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
file_chosen_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(Choice) choice = user_data;
  g_autoptr(GFile) file = choice->save ? tc_file_dialog_save_finish (result, NULL, NULL)
                                       : tc_file_dialog_open_finish (result, NULL);
  g_autofree char *path = NULL;

  if (file == NULL)
    return;
  path = g_file_get_path (file);
  if (path != NULL)
    choice->func (choice->self, path, choice->user_data);
  else if (choice->not_local != NULL)
    tc_automation_panel_report (choice->self, TC_STATUS_ERROR, NULL, choice->not_local);
}

/**
 * tc_automation_panel_choose_file:
 * @title: the dialog's, translated
 * @initial_name: (nullable): for a file to save
 * @not_local: (nullable): said when the file chosen has no local path;
 *   %NULL: nothing is said
 * @func: given the path of the file chosen; not called when none is
 * @destroy: (nullable): frees @user_data once the dialog is answered
 *
 * Asks for a file, after the one asked for before is given up.
 */
void
tc_automation_panel_choose_file (TcAutomationPanel         *self,
                                 gboolean                   save,
                                 const char                *title,
                                 const char                *initial_name,
                                 const char                *not_local,
                                 TcAutomationPanelPathFunc  func,
                                 gpointer                   user_data,
                                 GDestroyNotify             destroy)
{
  TcAutomationPanelClass *klass;
  TcAutomationPanelPrivate *priv;
  Choice *choice;

  g_return_if_fail (TC_IS_AUTOMATION_PANEL (self));
  g_return_if_fail (func != NULL);

  klass = TC_AUTOMATION_PANEL_GET_CLASS (self);
  if (klass->begin_choosing != NULL && !klass->begin_choosing (self))
    {
      if (destroy != NULL)
        destroy (user_data);
      return;
    }

  priv = tc_automation_panel_get_instance_private (self);
  g_cancellable_cancel (priv->choose_cancellable);
  g_clear_object (&priv->choose_cancellable);
  priv->choose_cancellable = g_cancellable_new ();

  choice = g_new0 (Choice, 1);
  choice->self = g_object_ref (self);
  choice->func = func;
  choice->user_data = user_data;
  choice->destroy = destroy;
  choice->not_local = g_strdup (not_local);
  choice->save = save;
  if (save)
    tc_file_dialog_save (tc_automation_panel_get_window (self), title, initial_name, NULL, NULL,
                         priv->choose_cancellable, file_chosen_cb, choice);
  else
    tc_file_dialog_open (tc_automation_panel_get_window (self), title, NULL,
                         priv->choose_cancellable, file_chosen_cb, choice);
}

static void
choose_activate_cb (GSimpleAction *action,
                    GVariant      *parameter,
                    Binding       *binding)
{
  const TcAutomationPanelFileEntry *entry = binding->entry;

  tc_automation_panel_choose_file (binding->self, entry->save, _(entry->title),
                                   entry->initial_name,
                                   entry->not_local != NULL ? _(entry->not_local) : NULL,
                                   entry->func, NULL, NULL);
}

static void
path_activate_cb (GSimpleAction *action,
                  GVariant      *parameter,
                  Binding       *binding)
{
  binding->entry->func (binding->self, g_variant_get_string (parameter, NULL), NULL);
}

static void
binding_free (gpointer data,
              GClosure *closure)
{
  g_free (data);
}

static void
add_action (GActionMap                       *map,
            const char                       *name,
            const GVariantType               *parameter_type,
            GCallback                         activate,
            TcAutomationPanel                *self,
            const TcAutomationPanelFileEntry *entry)
{
  g_autoptr(GSimpleAction) action = g_simple_action_new (name, parameter_type);
  Binding *binding = g_new (Binding, 1);

  binding->self = self;
  binding->entry = entry;
  g_signal_connect_data (action, "activate", activate, binding, binding_free, 0);
  g_action_map_add_action (map, G_ACTION (action));
}

/**
 * tc_automation_panel_add_file_actions:
 * @map: the window's
 * @entries: (array length=n_entries): kept, not copied: static
 *
 * Puts into @map, for each entry, NAME that asks for a file and
 * NAME-path(s) that takes its path.
 */
void
tc_automation_panel_add_file_actions (TcAutomationPanel                *self,
                                      GActionMap                       *map,
                                      const TcAutomationPanelFileEntry *entries,
                                      guint                             n_entries)
{
  g_return_if_fail (TC_IS_AUTOMATION_PANEL (self));
  g_return_if_fail (G_IS_ACTION_MAP (map));

  for (guint i = 0; i < n_entries; i++)
    {
      g_autofree char *path_name = g_strconcat (entries[i].name, "-path", NULL);

      add_action (map, entries[i].name, NULL, G_CALLBACK (choose_activate_cb), self,
                  &entries[i]);
      add_action (map, path_name, G_VARIANT_TYPE_STRING, G_CALLBACK (path_activate_cb), self,
                  &entries[i]);
    }
}
