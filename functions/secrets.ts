// The SASL password, read from Secrets Manager at cold start, so that the function's configuration
// holds only the secret's name.
import { ssmClient } from './cloud-api';
import { CloudCredentials } from '../clients';

/**
 * Reads the newest version of a user secret from Secrets Manager. User secrets have no
 * "current" alias, so the newest version is found first (by creation time).
 */
export async function readLatestSecret(
  secretName: string,
  region: string,
  credentials: CloudCredentials,
  endpoint: string,
): Promise<string> {
  const client = await ssmClient(region, credentials, endpoint);
  try {
    const { Versions = [] } = await client.ListSecretVersionIds({ SecretName: secretName });
    const newest = [...Versions].sort((a, b) => (b.CreateTime ?? 0) - (a.CreateTime ?? 0))[0];
    if (!newest?.VersionId) throw new Error('the secret has no version');
    const { SecretString } = await client.GetSecretValue({ SecretName: secretName, VersionId: newest.VersionId });
    if (!SecretString) throw new Error(`version ${newest.VersionId} holds no text value`);
    return SecretString;
  } catch (error) {
    throw new Error(
      `cannot read the SASL password from SSM secret "${secretName}" in ${region}: ${(error as Error).message}`,
      { cause: error },
    );
  }
}
