#!/usr/bin/env python3
"""Fills an Enseada for bench/gc.sh over the distribution API (standard library only).

  gc_fill.py URL USER PASSWORD REPO KEPT_IMAGES LAYERS_PER_IMAGE ORPHANS THREADS

Pushes KEPT_IMAGES images of LAYERS_PER_IMAGE small layers and a config each (tag 1.0 of
REPO/kept-N), whose blobs a collection must keep, and ORPHANS blobs linked into REPO/orphans and
named by no manifest (layers of a push that never finished), which it must delete. Blobs are 64 to
4,160 bytes: the collection's cost is per blob. Prints one JSON line: counts and seconds.
"""
import base64
import hashlib
import http.client
import json
import sys
import threading
import time
import urllib.parse

OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"


def main():
    url, user, password, repo = sys.argv[1:5]
    kept_images, layers, orphans, threads = (int(v) for v in sys.argv[5:9])
    target = urllib.parse.urlsplit(url)
    auth = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
    local = threading.local()

    def connection():
        if getattr(local, "conn", None) is None:
            local.conn = http.client.HTTPConnection(target.hostname, target.port, timeout=60)
        return local.conn

    def request(method, path, body=None, headers=None):
        for attempt in range(3):
            try:
                conn = connection()
                conn.request(method, path, body=body, headers={"Authorization": auth, **(headers or {})})
                response = conn.getresponse()
                data = response.read()
                return response.status, data, response
            except (http.client.HTTPException, OSError):
                local.conn = None
                if attempt == 2:
                    raise

    def blob(name, content):
        digest = "sha256:" + hashlib.sha256(content).hexdigest()
        for attempt in range(6):
            status, data, _ = request("POST", f"/v2/{name}/blobs/uploads/?digest={digest}", content,
                                      {"Content-Type": "application/octet-stream"})
            if status != 503:
                break
            time.sleep(1)  # as clients do: the storage asked to be retried
        if status != 201:
            raise SystemExit(f"upload to {name} answered {status}: {data[:200]!r}")
        return digest, len(content)

    def content(kind, i, j=0):
        head = f"{kind} {i} {j} ".encode()
        return head + hashlib.sha256(head).digest() * (2 + (i * 7 + j) % 128)

    def image(i):
        name = f"{repo}/kept-{i}"
        descriptors = []
        for j in range(layers):
            digest, size = blob(name, content("layer", i, j))
            descriptors.append({"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
                                "digest": digest, "size": size})
        config = json.dumps({"architecture": "amd64", "os": "linux", "image": i}).encode()
        config_digest, config_size = blob(name, config)
        manifest = json.dumps({"schemaVersion": 2, "mediaType": OCI_MANIFEST,
                               "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                                          "digest": config_digest, "size": config_size},
                               "layers": descriptors}).encode()
        status, data, _ = request("PUT", f"/v2/{name}/manifests/1.0", manifest, {"Content-Type": OCI_MANIFEST})
        if status != 201:
            raise SystemExit(f"manifest of {name} answered {status}: {data[:200]!r}")

    def run(work, count):
        failures = []
        next_item = iter(range(count))
        lock = threading.Lock()

        def worker():
            try:
                while True:
                    with lock:
                        i = next(next_item, None)
                    if i is None:
                        return
                    work(i)
            except BaseException as e:  # noqa: BLE001 - reported below
                failures.append(e)

        pool = [threading.Thread(target=worker) for _ in range(threads)]
        for t in pool:
            t.start()
        for t in pool:
            t.join()
        if failures:
            raise failures[0]

    t0 = time.time()
    run(image, kept_images)
    t1 = time.time()
    run(lambda i: blob(f"{repo}/orphans", content("orphan", i)), orphans)
    t2 = time.time()
    print(json.dumps({"kept_blobs": kept_images * (layers + 1), "orphans": orphans,
                      "kept_seconds": round(t1 - t0, 1), "orphan_seconds": round(t2 - t1, 1)}))


if __name__ == "__main__":
    main()
