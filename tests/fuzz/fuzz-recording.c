/* fuzz-recording.c: libFuzzer target for the recording reader
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tc-recording.h"
#include "fuzz-target.h"

static void
fail (const char *what)
{
  g_printerr ("recording invariant broken: %s\n", what);
  abort ();
}

/* Any bytes: a recording whose events are whole (a message has its bytes,
 * an event of a connection its number), or an error naming a line. Any
 * text written as a JSON string reads back as itself. */
int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  GError *error = NULL;
  TcRecording *recording = tc_recording_parse ((const char *) data, size, "fuzz.jsonl", &error);

  if (recording == NULL)
    {
      if (error == NULL || !g_str_has_prefix (error->message, "fuzz.jsonl: line "))
        fail ("a failure without an error that names the line");
      g_error_free (error);
    }
  else
    {
      if (error != NULL)
        fail ("a recording and an error");
      for (guint i = 0; i < tc_recording_get_n_records (recording); i++)
        {
          const TcRecord *record = tc_recording_get_record (recording, i);

          if ((record->kind == TC_RECORD_IN || record->kind == TC_RECORD_OUT) &&
              record->bytes == NULL)
            fail ("a message without bytes");
          if (record->kind != TC_RECORD_ERROR && record->conn == 0)
            fail ("a connection's event without its connection");
        }
      tc_recording_free (recording);
    }

  /* The writer's strings, read back by the reader. */
  if (size > 0 && memchr (data, '\0', size) == NULL && g_utf8_validate ((const char *) data,
                                                                        (gssize) size, NULL))
    {
      g_autoptr(GString) line = g_string_new ("{\"format\":\"tcpchat-recording\",\"version\":1}\n"
                                              "{\"t_us\":1,\"kind\":\"error\",\"reason\":");
      g_autofree char *text = g_strndup ((const char *) data, size);

      tc_json_append_string (line, text);
      g_string_append (line, "}\n");
      recording = tc_recording_parse (line->str, line->len, "fuzz.jsonl", NULL);
      if (recording == NULL || tc_recording_get_n_records (recording) != 1 ||
          g_strcmp0 (tc_recording_get_record (recording, 0)->reason, text) != 0)
        fail ("a string written does not read back");
      tc_recording_free (recording);
    }

  return 0;
}
