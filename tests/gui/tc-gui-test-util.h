/* tc-gui-test-util.h: start-up, log, settings and widget helpers for the window tests
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "tc-client.h"
#include "tc-log-model.h"
#include "tc-send-box.h"
#include "tc-server.h"
#include "tc-status-bar.h"

G_BEGIN_DECLS

typedef struct
{
  gint64 last;
  gint64 longest;
  guint  id;
} TcGapProbe;

void        tc_gui_test_init              (int             *argc,
                                           char          ***argv);
gboolean    tc_gui_test_init_gtk          (const char      *no_display_path);
void        tc_gui_test_missing           (const char      *what);

guint       tc_gui_test_log_n_entries     (TcLogModel      *log);
gboolean    tc_gui_test_log_has           (TcLogModel      *log,
                                           TcLogDirection   direction,
                                           const char      *text,
                                           gboolean         contains);

const char *tc_gui_test_status_message    (TcStatusBar     *bar);
gboolean    tc_gui_test_reset_settings    (const char      *schema_id);
GtkWidget  *tc_gui_test_find_widget       (GtkWidget       *widget,
                                           GType            type,
                                           const char      *text);
guint16     tc_gui_test_closed_port       (void);
void        tc_gui_test_save_screenshot   (GtkWidget       *native,
                                           const char      *name);
void        tc_gui_test_wait_frames       (GtkWidget       *widget,
                                           guint            n);
void        tc_gui_test_collect_log_rows  (GtkWidget       *widget,
                                           GPtrArray       *rows);
void        tc_gui_test_gap_probe_start   (TcGapProbe      *probe);
void        tc_gui_test_gap_probe_stop    (TcGapProbe      *probe);

TcServer   *tc_gui_test_server_start      (const char      *address,
                                           guint16          port,
                                           GPtrArray       *lines,
                                           GError         **error);
void        tc_gui_test_server_stop       (TcServer       **server);
gboolean    tc_gui_test_lines_have        (GPtrArray       *lines,
                                           const char      *line);
void        tc_gui_test_record_states     (TcClient        *client,
                                           GArray          *states);
guint       tc_gui_test_count_states      (GArray          *states,
                                           TcSocketState    state);
gboolean    tc_gui_test_activate_accel    (GtkWidget       *widget,
                                           const char      *accel);
void        tc_gui_test_assert_accel      (GtkApplication  *application,
                                           const char      *action,
                                           const char      *accel);
void        tc_gui_test_activate_win_action (GtkWidget     *window,
                                           const char      *action);
gboolean    tc_gui_test_win_action_enabled (GtkWidget      *window,
                                           const char      *action);
gboolean    tc_gui_test_button_sensitive  (GtkWidget       *widget,
                                           const char      *action_name);

gboolean    tc_gui_test_send_box_key      (TcSendBox       *box,
                                           guint            keyval,
                                           GdkModifierType  state);
void        tc_gui_test_send_box_type     (TcSendBox       *box,
                                           const char      *text);
void        tc_gui_test_send_box_enter    (TcSendBox       *box,
                                           const char      *text);
void        tc_gui_test_send_box_paste    (TcSendBox       *box,
                                           const char      *text);
void        tc_gui_test_send_box_assert   (TcSendBox       *box,
                                           const char      *text);

G_END_DECLS
