import { createPrivateKey } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { accessClaims, signToken } from './common.js';

/** A worker thread that signs batches of distinct tokens, so minting uses both cores. */
interface MintRequest {
  id: number;
  count: number;
}

const { privateKeyPem, kid } = workerData as { privateKeyPem: string; kid: string };
const privateKey = createPrivateKey(privateKeyPem);

parentPort!.on('message', ({ id, count }: MintRequest) => {
  const now = Math.floor(Date.now() / 1000);
  const lines: string[] = [];
  for (let i = 0; i < count; i++) lines.push(signToken(accessClaims(now), kid, privateKey));
  parentPort!.postMessage({ id, text: `${lines.join('\n')}\n` });
});
