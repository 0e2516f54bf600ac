#!/usr/bin/env python3
"""Writes one architecture's glibc ABI data file (format: README.md) to standard output.

Reads the dynamic symbol tables of two unpacked glibc builds with readelf: the newest ("new", the
current ABI with every symbol version ever exported) and the last one before glibc 2.34 merged
libpthread, libdl, librt and libutil into libc ("split", which says where those symbols lived).
"""

import argparse
import os
import re
import subprocess
import sys

# glibc 2.34 moved libpthread, libdl, librt and libutil into libc; the old files only keep empty
# placeholder versions from then on.
MERGE_RELEASE = (2, 34)
SPLIT_LIBRARIES = ["libpthread.so.0", "libdl.so.2", "librt.so.1", "libutil.so.1"]
# Libraries the stubs leave out, some of whose symbols libc took over in 2.34 too.
ALSO_MERGED = ["libanl.so.1", "libresolv.so.2"]
TYPES = {"FUNC": "F", "IFUNC": "F", "OBJECT": "O", "TLS": "T"}


def release_of(package_version):
    """'2.36-9+deb12u14' -> (2, 36)."""
    m = re.match(r"(?:\d+:)?(\d+)\.(\d+)", package_version)
    return int(m.group(1)), int(m.group(2))


def glibc_version(name):
    m = re.fullmatch(r"GLIBC_(\d+)\.(\d+)(?:\.(\d+))?", name)
    return None if m is None else tuple(int(g or 0) for g in m.groups())


def text(release):
    return "%d.%d" % release


def find_library(root, multiarch, pattern):
    for d in ("lib/" + multiarch, "usr/lib/" + multiarch, "lib", "usr/lib"):
        base = os.path.join(root, d)
        if os.path.isdir(base):
            for name in sorted(os.listdir(base)):
                if re.fullmatch(pattern, name):
                    return os.path.join(base, name)
    return None


def read_symbols(path):
    """{symbol: {version: (type, size, is_default)}} of the defined, versioned dynamic symbols."""
    real = os.path.realpath(path)
    out = subprocess.run(["readelf", "--dyn-syms", "-W", real], check=True, capture_output=True,
                         text=True).stdout
    symbols = {}
    for line in out.splitlines():
        fields = line.split()
        if len(fields) < 8 or not fields[0].endswith(":") or not fields[0][:-1].isdigit():
            continue
        _, _, size, kind, bind, _, ndx, name = fields[:8]
        if ndx == "UND" or bind == "LOCAL" or "@" not in name:
            continue
        default = "@@" in name
        symbol, version = name.split("@@") if default else name.split("@")
        if version == "GLIBC_PRIVATE" or symbol == version:
            continue
        if kind not in TYPES:
            print("skipping %s@%s of type %s in %s" % (symbol, version, kind, path), file=sys.stderr)
            continue
        size = int(size, 16) if size.startswith("0x") else int(size)
        symbols.setdefault(symbol, {})[version] = (TYPES[kind], size, default)
    return symbols


def version_key(version):
    g = glibc_version(version)
    if g is not None:
        return (0, g, version)
    return (1, tuple(int(p) for p in re.findall(r"\d+", version)), version)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--abi", required=True)
    p.add_argument("--multiarch", required=True)
    p.add_argument("--stat-ver", required=True)
    p.add_argument("--sources", required=True)
    p.add_argument("--new", required=True)
    p.add_argument("--split")
    a = p.parse_args()

    sources = [line.split() for line in open(a.sources) if line.strip()]
    libc_sources = [s for s in sources if s[1].startswith("libc6:")]
    new_release = release_of(libc_sources[0][2])
    split_release = release_of(libc_sources[1][2]) if a.split and len(libc_sources) > 1 else None
    new_id = "%s@%s" % (libc_sources[0][1], libc_sources[0][2])
    gcc_id = next("%s@%s" % (s[1], s[2]) for s in sources if s[1].startswith("libgcc-s1:"))
    split_id = "%s@%s" % (libc_sources[1][1], libc_sources[1][2]) if split_release else None

    loader = r"ld-linux[-a-z0-9_]*\.so\.\d+|ld\.so\.\d+"
    loader_path = find_library(a.new, a.multiarch, loader)
    libraries = [("libc.so.6", a.new, "libc.so.6", new_id),
                 ("libm.so.6", a.new, "libm.so.6", new_id),
                 (os.path.basename(loader_path), a.new, re.escape(os.path.basename(loader_path)), new_id),
                 ("libgcc_s.so.1", a.new, r"libgcc_s\.so\.1", gcc_id)]
    if split_release:
        libraries += [(lib, a.split, re.escape(lib), split_id) for lib in SPLIT_LIBRARIES]

    tables = {}
    for soname, root, pattern, _ in libraries:
        path = find_library(root, a.multiarch, pattern)
        if path is None:
            sys.exit("%s not found under %s" % (soname, root))
        tables[soname] = read_symbols(path)

    # The same libraries as the split snapshot had them, to date entries the newest build has in a
    # library that the older one had elsewhere or not at all.
    old_tables = {}
    old_split_symbols = set()
    if split_release:
        for soname, _, pattern, _ in libraries:
            if soname in SPLIT_LIBRARIES or soname == "libgcc_s.so.1":
                continue
            old_pattern = loader if soname == libraries[2][0] else pattern
            path = find_library(a.split, a.multiarch, old_pattern)
            if path is None:
                sys.exit("%s not found under %s" % (soname, a.split))
            old_tables[soname] = read_symbols(path)
        for lib in SPLIT_LIBRARIES + ALSO_MERGED:
            table = tables.get(lib)
            if table is None:
                path = find_library(a.split, a.multiarch, re.escape(lib))
                if path is None:
                    sys.exit("%s not found under %s" % (lib, a.split))
                table = read_symbols(path)
            for symbol, versions in table.items():
                old_split_symbols.update((symbol, v) for v in versions)

    w = sys.stdout.write
    w("# glibc ABI data for the rust-maven-plugin, architecture %s.\n" % a.abi)
    w("# Generated by tools/glibc-abi/generate.sh from Debian's binaries: do not edit.\n")
    w("# Format: tools/glibc-abi/README.md\n")
    w("format 1\n")
    w("abi %s\n" % a.abi)
    w("release %s\n" % text(new_release))
    w("stat-ver %s\n" % a.stat_ver)
    for s in sources:
        w("source %s\n" % " ".join(s))
    for soname, _, _, origin in libraries:
        until = " until=%s" % text(MERGE_RELEASE) if soname in SPLIT_LIBRARIES else ""
        w("library %s from=%s%s\n" % (soname, origin, until))

    for soname, _, _, _ in libraries:
        w("\n[%s]\n" % soname)
        old = old_tables.get(soname)
        for symbol in sorted(tables[soname]):
            versions = tables[soname][symbol]
            kinds = {v[0] for v in versions.values()}
            if len(kinds) != 1:
                sys.exit("%s in %s has several types: %s" % (symbol, soname, versions))
            parts = [symbol, kinds.pop()]
            sinces = []
            for version in sorted(versions, key=version_key):
                kind, size, _ = versions[version]
                item = version
                if kind != "F":
                    item += ":%d" % size
                g = glibc_version(version)
                if old is not None and g is not None and g[:2] <= split_release \
                        and version not in old.get(symbol, {}):
                    # In the newest build but not in the older one at an old version: moved here.
                    if (symbol, version) in old_split_symbols:
                        item += "+" + text(MERGE_RELEASE)
                        sinces.append(MERGE_RELEASE)
                    else:
                        print("%s: %s@%s is new since %s at an old version" % (soname, symbol, version,
                              text(split_release)), file=sys.stderr)
                        item += "+" + text(new_release)
                        sinces.append(new_release)
                parts.append(item)
            if not any(v[2] for v in versions.values()):
                # No default version any more: only binaries linked earlier can still use it. The
                # earliest release it can have lost its default is the one after the split build
                # when that build still had one, else that build's own release at the latest.
                was_default = old is not None and any(v[2] for v in old.get(symbol, {}).values())
                if old is None:
                    removed = new_release
                elif symbol not in old:
                    # Came here after the split build, already without a default version.
                    removed = min(sinces) if sinces else new_release
                elif was_default:
                    removed = (split_release[0], split_release[1] + 1)
                else:
                    removed = split_release
                parts.append("removed=%s" % text(removed))
            w(" ".join(parts) + "\n")


if __name__ == "__main__":
    main()
