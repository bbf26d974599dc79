// The first step of every subcommand, in one place: check the options, find credentials and list
// the backup.
import type { CosClient } from '../../clients/cos';
import { BackupListing, listBackup } from './backup-listing';
import { checkCommonOptions, type CommonOptions } from './backup-options';
import { cosClientFor } from './cos-access';

export interface OpenedBackup {
  cos: CosClient;
  listing: BackupListing;
}

/** Checks the options, finds credentials and lists the backup: the first step of every subcommand. */
export async function openBackup(options: CommonOptions): Promise<OpenedBackup> {
  checkCommonOptions(options);
  const cos = cosClientFor(options);
  return { cos, listing: await listBackup(cos, options) };
}
