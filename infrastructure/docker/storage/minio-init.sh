#!/bin/sh
# Creates the lake bucket and the application's S3 user, limited to that bucket (idempotent).
# The root credentials stay with MinIO and this step; the services get CITYPULSE_S3_ACCESS_KEY/SECRET_KEY.
set -eu
mc alias set citypulse http://minio:9000 "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD" >/dev/null
mc mb --ignore-existing "citypulse/$CITYPULSE_S3_BUCKET"

cat > /tmp/citypulse-lake-rw.json <<JSON
{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": ["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"],
     "Resource": ["arn:aws:s3:::$CITYPULSE_S3_BUCKET"]},
    {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload",
                                   "s3:ListMultipartUploadParts"],
     "Resource": ["arn:aws:s3:::$CITYPULSE_S3_BUCKET/*"]}
  ]
}
JSON
mc admin policy create citypulse citypulse-lake-rw /tmp/citypulse-lake-rw.json
mc admin user add citypulse "$CITYPULSE_S3_ACCESS_KEY" "$CITYPULSE_S3_SECRET_KEY"
# Attaching an already attached policy is an error in mc: check first so a re-run succeeds.
if ! mc admin user info citypulse "$CITYPULSE_S3_ACCESS_KEY" | grep -q 'citypulse-lake-rw'; then
  mc admin policy attach citypulse citypulse-lake-rw --user "$CITYPULSE_S3_ACCESS_KEY"
fi
echo "minio-init: bucket $CITYPULSE_S3_BUCKET and user $CITYPULSE_S3_ACCESS_KEY ready"
