/* tcpchat-pcap.c: a recording of tcpchat-server or tcpchat-client turned into a pcap capture
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "tc-i18n.h"
#include "tc-pcap.h"

/* Exit status: 0 written, 1 the recording or the capture could not be
 * read or written, 2 bad arguments. */
int
main (int   argc,
      char *argv[])
{
  g_autoptr(TcRecording) recording = NULL;
  g_autoptr(GError) error = NULL;

  tc_i18n_init ();

  if (argc == 2 && (strcmp (argv[1], "--version") == 0 || strcmp (argv[1], "-V") == 0))
    {
      g_print ("tcpchat-pcap %s\n", PACKAGE_VERSION);
      return 0;
    }
  if (argc != 3 || argv[1][0] == '-')
    {
      g_printerr (_("Usage: tcpchat-pcap RECORDING.jsonl OUTPUT.pcap\n"
                    "Writes a recording made with --record as a pcap capture for Wireshark "
                    "and tcpdump.\n"));
      return argc == 2 && strcmp (argv[1], "--help") == 0 ? 0 : 2;
    }

  recording = tc_recording_load (argv[1], &error);
  if (recording == NULL || !tc_pcap_export (recording, argv[2], &error))
    {
      g_printerr ("tcpchat-pcap: %s\n", error->message);
      return 1;
    }

  return 0;
}
