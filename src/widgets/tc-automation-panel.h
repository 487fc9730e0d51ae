/* tc-automation-panel.h: what the panels beside the send box share: a file asked for, what was said
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "tc-status-bar.h"

G_BEGIN_DECLS

/* The base of the panels that automate a session (send a file, record and
 * replay, auto-reply rules, periodic send): each says what happened in the
 * log and the status bar of the session pane it sits in, keeps the last
 * thing it said, and asks for files with one dialog at a time.
 */
#define TC_TYPE_AUTOMATION_PANEL (tc_automation_panel_get_type ())

G_DECLARE_DERIVABLE_TYPE (TcAutomationPanel, tc_automation_panel, TC, AUTOMATION_PANEL, GtkWidget)

struct _TcAutomationPanelClass
{
  GtkWidgetClass parent_class;

  /* Before a file dialog opens: FALSE keeps it closed. */
  gboolean (*begin_choosing) (TcAutomationPanel *self);
};

/* Given a local path, chosen in a dialog or passed to a "-path" action. */
typedef void (*TcAutomationPanelPathFunc) (TcAutomationPanel *self,
                                           const char        *path,
                                           gpointer           user_data);

/* A window action that asks for a file, and its twin NAME-path(s) that
 * takes the path at once (for tests, drops and scripts). */
typedef struct
{
  const char                *name;
  TcAutomationPanelPathFunc  func;
  gboolean                   save;
  const char                *title;          /* N_() */
  const char                *initial_name;   /* for a file to save */
  const char                *not_local;      /* N_(), nullable: said when the file is not local */
} TcAutomationPanelFileEntry;

void        tc_automation_panel_report           (TcAutomationPanel                *self,
                                                  TcStatusKind                      kind,
                                                  const char                       *peer,
                                                  const char                       *text);
void        tc_automation_panel_set_status       (TcAutomationPanel                *self,
                                                  const char                       *text);
const char *tc_automation_panel_get_status       (TcAutomationPanel                *self);
GtkWindow  *tc_automation_panel_get_window       (TcAutomationPanel                *self);
void        tc_automation_panel_choose_file      (TcAutomationPanel                *self,
                                                  gboolean                          save,
                                                  const char                       *title,
                                                  const char                       *initial_name,
                                                  const char                       *not_local,
                                                  TcAutomationPanelPathFunc         func,
                                                  gpointer                          user_data,
                                                  GDestroyNotify                    destroy);
void        tc_automation_panel_add_file_actions (TcAutomationPanel                *self,
                                                  GActionMap                       *map,
                                                  const TcAutomationPanelFileEntry *entries,
                                                  guint                             n_entries);

G_END_DECLS
