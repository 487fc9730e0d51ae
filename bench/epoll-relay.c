/* epoll-relay.c: minimal single-threaded epoll relay, the baseline for the benchmarks
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Same protocol and relay semantics as "tcpchat-server --headless --relay":
 * each line a client sends goes to every other client as "[ip:port] text\n".
 * Flow control is the same too: while any client holds more than HIGH_WATER
 * unsent bytes, reading stops (lazily, per readable client) until it drains
 * below LOW_WATER, so nothing is dropped. It is written for speed and
 * nothing else: no logging, no options beyond the address.
 *
 *   bench-epoll-relay [--listen ADDR:PORT]   (port 0 picks a free one)
 *
 * Prints "listening on ADDR:PORT" once, then nothing.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#define READ_CHUNK  (64 * 1024)
#define MAX_LINE    (64 * 1024)
#define HIGH_WATER  (256 * 1024)
#define LOW_WATER   (64 * 1024)
#define MAX_EVENTS  256
#define LABEL_MAX   64

typedef struct
{
  int    fd;
  int    index;          /* in clients[] */
  int    paused;         /* EPOLLIN removed while congested */
  int    want_out;       /* EPOLLOUT registered */
  int    dirty;          /* on the flush list */
  int    congested;
  int    closed;
  size_t label_len;
  char   label[LABEL_MAX];   /* "[ip:port] " */

  char  *part;           /* unfinished line */
  size_t part_len;
  size_t part_alloc;

  char  *out;            /* unsent bytes: out[out_start..out_len) */
  size_t out_start;
  size_t out_len;
  size_t out_alloc;
} Client;

static int epfd;
static Client **clients;
static int n_clients;
static int max_clients_alloc;
static int n_congested;
static Client **dirty;
static int n_dirty;
static Client **paused;
static int n_paused;

static void *
xrealloc (void   *p,
          size_t  size)
{
  void *q = realloc (p, size);

  if (q == NULL)
    {
      fprintf (stderr, "bench-epoll-relay: out of memory\n");
      exit (1);
    }
  return q;
}

static void
update_events (Client *c)
{
  struct epoll_event ev = { 0 };

  ev.events = (c->paused ? 0 : EPOLLIN) | (c->want_out ? EPOLLOUT : 0);
  ev.data.ptr = c;
  epoll_ctl (epfd, EPOLL_CTL_MOD, c->fd, &ev);
}

static void
set_congested (Client *c,
               int     congested)
{
  if (c->congested == congested)
    return;

  c->congested = congested;
  n_congested += congested ? 1 : -1;

  if (n_congested == 0)
    {
      /* Resume everyone that was paused. */
      for (int i = 0; i < n_paused; i++)
        {
          Client *p = paused[i];

          if (p->closed)
            continue;
          p->paused = 0;
          update_events (p);
        }
      n_paused = 0;
    }
}

static void
close_client (Client *c)
{
  Client *last;

  if (c->closed)
    return;

  if (c->congested)
    set_congested (c, 0);

  c->closed = 1;
  epoll_ctl (epfd, EPOLL_CTL_DEL, c->fd, NULL);
  close (c->fd);

  last = clients[n_clients - 1];
  clients[c->index] = last;
  last->index = c->index;
  n_clients--;
  /* Freed at the end of the event batch: the dirty and paused lists may
   * still point at it.
   */
}

static void
queue_out (Client     *c,
           const char *a,
           size_t      a_len,
           const char *b,
           size_t      b_len)
{
  size_t need = a_len + b_len + 1;

  if (c->out_len + need > c->out_alloc)
    {
      if (c->out_start > 0)
        {
          memmove (c->out, c->out + c->out_start, c->out_len - c->out_start);
          c->out_len -= c->out_start;
          c->out_start = 0;
        }
      if (c->out_len + need > c->out_alloc)
        {
          size_t alloc = c->out_alloc ? c->out_alloc * 2 : 16 * 1024;

          while (alloc < c->out_len + need)
            alloc *= 2;
          c->out = xrealloc (c->out, alloc);
          c->out_alloc = alloc;
        }
    }

  memcpy (c->out + c->out_len, a, a_len);
  memcpy (c->out + c->out_len + a_len, b, b_len);
  c->out[c->out_len + a_len + b_len] = '\n';
  c->out_len += need;

  if (!c->dirty)
    {
      c->dirty = 1;
      dirty[n_dirty++] = c;
    }

  if (!c->congested && c->out_len - c->out_start > HIGH_WATER)
    set_congested (c, 1);
}

static void
relay_line (Client     *from,
            const char *text,
            size_t      len)
{
  if (len > 0 && text[len - 1] == '\r')
    len--;

  for (int i = 0; i < n_clients; i++)
    {
      Client *to = clients[i];

      if (to != from)
        queue_out (to, from->label, from->label_len, text, len);
    }
}

static void
flush_client (Client *c)
{
  while (c->out_start < c->out_len)
    {
      ssize_t n = write (c->fd, c->out + c->out_start, c->out_len - c->out_start);

      if (n > 0)
        {
          c->out_start += (size_t) n;
          continue;
        }
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && errno == EAGAIN)
        break;
      close_client (c);
      return;
    }

  if (c->out_start == c->out_len)
    c->out_start = c->out_len = 0;

  if (c->congested && c->out_len - c->out_start <= LOW_WATER)
    set_congested (c, 0);

  if ((c->out_len > 0) != c->want_out)
    {
      c->want_out = c->out_len > 0;
      update_events (c);
    }
}

static void
append_part (Client     *c,
             const char *data,
             size_t      len)
{
  if (c->part_len + len > MAX_LINE)
    len = c->part_len < MAX_LINE ? MAX_LINE - c->part_len : 0;
  if (len == 0)
    return;
  if (c->part_len + len > c->part_alloc)
    {
      size_t alloc = c->part_alloc ? c->part_alloc * 2 : 256;

      while (alloc < c->part_len + len)
        alloc *= 2;
      c->part = xrealloc (c->part, alloc);
      c->part_alloc = alloc;
    }
  memcpy (c->part + c->part_len, data, len);
  c->part_len += len;
}

static void
read_client (Client *c)
{
  static char buf[READ_CHUNK];

  if (n_congested > 0)
    {
      /* Pause this reader until every receiver has drained. */
      c->paused = 1;
      paused[n_paused++] = c;
      update_events (c);
      return;
    }

  for (int round = 0; round < 4 && !c->closed; round++)
    {
      ssize_t n = read (c->fd, buf, sizeof buf);
      const char *p = buf;
      const char *end;

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && errno == EAGAIN)
        return;
      if (n <= 0)
        {
          if (c->part_len > 0)
            relay_line (c, c->part, c->part_len);
          close_client (c);
          return;
        }

      end = buf + n;
      while (p < end)
        {
          const char *nl = memchr (p, '\n', (size_t) (end - p));

          if (nl == NULL)
            {
              append_part (c, p, (size_t) (end - p));
              break;
            }
          if (c->part_len == 0)
            relay_line (c, p, (size_t) (nl - p));
          else
            {
              append_part (c, p, (size_t) (nl - p));
              relay_line (c, c->part, c->part_len);
              c->part_len = 0;
              if (c->part_alloc > 4096)
                {
                  free (c->part);
                  c->part = NULL;
                  c->part_alloc = 0;
                }
            }
          p = nl + 1;
        }

      if ((size_t) n < sizeof buf || n_congested > 0)
        return;
    }
}

static void
accept_clients (int listen_fd)
{
  for (;;)
    {
      struct sockaddr_storage ss;
      socklen_t sl = sizeof ss;
      char host[INET6_ADDRSTRLEN];
      struct epoll_event ev = { 0 };
      int one = 1;
      int port;
      Client *c;
      int fd;

      fd = accept4 (listen_fd, (struct sockaddr *) &ss, &sl, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0)
        {
          if (errno == EINTR || errno == ECONNABORTED)
            continue;
          return;
        }

      setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);

      c = calloc (1, sizeof *c);
      if (c == NULL)
        {
          close (fd);
          return;
        }
      c->fd = fd;

      if (ss.ss_family == AF_INET6)
        {
          struct sockaddr_in6 *a = (struct sockaddr_in6 *) &ss;

          inet_ntop (AF_INET6, &a->sin6_addr, host, sizeof host);
          port = ntohs (a->sin6_port);
          c->label_len = (size_t) snprintf (c->label, sizeof c->label, "[[%s]:%d] ", host, port);
        }
      else
        {
          struct sockaddr_in *a = (struct sockaddr_in *) &ss;

          inet_ntop (AF_INET, &a->sin_addr, host, sizeof host);
          port = ntohs (a->sin_port);
          c->label_len = (size_t) snprintf (c->label, sizeof c->label, "[%s:%d] ", host, port);
        }

      if (n_clients == max_clients_alloc)
        {
          max_clients_alloc = max_clients_alloc ? max_clients_alloc * 2 : 1024;
          clients = xrealloc (clients, sizeof *clients * (size_t) max_clients_alloc);
          dirty = xrealloc (dirty, sizeof *dirty * (size_t) max_clients_alloc);
          paused = xrealloc (paused, sizeof *paused * (size_t) max_clients_alloc);
        }
      c->index = n_clients;
      clients[n_clients++] = c;

      if (n_congested > 0)
        {
          c->paused = 1;
          paused[n_paused++] = c;
        }
      ev.events = c->paused ? 0 : EPOLLIN;
      ev.data.ptr = c;
      epoll_ctl (epfd, EPOLL_CTL_ADD, fd, &ev);
    }
}

static int
open_listener (const char *spec)
{
  char host[256] = "127.0.0.1";
  const char *colon = strrchr (spec, ':');
  struct sockaddr_storage ss = { 0 };
  socklen_t sl;
  int port, fd, one = 1;
  char shown[INET6_ADDRSTRLEN];

  if (colon != NULL)
    {
      size_t hl = (size_t) (colon - spec);

      if (spec[0] == '[' && hl >= 2 && spec[hl - 1] == ']')
        {
          spec++;
          hl -= 2;
        }
      if (hl > 0 && hl < sizeof host)
        {
          memcpy (host, spec, hl);
          host[hl] = '\0';
        }
      port = atoi (colon + 1);
    }
  else
    port = atoi (spec);

  if (strchr (host, ':') != NULL)
    {
      struct sockaddr_in6 *a = (struct sockaddr_in6 *) &ss;

      a->sin6_family = AF_INET6;
      a->sin6_port = htons ((uint16_t) port);
      if (inet_pton (AF_INET6, host, &a->sin6_addr) != 1)
        return -1;
      sl = sizeof *a;
    }
  else
    {
      struct sockaddr_in *a = (struct sockaddr_in *) &ss;

      a->sin_family = AF_INET;
      a->sin_port = htons ((uint16_t) port);
      if (inet_pton (AF_INET, host, &a->sin_addr) != 1)
        return -1;
      sl = sizeof *a;
    }

  fd = socket (ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return -1;
  setsockopt (fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (bind (fd, (struct sockaddr *) &ss, sl) < 0 || listen (fd, 4096) < 0)
    {
      close (fd);
      return -1;
    }

  sl = sizeof ss;
  getsockname (fd, (struct sockaddr *) &ss, &sl);
  if (ss.ss_family == AF_INET6)
    {
      struct sockaddr_in6 *a = (struct sockaddr_in6 *) &ss;

      inet_ntop (AF_INET6, &a->sin6_addr, shown, sizeof shown);
      printf ("listening on [%s]:%d\n", shown, ntohs (a->sin6_port));
    }
  else
    {
      struct sockaddr_in *a = (struct sockaddr_in *) &ss;

      inet_ntop (AF_INET, &a->sin_addr, shown, sizeof shown);
      printf ("listening on %s:%d\n", shown, ntohs (a->sin_port));
    }
  fflush (stdout);

  return fd;
}

int
main (int   argc,
      char *argv[])
{
  const char *spec = "127.0.0.1:0";
  struct epoll_event events[MAX_EVENTS];
  struct epoll_event ev = { 0 };
  struct rlimit rl;
  int listen_fd;

  for (int i = 1; i < argc; i++)
    {
      if ((strcmp (argv[i], "--listen") == 0 || strcmp (argv[i], "-l") == 0) && i + 1 < argc)
        spec = argv[++i];
      else
        {
          fprintf (stderr, "usage: %s [--listen ADDR:PORT]\n", argv[0]);
          return 2;
        }
    }

  signal (SIGPIPE, SIG_IGN);
  if (getrlimit (RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max)
    {
      rl.rlim_cur = rl.rlim_max;
      setrlimit (RLIMIT_NOFILE, &rl);
    }

  epfd = epoll_create1 (EPOLL_CLOEXEC);
  listen_fd = open_listener (spec);
  if (epfd < 0 || listen_fd < 0)
    {
      fprintf (stderr, "bench-epoll-relay: cannot listen on %s: %s\n", spec, strerror (errno));
      return 1;
    }

  ev.events = EPOLLIN;
  ev.data.ptr = NULL;
  epoll_ctl (epfd, EPOLL_CTL_ADD, listen_fd, &ev);

  for (;;)
    {
      Client *to_free[MAX_EVENTS];
      int n_free = 0;
      int n = epoll_wait (epfd, events, MAX_EVENTS, -1);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          return 1;
        }

      for (int i = 0; i < n; i++)
        {
          Client *c = events[i].data.ptr;

          if (c == NULL)
            {
              accept_clients (listen_fd);
              continue;
            }
          if (c->closed)
            continue;
          if (events[i].events & EPOLLOUT)
            flush_client (c);
          if (!c->closed && (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) && !c->paused)
            read_client (c);
          if (c->closed)
            to_free[n_free++] = c;
        }

      /* Lines queued in this batch go out in one write per client. */
      for (int i = 0; i < n_dirty; i++)
        {
          Client *c = dirty[i];

          c->dirty = 0;
          if (!c->closed)
            {
              flush_client (c);
              if (c->closed)
                {
                  /* Freed below: make sure it is listed once. */
                  int listed = 0;

                  for (int j = 0; j < n_free; j++)
                    listed |= to_free[j] == c;
                  if (!listed && n_free < MAX_EVENTS)
                    to_free[n_free++] = c;
                }
            }
        }
      n_dirty = 0;

      for (int i = 0; i < n_free; i++)
        {
          Client *c = to_free[i];

          /* A paused entry may still point at it. */
          for (int j = 0; j < n_paused; j++)
            if (paused[j] == c)
              paused[j--] = paused[--n_paused];
          free (c->out);
          free (c->part);
          free (c);
        }
    }
}
