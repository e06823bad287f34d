#!/usr/bin/env python3
"""Regenerate src/commands.def, the command table, from a running Redis 7.0.

The table's metadata (arity, flags, key specs, ACL categories, tips, docs and
arguments) is the interface our server must present, identical to Redis's
COMMAND INFO and COMMAND DOCS.  Rather than retype it, this script reads it
from a reference server through redis-cli --json and writes it as C data.

    utils/gen-commands-def.py [port]   (default 6379) > src/commands.def

Each command's handler is referenced by name (getCommand, configGetCommand,
...) and declared weak: a command is served exactly when its handler is
defined somewhere in the server, and populateCommandTable() skips the others.
"""
import json, subprocess, sys, re

port = sys.argv[1] if len(sys.argv) > 1 else "6379"

def cli(*args):
    out = subprocess.check_output(["redis-cli", "-p", port, "--json"] + list(args))
    return json.loads(out)

info = cli("command", "info")
names = sorted(c[0] for c in info)
docs = cli("command", "docs")

def proc_name(fullname):
    parts = re.split(r"[|\-_]", fullname)
    return parts[0].lower() + "".join(p.capitalize() for p in parts[1:]) + "Command"

def cstr(s):
    if s is None:
        return "NULL"
    return json.dumps(s)  # JSON string escapes are valid C for our text

FLAG = {
    "write": "CMD_WRITE", "readonly": "CMD_READONLY", "denyoom": "CMD_DENYOOM",
    "module": "CMD_MODULE", "admin": "CMD_ADMIN", "pubsub": "CMD_PUBSUB",
    "noscript": "CMD_NOSCRIPT", "blocking": "CMD_BLOCKING", "loading": "CMD_LOADING",
    "stale": "CMD_STALE", "skip_monitor": "CMD_SKIP_MONITOR", "skip_slowlog": "CMD_SKIP_SLOWLOG",
    "asking": "CMD_ASKING", "fast": "CMD_FAST", "no_auth": "CMD_NO_AUTH",
    "may_replicate": "CMD_MAY_REPLICATE", "no_mandatory_keys": "CMD_NO_MANDATORY_KEYS",
    "no_async_loading": "CMD_NO_ASYNC_LOADING", "no_multi": "CMD_NO_MULTI",
    "movablekeys": "CMD_MOVABLE_KEYS", "allow_busy": "CMD_ALLOW_BUSY",
}
KEYFLAG = {
    "RO": "CMD_KEY_RO", "RW": "CMD_KEY_RW", "OW": "CMD_KEY_OW", "RM": "CMD_KEY_RM",
    "access": "CMD_KEY_ACCESS", "update": "CMD_KEY_UPDATE", "insert": "CMD_KEY_INSERT",
    "delete": "CMD_KEY_DELETE", "not_key": "CMD_KEY_NOT_KEY", "incomplete": "CMD_KEY_INCOMPLETE",
    "variable_flags": "CMD_KEY_VARIABLE_FLAGS",
}
ARGTYPE = {
    "string": "ARG_TYPE_STRING", "integer": "ARG_TYPE_INTEGER", "double": "ARG_TYPE_DOUBLE",
    "key": "ARG_TYPE_KEY", "pattern": "ARG_TYPE_PATTERN", "unix-time": "ARG_TYPE_UNIX_TIME",
    "pure-token": "ARG_TYPE_PURE_TOKEN", "oneof": "ARG_TYPE_ONEOF", "block": "ARG_TYPE_BLOCK",
}
ARGFLAG = {"optional": "CMD_ARG_OPTIONAL", "multiple": "CMD_ARG_MULTIPLE",
           "multiple_token": "CMD_ARG_MULTIPLE_TOKEN"}
GROUP = lambda g: "COMMAND_GROUP_" + g.upper().replace("-", "_")

def flags_expr(lst, table):
    return "|".join(table[f] for f in lst) if lst else "0"

def ident(fullname):
    return re.sub(r"[^A-Za-z0-9]", "_", fullname.upper())

out = []
procs = set()

def emit_args(prefix, args):
    """Emit a NULL-terminated redisCommandArg array; return its name."""
    name = prefix + "_Args"
    sub_names = []
    for i, a in enumerate(args):
        sub = "NULL"
        if a.get("arguments"):
            sub = emit_args(f"{prefix}_{i}", a["arguments"])
        sub_names.append(sub)
    lines = [f"static redisCommandArg {name}[] = {{"]
    for a, sub in zip(args, sub_names):
        lines.append("    {%s, %s, %d, %s, %s, %s, %s, %s, %s, %s}," % (
            cstr(a["name"]), ARGTYPE[a["type"]], a.get("key_spec_index", -1),
            cstr(a.get("token")), cstr(a.get("summary")), cstr(a.get("since")),
            flags_expr(a.get("flags", []), ARGFLAG), cstr(a.get("deprecated_since")),
            sub, cstr(a.get("display_text"))))
    lines.append("    {0}")
    lines.append("};")
    out.append("\n".join(lines))
    return name

def emit_command(cinfo, cdoc, is_sub):
    full, arity, flags, first, last, step, cats, tips, kspecs, subs = cinfo
    tag = ident(full)
    # Subcommands first.
    subs_name = "NULL"
    if subs:
        sub_entries = []
        for s in sorted(subs, key=lambda x: x[0]):
            sub_entries.append(emit_command(s, cdoc.get("subcommands", {}).get(s[0], {}), True))
        subs_name = tag + "_Subcommands"
        out.append("static redisCommand %s[] = {\n%s\n    {0}\n};" % (subs_name, "\n".join(sub_entries)))
    hist = "NULL"
    if cdoc.get("history"):
        hist = tag + "_History"
        items = ", ".join("%s, %s" % (cstr(v), cstr(d)) for v, d in cdoc["history"])
        out.append(f"static const char *{hist}[] = {{{items}, NULL}};")
    tipsn = "NULL"
    if tips:
        tipsn = tag + "_Tips"
        out.append(f"static const char *{tipsn}[] = {{{', '.join(cstr(t) for t in tips)}, NULL}};")
    ks = "NULL"
    if kspecs:
        ks = tag + "_Keyspecs"
        rows = []
        for k in kspecs:
            bs = k["begin_search"]
            fk = k["find_keys"]
            if bs["type"] == "index":
                bsx = "KSPEC_BS_INDEX, .bs.index = {%d}" % bs["spec"]["index"]
            elif bs["type"] == "keyword":
                bsx = "KSPEC_BS_KEYWORD, .bs.keyword = {%s, %d}" % (cstr(bs["spec"]["keyword"]), bs["spec"]["startfrom"])
            else:
                bsx = "KSPEC_BS_UNKNOWN"
            if fk["type"] == "range":
                fkx = "KSPEC_FK_RANGE, .fk.range = {%d, %d, %d}" % (fk["spec"]["lastkey"], fk["spec"]["keystep"], fk["spec"]["limit"])
            elif fk["type"] == "keynum":
                fkx = "KSPEC_FK_KEYNUM, .fk.keynum = {%d, %d, %d}" % (fk["spec"]["keynumidx"], fk["spec"]["firstkey"], fk["spec"]["keystep"])
            else:
                fkx = "KSPEC_FK_UNKNOWN"
            rows.append("    {.notes = %s, .flags = %s, .begin_search_type = %s, .find_keys_type = %s}," % (
                cstr(k.get("notes")), flags_expr(k["flags"], KEYFLAG), bsx, fkx))
        out.append("static keySpec %s[] = {\n%s\n};" % (ks, "\n".join(rows)))
    args = "NULL"
    if cdoc.get("arguments"):
        args = emit_args(tag, cdoc["arguments"])
    # Containers have a handler too when they may be called bare (COMMAND).
    proc = "NULL" if subs and arity != -1 else proc_name(full)
    if proc != "NULL":
        procs.add(proc)
    fl = flags_expr([f for f in flags if f in FLAG], FLAG)
    if full in ("debug", "module") or full.startswith("module|"):
        fl += "|CMD_PROTECTED"
    docflags = []
    if "deprecated" in cdoc.get("doc_flags", []): docflags.append("CMD_DOC_DEPRECATED")
    if "syscmd" in cdoc.get("doc_flags", []): docflags.append("CMD_DOC_SYSCMD")
    acl = "|".join("ACL_CATEGORY_" + c[1:].upper() for c in cats) or "0"
    declared = full.split("|")[-1]
    entry = ("    {%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %d, %s, %s, %s, %d, NULL, %s, %s, "
             ".legacy_first = %d, .legacy_last = %d, .legacy_step = %d},") % (
        cstr(declared), cstr(cdoc.get("summary")), cstr(cdoc.get("complexity")), cstr(cdoc.get("since")),
        "|".join(docflags) or "CMD_DOC_NONE", cstr(cdoc.get("replaced_by")), cstr(cdoc.get("deprecated_since")),
        GROUP(cdoc.get("group", "generic")), hist, tipsn, proc, arity, fl, acl, ks, len(kspecs), subs_name, args,
        first, last, step)
    return entry

top = []
for c in sorted(info, key=lambda x: x[0]):
    top.append(emit_command(c, docs.get(c[0], {}), False))

print("/* commands.def - the command table: generated by utils/gen-commands-def.py from")
print(" * Redis 7.0's COMMAND INFO and COMMAND DOCS.  The one place where a command's")
print(" * arity, flags, key specs, ACL categories, tips and documentation live; dispatch,")
print(" * COMMAND, ACL and key extraction read it.  Included once, by commands.c. */")
print()
for p in sorted(procs):
    print(f"void {p}(client *c) __attribute__((weak));")
print()
print("\n\n".join(out))
print()
print("redisCommand redisCommandTable[] = {")
print("\n".join(top))
print("    {0}")
print("};")
