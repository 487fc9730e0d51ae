/* load.c: load generator for relay servers: throughput, latency and idle-client scale
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Talks to any server that relays each client's line to every other client
 * as "[ip:port] text\n" (tcpchat-server --headless --relay, bench-epoll-relay).
 * Single-threaded plain epoll, so that it costs as little CPU as possible.
 *
 *   bench-load --mode relay   --connect H:P [--senders 5] [--receivers 50] [--duration 2]
 *   bench-load --mode latency --connect H:P [--senders 5] [--receivers 50] [--rate 1000]
 *              [--never-readers N] [--never-reader-every S]
 *   bench-load --mode scale   --connect H:P --pid SERVER_PID [--clients 10000] [--deadline 10]
 *   bench-load --mode free-port --connect 127.0.0.1:0    prints a free port
 *
 * With --pid, the traffic modes also report the server's CPU use.
 *
 * --never-readers N joins N members that never read (small receive
 * buffers) once the traffic starts, and --never-reader-every S one more
 * every S seconds: what they do to everyone else's delay is the measure.
 * They are not checked; every other connection is.
 *
 * Each sent line is exactly LINE_SIZE bytes with its newline:
 *
 *   "D" sender(3) " " seq(10) " " CLOCK_MONOTONIC ns(20) " " padding "\n"
 *
 * Every connection (senders too: they get the other senders' lines) checks
 * that each sender's lines arrive complete and in order. The result is one
 * line of "key=value" pairs on stdout; the exit status is 0 only when every
 * line arrived in order.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#define LINE_SIZE     100
#define OFF_SENDER    1
#define OFF_SEQ       5
#define OFF_TIME      16
#define MAX_SENDERS   999
#define SEND_CHUNK    (64 * 1024)
#define READ_CHUNK    (256 * 1024)
#define MAX_EVENTS    256
/* Lines a flooding sender may be ahead of its slowest receiver: enough to
 * keep any server busy, small enough that the end-of-run check that every
 * line arrived takes a moment, not the time to drain megabytes of socket
 * buffers.
 */
#define WINDOW        8192

typedef struct
{
  int       fd;
  int       sender;       /* sender number, or -1 for a pure receiver */
  int       want_out;
  /* Receiving */
  char     *part;         /* unfinished line */
  size_t    part_len;
  uint64_t *expect;       /* next sequence number, per sender */
  int      *hello;        /* saw the hello of each sender */
  int       n_hello;
  /* Sending */
  char     *out;
  size_t    out_start;
  size_t    out_len;
  uint64_t  seq;          /* next sequence number to generate */
} Conn;

static struct
{
  const char *mode;
  const char *connect;
  int         senders;
  int         receivers;
  double      duration;
  double      warmup;
  double      rate;       /* lines/s per sender, 0 = as fast as possible */
  int         clients;
  long        pid;
  double      deadline;   /* for all clients to be accepted, s */
  int         never_readers;
  double      never_reader_every;  /* s, 0 = none after the first ones */
} opt = { "relay", NULL, 1, 10, 2.0, 0.5, 0, 10000, 0, 10.0, 0, 0 };

static int epfd;
static Conn *conns;
static int n_conns;
static struct sockaddr_storage server_addr;
static socklen_t server_addr_len;

/* Counters */
static int measuring;
static uint64_t lines_in;          /* data lines received while measuring */
static uint64_t bytes_in;          /* bytes received while measuring */
static uint64_t order_errors;
static uint64_t bad_lines;
static uint32_t *lat;              /* latency samples, ns */
static size_t n_lat, lat_alloc;

static uint64_t
now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (uint64_t) ts.tv_sec * 1000000000u + (uint64_t) ts.tv_nsec;
}

static void
die (const char *what)
{
  fprintf (stderr, "bench-load: %s: %s\n", what, strerror (errno));
  exit (3);
}

static void *
xcalloc (size_t n,
         size_t size)
{
  void *p = calloc (n, size);

  if (p == NULL)
    die ("out of memory");
  return p;
}

static void
parse_connect (const char *spec)
{
  char host[256];
  const char *colon = strrchr (spec, ':');
  struct addrinfo hints = { 0 }, *res = NULL;
  size_t hl;

  if (colon == NULL)
    {
      fprintf (stderr, "bench-load: --connect wants HOST:PORT\n");
      exit (2);
    }
  hl = (size_t) (colon - spec);
  if (spec[0] == '[' && hl >= 2 && spec[hl - 1] == ']')
    {
      spec++;
      hl -= 2;
    }
  if (hl >= sizeof host)
    hl = sizeof host - 1;
  memcpy (host, spec, hl);
  host[hl] = '\0';

  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
  if (getaddrinfo (host, colon + 1, &hints, &res) != 0 || res == NULL)
    {
      fprintf (stderr, "bench-load: cannot parse address %s\n", spec);
      exit (2);
    }
  memcpy (&server_addr, res->ai_addr, res->ai_addrlen);
  server_addr_len = res->ai_addrlen;
  freeaddrinfo (res);
}

static int
open_socket (int blocking_connect)
{
  int fd = socket (server_addr.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int one = 1;

  if (fd < 0)
    die ("socket");
  setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);

  if (blocking_connect)
    {
      if (connect (fd, (struct sockaddr *) &server_addr, server_addr_len) < 0)
        die ("connect");
      fcntl (fd, F_SETFL, fcntl (fd, F_GETFL) | O_NONBLOCK);
    }
  else
    {
      fcntl (fd, F_SETFL, fcntl (fd, F_GETFL) | O_NONBLOCK);
      if (connect (fd, (struct sockaddr *) &server_addr, server_addr_len) < 0 &&
          errno != EINPROGRESS)
        die ("connect");
    }

  return fd;
}

static void
set_events (Conn *c,
            int   want_out)
{
  struct epoll_event ev = { 0 };

  if (c->want_out == want_out)
    return;
  c->want_out = want_out;
  ev.events = EPOLLIN | (want_out ? EPOLLOUT : 0);
  ev.data.ptr = c;
  epoll_ctl (epfd, EPOLL_CTL_MOD, c->fd, &ev);
}

static void
put_digits (char     *p,
            int       width,
            uint64_t  value)
{
  for (int i = width - 1; i >= 0; i--)
    {
      p[i] = (char) ('0' + value % 10);
      value /= 10;
    }
}

static uint64_t
get_digits (const char *p,
            int         width,
            int        *ok)
{
  uint64_t value = 0;

  for (int i = 0; i < width; i++)
    {
      unsigned d = (unsigned char) p[i] - '0';

      if (d > 9)
        *ok = 0;
      value = value * 10 + d;
    }
  return value;
}

/* Appends n data lines to the sender's output buffer. */
static void
generate (Conn     *c,
          int       n,
          uint64_t  stamp)
{
  size_t need = (size_t) n * LINE_SIZE;

  if (c->out_start > 0 && c->out_len + need > SEND_CHUNK * 2)
    {
      memmove (c->out, c->out + c->out_start, c->out_len - c->out_start);
      c->out_len -= c->out_start;
      c->out_start = 0;
    }
  if (c->out_len + need > SEND_CHUNK * 2)
    n = (int) ((SEND_CHUNK * 2 - c->out_len) / LINE_SIZE);

  for (int i = 0; i < n; i++)
    {
      char *l = c->out + c->out_len;

      memset (l, 'x', LINE_SIZE - 1);
      l[0] = 'D';
      put_digits (l + OFF_SENDER, 3, (uint64_t) c->sender);
      l[4] = ' ';
      put_digits (l + OFF_SEQ, 10, c->seq++);
      l[15] = ' ';
      put_digits (l + OFF_TIME, 20, stamp);
      l[36] = ' ';
      l[LINE_SIZE - 1] = '\n';
      c->out_len += LINE_SIZE;
    }
}

static void
send_raw (Conn       *c,
          const char *data,
          size_t      len)
{
  if (c->out_len + len > SEND_CHUNK * 2)
    return;
  memcpy (c->out + c->out_len, data, len);
  c->out_len += len;
}

static int
flush_out (Conn *c)
{
  while (c->out_start < c->out_len)
    {
      ssize_t n = write (c->fd, c->out + c->out_start, c->out_len - c->out_start);

      if (n > 0)
        c->out_start += (size_t) n;
      else if (n < 0 && errno == EINTR)
        continue;
      else if (n < 0 && errno == EAGAIN)
        break;
      else
        {
          fprintf (stderr, "bench-load: write: %s\n", n < 0 ? strerror (errno) : "closed");
          exit (3);
        }
    }
  if (c->out_start == c->out_len)
    c->out_start = c->out_len = 0;
  set_events (c, c->out_len > 0);

  return c->out_len == 0;
}

static void
record_latency (uint64_t ns)
{
  if (n_lat == lat_alloc)
    {
      lat_alloc = lat_alloc ? lat_alloc * 2 : 1 << 20;
      lat = realloc (lat, lat_alloc * sizeof *lat);
      if (lat == NULL)
        die ("out of memory");
    }
  lat[n_lat++] = ns > UINT32_MAX ? UINT32_MAX : (uint32_t) ns;
}

static void
handle_line (Conn       *c,
             const char *l,
             size_t      len,
             uint64_t    now)
{
  const char *payload = memchr (l, ']', len);
  size_t plen;
  int ok = 1;

  if (payload == NULL || payload + 2 > l + len)
    {
      bad_lines++;
      return;
    }
  payload += 2;
  plen = (size_t) (l + len - payload);

  if (plen >= 4 && payload[0] == 'H')
    {
      int s = (int) get_digits (payload + 1, 3, &ok);

      if (ok && s < opt.senders && !c->hello[s])
        {
          c->hello[s] = 1;
          c->n_hello++;
        }
      return;
    }

  if (plen != LINE_SIZE - 1 || payload[0] != 'D')
    {
      bad_lines++;
      return;
    }

  {
    int s = (int) get_digits (payload + OFF_SENDER, 3, &ok);
    uint64_t seq = get_digits (payload + OFF_SEQ, 10, &ok);
    uint64_t stamp = get_digits (payload + OFF_TIME, 20, &ok);

    if (!ok || s >= opt.senders || s == c->sender)
      {
        bad_lines++;
        return;
      }
    if (seq != c->expect[s])
      order_errors++;
    c->expect[s] = seq + 1;

    if (measuring)
      {
        lines_in++;
        if (opt.rate > 0)
          record_latency (now - stamp);
      }
  }
}

static void
read_conn (Conn *c)
{
  static char buf[READ_CHUNK];

  for (int round = 0; round < 4; round++)
    {
      ssize_t n = read (c->fd, buf, sizeof buf);
      const char *p = buf, *end;
      uint64_t now;

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && errno == EAGAIN)
        return;
      if (n <= 0)
        {
          fprintf (stderr, "bench-load: the server closed a connection (%s)\n",
                   n < 0 ? strerror (errno) : "end of stream");
          exit (3);
        }

      now = now_ns ();
      if (measuring)
        bytes_in += (uint64_t) n;
      end = buf + n;

      while (p < end)
        {
          const char *nl = memchr (p, '\n', (size_t) (end - p));

          if (nl == NULL)
            {
              size_t rest = (size_t) (end - p);

              if (c->part_len + rest > 4096)
                {
                  bad_lines++;
                  c->part_len = 0;
                }
              else
                {
                  memcpy (c->part + c->part_len, p, rest);
                  c->part_len += rest;
                }
              break;
            }
          if (c->part_len == 0)
            handle_line (c, p, (size_t) (nl - p), now);
          else
            {
              size_t take = (size_t) (nl - p);

              if (c->part_len + take <= 4096)
                {
                  memcpy (c->part + c->part_len, p, take);
                  handle_line (c, c->part, c->part_len + take, now);
                }
              else
                bad_lines++;
              c->part_len = 0;
            }
          p = nl + 1;
        }

      if ((size_t) n < sizeof buf)
        return;
    }
}

/* Runs the event loop until deadline (monotonic ns), or until done() holds. */
static void
pump (uint64_t   deadline,
      int        timer_fd,
      void     (*tick) (void),
      int      (*done) (void))
{
  struct epoll_event events[MAX_EVENTS];

  while (now_ns () < deadline)
    {
      int timeout = (int) ((deadline - now_ns ()) / 1000000) + 1;
      int n;

      if (done != NULL && done ())
        return;

      n = epoll_wait (epfd, events, MAX_EVENTS, timeout > 50 ? 50 : timeout);
      for (int i = 0; i < n; i++)
        {
          Conn *c = events[i].data.ptr;

          if (c == NULL)
            {
              uint64_t expirations;

              if (read (timer_fd, &expirations, sizeof expirations) > 0 && tick != NULL)
                tick ();
              continue;
            }
          if (events[i].events & EPOLLOUT)
            flush_out (c);
          if (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR))
            read_conn (c);
        }
      if (tick != NULL && timer_fd < 0)
        tick ();
    }
}

static int
all_hellos (void)
{
  for (int i = 0; i < n_conns; i++)
    if (conns[i].n_hello < opt.senders - (conns[i].sender >= 0 ? 1 : 0))
      return 0;
  return 1;
}

static int
all_delivered (void)
{
  for (int i = 0; i < n_conns; i++)
    for (int s = 0; s < opt.senders; s++)
      if (s != conns[i].sender && conns[i].expect[s] < conns[s].seq)
        return 0;
  return 1;
}

static uint64_t
delivered_total (void)
{
  uint64_t n = 0;

  for (int i = 0; i < n_conns; i++)
    for (int s = 0; s < opt.senders; s++)
      n += conns[i].expect[s];
  return n;
}

static uint64_t flood_start, flood_stop_at;
static int flooding;

/* The lowest next sequence number of sender s among its receivers. */
static uint64_t
slowest (int s)
{
  uint64_t low = UINT64_MAX;

  for (int i = 0; i < n_conns; i++)
    if (i != s && conns[i].expect[s] < low)
      low = conns[i].expect[s];
  return low == UINT64_MAX ? conns[s].seq : low;
}

/* Members that never read: joined, then left alone. */
static int n_never_readers;
static uint64_t next_never_reader_at;

static void
open_never_reader (void)
{
  int fd = open_socket (1);
  int small = 4096;

  setsockopt (fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
  n_never_readers++;
  /* The descriptor stays open and unread until the process exits. */
}

static void
never_readers_tick (uint64_t now)
{
  if (opt.never_reader_every > 0 && now >= next_never_reader_at)
    {
      open_never_reader ();
      next_never_reader_at = now + (uint64_t) (opt.never_reader_every * 1e9);
    }
}

static void
flood_tick (void)
{
  if (!flooding)
    return;
  for (int s = 0; s < opt.senders; s++)
    {
      Conn *c = &conns[s];

      if (c->out_len - c->out_start < SEND_CHUNK && c->seq < slowest (s) + WINDOW)
        {
          generate (c, SEND_CHUNK / LINE_SIZE, now_ns ());
          flush_out (c);
        }
    }
}

static void
paced_tick (void)
{
  uint64_t now = now_ns ();

  if (!flooding)
    return;
  never_readers_tick (now);
  for (int s = 0; s < opt.senders; s++)
    {
      Conn *c = &conns[s];
      uint64_t due = (uint64_t) ((double) (now - flood_start) * opt.rate / 1e9) + 1;

      if (due > c->seq)
        {
          generate (c, (int) (due - c->seq), now);
          flush_out (c);
        }
    }
}

/* CPU time of the server process, in seconds, or -1. */
static double
server_cpu_seconds (void)
{
  char path[64], buf[1024];
  unsigned long utime, stime;
  const char *p;
  FILE *f;
  size_t n;

  if (opt.pid <= 0)
    return -1;
  snprintf (path, sizeof path, "/proc/%ld/stat", opt.pid);
  f = fopen (path, "r");
  if (f == NULL)
    return -1;
  n = fread (buf, 1, sizeof buf - 1, f);
  fclose (f);
  buf[n] = '\0';

  /* Fields 14 and 15, counted after the command name in parentheses. */
  p = strrchr (buf, ')');
  if (p == NULL || sscanf (p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu",
                           &utime, &stime) != 2)
    return -1;
  return (double) (utime + stime) / (double) sysconf (_SC_CLK_TCK);
}

static int
cmp_u32 (const void *a,
         const void *b)
{
  uint32_t x = *(const uint32_t *) a, y = *(const uint32_t *) b;

  return x < y ? -1 : x > y;
}

static double
cpu_seconds (void)
{
  struct rusage ru;

  getrusage (RUSAGE_SELF, &ru);
  return (double) ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
         (double) ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

static int
run_traffic (void)
{
  int timer_fd = -1;
  struct epoll_event ev = { 0 };
  uint64_t t, t_measure, t_end, elapsed;
  double cpu0, cpu1, scpu0, scpu1;
  int complete;

  n_conns = opt.senders + opt.receivers;
  conns = xcalloc ((size_t) n_conns, sizeof *conns);

  /* Senders are conns[0..senders), receivers after. */
  for (int i = 0; i < n_conns; i++)
    {
      Conn *c = &conns[i];

      c->fd = open_socket (1);
      c->sender = i < opt.senders ? i : -1;
      c->part = xcalloc (4096, 1);
      c->expect = xcalloc ((size_t) opt.senders, sizeof *c->expect);
      c->hello = xcalloc ((size_t) opt.senders, sizeof *c->hello);
      if (c->sender >= 0)
        c->out = xcalloc (SEND_CHUNK * 2, 1);
      ev.events = EPOLLIN;
      ev.data.ptr = c;
      epoll_ctl (epfd, EPOLL_CTL_ADD, c->fd, &ev);
    }

  /* Handshake: senders repeat a hello until everyone has seen all of them,
   * which proves the server has accepted every connection.
   */
  t = now_ns ();
  while (!all_hellos ())
    {
      if (now_ns () - t > 10000000000u)
        {
          fprintf (stderr, "bench-load: the server did not relay the hello lines within 10 s\n");
          return 3;
        }
      for (int s = 0; s < opt.senders; s++)
        {
          char hello[16];
          int len = snprintf (hello, sizeof hello, "H%03d\n", s);

          send_raw (&conns[s], hello, (size_t) len);
          flush_out (&conns[s]);
        }
      pump (now_ns () + 50000000u, -1, NULL, all_hellos);
    }

  if (opt.rate > 0)
    {
      struct itimerspec its = { { 0, 1000000 }, { 0, 1000000 } };

      timer_fd = timerfd_create (CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
      if (timer_fd < 0)
        die ("timerfd_create");
      timerfd_settime (timer_fd, 0, &its, NULL);
      ev.events = EPOLLIN;
      ev.data.ptr = NULL;
      epoll_ctl (epfd, EPOLL_CTL_ADD, timer_fd, &ev);
    }

  for (int i = 0; i < opt.never_readers; i++)
    open_never_reader ();

  flooding = 1;
  flood_start = now_ns ();
  next_never_reader_at = flood_start + (uint64_t) (opt.never_reader_every * 1e9);
  t_measure = flood_start + (uint64_t) (opt.warmup * 1e9);
  t_end = t_measure + (uint64_t) (opt.duration * 1e9);

  if (opt.rate > 0)
    pump (t_measure, timer_fd, paced_tick, NULL);
  else
    {
      flood_tick ();
      pump (t_measure, -1, flood_tick, NULL);
    }

  measuring = 1;
  cpu0 = cpu_seconds ();
  scpu0 = server_cpu_seconds ();
  t = now_ns ();
  if (opt.rate > 0)
    pump (t_end, timer_fd, paced_tick, NULL);
  else
    pump (t_end, -1, flood_tick, NULL);
  elapsed = now_ns () - t;
  cpu1 = cpu_seconds ();
  scpu1 = server_cpu_seconds ();
  measuring = 0;

  /* Stop: what is in flight must all arrive, in order. */
  flooding = 0;
  flood_stop_at = now_ns ();
  for (int s = 0; s < opt.senders; s++)
    {
      /* Lines still in the local buffer are not sent: forget them. */
      Conn *c = &conns[s];
      uint64_t unsent = (c->out_len - c->out_start) / LINE_SIZE;

      c->seq -= unsent;
      c->out_len -= unsent * LINE_SIZE;
      if (c->out_start >= c->out_len)
        c->out_start = c->out_len = 0;
      flush_out (c);
    }
  /* A slow server may hold a lot in its queues and the socket buffers:
   * wait as long as lines keep coming, up to 30 s.
   */
  {
    uint64_t before = delivered_total () + 1;

    while (delivered_total () != before && now_ns () - flood_stop_at < 30000000000u &&
           !all_delivered ())
      {
        before = delivered_total ();
        pump (now_ns () + 2000000000u, -1, NULL, all_delivered);
      }
  }
  complete = all_delivered ();

  {
    double secs = (double) elapsed / 1e9;
    uint64_t sent = 0, missing = 0;

    for (int s = 0; s < opt.senders; s++)
      sent += conns[s].seq;
    for (int i = 0; i < n_conns; i++)
      for (int s = 0; s < opt.senders; s++)
        if (s != conns[i].sender && conns[i].expect[s] < conns[s].seq)
          missing += conns[s].seq - conns[i].expect[s];

    printf ("mode=%s senders=%d receivers=%d seconds=%.2f lines_per_s=%.0f mb_per_s=%.1f "
            "sent_lines=%llu in_order=%s missing=%llu order_errors=%llu bad_lines=%llu "
            "never_readers=%d loadgen_cpu=%.0f%%",
            opt.rate > 0 ? "latency" : "relay", opt.senders, opt.receivers, secs,
            (double) lines_in / secs, (double) bytes_in / secs / 1e6,
            (unsigned long long) sent,
            complete && order_errors == 0 && bad_lines == 0 ? "yes" : "no",
            (unsigned long long) missing, (unsigned long long) order_errors,
            (unsigned long long) bad_lines, n_never_readers, (cpu1 - cpu0) / secs * 100);
    if (scpu0 >= 0 && scpu1 >= 0)
      printf (" server_cpu=%.0f%% server_ns_per_line=%.0f", (scpu1 - scpu0) / secs * 100,
              lines_in > 0 ? (scpu1 - scpu0) * 1e9 / (double) lines_in : 0.0);

    if (opt.rate > 0 && n_lat > 0)
      {
        qsort (lat, n_lat, sizeof *lat, cmp_u32);
        printf (" samples=%zu p50_ms=%.3f p99_ms=%.3f p999_ms=%.3f max_ms=%.3f",
                n_lat, lat[n_lat / 2] / 1e6, lat[(size_t) (n_lat * 0.99)] / 1e6,
                lat[(size_t) (n_lat * 0.999)] / 1e6, lat[n_lat - 1] / 1e6);
      }
    printf ("\n");
    fflush (stdout);

    if (!complete)
      fprintf (stderr, "bench-load: %llu lines did not arrive\n",
               (unsigned long long) missing);
    return complete && order_errors == 0 && bad_lines == 0 ? 0 : 1;
  }
}

/* Scale */

static long
count_fds (long pid)
{
  char path[64];
  struct dirent *d;
  long n = 0;
  DIR *dir;

  snprintf (path, sizeof path, "/proc/%ld/fd", pid);
  dir = opendir (path);
  if (dir == NULL)
    return -1;
  while ((d = readdir (dir)) != NULL)
    if (d->d_name[0] != '.')
      n++;
  closedir (dir);
  return n;
}

static long
rss_kb (long pid)
{
  char path[64], line[256];
  long kb = -1;
  FILE *f;

  snprintf (path, sizeof path, "/proc/%ld/status", pid);
  f = fopen (path, "r");
  if (f == NULL)
    return -1;
  while (fgets (line, sizeof line, f) != NULL)
    if (strncmp (line, "VmRSS:", 6) == 0)
      kb = strtol (line + 6, NULL, 10);
  fclose (f);
  return kb;
}

/* Waits until the server holds at least want descriptors; returns 0 on time-out. */
static int
wait_fds (long     want,
          uint64_t deadline)
{
  while (count_fds (opt.pid) < want)
    {
      struct timespec ts = { 0, 2000000 };

      if (now_ns () > deadline)
        return 0;
      nanosleep (&ts, NULL);
    }
  return 1;
}

static int
run_scale (void)
{
  struct rlimit rl;
  long fds0, rss0, rss1;
  uint64_t t0, t1, deadline, fan0, fan1;
  int *fds;
  int batch = 500, backlog = 2000;
  int received = 0;
  char buf[256];
  int ok;

  if (opt.pid <= 0)
    {
      fprintf (stderr, "bench-load: --mode scale needs --pid SERVER_PID\n");
      return 2;
    }
  if (getrlimit (RLIMIT_NOFILE, &rl) == 0)
    {
      rl.rlim_cur = rl.rlim_max;
      setrlimit (RLIMIT_NOFILE, &rl);
      if (rl.rlim_cur < (rlim_t) opt.clients + 64)
        {
          fprintf (stderr, "bench-load: RLIMIT_NOFILE hard limit %llu is too low for %d clients\n",
                   (unsigned long long) rl.rlim_cur, opt.clients);
          return 3;
        }
    }

  fds = xcalloc ((size_t) opt.clients, sizeof *fds);
  fds0 = count_fds (opt.pid);
  rss0 = rss_kb (opt.pid);
  if (fds0 < 0 || rss0 < 0)
    {
      fprintf (stderr, "bench-load: cannot read /proc/%ld\n", opt.pid);
      return 3;
    }

  /* Connections are opened in batches, never more than backlog ahead of
   * what the server has accepted, so the listen queue never overflows and
   * no SYN has to be retried: the figure is the server's own accept rate.
   */
  t0 = now_ns ();
  deadline = t0 + (uint64_t) (opt.deadline * 1e9);
  for (int i = 0; i < opt.clients; i++)
    {
      fds[i] = open_socket (0);
      if ((i + 1) % batch == 0 && i + 1 > backlog &&
          !wait_fds (fds0 + i + 1 - backlog, deadline))
        break;
    }
  ok = wait_fds (fds0 + opt.clients, deadline);
  t1 = now_ns ();
  if (!ok)
    {
      long accepted = count_fds (opt.pid) - fds0;

      printf ("mode=scale clients=%d accepted=%ld accept_s=%.3f accepts_per_s=%.0f "
              "rss_before_kb=%ld rss_after_kb=%ld rss_total_mb=%.1f bytes_per_client=%.0f "
              "fanout_ms=n/a\n",
              opt.clients, accepted, (double) (t1 - t0) / 1e9,
              accepted / ((double) (t1 - t0) / 1e9), rss0, rss_kb (opt.pid),
              rss_kb (opt.pid) / 1024.0,
              accepted > 0 ? (double) (rss_kb (opt.pid) - rss0) * 1024.0 / accepted : 0.0);
      fprintf (stderr, "bench-load: the server accepted %ld of %d clients within %.0f s\n",
               accepted, opt.clients, opt.deadline);
      return 1;
    }

  /* Let lazily allocated state settle before reading the memory. */
  {
    struct timespec ts = { 0, 300000000 };

    nanosleep (&ts, NULL);
  }
  rss1 = rss_kb (opt.pid);

  /* One line from the first client, relayed to every other one. */
  for (int i = 1; i < opt.clients; i++)
    {
      struct epoll_event ev = { 0 };

      ev.events = EPOLLIN;
      ev.data.fd = fds[i];
      epoll_ctl (epfd, EPOLL_CTL_ADD, fds[i], &ev);
    }
  fan0 = now_ns ();
  if (write (fds[0], "fan-out\n", 8) != 8)
    die ("write");
  while (received < opt.clients - 1 && now_ns () - fan0 < 10000000000u)
    {
      struct epoll_event events[MAX_EVENTS];
      int n = epoll_wait (epfd, events, MAX_EVENTS, 100);

      for (int i = 0; i < n; i++)
        if (read (events[i].data.fd, buf, sizeof buf) > 0)
          {
            epoll_ctl (epfd, EPOLL_CTL_DEL, events[i].data.fd, NULL);
            received++;
          }
    }
  fan1 = now_ns ();

  printf ("mode=scale clients=%d accepted=%d accept_s=%.3f accepts_per_s=%.0f rss_before_kb=%ld "
          "rss_after_kb=%ld rss_total_mb=%.1f bytes_per_client=%.0f fanout_ms=%.1f fanout_got=%d\n",
          opt.clients, opt.clients, (double) (t1 - t0) / 1e9, opt.clients / ((double) (t1 - t0) / 1e9),
          rss0, rss1, rss1 / 1024.0, (double) (rss1 - rss0) * 1024.0 / opt.clients,
          (double) (fan1 - fan0) / 1e6, received);
  fflush (stdout);

  /* Reset rather than close: no TIME_WAIT left behind to use up ports. */
  for (int i = 0; i < opt.clients; i++)
    {
      struct linger lg = { 1, 0 };

      setsockopt (fds[i], SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
      close (fds[i]);
    }

  return received == opt.clients - 1 ? 0 : 1;
}

/* For starting a server that cannot report the port it picked. */
static int
print_free_port (void)
{
  struct sockaddr_storage ss;
  socklen_t sl = sizeof ss;
  int fd = socket (server_addr.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int port;

  if (fd < 0 || bind (fd, (struct sockaddr *) &server_addr, server_addr_len) < 0 ||
      getsockname (fd, (struct sockaddr *) &ss, &sl) < 0)
    die ("bind");
  port = ss.ss_family == AF_INET6 ? ntohs (((struct sockaddr_in6 *) &ss)->sin6_port)
                                  : ntohs (((struct sockaddr_in *) &ss)->sin_port);
  close (fd);
  printf ("%d\n", port);

  return 0;
}

static void
usage (void)
{
  fprintf (stderr,
           "usage: bench-load --connect HOST:PORT [--mode relay|latency|scale|free-port]\n"
           "         [--senders N] [--receivers M] [--duration S] [--warmup S]\n"
           "         [--rate LINES_PER_S] [--clients N] [--deadline S] [--pid SERVER_PID]\n"
           "         [--never-readers N] [--never-reader-every S]\n");
  exit (2);
}

int
main (int   argc,
      char *argv[])
{
  for (int i = 1; i < argc; i++)
    {
      const char *a = argv[i];
      const char *v = i + 1 < argc ? argv[i + 1] : NULL;

      if (v == NULL)
        usage ();
      i++;
      if (strcmp (a, "--mode") == 0)
        opt.mode = v;
      else if (strcmp (a, "--connect") == 0)
        opt.connect = v;
      else if (strcmp (a, "--senders") == 0)
        opt.senders = atoi (v);
      else if (strcmp (a, "--receivers") == 0)
        opt.receivers = atoi (v);
      else if (strcmp (a, "--duration") == 0)
        opt.duration = atof (v);
      else if (strcmp (a, "--warmup") == 0)
        opt.warmup = atof (v);
      else if (strcmp (a, "--rate") == 0)
        opt.rate = atof (v);
      else if (strcmp (a, "--clients") == 0)
        opt.clients = atoi (v);
      else if (strcmp (a, "--deadline") == 0)
        opt.deadline = atof (v);
      else if (strcmp (a, "--pid") == 0)
        opt.pid = atol (v);
      else if (strcmp (a, "--never-readers") == 0)
        opt.never_readers = atoi (v);
      else if (strcmp (a, "--never-reader-every") == 0)
        opt.never_reader_every = atof (v);
      else
        usage ();
    }

  if (opt.connect == NULL || opt.senders < 1 || opt.senders > MAX_SENDERS ||
      opt.receivers < 0 || opt.duration <= 0 || opt.duration > 60 || opt.warmup < 0 ||
      opt.clients < 2 || opt.clients > 100000 ||
      opt.deadline <= 0 || opt.deadline > 120 ||
      opt.never_readers < 0 || opt.never_readers > 1000 || opt.never_reader_every < 0)
    usage ();

  signal (SIGPIPE, SIG_IGN);
  parse_connect (opt.connect);
  epfd = epoll_create1 (EPOLL_CLOEXEC);
  if (epfd < 0)
    die ("epoll_create1");

  if (strcmp (opt.mode, "scale") == 0)
    return run_scale ();
  if (strcmp (opt.mode, "free-port") == 0)
    return print_free_port ();
  if (strcmp (opt.mode, "latency") == 0)
    {
      if (opt.rate <= 0)
        opt.rate = 1000;
    }
  else if (strcmp (opt.mode, "relay") == 0)
    opt.rate = 0;
  else
    usage ();

  return run_traffic ();
}
