package io.enseada.registry.storage.s3;

/** A part uploaded to a multipart upload, as CompleteMultipartUpload must name it. */
record PartRef(int number, String etag) {}
