/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * pe_op.c - an operation history entry (lrm_rsc_op) read in one pass,
 * and the order Pacemaker sorts a resource's entries in (§6 of
 * docs/pacemaker-states.md).
 *
 * Must not depend on Pacemaker or Corosync headers: glib and libxml2 only.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/pe_int.h"
#include "core/xmlutil.h"

/* cmp_on_fail: severity */
int
clusapi__pe_fail_rank(enum on_fail f)
{
    static const int rank[] = {
        [FAIL_IGNORE] = 0, [FAIL_DEMOTE] = 1, [FAIL_RECOVER] = 2,
        [FAIL_RESET_REMOTE] = 3, [FAIL_RESTART_CONTAINER] = 4,
        [FAIL_MIGRATE] = 5, [FAIL_BLOCK] = 6, [FAIL_STOP] = 7,
        [FAIL_STANDBY] = 8, [FAIL_FENCE] = 9,
    };
    return f >= FAIL_IGNORE && f <= FAIL_DEMOTE ? rank[f] : 0;
}

/* isspace() in the C locale, as strtol and sscanf skip it */
static bool
c_space(char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

/* A decimal number at *p as strtol(*p, &end, 10) reads it; *p is moved
 * past it.  False (and *p unchanged) without a digit.  Up to 18 digits are
 * converted here, longer numbers by strtol itself. */
static bool
scan_long(const char **p, long *out)
{
    const char *s = *p, *d;
    bool neg = false;
    long v = 0;

    /* most numbers of an operation are one digit (rc-code, op-status,
     * interval 0, the transition key's) */
    if (g_ascii_isdigit(s[0]) && !g_ascii_isdigit(s[1])) {
        *out = s[0] - '0';
        *p = s + 1;
        return true;
    }
    while (c_space(*s)) {
        s++;
    }
    d = s;
    if (*d == '+' || *d == '-') {
        neg = *d == '-';
        d++;
    }
    if (!g_ascii_isdigit(*d)) {
        return false;
    }
    for (int i = 0; i < 18 && g_ascii_isdigit(*d); i++, d++) {
        v = v * 10 + (*d - '0');
    }
    if (g_ascii_isdigit(*d)) { /* long: strtol's overflow rules */
        char *end = NULL;

        *out = strtol(s, &end, 10);
        *p = end;
        return true;
    }
    *out = neg ? -v : v;
    *p = d;
    return true;
}

/* crm_element_value_int on a value: missing keeps dflt, junk gives -1 */
int
clusapi__pe_int_value(const char *v, int dflt)
{
    long l;

    if (v == NULL) {
        return dflt;
    }
    return (!scan_long(&v, &l) || l < G_MININT || l > G_MAXINT) ? -1
                                                               : (int) l;
}

/* sscanf(s, "%d:%d:...:%36s") of n numbers (n <= 5), each followed by
 * the separator in seps[i], then a word of 1 to 36 characters, left in s:
 * *word points to it and *wlen is its length (if word is not NULL); true if
 * all of it matched, as sscanf returning n+1. */
static bool
scan_key(const char *s, int n, const char *seps, int *nums,
         const char **word, size_t *wlen)
{
    size_t len = 0;

    for (int i = 0; i < n; i++) {
        long l;

        if (!scan_long(&s, &l) || *s != seps[i]) {
            return false;
        }
        nums[i] = (int) l; /* sscanf's %d: strtol's value, as an int */
        s++;
    }
    while (c_space(*s)) {
        s++;
    }
    if (word == NULL) { /* a word is there: s is at a non-space */
        return *s != '\0';
    }
    /* up to 36 bytes, as sscanf's %36s: to a NUL or a C space */
    len = strcspn(s, " \t\n\v\f\r");
    *word = s;
    *wlen = len < 36 ? len : 36;
    return len > 0;
}

/* An attribute's value, "" for none (as attr). */
static inline const char *
attr_text(const xmlAttr *a)
{
    return (a->children != NULL && a->children->content != NULL)
               ? (const char *) a->children->content
               : "";
}

/* What an attribute of a history entry is to clusapi__pe_op_parse */
enum op_attr {
    OA_OTHER = 0, OA_CALL_ID, OA_ID, OA_INTERVAL, OA_LRC, OA_ON_NODE,
    OA_OPERATION, OA_OP_KEY, OA_OP_STATUS, OA_RC_CODE, OA_TKEY, OA_MAGIC
};

/* By the name's first two bytes, then one string comparison */
static enum op_attr
op_attr_of(const char *n)
{
    switch (n[0]) {
        case 'c':
            if (n[1] == 'a' && strcmp(n, CL_XA_CALL_ID) == 0) {
                return OA_CALL_ID;
            }
            break;
        case 'i':
            if (n[1] == 'd' && n[2] == '\0') {
                return OA_ID;
            }
            if (n[1] == 'n' && strcmp(n, CL_XA_INTERVAL) == 0) {
                return OA_INTERVAL;
            }
            break;
        case 'l':
            if (strcmp(n, "last-rc-change") == 0) {
                return OA_LRC;
            }
            break;
        case 'o':
            if (n[1] == 'n') {
                if (strcmp(n, "on_node") == 0) {
                    return OA_ON_NODE;
                }
            } else if (n[1] != 'p') {
                /* nothing else */
            } else if (n[2] == 'e') {
                if (strcmp(n, CL_XA_OPERATION) == 0) {
                    return OA_OPERATION;
                }
                if (strcmp(n, "operation_key") == 0) {
                    return OA_OP_KEY;
                }
            } else if (n[2] == '-' && n[3] == 's'
                       && strcmp(n, CL_XA_OP_STATUS) == 0) {
                return OA_OP_STATUS;
            }
            break;
        case 'r':
            if (n[1] == 'c' && strcmp(n, CL_XA_RC_CODE) == 0) {
                return OA_RC_CODE;
            }
            break;
        case 't':
            if (strcmp(n, "transition-key") == 0) {
                return OA_TKEY;
            }
            if (strcmp(n, "transition-magic") == 0) {
                return OA_MAGIC;
            }
            break;
        default:
            break;
    }
    return OA_OTHER;
}

void
clusapi__pe_op_parse(op_t *o, xmlNode *x)
{
    const char *tkey = NULL, *op_key = NULL;

    memset(o, 0, sizeof(*o));
    o->x = x;
    o->call = -1;
    o->status = -2;
    o->target_rc = -1;
    o->rc_missing = true;
    /* the value only of those read: of the sixteen or so attributes an
     * entry has, most (crm-debug-origin, op-digest, exec-time, ...) keep
     * their text nodes out of the cache */
    for (const xmlAttr *a = x->properties; a != NULL; a = a->next) {
        switch (op_attr_of((const char *) a->name)) {
            case OA_CALL_ID:
                o->call = clusapi__pe_int_value(attr_text(a), -1);
                break;
            case OA_ID:
                o->id = attr_text(a);
                break;
            case OA_INTERVAL:
                o->interval = clusapi__pe_int_value(attr_text(a), 0);
                break;
            case OA_LRC:
                o->lrc = attr_text(a);
                break;
            case OA_ON_NODE:
                o->on_node = attr_text(a);
                break;
            case OA_OPERATION:
                o->task = attr_text(a);
                break;
            case OA_OP_KEY:
                op_key = attr_text(a);
                break;
            case OA_OP_STATUS:
                o->status = clusapi__pe_int_value(attr_text(a), -2);
                break;
            case OA_RC_CODE:
                o->rc = clusapi__pe_int_value(attr_text(a), 0);
                o->rc_missing = false;
                break;
            case OA_TKEY:
                tkey = attr_text(a);
                break;
            case OA_MAGIC:
                o->magic = attr_text(a);
                break;
            default:
                break;
        }
    }
    o->key = op_key != NULL ? op_key : o->id;
    if (tkey != NULL) {
        int nums[3];

        if (scan_key(tkey, 3, ":::", nums, NULL, NULL)) {
            o->target_rc = nums[2];
        }
    }
}

bool
clusapi__pe_is_probe(const char *task, long long interval)
{
    return str_eq0(task, "monitor") && interval == 0;
}

/* transition-magic "%d:%d;<transition-key>" -> transition id and uuid
 * (op's m_* fields).  Read once per entry: a sort compares an entry with
 * several others.  op is const to its readers; only the memo is written. */
static bool
magic_of(const op_t *op)
{
    op_t *memo = (op_t *) op;
    int nums[5];
    const char *uuid = NULL;
    size_t len = 0;

    if (op->m_state == 0) {
        if (op->magic != NULL
            && scan_key(op->magic, 5, ":;:::", nums, &uuid, &len)) {
            memo->m_state = 1;
            memo->m_trans = nums[3];
            memo->m_uuid = uuid;
            memo->m_ulen = (unsigned char) len;
        } else {
            memo->m_state = -1;
        }
    }
    return op->m_state > 0;
}

/* Two uuids of magic_of the same, ignoring case (g_ascii_strcasecmp of the
 * two words); the same bytes, the usual case, are not compared twice. */
static bool
same_uuid(const op_t *a, const op_t *b)
{
    return a->m_ulen == b->m_ulen
           && (memcmp(a->m_uuid, b->m_uuid, a->m_ulen) == 0
               || g_ascii_strncasecmp(a->m_uuid, b->m_uuid, a->m_ulen) == 0);
}

/* pe__is_newer_op(a, b, same_node_default) (§6.4): > 0 if a is newer.
 * From 3.0.0 (f95fcbd50e) on there is no default: entries are on the same
 * node when both name none or both name it (pcmk3). */
int
clusapi__pe_newer_op(const op_t *a, const op_t *b, bool same_node_default,
                     bool pcmk3)
{
    const char *na = a->on_node, *nb = b->on_node;
    bool same_node = (na != NULL && nb != NULL) ? ieq(na, nb)
                     : pcmk3 ? na == nb
                             : same_node_default;
    int ca = a->call, cb = b->call;
    int ta, tb;

    if (same_node && str_eq0(a->id, b->id)) {
        return 0;
    }
    if (ca == -1 && cb == -1) {
        return 0;
    }
    if (same_node && ca >= 0 && ca < cb) {
        return -1;
    }
    if (same_node && cb >= 0 && ca > cb) {
        return 1;
    }
    if (ca >= 0 && cb >= 0 && (!same_node || ca == cb)) {
        int la = clusapi__pe_int_value(a->lrc, -1);
        int lb = clusapi__pe_int_value(b->lrc, -1);

        if (la >= 0 && la < lb) {
            return -1;
        }
        if (lb >= 0 && la > lb) {
            return 1;
        }
        return 0;
    }
    if (!magic_of(a) || !magic_of(b)) {
        return 0;
    }
    ta = a->m_trans;
    tb = b->m_trans;
    if (!same_uuid(a, b) || ta == tb) {
        if (cb == -1) {
            return -1;
        }
        if (ca == -1) {
            return 1;
        }
    } else if ((ta >= 0 && ta < tb) || tb == -1) {
        return -1;
    } else if ((tb >= 0 && ta > tb) || ta == -1) {
        return 1;
    }
    return 0;
}

static int
cmp_ops(const op_t *a, const op_t *b, bool pcmk3)
{
    return clusapi__pe_newer_op(a, b, true, pcmk3);
}

/* GLib's g_list_sort, exactly (the comparison is not a total order, so
 * the algorithm decides the result): split after floor(n/2), merge taking
 * the left element when cmp <= 0. */
void
clusapi__pe_merge_sort(op_t *v, size_t n, op_t *tmp, bool pcmk3)
{
    size_t h = n / 2, i = 0, j = h, k = 0;

    if (n < 2) {
        return;
    }
    clusapi__pe_merge_sort(v, h, tmp, pcmk3);
    clusapi__pe_merge_sort(v + h, n - h, tmp, pcmk3);
    while (i < h && j < n) {
        tmp[k++] = cmp_ops(&v[i], &v[j], pcmk3) <= 0 ? v[i++] : v[j++];
    }
    while (i < h) {
        tmp[k++] = v[i++];
    }
    while (j < n) {
        tmp[k++] = v[j++];
    }
    memcpy(v, tmp, n * sizeof(*v));
}
