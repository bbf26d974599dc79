import type { CosClient } from '../functions/cos/cos-client';
import { BackupListing, listBackup } from './backup-listing';
import { checkCommonOptions, type CommonOptions } from './common-options';
import { cosClientFor, explainCosError } from './cos-access';

export interface OpenedBackup {
  cos: CosClient;
  listing: BackupListing;
}

/** Checks the options, finds credentials and lists the backup: the first step of every subcommand. */
export async function openBackup(options: CommonOptions): Promise<OpenedBackup> {
  checkCommonOptions(options);
  const cos = cosClientFor(options);
  try {
    const listing = await listBackup(cos, options);
    return { cos, listing };
  } catch (error) {
    throw explainCosError(error, options);
  }
}
