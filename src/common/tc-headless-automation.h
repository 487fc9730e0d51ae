/* tc-headless-automation.h: --rules, --record, --replay, --message --every and --send-file
 * for both headless modes
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "tc-file-sender.h"
#include "tc-headless.h"
#include "tc-periodic.h"
#include "tc-recording.h"
#include "tc-replay.h"
#include "tc-rules.h"
#include "tc-saved-messages.h"
#include "tc-session.h"

G_BEGIN_DECLS

/* Says one thing that happened: the server writes a record to stdout, the
 * client a line on stderr. */
typedef void (*TcHeadlessSayFunc) (const char *peer,
                                   const char *text,
                                   gpointer    user_data);

typedef struct
{
  /* The options, as parsed. */
  char              *rules_path;
  char              *record_path;
  char              *replay_path;
  char              *speed_text;
  char              *expect_timeout_text;
  char              *message;
  char              *every_text;
  char              *count_text;
  char              *send_file_path;
  char              *messages_path;
  gboolean           expect;
  gboolean           lines;
  char              *line_delay_text;

  /* What they made. */
  TcHeadless        *run;
  TcSession         *session;
  TcHeadlessSayFunc  say;
  gpointer           say_data;
  TcRules           *rules;
  TcRecorder        *recorder;
  TcReplay          *replay;
  TcPeriodic        *periodic;
  TcFileSender      *file_sender;
  TcSavedMessage    *saved;
  double             speed;
  guint64            every_ms;
  guint64            count;
  guint64            expect_timeout_ms;
  guint64            line_delay_ms;
  gboolean           verdict_given;
} TcHeadlessAutomation;

/* The options' entries, inside a GOptionEntry array. */
#define TC_HEADLESS_AUTOMATION_ENTRIES(a) \
  { "rules", 0, 0, G_OPTION_ARG_FILENAME, &(a)->rules_path, \
    N_("Answer the peers' messages by the auto-reply rules of FILE"), N_("FILE") }, \
  { "record", 0, 0, G_OPTION_ARG_FILENAME, &(a)->record_path, \
    N_("Record every event to FILE, as JSON Lines"), N_("FILE") }, \
  { "replay", 0, 0, G_OPTION_ARG_FILENAME, &(a)->replay_path, \
    N_("Play the recording FILE as the peer it recorded"), N_("FILE") }, \
  { "speed", 0, 0, G_OPTION_ARG_STRING, &(a)->speed_text, \
    N_("Replay the recorded timing this many times faster (default 1; 0: no waiting)"), \
    N_("FACTOR") }, \
  { "expect", 0, 0, G_OPTION_ARG_NONE, &(a)->expect, \
    N_("With --replay: check that the peer sends what was recorded; exit 1 on a difference"), \
    NULL }, \
  { "expect-timeout", 0, 0, G_OPTION_ARG_STRING, &(a)->expect_timeout_text, \
    N_("With --expect: how long to wait for each expected message (default 5000)"), \
    N_("MS") }, \
  { "message", 0, 0, G_OPTION_ARG_STRING, &(a)->message, \
    N_("The message to send with --every; with --messages, the name of one to send"), \
    N_("TEXT") }, \
  { "messages", 0, 0, G_OPTION_ARG_FILENAME, &(a)->messages_path, \
    N_("Read saved messages from FILE, for --message NAME"), N_("FILE") }, \
  { "every", 0, 0, G_OPTION_ARG_STRING, &(a)->every_text, \
    N_("Send --message every MS milliseconds"), N_("MS") }, \
  { "count", 0, 0, G_OPTION_ARG_STRING, &(a)->count_text, \
    N_("With --every: stop after N messages (default: until stopped)"), N_("N") }, \
  { "send-file", 0, 0, G_OPTION_ARG_FILENAME, &(a)->send_file_path, \
    N_("Send FILE as raw bytes to the peer, then close the sending side"), N_("FILE") }, \
  { "lines", 0, 0, G_OPTION_ARG_NONE, &(a)->lines, \
    N_("With --send-file: send the file line by line, each line a message"), NULL }, \
  { "line-delay", 0, 0, G_OPTION_ARG_STRING, &(a)->line_delay_text, \
    N_("With --lines: wait MS milliseconds from one line to the next"), N_("MS") }

gboolean tc_headless_automation_check      (TcHeadlessAutomation *self,
                                            TcHeadless           *run);
gboolean tc_headless_automation_owns_input (TcHeadlessAutomation *self);
void     tc_headless_automation_start      (TcHeadlessAutomation *self,
                                            TcSession            *session,
                                            TcHeadlessSayFunc     say,
                                            gpointer              say_data);
void     tc_headless_automation_stop       (TcHeadlessAutomation *self);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TcHeadlessAutomation, tc_headless_automation_stop)

G_END_DECLS
