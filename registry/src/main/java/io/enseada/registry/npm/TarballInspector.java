package io.enseada.registry.npm;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Finds {@code package/package.json} in a gzip-compressed tarball while its bytes stream past,
 * pushed in by the publish decoder: no second pass over the stored blob, no temp file. It stops
 * looking once the file is found, but inflates to the end to know the unpacked size. A broken
 * archive is remembered, not thrown, so the publish can refuse it with one clear message after the
 * upload; an archive that unpacks past a cap (a compression bomb) is refused at once, so that no
 * more of it is read or inflated.
 */
final class TarballInspector {
    static final int MAX_PACKAGE_JSON = 1 << 20;
    /** The most a package may unpack to; every client that installs it writes this much. */
    static final long MAX_UNPACKED = 1L << 30;
    /** How far into the unpacked archive package.json may be; the CLI's pack puts it first. */
    static final long MAX_BEFORE_PACKAGE_JSON = 256L << 20;

    private static final int BLOCK = 512;
    private static final int MAX_HEADER_BYTES = 64 * 1024;

    private final ByteArrayOutputStream gzipHeader = new ByteArrayOutputStream();
    private final Inflater inflater = new Inflater(true);
    private final byte[] buffer = new byte[16 * 1024];
    private final byte[] header = new byte[BLOCK];
    private int headerFill;
    private long remaining;
    private long padding;
    private boolean headerDone;
    private ByteArrayOutputStream capture;
    private boolean captureIsPax;
    private boolean captureIsLongName;
    private String nextPath;
    private byte[] packageJson;
    private String problem;
    private boolean finished;
    private boolean inflated;
    private long unpacked;
    private final long maxUnpacked;
    private final long maxBeforePackageJson;

    TarballInspector() {
        this(MAX_UNPACKED, MAX_BEFORE_PACKAGE_JSON);
    }

    TarballInspector(long maxUnpacked, long maxBeforePackageJson) {
        this.maxUnpacked = maxUnpacked;
        this.maxBeforePackageJson = maxBeforePackageJson;
    }

    /**
     * Feeds the next compressed bytes.
     *
     * @throws NpmException when the archive unpacks past a cap
     */
    void write(byte[] bytes, int offset, int length) {
        if (inflated || length == 0) {
            return;
        }
        try {
            if (!headerDone) {
                gzipHeader.write(bytes, offset, length);
                byte[] buffered = gzipHeader.toByteArray();
                int start = gzipHeaderLength(buffered);
                if (start < 0) {
                    if (buffered.length > MAX_HEADER_BYTES) {
                        fail("the tarball is not gzip-compressed");
                    }
                    return;
                }
                headerDone = true;
                inflate(buffered, start, buffered.length - start);
            } else {
                inflate(bytes, offset, length);
            }
        } catch (DataFormatException e) {
            fail("the tarball is not valid gzip data");
            inflated = true;
        }
    }

    /** The archive's {@code package.json}, or null when it was not found. */
    byte[] packageJson() {
        return packageJson;
    }

    /** Why the archive could not be read, or null. */
    String problem() {
        if (problem == null && packageJson == null) {
            return "the tarball has no package/package.json";
        }
        return problem;
    }

    void close() {
        inflater.end();
    }

    private void inflate(byte[] bytes, int offset, int length) throws DataFormatException {
        inflater.setInput(bytes, offset, length);
        while (!inflated && !inflater.needsInput()) {
            int n = inflater.inflate(buffer);
            if (n == 0 && inflater.needsDictionary()) {
                throw new DataFormatException("dictionary");
            }
            unpacked += n;
            refuseBomb();
            if (!finished) {
                tar(buffer, n);
            }
            inflated = inflater.finished();
        }
    }

    private void refuseBomb() {
        if (unpacked > maxUnpacked) {
            throw NpmException.tooLarge("the tarball unpacks to more than " + maxUnpacked
                    + " bytes, the most this registry accepts for a package");
        }
        if (packageJson == null && problem == null && unpacked > maxBeforePackageJson) {
            throw NpmException.badRequest("the tarball has no package/package.json in its first " + maxBeforePackageJson
                    + " unpacked bytes; npm pack puts it first");
        }
    }

    private void tar(byte[] bytes, int length) {
        int i = 0;
        while (i < length && !finished) {
            if (remaining > 0) {
                int n = (int) Math.min(remaining, length - i);
                if (capture != null) {
                    capture.write(bytes, i, n);
                }
                remaining -= n;
                i += n;
                if (remaining == 0) {
                    entryDone();
                }
            } else if (padding > 0) {
                int n = (int) Math.min(padding, length - i);
                padding -= n;
                i += n;
            } else {
                int n = Math.min(BLOCK - headerFill, length - i);
                System.arraycopy(bytes, i, header, headerFill, n);
                headerFill += n;
                i += n;
                if (headerFill == BLOCK) {
                    headerFill = 0;
                    entryStarts();
                }
            }
        }
    }

    private void entryStarts() {
        if (allZero(header)) {
            finish();
            return;
        }
        long size = octal(header, 124, 12);
        if (size < 0) {
            fail("the tarball has a corrupt entry header");
            return;
        }
        char type = (char) header[156];
        String path = nextPath != null ? nextPath : headerPath();
        nextPath = null;
        remaining = size;
        padding = (BLOCK - size % BLOCK) % BLOCK;
        capture = null;
        captureIsPax = type == 'x';
        captureIsLongName = type == 'L';
        boolean regular = type == '0' || type == '\0' || type == '7';
        boolean wanted = regular && isRootPackageJson(path);
        if (wanted && size > MAX_PACKAGE_JSON) {
            fail("package.json in the tarball is larger than " + MAX_PACKAGE_JSON + " bytes");
            return;
        }
        if (wanted || ((captureIsPax || captureIsLongName) && size <= MAX_HEADER_BYTES)) {
            capture = new ByteArrayOutputStream((int) size);
        }
        if (size == 0) {
            entryDone();
        }
    }

    private void entryDone() {
        if (capture == null) {
            return;
        }
        byte[] data = capture.toByteArray();
        capture = null;
        if (captureIsPax) {
            nextPath = paxPath(new String(data, StandardCharsets.UTF_8));
        } else if (captureIsLongName) {
            nextPath = cString(data, 0, data.length);
        } else {
            packageJson = data;
            finish();
        }
    }

    /** {@code package/package.json}: exactly one directory level, whatever the folder is called. */
    private static boolean isRootPackageJson(String path) {
        String p = path.startsWith("./") ? path.substring(2) : path;
        int slash = p.indexOf('/');
        return slash > 0 && p.substring(slash + 1).equals("package.json");
    }

    private String headerPath() {
        String name = cString(header, 0, 100);
        boolean ustar = new String(header, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
        String prefix = ustar ? cString(header, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static String paxPath(String records) {
        for (String record : records.split("\n")) {
            int space = record.indexOf(' ');
            String keyValue = space < 0 ? record : record.substring(space + 1);
            if (keyValue.startsWith("path=")) {
                return keyValue.substring(5);
            }
        }
        return null;
    }

    private static String cString(byte[] bytes, int offset, int max) {
        int end = offset;
        while (end < offset + max && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] bytes, int offset, int length) {
        long value = 0;
        boolean digits = false;
        for (int i = offset; i < offset + length; i++) {
            byte b = bytes[i];
            if (b >= '0' && b <= '7') {
                value = value * 8 + (b - '0');
                digits = true;
            } else if (b == 0 || b == ' ') {
                if (digits) {
                    break;
                }
            } else {
                return -1;
            }
        }
        return value;
    }

    private static boolean allZero(byte[] bytes) {
        for (byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /** The length of a complete gzip member header at the start of {@code b}, or -1 when more bytes are needed. */
    private int gzipHeaderLength(byte[] b) {
        if (b.length >= 2 && ((b[0] & 0xff) != 0x1f || (b[1] & 0xff) != 0x8b)) {
            fail("the tarball is not gzip-compressed");
            return -1;
        }
        if (b.length < 10) {
            return -1;
        }
        if (b[2] != 8) {
            fail("the tarball uses an unknown compression method");
            return -1;
        }
        int flags = b[3] & 0xff;
        int pos = 10;
        if ((flags & 4) != 0) {
            if (b.length < pos + 2) {
                return -1;
            }
            pos += 2 + ((b[pos] & 0xff) | (b[pos + 1] & 0xff) << 8);
        }
        for (int bit : new int[] {8, 16}) {
            if ((flags & bit) != 0) {
                while (pos < b.length && b[pos] != 0) {
                    pos++;
                }
                pos++;
            }
        }
        if ((flags & 2) != 0) {
            pos += 2;
        }
        return pos <= b.length ? pos : -1;
    }

    private void fail(String message) {
        if (problem == null) {
            problem = message;
        }
        finish();
        inflated = true;
    }

    private void finish() {
        finished = true;
        capture = null;
    }
}
