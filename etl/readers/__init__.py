"""One reader per dataset: table rows in, validated records (and pinned problems) out."""
