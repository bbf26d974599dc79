// What an object without offset metadata can be, in the words `ls`, its HTML page and `status` use.

/**
 * An object at a backup key without offset metadata (first-offset, last-offset, record-count, or
 * with values that are not whole numbers). The readers that see only the metadata (`ls`, `status`)
 * cannot tell these apart; `verify` downloads the object and checks what it holds. "Still being
 * written": a multipart object gets its metadata by a copy onto itself once the upload is
 * complete; a run stopped between the two leaves it without, and the backup's next write of that
 * key replaces it.
 */
export const WITHOUT_METADATA_CAUSES = 'damaged, not written by the backup, or still being written';
