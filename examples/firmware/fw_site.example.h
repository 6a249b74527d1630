/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fw_site.h - where the firmware creates accounts: the endpoints' host and
 * port (each provider's path is added by main.c) and the CA that signs the
 * server's certificate, PEM with its NUL. Copy this file, fill it in and
 * build with SITE=/path/to/your/fw_site.h.
 */
#ifndef FW_SITE_H
#define FW_SITE_H

#define FW_SITE_HOST "provisioning.example.com"
#define FW_SITE_PORT "443"
static const unsigned char fw_site_ca[] =
    "-----BEGIN CERTIFICATE-----\n"
    "(your CA's certificate)\n"
    "-----END CERTIFICATE-----\n";

#endif /* FW_SITE_H */
