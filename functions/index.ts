import { loadConfig } from './config';

/** SCF entry point (`index.main_handler`). */
export async function main_handler(event: unknown): Promise<unknown> {
  const config = loadConfig();
  throw new Error(`backup of ${config.topic} is not implemented in this build (event ${JSON.stringify(event).slice(0, 100)})`);
}
