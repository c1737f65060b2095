#!/usr/bin/env python3
"""Helpers of bench/run.sh and bench/proxy.sh (standard library only).

Subcommands:
  freeport N                         print N free loopback ports
  wait-url URL TIMEOUT T0 [any]      poll URL until it answers 200 (any HTTP status with "any");
                                     print seconds since T0 (epoch)
  rss PID                            print "peak_mib current_mib" of PID and its descendants
  oci-layout DIR                     build an OCI image layout (tag 1.0) with a 5 MiB layer; print JSON facts
  maven-files DIR                    build a Maven release (jar, pom, metadata, checksums) under DIR
  npm-package DIR NAME VERSION       write an npm package folder (package.json + ~52 KB of data)
  npm-publish-template OUT           the body of `npm publish` as a template for bench/lua/npm_publish.lua
  check-publish BODY                 check one body npm_publish.lua wrote (with BENCH_DUMP=file)
  blob FILE SIZE SEED                write SIZE pseudo-random bytes; print the sha256 digest
  record ...                         turn one wrk JSON summary into a result line (see --help)
  big-push ...                       upload a large blob in PATCH chunks while sampling the server's RSS
  report RESULTS_JSONL OUT_DIR       print the comparison table, write dated + latest JSON and Markdown
  readme README LATEST_MD            put LATEST_MD under '### Latest results' in README (after its intro)
  maven-layout DIR                   turn a local Maven repository into a remote layout (bench/proxy.sh)
  proxy-report RESULTS_JSONL OUT_DIR the proxy table of bench/proxy.sh: medians, ratios, dated + latest files
"""
import argparse
import base64
import datetime
import hashlib
import http.client
import io
import json
import os
import random
import socket
import statistics
import sys
import threading
import time
import urllib.error
import urllib.parse
import tarfile
import urllib.request
import zipfile
import zlib

MIB = 1024 * 1024


# ---------------------------------------------------------------------------------------------
# small utilities

def cmd_freeport(args):
    socks = []
    for _ in range(args.n):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        socks.append(s)
    print(" ".join(str(s.getsockname()[1]) for s in socks))
    for s in socks:
        s.close()


def cmd_wait_url(args):
    deadline = time.time() + args.timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(args.url, timeout=1) as r:
                if r.status == 200:
                    print("%.3f" % (time.time() - args.t0))
                    return 0
        except urllib.error.HTTPError:
            if args.any == "any":
                print("%.3f" % (time.time() - args.t0))
                return 0
        except Exception:
            pass
        time.sleep(0.005)
    print("timeout", file=sys.stderr)
    return 1


def descendants(pid):
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % entry) as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def status_kib(pid, field):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def rss_of(pid):
    """(peak MiB, current MiB) summed over the process and its descendants (nginx workers)."""
    pids = descendants(pid)
    return (sum(status_kib(p, "VmHWM") for p in pids) / 1024.0,
            sum(status_kib(p, "VmRSS") for p in pids) / 1024.0)


def cmd_rss(args):
    peak, cur = rss_of(args.pid)
    print("%.1f %.1f" % (peak, cur))


def pseudo_random(size, seed):
    rnd = random.Random(seed)
    return rnd.randbytes(size) if hasattr(rnd, "randbytes") else bytes(rnd.getrandbits(8) for _ in range(size))


def cmd_blob(args):
    data = pseudo_random(args.size, args.seed)
    with open(args.file, "wb") as f:
        f.write(data)
    print("sha256:" + hashlib.sha256(data).hexdigest())


# ---------------------------------------------------------------------------------------------
# content

def tar_gz_layer(files, seed):
    import gzip
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name, data in files:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mtime = 0
            info.mode = 0o644
            tar.addfile(info, io.BytesIO(data))
    return gzip.compress(raw.getvalue(), compresslevel=1, mtime=0), raw.getvalue()


def cmd_oci_layout(args):
    root = args.dir
    blobs = os.path.join(root, "blobs", "sha256")
    os.makedirs(blobs, exist_ok=True)

    def put(data):
        digest = hashlib.sha256(data).hexdigest()
        with open(os.path.join(blobs, digest), "wb") as f:
            f.write(data)
        return "sha256:" + digest

    # Three layers: a small one, the 5 MiB one (incompressible, so the gzip layer is ~5 MiB),
    # and a medium one.
    layers = [
        tar_gz_layer([("etc/bench.conf", b"bench=true\n" * 50)], 1),
        tar_gz_layer([("opt/app/data.bin", pseudo_random(5 * MIB - 4096, 2))], 2),
        tar_gz_layer([("opt/app/lib.bin", pseudo_random(256 * 1024, 3))], 3),
    ]
    layer_descs, diff_ids = [], []
    for gz, raw in layers:
        layer_descs.append({"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
                            "digest": put(gz), "size": len(gz)})
        diff_ids.append("sha256:" + hashlib.sha256(raw).hexdigest())
    config = json.dumps({
        "architecture": "amd64", "os": "linux", "created": "2026-01-01T00:00:00Z",
        "config": {"Cmd": ["/opt/app/run"]},
        "rootfs": {"type": "layers", "diff_ids": diff_ids},
        "history": [{"created": "2026-01-01T00:00:00Z", "created_by": "bench"} for _ in layers],
    }, separators=(",", ":")).encode()
    manifest = json.dumps({
        "schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": put(config), "size": len(config)},
        "layers": layer_descs,
    }, separators=(",", ":")).encode()
    manifest_digest = put(manifest)
    with open(os.path.join(root, "oci-layout"), "w") as f:
        json.dump({"imageLayoutVersion": "1.0.0"}, f)
    with open(os.path.join(root, "index.json"), "w") as f:
        json.dump({"schemaVersion": 2, "manifests": [{
            "mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": manifest_digest,
            "size": len(manifest), "annotations": {"org.opencontainers.image.ref.name": "1.0"}}]}, f)
    big = layer_descs[1]
    print(json.dumps({"manifest_digest": manifest_digest, "manifest_size": len(manifest),
                      "big_digest": big["digest"], "big_size": big["size"],
                      "big_file": os.path.join(blobs, big["digest"].split(":")[1])}))


def checksums(path):
    with open(path, "rb") as f:
        data = f.read()
    for algo in ("sha1", "md5"):
        with open(path + "." + algo, "w") as f:
            f.write(hashlib.new(algo, data).hexdigest())


def cmd_maven_files(args):
    """com.example.bench:bench-lib:1.0.0 with a 1 MiB jar, as `mvn deploy` lays it out."""
    group, artifact, version = "com/example/bench", "bench-lib", "1.0.0"
    vdir = os.path.join(args.dir, group, artifact, version)
    os.makedirs(vdir, exist_ok=True)
    jar = os.path.join(vdir, "%s-%s.jar" % (artifact, version))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        z.writestr(zipfile.ZipInfo("META-INF/MANIFEST.MF", (2026, 1, 1, 0, 0, 0)), "Manifest-Version: 1.0\n")
        z.writestr(zipfile.ZipInfo("com/example/bench/data.bin", (2026, 1, 1, 0, 0, 0)),
                   pseudo_random(MIB - 400, 4))
    with open(jar, "wb") as f:
        f.write(buf.getvalue())
    pom = os.path.join(vdir, "%s-%s.pom" % (artifact, version))
    with open(pom, "w") as f:
        f.write("""<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>com.example.bench</groupId>
  <artifactId>%s</artifactId>
  <version>%s</version>
  <packaging>jar</packaging>
</project>
""" % (artifact, version))
    meta = os.path.join(args.dir, group, artifact, "maven-metadata.xml")
    with open(meta, "w") as f:
        f.write("""<?xml version="1.0" encoding="UTF-8"?>
<metadata>
  <groupId>com.example.bench</groupId>
  <artifactId>%s</artifactId>
  <versioning>
    <latest>%s</latest>
    <release>%s</release>
    <versions>
      <version>%s</version>
    </versions>
    <lastUpdated>20260101000000</lastUpdated>
  </versioning>
</metadata>
""" % (artifact, version, version, version))
    for p in (jar, pom, meta):
        checksums(p)
    # Upload order of mvn deploy: artifact files first, then the metadata.
    files = [jar, jar + ".sha1", jar + ".md5", pom, pom + ".sha1", pom + ".md5", meta, meta + ".sha1", meta + ".md5"]
    for p in files:
        print(os.path.relpath(p, args.dir))


def cmd_npm_package(args):
    os.makedirs(args.dir, exist_ok=True)
    with open(os.path.join(args.dir, "package.json"), "w") as f:
        json.dump({"name": args.name, "version": args.version, "description": "Enseada benchmark package",
                   "main": "index.js", "license": "MIT", "files": ["index.js", "data.bin"]}, f, indent=2)
    with open(os.path.join(args.dir, "index.js"), "w") as f:
        f.write("module.exports = 42;\n")
    with open(os.path.join(args.dir, "data.bin"), "wb") as f:
        f.write(pseudo_random(52 * 1024, 5))


def tar_member(name, data):
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), 0, 0o644
    return info.tobuf(format=tarfile.USTAR_FORMAT) + data + b"\0" * (-len(data) % 512)


def cmd_npm_publish_template(args):
    """The body `npm publish` sends, for a new package per request, built by bench/lua/npm_publish.lua.

    The registry checks that the tarball's package/package.json names the package being published,
    so every request needs its own tarball. Its constant part (index.js and ~52 KB of data) is built
    here as gzip "stored" deflate blocks, padded to a multiple of 3 bytes so that its base64 is
    constant too; the Lua script appends package.json (one 2048-byte final stored block: header,
    content padded to 512 bytes, end-of-archive) and the gzip trailer, continuing the CRC-32 from
    the value printed here. dist.shasum and dist.integrity are left out: both are optional, and the
    registries compute them from the bytes.
    """
    raw = tar_member("package/index.js", b"module.exports = 42;\n") + \
        tar_member("package/data.bin", pseudo_random(52 * 1024, 5))
    prefix = bytearray(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03")  # gzip header, no name, mtime 0
    for i in range(0, len(raw), 65535):
        chunk = raw[i:i + 65535]
        prefix += b"\x00" + len(chunk).to_bytes(2, "little") + (len(chunk) ^ 0xFFFF).to_bytes(2, "little") + chunk
    while len(prefix) % 3:
        prefix += b"\x00\x00\x00\xff\xff"  # an empty stored block
    length = len(prefix) + 5 + 2048 + 8
    body = {
        "_id": "@@NAME@@", "name": "@@NAME@@", "description": "Enseada benchmark package",
        "dist-tags": {"latest": "@@VERSION@@"},
        "versions": {"@@VERSION@@": {
            "name": "@@NAME@@", "version": "@@VERSION@@", "description": "Enseada benchmark package",
            "main": "index.js", "license": "MIT", "_id": "@@NAME@@@@@VERSION@@",
            "dist": {"tarball": "@@TARBALL@@"}}},
        "access": None,
        "_attachments": {"@@NAME@@-@@VERSION@@.tgz": {
            "content_type": "application/octet-stream",
            "data": base64.b64encode(bytes(prefix)).decode() + "@@TAIL@@", "length": length}},
    }
    with open(args.out, "w") as f:
        json.dump(body, f, separators=(",", ":"))
    print(zlib.crc32(raw), len(raw))


def cmd_check_publish(args):
    """Checks a body written by npm_publish.lua with BENCH_DUMP: valid gzip and tar, right package.json."""
    with open(args.body) as f:
        body = json.load(f)
    (att_name, att), = body["_attachments"].items()
    tgz = base64.b64decode(att["data"])
    assert len(tgz) == att["length"], (len(tgz), att["length"])
    with tarfile.open(fileobj=io.BytesIO(tgz), mode="r:gz") as tar:
        names = tar.getnames()
        pkg = json.load(tar.extractfile("package/package.json"))
    assert pkg["name"] == body["name"] and att_name == "%s-%s.tgz" % (pkg["name"], pkg["version"]), pkg
    print("ok", body["name"], len(tgz), names)


# ---------------------------------------------------------------------------------------------
# results

def cmd_record(args):
    rec = {"scenario": args.scenario, "system": args.system, "status": args.status}
    if args.note:
        rec["note"] = args.note
    if args.status == "ok":
        with open(args.wrk_json) as f:
            w = json.load(f)
        seconds = w["duration_us"] / 1e6
        ops = w.get("ops")
        if ops is None:
            ops = w["requests"] - w["err_status"]
        rec.update({
            "requests": w["requests"], "seconds": round(seconds, 2),
            "rps": round(w["requests"] / seconds, 1),
            "ops_per_s": round(ops / seconds, 1),
            "mb_per_s": round((ops * args.payload if args.payload else w["bytes"]) / seconds / 1e6, 1),
            "p50_ms": round(w["lat_p50_us"] / 1000, 2), "p99_ms": round(w["lat_p99_us"] / 1000, 2),
            "errors": w["err_connect"] + w["err_read"] + w["err_write"] + w["err_timeout"],
            "non_2xx": w["err_status"], "connections": args.connections,
        })
        if w["requests"] == 0 or rec["non_2xx"] > 0.01 * w["requests"] or (args.payload and ops == 0):
            rec["status"] = "failed"
            if w["requests"] == 0:
                rec["note"] = "no request completed within %.0f s" % seconds
            elif rec["non_2xx"]:
                rec["note"] = "%d of %d responses were not 2xx/3xx" % (rec["non_2xx"], w["requests"])
            else:
                rec["note"] = "no operation completed within %.0f s (%d requests answered)" % (seconds, w["requests"])
    with open(args.out, "a") as f:
        f.write(json.dumps(rec) + "\n")


def cmd_big_push(args):
    """OCI chunked upload: POST, PATCH chunk after chunk (Content-Range), PUT ?digest=; RSS sampled meanwhile."""
    url = urllib.parse.urlsplit(args.base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=300)
    headers = {"Authorization": args.auth} if args.auth else {}
    samples, stop = [], threading.Event()
    start = time.time()

    def sampler():
        while not stop.is_set():
            peak, cur = rss_of(args.pid)
            samples.append((round(time.time() - start, 2), round(cur, 1), round(peak, 1)))
            stop.wait(args.interval)

    baseline_peak, baseline = rss_of(args.pid)
    t = threading.Thread(target=sampler, daemon=True)
    t.start()
    result = {"system": args.system, "size_mib": args.size_mib, "chunk_mib": args.chunk_mib,
              "baseline_rss_mib": round(baseline, 1), "baseline_peak_mib": round(baseline_peak, 1)}
    try:
        conn.request("POST", "/v2/%s/blobs/uploads/" % args.repo, body=b"", headers=headers)
        r = conn.getresponse()
        r.read()
        if r.status != 202:
            raise RuntimeError("POST upload: HTTP %d" % r.status)
        location = r.getheader("Location")
        block = bytearray(pseudo_random(args.chunk_mib * MIB, 7))
        digest = hashlib.sha256()
        offset = 0
        chunks = args.size_mib // args.chunk_mib
        for i in range(chunks):
            block[0:8] = i.to_bytes(8, "big")
            digest.update(block)
            path = urllib.parse.urlsplit(location)
            target = path.path + ("?" + path.query if path.query else "")
            h = dict(headers)
            h.update({"Content-Type": "application/octet-stream",
                      "Content-Range": "%d-%d" % (offset, offset + len(block) - 1),
                      "Content-Length": str(len(block))})
            conn.request("PATCH", target, body=bytes(block), headers=h)
            r = conn.getresponse()
            r.read()
            if r.status != 202:
                raise RuntimeError("PATCH chunk %d: HTTP %d" % (i, r.status))
            location = r.getheader("Location") or location
            offset += len(block)
        path = urllib.parse.urlsplit(location)
        sep = "&" if path.query else "?"
        target = path.path + ("?" + path.query if path.query else "") + sep + "digest=sha256:" + digest.hexdigest()
        conn.request("PUT", target, body=b"", headers=dict(headers, **{"Content-Length": "0"}))
        r = conn.getresponse()
        r.read()
        if r.status != 201:
            raise RuntimeError("PUT digest: HTTP %d" % r.status)
        result["status"] = "ok"
    except Exception as e:  # reported, not raised: the run goes on
        result["status"] = "failed"
        result["note"] = str(e)
    elapsed = time.time() - start
    stop.set()
    t.join()
    peak, cur = rss_of(args.pid)
    samples.append((round(elapsed, 2), round(cur, 1), round(peak, 1)))
    during = [s[1] for s in samples]
    result.update({
        "seconds": round(elapsed, 2),
        "mb_per_s": round(args.size_mib * MIB / elapsed / 1e6, 1) if result["status"] == "ok" else None,
        "peak_rss_mib": round(max(s[2] for s in samples), 1),
        "max_sampled_rss_mib": round(max(during), 1),
        "rss_growth_mib": round(max(during) - baseline, 1),
        # a handful of samples spread over the upload, for the report
        "samples": [samples[int(i * (len(samples) - 1) / 5)] for i in range(6)],
    })
    print(json.dumps(result))


TARGETS = [
    # scenario, title, peer, metric, target ratio (None: no target, reported for comparison)
    ("oci-manifest-get", "OCI manifest GET by tag", "distribution", "rps", 1.5),
    ("oci-blob-get", "OCI 5 MiB blob GET", "nginx", "mb_per_s", 0.9),
    ("oci-blob-get", "OCI 5 MiB blob GET", "distribution", "mb_per_s", None),
    ("oci-blob-upload", "OCI monolithic blob upload (1 MiB, POST+PUT)", "distribution", "ops_per_s", None),
    ("npm-packument-full", "npm packument GET (full)", "verdaccio", "rps", 5.0),
    ("npm-packument-abbrev", "npm packument GET (abbreviated)", "verdaccio", "rps", 5.0),
    ("npm-tarball-get", "npm tarball GET (~53 KB)", "verdaccio", "rps", 2.0),
    ("npm-publish", "npm publish (new package, ~57 KB tarball)", "verdaccio", "ops_per_s", None),
    ("maven-artifact-get", "Maven artifact GET (1 MiB jar)", "nginx", "rps", 0.8),
    ("maven-metadata-get", "maven-metadata.xml GET", "nginx", "rps", 0.5),
    ("maven-deploy", "Maven deploy (PUT of a new 128 KiB jar)", "nginx", "ops_per_s", None),
]
UNITS = {"rps": "req/s", "ops_per_s": "ops/s", "mb_per_s": "MB/s"}
ENSEADAS = [("enseada", "Enseada embedded"), ("enseada-s3", "Enseada S3+CouchDB")]


def fmt(v, digits=0):
    if v is None:
        return "—"
    if isinstance(v, float) and digits == 0 and v >= 100:
        return "{:,.0f}".format(v)
    return "{:,.{d}f}".format(v, d=max(digits, 1 if v < 100 else 0))


def cmd_report(args):
    records, servers, big, startup, meta = {}, {}, [], [], {}
    with open(args.results) as f:
        for line in f:
            rec = json.loads(line)
            kind = rec.pop("kind", "scenario")
            if kind == "scenario":
                records[(rec["scenario"], rec["system"])] = rec
            elif kind == "server":
                servers[rec["system"]] = rec
            elif kind == "big-push":
                big.append(rec)
            elif kind == "startup":
                startup.append(rec)
            elif kind == "meta":
                meta.update(rec)

    notes = []

    def cell(rec, metric):
        if rec is None:
            return "not run", None
        if rec["status"] != "ok":
            note = rec.get("note")
            if not note:
                return rec["status"], None
            if note not in notes:
                notes.append(note)
            return "%s [%d]" % (rec["status"], notes.index(note) + 1), None
        v = rec[metric]
        return "%s (p50 %s / p99 %s ms)" % (fmt(v), fmt(rec["p50_ms"], 1), fmt(rec["p99_ms"], 1)), v

    rows, md = [], []
    md.append("| scenario | metric | peer | peer | Enseada embedded | ratio | Enseada S3+CouchDB | ratio | target |")
    md.append("|---|---|---|---|---|---|---|---|---|")
    for scenario, title, peer, metric, target in TARGETS:
        peer_txt, peer_v = cell(records.get((scenario, peer)), metric)
        row = {"scenario": scenario, "title": title, "metric": metric, "peer": peer, "peer_value": peer_v,
               "target_ratio": target}
        cols = []
        for system, _ in ENSEADAS:
            rec = records.get((scenario, system))
            txt, v = cell(rec, metric)
            ratio = round(v / peer_v, 2) if v is not None and peer_v else None
            row[system] = {"value": v, "ratio": ratio, "status": rec["status"] if rec else "not run"}
            cols += [txt, ("%.2f×" % ratio) if ratio is not None else "—"]
        if target is None:
            tgt = "(comparison)"
        else:
            r = row["enseada"]["ratio"]
            tgt = "≥ %g× %s" % (target, "✅" if r is not None and r >= target else ("❌" if r is not None else ""))
        rows.append(row)
        md.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            title, UNITS[metric], peer, peer_txt, cols[0], cols[1], cols[2], cols[3], tgt.strip()))

    for i, note in enumerate(notes):
        md.append("%s[%d] %s" % ("\n" if i == 0 else "", i + 1, note))
    md.append("")
    md.append("| server | start to ready | peak RSS (VmHWM) under the whole load |")
    md.append("|---|---|---|")
    for system in ("distribution", "verdaccio", "nginx", "enseada", "enseada-s3", "s3proxy", "pouchdb-server"):
        s = servers.get(system)
        if s:
            md.append("| %s | %s | %s |" % (system, ("%.2f s" % s["startup_s"]) if s.get("startup_s") is not None else "—",
                                           ("%.0f MiB" % s["peak_rss_mib"]) if s.get("peak_rss_mib") else "—"))
    if startup:
        times = sorted(r["seconds"] for r in startup if r.get("seconds") is not None)
        if times:
            med = statistics.median(times)
            md.append("")
            md.append("Enseada start to ready on embedded defaults (fresh data directory, %d start%s): median %.2f s, "
                      "min %.2f s, max %.2f s — target ≤ 1.5 s %s" % (
                          len(times), "" if len(times) == 1 else "s", med, times[0], times[-1],
                          "✅" if med <= 1.5 else "❌"))
    ens = servers.get("enseada")
    if ens and ens.get("peak_rss_mib"):
        md.append("")
        md.append("Enseada embedded peak RSS under the whole load: %.0f MiB — target ≤ 300 MiB %s" % (
            ens["peak_rss_mib"], "✅" if ens["peak_rss_mib"] <= 300 else "❌"))
    for b in big:
        md.append("")
        if b.get("status") != "ok":
            md.append("Large push to %s: %s%s" % (b["system"], b.get("status"), (" (%s)" % b["note"]) if b.get("note") else ""))
            continue
        md.append("Large push to %s (%s): %d MiB in %d MiB PATCH chunks at %.0f MB/s; RSS before %.0f MiB, "
                  "max sampled %.0f MiB (growth %.0f MiB), peak %.0f MiB; samples (s, RSS MiB): %s" % (
                      b["system"], b.get("jvm", ""), b["size_mib"], b["chunk_mib"], b["mb_per_s"], b["baseline_rss_mib"],
                      b["max_sampled_rss_mib"], b["rss_growth_mib"], b["peak_rss_mib"],
                      ", ".join("%.1f: %.0f" % (s[0], s[1]) for s in b["samples"])))
    header = "Run %s, mode %s, %s per scenario after %s warm-up, wrk %s threads / %s connections (writes: %s)" % (
        meta.get("date", "?"), meta.get("mode", "?"), meta.get("duration", "?"), meta.get("warmup", "?"),
        meta.get("threads", "?"), meta.get("connections", "?"), meta.get("write_connections", "?"))
    if meta.get("profile"):
        header += "; Enseadas recorded with JFR (--profile)"
    if meta.get("enseada_java_opts"):
        header += "; Enseada JVM flags: " + meta["enseada_java_opts"]
    machine = "Machine: %s cores, %s MiB RAM, load average %s at start and %s at end; commit %s" % (
        meta.get("cores", "?"), meta.get("mem_mib", "?"), meta.get("load_start", "?"), meta.get("load_end", "?"),
        meta.get("commit", "?"))
    text = "\n".join([header, machine, ""] + md) + "\n"
    print(text)
    os.makedirs(args.out_dir, exist_ok=True)
    stamp = meta.get("stamp") or datetime.datetime.now().strftime("%Y%m%dT%H%M%S")
    doc = {"meta": meta, "table": rows, "results": list(records.values()), "servers": servers,
           "startup": startup, "big_push": big}
    for name in ("%s-%s" % (stamp, meta.get("mode", "run")), "latest"):
        with open(os.path.join(args.out_dir, name + ".json"), "w") as f:
            json.dump(doc, f, indent=2)
        with open(os.path.join(args.out_dir, name + ".md"), "w") as f:
            f.write("# Enseada benchmark\n\n" + text)


def cmd_readme(args):
    """Replaces the tables under '### Latest results' in README.md (up to the next heading) with LATEST_MD,
    keeping the intro paragraph."""
    with open(args.readme) as f:
        readme = f.read()
    with open(args.latest) as f:
        latest = f.read().split("\n", 2)[2].strip()  # without the '# Enseada benchmark' title
    start = readme.index("### Latest results\n")
    body_start = readme.index("\n\n", readme.index("\n\n", start) + 2) + 2  # after the intro paragraph
    ends = [i for i in (readme.find("\n## ", start + 1), readme.find("\n### ", start + 1)) if i >= 0]
    end = min(ends)
    with open(args.readme, "w") as f:
        f.write(readme[:body_start] + latest + "\n" + readme[end:])


# ---------------------------------------------------------------------------------------------
# bench/proxy.sh

LOCAL_REPO_FILES = ("_remote.repositories", "resolver-status.properties")


def cmd_maven_layout(args):
    """Drops what only a local repository has (origin markers, failed-download markers, per-remote
    metadata) and gives every file a .sha1 (computed where the build's repository had none, or a
    wrong one), so that a client with checksumPolicy=fail accepts the layout."""
    written = 0
    for folder, _, files in os.walk(args.dir):
        for name in files:
            path = os.path.join(folder, name)
            if name in LOCAL_REPO_FILES or name.endswith(".lastUpdated") or name.startswith("maven-metadata-"):
                os.remove(path)
    for folder, _, files in os.walk(args.dir):
        for name in files:
            if name.endswith((".sha1", ".md5", ".sha256", ".sha512", ".asc")):
                continue
            path = os.path.join(folder, name)
            with open(path, "rb") as f:
                digest = hashlib.sha1(f.read()).hexdigest()
            try:
                with open(path + ".sha1") as f:
                    if f.read().split()[0].lower() == digest:
                        continue
            except (OSError, IndexError):
                pass
            with open(path + ".sha1", "w") as f:
                f.write(digest)
            written += 1
    print("maven-layout: %d .sha1 files written" % written, file=sys.stderr)


PROXY_ROWS = [
    # scenario, title, proxy, peer, phase of the peer, goal: proxy value <= peer value * factor
    ("npm-ci", "npm ci, cold", "enseada", "upstream", "direct", "cold", 1.2),
    ("npm-ci", "npm ci, cold", "verdaccio", "upstream", "direct", "cold", None),
    ("npm-ci", "npm ci, cold, running server", "enseada", "upstream", "direct", "purged", 1.2),
    ("npm-ci", "npm ci, warm", "enseada", "verdaccio", "warm", "warm", 0.5),
    ("npm-ci", "npm ci, warm", "enseada", "upstream", "direct", "warm", None),
    ("npm-ci", "npm ci, warm", "verdaccio", "upstream", "direct", "warm", None),
    ("npm-ci", "npm ci, cold", "enseada", "verdaccio", "cold", "cold", None),
    ("mvn-resolve", "mvn dependency:resolve, cold", "enseada", "nginx", "direct", "cold", 1.2),
    ("mvn-resolve", "mvn dependency:resolve, cold, running server", "enseada", "nginx", "direct", "purged", 1.2),
    ("mvn-resolve", "mvn dependency:resolve, warm", "enseada", "nginx", "direct", "warm", None),
]


def cmd_proxy_report(args):
    times, meta, servers = {}, {}, {}
    with open(args.results) as f:
        for line in f:
            rec = json.loads(line)
            kind = rec.pop("kind")
            if kind == "install":
                times.setdefault((rec["scenario"], rec["system"], rec["phase"]), []).append(rec["seconds"])
            elif kind == "meta":
                meta.update(rec)
            elif kind == "server":
                servers[rec["system"]] = max(servers.get(rec["system"], 0), rec.get("peak_rss_mib") or 0)

    def summary(key):
        runs = times.get(key, [])
        ok = sorted(t for t in runs if t is not None)
        return {"median": statistics.median(ok) if ok else None, "runs": runs, "failed": len(runs) - len(ok)}

    def cell(s):
        if s["median"] is None:
            return "failed" if s["runs"] else "not run"
        spread = ""
        ok = [t for t in s["runs"] if t is not None]
        if len(ok) > 1:
            spread = " (%.1f–%.1f)" % (min(ok), max(ok))
        return "%.1f s%s%s" % (s["median"], spread, (", %d failed" % s["failed"]) if s["failed"] else "")

    md = ["| client, proxy cache | through | seconds (median, range) | compared with | seconds | time ratio | speed-up | goal |",
          "|---|---|---|---|---|---|---|---|"]
    rows = []
    for scen, title, proxy, peer, peer_phase, phase, goal in PROXY_ROWS:
        a, b = summary((scen, proxy, phase)), summary((scen, peer, peer_phase))
        ratio = round(a["median"] / b["median"], 2) if a["median"] and b["median"] else None
        if goal is None:
            verdict = "(comparison)"
        elif ratio is None:
            verdict = "not measured"
        elif goal < 1:
            verdict = "≥ %g× faster %s" % (1 / goal, "✅" if ratio <= goal else "❌")
        else:
            verdict = "within %g× %s" % (goal, "✅" if ratio <= goal else "❌")
        peer_label = peer + ("" if peer_phase == "direct" else " " + peer_phase)
        md.append("| %s | %s | %s | %s | %s | %s | %s | %s |" % (
            title, proxy, cell(a), peer_label, cell(b), ("%.2f×" % ratio) if ratio else "—",
            ("%.2f×" % (1 / ratio)) if ratio else "—", verdict))
        rows.append({"scenario": scen, "phase": phase, "system": proxy, "seconds": a, "peer": peer,
                     "peer_phase": peer_phase, "peer_seconds": b, "time_ratio": ratio, "goal_time_ratio": goal})
    header = ("Proxy run %s, %s round(s), each with fresh proxy caches and every client cache empty; npm ci of %s "
              "packages (npm %s, Node %s), mvn dependency:resolve of %s jars (%s); Enseada JVM flags: %s" % (
                  meta.get("date", "?"), meta.get("rounds", "?"), meta.get("npm_packages", "?"), meta.get("npm", "?"),
                  meta.get("node", "?"), meta.get("maven_jars", "?"), meta.get("maven", "?"),
                  meta.get("enseada_java_opts", "?")))
    machine = "Machine: %s cores, %s MiB RAM, load average %s at start and %s at end; commit %s" % (
        meta.get("cores", "?"), meta.get("mem_mib", "?"), meta.get("load_start", "?"), meta.get("load_end", "?"),
        meta.get("commit", "?"))
    rss = ", ".join("%s %.0f MiB" % (k, v) for k, v in sorted(servers.items()) if v)
    text = "\n".join([header, machine, ""] + md + ["", "Time ratio: the first system's median over the second's "
                                                     "(below 1: faster). Peak RSS (VmHWM): " + (rss or "—")]) + "\n"
    print(text)
    os.makedirs(args.out_dir, exist_ok=True)
    stamp = meta.get("stamp") or datetime.datetime.now().strftime("%Y%m%dT%H%M%S")
    doc = {"meta": meta, "table": rows, "peak_rss_mib": servers}
    for name in ("%s-proxy" % stamp, "latest-proxy"):
        with open(os.path.join(args.out_dir, name + ".json"), "w") as f:
            json.dump(doc, f, indent=2)
        with open(os.path.join(args.out_dir, name + ".md"), "w") as f:
            f.write("# Enseada proxy benchmark\n\n" + text)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("freeport"); s.add_argument("n", type=int); s.set_defaults(f=cmd_freeport)
    s = sub.add_parser("wait-url"); s.add_argument("url"); s.add_argument("timeout", type=float)
    s.add_argument("t0", type=float); s.add_argument("any", nargs="?", default="")
    s.set_defaults(f=cmd_wait_url)
    s = sub.add_parser("rss"); s.add_argument("pid", type=int); s.set_defaults(f=cmd_rss)
    s = sub.add_parser("blob"); s.add_argument("file"); s.add_argument("size", type=int)
    s.add_argument("seed", type=int); s.set_defaults(f=cmd_blob)
    s = sub.add_parser("oci-layout"); s.add_argument("dir"); s.set_defaults(f=cmd_oci_layout)
    s = sub.add_parser("maven-files"); s.add_argument("dir"); s.set_defaults(f=cmd_maven_files)
    s = sub.add_parser("npm-package"); s.add_argument("dir"); s.add_argument("name"); s.add_argument("version")
    s.set_defaults(f=cmd_npm_package)
    s = sub.add_parser("npm-publish-template"); s.add_argument("out")
    s.set_defaults(f=cmd_npm_publish_template)
    s = sub.add_parser("check-publish"); s.add_argument("body"); s.set_defaults(f=cmd_check_publish)
    s = sub.add_parser("record")
    for a in ("--out", "--scenario", "--system", "--status"):
        s.add_argument(a, required=True)
    s.add_argument("--wrk-json"); s.add_argument("--note")
    s.add_argument("--payload", type=int, default=0, help="bytes sent per successful operation (writes)")
    s.add_argument("--connections", type=int, default=0)
    s.set_defaults(f=cmd_record)
    s = sub.add_parser("big-push")
    s.add_argument("--base", required=True); s.add_argument("--repo", required=True)
    s.add_argument("--pid", type=int, required=True); s.add_argument("--system", required=True)
    s.add_argument("--auth", default=""); s.add_argument("--size-mib", type=int, default=1024)
    s.add_argument("--chunk-mib", type=int, default=16); s.add_argument("--interval", type=float, default=0.25)
    s.set_defaults(f=cmd_big_push)
    s = sub.add_parser("readme"); s.add_argument("readme"); s.add_argument("latest"); s.set_defaults(f=cmd_readme)
    s = sub.add_parser("report"); s.add_argument("results"); s.add_argument("out_dir"); s.set_defaults(f=cmd_report)
    s = sub.add_parser("maven-layout"); s.add_argument("dir"); s.set_defaults(f=cmd_maven_layout)
    s = sub.add_parser("proxy-report"); s.add_argument("results"); s.add_argument("out_dir")
    s.set_defaults(f=cmd_proxy_report)
    args = p.parse_args()
    sys.exit(args.f(args) or 0)


if __name__ == "__main__":
    main()
