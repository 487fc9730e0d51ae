/* tc-tls-credentials.c: certificates and keys from files, and the self-signed one
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-tls.h"
#include "tc-error.h"

#include <glib/gi18n-lib.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <errno.h>
#include <string.h>

/* A self-signed certificate is made for this long: the fingerprint is what
 * clients pin, and a new one would make every pin fail. */
#define SELF_SIGNED_DAYS (10 * 365)

static gboolean
read_file (const char  *path,
           char       **contents,
           gsize       *length,
           GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (g_file_get_contents (path, contents, length, &local_error))
    return TRUE;

  g_set_error (error, TC_ERROR, TC_ERROR_TLS_CREDENTIALS, _("Cannot read %s: %s"),
               path, local_error->message);
  return FALSE;
}

static gboolean
is_pem (const char *data,
        gsize       length)
{
  return g_strstr_len (data, (gssize) length, "-----BEGIN ") != NULL;
}

/* GLib's PEM parser does not decrypt keys, and says only that it found none. */
static gboolean
pem_key_is_encrypted (const char *data,
                      gsize       length)
{
  return (g_strstr_len (data, (gssize) length, "-----BEGIN ENCRYPTED PRIVATE KEY-----") != NULL ||
          g_strstr_len (data, (gssize) length, "Proc-Type: 4,ENCRYPTED") != NULL);
}

static char *
read_password (const char  *password_file,
               GError     **error)
{
  g_autofree char *contents = NULL;
  gsize length;

  if (!read_file (password_file, &contents, &length, error))
    return NULL;

  /* The first line, as echo or a text editor writes it. */
  contents[strcspn (contents, "\r\n")] = '\0';
  return g_steal_pointer (&contents);
}

static gboolean
has_private_key (GTlsCertificate *certificate)
{
  g_autoptr(GByteArray) key = NULL;
  g_autofree char *pkcs11 = NULL;

  g_object_get (certificate, "private-key", &key, "private-key-pkcs11-uri", &pkcs11, NULL);

  return key != NULL || pkcs11 != NULL;
}

/**
 * tc_tls_load_certificate:
 * @cert_file: PEM (the chain, with the key or without) or PKCS#12
 * @key_file: (nullable): the PEM key, when not in @cert_file
 * @password_file: (nullable): the PKCS#12 password on its first line
 *
 * Returns: (transfer full): the certificate with its key, or %NULL with
 *   TC_ERROR_TLS_CREDENTIALS and a message saying what to do
 */
GTlsCertificate *
tc_tls_load_certificate (const char  *cert_file,
                         const char  *key_file,
                         const char  *password_file,
                         GError     **error)
{
  g_autofree char *password = NULL;

  g_return_val_if_fail (cert_file != NULL, NULL);

  if (password_file != NULL && (password = read_password (password_file, error)) == NULL)
    return NULL;

  return tc_tls_load_certificate_with_password (cert_file, key_file, password, error);
}

/**
 * tc_tls_file_is_pem:
 *
 * Returns: whether @path can be read and is PEM (else, for a certificate,
 *   PKCS#12, which a window asks the password of)
 */
gboolean
tc_tls_file_is_pem (const char *path)
{
  g_autofree char *data = NULL;
  gsize length;

  g_return_val_if_fail (path != NULL, FALSE);

  return read_file (path, &data, &length, NULL) && is_pem (data, length);
}

/* @cert_data is not PEM: PKCS#12, with @password when it has one. */
static GTlsCertificate *
load_pkcs12 (const char  *cert_file,
             const char  *cert_data,
             gsize        cert_length,
             const char  *password,
             GError     **error)
{
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GError) local_error = NULL;

  certificate = g_tls_certificate_new_from_pkcs12 ((const guint8 *) cert_data, cert_length,
                                                   password, &local_error);
  if (certificate == NULL)
    {
      if (g_error_matches (local_error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE_PASSWORD))
        g_set_error (error, TC_ERROR, TC_ERROR_TLS_CREDENTIALS,
                     password == NULL
                     ? _("%s is PKCS#12 protected by a password: give it with --tls-password-file")
                     : _("%s: wrong password for this PKCS#12 file"), cert_file);
      else
        g_set_error (error, TC_ERROR, TC_ERROR_TLS_CREDENTIALS,
                     _("%s is neither PEM nor PKCS#12 that can be read: %s"),
                     cert_file, local_error->message);
      return NULL;
    }

  return g_steal_pointer (&certificate);
}

/* PEM: the certificate, and its key in @cert_data or @key_data. */
static GTlsCertificate *
load_pem (const char  *cert_file,
          const char  *cert_data,
          gsize        cert_length,
          const char  *key_file,
          const char  *key_data,
          gsize        key_length,
          GError     **error)
{
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GError) local_error = NULL;

  if (pem_key_is_encrypted (cert_data, cert_length) ||
      (key_data != NULL && pem_key_is_encrypted (key_data, key_length)))
    {
      g_set_error (error, TC_ERROR, TC_ERROR_TLS_CREDENTIALS,
                   _("The private key in %s is encrypted, which PEM files cannot be here: "
                     "convert the certificate and key to PKCS#12 (openssl pkcs12 -export) "
                     "and give its password with --tls-password-file"),
                   key_file != NULL && pem_key_is_encrypted (key_data, key_length)
                   ? key_file : cert_file);
      return NULL;
    }

  if (key_data == NULL)
    {
      certificate = g_tls_certificate_new_from_pem (cert_data, (gssize) cert_length, &local_error);
    }
  else
    {
      g_autofree char *both = g_strconcat (cert_data, "\n", key_data, NULL);

      certificate = g_tls_certificate_new_from_pem (both, -1, &local_error);
    }

  if (certificate != NULL && !has_private_key (certificate))
    {
      g_clear_object (&certificate);
      g_set_error_literal (&local_error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE,
                           _("no private key found"));
    }

  if (certificate == NULL)
    {
      g_set_error (error, TC_ERROR, TC_ERROR_TLS_CREDENTIALS,
                   key_file == NULL
                   ? _("%s: %s (a PEM file needs the certificate and its private key, "
                       "or give the key with --tls-key)")
                   : _("%s: %s"),
                   cert_file, local_error->message);
      return NULL;
    }

  return g_steal_pointer (&certificate);
}

/**
 * tc_tls_load_certificate_with_password:
 * @password: (nullable): the PKCS#12 password itself, as a window asks it
 *
 * As tc_tls_load_certificate(), with the password given rather than read
 * from a file.
 */
GTlsCertificate *
tc_tls_load_certificate_with_password (const char  *cert_file,
                                       const char  *key_file,
                                       const char  *password,
                                       GError     **error)
{
  g_autofree char *cert_data = NULL;
  g_autofree char *key_data = NULL;
  gsize cert_length, key_length = 0;

  g_return_val_if_fail (cert_file != NULL, NULL);

  if (!read_file (cert_file, &cert_data, &cert_length, error))
    return NULL;
  if (key_file != NULL && !read_file (key_file, &key_data, &key_length, error))
    return NULL;

  if (!is_pem (cert_data, cert_length))
    return load_pkcs12 (cert_file, cert_data, cert_length, password, error);

  return load_pem (cert_file, cert_data, cert_length, key_file, key_data, key_length, error);
}

/**
 * tc_tls_load_ca:
 * @ca_file: PEM certificates of the authorities to trust
 *
 * Returns: (transfer full): a database that trusts those only
 */
GTlsDatabase *
tc_tls_load_ca (const char  *ca_file,
                GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GList) list = NULL;
  g_autofree char *absolute = NULL;
  GTlsDatabase *database;

  g_return_val_if_fail (ca_file != NULL, NULL);

  /* GTlsFileDatabase takes absolute paths only. */
  absolute = g_canonicalize_filename (ca_file, NULL);

  /* The database reads it lazily, and an empty file would trust nothing
   * without a word: read it once here. */
  list = g_tls_certificate_list_new_from_file (ca_file, &local_error);
  g_list_free_full (g_steal_pointer (&list), g_object_unref);
  if (local_error != NULL)
    {
      g_set_error (error, TC_ERROR, TC_ERROR_TLS_CREDENTIALS, _("%s: %s"),
                   ca_file, local_error->message);
      return NULL;
    }

  database = g_tls_file_database_new (absolute, &local_error);
  if (database == NULL)
    g_set_error (error, TC_ERROR, TC_ERROR_TLS_CREDENTIALS, _("%s: %s"),
                 ca_file, local_error->message);

  return database;
}

/**
 * tc_tls_self_signed_path:
 * @listen_host: (nullable): the address the server listens on
 *
 * Returns: where the self-signed certificate for @listen_host is kept, in
 *   the user's data folder
 */
char *
tc_tls_self_signed_path (const char *listen_host)
{
  g_autofree char *name = NULL;

  name = g_strdup_printf ("server-%s.pem", listen_host != NULL ? listen_host : "any");
  g_strdelimit (name, ":/\\%", '_');

  return g_build_filename (g_get_user_data_dir (), "tcpchat", "tls", name, NULL);
}

static gboolean
check_gnutls (int          status,
              const char  *what,
              GError     **error)
{
  if (status >= 0)
    return TRUE;

  g_set_error (error, TC_ERROR, TC_ERROR_TLS_CREDENTIALS,
               _("Cannot make a self-signed certificate (%s): %s"), what,
               gnutls_strerror (status));
  return FALSE;
}

static gboolean
add_ip_name (gnutls_x509_crt_t  crt,
             const char        *text,
             GError           **error)
{
  g_autoptr(GInetAddress) address = g_inet_address_new_from_string (text);

  if (address == NULL || g_inet_address_get_is_any (address))
    return TRUE;

  return check_gnutls (gnutls_x509_crt_set_subject_alt_name (crt, GNUTLS_SAN_IPADDRESS,
                                                             g_inet_address_to_bytes (address),
                                                             (unsigned int) g_inet_address_get_native_size (address),
                                                             GNUTLS_FSAN_APPEND),
                       "address", error);
}

static gboolean
add_dns_name (gnutls_x509_crt_t  crt,
              const char        *name,
              GError           **error)
{
  return check_gnutls (gnutls_x509_crt_set_subject_alt_name (crt, GNUTLS_SAN_DNSNAME, name,
                                                             (unsigned int) strlen (name),
                                                             GNUTLS_FSAN_APPEND),
                       "name", error);
}

/* A key and a certificate for the host's name, localhost and the loopback
 * and listen addresses, as one PEM text.
 */
static char *
generate_pem (const char  *listen_host,
              GError     **error)
{
  gnutls_x509_privkey_t key = NULL;
  gnutls_x509_crt_t crt = NULL;
  gnutls_datum_t cert_pem = { NULL, 0 };
  gnutls_datum_t key_pem = { NULL, 0 };
  const char *host_name = g_get_host_name ();
  g_autofree char *common_name = g_strdup_printf ("tcpchat on %s", host_name);
  unsigned char serial[16];
  time_t now = time (NULL);
  char *pem = NULL;

  if (!check_gnutls (gnutls_x509_privkey_init (&key), "key", error) ||
      !check_gnutls (gnutls_x509_privkey_generate (key, GNUTLS_PK_ECDSA,
                                                   GNUTLS_CURVE_TO_BITS (GNUTLS_ECC_CURVE_SECP256R1),
                                                   0), "key", error) ||
      !check_gnutls (gnutls_x509_crt_init (&crt), "certificate", error) ||
      !check_gnutls (gnutls_rnd (GNUTLS_RND_NONCE, serial, sizeof serial), "serial", error))
    goto out;

  serial[0] &= 0x7f;  /* a positive serial number */

  if (!check_gnutls (gnutls_x509_crt_set_version (crt, 3), "version", error) ||
      !check_gnutls (gnutls_x509_crt_set_serial (crt, serial, sizeof serial), "serial", error) ||
      !check_gnutls (gnutls_x509_crt_set_activation_time (crt, now - 3600), "validity", error) ||
      !check_gnutls (gnutls_x509_crt_set_expiration_time (crt, now + (time_t) SELF_SIGNED_DAYS * 86400),
                     "validity", error) ||
      !check_gnutls (gnutls_x509_crt_set_dn_by_oid (crt, GNUTLS_OID_X520_COMMON_NAME, 0,
                                                    common_name, (unsigned int) strlen (common_name)),
                     "name", error) ||
      !check_gnutls (gnutls_x509_crt_set_key (crt, key), "key", error) ||
      !check_gnutls (gnutls_x509_crt_set_basic_constraints (crt, 0, -1), "constraints", error) ||
      !check_gnutls (gnutls_x509_crt_set_key_usage (crt, GNUTLS_KEY_DIGITAL_SIGNATURE),
                     "usage", error) ||
      !check_gnutls (gnutls_x509_crt_set_key_purpose_oid (crt, GNUTLS_KP_TLS_WWW_SERVER, 0),
                     "usage", error) ||
      !add_dns_name (crt, "localhost", error) ||
      (g_strcmp0 (host_name, "localhost") != 0 && !add_dns_name (crt, host_name, error)) ||
      !add_ip_name (crt, "127.0.0.1", error) ||
      !add_ip_name (crt, "::1", error) ||
      (listen_host != NULL && g_strcmp0 (listen_host, "127.0.0.1") != 0 &&
       g_strcmp0 (listen_host, "::1") != 0 && !add_ip_name (crt, listen_host, error)) ||
      !check_gnutls (gnutls_x509_crt_sign2 (crt, crt, key, GNUTLS_DIG_SHA256, 0), "signature", error) ||
      !check_gnutls (gnutls_x509_crt_export2 (crt, GNUTLS_X509_FMT_PEM, &cert_pem), "export", error) ||
      !check_gnutls (gnutls_x509_privkey_export2_pkcs8 (key, GNUTLS_X509_FMT_PEM, NULL,
                                                        GNUTLS_PKCS_PLAIN, &key_pem),
                     "export", error))
    goto out;

  pem = g_strdup_printf ("%.*s%.*s", (int) cert_pem.size, (const char *) cert_pem.data,
                         (int) key_pem.size, (const char *) key_pem.data);

out:
  gnutls_free (cert_pem.data);
  gnutls_free (key_pem.data);
  if (crt != NULL)
    gnutls_x509_crt_deinit (crt);
  if (key != NULL)
    gnutls_x509_privkey_deinit (key);
  return pem;
}

/**
 * tc_tls_self_signed:
 * @listen_host: (nullable): the address the server listens on
 * @path: (out) (optional): where it is kept
 *
 * The server's self-signed certificate for @listen_host: the one made
 * before, or a new one, kept in the user's data folder (readable by the user
 * only) so that its fingerprint, which clients pin, stays the same.
 *
 * Returns: (transfer full): the certificate with its key
 */
GTlsCertificate *
tc_tls_self_signed (const char  *listen_host,
                    char       **path,
                    GError     **error)
{
  g_autofree char *file = tc_tls_self_signed_path (listen_host);
  g_autofree char *dir = g_path_get_dirname (file);
  g_autofree char *pem = NULL;
  g_autoptr(GError) local_error = NULL;
  GTlsCertificate *certificate;

  if (g_file_test (file, G_FILE_TEST_EXISTS))
    {
      certificate = tc_tls_load_certificate (file, NULL, NULL, error);
      if (certificate != NULL && path != NULL)
        *path = g_steal_pointer (&file);
      return certificate;
    }

  pem = generate_pem (listen_host, error);
  if (pem == NULL)
    return NULL;

  if (g_mkdir_with_parents (dir, 0700) != 0 ||
      !g_file_set_contents_full (file, pem, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                 &local_error))
    {
      g_set_error (error, TC_ERROR, TC_ERROR_TLS_CREDENTIALS,
                   _("Cannot keep the self-signed certificate in %s: %s"), dir,
                   local_error != NULL ? local_error->message : g_strerror (errno));
      return NULL;
    }

  certificate = g_tls_certificate_new_from_pem (pem, -1, &local_error);
  if (certificate == NULL)
    {
      g_set_error (error, TC_ERROR, TC_ERROR_TLS_CREDENTIALS, "%s: %s", file,
                   local_error->message);
      return NULL;
    }

  if (path != NULL)
    *path = g_steal_pointer (&file);
  return certificate;
}
